// Generates the benchmark data with DuckDB, deterministically: every value is a function of
// the row number through DuckDB's hash(), no random(), and insertion order is preserved, so
// the same DuckDB version writes the same bytes every time. A file that already exists with
// the expected row count, made by the same statement, is kept (30M rows take ~20 s on 2 cores).
//
//   node bench/generate.ts [--sizes 1M,10M,30M]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  CSV_SIZE, DATA_DIR, SIZES, USERS_ROWS, eventsCsv, eventsParquet, isSizeLabel, skewedEventsParquet, usersParquet, type SizeLabel,
} from './sizes.ts';

const CATEGORIES = [
  'books', 'electronics', 'toys', 'garden', 'grocery', 'fashion',
  'sports', 'beauty', 'home', 'music', 'automotive', 'health',
];
const COUNTRIES = [
  'US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'CA', 'IT', 'ES',
  'NL', 'SE', 'PL', 'MX', 'AU', 'KR', 'CH', 'NO', 'PT', 'ZA',
];
const ZIPF_S = 1.1;
const PARQUET_OPTIONS = '(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000000)';

function sqlList(values: readonly string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

/**
 * A uint64 from the row number i and a per-column salt (< 64). The salt goes into the hashed
 * value itself: DuckDB's multi-argument hash(i, salt) only combines hash(i) with hash(salt), so
 * columns salted that way come out strongly correlated.
 */
function hashed(salt: number): string {
  return `hash(i * 64 + ${salt})`;
}

/** A double in [0, 1) from the row number i and a per-column salt. */
function uniform(salt: number): string {
  return `(${hashed(salt)} / 18446744073709551616.0)`;
}

/**
 * events: user_id follows the inverse CDF of a continuous Zipf (power law, exponent s) over
 * [1, users + 1), floored: user 1 gets about 9% of the rows, the long tail reaches 1..users.
 * category is skewed by squaring the uniform; amount is about 5% null, skewed towards small
 * values, rounded to cents; ts spreads over 2024 at whole seconds.
 */
export function eventsSelect(rows: number, users: number): string {
  const a = 1 - ZIPF_S;
  return `SELECT
    (i + 1)::BIGINT AS event_id,
    least(floor(pow(1 + ${uniform(1)} * (pow(${users + 1}, ${a}) - 1), ${1 / a})), ${users})::INTEGER AS user_id,
    ${sqlList(CATEGORIES)}[1 + floor(${uniform(3)} * ${uniform(3)} * ${CATEGORIES.length})::INTEGER] AS category,
    CASE WHEN ${hashed(5)} % 20 = 0 THEN NULL
         ELSE round(1 + 499 * pow(${uniform(4)}, 3), 2) END::DOUBLE AS amount,
    (1 + ${hashed(6)} % 10)::INTEGER AS qty,
    TIMESTAMP '2024-01-01 00:00:00' + to_seconds(floor(${uniform(2)} * 366 * 86400)::BIGINT) AS ts
  FROM range(${rows}) t(i)`;
}

/** Skewed events: user 42 on every second row (half of them), the others uniform over all users. */
export function skewedEventsSelect(rows: number, users: number): string {
  return `SELECT
    i::BIGINT AS event_id,
    (CASE WHEN i % 2 = 0 THEN 42 ELSE 1 + ${hashed(21)} % ${users} END)::INTEGER AS user_id,
    round(1 + ${uniform(22)} * 499, 2)::DOUBLE AS amount
  FROM range(${rows}) t(i)`;
}

/** users: one row per user id; country skewed like category; age 18..80. */
export function usersSelect(rows: number): string {
  return `SELECT
    (i + 1)::INTEGER AS user_id,
    ${sqlList(COUNTRIES)}[1 + floor(${uniform(11)} * ${uniform(11)} * ${COUNTRIES.length})::INTEGER] AS country,
    (DATE '2015-01-01' + floor(${uniform(12)} * 3650)::INTEGER)::DATE AS signup_date,
    (18 + ${hashed(13)} % 63)::INTEGER AS age
  FROM range(${rows}) t(i)`;
}

async function rowCount(conn: DuckDBConnection, path: string, format: 'parquet' | 'csv'): Promise<number> {
  if (!existsSync(path)) return -1;
  try {
    const from = format === 'parquet' ? `read_parquet('${path}')` : `read_csv('${path}')`;
    const reader = await conn.runAndReadAll(`SELECT count(*) FROM ${from}`);
    return Number(reader.getRowsJS()[0]![0]);
  } catch {
    return -1; // unreadable (e.g. a half-written file from an interrupted run): regenerate
  }
}

/**
 * Writes `select` to `path` through a temporary name, unless `path` already holds `rows` rows
 * made by the same statement: a sidecar file `path.sha1` keeps the statement's fingerprint, so
 * a change to the generator regenerates the data.
 */
async function ensureFile(
  conn: DuckDBConnection, path: string, format: 'parquet' | 'csv', rows: number, select: string,
): Promise<void> {
  const options = format === 'parquet' ? PARQUET_OPTIONS : '(FORMAT csv, HEADER true)';
  const statement = `COPY (${select}) TO '${path}.tmp' ${options}`;
  // The statement names where it writes; the fingerprint leaves that out, so the same data reached
  // through another checkout's path (a symlinked bench/data) is not written again.
  const fingerprint = createHash('sha1').update(`COPY (${select}) TO FILE ${options}`).digest('hex');
  const stamp = `${path}.sha1`;
  const stamped = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fingerprint;
  if (stamped && (await rowCount(conn, path, format)) === rows) {
    console.log(`  ${path}: present (${rows.toLocaleString('en-US')} rows)`);
    return;
  }
  const started = performance.now();
  rmSync(`${path}.tmp`, { force: true });
  rmSync(stamp, { force: true });
  await conn.run(statement);
  renameSync(`${path}.tmp`, path);
  writeFileSync(stamp, `${fingerprint}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`  ${path}: written (${rows.toLocaleString('en-US')} rows, ${seconds} s)`);
}

/** Makes sure users and the asked events files exist (a CSV size gets its Parquet file too). */
export async function ensureData(want: { parquet: readonly SizeLabel[]; csv: readonly SizeLabel[]; skewed?: readonly SizeLabel[] }): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  try {
    await ensureFile(conn, usersParquet(), 'parquet', USERS_ROWS, usersSelect(USERS_ROWS));
    for (const size of new Set([...want.parquet, ...want.csv])) {
      await ensureFile(conn, eventsParquet(size), 'parquet', SIZES[size], eventsSelect(SIZES[size], USERS_ROWS));
    }
    for (const size of new Set(want.skewed ?? [])) {
      await ensureFile(conn, skewedEventsParquet(size), 'parquet', SIZES[size], skewedEventsSelect(SIZES[size], USERS_ROWS));
    }
    for (const size of new Set(want.csv)) {
      // Made by the same statement as the Parquet file, so W4 and the Parquet workloads see the same rows.
      await ensureFile(conn, eventsCsv(size), 'csv', SIZES[size], eventsSelect(SIZES[size], USERS_ROWS));
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The scale suite's events: `rows` rows made by the same statement as events-SIZE (cached likewise). */
export async function ensureScaleEvents(rows: number, path: string): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  try {
    await ensureFile(conn, usersParquet(), 'parquet', USERS_ROWS, usersSelect(USERS_ROWS));
    await ensureFile(conn, path, 'parquet', rows, eventsSelect(rows, USERS_ROWS));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--sizes');
  const labels = at >= 0 ? (process.argv[at + 1] ?? '').split(',') : Object.keys(SIZES);
  const sizes = labels.filter(isSizeLabel);
  if (sizes.length !== labels.length) {
    console.error(`generate: unknown size in '${labels.join(',')}'; expected some of ${Object.keys(SIZES).join(',')}`);
    process.exit(2);
  }
  await ensureData({ parquet: sizes, csv: sizes.filter((s) => s === CSV_SIZE) });
}
