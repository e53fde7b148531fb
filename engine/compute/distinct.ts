// Distinct rows on `columns`, keeping the first row of each key (all input columns are output).
// Final: a row passes the first time its key is seen. Partial: the same, until it sees that it
// does not reduce (after SKIP_CHECK_ROWS rows, more than SKIP_RATIO of them were new keys): from
// then on it passes its rows through unchanged and the final distinct removes the duplicates,
// as DuckDB and Spark skip a partial aggregation that does not pay for its hash table.

import type { RecordBatch } from 'apache-arrow';
import type { Schema } from '../types.ts';
import { findField } from '../types.ts';
import type { HashAccumulator } from './aggregate.ts';
import { columnData } from './arrow-types.ts';
import { colFromData } from './column.ts';
import { coerce } from './eval-common.ts';
import { takeBatch } from './eval-expr.ts';
import { GroupTable } from './group-table.ts';
import { hashCols } from './hash.ts';
import type { Col } from './column.ts';

/** Rows a partial distinct reads before it decides whether to keep deduplicating. */
export const SKIP_CHECK_ROWS = 1 << 14;
/** Above this share of new keys among the rows read, the partial stage passes rows through. */
const SKIP_RATIO = 0.5;

export function makeDistinct(columns: readonly string[], schema: Schema): { createPartial(): HashAccumulator; createFinal(): HashAccumulator } {
  const names = columns.length ? columns : schema.fields.map((f) => f.name);
  const types = names.map((n) => {
    const f = findField(schema, n);
    if (!f) throw new Error(`distinct: column '${n}' is not in the input (columns: ${schema.fields.map((x) => x.name).join(', ')})`);
    return f.type;
  });
  const keyCols = (batch: RecordBatch): Col[] => names.map((n, i) => coerce(colFromData(columnData(batch, n)), types[i]!));
  const create = (mayPassThrough: boolean): HashAccumulator => {
    const table = new GroupTable(types);
    const out: RecordBatch[] = [];
    let read = 0;
    let passing = false;
    return {
      groupCount: () => table.size,
      tableBytes: () => table.memoryBytes(),
      known: (batch) => table.groupIds(keyCols(batch), false),
      keyHashes: (batch) => hashCols(keyCols(batch), batch.numRows),
      consume(batch, sel = null) {
        // A spilling distinct passes the rows whose keys it holds as a selection.
        if (sel) batch = takeBatch(batch, sel, true);
        if (batch.numRows === 0) return;
        if (passing) { out.push(batch); return; }
        const before = table.size;
        const gids = table.groupIds(keyCols(batch));
        // A row is kept when its group is new and this is the group's first row. New ids are not
        // in row order (a dictionary key column groups its dictionary entries first).
        const keep = new Int32Array(gids.length);
        const seen = new Uint8Array(table.size - before);
        let m = 0;
        for (let i = 0; i < gids.length; i++) {
          const g = gids[i]! - before;
          if (g >= 0 && seen[g] === 0) { seen[g] = 1; keep[m++] = i; }
        }
        if (m === batch.numRows) out.push(batch);
        else if (m) out.push(takeBatch(batch, keep.subarray(0, m), true));
        read += batch.numRows;
        if (mayPassThrough && read >= SKIP_CHECK_ROWS && table.size > SKIP_RATIO * read) passing = true;
      },
      finish() { return out.splice(0); },
    };
  };
  // The spilling path (exec/operators/spill) asks the table which keys it holds: it takes the
  // exact one (createFinal) for both phases.
  return { createPartial: () => create(true), createFinal: () => create(false) };
}
