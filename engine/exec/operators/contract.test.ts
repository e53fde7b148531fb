// Every operator's contract describes the plans the planner really makes: over every golden
// pipeline, planned for a run and for a preview of each node, each operator declares exactly the
// inputs the plan gives it (physical-types.ts childrenOf), and the golden plans exercise every
// operator of the map.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compile.ts';
import type { PipelineDocument } from '../../document/document-types.ts';
import { childrenOf, opsOf, type PhysicalPlan } from '../../physical/physical-types.ts';
import { OPERATORS, operatorOf } from '../operators.ts';
import { parseGolden, type GoldenRecord } from '../../../test/golden/golden-format.ts';
import { pipelineDocument } from '../../../test/golden/golden-run.ts';

const GOLDEN = join(import.meta.dirname, '../../../test/golden');

async function goldenDocuments(): Promise<{ name: string; doc: PipelineDocument }[]> {
  const out: { name: string; doc: PipelineDocument }[] = [];
  for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith('.golden')).sort()) {
    for (const rec of parseGolden(file, readFileSync(join(GOLDEN, file), 'utf8')).records) {
      if (rec.kind !== 'pipeline') continue;
      out.push({ name: `${file}:${rec.line}`, doc: await pipelineDocument(file, GOLDEN, rec as GoldenRecord & { kind: 'pipeline' }) });
    }
  }
  return out;
}

async function physicalPlans(): Promise<{ name: string; plan: PhysicalPlan }[]> {
  const plans: { name: string; plan: PhysicalPlan }[] = [];
  for (const { name, doc } of await goldenDocuments()) {
    const targets = [{ kind: 'run' as const }, ...doc.nodes.map((n) => ({ kind: 'preview' as const, nodeId: n.id, limit: 10 }))];
    for (const target of targets) {
      const compiled = await compile(doc, { baseDir: GOLDEN, physical: { target, partitions: 3 } });
      if (compiled.physical) plans.push({ name: `${name} ${target.kind === 'run' ? 'run' : `preview ${target.nodeId}`}`, plan: compiled.physical });
    }
  }
  return plans;
}

describe('physical operator contract', () => {
  it('each operator declares the inputs the plan gives it, and the golden plans use every operator', async () => {
    const plans = await physicalPlans();
    expect(plans.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (const { name, plan } of plans) {
      for (const stage of plan.stages) {
        for (const op of opsOf(stage.root)) {
          seen.add(op.kind);
          const declared = operatorOf(op).inputs(op).map((i) => i.op.id).sort((a, b) => a - b);
          const planned = childrenOf(op).map((c) => c.id).sort((a, b) => a - b);
          expect(declared, `${name}: stage ${stage.id} ${op.kind} #${op.id}`).toEqual(planned);
          expect(['nothing', 'k rows', 'per key', 'whole input']).toContain(operatorOf(op).holds(op));
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(OPERATORS).sort());
  }, 120_000);
});
