// Reads a Spark ML persistence folder (model.save(path) of pyspark, or Tributary's saveTo): the
// metadata JSON line, the data Parquet rows as plain values (vectors and matrices as their
// struct fields, lists as arrays), and for a PipelineModel each stage under stages/ in order.
// Synchronous (readFileSync + parquet-wasm's in-memory reader): model folders are small, and the
// schema of a model.load node is read from them while the document is compiled.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, Vector } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';

export interface SparkFolder {
  readonly path: string;
  readonly className: string;
  readonly uid: string;
  readonly sparkVersion: string;
  readonly paramMap: Readonly<Record<string, unknown>>;
  readonly defaultParamMap: Readonly<Record<string, unknown>>;
  /** Extra metadata of a stage Tributary saved: the run and node that fitted it. */
  readonly origin?: { readonly runId?: string; readonly nodeId?: string; readonly kind?: string };
  /** The data rows (empty for stages without data/); each value as plain JS data. */
  readonly rows: readonly Record<string, unknown>[];
  /** The data columns' names, as written. */
  readonly columns: readonly string[];
  /** A PipelineModel's stages, in order. */
  readonly stages?: readonly SparkFolder[];
}

/** Files Hadoop and Spark leave that are not data (_SUCCESS, .crc checksums). */
const visible = (name: string): boolean => !name.startsWith('_') && !name.startsWith('.');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && visible(e.name)).map((e) => e.name).sort();
}

function readMetadata(path: string): Record<string, unknown> {
  const dir = join(path, 'metadata');
  let files: string[];
  try {
    files = listFiles(dir);
  } catch {
    throw new Error(`'${path}' is not a Spark model folder: it has no metadata/ folder (save a model with Tributary's saveTo or Spark's model.save(path))`);
  }
  for (const f of files) {
    const line = readFileSync(join(dir, f), 'utf8').split('\n').find((l) => l.trim() !== '');
    if (line === undefined) continue;
    let meta: unknown;
    try { meta = JSON.parse(line); } catch (e) { throw new Error(`${join(dir, f)} is not JSON: ${(e as Error).message}`); }
    if (!meta || typeof meta !== 'object' || typeof (meta as { class?: unknown }).class !== 'string') {
      throw new Error(`${join(dir, f)} has no "class" field: not the metadata of a Spark ML stage`);
    }
    return meta as Record<string, unknown>;
  }
  throw new Error(`'${dir}' holds no metadata file: the model folder is incomplete (was its save interrupted?)`);
}

/** An Arrow value as plain data: vectors (lists) as arrays, structs as objects, bigint as number. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object') return v;
  if (v instanceof Vector || Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as Iterable<unknown>, plain);
  // A struct row: its fields by name.
  const j = typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
  return Object.fromEntries(Object.entries(j as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
}

function readData(path: string): { rows: Record<string, unknown>[]; columns: string[] } {
  const dir = join(path, 'data');
  let files: string[];
  try { files = listFiles(dir).filter((f) => f.endsWith('.parquet')); } catch { return { rows: [], columns: [] }; }
  const rows: Record<string, unknown>[] = [];
  let columns: string[] = [];
  for (const f of files) {
    const wasm = readParquet(readFileSync(join(dir, f)));
    const table = tableFromIPC(wasm.intoIPCStream());
    columns = table.schema.fields.map((x) => x.name);
    for (const row of table) rows.push(plain(row) as Record<string, unknown>);
  }
  return { rows, columns };
}

/** The stage folders of a PipelineModel, in the order of its stageUids (stages/I_UID, where I may
 *  be zero-padded). */
function stageFolders(path: string, uids: readonly string[]): string[] {
  const dir = join(path, 'stages');
  let names: string[];
  try { names = readdirSync(dir); } catch { throw new Error(`'${path}' is a PipelineModel without its stages/ folder: the folder is incomplete`); }
  return uids.map((uid, i) => {
    const name = names.find((n) => n.endsWith(`_${uid}`) && Number(n.slice(0, n.length - uid.length - 1)) === i);
    if (!name) throw new Error(`'${path}': stage ${i} (${uid}) has no folder stages/${i}_${uid}: the folder is incomplete`);
    return join(dir, name);
  });
}

export function readSparkFolder(path: string, depth = 0): SparkFolder {
  const meta = readMetadata(path);
  const className = meta.class as string;
  const paramMap = (meta.paramMap ?? {}) as Record<string, unknown>;
  const base = {
    path, className, uid: String(meta.uid ?? ''), sparkVersion: String(meta.sparkVersion ?? ''), paramMap,
    defaultParamMap: (meta.defaultParamMap ?? {}) as Record<string, unknown>,
    ...(meta.tributary && typeof meta.tributary === 'object' ? { origin: meta.tributary as SparkFolder['origin'] & object } : {}),
  };
  if (className === 'org.apache.spark.ml.PipelineModel') {
    if (depth > 8) throw new Error(`'${path}': PipelineModels nested more than 8 deep`);
    const uids = paramMap.stageUids;
    if (!Array.isArray(uids) || uids.some((u) => typeof u !== 'string')) throw new Error(`'${path}': the PipelineModel's paramMap has no stageUids list`);
    return { ...base, rows: [], columns: [], stages: stageFolders(path, uids as string[]).map((p) => readSparkFolder(p, depth + 1)) };
  }
  return { ...base, ...readData(path) };
}

/** A key that changes when the folder's metadata is rewritten (a save replaces the whole folder). */
export function folderStamp(path: string): string {
  const s = statSync(join(path, 'metadata'));
  return `${path}\u0000${s.mtimeMs}\u0000${s.ino}`;
}
