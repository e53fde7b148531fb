// Writes one fitted stage as Spark's ML persistence folder (what model.save(path) writes):
//   FOLDER/metadata/part-00000   one line of JSON: class, timestamp, sparkVersion, uid, paramMap, defaultParamMap
//   FOLDER/data/part-00000.parquet   the model's numbers, in the schema Spark's loader of that class reads
// plus the empty _SUCCESS markers Hadoop's committer leaves. The folder appears whole or not at all:
// it is written beside the target under a temporary name and renamed into place; an existing
// folder is moved aside first and removed once the new one is in place.

import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { RecordBatch, Table, vectorFromArray } from 'apache-arrow';
import { writeParquetFile } from '../../io/parquet/write.ts';
import { arrowTypeOf, sparkSchemaJson, type SparkColumn } from './spark-schema.ts';
import { javaDoubleString } from '../features/common.ts';

/** The Spark version whose formats Tributary writes (and reads: spark-read.ts). */
export const SPARK_FORMAT_VERSION = '4.0.0';

export interface SparkStage {
  readonly className: string;
  readonly uid: string;
  readonly paramMap: Readonly<Record<string, unknown>>;
  readonly defaultParamMap: Readonly<Record<string, unknown>>;
  /** Where a stage saved by Tributary came from (an extra metadata key; Spark ignores it). */
  readonly origin?: { readonly runId: string; readonly nodeId: string; readonly kind: string };
  /** Absent for stages without data (VectorAssembler, PipelineModel). */
  readonly data?: { readonly columns: readonly SparkColumn[]; readonly rows: readonly Readonly<Record<string, unknown>>[] };
}

/**
 * A double param value. Spark decodes a DoubleParam only from a JSON number with a fraction or
 * exponent (0.0, 1.0E-6: "Cannot decode JInt(0) to Double" otherwise), and NaN and the infinities
 * from the strings "NaN", "Infinity", "-Infinity"; JSON.stringify writes 0 for 0.0, so doubles are
 * marked and written as Java prints them.
 */
export class SparkDouble {
  readonly value: number;
  constructor(value: number) { this.value = value; }
}

const DOUBLE_MARK = '@@spark-double:';

function metadataLine(stage: SparkStage): string {
  const json = JSON.stringify({
    class: stage.className, timestamp: Date.now(), sparkVersion: SPARK_FORMAT_VERSION, uid: stage.uid,
    paramMap: stage.paramMap, defaultParamMap: stage.defaultParamMap, ...(stage.origin ? { tributary: stage.origin } : {}),
  }, (_key, v: unknown) => (v instanceof SparkDouble ? `${DOUBLE_MARK}${javaDoubleString(v.value)}` : v));
  // Finite doubles become bare numbers; NaN and the infinities stay strings, as Spark writes them.
  return `${json.replace(new RegExp(`"${DOUBLE_MARK}([^"]*)"`, 'g'), (_m, d: string) => (/^-?\d/.test(d) ? d : `"${d}"`))}\n`;
}

async function writeStageInto(dir: string, stage: SparkStage): Promise<void> {
  mkdirSync(join(dir, 'metadata'), { recursive: true });
  writeFileSync(join(dir, 'metadata', 'part-00000'), metadataLine(stage));
  writeFileSync(join(dir, 'metadata', '_SUCCESS'), '');
  if (!stage.data) return;
  const { columns, rows } = stage.data;
  const vectors = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray(rows.map((r) => r[c.name]), arrowTypeOf(c.type))]));
  const batches: RecordBatch[] = new Table(vectors).batches;
  mkdirSync(join(dir, 'data'));
  await writeParquetFile(join(dir, 'data', 'part-00000.snappy.parquet'), batches, 'snappy',
    new Map([['org.apache.spark.sql.parquet.row.metadata', sparkSchemaJson(columns)], ['org.apache.spark.version', SPARK_FORMAT_VERSION]]));
  writeFileSync(join(dir, 'data', '_SUCCESS'), '');
}

/** A PipelineModel: its own metadata (stageUids) and stages/I_UID/ per stage, as Spark lays it out. */
export function pipelineOf(uid: string, stages: readonly SparkStage[]): SparkStage & { readonly stages: readonly SparkStage[] } {
  return { className: 'org.apache.spark.ml.PipelineModel', uid, paramMap: { stageUids: stages.map((s) => s.uid) }, defaultParamMap: {}, stages };
}

/** Writes `stage` (or a pipeline of stages) to `folder`, atomically; replaces an existing folder. */
export async function saveSparkFolder(folder: string, stage: SparkStage & { readonly stages?: readonly SparkStage[] }): Promise<void> {
  const parent = dirname(folder);
  mkdirSync(parent, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const temp = join(parent, `.${basename(folder)}.${tag}.tmp`);
  try {
    await writeStageInto(temp, stage);
    for (const [i, s] of (stage.stages ?? []).entries()) await writeStageInto(join(temp, 'stages', `${i}_${s.uid}`), s);
    if (existsSync(folder)) {
      const old = join(parent, `.${basename(folder)}.${tag}.old`);
      renameSync(folder, old);
      renameSync(temp, folder);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, folder);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
