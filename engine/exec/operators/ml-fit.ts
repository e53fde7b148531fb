// Fits a feature or model stage: 'partial' turns a partition's rows into statistics batches,
// 'final' merges every partition's statistics (gathered, in partition order) into the
// FittedModel and emits it as a one-row JSON batch.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../../errors.ts';
import type { MlFitOp } from '../../physical/physical-types.ts';
import { collect, type OpenInput, type PhysicalOperator } from './contract.ts';
import type { TaskMemory } from '../memory/task-memory.ts';
import { loadMl, stageOf } from './ml-stages.ts';

async function* mlFit(op: MlFitOp, open: OpenInput, memory: TaskMemory | undefined): AsyncGenerator<RecordBatch> {
  const ml = await loadMl();
  const fit = stageOf(op.nodeId, op.stage.kind, ml.mlStage).fit;
  if (!fit) throw new NodeExecutionError(op.nodeId, `${op.stage.kind} '${op.nodeId}' has no fit, yet the plan fits it: a planner bug`);
  if (op.phase === 'partial') {
    const partial = fit.partial(op.stage);
    for await (const b of open(op.input)) partial.consume(b);
    yield* partial.finish();
    return;
  }
  // An iterative fit caches its rows within the task's memory share, spilling the rest.
  if (fit.streamFinal) yield ml.jsonBatch(await fit.streamFinal(op.stage, open(op.input), memory));
  else yield ml.jsonBatch(fit.final(op.stage, await collect(open(op.input))));
}

export const mlFitOperator: PhysicalOperator<'mlFit'> = {
  inputs: (op) => [{ op: op.input, reads: 'whole' }],
  // A partial's statistics are the stage's own; a final holds every partition's statistics.
  holds: (op) => (op.phase === 'partial' ? 'per key' : 'whole input'),
  emits: 'at end', load: loadMl,
  run: (op, ctx, open) => mlFit(op, open, ctx.memory),
};
