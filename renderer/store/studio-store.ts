// The studio's one store. The pipeline document is the state; everything on screen derives
// from it (canvas nodes and edges, inspector forms) or from what main said about it (check
// result, run events, preview). Undo/redo is a history of whole documents.

import { useSyncExternalStore } from 'react';
import type { FunctionInfo, CheckResult, ExplainResult, KindDef, PipelineDocument, PreviewResult } from '../../main/api.ts';
import { IDLE_RUN, type RunView } from '../run/run-state.ts';
import { emptyDocument, type Fragment } from './doc-ops.ts';

export type BottomTab = 'progress' | 'preview' | 'plan' | 'skew' | 'model' | 'history' | 'schedules';
export type Dialog = null | 'help' | 'open' | 'saveAs' | 'export' | 'commands';

export interface Toast { readonly id: number; readonly kind: 'info' | 'error'; readonly text: string }

export interface StudioState {
  readonly doc: PipelineDocument;
  readonly path?: string;
  /** The document as last saved or opened: `dirty` compares against it. */
  readonly savedDoc?: PipelineDocument;
  /** The document is a shipped example as shipped, not yet saved: clean (nothing to lose), its
   *  `path` is where Save puts it in the workspace, and its relative paths resolve there. */
  readonly example?: boolean;
  /** The document main last kept as autosave (restored after a crash or a closed window). */
  readonly autosavedDoc?: PipelineDocument;
  readonly past: readonly PipelineDocument[];
  readonly future: readonly PipelineDocument[];
  readonly selection: readonly string[];
  /** Selected edges, by canvas edge id ("from->to"). */
  readonly edgeSelection: readonly string[];
  readonly clipboard?: Fragment;
  readonly catalog: readonly KindDef[];
  /** The expression language's functions, for the expression editor's completion. */
  readonly functions: readonly FunctionInfo[];
  readonly check: CheckResult;
  readonly run: RunView;
  readonly preview: {
    readonly nodeId?: string; readonly result?: PreviewResult; readonly error?: string; readonly loading: boolean;
    /** The document the result was computed from: a different current document means it is outdated. */
    readonly doc?: PipelineDocument;
  };
  readonly explain: {
    readonly result?: ExplainResult; readonly error?: string; readonly loading: boolean;
    /** Optimizer rules switched off in the Plan tab, to see the plan without them. */
    readonly disabledRules?: readonly string[];
  };
  readonly bottomTab: BottomTab;
  readonly heatMode: 'rows' | 'time';
  readonly dialog: Dialog;
  readonly toasts: readonly Toast[];
  /** False until the first document (autosave, example or new) is in place. */
  readonly ready: boolean;
  /** Counts documents loaded (new / open / restore): the canvas zooms to fit each new one. */
  readonly generation: number;
}

const HISTORY_LIMIT = 200;

function initial(): StudioState {
  return {
    doc: emptyDocument(), past: [], future: [], selection: [], edgeSelection: [], catalog: [], functions: [],
    check: { issues: [], ports: {} }, run: IDLE_RUN, preview: { loading: false }, explain: { loading: false },
    bottomTab: 'progress', heatMode: 'rows', dialog: null, toasts: [], ready: false, generation: 0,
  };
}

export class StudioStore {
  private state: StudioState = initial();
  private readonly listeners = new Set<() => void>();
  private toastSeq = 0;

  get = (): StudioState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(patch: Partial<StudioState> | ((s: StudioState) => Partial<StudioState>)): void {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }

  /** One undoable change of the document. */
  commit(doc: PipelineDocument, extra: Partial<StudioState> = {}): void {
    if (doc === this.state.doc) return;
    this.set((s) => ({ ...extra, doc, past: [...s.past, s.doc].slice(-HISTORY_LIMIT), future: [] }));
  }

  /** Replaces the document and forgets history (new / open / restore). `saved`: the document is
   *  the file at `path` as it is on disk, or ('example') a shipped example as shipped. */
  load(doc: PipelineDocument, path: string | undefined, saved: boolean | 'example'): void {
    this.set((s) => ({ doc, path, savedDoc: saved ? doc : undefined, example: saved === 'example', past: [], future: [], selection: [], edgeSelection: [], run: IDLE_RUN,
      preview: { loading: false }, explain: { loading: false }, ready: true, generation: s.generation + 1 }));
  }

  undo(): void {
    this.set((s) => {
      const prev = s.past[s.past.length - 1];
      if (!prev) return {};
      return { doc: prev, past: s.past.slice(0, -1), future: [s.doc, ...s.future], selection: keepExisting(s.selection, prev) };
    });
  }

  redo(): void {
    this.set((s) => {
      const next = s.future[0];
      if (!next) return {};
      return { doc: next, past: [...s.past, s.doc], future: s.future.slice(1), selection: keepExisting(s.selection, next) };
    });
  }

  toast(text: string, kind: Toast['kind'] = 'info'): void {
    const id = ++this.toastSeq;
    this.set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
    setTimeout(() => this.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), kind === 'error' ? 7000 : 3500);
  }

  kindDef(kind: string): KindDef | undefined {
    return this.state.catalog.find((k) => k.kind === kind);
  }
}

function keepExisting(selection: readonly string[], doc: PipelineDocument): readonly string[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  return selection.filter((id) => ids.has(id));
}

export function isDirty(s: StudioState): boolean {
  return s.savedDoc !== s.doc;
}

export const store = new StudioStore();

export function useStudio<T>(select: (s: StudioState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
