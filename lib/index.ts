// The `tributary` library: pipelines built in TypeScript, run on the same engine as the studio
// and the command line (docs/library-api.md).

export { pipeline, Pipeline, type PipelineOptions, type SampleDataset } from './pipeline.ts';
export { Frame, GroupedFrame, type Sink } from './frame.ts';
export {
  Aggregation, count, countDistinct, sum, avg, min, max, stddev, variance, median, first,
  type AggregateFn, type AggregationLike, type AggregationRecord,
} from './aggregations.ts';
export { asc, desc, type SortKeyLike, type SortKeyRecord } from './sort-keys.ts';
export type * from './options.ts';
export type { PipelineRunOptions } from './run.ts';
export type { PipelineDocument, PipelineSettings } from '../engine/document/document-types.ts';
export type { RunResult } from '../engine/exec/engine.ts';
export type { RunEvent, RunStatus, StageSummary, NodeSummary } from '../engine/exec/events.ts';
export type { PipelineIssue } from '../engine/errors.ts';
export { PipelineError } from '../engine/errors.ts';
