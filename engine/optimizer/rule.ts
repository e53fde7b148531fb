// The shape of an optimizer rule. A rule rewrites the plan forest (the roots a run starts from:
// sinks and leaves; or the one plan of a node being previewed) into an equivalent one. Roots
// share sub-trees by object identity, so a rule sees all of them at once: a sub-tree with two
// consumers must stay one sub-tree (exec computes it once), and what one consumer needs from it
// (columns, rows) is only known from all of its consumers.

import type { LogicalPlan } from '../logical/plan.ts';

/** The roots of a plan forest, in a fixed order; a rule returns them in the same order. */
export type PlanRoots = readonly LogicalPlan[];

export interface RuleContext {
  /** How many consumers reference this node object (a root slot counts as one). A node with
   *  more than one is shared: rules must not rewrite it differently for one consumer. */
  consumers(p: LogicalPlan): number;
  /** Broadcast a join side whose estimated size is under this many bytes. */
  readonly broadcastThresholdBytes: number;
}

export interface OptimizerRule {
  /** Kebab-case name, used by `--disable NAME` and in `rules fired:`. */
  readonly name: string;
  /** One line for `--help` and the studio. */
  readonly description: string;
  /** The rewritten roots; exactly `roots` (the same array object) when nothing changed. Every
   *  root's output schema must stay the same (the optimizer checks it after each application). */
  apply(roots: PlanRoots, ctx: RuleContext): PlanRoots;
}
