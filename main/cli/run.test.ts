import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
const file = join(dir, 'revenue.json');
copyFileSync(new URL('../../assets/examples/revenue-by-country.json', import.meta.url), file);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tributary run / preview', () => {
  it('run --json prints the RunResult with stage summaries and writes the sink', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--json', '--partitions', '2']);
    const result = JSON.parse(stdout) as { status: string; nodes: { nodeId: string; rows: number }[]; stages: unknown[]; outputs: { path: string }[] };
    expect(result.status).toBe('COMPLETED');
    expect(result.stages.length).toBeGreaterThan(2);
    expect(result.nodes.find((n) => n.nodeId === 'ranked')!.rows).toBeGreaterThan(5);
    expect(existsSync(join(dir, 'out', 'revenue-by-country.parquet'))).toBe(true);
  });

  it('run without a terminal prints plain lines and the summary', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--partitions', '1']);
    expect(stdout).toMatch(/^node ranked: \d+ rows \(1\/1 partitions\)$/m);
    expect(stdout).toContain('rows per node:');
    expect(stdout).toContain('time per stage:');
    expect(stdout).not.toContain('\x1b[');
  });

  it('preview prints a node as CSV, limited', async () => {
    const { stdout } = await run(process.execPath, [cli, 'preview', file, '--node', 'users', '--limit', '3', '--format', 'csv']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('user_id,name,country,signup_date,age');
    expect(lines).toHaveLength(4);
  });

  it('explains bad arguments with exit code 2', async () => {
    await expect(run(process.execPath, [cli, 'preview', file, '--limit', '3'])).rejects.toMatchObject({ code: 2 });
    await expect(run(process.execPath, [cli, 'run', file, '--partitions', 'zero'])).rejects.toMatchObject({ code: 2 });
  });
});
