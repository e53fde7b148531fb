import { describe, expect, it } from 'vitest';
import type { KindDef, PipelineDocument } from '../../main/api.ts';
import { connectionProblem } from './connection-rules.ts';

const defs: Record<string, KindDef> = {
  'source.sample': { kind: 'source.sample', group: 'source', title: '', doc: '', inputs: [], outputs: [{ name: 'out' }], params: [] },
  'transform.filter': { kind: 'transform.filter', group: 'transform', title: '', doc: '', inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], params: [] },
  join: { kind: 'join', group: 'join', title: '', doc: '', inputs: [{ name: 'left' }, { name: 'right' }], outputs: [{ name: 'out' }], params: [] },
  'model.linearRegression': { kind: 'model.linearRegression', group: 'model', title: '', doc: '', inputs: [{ name: 'train' }, { name: 'score', optional: true }], outputs: [{ name: 'out' }], params: [] },
};
const kindDef = (k: string) => defs[k];
const doc: PipelineDocument = {
  version: 1, name: 't',
  nodes: [
    { id: 'a', kind: 'source.sample', params: {} }, { id: 'f', kind: 'transform.filter', params: {} },
    { id: 'g', kind: 'transform.filter', params: {} }, { id: 'j', kind: 'join', params: {} },
    { id: 'm', kind: 'model.linearRegression', params: {} },
  ],
  edges: [{ from: 'a', to: 'f' }, { from: 'f', to: 'g' }, { from: 'a', to: 'j.left' }],
};
const ports = { 'a.out': { fields: [{ name: 'qty', type: 'int32' as const, nullable: true }] } };
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

describe('connection rules', () => {
  it('accepts a free input', () => {
    expect(connectionProblem(doc, edge('g', 'out', 'j', 'right'), kindDef, ports)).toBeUndefined();
  });
  it('refuses a taken input, naming who feeds it', () => {
    expect(connectionProblem(doc, edge('g', 'out', 'j', 'left'), kindDef, ports)).toMatch(/'left' of 'j' is already fed by 'a'/);
  });
  it('refuses a cycle and a self loop', () => {
    expect(connectionProblem({ ...doc, edges: [{ from: 'f', to: 'g' }] }, edge('g', 'out', 'f', 'in'), kindDef, ports)).toMatch(/cycle/);
    expect(connectionProblem(doc, edge('g', 'out', 'g', 'in'), kindDef, ports)).toMatch(/own input/);
  });
  it('refuses a model input without a features vector, saying what to add', () => {
    expect(connectionProblem(doc, edge('a', 'out', 'm', 'train'), kindDef, ports)).toMatch(/vector column 'features'.*vectorAssembler/);
  });
});
