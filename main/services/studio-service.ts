// Every call of main/api.ts over the engine, for both adapters (Electron IPC and browser mode).
// Requests arrive already validated (main/api-schema.ts). One warm Engine serves explain, run and
// preview; run events fan out to every subscriber. Folders are injected so tests use temp dirs.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ApiCalls, FunctionInfo, AppSettings, CallChannel, CallRequest, CallResponse, CheckResult, PipelineDocument, PreviewCountResult, PreviewResult,
} from '../api.ts';
import type { PathPolicy as DocumentPathPolicy } from '../../engine/path-policy.ts';
import { loadSettings, saveSettings } from './app-settings.ts';
import { CATALOG } from '../../engine/document/catalog.ts';
import { FUNCTIONS } from '../../engine/logical/function-catalog.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { compile } from '../../engine/compile.ts';
import { CompileCache } from '../../engine/compile-cache.ts';
import { REPO_ROOT } from '../repo-root.ts';
import { DocumentIssuesError } from './api-error.ts';
import { loadAutosave, storeAutosave } from './autosave.ts';
import { EventHub, type EventListener } from './event-hub.ts';
import { exportDocument, exportTargets } from './export-document.ts';
import { examplePipelines, listFolder, openPipeline, savePipeline } from './pipeline-files.ts';
import { previewRows, summarizeRows } from './preview-summary.ts';
import { PREVIEW_PREFIX_ROWS } from '../../engine/exec/preview-prefix.ts';
import { EXAMPLES_DIR, pipelineBaseDir } from './pipeline-base.ts';
import { documentPathPolicy, resolveWorkspacePath, type PathPolicy } from './workspace-paths.ts';
import { sweepStaleTemps } from '../../engine/io/stale-temps.ts';
import { Runner } from './runs/runner.ts';
import { SqliteRunStore } from './runs/sqlite-store.ts';
import { historyHandlers } from './runs/history-handlers.ts';
import type { RunTarget } from './runs/run-types.ts';
import { saveSparkMaster, sparkStatus } from './spark/spark-settings.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { dataFileHandlers, type NativeFilePicker } from './data-file-handlers.ts';
import { describeLoadNode } from './model-describe.ts';

const DEFAULT_PREVIEW_LIMIT = 100;
// Unbundled this file is main/services/; bundled (Electron) it is out/main/index.js: both two below the root.

export interface StudioServiceOptions {
  /** Relative paths resolve against this folder; browser mode refuses paths outside it. */
  readonly workspace: string;
  /** Where autosave lives (`<workspace>/.tributary` or TRIBUTARY_HOME). */
  readonly dataDir: string;
  readonly mode: 'electron' | 'browser';
  /** Electron only: the user picked the file in a native dialog, so any absolute path is fine. */
  readonly allowAbsolutePaths?: boolean;
  readonly examplesDir?: string;
  readonly threads?: number;
  /** Tests only: the engine to serve with (default: a new Engine with `threads`). */
  readonly createEngine?: () => Engine;
  /** Tests only: the compile cache that check and the engine share (default: a new one). */
  readonly compileCache?: CompileCache;
  /** Electron only: the native file dialog behind files.pickNative (main/electron/native-dialog.ts). */
  readonly pickFile?: NativeFilePicker;
}

/** The data folder for a workspace: TRIBUTARY_HOME when set, else `.tributary/` inside it. */
export function defaultDataDir(workspace: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.TRIBUTARY_HOME ? path.resolve(env.TRIBUTARY_HOME) : path.join(workspace, '.tributary');
}

type Handlers = { [C in CallChannel]: (request: ApiCalls[C][0]) => Promise<ApiCalls[C][1]> };

export class StudioService {
  readonly #options: StudioServiceOptions;
  readonly #policy: PathPolicy;
  #settings: Promise<AppSettings> | undefined;
  readonly #events = new EventHub();
  #runner: Runner | undefined;
  #scheduler: Scheduler | undefined;
  /** The background count of the previewed node's rows (previewCount), if one is running. */
  #previewCount: AbortController | undefined;
  #engine: Engine | undefined;
  /** The studio settings' default run budget (memoryBudgetMB), once loaded. */
  #memoryBudgetBytes: number | undefined;
  readonly #compileCache: CompileCache;
  readonly #handlers: Handlers;
  /** Temporary outputs of dead processes removed from the workspace at start (stale-temps.ts):
   *  a run killed mid-write leaves them, and nothing else ever would. Never fails start-up. */
  readonly staleTempsRemoved: Promise<string[]>;

  constructor(options: StudioServiceOptions) {
    this.#options = options;
    this.#compileCache = options.compileCache ?? new CompileCache();
    this.#policy = { workspace: path.resolve(options.workspace), allowOutside: options.allowAbsolutePaths === true };
    this.staleTempsRemoved = sweepStaleTemps(this.#policy.workspace).catch((e: unknown) => {
      console.error(`could not remove stale temporary outputs in ${this.#policy.workspace}: ${errorText(e)}`);
      return [];
    });
    this.#handlers = {
      'app.info': async () => ({
        version: packageVersion(), mode: options.mode, cores: os.availableParallelism(), workspace: this.#policy.workspace,
      }),
      'catalog.list': async () => CATALOG,
      'catalog.functions': async () => functionInfos(),
      'pipeline.check': (r) => this.check(r.document, r.path),
      'pipeline.explain': async (r) => this.#warmEngine().explain(r.document, {
        ...(await this.#documentPaths(r.path)), ...(r.disabledRules ? { disabledRules: r.disabledRules } : {}),
      }),
      'run.start': (r) => this.startRun(r.document, r.path, r.partitions, r.target),
      'run.cancel': async (r) => ({ cancelled: this.cancelRun(r.runId) }),
      'node.preview': (r) => this.preview(r.document, r.nodeId, r.path, r.limit, r.exact),
      'node.previewCount': (r) => this.previewCount(r.document, r.nodeId, r.path),
      'files.examples': () => examplePipelines(this.#examplesDir()),
      'files.open': async (r) => openPipeline(await this.#pathPolicy(), r.path),
      'files.save': async (r) => savePipeline(await this.#pathPolicy(), r.path, r.document, CATALOG),
      'files.list': async (r) => listFolder(await this.#pathPolicy(), r.dir),
      'autosave.load': () => loadAutosave(options.dataDir),
      'autosave.store': (r) => storeAutosave(options.dataDir, r.document, r.path),
      'settings.load': () => this.#loadSettings(),
      'settings.save': async (r) => {
        const saved = saveSettings(options.dataDir, r);
        // Later calls wait for the new folders; a failed save keeps the old ones.
        this.#settings = saved.catch(() => loadSettings(options.dataDir)).then((st) => this.#applyBudget(st));
        return saved;
      },
      'pipeline.export': async (r) => exportDocument(r.document, r.target, r.path),
      'pipeline.exportTargets': async () => exportTargets(),
      ...historyHandlers(() => this.runner(), this.#policy),
      ...dataFileHandlers({
        dataDir: options.dataDir, studioPolicy: () => this.#pathPolicy(), documentPaths: (p) => this.#documentPaths(p),
        ...(options.pickFile ? { pickFile: options.pickFile } : {}),
      }),
      'model.describe': async (r) => describeLoadNode(r.document, r.nodeId, await this.#documentPaths(r.path), this.runner().store),
      'spark.status': () => sparkStatus(options.dataDir),
      'spark.setMaster': (r) => saveSparkMaster(options.dataDir, r.master),
    };
  }

  /** One call; `request` must have passed main/api-schema.ts. Always a promise: a handler that
   *  throws synchronously rejects it too (the adapters turn rejections into an ApiError). */
  call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponse<C>> {
    const handler = this.#handlers[channel] as unknown as ((r: CallRequest<C>) => Promise<CallResponse<C>>) | undefined;
    if (!handler) return Promise.reject(new Error(`unknown channel '${String(channel)}'`));
    try {
      return Promise.resolve(handler(request));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Receive every event (run.event); returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    return this.#events.subscribe(listener);
  }

  async check(document: PipelineDocument, docPath?: string): Promise<CheckResult> {
    // compile() validates the document first (parseDocument) and reports those issues too. The
    // cache is the engine's too: the run or preview of this version reuses this compile.
    const compiled = await compile(document, { ...(await this.#documentPaths(docPath)), cache: this.#compileCache });
    return { issues: [...compiled.issues], ports: { ...compiled.ports } };
  }

  /** The node's first rows; it stops once it has them, so the total may come later
   *  (totalRowsExact false: previewCount). A new preview cancels the count in flight. An aggregate
   *  or sort over large sources answers from their first rows (labelled: prefix) unless `exact`. */
  async preview(document: PipelineDocument, nodeId: string, docPath?: string, limit?: number, exact?: boolean): Promise<PreviewResult> {
    this.#previewCount?.abort();
    const max = limit ?? DEFAULT_PREVIEW_LIMIT;
    const fast = exact ? {} : { prefixRows: PREVIEW_PREFIX_ROWS };
    const out = await this.#warmEngine().preview(document, nodeId, { ...(await this.#documentPaths(docPath)), limit: max, count: 'later', ...fast });
    const rows = previewRows(out.schema, out.batches, max);
    return {
      nodeId: out.nodeId, schema: out.schema, rows, totalRows: out.totalRows,
      summaries: summarizeRows(out.schema, rows), durationMs: out.durationMs, totalRowsExact: out.totalRowsExact,
      ...(out.prefix ? { prefix: out.prefix } : {}),
    };
  }

  /** The node's exact row count, computed completely; one at a time: a new preview or count
   *  cancels this one (the studio only wants the count of the node it shows). */
  async previewCount(document: PipelineDocument, nodeId: string, docPath?: string): Promise<PreviewCountResult> {
    this.#previewCount?.abort();
    const controller = new AbortController();
    this.#previewCount = controller;
    try {
      return await this.#warmEngine().previewCount(document, nodeId, { ...(await this.#documentPaths(docPath)), signal: controller.signal });
    } finally {
      if (this.#previewCount === controller) this.#previewCount = undefined;
    }
  }

  /** Starts a run and answers at once with its id; progress arrives as run.event. A document with
   *  problems is refused here with its issues, before any run exists. The run is recorded in the
   *  run store (main/services/runs) like every other run. */
  async startRun(document: PipelineDocument, docPath?: string, partitions?: number, target: RunTarget = 'local'): Promise<{ runId: string }> {
    const checked = await this.check(document, docPath);
    if (checked.issues.length > 0) throw new DocumentIssuesError(checked.issues);
    const paths = await this.#documentPaths(docPath);
    // On Spark: refused with what to install when it cannot run here; the master from the settings.
    let spark: { target: 'spark'; master: string } | undefined;
    if (target === 'spark') {
      const status = await sparkStatus(this.#options.dataDir);
      if (!status.available) throw new Error(`cannot run on Spark: ${status.reason}`);
      spark = { target: 'spark', master: status.master };
    }
    const { runId } = this.runner().submit({
      document, baseDir: paths.baseDir, trigger: 'studio', ...spark,
      ...(docPath !== undefined ? { pipeline: resolveWorkspacePath(await this.#pathPolicy(), docPath) } : {}), ...(partitions !== undefined ? { partitions } : {}),
    });
    return { runId };
  }

  /** The one runner of this studio over its run store (opened on first use). */
  runner(): Runner {
    if (this.#runner) return this.#runner;
    const store = SqliteRunStore.open(this.#options.dataDir);
    // Every run of the studio (its own, a schedule's, a retry, a re-run) passes its path policy.
    const runner = new Runner({ store, engine: () => this.#warmEngine(),
      pathPolicy: async () => documentPathPolicy(await this.#pathPolicy()) });
    runner.listen({
      onRunEvent: (event) => this.#events.emit('run.event', event),
      onHistory: (change) => this.#events.emit('history', change),
    });
    this.#runner = runner;
    return runner;
  }

  /** While the studio is open it is a scheduler too: it fires the store's schedules (sharing the
   *  lease with any `tributary scheduler`) and runs due SCHEDULED runs. Stopped by close(). */
  startScheduling(): void {
    const runner = this.runner();
    runner.startPolling();
    this.#scheduler ??= new Scheduler({
      store: runner.store,
      onTick: (reports) => {
        for (const r of reports) if (r.runId && r.action === 'inserted') this.#events.emit('history', { runId: r.runId, state: 'SCHEDULED' });
      },
    });
    this.#scheduler.start();
  }

  /** Starts the engine's worker pool now, so the first big run does not wait for threads, and
   *  loads the planner's and operators' modules, so the first preview does not wait for them.
   *  Best effort: a failure here is reported, and the first run tries again. */
  async warm(): Promise<void> {
    const engine = this.#warmEngine();
    await engine.warm().catch((e: unknown) => {
      console.error(`could not start the engine's worker pool ahead of time: ${(e as Error).message}`);
    });
    // The server does not wait for this; a module that fails to load here fails the click that
    // needs it, with its own error.
    await engine.preloadModules().catch(() => undefined);
  }

  cancelRun(runId: string): boolean {
    return this.#runner?.cancel(runId) ?? false;
  }

  async close(): Promise<void> {
    this.#scheduler?.stop();
    this.#scheduler = undefined;
    const runner = this.#runner;
    this.#runner = undefined;
    if (runner) {
      await runner.close();
      runner.store.close();
    }
    const engine = this.#engine;
    this.#engine = undefined;
    if (engine) await engine.close();
  }

  #loadSettings(): Promise<AppSettings> {
    this.#settings ??= loadSettings(this.#options.dataDir).then((s) => this.#applyBudget(s));
    return this.#settings;
  }

  /** The settings' memory budget becomes the engine's default (a document's own setting and a
   *  run's option still come first). Every run and preview loads the settings first (path policy). */
  #applyBudget(settings: AppSettings): AppSettings {
    this.#memoryBudgetBytes = settings.memoryBudgetMB !== undefined ? settings.memoryBudgetMB * 1024 * 1024 : undefined;
    if (this.#engine) this.#engine.memoryBudgetBytes = this.#memoryBudgetBytes;
    return settings;
  }

  /** The studio's path policy with the data folders of the settings. */
  async #pathPolicy(): Promise<PathPolicy> {
    return { ...this.#policy, dataFolders: (await this.#loadSettings()).dataFolders };
  }

  /** Where a document's relative paths resolve, and the one policy every path it names must
   *  pass (engine/path-policy.ts): every call that reads or writes a document's files takes
   *  both from here. */
  async #documentPaths(docPath: string | undefined): Promise<{ baseDir: string; pathPolicy: DocumentPathPolicy }> {
    const policy = await this.#pathPolicy();
    const baseDir = docPath === undefined
      ? policy.workspace
      : pipelineBaseDir(resolveWorkspacePath(policy, docPath), policy.workspace, this.#examplesDir());
    return { baseDir, pathPolicy: documentPathPolicy(policy) };
  }

  #examplesDir(): string {
    return this.#options.examplesDir ?? EXAMPLES_DIR;
  }

  /** The one engine, created on first use; its worker pool stays warm until close(). */
  #warmEngine(): Engine {
    this.#engine ??= this.#options.createEngine?.()
      ?? new Engine({ compileCache: this.#compileCache, ...(this.#options.threads !== undefined ? { threads: this.#options.threads } : {}) });
    this.#engine.memoryBudgetBytes = this.#memoryBudgetBytes;
    return this.#engine;
  }
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

/** The function catalog as plain data for the studio's expression completion. */
function functionInfos(): FunctionInfo[] {
  return Object.entries(FUNCTIONS).map(([name, f]) => ({ name, usage: f.usage, doc: f.doc, group: f.group }));
}
