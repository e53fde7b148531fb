import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { batchOf, rng, rowsOf, type ColumnSpec } from '../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../compute/duckdb.test-helper.ts';
import { Dictionary, Int32, Utf8, vectorFromArray } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { dictionaryData, makeBatch as arrowBatch } from '../../compute/arrow-build.ts';
import type { FittedModel } from '../stage.ts';
import { stringIndexer } from './string-indexer.ts';
import { fitIn, stageContext } from './stage.test-helper.ts';

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); });
afterAll(() => { conn.closeSync(); });

const labelsOf = (m: { state: unknown }) => (m.state as { labels: string[] }).labels;

function words(n: number, seed: number): (string | null)[] {
  const r = rng(seed);
  const pool = ['apple', 'Apple', 'b', 'banana', 'été', 'zeta', '', 'x y', 'ñ', 'cherry'];
  return Array.from({ length: n }, () => (r() < 0.08 ? null : pool[Math.floor(r() * r() * pool.length)]!));
}

describe('feature.stringIndexer', () => {
  for (const order of ['frequencyDesc', 'frequencyAsc', 'alphabetDesc', 'alphabetAsc'] as const) {
    it(`${order}: labels as DuckDB orders the counts, the same from 1 or 3 partials and from dictionary codes`, async () => {
      const values = words(500, 9);
      const specs: ColumnSpec[] = [{ name: 's', type: 'string', values }];
      await loadTable(conn, 't', specs);
      const orderBy = { frequencyDesc: 'count(*) desc, s asc', frequencyAsc: 'count(*) asc, s asc', alphabetDesc: 's desc', alphabetAsc: 's asc' }[order];
      const want = (await query(conn, `select s from t where s is not null group by s order by ${orderBy}`)).map((r) => r[0]);
      const plain = batchOf(specs);
      const dict = batchOf([{ ...specs[0]!, dictionary: true }]);
      expect(String(dict.schema.fields[0]!.type)).toMatch(/Dictionary/);
      const ctx = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i', stringOrderType: order }, plain);
      const m1 = fitIn(stringIndexer, ctx, plain, 1);
      expect(labelsOf(m1)).toEqual(want);
      expect(labelsOf(fitIn(stringIndexer, ctx, plain, 3))).toEqual(want);
      expect(labelsOf(fitIn(stringIndexer, ctx, dict, 3))).toEqual(want);
    });
  }

  it('many distinct plain strings (past the byte table\'s growth): labels as DuckDB, every row indexed to its label', async () => {
    const r = rng(12);
    const values = Array.from({ length: 20000 }, () => (r() < 0.02 ? null : `v${Math.floor(r() * r() * 4000)}é`));
    await loadTable(conn, 't', [{ name: 's', type: 'string', values }]);
    const want = (await query(conn, 'select s from t where s is not null group by s order by count(*) desc, s asc')).map((x) => x[0]);
    const b = batchOf([{ name: 's', type: 'string', values }]);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i', handleInvalid: 'skip' }, b);
    const m = fitIn(stringIndexer, ctx, b, 3);
    expect(labelsOf(m)).toEqual(want);
    const rows = rowsOf(stringIndexer.apply(ctx, m, b, 'out'));
    expect(rows.length).toBe(values.filter((v) => v !== null).length);
    for (const row of rows) expect(want[row[1] as number]).toBe(row[0]);
  });

  it('ties and non-ASCII order as pyspark (b a c b a null B é)', () => {
    const b = batchOf([{ name: 'x', type: 'string', values: ['b', 'a', 'c', 'b', 'a', null, 'B', 'é'] }]);
    const fit = (o: string) => labelsOf(fitIn(stringIndexer, stageContext('feature.stringIndexer', { inputCol: 'x', outputCol: 'i', stringOrderType: o }, b), b, 2));
    expect(fit('frequencyDesc')).toEqual(['a', 'b', 'B', 'c', 'é']);
    expect(fit('frequencyAsc')).toEqual(['B', 'c', 'é', 'a', 'b']);
    expect(fit('alphabetDesc')).toEqual(['é', 'c', 'b', 'a', 'B']);
    expect(fit('alphabetAsc')).toEqual(['B', 'a', 'b', 'c', 'é']);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 'x', outputCol: 'i', handleInvalid: 'keep' }, b);
    // pyspark: b 1, a 0, c 3, b 1, a 0, null 5 (kept), B 2, é 4
    expect(rowsOf(stringIndexer.apply(ctx, fitIn(stringIndexer, ctx, b, 1), b, 'out')).map((r) => r[1])).toEqual([1, 0, 3, 1, 0, 5, 2, 4]);
  });

  it('numbers are labelled by Spark\'s string form; NaN is not a label and counts as invalid (pyspark)', () => {
    const xs = [1, 2.5, 1e7, 1e-4, NaN, null, -0, 100, 0.001, 123456789, 1e21];
    const b = batchOf([{ name: 'x', type: 'float64', values: xs }]);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 'x', outputCol: 'i', stringOrderType: 'alphabetAsc', handleInvalid: 'keep' }, b);
    const m = fitIn(stringIndexer, ctx, b, 3);
    expect(labelsOf(m)).toEqual(['-0.0', '0.001', '1.0', '1.0E-4', '1.0E21', '1.0E7', '1.23456789E8', '100.0', '2.5']);
    expect(rowsOf(stringIndexer.apply(ctx, m, b, 'out')).map((r) => r[1])).toEqual([2, 8, 5, 3, 9, 9, 0, 7, 1, 6, 4]);
    const ints = batchOf([{ name: 'x', type: 'int32', values: [1, -2, 1, null] }, { name: 'l', type: 'int64', values: [9007199254740993n, 5, 5, 5] }, { name: 'b', type: 'bool', values: [true, false, false, null] }]);
    const fit = (col: string) => labelsOf(fitIn(stringIndexer, stageContext('feature.stringIndexer', { inputCol: col, outputCol: 'i' }, ints), ints, 2));
    expect(fit('x')).toEqual(['1', '-2']);
    expect(fit('l')).toEqual(['5', '9007199254740993']);
    expect(fit('b')).toEqual(['false', 'true']);
  });

  it('handleInvalid: skip keeps as many rows as DuckDB finds seen and non-null; error names the value; on a slice', async () => {
    const train = words(300, 1).map((w) => (w === 'zeta' ? 'apple' : w));
    const score = words(400, 2);
    await loadTable(conn, 'tr', [{ name: 's', type: 'string', values: train }]);
    await loadTable(conn, 'sc', [{ name: 'id', type: 'int32', values: score.map((_, i) => i) }, { name: 's', type: 'string', values: score }]);
    const [[want]] = await query(conn, 'select count(*) from sc where id >= 100 and s in (select s from tr where s is not null)') as [[bigint]];
    const tb = batchOf([{ name: 's', type: 'string', values: train }]);
    const sb = batchOf([{ name: 's', type: 'string', values: score, dictionary: true }, { name: 'id', type: 'int32', values: score.map((_, i) => i) }]);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i', handleInvalid: 'skip' }, sb);
    const model = fitIn(stringIndexer, ctx, tb, 2);
    const out = stringIndexer.apply(ctx, model, sb.slice(100), 'out');
    expect(out.numRows).toBe(Number(want));
    const labels = labelsOf(model);
    for (const r of rowsOf(out)) expect(labels[r[2] as number]).toBe(r[0]);
    expect(out.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['s:Dictionary<Int32, Utf8>', 'id:Int32', 'i:Float64']);
    const err = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i' }, sb);
    expect(() => stringIndexer.apply(err, model, sb, 'out')).toThrow(/(value 'zeta' of column 's' \(inputCol\) was not seen when fitting|column 's' \(inputCol\) is null)/);
    const onlyZeta = batchOf([{ name: 's', type: 'string', values: ['zeta'] }]);
    expect(() => stringIndexer.apply(err, model, onlyZeta, 'out')).toThrow(/value 'zeta' of column 's' \(inputCol\) was not seen when fitting; handleInvalid is 'error': set handleInvalid to 'keep'/);
    const onlyNull = batchOf([{ name: 's', type: 'string', values: [null] }]);
    expect(() => stringIndexer.apply(err, model, onlyNull, 'out')).toThrow(/column 's' \(inputCol\) is null in a row/);
  });

  it('dictionary batches sharing one dictionary (with a null entry) index right for each model; a row on the null entry is null', () => {
    const dictionary = vectorFromArray(['a', null, 'b', 'c'], new Utf8());
    const type = new Dictionary(new Utf8(), new Int32());
    const batch = (codes: number[]) => arrowBatch(['s'], [dictionaryData(type, dictionary, Int32Array.from(codes), codes.length)], codes.length);
    const b1 = batch([0, 2, 2, 1, 3]); const b2 = batch([3, 3, 3, 0, 1]);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i', handleInvalid: 'keep' }, b1);
    const m1 = fitIn(stringIndexer, ctx, b1, 1);
    expect(labelsOf(m1)).toEqual(['b', 'a', 'c']);
    const m2 = fitIn(stringIndexer, ctx, b2, 1);
    expect(labelsOf(m2)).toEqual(['c', 'a']);
    const indexes = (m: FittedModel, b: RecordBatch) => rowsOf(stringIndexer.apply(ctx, m, b, 'out')).map((r) => r[1]);
    expect(indexes(m1, b1)).toEqual([1, 0, 0, 3, 2]);
    expect(indexes(m2, b1)).toEqual([1, 2, 2, 2, 0]);
    expect(indexes(m1, b2)).toEqual([2, 2, 2, 1, 3]);
    const err = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i' }, b1);
    expect(() => stringIndexer.apply(err, m1, b1, 'out')).toThrow(/column 's' \(inputCol\) is null in a row/);
  });

  it('empty input fits no labels; applying then treats every value as unseen', () => {
    const b = batchOf([{ name: 's', type: 'string', values: ['a', null] }]);
    const ctx = stageContext('feature.stringIndexer', { inputCol: 's', outputCol: 'i', handleInvalid: 'keep' }, b);
    const m = fitIn(stringIndexer, ctx, b.slice(0, 0), 2);
    expect(labelsOf(m)).toEqual([]);
    expect(rowsOf(stringIndexer.apply(ctx, m, b, 'out')).map((r) => r[1])).toEqual([0, 0]);
  });
});
