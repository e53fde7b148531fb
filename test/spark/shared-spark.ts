// The suite's one Spark for the reference scripts (spark_server.py; docs/testing.md, "One Spark for
// the reference scripts"): the first test file that needs it starts it, every later one (in this
// or another vitest worker) sends its script to the same JVM. test/suite/shared-spark-setup.ts
// gives each run a folder for the server's socket, process id and log, and stops it at the end.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { inject } from 'vitest';

const SERVER = join(import.meta.dirname, 'spark_server.py');
const PYTHON = process.env['PYTHON'] ?? 'python3';
/** A JVM start on a loaded 2-core machine takes 10-30 s; past this something is wrong. */
const START_TIMEOUT_MS = 240_000;

function folder(): string {
  const dir = inject('sharedSparkDir');
  if (!dir) throw new Error('no shared Spark: run the Spark test files through vitest.config.ts (the isolated project sets it up)');
  return dir;
}

/** Starts the shared Spark unless some test file already has; returns at once (the JVM starts
 *  while the caller prepares its data). */
export function startSharedSpark(): void {
  const dir = folder();
  try {
    mkdirSync(join(dir, 'started'));
  } catch {
    return; // another file started it
  }
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(PYTHON, [SERVER, join(dir, 'socket'), String(inject('sharedSparkOwner'))], {
    detached: true, stdio: ['ignore', log, log],
  });
  // Written whole, then renamed: a file waiting for the server never reads a half-written pid.
  writeFileSync(join(dir, 'pid.tmp'), String(child.pid ?? ''));
  renameSync(join(dir, 'pid.tmp'), join(dir, 'pid'));
  closeSync(log); // the server holds its own copy
  child.unref();
}

/** Why the server cannot answer, or undefined while it is (or may still be) starting. */
function serverGone(dir: string): string | undefined {
  // No pid file yet: the file that won the start is between mkdir and spawn (a few ms); an empty
  // one: its spawn gave no process.
  if (!existsSync(join(dir, 'pid'))) return undefined;
  const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return 'it did not start';
  try {
    process.kill(pid, 0);
    return undefined;
  } catch {
    return `it exited:\n${logTail(dir)}`;
  }
}

/** The end of Spark's log (the folder goes with the run, so the text goes into the error). */
function logTail(dir: string): string {
  return existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-20_000) : '';
}

async function connected(dir: string): Promise<Socket> {
  const socketPath = join(dir, 'socket');
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (existsSync(socketPath)) {
      const socket = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(socketPath, () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (socket) return socket;
    }
    const gone = serverGone(dir);
    if (gone) throw new Error(`the shared Spark (test/spark/spark_server.py) is not serving: ${gone}`);
    if (Date.now() > deadline) throw new Error(`the shared Spark did not start within ${START_TIMEOUT_MS / 1000} s; its log:\n${logTail(dir)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs `script`'s run(spark, ...args) in the shared Spark; rejects with its traceback. */
export async function runInSharedSpark(script: string, args: readonly string[]): Promise<void> {
  const dir = folder();
  startSharedSpark();
  const socket = await connected(dir);
  const answer = await new Promise<string>((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { text += d; });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(`${JSON.stringify({ script, args })}\n`);
  });
  let parsed: { ok?: boolean; error?: string };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    throw new Error(`the shared Spark gave no answer for ${script} (${serverGone(dir) ?? 'it closed the connection'})`);
  }
  if (!parsed.ok) throw new Error(`${script} failed in the shared Spark:\n${parsed.error}`);
}
