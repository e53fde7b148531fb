// The node catalog: the one list of node kinds (docs/pipeline-format.md). Validation, schema inference, the
// studio's palette and inspector, and the docs all read it. The entries live in one file per
// group; this file puts them together in palette order.

import type { KindDef } from './catalog-types.ts';
import { SINK_KINDS, SOURCE_KINDS } from './catalog-io.ts';
import { JOIN_KINDS, TRANSFORM_KINDS } from './catalog-transforms.ts';
import { FEATURE_KINDS, MODEL_KINDS } from './catalog-ml.ts';

const KINDS = [
  ...SOURCE_KINDS, ...TRANSFORM_KINDS, ...JOIN_KINDS, ...FEATURE_KINDS, ...MODEL_KINDS, ...SINK_KINDS,
];

export const CATALOG: readonly KindDef[] = KINDS;

/** Every node kind's name, as a type. */
export type NodeKind = (typeof KINDS)[number]['kind'];

const BY_KIND = new Map(CATALOG.map((k) => [k.kind, k]));

export function kindDef(kind: string): KindDef | undefined {
  return BY_KIND.get(kind);
}

/** The params with defaults filled in for absent ones (params without a default stay absent). */
export function withDefaults(def: KindDef, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const p of def.params) {
    // cloned: a caller that edits the result must not edit the catalog's default.
    if (out[p.name] === undefined && p.default !== undefined) out[p.name] = structuredClone(p.default);
  }
  return out;
}
