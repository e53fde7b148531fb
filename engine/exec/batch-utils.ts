// Small helpers over record batches that the operators share.

import { Field, makeData, RecordBatch, Schema, Struct, type Data } from 'apache-arrow';

/** Bytes held by a batch's buffers (children and dictionaries included). */
export function batchBytes(batch: RecordBatch): number {
  let n = 0;
  const walk = (d: Data): void => {
    const raw = d as unknown as { valueOffsets?: ArrayBufferView; values?: ArrayBufferView; nullBitmap?: ArrayBufferView; typeIds?: ArrayBufferView };
    n += (raw.valueOffsets?.byteLength ?? 0) + (raw.values?.byteLength ?? 0) + (raw.nullBitmap?.byteLength ?? 0) + (raw.typeIds?.byteLength ?? 0);
    d.children.forEach(walk);
    d.dictionary?.data.forEach(walk);
  };
  batch.data.children.forEach(walk);
  return n;
}

/** A batch of the given columns under the given names (no data copied). */
export function batchOf(names: readonly string[], columns: readonly Data[], length: number): RecordBatch {
  const fields = names.map((name, i) => new Field(name, columns[i]!.type, true));
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, nullCount: 0, children: columns as Data[] }));
}

/** Cuts a batch into `n` contiguous slices of near-equal size (no copies). */
export function sliceEvenly(batch: RecordBatch, n: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((batch.numRows * i) / n);
    const end = Math.floor((batch.numRows * (i + 1)) / n);
    out.push(batch.slice(start, end));
  }
  return out;
}
