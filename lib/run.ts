// Running a built pipeline: the same Engine.run as `tributary run`, with its options (partitions,
// memory budget, cancellation) and its event stream; `progress: true` draws the same progress
// bars and summary as the command line.

import type { PipelineDocument } from '../engine/document/document-types.ts';
import { Engine, type RunResult } from '../engine/exec/engine.ts';
import type { RunEvent } from '../engine/exec/events.ts';
import { ProgressView } from '../main/cli/run-progress.ts';

export interface PipelineRunOptions {
  /** Partitions per stage (default: the pipeline's setting, else one per core). */
  readonly partitions?: number;
  /** Memory budget of the run before operators spill to disk (default: the pipeline's setting). */
  readonly memoryBudgetMB?: number;
  readonly signal?: AbortSignal;
  /** Every event of the run: run.started, node.progress, stage.finished (skew), model.fitted, log, run.finished. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Print progress to stdout: bars redrawn in place on a terminal, plain lines elsewhere; then a summary. */
  readonly progress?: boolean;
}

export async function runPipeline(doc: PipelineDocument, baseDir: string, opts: PipelineRunOptions): Promise<RunResult> {
  const document: PipelineDocument = opts.memoryBudgetMB === undefined ? doc
    : { ...doc, settings: { ...doc.settings, memoryBudgetMB: opts.memoryBudgetMB } };
  const view = opts.progress ? new ProgressView(process.stdout.isTTY === true, (s) => process.stdout.write(s)) : undefined;
  const engine = new Engine();
  try {
    const result = await engine.run(document, {
      baseDir,
      ...(opts.partitions !== undefined ? { partitions: opts.partitions } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEvent: (e) => {
        view?.onEvent(e);
        opts.onEvent?.(e);
      },
    });
    if (view) process.stdout.write(`\n${view.summary(result)}\n`);
    return result;
  } finally {
    await engine.close();
  }
}
