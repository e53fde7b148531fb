// The inspector: the selected node's params as a form built from its catalog KindDef, its port
// schemas (inferred before any run), and the engine's problems with it.

import type { KindDef, Schema } from '../../../main/api.ts';
import { inputPorts, inputSchema, outputPorts } from '../../canvas/ports.ts';
import { renameNode, setParam } from '../../store/doc-ops.ts';
import { store, useStudio } from '../../store/studio-store.ts';
import { formatMs, formatRows } from './NodeCard.tsx';
import { InputSource } from './InputSource.tsx';
import { ParamField } from './ParamField.tsx';
import { TextField } from './TextField.tsx';
import { pathBaseText } from '../../files/path-base.ts';

function SchemaList({ schema }: { schema?: Schema }) {
  if (!schema) return <div className="muted">not known yet</div>;
  return (
    <ul className="schema-list">
      {schema.fields.map((f) => <li key={f.name}><span>{f.name}</span><em>{f.type}</em></li>)}
    </ul>
  );
}

export function Inspector() {
  const doc = useStudio((s) => s.doc);
  const selection = useStudio((s) => s.selection);
  const catalog = useStudio((s) => s.catalog);
  const check = useStudio((s) => s.check);
  const run = useStudio((s) => s.run);
  const docPath = useStudio((s) => s.path);
  const example = useStudio((s) => s.example === true);
  const node = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;

  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <div className="panel-title">Inspector</div>
        <div className="empty-state">
          {selection.length > 1 ? <p>{selection.length} nodes selected.</p> : (
            <>
              <p><strong>Select a node</strong> to edit its settings and see its data.</p>
              <p className="muted">Drag nodes from the palette onto the canvas, connect an output (right dot) to an input
                (left dot), then press <kbd>Run</kbd>. Press <kbd>?</kbd> for every shortcut.</p>
              {check.issues.filter((i) => !i.nodeId).map((i, k) => <p key={k} className="issue">{i.message}</p>)}
            </>
          )}
        </div>
      </aside>
    );
  }
  const kindDef = (k: string): KindDef | undefined => catalog.find((d) => d.kind === k);
  const def = kindDef(node.kind);
  const issues = check.issues.filter((i, k, all) => i.nodeId === node.id &&
    all.findIndex((j) => j.nodeId === i.nodeId && j.message === i.message) === k);
  // Issues about one param show under its field; the rest (ports, the node as a whole) on top.
  // A param's issues include those inside it (`columns[1].expr` belongs to `columns`).
  const ofParam = (name: string, i: { param?: string }) => i.param === name || i.param?.startsWith(`${name}[`) === true;
  const nodeIssues = issues.filter((i) => !i.param || !def?.params.some((p) => ofParam(p.name, i)));
  const issuesAt = (path: string) => issues.filter((i) => i.param === path);
  const ins = inputPorts(node.kind, def);
  const columnsOf = (port: string | undefined) =>
    inputSchema(doc, check.ports, node.id, port ?? ins[0]?.name ?? 'in', kindDef);
  const nodeRun = run.nodes[node.id];

  return (
    <aside className="inspector" aria-label="Inspector">
      <div className="panel-title">Inspector</div>
      <div className="inspector-body">
        <div className={`inspector-head group-${def?.group ?? 'transform'}`}>
          <div className="inspector-kind">{def?.title ?? node.kind} <span className="muted">{node.kind}</span></div>
          <label className="field">
            <span className="field-label">id</span>
            <TextField className="input" value={node.id} aria-label="node id"
              onCommit={(t) => {
                const next = renameNode(doc, node.id, t.trim());
                if (next === doc) store.toast(`Cannot rename to '${t}': ids are unique and look like my_node_1`, 'error');
                else store.commit(next, { selection: [t.trim()] });
              }} />
          </label>
          {def?.doc && <p className="doc">{def.doc}</p>}
        </div>
        {nodeIssues.length > 0 && (
          <div className="issues" role="alert">
            {nodeIssues.map((i, k) => <p key={k} className="issue">{i.port ? <strong>{i.port}: </strong> : null}{i.message}</p>)}
          </div>
        )}
        {nodeRun && nodeRun.state !== 'waiting' && (
          <p className="muted">Last run: {nodeRun.state}, {formatRows(nodeRun.rows)} rows
            {nodeRun.durationMs !== undefined ? `, ${formatMs(nodeRun.durationMs)}` : ''}</p>
        )}
        <section className="section">
          <h4>Parameters</h4>
          {!def && <p className="issue">Unknown kind '{node.kind}': the catalog has no such node.</p>}
          {def?.params.map((p) => {
            const id = `param-${node.id}-${p.name}`;
            const paramIssues = issues.filter((i) => ofParam(p.name, i));
            return (
              <div key={p.name} className={`field${paramIssues.length ? ' has-issue' : ''}`} data-param={p.name}>
                <label className="field-label" htmlFor={id} title={p.doc}>
                  {p.name}{p.required ? <span className="req" aria-label="required">*</span> : null}
                  <span className="field-type">{p.type}</span>
                </label>
                <ParamField def={p} value={node.params[p.name]} id={id} columnsOf={columnsOf} issuesAt={issuesAt} kind={node.kind}
                  onChange={(v) => store.commit(setParam(store.get().doc, def, node.id, p.name, v))} />
                <div className="field-doc">{p.doc}</div>
                {p.type === 'path' && <div className="field-doc" data-testid="path-base">{pathBaseText(docPath, example)}</div>}
                {paramIssues.map((i, k) => <div key={k} className="field-issue">{i.message}</div>)}
              </div>
            );
          })}
        </section>
        <section className="section">
          <h4>Ports</h4>
          {ins.map((p) => (
            <div key={`in-${p.name}`} className="port-block">
              <div className="port-name">in · {p.name}{p.optional ? ' (optional)' : ''}</div>
              <InputSource doc={doc} nodeId={node.id} port={p.name} />
              <SchemaList schema={columnsOf(p.name)} />
            </div>
          ))}
          {outputPorts(node.kind, def).map((p) => (
            <div key={`out-${p.name}`} className="port-block">
              <div className="port-name">out · {p.name}</div>
              <SchemaList schema={check.ports[`${node.id}.${p.name}`]} />
            </div>
          ))}
        </section>
      </div>
    </aside>
  );
}
