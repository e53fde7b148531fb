// feature.stringIndexer, as Spark's StringIndexer: values are labelled by their string form
// (Spark casts a number to string: int 1 -> '1', double 1.0 -> '1.0', 1e7 -> '1.0E7'; a bool,
// which Spark refuses, as 'true' / 'false'), counted over the non-null values (a double NaN is
// not a label either: Spark drops it when fitting and treats it like null when applying), then
// ordered by stringOrderType: frequencyDesc / frequencyAsc break ties alphabetically ascending,
// alphabetDesc / alphabetAsc compare UTF-16 code units (as Java's String.compareTo).
// handleInvalid covers unseen values, null and NaN: error, skip the row, or keep (index = number
// of labels). Output float64, as Spark.
//
// Partials are real columns (value utf8, count float64): a column can have millions of distinct
// values. Dictionary-encoded strings are counted by code (one counter per dictionary entry), and
// each distinct dictionary is decoded once (the batches of a column usually share one dictionary
// object: decodedEntries keeps its labels while it lives), not per row or per batch.

import type { Data, RecordBatch } from 'apache-arrow';
import { Float64 } from 'apache-arrow';
import { fixedData } from '../../compute/arrow-build.ts';
import { columnData, makeBatch } from '../../compute/arrow-types.ts';
import { colFromData } from '../../compute/column.ts';
import type { Col } from '../../compute/column.ts';
import { stringCol } from '../../compute/strings.ts';
import { colToData } from '../../compute/column.ts';
import { takeBatch } from '../../compute/eval-expr.ts';
import type { FeatureStage, FitPartial, FittedModel, StageContext } from '../stage.ts';
import { ByteTable } from './byte-table.ts';
import { ValueCounter } from './value-counts.ts';
import { columnByName } from '../columns.ts';
import { javaDoubleString, keptRows, outputBatch, stageError } from './common.ts';

type Order = 'frequencyDesc' | 'frequencyAsc' | 'alphabetDesc' | 'alphabetAsc';

interface IndexerState { readonly labels: readonly string[] }

const decoder = new TextDecoder();

/** The labels of a dictionary's entries (null for a null entry), by the Arrow dictionary object. */
const decodedEntries = new WeakMap<object, readonly (string | null)[]>();

function entriesOf(d: Col, dictionary: object | undefined): readonly (string | null)[] {
  let entries = dictionary && decodedEntries.get(dictionary);
  if (!entries) {
    entries = Array.from({ length: d.length }, (_, k) => (d.valid && !d.valid[k] ? null : decoder.decode(d.bytes!.subarray(d.offsets![k]!, d.offsets![k + 1]!))));
    if (dictionary) decodedEntries.set(dictionary, entries);
  }
  return entries;
}

/** The column `name` as a kernel column, and its Arrow dictionary object when it has one. */
function inputOf(ctx: StageContext, batch: RecordBatch, name: string): { col: Col; dictionary: object | undefined } {
  const d = columnByName(ctx, batch, name, 'inputCol');
  return { col: colFromData(d), dictionary: (d as { dictionary?: object }).dictionary };
}

/** The labels of a column's rows: label(i) is row i's string form, or null when it is invalid
 *  (null, or a double NaN). Dictionary columns expose their entries and codes instead. */
interface Labelled {
  readonly length: number;
  /** Dictionary columns: entry labels (null for a null entry) and row codes. */
  readonly entries?: readonly (string | null)[];
  readonly codes?: Int32Array;
  readonly valid: Uint8Array | null;
  /** Numeric and bool columns: the row values. */
  readonly numbers?: Float64Array | Int32Array | BigInt64Array | Uint8Array;
  label(i: number): string | null;
}

function labelled(c: Col, dictionary?: object): Labelled {
  const { length, valid } = c;
  const isNull = (i: number) => valid !== null && valid[i] === 0;
  switch (c.type) {
    case 'string': {
      if (c.codes) {
        const entries = entriesOf(c.dict!, dictionary);
        const codes = c.codes;
        return { length, valid, entries, codes, label: (i) => (isNull(i) ? null : entries[codes[i]!]!) };
      }
      const o = c.offsets!; const b = c.bytes!;
      return { length, valid, label: (i) => (isNull(i) ? null : decoder.decode(b.subarray(o[i]!, o[i + 1]!))) };
    }
    case 'float64': {
      const v = c.values as Float64Array;
      return { length, valid, numbers: v, label: (i) => (isNull(i) || v[i] !== v[i] ? null : javaDoubleString(v[i]!)) };
    }
    case 'int64': {
      const v = c.values as BigInt64Array;
      return { length, valid, numbers: v, label: (i) => (isNull(i) ? null : v[i]!.toString()) };
    }
    case 'bool': {
      const v = c.values as Uint8Array;
      return { length, valid, numbers: v, label: (i) => (isNull(i) ? null : v[i] ? 'true' : 'false') };
    }
    case 'int32': {
      const v = c.values as Int32Array;
      return { length, valid, numbers: v, label: (i) => (isNull(i) ? null : String(v[i]!)) };
    }
    default: throw new Error(`feature.stringIndexer cannot index a ${c.type} column`);
  }
}

const STAT_FIELDS = [
  { name: 'value', type: 'string' as const, nullable: false },
  { name: 'count', type: 'float64' as const, nullable: false },
];

class IndexerPartial implements FitPartial {
  private readonly counts = new Map<string, number>();
  /** Numeric columns collect their values, sorted and counted at the end (no Map of doubles). */
  private readonly numbers = new ValueCounter(true); // '-0.0' and '0.0' are different labels
  private bigints = new BigInt64Array(0);
  private bigCount = 0;
  /** Plain strings are counted by their bytes, decoded once per distinct value. */
  private readonly plain = new ByteTable();
  private plainCounts = new Float64Array(16);
  private readonly ctx: StageContext;
  constructor(ctx: StageContext) { this.ctx = ctx; }

  consume(batch: RecordBatch): void {
    const { col: c, dictionary } = inputOf(this.ctx, batch, this.ctx.params.inputCol as string);
    const n = c.length; const valid = c.valid;
    if (c.type === 'int64') {
      const v = c.values as BigInt64Array;
      if (this.bigCount + n > this.bigints.length) { const g = new BigInt64Array(Math.max(2 * this.bigints.length, this.bigCount + n)); g.set(this.bigints.subarray(0, this.bigCount)); this.bigints = g; }
      for (let i = 0; i < n; i++) if (!valid || valid[i]) this.bigints[this.bigCount++] = v[i]!;
      if (this.bigCount >= 1 << 20) this.flushBigints();
      return;
    }
    if (c.type === 'float64' || c.type === 'int32' || c.type === 'bool') {
      const v = c.values!; const list = this.numbers;
      for (let i = 0; i < n; i++) {
        if (valid && !valid[i]) continue;
        const x = v[i] as number;
        if (x === x) list.push(x); // NaN: not a label (Spark drops it when fitting)
      }
      return;
    }
    const l = labelled(c, dictionary);
    if (l.codes) {
      const perCode = new Float64Array(l.entries!.length);
      for (let i = 0; i < n; i++) if (!valid || valid[i]) perCode[l.codes[i]!]!++;
      l.entries!.forEach((e, k) => { if (e !== null && perCode[k]! > 0) this.counts.set(e, (this.counts.get(e) ?? 0) + perCode[k]!); });
      return;
    }
    const o = c.offsets!; const b = c.bytes!; const t = this.plain;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const id = t.add(b, o[i]!, o[i + 1]!);
      if (id === this.plainCounts.length) { const g = new Float64Array(2 * id + 16); g.set(this.plainCounts); this.plainCounts = g; }
      this.plainCounts[id]!++;
    }
  }

  /** int64 values collected so far, counted into the labels (memory follows distinct values). */
  private flushBigints(): void {
    const big = this.bigints.subarray(0, this.bigCount).sort();
    for (let i = 0; i < big.length;) {
      let j = i + 1; while (j < big.length && big[j] === big[i]) j++;
      const label = big[i]!.toString();
      this.counts.set(label, (this.counts.get(label) ?? 0) + j - i); i = j;
    }
    this.bigCount = 0;
  }

  finish(): RecordBatch[] {
    const type = this.ctx.fitSchema.fields.find((f) => f.name === this.ctx.params.inputCol)?.type;
    const counts = this.counts;
    const add = (label: string, k: number) => counts.set(label, (counts.get(label) ?? 0) + k);
    const nums = this.numbers.result();
    for (let i = 0; i < nums.values.length; i++) {
      const x = nums.values[i]!;
      add(type === 'float64' ? javaDoubleString(x) : type === 'bool' ? (x ? 'true' : 'false') : String(x), nums.counts[i]!);
    }
    for (let id = 0; id < this.plain.size; id++) add(this.plain.entry(id), this.plainCounts[id]!);
    this.flushBigints();
    const values = [...counts.keys()];
    const n = values.length;
    return [makeBatch(STAT_FIELDS, [colToData(stringCol(values)), fixedData(new Float64(), Float64Array.from(counts.values()), n)], n)];
  }
}

/** Java's String.compareTo order (UTF-16 code units), which JS's < also follows. */
function byText(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

function final(ctx: StageContext, partials: readonly RecordBatch[]): FittedModel {
  const counts = new Map<string, number>();
  for (const b of partials) {
    const values = colFromData(columnData(b, 'value'));
    const l = labelled(values);
    const cnt = columnData(b, 'count').values as Float64Array;
    for (let i = 0; i < b.numRows; i++) { const s = l.label(i)!; counts.set(s, (counts.get(s) ?? 0) + cnt[i]!); }
  }
  const order = ctx.params.stringOrderType as Order;
  const all = [...counts.keys()];
  const freq = Float64Array.from(counts.values());
  const idx = Array.from(all, (_, i) => i);
  const text = (a: number, b: number) => byText(all[a]!, all[b]!);
  switch (order) {
    case 'frequencyDesc': idx.sort((a, b) => freq[b]! - freq[a]! || text(a, b)); break;
    case 'frequencyAsc': idx.sort((a, b) => freq[a]! - freq[b]! || text(a, b)); break;
    case 'alphabetAsc': idx.sort(text); break;
    case 'alphabetDesc': idx.sort((a, b) => text(b, a)); break;
  }
  const labels = idx.map((i) => all[i]!);
  const state: IndexerState = { labels };
  return {
    nodeId: ctx.nodeId, kind: ctx.kind, state,
    summary: { labels: labels.length, first: labels.slice(0, 20) },
  };
}

/** label -> index, built once per model (the same model object is applied to every batch). */
const indexes = new WeakMap<object, Map<string, number>>();
const byteIndexes = new WeakMap<object, ByteTable>();

function indexOf(model: FittedModel): Map<string, number> {
  let m = indexes.get(model);
  if (!m) {
    m = new Map((model.state as IndexerState).labels.map((s, i) => [s, i]));
    indexes.set(model, m);
  }
  return m;
}

/** The labels as a byte table: entry id = label index (labels are distinct, added in order). */
function byteIndexOf(model: FittedModel): ByteTable {
  let t = byteIndexes.get(model);
  if (!t) {
    t = new ByteTable();
    for (const s of (model.state as IndexerState).labels) t.addString(s);
    byteIndexes.set(model, t);
  }
  return t;
}

/** Each dictionary entry's label index (-1: null or unseen), once per dictionary and model. */
const codeIndexCache = new WeakMap<readonly (string | null)[], { model: FittedModel; perCode: Float64Array }>();

function codeIndexes(model: FittedModel, entries: readonly (string | null)[], index: Map<string, number>): Float64Array {
  const hit = codeIndexCache.get(entries);
  if (hit && hit.model === model) return hit.perCode;
  const perCode = Float64Array.from(entries, (e) => (e === null ? -1 : index.get(e) ?? -1));
  codeIndexCache.set(entries, { model, perCode });
  return perCode;
}

function apply(ctx: StageContext, model: FittedModel | undefined, batch: RecordBatch): RecordBatch {
  if (!model) throw stageError(ctx, 'applied without a fitted model');
  const name = ctx.params.inputCol as string;
  const handle = ctx.params.handleInvalid as 'error' | 'skip' | 'keep';
  const index = indexOf(model);
  const unseen = index.size;
  const { col, dictionary } = inputOf(ctx, batch, name);
  const l = labelled(col, dictionary);
  const n = l.length;
  const out = new Float64Array(n);
  if (col.type === 'string' && !col.codes) {
    const t = byteIndexOf(model); const o = col.offsets!; const b = col.bytes!;
    for (let i = 0; i < n; i++) out[i] = l.valid && !l.valid[i] ? -1 : t.find(b, o[i]!, o[i + 1]!);
  } else if (l.codes) {
    const perCode = codeIndexes(model, l.entries!, index);
    for (let i = 0; i < n; i++) out[i] = l.valid && !l.valid[i] ? -1 : perCode[l.codes[i]!]!;
  } else if (l.numbers) {
    // Numbers: format each distinct value once, not each row.
    const seen = new Map<number | bigint, number>();
    const v = l.numbers;
    for (let i = 0; i < n; i++) {
      if ((l.valid && !l.valid[i]) || v[i] !== v[i]) { out[i] = -1; continue; }
      const x = v[i]!;
      let k = Object.is(x, -0) ? undefined : seen.get(x);
      if (k === undefined) { k = index.get(l.label(i)!) ?? -1; if (!Object.is(x, -0)) seen.set(x, k); }
      out[i] = k;
    }
  } else {
    for (let i = 0; i < n; i++) { const s = l.label(i); out[i] = s === null ? -1 : index.get(s) ?? -1; }
  }
  let keep: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (out[i]! >= 0) continue;
    if (handle === 'keep') { out[i] = unseen; continue; }
    if (handle === 'skip') { (keep ??= new Uint8Array(n).fill(1))[i] = 0; continue; }
    const s = l.label(i);
    // No label: a null row or dictionary entry, or a double NaN.
    const missing = l.numbers && l.numbers[i] !== l.numbers[i] ? 'NaN' : 'null';
    throw stageError(ctx, s === null
      ? `column '${name}' (inputCol) is ${missing} in a row; handleInvalid is 'error': set handleInvalid to 'skip' or 'keep', or fill it before this node`
      : `value '${s}' of column '${name}' (inputCol) was not seen when fitting; handleInvalid is 'error': set handleInvalid to 'keep' (index ${unseen}) or 'skip'`);
  }
  const rows = keep ? keptRows(keep) : null;
  if (!rows) return outputBatch(ctx, batch, new Map([[ctx.params.outputCol as string, fixedData(new Float64(), out, n) as Data]]));
  const kept = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) kept[r] = out[rows[r]!]!;
  return outputBatch(ctx, takeBatch(batch, rows, true), new Map([[ctx.params.outputCol as string, fixedData(new Float64(), kept, rows.length) as Data]]), rows.length);
}

export const stringIndexer: FeatureStage = {
  fit: { partial: (ctx) => new IndexerPartial(ctx), final },
  apply,
};
