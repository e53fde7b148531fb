// The studio's settings file: what is stored, and what a broken or hand-edited file yields (never
// a reason to fail, never a wider data folder than a save would allow).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './app-settings.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-settings-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('app settings', () => {
  it('stores existing absolute folders once each, and loads them back', async () => {
    const data = path.join(dir, 'data');
    await mkdir(data);
    const dataDir = path.join(dir, 'd1');
    expect(await loadSettings(dataDir)).toEqual(DEFAULT_SETTINGS);
    expect(await saveSettings(dataDir, { dataFolders: [data, `${data}/`, path.join(data, 'x/..')] })).toEqual({ dataFolders: [data] });
    expect(await loadSettings(dataDir)).toEqual({ dataFolders: [data] });
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ dataFolders: [data] });
  });

  it('refuses a missing folder, a file, a relative path and a root, keeping what was stored', async () => {
    const dataDir = path.join(dir, 'd2');
    await writeFile(path.join(dir, 'a-file'), 'x');
    await expect(saveSettings(dataDir, { dataFolders: [path.join(dir, 'missing')] })).rejects.toThrow(/not an existing folder/);
    await expect(saveSettings(dataDir, { dataFolders: [path.join(dir, 'a-file')] })).rejects.toThrow(/not an existing folder/);
    await expect(saveSettings(dataDir, { dataFolders: ['data'] })).rejects.toThrow(/not an absolute path/);
    await expect(saveSettings(dataDir, { dataFolders: ['/'] })).rejects.toThrow(/root of a file system/);
    expect(await loadSettings(dataDir)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads a broken or hand-edited file as no extra folders, dropping roots and relative paths', async () => {
    const dataDir = path.join(dir, 'd3');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'settings.json'), '{not json');
    expect(await loadSettings(dataDir)).toEqual(DEFAULT_SETTINGS);
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ dataFolders: ['/', 'rel', 42, '/srv/data'] }));
    expect(await loadSettings(dataDir)).toEqual({ dataFolders: ['/srv/data'] });
  });

  it('stores the default memory budget, refuses one under 1 MB, and ignores a bad hand-edited one', async () => {
    const dataDir = path.join(dir, 'd4');
    expect(await saveSettings(dataDir, { dataFolders: [], memoryBudgetMB: 512 })).toEqual({ dataFolders: [], memoryBudgetMB: 512 });
    expect(await loadSettings(dataDir)).toEqual({ dataFolders: [], memoryBudgetMB: 512 });
    await expect(saveSettings(dataDir, { dataFolders: [], memoryBudgetMB: 0.5 })).rejects.toThrow(/memoryBudgetMB must be a number of megabytes from 1, such as 2048, got 0.5/);
    expect(await loadSettings(dataDir)).toEqual({ dataFolders: [], memoryBudgetMB: 512 });
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ dataFolders: [], memoryBudgetMB: 'lots' }));
    expect(await loadSettings(dataDir)).toEqual({ dataFolders: [] });
  });
});
