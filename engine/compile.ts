// The one way from a document to a plan: document -> checked issues and port schemas -> logical
// plan -> optimized plan (and the rules that fired) -> physical plan for a run or a preview.
// The Engine (run, preview, explain), the CLI (validate, explain), the studio's check and the
// golden tests all call compile(); none assembles the stages itself. See docs/architecture.md.

import { availableParallelism } from 'node:os';
import type { PipelineDocument } from './document/document-types.ts';
import { buildPlan } from './logical/build.ts';
import { optimize } from './optimizer/optimizer.ts';
import { planPhysical, type PhysicalPlanOptions } from './physical/planner.ts';
import { loadMlStages } from './physical/plan-ml.ts';
import { DISK_SCHEMAS } from './disk-schemas.ts';
import type { Compilation, CompiledFront, CompileOptions, PhysicalRequest } from './compile-types.ts';

export type { Compilation, CompiledFront, CompileOptions, PhysicalRequest } from './compile-types.ts';

export async function compile(document: PipelineDocument, options: CompileOptions): Promise<Compilation> {
  const front = options.cache && !options.readers
    ? await options.cache.front(document, options, () => compileFront(document, options))
    : await compileFront(document, options);
  if (!options.physical || !front.optimized) return front;
  try {
    return { ...front, physical: planPhysical(front.optimized, physicalOptions(document, front, options.physical)) };
  } catch (e) {
    return { ...front, physicalError: e instanceof Error ? e : new Error(String(e)) };
  }
}

/** Document to optimized plan, without any cache. */
export async function compileFront(document: PipelineDocument, options: CompileOptions): Promise<CompiledFront> {
  const built = await buildPlan(document, {
    baseDir: options.baseDir, ...(options.pathPolicy ? { pathPolicy: options.pathPolicy } : {}),
    readers: options.readers ?? DISK_SCHEMAS,
  });
  if (!built.plan || built.issues.length > 0) return { issues: built.issues, ports: built.ports, rulesFired: [] };
  let optimized = built.plan;
  let rulesFired: readonly string[] = [];
  if (options.optimize !== false) {
    const threshold = document.settings?.broadcastThresholdBytes;
    ({ plan: optimized, fired: rulesFired } = optimize(built.plan, {
      ...(options.disabledRules ? { disabled: options.disabledRules } : {}),
      ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
    }));
  }
  const mlStages = await loadMlStages(optimized);
  return { issues: [], ports: built.ports, logical: built.plan, optimized, rulesFired, ...(mlStages ? { mlStages } : {}) };
}

function physicalOptions(document: PipelineDocument, front: CompiledFront, request: PhysicalRequest): PhysicalPlanOptions {
  const partitions = request.partitions ?? document.settings?.partitions ?? request.defaultPartitions ?? availableParallelism();
  const threshold = document.settings?.broadcastThresholdBytes;
  return {
    partitions, target: request.target,
    ...(threshold !== undefined ? { broadcastThresholdBytes: threshold } : {}),
    ...(front.mlStages ? { mlStages: front.mlStages } : {}),
    ...(request.skewMitigation === false || document.settings?.skewMitigation === false ? { twoLevelDistinct: false } : {}),
  };
}
