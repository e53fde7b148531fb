// A vitest reporter that writes each test file's time, hooks included (vitest's JSON reporter
// times the tests only, so a suite whose work is a beforeAll, as the Spark suites, shows a few
// seconds there). One line per file, longest first, with the sum:
//   npx vitest run --reporter=default --reporter=./test/suite/file-times-reporter.ts
// writes test-results/file-times.txt (or the path in TRIBUTARY_FILE_TIMES).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimesReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      // spawn + environment, import of the file's modules, then its tests and hooks
      const total = d.prepareDuration + d.environmentSetupDuration + d.collectDuration + d.setupDuration + d.duration;
      return { file: m.relativeModuleId, total, tests: d.duration, state: m.state() };
    }).sort((a, b) => b.total - a.total);
    const sum = rows.reduce((s, r) => s + r.total, 0);
    const lines = [`${rows.length} files, sum of file times ${(sum / 1000).toFixed(1)} s (tests and hooks ${(rows.reduce((s, r) => s + r.tests, 0) / 1000).toFixed(1)} s)`,
      ...rows.map((r) => `${(r.total / 1000).toFixed(1).padStart(8)} s  ${(r.tests / 1000).toFixed(1).padStart(8)} s  ${r.state.padEnd(7)} ${r.file}`)];
    const out = process.env['TRIBUTARY_FILE_TIMES'] ?? path.join(process.cwd(), 'test-results', 'file-times.txt');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${lines.join('\n')}\n`);
  }
}
