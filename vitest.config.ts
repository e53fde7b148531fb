import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { SparkFirstSequencer } from './test/suite/spark-first-sequencer.ts';

// How the suite is organised for time: docs/testing.md.

/** The test files that need a process of their own; every other file shares one process per
 *  worker (vitest's `isolate: false`), which imports the engine once instead of once per file: a
 *  process start and an import cost about 0.35 CPU s a file on this 2-core machine, which 160
 *  files paid before (docs/testing.md). A file belongs here when it cannot share:
 *  - the Spark suites start a JVM and run for minutes: sharing saves them nothing;
 *  - parquet-types sets TRIBUTARY_PARQUET_BATCH_ROWS before it imports the Parquet reader, which
 *    reads it once at import, and leaves it set for every process spawned after it;
 *  - cancel-and-fail counts the process's open MessagePorts, which another file's closing pool
 *    would change under it. */
const ISOLATED = ['test/spark/**/*.test.ts', 'test/parquet-compat/spark-files.test.ts',
  'test/differential/parquet-types.test.ts', 'engine/exec/cancel-and-fail.test.ts'];
const ALL = ['engine/**/*.test.ts', 'main/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts'];
const NEVER = ['test/e2e/**', 'node_modules/**', 'out/**'];

export default defineConfig({
  test: {
    exclude: NEVER,
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
      // The Spark reference scripts share one Spark, started on first use (test/spark/shared-spark.ts).
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: NEVER, globalSetup: ['./test/suite/shared-spark-setup.ts'] } },
      { extends: true, test: { name: 'shared', include: ALL, exclude: [...NEVER, ...ISOLATED], isolate: false } },
    ],
  },
});
