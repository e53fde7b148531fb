// What the runner derives from a document: its content hash (which version ran) and the sink
// targets a run may write (whose temporary files are removed if the run crashes).

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';

export function contentHash(document: PipelineDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);
}

export function sinkTargets(document: PipelineDocument, baseDir: string): string[] {
  const targets: string[] = [];
  for (const node of document.nodes) {
    const target = node.params['path'];
    if (node.kind.startsWith('sink.') && typeof target === 'string' && target.length > 0) targets.push(path.resolve(baseDir, target));
  }
  return targets;
}

/** Bytes of a written output (a file, or a partitioned folder's top level); undefined if unknown. */
export function outputBytes(file: string): number | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}
