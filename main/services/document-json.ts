// Pipeline documents as files a person diffs: 2-space JSON with a stable key order, so saving
// the same document twice (whatever order the studio built its objects in) gives the same bytes
// and a one-param edit is a one-line diff.

import type { KindDef, ParamDef } from '../../engine/document/catalog-types.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';

const DOCUMENT_KEYS = ['version', 'name', 'settings', 'nodes', 'edges'];
const NODE_KEYS = ['id', 'kind', 'params', 'position'];
const EDGE_KEYS = ['from', 'to'];
const POSITION_KEYS = ['x', 'y'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys in `preferred` first (in that order), then every other key alphabetically. */
function orderKeys(value: Record<string, unknown>, preferred: readonly string[]): string[] {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const known = preferred.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !preferred.includes(k)).sort();
  return [...known, ...rest];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sorts object keys recursively (alphabetically unless `fields` names an order). */
function canonical(value: unknown, fields?: readonly ParamDef[]): Json {
  if (Array.isArray(value)) return value.map((v) => canonical(v, fields));
  if (!isRecord(value)) return value as Json;
  const out: { [key: string]: Json } = {};
  for (const key of orderKeys(value, fields?.map((f) => f.name) ?? [])) {
    out[key] = canonical(value[key], fields?.find((f) => f.name === key)?.fields);
  }
  return out;
}

function canonicalParams(params: Record<string, unknown>, def: KindDef | undefined): Json {
  const out: { [key: string]: Json } = {};
  // Params in the catalog's order (the order the inspector shows them), unknown ones after.
  for (const key of orderKeys(params, def?.params.map((p) => p.name) ?? [])) {
    out[key] = canonical(params[key], def?.params.find((p) => p.name === key)?.fields);
  }
  return out;
}

function withOrder(value: Record<string, unknown>, keys: readonly string[], map: (key: string, v: unknown) => Json): Json {
  const out: { [key: string]: Json } = {};
  for (const key of orderKeys(value, keys)) out[key] = map(key, value[key]);
  return out;
}

/** The document with every object's keys in the stable order. */
export function canonicalDocument(doc: PipelineDocument, catalog: readonly KindDef[]): Json {
  const byKind = new Map(catalog.map((k) => [k.kind, k]));
  return withOrder(doc as unknown as Record<string, unknown>, DOCUMENT_KEYS, (key, v) => {
    if (key === 'nodes' && Array.isArray(v)) {
      return v.map((node: unknown) => isRecord(node)
        ? withOrder(node, NODE_KEYS, (nk, nv) => {
          if (nk === 'params' && isRecord(nv)) return canonicalParams(nv, byKind.get(String(node.kind)));
          if (nk === 'position' && isRecord(nv)) return withOrder(nv, POSITION_KEYS, (_k, pv) => canonical(pv));
          return canonical(nv);
        })
        : canonical(node));
    }
    if (key === 'edges' && Array.isArray(v)) {
      return v.map((edge: unknown) => isRecord(edge) ? withOrder(edge, EDGE_KEYS, (_k, ev) => canonical(ev)) : canonical(edge));
    }
    return canonical(v);
  });
}

/** The file text: canonical order, 2-space indent, trailing newline. */
export function formatDocument(doc: PipelineDocument, catalog: readonly KindDef[]): string {
  return `${JSON.stringify(canonicalDocument(doc, catalog), null, 2)}\n`;
}
