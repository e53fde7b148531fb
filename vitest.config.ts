import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { SparkFirstSequencer } from './test/suite/spark-first-sequencer.ts';

// How the suite is organised for time: docs/testing.md.

/** Test files of pure functions (no files, no worker threads, no module state they rely on):
 *  they share one process per worker instead of paying a process start and a fresh import of the
 *  engine per file. Every other file runs in a process of its own. */
const SHARED = ['engine/compute/**/*.test.ts', 'engine/document/**/*.test.ts', 'engine/logical/**/*.test.ts',
  'engine/optimizer/**/*.test.ts', 'engine/physical/**/*.test.ts', 'engine/export/**/*.test.ts', 'renderer/**/*.test.ts'];

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Every Spark a test starts (the reference scripts, `tributary run --on spark`) reads the
    // suite's small-data settings: test/spark/conf/spark-defaults.conf.
    env: { SPARK_CONF_DIR: resolve(import.meta.dirname, 'test/spark/conf') },
    // Two test files at a time even on a 2-core machine (vitest's default there is one): the
    // Spark suites spend most of their wall time waiting on a JVM start and on Spark's
    // scheduling, which the other worker fills with the engine's tests. No test depends on timing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The Spark suites first, then longest first (test/suite/spark-first-sequencer.ts).
    sequence: { sequencer: SparkFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['engine/**/*.test.ts', 'main/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', 'out/**', ...SHARED],
        },
      },
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
    ],
  },
});
