import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary } from './launch.ts';

let root: string;
beforeEach(async () => { root = await mkdtemp(path.join(os.tmpdir(), 'tributary-launch-')); });
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

describe('npm start picks Electron only when its binary is really there', () => {
  it('no path.txt (the download never happened): browser mode', async () => {
    await mkdir(path.join(root, 'node_modules/electron'), { recursive: true });
    expect(electronBinary(root)).toBeUndefined();
  });

  it('path.txt naming a missing file (a half download): browser mode', async () => {
    await mkdir(path.join(root, 'node_modules/electron'), { recursive: true });
    await writeFile(path.join(root, 'node_modules/electron/path.txt'), 'electron');
    expect(electronBinary(root)).toBeUndefined();
  });

  it('path.txt naming an existing binary: Electron', async () => {
    await mkdir(path.join(root, 'node_modules/electron/dist'), { recursive: true });
    await writeFile(path.join(root, 'node_modules/electron/path.txt'), 'electron\n');
    await writeFile(path.join(root, 'node_modules/electron/dist/electron'), '');
    expect(electronBinary(root)).toBe(path.join(root, 'node_modules/electron/dist/electron'));
  });
});
