// The base name of an exported program: the pipeline's name with anything but letters, digits,
// '_' and '-' replaced, so it is a safe file name on every system.

import type { PipelineDocument } from '../document/document-types.ts';

export function exportBaseName(doc: PipelineDocument): string {
  return doc.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline';
}
