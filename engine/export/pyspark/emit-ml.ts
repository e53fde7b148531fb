// feature.* and model.* nodes as pyspark.ml stages with the same parameter names (the catalog's
// names and defaults are Spark MLlib's). A chain of stages where each feeds only the next becomes
// one pyspark.ml Pipeline; a model with its own score input is fitted and applied by itself.

import type { EmitContext } from './emit-context.ts';
import { exportError } from './emit-context.ts';
import { pyFloat, pyStr, pyValue } from './python-text.ts';

interface StageClass { readonly module: string; readonly name: string; readonly estimator: boolean }

const STAGES: Readonly<Record<string, StageClass>> = {
  'feature.imputer': { module: 'pyspark.ml.feature', name: 'Imputer', estimator: true },
  'feature.vectorAssembler': { module: 'pyspark.ml.feature', name: 'VectorAssembler', estimator: false },
  'feature.standardScaler': { module: 'pyspark.ml.feature', name: 'StandardScaler', estimator: true },
  'feature.minMaxScaler': { module: 'pyspark.ml.feature', name: 'MinMaxScaler', estimator: true },
  'feature.stringIndexer': { module: 'pyspark.ml.feature', name: 'StringIndexer', estimator: true },
  'feature.oneHotEncoder': { module: 'pyspark.ml.feature', name: 'OneHotEncoder', estimator: true },
  'feature.bucketizer': { module: 'pyspark.ml.feature', name: 'Bucketizer', estimator: false },
  'model.linearRegression': { module: 'pyspark.ml.regression', name: 'LinearRegression', estimator: true },
  'model.logisticRegression': { module: 'pyspark.ml.classification', name: 'LogisticRegression', estimator: true },
  'model.kmeans': { module: 'pyspark.ml.clustering', name: 'KMeans', estimator: true },
};

/** Whether a kind is a pyspark.ml stage (feature.split and model.evaluate are helpers instead). */
export function isStageKind(kind: string): boolean {
  return kind in STAGES;
}

export function isEstimator(kind: string): boolean {
  return STAGES[kind]?.estimator === true;
}

type Arg = readonly [string, string];

function modelArgs(p: Readonly<Record<string, unknown>>): Arg[] {
  return [
    ['featuresCol', pyValue(p['featuresCol'])], ['labelCol', pyValue(p['labelCol'])],
    ['predictionCol', pyValue(p['predictionCol'])], ['regParam', pyFloat(p['regParam'])],
    ['elasticNetParam', pyFloat(p['elasticNetParam'])], ['fitIntercept', pyValue(p['fitIntercept'])],
    ['standardization', pyValue(p['standardization'])], ['maxIter', pyValue(p['maxIter'])], ['tol', pyFloat(p['tol'])],
    ...(typeof p['weightCol'] === 'string' && p['weightCol'] !== '' ? [['weightCol', pyValue(p['weightCol'])] as Arg] : []),
  ];
}

function stageArgs(kind: string, p: Readonly<Record<string, unknown>>): Arg[] {
  switch (kind) {
    case 'feature.imputer': {
      const args: Arg[] = [['inputCols', pyValue(p['inputCols'])], ['outputCols', pyValue(p['outputCols'] ?? p['inputCols'])],
        ['strategy', pyValue(p['strategy'])]];
      if (!Number.isNaN(Number(p['missingValue']))) args.push(['missingValue', pyFloat(p['missingValue'])]);
      // Tributary's median is exact; Spark's default relativeError 0.001 is a sketch.
      return [...args, ['relativeError', '0.0']];
    }
    case 'feature.vectorAssembler':
      return [['inputCols', pyValue(p['inputCols'])], ['outputCol', pyValue(p['outputCol'])], ['handleInvalid', pyValue(p['handleInvalid'])]];
    case 'feature.standardScaler':
      return [['inputCol', pyValue(p['inputCol'])], ['outputCol', pyValue(p['outputCol'])], ['withMean', pyValue(p['withMean'])], ['withStd', pyValue(p['withStd'])]];
    case 'feature.minMaxScaler':
      return [['inputCol', pyValue(p['inputCol'])], ['outputCol', pyValue(p['outputCol'])], ['min', pyFloat(p['min'])], ['max', pyFloat(p['max'])]];
    case 'feature.stringIndexer':
      return [['inputCol', pyValue(p['inputCol'])], ['outputCol', pyValue(p['outputCol'])],
        ['stringOrderType', pyValue(p['stringOrderType'])], ['handleInvalid', pyValue(p['handleInvalid'])]];
    case 'feature.oneHotEncoder':
      return [['inputCol', pyValue(p['inputCol'])], ['outputCol', pyValue(p['outputCol'])], ['dropLast', pyValue(p['dropLast'])]];
    case 'feature.bucketizer':
      return [['inputCol', pyValue(p['inputCol'])], ['outputCol', pyValue(p['outputCol'])],
        ['splits', `[${(p['splits'] as number[]).map(pyFloat).join(', ')}]`]];
    case 'model.linearRegression': return modelArgs(p);
    case 'model.logisticRegression':
      return [...modelArgs(p), ['threshold', pyFloat(p['threshold'])], ['probabilityCol', pyValue(p['probabilityCol'])],
        ['rawPredictionCol', pyValue(p['rawPredictionCol'])], ['family', pyValue(p['family'] ?? 'auto')]];
    case 'model.kmeans':
      // The seed is always written: Spark's own default seed is not Tributary's 42.
      return [['featuresCol', pyValue(p['featuresCol'])], ['predictionCol', pyValue(p['predictionCol'])], ['k', pyValue(p['k'])],
        ['maxIter', pyValue(p['maxIter'])], ['tol', pyFloat(p['tol'])], ['seed', pyValue(p['seed'])]];
  }
  return [];
}

/** `Name(a=1, b=2)`, broken over lines when long; `indent` is the indentation of the call. */
export function stageConstructor(ctx: EmitContext, indent: string): string {
  const cls = STAGES[ctx.node.kind];
  if (!cls) throw exportError(ctx.node, 'is not a pyspark.ml stage');
  ctx.importing(cls.module, cls.name);
  const args = stageArgs(ctx.node.kind, ctx.params).map(([k, v]) => `${k}=${v}`);
  const flat = `${cls.name}(${args.join(', ')})`;
  if (flat.length + indent.length <= 110) return flat;
  return `${cls.name}(\n${args.map((a) => `${indent}    ${a},`).join('\n')}\n${indent})`;
}

/** feature.split, model.evaluate, model.load, and a model fitted on `train` and applied to `score`. */
export function emitMlNode(ctx: EmitContext): string[] {
  const p = ctx.params;
  switch (ctx.node.kind) {
    case 'feature.split': {
      ctx.need('split');
      return [`${ctx.output('train')}, ${ctx.output('test')} = split_rows(${ctx.input()}, ratios=${pyValue(p['ratios'])}, seed=${pyValue(p['seed'])})`];
    }
    case 'model.evaluate':
      ctx.need('evaluate');
      if (p['metric'] === 'silhouette') {
        return [`${ctx.output()} = evaluate(${ctx.input()}, "silhouette", prediction_col=${pyValue(p['predictionCol'])}, features_col=${pyValue(p['featuresCol'])})`];
      }
      return [`${ctx.output()} = evaluate(${ctx.input()}, ${pyStr(String(p['metric']))}, label_col=${pyValue(p['labelCol'])}, prediction_col=${pyValue(p['predictionCol'])})`];
    case 'model.load':
      // The folder's own stages and params, as Tributary's model.load applies them: the columns
      // each stage appends are named in the folder's metadata, in Spark's order.
      ctx.need('loadModel');
      return [`${ctx.output()} = load_model(spark, ${ctx.pathArg('model folder')}).transform(${ctx.input('score')})`];
  }
  const train = ctx.input('train') ?? ctx.input();
  const score = ctx.input('score') ?? train;
  const out = ctx.output();
  if (!isEstimator(ctx.node.kind)) return [`${out} = ${stageConstructor(ctx, '')}.transform(${train})`];
  if (ctx.node.kind.startsWith('model.')) {
    const model = ctx.output('model');
    return [`${model} = ${stageConstructor(ctx, '')}.fit(${train})`, `${out} = ${model}.transform(${score})`];
  }
  return [`${out} = ${stageConstructor(ctx, '')}.fit(${train}).transform(${train})`];
}
