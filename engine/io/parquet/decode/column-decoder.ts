// What row-group.ts makes of each column chunk and late-batches.ts reads rows through: the
// decoder of one column of a row group.

import type { Data } from 'apache-arrow';
import type { ColumnCursor } from './column-chunk.ts';

/** A column of one row group, batch by batch: rows [start, end) as Arrow Data decoded into arrays
 *  of their own (`full`), only some of them (`selected`, rows relative to start, ascending), or
 *  none (`skip`, stepping over them). Each call takes the rows right after the last call's. */
export interface ColumnDecoder {
  readonly cursor: ColumnCursor;
  full(start: number, end: number): Data;
  selected(start: number, end: number, rows: Int32Array): Data;
  skip(start: number, end: number): void;
}
