// On a model node's card after a run: model.evaluate's metric value, read from the run's
// fitted models (each card subscribes to its own node's entry only).

import { useStudio } from '../../store/studio-store.ts';
import { evaluateMetric } from './metric-line.ts';
import { measuredOn } from './measured-on.ts';

export function ModelResult({ nodeId }: { nodeId: string }) {
  const model = useStudio((s) => s.run.models?.[nodeId]);
  const on = useStudio((s) => measuredOn(s.doc, nodeId));
  const line = evaluateMetric(model);
  if (!line) return null;
  return (
    <div className="card-metric" data-testid="node-metric" data-metric={line.metric} data-value={line.value ?? 'null'}
      data-measured-on={on}>{line.text} <span className="muted">· {on}</span></div>
  );
}
