// The `nodes` map of an optimized PipelinePlan: each node's plan optimized on its own (for a
// preview of that node) when first asked for. A preview needs one node; optimizing all of them
// up front costs a pass over the whole graph per node, quadratic in pipeline length.

import type { LogicalPlan } from '../logical/plan.ts';

export class LazyNodePlans implements ReadonlyMap<string, LogicalPlan> {
  readonly #source: ReadonlyMap<string, LogicalPlan>;
  readonly #optimize: (p: LogicalPlan) => LogicalPlan;
  readonly #done = new Map<string, LogicalPlan>();

  constructor(source: ReadonlyMap<string, LogicalPlan>, optimize: (p: LogicalPlan) => LogicalPlan) {
    this.#source = source;
    this.#optimize = optimize;
  }

  get size(): number { return this.#source.size; }
  has(id: string): boolean { return this.#source.has(id); }

  get(id: string): LogicalPlan | undefined {
    const cached = this.#done.get(id);
    if (cached) return cached;
    const p = this.#source.get(id);
    if (!p) return undefined;
    const q = this.#optimize(p);
    this.#done.set(id, q);
    return q;
  }

  keys(): MapIterator<string> { return this.#source.keys(); }
  * values(): MapIterator<LogicalPlan> { for (const id of this.#source.keys()) yield this.get(id)!; }
  * entries(): MapIterator<[string, LogicalPlan]> { for (const id of this.#source.keys()) yield [id, this.get(id)!]; }
  [Symbol.iterator](): MapIterator<[string, LogicalPlan]> { return this.entries(); }

  forEach(fn: (value: LogicalPlan, key: string, map: ReadonlyMap<string, LogicalPlan>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
