// Union: both inputs in turn, the second's columns matched to the union's (by name or by
// position) and cast where its types differ.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../../logical/expr.ts';
import type { ProjectItem } from '../../logical/plan.ts';
import type { DataType } from '../../types.ts';
import { projectBatch } from '../../compute/eval-expr.ts';
import type { UnionOp } from '../../physical/physical-types.ts';
import { batchOf } from '../batch-utils.ts';
import { streams, type OpenInput, type PhysicalOperator } from './contract.ts';

async function* union(op: UnionOp, open: OpenInput): AsyncGenerator<RecordBatch> {
  const names = op.schema.fields.map((f) => f.name);
  for (const input of op.inputs) {
    for await (const b of open(input)) {
      const columns = names.map((n, i) => {
        const child = op.byName ? b.getChild(n) : b.getChildAt(i);
        if (!child) throw new Error(`union '${op.nodeId}': an input lacks column '${n}'`);
        return child.data[0]!; // a batch's column is one chunk
      });
      const aligned = batchOf(names, columns, b.numRows);
      const types = aligned.schema.fields.map((f) => typeName(String(f.type)));
      const castItems: ProjectItem[] = op.schema.fields.map((f, i) => {
        const column: Expr = { kind: 'column', name: f.name, type: types[i]! };
        return { name: f.name, expr: types[i] === f.type ? column : { kind: 'cast', operand: column, to: f.type, type: f.type } };
      });
      yield types.every((t, i) => t === op.schema.fields[i]!.type) ? aligned : projectBatch(aligned, castItems, op.schema);
    }
  }
}

/** Arrow's type text -> the pipeline type it holds (only to decide whether a union input needs a cast). */
function typeName(arrow: string): DataType {
  if (arrow === 'Bool') return 'bool';
  if (arrow === 'Int32') return 'int32';
  if (arrow === 'Int64') return 'int64';
  if (arrow.startsWith('Float')) return 'float64';
  if (arrow.startsWith('Date')) return 'date';
  if (arrow.startsWith('Timestamp')) return 'timestamp';
  if (arrow.startsWith('FixedSizeList')) return 'vector';
  return 'string';
}

export const unionOperator: PhysicalOperator<'union'> = {
  inputs: (op) => streams(...op.inputs), holds: () => 'nothing', emits: 'per batch',
  run: (op, _ctx, open) => union(op, open),
};
