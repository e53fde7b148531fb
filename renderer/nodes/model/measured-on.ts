// Which rows a model's statistics or an evaluate node's metric are measured on: followed upstream
// from the node's input to the random split it comes from (its train or test output), or to the
// source when there is no split (every row).

import type { PipelineDocument } from '../../../main/api.ts';
import { splitEndpoint } from '../../store/doc-ops.ts';

export type MeasuredOn = 'training set' | 'test set' | 'all rows';

export function measuredOn(doc: PipelineDocument, nodeId: string): MeasuredOn {
  let at = nodeId;
  const seen = new Set<string>();
  while (!seen.has(at)) {
    // A model is fitted on its `train` input; what flows out of it is its `score` input, scored.
    const into = doc.edges.filter((e) => splitEndpoint(e.to).node === at);
    const port = seen.size === 0 ? 'train' : 'score';
    seen.add(at);
    const edge = into.find((e) => splitEndpoint(e.to).port === port) ?? into[0];
    if (!edge) return 'all rows';
    const from = splitEndpoint(edge.from);
    const kind = doc.nodes.find((n) => n.id === from.node)?.kind;
    if (kind === 'feature.split') return from.port === 'test' ? 'test set' : 'training set';
    at = from.node;
  }
  return 'all rows';
}

/** "the training set", "the test set", "all its input rows". */
export function measuredPhrase(on: MeasuredOn): string {
  return on === 'all rows' ? 'all its input rows' : `the ${on}`;
}
