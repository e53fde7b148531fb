import { describe, expect, it } from 'vitest';
import { buildPlan } from '../logical/build.ts';
import { DISK_SCHEMAS } from '../disk-schemas.ts';
import type { DocumentEdge, DocumentNode } from '../document/document-types.ts';
import { planPhysical } from './planner.ts';
import { loadMlStages } from './plan-ml.ts';
import { explainPhysical } from './explain-physical.ts';
import type { PhysicalPlan } from './physical-types.ts';
import { opsOf } from './physical-types.ts';

async function physical(nodes: DocumentNode[], edges: DocumentEdge[], partitions: number, preview?: string): Promise<PhysicalPlan> {
  const built = await buildPlan({
    version: 1, name: 'p',
    nodes: [{ id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 1000 } }, ...nodes],
    edges,
  }, { readers: DISK_SCHEMAS, baseDir: '/' });
  if (!built.plan) throw new Error(built.issues.map((i) => i.message).join('; '));
  const mlStages = await loadMlStages(built.plan);
  return planPhysical(built.plan, { partitions, target: preview ? { kind: 'preview', nodeId: preview } : { kind: 'run' }, ...(mlStages ? { mlStages } : {}) });
}

const ASM: DocumentNode = { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'] } };
const LR: DocumentNode = { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price' } };

describe('physical planning of ML nodes', () => {
  it('an estimator: its input once (forward), fit partial -> gather -> final -> broadcast, apply over the same partitions', async () => {
    const plan = await physical([ASM, LR], [{ from: 'houses', to: 'asm' }, { from: 'asm', to: 'lr.train' }], 2);
    expect(explainPhysical(plan)).toBe([
      'Stage 0 [2 partitions] -> Forward 2 -> 2',
      '  Apply [asm] feature.vectorAssembler',
      '    Scan [houses] sample columns: house_id, sqft, bedrooms, bathrooms, age, neighborhood, price',
      'Stage 1 [2 partitions] -> Gather 2 -> 1',
      '  Fit [lr] model.linearRegression partial (statistics per partition)',
      '    Read [asm] stage 0 (Forward 2 -> 2)',
      'Stage 2 [1 partition] -> Broadcast',
      '  Fit [lr] model.linearRegression final (one row: the fitted model)',
      '    Read [lr] stage 1 (Gather 2 -> 1)',
      'Stage 3 [2 partitions] -> Count',
      '  Apply [lr] model.linearRegression with the fitted model',
      '    Read [asm] stage 0 (Forward 2 -> 2)',
      '    Read [lr] stage 2 (Broadcast)',
    ].join('\n'));
    // The apply is the node's output; the fit's operators are not.
    const finals = plan.stages.flatMap((s) => opsOf(s.root)).filter((o) => o.nodeId === 'lr' && o.final).map((o) => o.kind);
    expect(finals).toEqual(['mlApply']);
  });

  it('at one partition the fit runs both phases in one stage', async () => {
    const plan = await physical([ASM, LR], [{ from: 'houses', to: 'asm' }, { from: 'asm', to: 'lr.train' }], 1);
    expect(plan.stages.map((s) => s.output.kind)).toEqual(['forward', 'broadcast', 'discard']);
    expect(explainPhysical(plan)).toContain([
      'Stage 1 [1 partition] -> Broadcast',
      '  Fit [lr] model.linearRegression final (one row: the fitted model)',
      '    Fit [lr] model.linearRegression partial (statistics per partition)',
    ].join('\n'));
  });

  it("a model with a score input fits on train and applies on score; split's ports share one input", async () => {
    const plan = await physical([ASM, { id: 'parts', kind: 'feature.split', params: {} }, LR], [
      { from: 'houses', to: 'asm' }, { from: 'asm', to: 'parts' },
      { from: 'parts.train', to: 'lr.train' }, { from: 'parts.test', to: 'lr.score' },
    ], 2, 'lr');
    const text = explainPhysical(plan);
    expect(text.match(/Scan \[houses\]/g)).toHaveLength(1);
    expect(text).toContain('Apply [parts] feature.split port=train');
    expect(text).toMatch(/Apply \[lr\] model.linearRegression with the fitted model\n {4}Apply \[parts\] feature.split port=test\n {6}Read \[asm\] stage 0 \(Forward 2 -> 2\)\n {4}Read \[lr\] stage \d \(Broadcast\)/);
    expect(plan.stages.at(-1)!.output.kind).toBe('result');
  });
});
