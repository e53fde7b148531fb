// A fitted model's summary (FittedModel.summary: named numbers, strings and short lists) as the
// tables the Model tab shows: the named numbers in one table; lists of the same length side by
// side, one row per element, each row named when the document tells what the element is (feature
// names for coefficients and scaler statistics, input columns for an imputer's surrogates); the
// cluster centers of k-means as a matrix, one row per cluster with its size.

import type { FittedModel } from '../../run/run-state.ts';
import { nameAt } from './feature-names.ts';

type SummaryValue = FittedModel['summary'][string];

export interface ScalarRow { readonly name: string; readonly value: number | string | null }

export interface ListTable {
  /** What names a row: a feature of the vector, an input column, or only its position. */
  readonly rowKind: 'feature' | 'column' | 'index';
  readonly rowNames: readonly (string | undefined)[];
  readonly columns: readonly { readonly name: string; readonly values: readonly (number | string)[] }[];
  /** Elements beyond the rows shown (a string indexer over thousands of values). */
  readonly more?: number;
}

/** Rows a list table shows at most: the rest is counted, not drawn. */
export const MAX_LIST_ROWS = 200;

export interface CentersTable {
  readonly centers: readonly (readonly number[])[];
  readonly sizes?: readonly number[];
  readonly featureNames: readonly (string | undefined)[];
}

export interface SummaryView {
  readonly scalars: readonly ScalarRow[];
  readonly lists: readonly ListTable[];
  readonly centers?: CentersTable;
}

export interface SummaryContext {
  /** Names of the feature vector's elements (feature-names.ts), when known. */
  readonly featureNames?: readonly (string | undefined)[];
  /** The node's inputCols param (imputer: the surrogates are per input column). */
  readonly inputCols?: readonly string[];
}

const CENTER_KEYS = ['clusterCenters', 'centers'];
const SIZE_KEYS = ['clusterSizes', 'sizes'];
/** Lists whose elements are the feature vector's elements. */
const PER_FEATURE = new Set(['coefficients', 'mean', 'std', 'originalMin', 'originalMax', 'min', 'max', 'weights']);

function isMatrix(v: unknown): v is number[][] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'));
}

/** The k-means centers: from the summary (a matrix, or a flat list of k x d numbers) or the state. */
function centersOf(model: FittedModel, sizes: readonly number[] | undefined): { centers: number[][] } | undefined {
  const state = (model.state ?? {}) as Record<string, unknown>;
  for (const key of CENTER_KEYS) {
    const v: unknown = model.summary[key];
    if (isMatrix(v)) return { centers: v };
    if (Array.isArray(v) && sizes && sizes.length > 0 && v.length % sizes.length === 0 && v.every((x) => typeof x === 'number')) {
      const d = v.length / sizes.length;
      return { centers: sizes.map((_, c) => (v as number[]).slice(c * d, (c + 1) * d)) };
    }
  }
  for (const key of CENTER_KEYS) if (isMatrix(state[key])) return { centers: state[key] };
  return undefined;
}

/** At most MAX_LIST_ROWS rows of a list table, the rest counted in `more`. */
function capped(t: ListTable): ListTable {
  const n = t.rowNames.length;
  if (n <= MAX_LIST_ROWS) return t;
  return {
    ...t, rowNames: t.rowNames.slice(0, MAX_LIST_ROWS), more: n - MAX_LIST_ROWS,
    columns: t.columns.map((c) => ({ ...c, values: c.values.slice(0, MAX_LIST_ROWS) })),
  };
}

/** The imputer's replacement value per input column: summary entries named by column, a
 *  `surrogates` list, or the state's. Undefined when the input columns are not known. */
function imputerSurrogates(model: FittedModel, inputCols: readonly string[] | undefined): (number | string)[] | undefined {
  if (!inputCols || inputCols.length === 0) return undefined;
  const byName = inputCols.map((c) => model.summary[c]);
  if (byName.every((v) => typeof v === 'number')) return byName as number[];
  const list = model.summary.surrogates ?? ((model.state ?? {}) as { surrogates?: unknown }).surrogates;
  return Array.isArray(list) && list.length === inputCols.length ? (list as (number | string)[]) : undefined;
}

export function summaryView(model: FittedModel, ctx: SummaryContext = {}): SummaryView {
  const entries = Object.entries(model.summary) as [string, SummaryValue][];
  const sizeEntry = entries.find(([k, v]) => SIZE_KEYS.includes(k) && Array.isArray(v));
  const sizes = sizeEntry ? (sizeEntry[1] as readonly number[]) : undefined;
  const centers = model.kind === 'model.kmeans' ? centersOf(model, sizes) : undefined;

  const scalars: ScalarRow[] = [];
  const groups = new Map<number, [string, readonly (number | string)[]][]>();
  // An imputer names each surrogate by its input column: those read as one table of surrogates.
  const surrogates = model.kind === 'feature.imputer' ? imputerSurrogates(model, ctx.inputCols) : undefined;
  // A string indexer's summary holds the first labels; its state holds them all, in index order.
  const stateLabels = (model.state as { labels?: unknown } | null)?.labels;
  const labels = model.kind === 'feature.stringIndexer' && Array.isArray(stateLabels) ? stateLabels.map(String) : undefined;
  for (const [name, value] of entries) {
    // With the centers read (as a matrix) the summary's own form of them, and the sizes, go in that table.
    if (centers && (CENTER_KEYS.includes(name) || name === sizeEntry?.[0])) continue;
    if (surrogates && (ctx.inputCols!.includes(name) || name === 'surrogates')) continue;
    if (labels && Array.isArray(value)) continue;
    if (Array.isArray(value)) {
      const list = value as readonly (number | string)[];
      const group = groups.get(list.length) ?? [];
      group.push([name, list]);
      groups.set(list.length, group);
    } else {
      scalars.push({ name, value: value as number | string | null });
    }
  }

  const lists: ListTable[] = surrogates
    ? [{ rowKind: 'column', rowNames: [...ctx.inputCols!], columns: [{ name: 'surrogate', values: surrogates }] }] : [];
  if (labels) lists.push(capped({ rowKind: 'index', rowNames: labels.map(() => undefined), columns: [{ name: 'label', values: labels }] }));
  for (const [length, group] of groups) {
    const names = group.map(([n]) => n);
    const features = ctx.featureNames;
    const perFeature = names.some((n) => PER_FEATURE.has(n)) || (features !== undefined && features.length === length
      && !features.includes(undefined) && model.kind !== 'feature.stringIndexer');
    let rowKind: ListTable['rowKind'] = 'index';
    let rowNames: (string | undefined)[] = new Array<string | undefined>(length).fill(undefined);
    if (perFeature && features) {
      rowKind = 'feature';
      rowNames = rowNames.map((_, i) => nameAt(features, i));
    } else if (ctx.inputCols && ctx.inputCols.length === length && model.kind === 'feature.imputer') {
      rowKind = 'column';
      rowNames = [...ctx.inputCols];
    }
    lists.push(capped({ rowKind, rowNames, columns: group.map(([name, values]) => ({ name, values })) }));
  }
  // Coefficients lead: they are what people look for first.
  lists.sort((a, b) => Number(b.columns.some((c) => c.name === 'coefficients')) - Number(a.columns.some((c) => c.name === 'coefficients')));

  const dims = centers?.centers[0]?.length ?? 0;
  return {
    scalars, lists,
    ...(centers ? { centers: {
      centers: centers.centers, ...(sizes ? { sizes } : {}),
      featureNames: Array.from({ length: dims }, (_, i) => nameAt(ctx.featureNames, i)),
    } } : {}),
  };
}
