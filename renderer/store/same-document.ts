// Whether two documents say the same thing, whatever the order of keys in their objects (a
// document read back from the autosave or from disk is a new object with the same content).

import type { PipelineDocument } from '../../main/api.ts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function sameDocument(a: PipelineDocument, b: PipelineDocument): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
