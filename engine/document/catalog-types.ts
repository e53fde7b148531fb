// The shape of the node catalog. The catalog (engine/document/catalog.ts) is the one list of
// node kinds: validation (zod schemas derived from these param definitions), schema inference,
// the studio's palette and inspector forms, and the docs all read it.

export type KindGroup = 'source' | 'transform' | 'join' | 'feature' | 'model' | 'sink';

export type ParamType =
  | 'string' | 'number' | 'integer' | 'boolean'
  | 'enum'          // one of `options`
  | 'path'          // a file path, relative to the pipeline file
  | 'expression'    // an expression of docs/pipeline-format.md, typed against the input schema
  | 'column'        // one column name of the input
  | 'columns'       // a list of column names of the input
  | 'numbers'       // a list of numbers (splits, ratios)
  | 'typeMap'       // { column: type } (source.csv schema)
  | 'valueMap'      // { column: literal } (fillNulls)
  | 'strings'       // a list of strings (nullValues)
  | 'records';      // a list of objects, each described by `fields` (aggregations, join keys...)

export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  /** The default used when the param is absent (absent for required params). */
  readonly default?: unknown;
  readonly doc: string;
  /** For `enum`. */
  readonly options?: readonly string[];
  /** For `records`: the fields of each element. */
  readonly fields?: readonly ParamDef[];
  /** For `column`/`columns`/`records` fields naming columns: which input port's columns. */
  readonly columnsOf?: string;
  /** For `records`: an element may also be written as a bare string, standing for an object
   *  with only this field set (`transform.select` columns: "amount" = { "column": "amount" }). */
  readonly shorthand?: string;
}

export interface PortDef {
  readonly name: string;
  /** An optional input (the `score` port of a model). */
  readonly optional?: boolean;
  readonly doc?: string;
}

export interface KindDef {
  readonly kind: string;
  readonly group: KindGroup;
  readonly title: string;
  readonly doc: string;
  readonly inputs: readonly PortDef[];
  readonly outputs: readonly PortDef[];
  readonly params: readonly ParamDef[];
}

/** A group's list of kinds, keeping each `kind` as its literal so the catalog's kind names are a
 *  type (NodeKind in catalog.ts): a map over them (the lowering in logical/build.ts) that misses
 *  one is a type error. */
export function kindList<const K extends string>(defs: readonly (KindDef & { readonly kind: K })[]): readonly (KindDef & { readonly kind: K })[] {
  return defs;
}
