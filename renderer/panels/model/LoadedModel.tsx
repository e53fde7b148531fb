// The Model tab of a model.load node: the folder it loads (main/api.ts model.describe), where the
// model came from (Spark's class and version, the Tributary run that saved it when ours), and each
// stage it applies with its numbers, as a fitted node's tables. Read again when the node's folder
// changes and after each run (a run's saveTo may have replaced the folder).

import { useEffect, useMemo, useState } from 'react';
import type { KindDef, LoadedModelInfo } from '../../../main/api.ts';
import { errorText, theApi } from '../../session.ts';
import { useStudio } from '../../store/studio-store.ts';
import { featureNames } from './feature-names.ts';
import { loadedFeatureNames, originLine, paramLines, shortClass } from './loaded-model.ts';
import { summaryView } from './model-summary.ts';
import { SummaryTables } from './SummaryTables.tsx';

interface Described { readonly info?: LoadedModelInfo; readonly error?: string; readonly loading: boolean }

export function LoadedModel({ nodeId, kindDef }: { nodeId: string; kindDef: (kind: string) => KindDef | undefined }) {
  const doc = useStudio((s) => s.doc);
  const docPath = useStudio((s) => s.path);
  const runStatus = useStudio((s) => s.run.status);
  const ports = useStudio((s) => s.check.ports);
  const [described, setDescribed] = useState<Described>({ loading: true });
  const node = doc.nodes.find((n) => n.id === nodeId);
  // Only the node itself matters to the call: edits elsewhere do not read the folder again.
  const nodeKey = JSON.stringify(node ?? null);

  useEffect(() => {
    if (!node) return undefined;
    let live = true;
    setDescribed((d) => ({ ...d, loading: true }));
    const document = { version: 1 as const, name: doc.name, nodes: [node], edges: [] };
    theApi().call('model.describe', { document, nodeId, ...(docPath ? { path: docPath } : {}) }).then(
      (info) => { if (live) setDescribed({ info, loading: false }); },
      (err: unknown) => { if (live) setDescribed({ error: errorText(err), loading: false }); },
    );
    return () => { live = false; };
    // nodeKey stands for the node (a new object on every document edit).
  }, [nodeKey, nodeId, docPath, runStatus]);

  const views = useMemo(() => described.info?.stages.map((s, i, all) => {
    if (!s.model) return undefined;
    const upstream = (column: string) => featureNames(doc, nodeId, 'score', column, ports, kindDef);
    const names = loadedFeatureNames(all, i, upstream);
    const inputCols = Array.isArray(s.params.inputCols) ? s.params.inputCols.map(String) : undefined;
    return summaryView(s.model, { ...(names ? { featureNames: names } : {}), ...(inputCols ? { inputCols } : {}) });
  }), [described.info, doc, nodeId, ports, kindDef]);

  const { info, error, loading } = described;
  if (error) return <div className="empty-state" data-testid="loaded-model-error">{error}</div>;
  if (!info) return <div className="empty-state">{loading ? `Reading the model folder of ${nodeId}…` : ''}</div>;
  const top = originLine(info, info.origin, info.sparkVersion);
  return (
    <div className="loaded-model model-tables" data-testid="loaded-model" data-loading={loading}>
      <div className="loaded-origin" data-testid="model-origin" data-run-id={top.runId ?? ''}>
        <div><span className="muted">Folder </span><code data-testid="model-folder">{info.path}</code></div>
        <div><span className="muted">Class </span><span data-testid="model-class">{shortClass(info.className)}</span>
          <span className="muted"> · Spark format </span><span data-testid="model-spark-version">{info.sparkVersion}</span></div>
        <div data-testid="model-saved-by">{top.text}</div>
      </div>
      {info.stages.map((s, i) => {
        const own = s.origin?.runId !== info.origin?.runId ? originLine(info, s.origin, s.sparkVersion) : undefined;
        const view = views?.[i];
        return (
          <section key={s.uid} className="loaded-stage" data-testid="loaded-stage" data-kind={s.kind}>
            <h4>{i + 1}. {kindDef(s.kind)?.title ?? s.kind} <span className="muted">{shortClass(s.className)} {s.uid}</span></h4>
            {own && <div className="muted" data-testid="stage-saved-by" data-run-id={own.runId ?? ''}>{own.text}</div>}
            {view ? <SummaryTables view={view} />
              : <ul className="muted">{paramLines(s).map((l) => <li key={l}>{l}</li>)}</ul>}
          </section>
        );
      })}
    </div>
  );
}
