// kill -9 mid-run: the next process that opens the store marks the run CRASHED and removes the
// temporary outputs it left. The child is a real node process running a real run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../main/services/runs/sqlite-store.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a run whose process is killed', () => {
  it('is CRASHED when the store is next opened, and its temp outputs are gone', async () => {
    const storeDir = path.join(root, 'home');
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-child.ts'), storeDir, root],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let runId = '';
    for await (const line of createInterface({ input: child.stdout })) {
      const m = /^RUNNING (\S+)$/.exec(line);
      if (m) { runId = m[1]!; break; }
    }
    expect(runId).not.toBe('');
    const tempFile = path.join(root, `.by-country.csv.tmp-${child.pid}-0badf00d`);
    const spill = path.join(os.tmpdir(), `tributary-run-${runId}-crash`);
    expect(existsSync(tempFile) && existsSync(spill)).toBe(true);

    // Before the kill, another process opening the store leaves the live run alone.
    const peek = SqliteRunStore.open(storeDir, { heartbeatTimer: false });
    expect(peek.get(runId)?.state).toBe('RUNNING');
    peek.close();

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = SqliteRunStore.open(storeDir, { heartbeatTimer: false });
    try {
      const run = store.get(runId)!;
      expect(run.state).toBe('CRASHED');
      expect(run.timeline.map((t) => t.state)).toEqual(['PENDING', 'RUNNING', 'CRASHED']);
      expect(run.timeline.at(-1)!.message).toMatch(new RegExp(`\\(pid ${child.pid}\\) stopped without finishing it; removed 2 temporary output`));
      expect(existsSync(tempFile)).toBe(false);
      expect(existsSync(spill)).toBe(false);
      expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
      expect(existsSync(path.join(root, 'by-country.csv'))).toBe(false);
    } finally {
      store.close();
    }
  });
});
