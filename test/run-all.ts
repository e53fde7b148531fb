// `npm test`: every check in one go, each tool's own output printed as it runs, then ONE final
// line `N passed, N failed` summing vitest and Playwright tests (a type-check or build failure
// counts as one failed; the lint is a vitest test). Exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'node_modules/.bin');
const RESULTS = path.join(ROOT, 'test-results');
const VITEST_JSON = path.join(RESULTS, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(RESULTS, 'playwright.json');

interface Tally { passed: number; failed: number; notes: string[] }

/** One tool with its output straight on the console (async, so the checks started beside it keep
 *  draining their pipes while it runs). */
function step(title: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, command), args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    const end = (ok: boolean, why: string): void => {
      console.log(`=== ${title}: ${ok ? 'ok' : `FAILED${why}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(ok);
    };
    child.on('error', (e) => end(false, ` (${e.message})`));
    child.on('close', (code, signal) => end(code === 0, signal ? `, signal ${signal}` : `, exit ${code}`));
  });
}

/** Several checks started at once, each one's output kept whole; `print` writes them, in the order
 *  given, once all have ended; true for each that passed. */
function steps(list: readonly { title: string; command: string; args: readonly string[] }[]): Promise<{ ok: boolean; text: string }[]> {
  return Promise.all(list.map(({ title, command, args }) => new Promise<{ ok: boolean; text: string }>((resolve) => {
    const started = Date.now();
    const child = spawn(path.join(BIN, command), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const end = (ok: boolean, why: string): void => {
      const took = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ ok, text: `\n=== ${title}: ${command} ${args.join(' ')}\n${out}=== ${title}: ${ok ? 'ok' : `FAILED${why}`} in ${took} s` });
    };
    child.on('error', (e) => end(false, ` (${e.message})`));
    child.on('close', (code, signal) => end(code === 0, signal ? `, signal ${signal}` : `, exit ${code}`));
  })));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

/** Tests, plus a file that failed without a failed test (it did not load) as one failure. */
function countVitest(tally: Tally, exitOk: boolean): void {
  const report = readJson(VITEST_JSON) as VitestReport | undefined;
  if (!report) { tally.failed += 1; tally.notes.push('vitest wrote no JSON report'); return; }
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  for (const file of report.testResults) {
    if (file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')) {
      tally.failed += 1;
      tally.notes.push(`vitest: ${path.relative(ROOT, file.name)} failed to run`);
    }
  }
  if (!exitOk && report.numFailedTests === 0 && !report.testResults.some((f) => f.status === 'failed')) {
    tally.failed += 1;
    tally.notes.push('vitest exited non-zero without a failed test');
  }
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

function countPlaywright(tally: Tally, exitOk: boolean): void {
  const report = readJson(PLAYWRIGHT_JSON) as PlaywrightReport | undefined;
  if (!report) { tally.failed += 1; tally.notes.push('Playwright wrote no JSON report'); return; }
  tally.passed += report.stats.expected + report.stats.flaky;
  tally.failed += report.stats.unexpected;
  // Skipped tests are not allowed in this project: each is a failure.
  tally.failed += report.stats.skipped;
  if (report.stats.skipped > 0) tally.notes.push(`Playwright: ${report.stats.skipped} skipped test(s)`);
  if (report.errors.length > 0 || (!exitOk && report.stats.unexpected === 0)) {
    tally.failed += Math.max(1, report.errors.length);
    tally.notes.push('Playwright reported errors outside tests (global setup, config)');
  }
}

async function main(): Promise<number> {
  const tally: Tally = { passed: 0, failed: 0, notes: [] };
  const check = (name: string, ok: boolean): boolean => {
    if (!ok) { tally.failed += 1; tally.notes.push(`${name} failed`); }
    return ok;
  };
  mkdirSync(RESULTS, { recursive: true });
  rmSync(VITEST_JSON, { force: true });
  rmSync(PLAYWRIGHT_JSON, { force: true });

  // The two type checks (each one busy thread) run beside the build and vitest rather than before
  // them: vitest's two workers leave CPU idle while the Spark suites at its front wait on a JVM
  // start, so the checks cost the suite little instead of their ~20 s. They only read the tree.
  // Their output is printed whole after vitest's, so the two do not interleave. The lint is one
  // of vitest's tests (test/lint/layering.test.ts, "the repository lints clean": every problem with
  // its file, line and rule), so it is not run a second time here; `npm run lint` runs it alone.
  const statics = steps([
    { title: 'type check (node)', command: 'tsc', args: ['-p', 'tsconfig.json', '--noEmit'] },
    { title: 'type check (renderer)', command: 'tsc', args: ['-p', 'tsconfig.web.json', '--noEmit'] },
  ]);

  // The build first: test files run the bundled CLI and library from out/, and the end-to-end tests
  // the bundled renderer; built once, before them, nothing rewrites out/ while they read it.
  const built = check('electron-vite build', await step('build', 'electron-vite', ['build']));

  const vitestOk = await step('unit tests', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`,
    // each file's time, hooks included, longest first: test-results/file-times.txt
    '--reporter=./test/suite/file-times-reporter.ts']);
  countVitest(tally, vitestOk);

  const [nodeTypes, webTypes] = await statics;
  for (const { text } of [nodeTypes!, webTypes!]) console.log(text);
  check('type check (tsconfig.json)', nodeTypes!.ok);
  check('type check (tsconfig.web.json)', webTypes!.ok);

  if (built && existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    const e2eOk = await step('end-to-end tests', 'playwright', ['test'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON, TRIBUTARY_SKIP_BUILD: '1',
    });
    countPlaywright(tally, e2eOk);
  } else {
    tally.failed += 1;
    tally.notes.push('end-to-end tests not run: the build failed');
  }

  for (const note of tally.notes) console.log(`note: ${note}`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
