// A run stopped from outside leaves no temporary output: SIGTERM and SIGHUP cancel it as Ctrl-C
// does (exit 143 / 129, the temp removed); after SIGKILL, which nothing can handle, the next run
// of a sink into that folder removes the dead process's temp. Real CLI processes, real files.

import { afterAll, describe, expect, it } from 'vitest';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pipeline(name: string, rows: number, out: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ version: 1, name, nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows } },
    { id: 'save', kind: 'sink.csv', params: { path: `${out}/${name}.csv` } },
  ], edges: [{ from: 'events', to: 'save' }] }));
  return file;
}

/** Starts `tributary run FILE` and resolves once its temporary output exists in `folder`. */
async function runUntilTempExists(file: string, folder: string): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  mkdirSync(folder, { recursive: true });
  const sawTemp = new Promise<void>((resolve) => {
    const watcher = watch(folder, (_event, name) => {
      if (name?.includes('.tmp-')) { watcher.close(); resolve(); }
    });
  });
  const child = spawn(process.execPath, [cli, 'run', file], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await sawTemp;
  return { child, exited };
}

const temps = (folder: string): string[] => readdirSync(folder).filter((n) => n.includes('.tmp-'));

describe('a run stopped by a signal', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} cancels the run: exit code ${code}, no temp left, no output`, async () => {
      const folder = join(dir, `out-${signal}`);
      const { child, exited } = await runUntilTempExists(pipeline(signal, 3_000_000, `out-${signal}`), folder);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(readdirSync(folder)).toEqual([]);
    });
  }

  it('after SIGKILL the next run into the folder removes the dead run\'s temp', async () => {
    const folder = join(dir, 'out-kill');
    const { child, exited } = await runUntilTempExists(pipeline('killed', 3_000_000, 'out-kill'), folder);
    child.kill('SIGKILL');
    await exited;
    expect(temps(folder)).toHaveLength(1);
    const next = pipeline('next', 100, 'out-kill');
    await new Promise<void>((resolve, reject) => execFile(process.execPath, [cli, 'run', next], (e) => (e ? reject(e) : resolve())));
    expect(readdirSync(folder)).toEqual(['next.csv']);
  });
});
