import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import {
  Bool, DateDay, Dictionary, Field, FixedSizeList, Float64, Int32, Int64, TimeUnit, Timestamp, Utf8,
  tableFromArrays, vectorFromArray, makeData, RecordBatch, Schema, Struct, type Vector,
} from 'apache-arrow';
import { TransferList, decodeBatch, encodeBatch, type EncodedBatch } from './transfer-codec.ts';

function sampleBatch(): RecordBatch {
  const n = 6;
  const cols: Record<string, Vector> = {
    i32: vectorFromArray([1, null, 3, -4, null, 6], new Int32()),
    i64: vectorFromArray([1n, 2n, null, 2n ** 60n, -5n, 0n], new Int64()),
    f64: vectorFromArray([1.5, null, NaN, -0, 1e300, 2], new Float64()),
    s: vectorFromArray(['a', '', null, 'héllo ☃', '日本', 'z'], new Utf8()),
    d: vectorFromArray(['x', 'y', 'x', null, 'y', 'x'], new Dictionary(new Utf8(), new Int32())),
    b: vectorFromArray([true, false, null, true, true, false], new Bool()),
    day: vectorFromArray([0, 1, null, 19000, -3, 5].map((x) => (x === null ? null : new Date(x * 86400000))), new DateDay()),
    ts: vectorFromArray([1, 2, 3, null, 5, 6], new Timestamp(TimeUnit.MICROSECOND, 'UTC')),
  };
  const vecType = new FixedSizeList(2, new Field('item', new Float64(), true));
  const vec = vectorFromArray(Array.from({ length: n }, (_, i) => (i === 2 ? null : [i, i * 2])), vecType);
  const fields = [...Object.entries(cols).map(([k, v]) => new Field(k, v.type, true)), new Field('vec', vecType, true)];
  const children = [...Object.values(cols).map((v) => v.data[0]!), vec.data[0]!];
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

function rows(b: RecordBatch): unknown[] {
  return b.toArray().map((r) => JSON.parse(JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Object && 'toArray' in v ? [...(v as Iterable<unknown>)] : v))));
}

async function throughChannel(e: EncodedBatch, transfer: ArrayBuffer[]): Promise<EncodedBatch> {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<EncodedBatch>((resolve) => port2.once('message', resolve));
  port1.postMessage(e, transfer);
  const out = await got;
  port1.close();
  port2.close();
  return out;
}

describe('transfer codec', () => {
  it('round-trips every column type through a real transfer, moving the buffers', async () => {
    const batch = sampleBatch();
    const expected = rows(batch);
    const t = new TransferList();
    const enc = encodeBatch(batch, t);
    expect(t.buffers.length).toBeGreaterThan(8);
    expect(new Set(t.buffers).size).toBe(t.buffers.length);
    const received = await throughChannel(enc, t.buffers);
    expect(t.buffers.every((b) => b.byteLength === 0)).toBe(true); // detached: moved, not copied
    const back = decodeBatch(received);
    expect(back.schema.fields.map((f) => String(f.type))).toEqual(batch.schema.fields.map((f) => String(f.type)));
    expect(rows(back)).toEqual(expected);
  });

  it('copies slices and buffers shared by two batches, so each encoded batch owns its buffers', async () => {
    const table = tableFromArrays({ x: Int32Array.from({ length: 100 }, (_, i) => i), s: Array.from({ length: 100 }, (_, i) => `v${i}`) });
    const whole = table.batches[0]!;
    const a = whole.slice(10, 30);
    const b = whole.slice(50, 53);
    const t = new TransferList();
    const encA = encodeBatch(a, t);
    const encB = encodeBatch(b, t);
    expect(new Set(t.buffers).size).toBe(t.buffers.length);
    const [ra, rb] = [decodeBatch(await throughChannel(encA, [])), decodeBatch(await throughChannel(encB, []))];
    expect(ra.getChild('x')!.toArray()).toEqual(Int32Array.from({ length: 20 }, (_, i) => i + 10));
    expect([...rb.getChild('s')!]).toEqual(['v50', 'v51', 'v52']);
    expect(whole.getChild('x')!.get(99)).toBe(99); // the source batch is untouched by copying
  });

  it('reports the bytes it carries', () => {
    const t = new TransferList();
    const enc = encodeBatch(tableFromArrays({ x: new Float64Array(1000) }).batches[0]!, t);
    expect(enc.bytes).toBe(8000);
  });
});

describe('transfer codec and shared dictionaries', () => {
  it('copies a dictionary shared with later batches instead of detaching it', () => {
    const dict = vectorFromArray(['x', 'y', 'z'], new Dictionary(new Utf8(), new Int32()));
    const shared = dict.data[0]!.dictionary!;
    const t = new TransferList();
    const fields = [new Field('c', dict.type, true)];
    encodeBatch(new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: 3, nullCount: 0, children: [dict.data[0]!] })), t);
    new MessageChannel().port1.postMessage(null, t.buffers); // detaches whatever was listed
    expect([...shared]).toEqual(['x', 'y', 'z']);
  });
});
