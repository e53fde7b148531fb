// The canvas: React Flow over the document. Dragging commits positions on drop, connecting adds
// an edge (or says why it cannot), dropping a palette item adds a node where it was dropped.

import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, useUpdateNodeInternals,
  type Connection, type Edge, type ReactFlowInstance, type EdgeChange, type FinalConnectionState, type IsValidConnection, type NodeChange,
} from '@xyflow/react';
import { NodeCard, type CardNode } from '../nodes/generic/NodeCard.tsx';
import { special } from '../nodes/registry.ts';
import { addEdge, addNode, endpoint, moveNodes, type Position } from '../store/doc-ops.ts';
import { store, useStudio } from '../store/studio-store.ts';
import { connectionProblem } from './connection-rules.ts';
import { freeSpot, spotAfter } from './placement.ts';
import { fitReadable, READABLE_ZOOM } from './fit.ts';
import { inputPorts, outputPorts } from './ports.ts';
import { toFlowEdges, toFlowNodes } from './to-flow.ts';

const NODE_TYPES = { tributary: NodeCard };
/** The minimap paints in SVG attributes, so the group colours are repeated here (theme.css --g-*). */
const GROUP_COLOURS: Readonly<Record<string, string>> = {
  source: '#5b9bd5', transform: '#4fb3a9', join: '#b18bd8', feature: '#d5a05b', model: '#d57b9b', sink: '#8fa3b8',
};
export const DRAG_MIME = 'application/x-tributary-kind';

/** What React Flow measured of each card (shared with placement, which runs outside the canvas). */
const measuredSizes = new Map<string, { width: number; height: number }>();

/** Adds a node of `kind` (catalog defaults plus the kind's own starting params) and selects it: at
 *  `at`, or, with `after`, right of that node and wired from it when the connection is allowed;
 *  moved to the nearest free spot when another card is there. */
export function addNodeOfKind(kind: string, at: Position, options: { after?: string } = {}): void {
  const def = store.kindDef(kind);
  if (!def) return;
  const s = store.get();
  const sizeOf = (id: string) => measuredSizes.get(id);
  const wanted = (options.after !== undefined ? spotAfter(s.doc, options.after, sizeOf) : undefined) ?? at;
  let doc = addNode(s.doc, def, freeSpot(s.doc, wanted, sizeOf));
  const added = doc.nodes[doc.nodes.length - 1]!;
  const extra = special(kind)?.initialParams?.();
  if (extra) doc = { ...doc, nodes: doc.nodes.map((n) => n.id === added.id ? { ...n, params: { ...n.params, ...extra } } : n) };
  const from = options.after !== undefined ? s.doc.nodes.find((n) => n.id === options.after) : undefined;
  const out = from && outputPorts(from.kind, store.kindDef(from.kind))[0];
  const into = inputPorts(kind, def)[0];
  if (from && out && into) {
    const c = { source: from.id, target: added.id, sourceHandle: out.name, targetHandle: into.name };
    if (connectionProblem(doc, c, (k) => store.kindDef(k), s.check.ports) === undefined) {
      doc = addEdge(doc, { from: endpoint(from.id, out.name, outputPorts(from.kind, store.kindDef(from.kind))), to: endpoint(added.id, into.name, inputPorts(kind, def)) });
    }
  }
  store.commit(doc, { selection: [added.id] });
}

/** Adds a node of `kind` from the palette or the command palette: after the one selected node
 *  (wired from it), else at the centre of the visible canvas. */
export function addNodeInView(kind: string, flow: ReactFlowInstance): void {
  const el = document.querySelector('.canvas')?.getBoundingClientRect();
  const p = flow.screenToFlowPosition({ x: (el?.left ?? 0) + (el?.width ?? 800) / 2, y: (el?.top ?? 0) + (el?.height ?? 600) / 2 });
  const selection = store.get().selection;
  addNodeOfKind(kind, { x: p.x - 110, y: p.y - 48 }, selection.length === 1 ? { after: selection[0]! } : {});
}

function toEdge(c: Connection): { from: string; to: string } | undefined {
  const s = store.get();
  const src = s.doc.nodes.find((n) => n.id === c.source);
  const dst = s.doc.nodes.find((n) => n.id === c.target);
  if (!src || !dst || !c.sourceHandle || !c.targetHandle) return undefined;
  return {
    from: endpoint(src.id, c.sourceHandle, outputPorts(src.kind, store.kindDef(src.kind))),
    to: endpoint(dst.id, c.targetHandle, inputPorts(dst.kind, store.kindDef(dst.kind))),
  };
}

function problemOf(c: Connection | Edge): string | undefined {
  const s = store.get();
  return connectionProblem(s.doc, {
    source: c.source, target: c.target, sourceHandle: c.sourceHandle ?? 'out', targetHandle: c.targetHandle ?? 'in',
  }, (k) => store.kindDef(k), s.check.ports);
}

export function Canvas() {
  const doc = useStudio((s) => s.doc);
  const catalog = useStudio((s) => s.catalog);
  const check = useStudio((s) => s.check);
  const run = useStudio((s) => s.run);
  const selection = useStudio((s) => s.selection);
  const generation = useStudio((s) => s.generation);
  const flow = useReactFlow();
  const updateNodeInternals = useUpdateNodeInternals();
  const [nodes, setNodes] = useState<CardNode[]>([]);
  // What React Flow measured, kept as soon as it says so: a rebuilt node must carry its `measured`,
  // or React Flow drops the node's handle bounds and its edges and connections silently fail.
  const measuredRef = useRef(measuredSizes);
  const edgeSelection = useStudio((s) => s.edgeSelection);

  // Rebuild from the document, keeping what React Flow measured (sizes) on the previous nodes.
  useEffect(() => {
    const kindDef = (k: string) => catalog.find((d) => d.kind === k);
    const next = toFlowNodes(doc, kindDef, check, run, new Set(selection));
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return next.map((n) => {
        const o = old.get(n.id);
        const measured = measuredRef.current.get(n.id) ?? o?.measured;
        return o ? { ...n, measured, dragging: o.dragging, position: o.dragging ? o.position : n.position }
          : measured ? { ...n, measured } : n;
      });
    });
  }, [doc, catalog, check, run, selection]);

  // Each newly loaded document is shown whole; an empty one at 100 % (fitting nothing would zoom in fully).
  useEffect(() => {
    const t = setTimeout(() => {
      // Re-measure every node of the new document (handles included) before fitting it.
      updateNodeInternals(store.get().doc.nodes.map((n) => n.id));
      fitReadable(flow);
    }, 50);
    return () => clearTimeout(t);
  }, [generation, flow, updateNodeInternals]);

  const edges = useMemo(() => toFlowEdges(doc, (k) => catalog.find((d) => d.kind === k), run, new Set(edgeSelection)),
    [doc, catalog, run, edgeSelection]);

  const onNodesChange = useCallback((changes: NodeChange<CardNode>[]) => {
    for (const c of changes) if (c.type === 'dimensions' && c.dimensions) measuredRef.current.set(c.id, c.dimensions);
    setNodes((prev) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), prev));
    const moved = new Map<string, Position>();
    // A mouse drag commits once, when it ends (dragging: false); a keyboard move has no drag at all.
    for (const c of changes) if (c.type === 'position' && c.dragging !== true && c.position) moved.set(c.id, c.position);
    if (moved.size) store.commit(moveNodes(store.get().doc, moved));
    if (changes.some((c) => c.type === 'select')) {
      const sel = new Set(store.get().selection);
      for (const c of changes) if (c.type === 'select') (c.selected ? sel.add(c.id) : sel.delete(c.id));
      store.set({ selection: [...sel] });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    if (!changes.some((c) => c.type === 'select')) return;
    const next = new Set(store.get().edgeSelection);
    for (const c of changes) if (c.type === 'select') (c.selected ? next.add(c.id) : next.delete(c.id));
    store.set({ edgeSelection: [...next] });
  }, []);

  // Keep the edge selection to edges that still exist (after delete / undo).
  useEffect(() => {
    const ids = new Set(edges.map((e) => e.id));
    if (edgeSelection.some((id) => !ids.has(id))) store.set({ edgeSelection: edgeSelection.filter((id) => ids.has(id)) });
  }, [edges, edgeSelection]);

  const isValidConnection: IsValidConnection = useCallback((c) => problemOf(c) === undefined, []);

  const onConnect = useCallback((c: Connection) => {
    const problem = problemOf(c);
    if (problem) {
      store.toast(`Connection refused: ${problem}`, 'error');
      return;
    }
    const edge = toEdge(c);
    if (edge) store.commit(addEdge(store.get().doc, edge));
  }, []);

  // React Flow does not call onConnect for a refused connection: say why here.
  const onConnectEnd = useCallback((_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode || !state.fromHandle || !state.toHandle) return;
    const fromIsSource = state.fromHandle.type === 'source';
    const c: Connection = fromIsSource
      ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id, targetHandle: state.toHandle.id ?? null }
      : { source: state.toNode.id, sourceHandle: state.toHandle.id ?? null, target: state.fromNode.id, targetHandle: state.fromHandle.id ?? null };
    const problem = problemOf(c);
    if (problem) store.toast(`Connection refused: ${problem}`, 'error');
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(DRAG_MIME);
    if (!kind) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNodeOfKind(kind, { x: p.x - 100, y: p.y - 30 });
  }, [flow]);

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<CardNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        colorMode="system"
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1, minZoom: READABLE_ZOOM }}
        panOnScroll
        zoomOnScroll={false}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        nodesFocusable
        edgesFocusable
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <MiniMap pannable zoomable ariaLabel="Mini map" style={{ width: 150, height: 96 }}
          nodeColor={(n) => GROUP_COLOURS[(n.data as CardNode['data']).group] ?? '#4fb3a9'}
          maskColor="var(--minimap-mask)" bgColor="var(--bg-panel)" />
        <Controls showInteractive={false} />
      </ReactFlow>
      {doc.nodes.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <strong>An empty pipeline: three steps to a first run</strong>
          <ol>
            <li>Add a source: <button type="button" className="btn small" onClick={() => addNodeInView('source.sample', flow)}>
              Add sample data</button> (no file needed), or drag one from the palette.</li>
            <li>With it selected, double-click a transform in the palette (Filter, Aggregate…): it is placed and wired after it.
              Set its fields in the inspector on the right.</li>
            <li>Press <kbd>Run</kbd> (<kbd>Ctrl</kbd>+<kbd>Enter</kbd>), then click a node to preview its rows.</li>
          </ol>
          <span>Or <button type="button" className="link-btn" onClick={() => store.set({ dialog: 'open' })}>open an example</button>.
            <kbd>Ctrl</kbd>+<kbd>K</kbd> finds any command, <kbd>?</kbd> lists every shortcut.</span>
        </div>
      )}
    </div>
  );
}
