import {
  Bool, DateDay, Dictionary, Float64, Int32, Int64, makeData, makeVector, RecordBatch, Struct, Field as ArrowField,
  Schema as ArrowSchema, TimeUnit, Timestamp, Utf8, vectorFromArray, type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../../engine/types.ts';
import { previewRows, summarizeColumn, summarizeRows } from './preview-summary.ts';

function batchOf(columns: Record<string, Vector>): RecordBatch {
  const fields = Object.entries(columns).map(([name, v]) => new ArrowField(name, v.type, true));
  const length = Object.values(columns)[0]!.length;
  const data = makeData({ type: new Struct(fields), length, children: Object.values(columns).map((v) => v.data[0]!) });
  return new RecordBatch(new ArrowSchema(fields), data);
}

const schema: Schema = { fields: [
  { name: 'i', type: 'int32', nullable: true },
  { name: 'big', type: 'int64', nullable: true },
  { name: 'f', type: 'float64', nullable: true },
  { name: 's', type: 'string', nullable: true },
  { name: 'b', type: 'bool', nullable: true },
  { name: 'd', type: 'date', nullable: true },
  { name: 'ts', type: 'timestamp', nullable: true },
] };

function sampleBatch(): RecordBatch {
  const tsType = new Timestamp(TimeUnit.MICROSECOND, 'UTC');
  return batchOf({
    i: vectorFromArray([3, null, 1, 3], new Int32()),
    big: vectorFromArray([1n, 9007199254740993n, null, -5n], new Int64()),
    f: vectorFromArray([1.5, Number.NaN, null, -2], new Float64()),
    s: vectorFromArray(['a', '', null, 'a'], new Utf8()),
    b: vectorFromArray([true, false, null, true], new Bool()),
    d: makeVector(makeData({ type: new DateDay(), length: 4, nullCount: 1,
      nullBitmap: new Uint8Array([0b1011]), data: new Int32Array([0, 19000, 0, -1]) })),
    ts: makeVector(makeData({ type: tsType, length: 4, nullCount: 1, nullBitmap: new Uint8Array([0b0111]),
      data: new BigInt64Array([1_700_000_000_123_456n, 0n, -1n, 0n]) })),
  });
}

describe('preview rows', () => {
  it('turns Arrow columns into JSON cells, keeping null apart from the empty string', () => {
    const rows = previewRows(schema, [sampleBatch()], 100);
    expect(rows).toEqual([
      [3, 1, 1.5, 'a', true, '1970-01-01', '2023-11-14T22:13:20.123456Z'],
      [null, '9007199254740993', 'NaN', '', false, '2022-01-08', '1970-01-01T00:00:00.000Z'],
      [1, null, null, null, null, null, '1969-12-31T23:59:59.999999Z'],
      [3, -5, -2, 'a', true, '1969-12-31', null],
    ]);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('stops at the limit across batches', () => {
    const rows = previewRows(schema, [sampleBatch(), sampleBatch()], 6);
    expect(rows).toHaveLength(6);
    expect(rows[4]![0]).toBe(3);
  });

  it('decodes dictionary-encoded strings', () => {
    const dict = vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32()));
    const rows = previewRows({ fields: [{ name: 'c', type: 'string', nullable: true }] }, [batchOf({ c: dict })], 10);
    expect(rows.map((r) => r[0])).toEqual(['x', 'y', 'x', null]);
  });
});

describe('column summaries', () => {
  it('counts nulls, finds min / max and distinct values per type', () => {
    const rows = previewRows(schema, [sampleBatch()], 100);
    const byName = Object.fromEntries(summarizeRows(schema, rows).map((s) => [s.name, s]));
    expect(byName.i).toMatchObject({ nulls: 1, min: 1, max: 3, distinctEstimate: 2 });
    expect(byName.big).toMatchObject({ nulls: 1, min: -5, max: '9007199254740993', distinctEstimate: 3 });
    // NaN counts as a value but never as a min or max
    expect(byName.f).toMatchObject({ nulls: 1, min: -2, max: 1.5, distinctEstimate: 3 });
    expect(byName.s).toMatchObject({ nulls: 1, min: '', max: 'a', distinctEstimate: 2 });
    expect(byName.s!.histogram).toEqual([{ label: 'a', count: 2 }, { label: '', count: 1 }]);
    expect(byName.b).toMatchObject({ nulls: 1, min: false, max: true });
    expect(byName.d).toMatchObject({ nulls: 1, min: '1969-12-31', max: '2022-01-08' });
    expect(byName.ts).toMatchObject({ nulls: 1, min: '1969-12-31T23:59:59.999999Z', max: '2023-11-14T22:13:20.123456Z' });
  });

  it('bins numbers into equal-width bins over [min, max] holding every value', () => {
    const cells = Array.from({ length: 100 }, (_, k) => k);
    const s = summarizeColumn({ name: 'n', type: 'float64', nullable: true }, [...cells, null]);
    expect(s.histogram).toHaveLength(10);
    expect(s.histogram.every((b) => b.count === 10)).toBe(true);
    expect(s.histogram[0]!.label).toBe('0 – 9.9');
    expect(s.histogram[9]!.label).toBe('89.1 – 99');
    const single = summarizeColumn({ name: 'n', type: 'int32', nullable: true }, [7, 7, 7]);
    expect(single.histogram).toEqual([{ label: '7', count: 3 }]);
    expect(summarizeColumn({ name: 'n', type: 'int32', nullable: true }, [null]).histogram).toEqual([]);
  });

  it('keeps the most frequent strings, most frequent first', () => {
    const cells = Array.from({ length: 30 }, (_, k) => `v${k % 12}`);
    const s = summarizeColumn({ name: 's', type: 'string', nullable: true }, cells);
    expect(s.histogram).toHaveLength(10);
    expect(s.histogram.slice(0, 6).map((h) => h.count)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(s.histogram[6]!.count).toBe(2);
    expect(s.distinctEstimate).toBe(12);
  });
});
