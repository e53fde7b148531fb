// Empty: the relation without rows (a branch the optimizer proved empty).

import type { RecordBatch } from 'apache-arrow';
import type { PhysicalOperator } from './contract.ts';

async function* nothing(): AsyncGenerator<RecordBatch> {}

export const emptyOperator: PhysicalOperator<'empty'> = {
  inputs: () => [], holds: () => 'nothing', emits: 'nothing',
  run: () => nothing(),
};
