// Hash join: the build side's rows are grouped by key (GroupTable, null keys never inserted)
// and chained per key in CSR form; each probe batch looks its keys up without inserting, yields
// two index vectors (probe row, build row), and every output column is one typed gather of
// Arrow Data (gather.ts; -1 gives a null row). A build side with unique keys (the usual
// dimension table) skips the CSR walk: a group's only row is order[group]. Build-side string
// columns with few distinct values are dictionary-encoded once (dictionary-encode.ts).
// Output columns per docs/pipeline-format.md: left columns, then right columns; a key pair with the same name
// on both sides is one column (coalesce(left, right), as SQL USING): the left key wherever the
// row has a left row (matched keys are equal), else the right key; semi/anti output the left
// columns only. `unmatched` gives the build rows no probe row matched (right/full joins with the
// preserved side as build), or, for semi/anti joins built on the left, the rows they keep.

import type { Data, RecordBatch } from 'apache-arrow';
import type { JoinNode } from '../logical/plan.ts';
import type { Field, Schema } from '../types.ts';
import { columnData, dataTypeOf, makeBatch } from './arrow-types.ts';
import type { Col, ColType } from './column.ts';
import { colFromData, colToData, nullCol } from './column.ts';
import { concatData } from './concat.ts';
import { dictionaryEncode } from './dictionary-encode.ts';
import { coerce, commonType, isValid, pickRows } from './eval-common.ts';
import { gatherData } from './gather.ts';
import { GroupTable } from './group-table.ts';

export interface JoinTable {
  readonly side: 'left' | 'right';
  /** The build side's columns, in its schema's order, each one Arrow Data over all build rows. */
  readonly data: readonly Data[];
  readonly rows: number;
  readonly keys: GroupTable;
  /** Build rows of group g: order[start[g] .. start[g+1]). */
  readonly start: Int32Array;
  readonly order: Int32Array;
  /** Every group has exactly one row (then group g's row is order[g]). */
  readonly unique: boolean;
  /** A single int32 / date key over a dense range: map[key - min] - 1 is the key's build row
   *  (unique keys) or group, -1 absent. One small array lookup per probe row, no probing; the
   *  hash table `keys` is then left empty. */
  readonly direct: DirectMap | null;
  readonly matched: Uint8Array;
}

const EMPTY_I32 = new Int32Array(0);

/** The build rows of each group in CSR form: group g's rows are order[start[g] .. start[g+1]). */
function rowLists(gids: Int32Array, rows: number, groups: number): { start: Int32Array; order: Int32Array; unique: boolean } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < rows; i++) { const g = gids[i]!; if (g >= 0) start[g + 1]!++; }
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, groups);
  const order = new Int32Array(start[groups]!);
  for (let i = 0; i < rows; i++) { const g = gids[i]!; if (g >= 0) order[fill[g]!++] = i; }
  return { start, order, unique: order.length === groups };
}

/** Stands for the probe index vector 0..n-1 when probe columns pass through (never read). */
const IDENTITY_UNUSED = new Int32Array(0);

class IndexBuffer {
  a: Int32Array; n = 0;
  constructor(capacity = 1024) { this.a = new Int32Array(Math.max(capacity, 16)); }
  push(v: number): void {
    if (this.n === this.a.length) { const b = new Int32Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
  view(): Int32Array { return this.a.subarray(0, this.n); }
}

/** See JoinTable.direct. `identity`: the keys are exactly min .. min + rows - 1, each once, and
 *  the build rows were reordered so that key k is row k - min: no map lookup at all. */
interface DirectMap { readonly min: number; readonly map: Int32Array; readonly identity: boolean }

/** Build-side grouping: group id per row (-1 for a null key), the group count, and for a single
 *  int32 / date key over a dense range the direct map (see JoinTable.direct), built instead of
 *  a hash table. */
function groupBuild(keys: readonly Col[], keyTypes: readonly ColType[]): { gids: Int32Array; groups: number; table: GroupTable; direct: DirectMap | null; uniqueDirect: boolean } {
  const table = new GroupTable(keyTypes, false);
  const k = keys[0];
  if (keys.length === 1 && k && (k.type === 'int32' || k.type === 'date') && k.values instanceof Int32Array) {
    const v = k.values; const n = k.length; const valid = k.valid;
    let min = 2147483647; let max = -2147483648; let count = 0;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const x = v[i]!; if (x < min) min = x; if (x > max) max = x; count++;
    }
    const range = max - min + 1;
    if (count > 0 && range <= Math.max(4 * count, 4096) && range <= 1 << 27) {
      const map = new Int32Array(range); const gids = new Int32Array(n);
      let groups = 0;
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) { gids[i] = -1; continue; }
        const j = v[i]! - min;
        let g = map[j]! - 1;
        if (g < 0) { g = groups++; map[j] = g + 1; }
        gids[i] = g;
      }
      if (groups === count) {
        // Unique keys: map straight to build rows.
        for (let i = 0; i < n; i++) if (gids[i]! >= 0) map[v[i]! - min] = i + 1;
      }
      return { gids, groups, table, direct: { min, map, identity: groups === count && count === range && count === n }, uniqueDirect: groups === count };
    }
  }
  const gids = table.groupIds(keys);
  return { gids, groups: table.size, table, direct: null, uniqueDirect: false };
}

function directLookup(d: DirectMap, key: Col): Int32Array {
  const n = key.length; const out = new Int32Array(n);
  const v = key.values as Int32Array; const valid = key.valid;
  const map = d.map; const min = d.min; const range = map.length;
  if (d.identity) {
    for (let i = 0; i < n; i++) {
      const j = v[i]! - min;
      out[i] = (j >>> 0) < range && (valid === null || valid[i] === 1) ? j : -1;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const j = v[i]! - min;
    // Out of range (unsigned compare also catches j < 0) or a null key: no match.
    out[i] = (j >>> 0) < range && (valid === null || valid[i] === 1) ? map[j]! - 1 : -1;
  }
  return out;
}

export function makeJoin(node: JoinNode, leftSchema: Schema, rightSchema: Schema): {
  build(batches: readonly RecordBatch[], side: 'left' | 'right'): JoinTable;
  probe(table: JoinTable, batch: RecordBatch): RecordBatch;
  unmatched(table: JoinTable): RecordBatch[];
  /** Per probe row of `batch`, 1 when some build row of `table` matches it (a spilled join's
   *  block nested loop tracks probe matches across build chunks this way). */
  matches(table: JoinTable, batch: RecordBatch): Uint8Array;
} {
  const type = node.type;
  const typeOfCol = (s: Schema, name: string, side: string): ColType => {
    const f = s.fields.find((x) => x.name === name);
    if (!f) throw new Error(`join '${node.nodeId}': key '${name}' is not a column of the ${side} input (columns: ${s.fields.map((x) => x.name).join(', ')})`);
    return f.type;
  };
  const keyTypes = node.on.map((k) => commonType(typeOfCol(leftSchema, k.left, 'left'), typeOfCol(rightSchema, k.right, 'right')));
  const leftKeyIdx = node.on.map((k) => leftSchema.fields.findIndex((f) => f.name === k.left));
  const rightKeyIdx = node.on.map((k) => rightSchema.fields.findIndex((f) => f.name === k.right));
  // Right key columns merged into their same-named left key column.
  const merged = new Map<number, number>();
  node.on.forEach((k, i) => { if (k.left === k.right) merged.set(rightKeyIdx[i]!, leftKeyIdx[i]!); });
  const leftOnly = type === 'semi' || type === 'anti';
  const rightOut = leftOnly ? [] : rightSchema.fields.map((_, i) => i).filter((i) => !merged.has(i));
  const outFields: readonly Field[] = node.schema.fields;

  const keysOf = (data: readonly Data[], idx: readonly number[]): Col[] => idx.map((k, i) => coerce(colFromData(data[k]!), keyTypes[i]!));
  const dataOf = (batch: RecordBatch, schema: Schema): Data[] => schema.fields.map((f) => columnData(batch, f.name));

  /** Column Data as the output field's type (gathered data of another type is cast). */
  const typed = (d: Data, f: Field | undefined): Data => {
    if (!f || f.type === 'vector' || dataTypeOf(d.type) === f.type) return d;
    return colToData(coerce(colFromData(d), f.type));
  };

  /** `identity` names a side whose index vector is 0..n-1 (its columns are used as they are).
   *  `noNeg` names the sides whose index vectors hold no -1. */
  const assemble = (leftData: readonly Data[] | null, leftIdx: Int32Array, rightData: readonly Data[] | null, rightIdx: Int32Array | null, identity: 'left' | 'right' | null = null, noNeg: { left?: boolean; right?: boolean } = {}): RecordBatch => {
    // An identity side's index vector may be left empty (IDENTITY_UNUSED): size from the other.
    const n = identity === 'left' ? rightIdx!.length : leftIdx.length;
    let leftMissing = !leftData;
    if (!leftOnly && merged.size && leftData && identity !== 'left') for (let i = 0; i < n; i++) if (leftIdx[i]! < 0) { leftMissing = true; break; }
    // Columns to gather: every left column; right columns that are output, and merged right
    // keys only when some row has no left row (then the key comes from the right).
    const side = (data: readonly Data[] | null, idx: Int32Array | null, schema: Schema, same: boolean, nn: boolean, wanted: (i: number) => boolean): (Data | null)[] =>
      schema.fields.map((_, i) => (data && idx && wanted(i) ? (same ? data[i]! : gatherData(data[i]!, idx, nn)) : null));
    const L = side(leftData, leftIdx, leftSchema, identity === 'left', noNeg.left === true, () => true);
    const R = leftOnly ? [] : side(rightData, rightIdx, rightSchema, identity === 'right', noNeg.right === true, (i) => !merged.has(i) || leftMissing);
    const nulls = (f: Field): Data => colToData(nullCol(f.type, n));
    if (!leftOnly && merged.size) {
      if (leftMissing) {
        // Some rows come only from the right (right / full joins): coalesce(left, right).
        for (const [r, l] of merged) {
          const t = leftSchema.fields[l]!.type;
          const lc = L[l] ? coerce(colFromData(L[l]!), t) : nullCol(t, n);
          const rc = R[r] ? coerce(colFromData(R[r]!), t) : nullCol(t, n);
          const choice = new Int32Array(n);
          for (let i = 0; i < n; i++) choice[i] = isValid(lc, i) ? 0 : 1;
          L[l] = colToData(pickRows(t, [lc, rc], choice));
        }
      }
    }
    const cols = [...L.map((d, i) => d ?? nulls(leftSchema.fields[i]!)), ...rightOut.map((i) => R[i] ?? nulls(rightSchema.fields[i]!))];
    return makeBatch(outFields, cols.map((d, i) => typed(d, outFields[i])), n);
  };

  /** Group (or, direct over unique keys, build row) of each probe row; -1: no match. */
  const lookup = (table: JoinTable, pdata: readonly Data[], n: number): Int32Array => {
    const probeKeys = (): Col[] => keysOf(pdata, table.side === 'left' ? rightKeyIdx : leftKeyIdx);
    return !n || !table.rows ? new Int32Array(n).fill(-1)
      : table.direct ? directLookup(table.direct, probeKeys()[0]!) : table.keys.groupIds(probeKeys(), false);
  };

  return {
    build(batches, side) {
      const schema = side === 'left' ? leftSchema : rightSchema;
      const nonEmpty = batches.filter((b) => b.numRows > 0);
      // Low-cardinality strings become dictionaries: output rows gather codes, not bytes.
      const data = schema.fields.map((f) => dictionaryEncode(concatData(nonEmpty.map((b) => columnData(b, f.name)), f.type)));
      const rows = nonEmpty.reduce((s, b) => s + b.numRows, 0);
      const grouped = rows ? groupBuild(keysOf(data, side === 'left' ? leftKeyIdx : rightKeyIdx), keyTypes) : null;
      const gids = grouped ? grouped.gids : new Int32Array(0);
      const groups = grouped ? grouped.groups : 0;
      const keys = grouped ? grouped.table : new GroupTable(keyTypes, false);
      const direct = grouped ? grouped.direct : null;
      // Unique keys under a direct map: probing reads build rows from the map itself, so the
      // per-group row lists (CSR) are never read; building them was a third of a 1M-row build.
      const csr = grouped?.uniqueDirect ? { start: EMPTY_I32, order: EMPTY_I32, unique: true } : rowLists(gids, rows, groups);
      const { start, order, unique } = csr;
      if (direct?.identity) {
        // Reorder the build rows by key (row k - min holds key k), so probing needs no lookup;
        // nothing to move when they are in key order already (a dimension table sorted by id).
        const map = direct.map; const perm = new Int32Array(rows);
        let sorted = true;
        for (let j = 0; j < map.length; j++) { perm[j] = map[j]! - 1; sorted &&= perm[j] === j; }
        if (!sorted) for (let i = 0; i < data.length; i++) data[i] = gatherData(data[i]!, perm, true);
      }
      return { side, data, rows, keys, start, order, unique, direct, matched: new Uint8Array(rows) };
    },

    matches(table, batch) {
      const gids = lookup(table, dataOf(batch, table.side === 'left' ? rightSchema : leftSchema), batch.numRows);
      const out = new Uint8Array(gids.length);
      for (let i = 0; i < gids.length; i++) out[i] = gids[i]! >= 0 ? 1 : 0;
      return out;
    },

    probe(table, batch) {
      const probeSide = table.side === 'left' ? 'right' : 'left';
      const probeSchema = probeSide === 'left' ? leftSchema : rightSchema;
      const pdata = dataOf(batch, probeSchema);
      const n = batch.numRows;
      const gids = lookup(table, pdata, n);
      const { start, matched, unique } = table;
      // With a direct map over unique keys, gids already are build rows.
      const order = table.direct && unique ? null : table.order;
      if (leftOnly) {
        if (probeSide === 'left') {
          const keep = new IndexBuffer(n);
          const want = type === 'semi';
          for (let i = 0; i < n; i++) if ((gids[i]! >= 0) === want) keep.push(i);
          return assemble(pdata, keep.view(), null, null, null, { left: true });
        }
        if (!order) { for (let i = 0; i < n; i++) { const r = gids[i]!; if (r >= 0) matched[r] = 1; } }
        else for (let i = 0; i < n; i++) { const g = gids[i]!; if (g >= 0) for (let k = start[g]!; k < start[g + 1]!; k++) matched[order[k]!] = 1; }
        return assemble(table.data, new Int32Array(0), null, null);
      }
      const keepProbe = type === 'full' || type === probeSide;
      const track = type === 'full' || type === table.side;
      let pv: Int32Array; let bv: Int32Array;
      // Every probe row once, in order: its columns pass through ungathered.
      let probeAll = false;
      if (unique) {
        // At most one build row per probe row: the index vectors fit in n. gids already are
        // build rows without `order`: when they all matched (or misses are kept as -1), they
        // are the build index vector as they are, and the probe rows are 0..n-1.
        let misses = 0;
        for (let i = 0; i < n; i++) misses += gids[i]! < 0 ? 1 : 0;
        if (!order && (misses === 0 || keepProbe)) {
          pv = IDENTITY_UNUSED; bv = gids; probeAll = true;
        } else {
          const p = new Int32Array(n); const b = new Int32Array(n);
          let m = 0;
          if (keepProbe) {
            for (let i = 0; i < n; i++) { const g = gids[i]!; p[i] = i; b[i] = g < 0 ? -1 : order![g]!; }
            m = n;
          } else if (order) {
            for (let i = 0; i < n; i++) { const g = gids[i]!; p[m] = i; b[m] = g < 0 ? 0 : order[g]!; m += g >= 0 ? 1 : 0; }
          } else {
            for (let i = 0; i < n; i++) { const g = gids[i]!; p[m] = i; b[m] = g; m += g >= 0 ? 1 : 0; }
          }
          pv = p.subarray(0, m); bv = b.subarray(0, m);
          if (m === n) probeAll = true;
        }
        const m = bv.length;
        if (track) for (let i = 0; i < m; i++) { const r = bv[i]!; if (r >= 0) matched[r] = 1; }
      } else {
        const p = new IndexBuffer(n); const b = new IndexBuffer(n);
        for (let i = 0; i < n; i++) {
          const g = gids[i]!;
          if (g < 0) { if (keepProbe) { p.push(i); b.push(-1); } continue; }
          for (let k = start[g]!; k < start[g + 1]!; k++) { const r = order![k]!; p.push(i); b.push(r); if (track) matched[r] = 1; }
        }
        pv = p.view(); bv = b.view();
      }
      const noNeg = { [probeSide]: true, [table.side]: !keepProbe };
      return probeSide === 'left'
        ? assemble(pdata, pv, table.data, bv, probeAll ? 'left' : null, noNeg)
        : assemble(table.data, bv, pdata, pv, probeAll ? 'right' : null, noNeg);
    },

    unmatched(table) {
      const { matched, rows } = table;
      const idx = new IndexBuffer();
      if (leftOnly) {
        if (table.side !== 'left') return [];
        for (let i = 0; i < rows; i++) if ((matched[i] === 1) === (type === 'semi')) idx.push(i);
        return idx.n ? [assemble(table.data, idx.view(), null, null, null, { left: true })] : [];
      }
      if (!(type === 'full' || type === table.side)) return [];
      for (let i = 0; i < rows; i++) if (!matched[i]) idx.push(i);
      if (!idx.n) return [];
      const none = new Int32Array(idx.n).fill(-1);
      return table.side === 'left'
        ? [assemble(table.data, idx.view(), null, none, null, { left: true })]
        : [assemble(null, none, table.data, idx.view(), null, { right: true })];
    },
  };
}
