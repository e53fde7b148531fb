// Whether an operator runs its spilling path: only under a task memory budget with a spill
// folder; otherwise (no budget, the default) it keeps its in-memory path exactly.

import type { TaskMemory } from '../../memory/task-memory.ts';

export function isBounded(memory: TaskMemory | undefined): memory is TaskMemory {
  return memory !== undefined && Number.isFinite(memory.budgetBytes) && memory.spillDir !== undefined;
}
