// The CLI refuses what the studio refuses: each document below once printed `ok` from validate and
// ran with exit code 0 (a repeated id dropped a node, a bad id skipped a sink, a misspelled field
// was reported as a broken edge, an extra edge field vanished). validate, run and explain, spawned
// as a user runs them, now print the problem and exit 1, and nothing is written.

import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-doccheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const users = { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 50 } };
const events = { id: 'users', kind: 'source.sample', params: { dataset: 'events', rows: 50 } };
const sink = (id: string, out: string): object => ({ id, kind: 'sink.csv', params: { path: `out/${out}.csv` } });

const CASES: { name: string; nodes: object[]; edges: object[]; message: string }[] = [
  { name: 'duplicate', nodes: [users, events, sink('save', 'duplicate')], edges: [{ from: 'users', to: 'save' }],
    message: "node 'users' (source.sample): duplicate node id 'users' (node 2): every node needs its own id, and node 1 has it already" },
  { name: 'bad-id', nodes: [users, sink('9bad', 'bad-id')], edges: [{ from: 'users', to: '9bad' }],
    message: "node '9bad' (sink.csv): invalid id '9bad' (node 2): an id starts with a letter or _" },
  { name: 'postion', nodes: [{ ...users, postion: { x: 1, y: 2 } }, sink('save', 'postion')], edges: [{ from: 'users', to: 'save' }],
    message: "node 'users': unknown field 'postion' in node 'users': did you mean 'position'?" },
  { name: 'edge-extra', nodes: [users, sink('save', 'edge-extra')], edges: [{ from: 'users', to: 'save', label: 'x' }],
    message: "unknown field 'label' in edge 1: the fields are from, to" },
];

function cliRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('one document check in the CLI', () => {
  for (const c of CASES) {
    it(`refuses a document with ${c.name} in validate, run and explain`, async () => {
      const file = join(dir, `${c.name}.json`);
      writeFileSync(file, JSON.stringify({ version: 1, name: c.name, nodes: c.nodes, edges: c.edges }));
      for (const command of ['validate', 'run', 'explain']) {
        const r = await cliRun([command, file]);
        expect(r.code, `${command}: ${r.stdout}${r.stderr}`).toBe(1);
        expect(r.stdout).not.toContain('ok:');
        expect(r.stderr).toContain(c.message);
        // The only problem: no stray "edge into unknown node" for a node that was still there.
        expect(r.stderr).toContain('1 problem in');
      }
      expect(existsSync(join(dir, 'out', `${c.name}.csv`))).toBe(false);
    });
  }

  it('still runs the same document once it is fixed', async () => {
    const file = join(dir, 'fixed.json');
    writeFileSync(file, JSON.stringify({ version: 1, name: 'fixed', nodes: [users, sink('save', 'fixed')], edges: [{ from: 'users', to: 'save' }] }));
    expect((await cliRun(['validate', file])).stdout).toContain('ok: 2 nodes, 1 edge');
    expect((await cliRun(['run', file])).code).toBe(0);
    expect(existsSync(join(dir, 'out', 'fixed.csv'))).toBe(true);
  });
});
