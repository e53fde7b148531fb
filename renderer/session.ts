// The studio's conversation with main: everything goes through the contract (main/api.ts) via
// getApi(). Watches the document: after every change it re-checks it (port schemas, issues) and
// autosaves it, both debounced; it folds run events into the store.

import type { Api, ApiError, CallRequest, PipelineDocument, PreviewResult } from '../main/api.ts';
import { getApi } from './transport/index.ts';
import { applyRunEvent, clearNodeErrors, failedToStart, isActive, nodesNowPassing, startingRun } from './run/run-state.ts';
import { store } from './store/studio-store.ts';
import { emptyDocument } from './store/doc-ops.ts';
import { changedNodes } from './store/changed-nodes.ts';
import { sameDocument } from './store/same-document.ts';
import { namedForFile } from './files/doc-name.ts';
import { restoreLastRun } from './panels/history/restore.ts';
import { runTarget } from './run/run-target.ts';

let api: Api | undefined;
export function theApi(): Api {
  api ??= getApi();
  return api;
}

export function errorText(err: unknown): string {
  const e = err as Partial<ApiError> & { message?: string };
  if (e?.issues?.length) return e.issues.map((i) => i.message).join('\n');
  return e?.message ?? String(err);
}

function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

let checkSeq = 0;
async function checkNow(): Promise<void> {
  const seq = ++checkSeq;
  const { doc, path } = store.get();
  try {
    const check = await theApi().call('pipeline.check', { document: doc, path });
    if (seq === checkSeq) {
      // A node whose issue refused the last run and that passes the check now is fixed.
      const flagged = new Set(check.issues.flatMap((i) => (i.nodeId ? [i.nodeId] : [])));
      store.set((s) => ({ check, run: clearNodeErrors(s.run, nodesNowPassing(s.run, flagged)) }));
    }
  } catch (err) {
    if (seq === checkSeq) store.set({ check: { issues: [{ message: errorText(err) }], ports: {} } });
  }
}

async function autosaveNow(): Promise<void> {
  const { doc, path, ready } = store.get();
  if (!ready) return;
  try {
    await theApi().call('autosave.store', { document: doc, path });
    store.set({ autosavedDoc: doc });
  } catch {
    // Autosave is best effort: a failure here must not interrupt editing.
  }
}

const checkSoon = debounce(() => void checkNow(), 250);
const autosaveSoon = debounce(() => void autosaveNow(), 400);

/** Starts the session: catalog, the document to show (autosave, else the example), then watchers. */
export async function startSession(): Promise<void> {
  const a = theApi();
  a.on('run.event', (e) => store.set((s) => ({ run: applyRunEvent(s.run, e) })));
  try {
    store.set({ catalog: await a.call('catalog.list', {}) });
  } catch (err) {
    store.toast(`Could not load the node catalog: ${errorText(err)}`, 'error');
  }
  // Completion works without it: the expression editor then offers columns only.
  a.call('catalog.functions', {}).then((functions) => store.set({ functions }),
    (err: unknown) => store.toast(`Could not load the expression functions: ${errorText(err)}`, 'error'));
  await openInitialDocument(a);
  void restoreLastRun(a);
  let last = store.get().doc;
  let lastPath = store.get().path;
  store.subscribe(() => {
    const s = store.get();
    if (s.doc === last && s.path === lastPath) return;
    const edited = changedNodes(last, s.doc);
    last = s.doc;
    lastPath = s.path;
    checkSoon();
    autosaveSoon();
    if (s.bottomTab === 'plan') explainSoon();
    // An edited node's last run error may be fixed: it is not shown as its state any longer.
    const run = clearNodeErrors(s.run, edited);
    if (run !== s.run) store.set({ run });
  });
  void checkNow();
}

async function openInitialDocument(a: Api): Promise<void> {
  try {
    const saved = await a.call('autosave.load', {});
    if (saved) {
      store.load(saved.document, saved.path, await restoredState(a, saved.document, saved.path));
      store.set({ autosavedDoc: saved.document });
      return;
    }
  } catch {
    // No autosave to restore: fall through to the example.
  }
  try {
    const examples = await a.call('files.examples', {});
    const first = examples.find((f) => f.path.includes('revenue-by-country')) ?? examples[0];
    if (first) {
      // Not on disk, but clean; Save writes it into the workspace under the example's own name.
      store.load(first.document, first.path, 'example');
      return;
    }
  } catch (err) {
    store.toast(`Could not load the examples: ${errorText(err)}`, 'error');
  }
  store.load(emptyDocument(), undefined, true);
}

/** Whether a restored autosave is the file at its path as on disk (clean), a shipped example as
 *  shipped (clean, not on disk), or work that is not saved anywhere (dirty). */
async function restoredState(a: Api, doc: PipelineDocument, path: string | undefined): Promise<boolean | 'example'> {
  if (path === undefined) return false;
  const onDisk = await a.call('files.open', { path }).catch(() => undefined);
  if (onDisk) return sameDocument(onDisk.document, doc);
  const examples = await a.call('files.examples', {}).catch(() => []);
  return examples.some((e) => e.path === path && sameDocument(e.document, doc)) ? 'example' : false;
}

export async function startRun(): Promise<void> {
  const s = store.get();
  if (isActive(s.run)) return;
  store.set({ run: startingRun(s.doc.nodes.map((n) => n.id)), bottomTab: s.bottomTab === 'plan' ? 'progress' : s.bottomTab });
  try {
    const target = runTarget();
    const { runId } = await theApi().call('run.start', { document: s.doc, path: s.path, ...(target === 'spark' ? { target } : {}) });
    store.set((st) => ({ run: st.run.runId === undefined ? { ...st.run, runId } : st.run }));
  } catch (err) {
    const issue = (err as ApiError).issues?.find((i) => i.nodeId);
    store.set((st) => ({ run: failedToStart(st.run, errorText(err), issue?.nodeId) }));
    store.toast(`Run did not start: ${errorText(err)}`, 'error');
  }
}

export async function cancelRun(): Promise<void> {
  const { run } = store.get();
  if (!isActive(run) || !run.runId) return;
  try {
    await theApi().call('run.cancel', { runId: run.runId });
  } catch (err) {
    store.toast(`Cancel failed: ${errorText(err)}`, 'error');
  }
}

let previewSeq = 0;
/** `exact`: an aggregate or sort computed over all its input, not its fast path (result.prefix). */
export async function loadPreview(nodeId: string, opts: { exact?: boolean } = {}): Promise<void> {
  const seq = ++previewSeq;
  const { doc, path } = store.get();
  store.set((s) => ({ preview: s.preview.nodeId === nodeId ? { ...s.preview, loading: true } : { nodeId, loading: true } }));
  try {
    const result = await theApi().call('node.preview', { document: doc, path, nodeId, limit: 1000, ...(opts.exact ? { exact: true } : {}) });
    if (seq !== previewSeq) return;
    store.set({ preview: { nodeId, result, loading: false, doc } });
    // The preview stopped at its first rows: the total follows (a newer preview cancels it).
    if (result.totalRowsExact === false) void countPreview(seq, { document: doc, ...(path ? { path } : {}), nodeId }, result);
  } catch (err) {
    if (seq === previewSeq) store.set({ preview: { nodeId, error: errorText(err), loading: false, doc } });
  }
}

async function countPreview(seq: number, request: CallRequest<'node.previewCount'>, shown: PreviewResult): Promise<void> {
  const { nodeId } = request;
  try {
    const { totalRows } = await theApi().call('node.previewCount', request);
    if (seq === previewSeq) store.set((s) => ({ preview: { ...s.preview, result: { ...shown, totalRows, totalRowsExact: true } } }));
  } catch (err) {
    if (seq === previewSeq) store.toast(`Could not count the rows of '${nodeId}': ${errorText(err)}`, 'error');
  }
}

let explainSeq = 0;
/** Switches an optimizer rule off (or back on) for the Plan tab and re-explains. */
export function toggleRule(rule: string): void {
  store.set((s) => {
    const off = s.explain.disabledRules ?? [];
    return { explain: { ...s.explain, disabledRules: off.includes(rule) ? off.filter((r) => r !== rule) : [...off, rule] } };
  });
  void loadExplain();
}

export async function loadExplain(): Promise<void> {
  const seq = ++explainSeq;
  const { doc, path, explain } = store.get();
  const disabledRules = explain.disabledRules ?? [];
  store.set((s) => ({ explain: { ...s.explain, loading: true } }));
  try {
    const result = await theApi().call('pipeline.explain', { document: doc, path, disabledRules });
    if (seq === explainSeq) store.set({ explain: { result, loading: false, disabledRules } });
  } catch (err) {
    if (seq === explainSeq) store.set({ explain: { error: errorText(err), loading: false, disabledRules } });
  }
}
const explainSoon = debounce(() => void loadExplain(), 300);

export async function saveTo(path: string, doc: PipelineDocument = store.get().doc): Promise<boolean> {
  // A document still named by default takes the file's name, in the file and on screen.
  const named = namedForFile(doc, store.get().path, path);
  try {
    const saved = await theApi().call('files.save', { path, document: named });
    store.set((s) => ({
      path: saved.path, savedDoc: named, example: false,
      ...(named !== doc && s.doc === doc ? { doc: named, past: [...s.past, doc], future: [] } : {}),
    }));
    store.toast(`Saved ${saved.path}`);
    return true;
  } catch (err) {
    store.toast(`Save failed: ${errorText(err)}`, 'error');
    return false;
  }
}

export async function openFile(path: string): Promise<boolean> {
  try {
    const file = await theApi().call('files.open', { path });
    store.load(file.document, file.path, true);
    return true;
  } catch (err) {
    store.toast(`Open failed: ${errorText(err)}`, 'error');
    return false;
  }
}
