// Two-phase hash aggregation. Partial (per partition, before the exchange): group input rows
// and fold them into per-group state. Final (after a hash exchange on the group keys): group
// the partial rows again and merge states. Partial output columns: the group keys, then each
// aggregation's state columns named `<as>__<state>` (see accumulators/agg-fn.ts for the row
// layout). A global aggregate (no keys) always has exactly one group, so zero input rows give
// one row: count 0, every other function null.

import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { AggregateItem, AggregateNode } from '../logical/plan.ts';
import type { Field, Schema } from '../types.ts';
import { findField } from '../types.ts';
import { columnData, makeBatch } from './arrow-types.ts';
import type { Col, ColType } from './column.ts';
import { colFromData, colToData, takeCol } from './column.ts';
import { coerce } from './eval-common.ts';
import { takeBatch } from './eval-expr.ts';
import { validBytes } from './bitmap.ts';
import { GroupTable } from './group-table.ts';
import { hashCols } from './hash.ts';
import type { AggFn } from './accumulators/agg-fn.ts';
import { CountAgg } from './accumulators/count.ts';
import { CountDistinctAgg } from './accumulators/count-distinct.ts';
import { FirstAgg } from './accumulators/first.ts';
import { MedianAgg } from './accumulators/median.ts';
import { MinMaxAgg } from './accumulators/min-max.ts';
import { AvgAgg, SumAgg } from './accumulators/sum-avg.ts';
import { VarianceAgg } from './accumulators/variance.ts';

export interface Accumulator {
  /** Folds the rows of `batch` in, or only its rows `sel` (a fused filter's selection: a partial
   *  aggregate reads them in place, a final one does not take a selection); `nonNull` names
   *  columns with no null among the selected rows. */
  consume(batch: RecordBatch, sel?: Int32Array | null, nonNull?: readonly string[]): void;
  finish(): RecordBatch[];
}

/** An accumulator keyed by a hash table, as a spilling operator drives it (exec/operators/spill):
 *  how many groups it holds, which rows' keys it already holds (without inserting), and the key
 *  hash of each row (to route the others to spill partitions). */
export interface HashAccumulator extends Accumulator {
  groupCount(): number;
  /** About the bytes its hash table holds (keys, slots; not the per-group states). */
  tableBytes(): number;
  /** Group id of each row of `batch` whose key is held, else -1; inserts nothing. */
  known(batch: RecordBatch): Int32Array;
  keyHashes(batch: RecordBatch): Uint32Array;
}

function makeFn(item: AggregateItem, inputType: ColType | undefined, nodeId: string): AggFn {
  const t = inputType ?? 'null';
  if (item.fn !== 'count' && !item.column) throw new Error(`aggregate '${nodeId}': ${item.fn} needs a column (aggregation '${item.as}')`);
  switch (item.fn) {
    case 'count': return new CountAgg();
    case 'count_distinct': return new CountDistinctAgg(t);
    case 'sum': return new SumAgg(t);
    case 'avg': return new AvgAgg();
    case 'min': return new MinMaxAgg(t, false);
    case 'max': return new MinMaxAgg(t, true);
    case 'stddev': return new VarianceAgg(true);
    case 'variance': return new VarianceAgg(false);
    case 'median': return new MedianAgg();
    case 'first': return new FirstAgg(t);
  }
}

function field(schema: Schema, name: string, nodeId: string): Field {
  const f = findField(schema, name);
  if (!f) throw new Error(`aggregate '${nodeId}': column '${name}' is not in the input (columns: ${schema.fields.map((x) => x.name).join(', ')})`);
  return f;
}

export function makeAggregate(node: AggregateNode, inputSchema: Schema): { partialSchema: Schema; createPartial(): HashAccumulator; createFinal(): HashAccumulator } {
  const keyFields = node.groupBy.map((k) => field(inputSchema, k, node.nodeId));
  const keyTypes = keyFields.map((f) => f.type);
  const inputTypes = node.aggregations.map((a) => (a.column ? field(inputSchema, a.column, node.nodeId).type : undefined));
  const fns = (): AggFn[] => node.aggregations.map((a, i) => makeFn(a, inputTypes[i], node.nodeId));
  const template = fns();
  const stateFields: Field[] = [];
  const stateIndex: number[][] = [];
  node.aggregations.forEach((a, i) => {
    stateIndex.push(template[i]!.stateFields.map((sf) => {
      stateFields.push({ name: `${a.as}__${sf.suffix}`, type: sf.type === 'null' ? 'int32' : sf.type, nullable: true });
      return keyFields.length + stateFields.length - 1;
    }));
  });
  const partialSchema: Schema = { fields: [...keyFields.map((f) => ({ ...f, nullable: true })), ...stateFields] };

  const keyColsOf = (batch: RecordBatch): Col[] => node.groupBy.map((k, i) => coerce(colFromData(columnData(batch, k)), keyTypes[i]!));
  const groupIds = (table: GroupTable, batch: RecordBatch, sel: Int32Array | null = null): Int32Array => {
    if (keyTypes.length === 0) return new Int32Array(sel ? sel.length : batch.numRows);
    const cols = keyColsOf(batch);
    if (!sel) return table.groupIds(cols);
    return cols.length === 1 ? table.groupIdsAt(cols[0]!, sel) : table.groupIds(cols.map((c) => takeCol(c, sel)));
  };
  const groupCount = (table: GroupTable): number => (keyTypes.length === 0 ? 1 : table.size);
  const spillable = (table: GroupTable): Pick<HashAccumulator, 'groupCount' | 'tableBytes' | 'known' | 'keyHashes'> => ({
    groupCount: () => groupCount(table),
    tableBytes: () => table.memoryBytes(),
    known: (batch) => (keyTypes.length === 0 ? new Int32Array(batch.numRows) : table.groupIds(keyColsOf(batch), false)),
    keyHashes: (batch) => hashCols(keyColsOf(batch), batch.numRows),
  });

  const createPartial = (): HashAccumulator => {
    const table = new GroupTable(keyTypes);
    const aggs = fns();
    return {
      ...spillable(table),
      consume(batch, sel = null, nonNull) {
        if (sel && sel.length === batch.numRows) sel = null;
        if ((sel ? sel.length : batch.numRows) === 0) return;
        const gids = groupIds(table, batch, sel);
        const groups = groupCount(table);
        aggs.forEach((f, i) => {
          const c = node.aggregations[i]!.column;
          if (!c) { f.update(gids, null, groups); return; }
          if (!sel) { f.update(gids, colFromData(columnData(batch, c)), groups); return; }
          const d = columnData(batch, c);
          const view = f.updateSelected ? selectedView(d, sel, nonNull?.includes(c) === true) : null;
          if (!view || !f.updateSelected!(gids, view, groups, sel)) f.update(gids, takeCol(colFromData(d), sel), groups);
        });
      },
      finish() {
        const groups = groupCount(table);
        aggs.forEach((f) => f.update(new Int32Array(0), null, groups));
        const extras = aggs.map((f) => f.extraGroups());
        const rows = groups + extras.reduce((s, e) => s + e.length, 0);
        if (rows === 0) return [];
        const rowGroup = new Int32Array(rows);
        for (let g = 0; g < groups; g++) rowGroup[g] = g;
        const starts: number[] = [];
        let at = groups;
        for (const e of extras) { starts.push(at); rowGroup.set(e, at); at += e.length; }
        const keys = table.keyCols().map((c) => (rows === groups && c.length === groups ? c : takeCol(c, rowGroup)));
        const states = aggs.flatMap((f, i) => f.emitState(rows, groups, starts[i]!));
        const cols = [...keys, ...states].map((c, i) => colToData(coerce(c, partialSchema.fields[i]!.type)));
        return [makeBatch(partialSchema.fields, cols, rows)];
      },
    };
  };

  const createFinal = (): HashAccumulator => {
    const table = new GroupTable(keyTypes);
    const aggs = fns();
    return {
      ...spillable(table),
      consume(batch, sel = null) {
        // A spilling final aggregate passes the rows of the groups it holds as a selection.
        if (sel) batch = takeBatch(batch, sel, true);
        if (batch.numRows === 0) return;
        const gids = groupIds(table, batch);
        const groups = groupCount(table);
        const cols = batch.data.children.map((d) => colFromData(d));
        aggs.forEach((f, i) => f.merge(gids, stateIndex[i]!.map((k) => cols[k]!), groups));
      },
      finish() {
        const groups = groupCount(table);
        if (groups === 0) return [];
        const keys: Col[] = keyTypes.length ? table.keyCols() : [];
        const results = aggs.map((f) => f.result(groups));
        const out = [...keys, ...results].map((c, i) => {
          const want = node.schema.fields[i]?.type;
          return colToData(want ? coerce(c, want) : c);
        });
        return [makeBatch(node.schema.fields, out, groups)];
      },
    };
  };

  return { partialSchema, createPartial, createFinal };
}

/** A 32-bit integer or float64 column read in place at the rows `sel` (null for other types):
 *  validity is unpacked only when some selected row is null (`knownValid`: a comparison on the
 *  column, `amount > 50`, selected the rows, so none is). */
function selectedView(d: Data, sel: Int32Array, knownValid: boolean): Col | null {
  const t = d.type;
  let type: 'int32' | 'float64';
  if (t.typeId === Type.Float && d.values instanceof Float64Array) type = 'float64';
  else if (t.typeId === Type.Int && d.values instanceof Int32Array) type = 'int32';
  else return null;
  const valid = !knownValid && anyNullAt(d, sel) ? validBytes(d) : null;
  return { type, length: d.length, valid, values: d.values };
}

function anyNullAt(d: Data, sel: Int32Array): boolean {
  const bits = d.nullBitmap;
  if (d.nullCount === 0 || !bits || bits.length === 0) return false;
  const off = d.offset;
  let all = 1;
  for (let k = 0; k < sel.length; k++) { const b = sel[k]! + off; all &= bits[b >> 3]! >> (b & 7); }
  return (all & 1) === 0;
}
