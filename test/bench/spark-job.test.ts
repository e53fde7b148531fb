// The bench's Spark side passes each workload's files to the exported PySpark job as
// --<node id> PATH (bench/engines/spark.ts): every flag it passes must be one the job's
// argparse declares, or Spark would refuse the run. Checked on the export of each Spark workload.

import { describe, expect, it } from 'vitest';
import { exportPipeline } from '../../engine/export/pyspark/export.ts';
import { SPARK_MASTER, SPARK_WORKLOADS, sparkJobArgs } from '../../bench/engines/spark.ts';
import { loadPipeline } from '../../bench/engines/tributary.ts';
import { workloadById } from '../../bench/workloads/index.ts';

describe('the Spark job arguments', () => {
  for (const id of SPARK_WORKLOADS) {
    it(`${id}: every flag is declared by the exported job, each source and the sink given`, () => {
      const workload = workloadById(id)!;
      const script = exportPipeline(loadPipeline(workload.pipeline));
      const args = sparkJobArgs(workload, '1M', '/tmp/out.parquet');
      const flags = args.filter((a) => a.startsWith('--'));
      for (const flag of flags) expect(script).toContain(`parser.add_argument("${flag}"`);
      expect(flags.sort()).toEqual(['--master', ...Object.keys(workload.sourceNodes).map((n) => `--${n}`), `--${workload.sinkNode}`].sort());
      expect(args[args.indexOf('--master') + 1]).toBe(SPARK_MASTER);
      expect(args[args.indexOf(`--${workload.sinkNode}`) + 1]).toBe('/tmp/out.parquet');
    });
  }
});
