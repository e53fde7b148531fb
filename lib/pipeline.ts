// A pipeline built in code: `pipeline(name, settings)` then sources, transforms and sinks, each
// call one node of the document (toDocument()). Relative paths resolve against `baseDir`, as a
// document's paths resolve against its file's folder: a script passes import.meta.dirname.

import { resolve } from 'node:path';
import type { PipelineDocument, PipelineSettings } from '../engine/document/document-types.ts';
import type { PipelineIssue } from '../engine/errors.ts';
import type { RunResult } from '../engine/exec/engine.ts';
import { PipelineGraph } from './graph.ts';
import { Frame } from './frame.ts';
import type { CsvOptions, NodeOptions, SampleOptions } from './options.ts';
import { runPipeline, type PipelineRunOptions } from './run.ts';

export interface PipelineOptions extends PipelineSettings {
  /** The folder relative paths resolve against (default: the current directory). */
  readonly baseDir?: string;
}

export type SampleDataset = 'events' | 'users' | 'houses';

export class Pipeline {
  readonly name: string;
  readonly settings: PipelineSettings;
  readonly baseDir: string;
  private readonly graph = new PipelineGraph();

  constructor(name: string, opts: PipelineOptions = {}) {
    const { baseDir, ...settings } = opts;
    this.name = name;
    this.settings = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    this.baseDir = resolve(baseDir ?? '.');
  }

  csv(path: string, opts: CsvOptions = {}): Frame {
    const { id, ...params } = opts;
    return this.source('source.csv', { path, ...params }, id);
  }

  parquet(path: string, opts: NodeOptions = {}): Frame {
    return this.source('source.parquet', { path }, opts.id);
  }

  /** Newline-delimited JSON. */
  json(path: string, opts: NodeOptions = {}): Frame {
    return this.source('source.json', { path }, opts.id);
  }

  /** Built-in generated data, the same for the same seed. */
  sample(dataset: SampleDataset, opts: SampleOptions = {}): Frame {
    const { id, ...params } = opts;
    return this.source('source.sample', { dataset, ...params }, id);
  }

  /** The pipeline document these calls describe (what the studio opens and `tributary run` runs). */
  toDocument(): PipelineDocument {
    return {
      version: 1, name: this.name, ...(Object.keys(this.settings).length > 0 ? { settings: { ...this.settings } } : {}),
      nodes: this.graph.nodes.map((n) => ({ ...n, params: structuredClone(n.params) })),
      edges: this.graph.edges.map((e) => ({ ...e })),
    };
  }

  /** Every problem of the pipeline (unknown columns, type errors...), as `tributary validate` finds them. */
  async validate(): Promise<PipelineIssue[]> {
    const [{ buildPlan }, { DISK_SCHEMAS }] = await Promise.all([import('../engine/logical/build.ts'), import('../engine/disk-schemas.ts')]);
    return (await buildPlan(this.toDocument(), { readers: DISK_SCHEMAS, baseDir: this.baseDir })).issues;
  }

  /** Runs the pipeline on the engine; throws a PipelineError (every issue) when it cannot start. */
  run(opts: PipelineRunOptions = {}): Promise<RunResult> {
    return runPipeline(this.toDocument(), this.baseDir, opts);
  }

  private source(kind: string, params: Record<string, unknown>, id: string | undefined): Frame {
    return new Frame(this.graph, this.graph.add(kind, params, {}, id));
  }
}

export function pipeline(name: string, opts: PipelineOptions = {}): Pipeline {
  return new Pipeline(name, opts);
}
