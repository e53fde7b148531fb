// What an export target is and takes, apart from the table of targets (targets.ts) so that each
// exporter can name its options without importing the table that imports it.

import type { PipelineDocument } from '../document/document-types.ts';

export interface ExportOptions {
  /** The pipeline file the document came from, named in the script's header. */
  readonly pipelinePath?: string;
}

export interface ExportTarget {
  /** Shown in the dialog and the help text. */
  readonly title: string;
  /** The file extension of the program, with the dot. */
  readonly extension: string;
  /** The program's text; throws a PipelineError when the document has issues. */
  exportPipeline(doc: PipelineDocument, opts: ExportOptions): string;
}
