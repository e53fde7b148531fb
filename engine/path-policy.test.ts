// The one path policy on real folders and symlinks: what a confined policy allows and refuses,
// that `anywhere` (the CLI) still refuses what no file name can be, and that a source's files
// are judged again when a run expands them (a file swapped for a symlink after lowering).

import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './exec/engine.ts';
import { buildPlan } from './logical/build.ts';
import { DISK_SCHEMAS } from './disk-schemas.ts';
import type { ScanNode } from './logical/plan.ts';
import { ANYWHERE, confinedTo, PathRefusedError, realResolve, resolveAllowed } from './path-policy.ts';
import { expandPath } from './io/paths.ts';
import { planSplits } from './io/splits.ts';

let root: string;
let ws: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-policy-'));
  ws = path.join(root, 'ws');
  outside = path.join(root, 'outside');
  await mkdir(path.join(ws, 'data/nested'), { recursive: true });
  await mkdir(outside);
  await mkdir(path.join(root, 'ws-evil'));
  await writeFile(path.join(ws, 'data/a.csv'), 'x\n1\n');
  await writeFile(path.join(ws, 'data/nested/b.csv'), 'x\n2\n');
  await writeFile(path.join(outside, 'secret.csv'), 'x\n3\n');
  await symlink(outside, path.join(ws, 'out-link'));
  await mkdir(path.join(ws, 'links'));
  await symlink(path.join(outside, 'secret.csv'), path.join(ws, 'links/evil.csv'));
  await symlink(path.join(ws, 'data'), path.join(ws, 'data-link'));
  await symlink(path.join(outside, 'gone', 'deeper'), path.join(ws, 'dangling'));
  await symlink(path.join(ws, 'loop-b'), path.join(ws, 'loop-a'));
  await symlink(path.join(ws, 'loop-a'), path.join(ws, 'loop-b'));
  await symlink(ws, path.join(root, 'ws-via-link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PathRefusedError);
    return (e as Error).message;
  }
  throw new Error('expected a PathRefusedError');
};

describe('resolveAllowed', () => {
  it('allows paths in the workspace, existing or not, and symlinks that stay inside', () => {
    const policy = confinedTo(ws);
    expect(resolveAllowed(policy, ws, 'data/a.csv')).toBe(path.join(ws, 'data/a.csv'));
    expect(resolveAllowed(policy, path.join(ws, 'data'), '../out/new/file.csv')).toBe(path.join(ws, 'out/new/file.csv'));
    expect(resolveAllowed(policy, ws, 'data-link/nested/b.csv')).toBe(path.join(ws, 'data-link/nested/b.csv'));
    expect(resolveAllowed(policy, ws, '..data.csv')).toBe(path.join(ws, '..data.csv'));
    expect(resolveAllowed(policy, ws, path.join(ws, 'data/*.csv'))).toBe(path.join(ws, 'data/*.csv'));
    // A workspace reached through a symlink is the same folder.
    expect(resolveAllowed(confinedTo(path.join(root, 'ws-via-link')), ws, 'data/a.csv')).toBe(path.join(ws, 'data/a.csv'));
  });

  it('refuses absolute paths, climbs, symlinks and dangling symlinks leading outside, saying what is allowed', () => {
    const policy = confinedTo(ws);
    expect(refusal(() => resolveAllowed(policy, ws, '/etc/passwd'))).toBe(
      `/etc/passwd is outside the workspace ${ws} and its data folders (none added); move the file into the workspace or add its folder under Settings > Data folders`);
    expect(refusal(() => resolveAllowed(policy, ws, '../outside/secret.csv'))).toMatch(
      `'../outside/secret.csv' (${path.join(outside, 'secret.csv')}) is outside the workspace`);
    expect(refusal(() => resolveAllowed(policy, ws, '../ws-evil/x.csv'))).toMatch(/is outside the workspace/);
    expect(refusal(() => resolveAllowed(policy, ws, 'out-link/secret.csv'))).toMatch(
      `(through a symlink it leads to ${path.join(outside, 'secret.csv')}) is outside`);
    expect(refusal(() => resolveAllowed(policy, ws, 'out-link/new/deep.csv'))).toMatch(/through a symlink/);
    expect(refusal(() => resolveAllowed(policy, ws, 'dangling/x.csv'))).toMatch(
      `it leads to ${path.join(outside, 'gone/deeper/x.csv')}) is outside`);
    expect(refusal(() => resolveAllowed(policy, ws, 'data/*/../../../outside/*.csv'))).toMatch(/is outside/);
  });

  it('does not loop on a symlink cycle', () => {
    expect(resolveAllowed(confinedTo(ws), ws, 'loop-a/x.csv')).toBe(path.join(ws, 'loop-a/x.csv'));
    expect(realResolve(path.join(ws, 'loop-a'))).toBe(path.join(ws, 'loop-a'));
  });

  it('allows data folders, by their real path', () => {
    const policy = confinedTo(ws, [path.join(ws, 'out-link')]);
    expect(resolveAllowed(policy, ws, '../outside/secret.csv')).toBe(path.join(outside, 'secret.csv'));
    expect(refusal(() => resolveAllowed(policy, ws, '/etc/passwd'))).toMatch(
      `outside the workspace ${ws} and its data folders (${path.join(ws, 'out-link')})`);
  });

  it('refuses NUL and over-long paths under every policy, the CLI\'s too', () => {
    for (const policy of [ANYWHERE, confinedTo(ws)]) {
      expect(refusal(() => resolveAllowed(policy, ws, 'a.csv\0/etc/passwd'))).toMatch(/contains a NUL character/);
      expect(refusal(() => resolveAllowed(policy, ws, 'a/'.repeat(3000)))).toMatch(/6000 characters is longer than the 4096/);
    }
    expect(resolveAllowed(ANYWHERE, ws, '/etc/passwd')).toBe('/etc/passwd');
    expect(resolveAllowed(ANYWHERE, ws, '../outside/secret.csv')).toBe(path.join(outside, 'secret.csv'));
  });
});

describe('expandPath under a policy', () => {
  it('checks every file a folder or glob expands to by its real path', async () => {
    const policy = confinedTo(ws);
    expect(await expandPath(path.join(ws, 'data'), 'csv', policy)).toEqual([path.join(ws, 'data/a.csv'), path.join(ws, 'data/nested/b.csv')]);
    expect(await expandPath(path.join(ws, 'data-link/*.csv'), 'csv', policy)).toEqual([path.join(ws, 'data-link/a.csv')]);
    await expect(expandPath(path.join(ws, 'out-link/*.csv'), 'csv', policy)).rejects.toThrow(
      `param 'path': ${path.join(ws, 'out-link/*.csv')}: ${path.join(ws, 'out-link/secret.csv')} (through a symlink`);
    await expect(expandPath(path.join(ws, 'links/*.csv'), 'csv', policy)).rejects.toThrow(
      `${path.join(ws, 'links/evil.csv')} (through a symlink it leads to ${path.join(outside, 'secret.csv')}) is outside`);
    await expect(expandPath(path.join(ws, 'out-link'), 'csv', policy)).rejects.toThrow(/through a symlink/);
    expect(await expandPath(path.join(ws, 'links/*.csv'), 'csv', ANYWHERE)).toEqual([path.join(ws, 'links/evil.csv')]);
  });

  it('lowering without a policy (the CLI) reads any path; with one it refuses, naming node and param', async () => {
    const doc = {
      version: 1 as const, name: 'p', nodes: [{ id: 'orders', kind: 'source.csv', params: { path: '../outside/secret.csv' } }], edges: [],
    };
    expect((await buildPlan(doc, { readers: DISK_SCHEMAS, baseDir: ws })).issues).toEqual([]);
    expect((await buildPlan(doc, { readers: DISK_SCHEMAS, baseDir: ws, pathPolicy: confinedTo(ws) })).issues).toEqual([{
      nodeId: 'orders', kind: 'source.csv', param: 'path',
      message: `source.csv 'orders': param 'path': '../outside/secret.csv' (${path.join(outside, 'secret.csv')}) is outside the workspace ${ws} and its data folders (none added); move the file into the workspace or add its folder under Settings > Data folders`,
    }]);
  });

  it('judges the files again when a run expands them: a file swapped for a symlink after lowering is refused', async () => {
    const swapped = path.join(ws, 'data/swap.csv');
    await writeFile(swapped, 'x\n1\n');
    try {
      const doc = {
        version: 1 as const, name: 'p', nodes: [{ id: 'orders', kind: 'source.csv', params: { path: 'data/swap.csv' } }], edges: [],
      };
      const built = await buildPlan(doc, { readers: DISK_SCHEMAS, baseDir: ws, pathPolicy: confinedTo(ws) });
      expect(built.issues).toEqual([]);
      const scan = built.plan!.nodes.get('orders') as ScanNode;
      expect(scan.pathPolicy).toEqual(confinedTo(ws));
      expect((await planSplits(scan, 2)).length).toBeGreaterThan(0);
      await unlink(swapped);
      await symlink(path.join(outside, 'secret.csv'), swapped);
      await expect(planSplits(scan, 2)).rejects.toThrow(/through a symlink it leads to .*secret\.csv\) is outside the workspace/);
    } finally {
      await rm(swapped, { force: true });
    }
  });

  it('judges a sink again just before writing: a folder swapped for a symlink after planning is refused', async () => {
    const engine = new Engine({ threads: 1 });
    const target = path.join(outside, 'sink-target');
    await mkdir(target);
    try {
      mkdirSync(path.join(ws, 'sink-out'));
      const doc = {
        version: 1 as const, name: 'p',
        nodes: [
          { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } },
          { id: 'save', kind: 'sink.csv', params: { path: 'sink-out/users.csv' } },
        ],
        edges: [{ from: 'users', to: 'save' }],
      };
      const result = await engine.run(doc, {
        baseDir: ws, pathPolicy: confinedTo(ws), mode: 'inline',
        onEvent: (e) => {
          if (e.type !== 'run.started') return;
          renameSync(path.join(ws, 'sink-out'), path.join(ws, 'sink-out-before'));
          symlinkSync(target, path.join(ws, 'sink-out'));
        },
      });
      expect(result.status).toBe('FAILED');
      expect(result.error).toEqual({ nodeId: 'save', message: expect.stringMatching(
        /param 'path': .*sink-out\/users\.csv \(through a symlink it leads to .*sink-target\/users\.csv\) is outside the workspace/) });
      expect(await readdir(target)).toEqual([]);
    } finally {
      await engine.close();
      await rm(path.join(ws, 'sink-out'), { force: true });
      await rm(path.join(ws, 'sink-out-before'), { recursive: true, force: true });
    }
  });
});
