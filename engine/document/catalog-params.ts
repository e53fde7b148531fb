// Small constructors for catalog parameter and port definitions, so the catalog files read as
// tables. `req` marks a required param (no default); `opt` one with a default (or none, meaning
// "absent is meaningful", e.g. source.csv `schema` = infer).

import type { ParamDef, ParamType, PortDef } from './catalog-types.ts';

type Extra = Partial<Pick<ParamDef, 'options' | 'fields' | 'columnsOf' | 'shorthand'>>;

export function req(name: string, type: ParamType, doc: string, extra: Extra = {}): ParamDef {
  return { name, type, required: true, doc, ...extra };
}

export function opt(name: string, type: ParamType, def: unknown, doc: string, extra: Extra = {}): ParamDef {
  return def === undefined
    ? { name, type, required: false, doc, ...extra }
    : { name, type, required: false, default: def, doc, ...extra };
}

export function oneOf(name: string, options: readonly string[], def: string | undefined, doc: string): ParamDef {
  return def === undefined
    ? { name, type: 'enum', required: true, doc, options }
    : { name, type: 'enum', required: false, default: def, doc, options };
}

export const IN: readonly PortDef[] = [{ name: 'in', doc: 'the rows to transform' }];
export const OUT: readonly PortDef[] = [{ name: 'out', doc: 'the resulting rows' }];
export const NONE: readonly PortDef[] = [];

/** Params shared by the three regression / classification models (Spark MLlib names and defaults). */
export function modelCommonParams(): ParamDef[] {
  return [
    opt('featuresCol', 'column', 'features', 'Vector column holding the features (made by feature.vectorAssembler).', { columnsOf: 'train' }),
    opt('labelCol', 'column', 'label', 'Numeric column holding the value to learn.', { columnsOf: 'train' }),
    opt('predictionCol', 'string', 'prediction', 'Name of the output column holding the prediction.'),
    opt('regParam', 'number', 0, 'Regularization strength (0 = none).'),
    opt('elasticNetParam', 'number', 0, 'Mix of L1 and L2 regularization: 0 = pure L2 (ridge), 1 = pure L1 (lasso).'),
    opt('fitIntercept', 'boolean', true, 'Whether to fit an intercept term.'),
    opt('standardization', 'boolean', true, 'Standardize the features before fitting (coefficients are reported on the original scale).'),
    opt('maxIter', 'integer', 100, 'Maximum number of optimizer iterations.'),
    opt('tol', 'number', 1e-6, 'Convergence tolerance of the optimizer.'),
  ];
}
