// The Model tab: what a feature or model node learned in the last run (its fitted summary as
// tables, feature names read from the document) and a drawing of how well it fits. Shows the
// selected node; with no feature or model node selected, a pick-list of those in the pipeline.

import { useMemo, useState } from 'react';
import { store, useStudio } from '../../store/studio-store.ts';
import { featureNames, paramValue } from './feature-names.ts';
import { ModelDrawing } from './ModelDrawing.tsx';
import { summaryView } from './model-summary.ts';
import { SummaryTables } from './SummaryTables.tsx';
import { LoadedModel } from './LoadedModel.tsx';
import { measuredOn, measuredPhrase } from '../../nodes/model/measured-on.ts';

const isMl = (kind: string) => kind.startsWith('feature.') || kind.startsWith('model.');

export function ModelTab() {
  const doc = useStudio((s) => s.doc);
  const selection = useStudio((s) => s.selection);
  const models = useStudio((s) => s.run.models);
  const runStatus = useStudio((s) => s.run.status);
  const ports = useStudio((s) => s.check.ports);
  const catalog = useStudio((s) => s.catalog);
  const [picked, setPicked] = useState<string | undefined>();
  const kindDef = useMemo(() => (k: string) => catalog.find((d) => d.kind === k), [catalog]);

  const candidates = doc.nodes.filter((n) => isMl(n.kind));
  const selected = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;
  const shownId = selected && isMl(selected.kind) ? selected.id
    : candidates.find((n) => n.id === picked)?.id ?? candidates.find((n) => models?.[n.id])?.id ?? candidates[0]?.id;
  const node = doc.nodes.find((n) => n.id === shownId);
  const model = shownId ? models?.[shownId] : undefined;

  const view = useMemo(() => {
    if (!model || !node) return undefined;
    const def = kindDef(node.kind);
    const port = def?.inputs[0]?.name ?? 'in';
    const vectorParam = node.kind.startsWith('model.') ? 'featuresCol' : 'inputCol';
    const column = paramValue(doc, node.id, vectorParam, kindDef);
    const names = typeof column === 'string' ? featureNames(doc, node.id, port, column, ports, kindDef) : undefined;
    const inputCols = paramValue(doc, node.id, 'inputCols', kindDef);
    return summaryView(model, { featureNames: names, inputCols: Array.isArray(inputCols) ? inputCols.map(String) : undefined });
  }, [model, node, doc, ports, kindDef]);

  if (candidates.length === 0) {
    return <div className="empty-state pad">This pipeline has no feature or model nodes. Add one from the palette (Features, Models), run the pipeline, and what it learned shows here.</div>;
  }
  const choose = (id: string) => {
    setPicked(id);
    // The canvas follows the pick, so the Preview and Model tabs speak of the same node.
    if (selected) store.set({ selection: [id] });
  };
  return (
    <div className="model-tab" data-testid="model-tab" data-node-id={node?.id}>
      <div className="model-toolbar">
        <label>
          <span className="muted">Node </span>
          <select aria-label="Model node" value={node?.id ?? ''} onChange={(e) => choose(e.target.value)}>
            {candidates.map((n) => (
              <option key={n.id} value={n.id}>{n.id} · {kindDef(n.kind)?.title ?? n.kind}{models?.[n.id] || n.kind === 'model.load' ? '' : ' (not fitted)'}</option>
            ))}
          </select>
        </label>
        {selected && !isMl(selected.kind) && <span className="muted">{selected.id} is not a feature or model node.</span>}
        {model && <span className="muted">as fitted in the last run</span>}
      </div>
      {node?.kind === 'model.load' && (
        <div className="model-body"><LoadedModel key={node.id} nodeId={node.id} kindDef={kindDef} /></div>
      )}
      {node && node.kind !== 'model.load' && (
        <div className="model-body">
          {view ? <SummaryTables view={view} measuredOn={measuredPhrase(measuredOn(doc, node.id))} />
            : <div className="empty-state">{node.kind === 'feature.vectorAssembler' || node.kind === 'feature.split' || node.kind === 'feature.bucketizer'
              ? `${node.id} learns nothing from the data: it applies its params as they are.`
              : runStatus === 'running' || runStatus === 'starting' ? `Fitting ${node.id}…`
              : <>Run the pipeline (<kbd>Ctrl</kbd>+<kbd>Enter</kbd>) to fit {node.id}; its coefficients and metrics show here.</>}</div>}
          <ModelDrawing key={node.id} nodeId={node.id} kind={node.kind} model={model}
            param={(name) => paramValue(doc, node.id, name, kindDef)} />
        </div>
      )}
    </div>
  );
}
