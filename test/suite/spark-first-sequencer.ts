// The order vitest starts test files in. Vitest's own order is longest first by the durations it
// cached on an earlier run, and by file size where it has none (a fresh CI machine). Here the
// Spark suites start first in any case: they are the longest files by far (a JVM start each, and
// export-conformance alone is about a third of the whole run), so starting one last would leave
// the other worker idle at the end. See docs/testing.md.

import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The files that start a JVM (pyspark): test/spark and the Spark-written Parquet files. */
export const SPARK_SUITE = /\/test\/(spark\/|parquet-compat\/spark-files\.test\.ts$)/;

export class SparkFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => SPARK_SUITE.test(f.moduleId)), ...sorted.filter((f) => !SPARK_SUITE.test(f.moduleId))];
  }
}
