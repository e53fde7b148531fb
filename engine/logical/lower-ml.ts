// Schemas of the feature and model stages, as Spark MLlib: vectorAssembler -> vector (size known
// when every input's is), stringIndexer and bucketizer -> float64, oneHotEncoder -> vector, scalers
// -> vector of the input's size, imputer keeps the column types, split -> its input schema on both
// ports, regression -> prediction float64, logistic -> rawPrediction and probability vectors (2) plus
// prediction float64, kmeans -> prediction int32, evaluate -> one row { metric, value }.

import type { LogicalPlan, MlNode } from './plan.ts';
import type { Field, Schema } from '../types.ts';
import { isNumeric } from '../types.ts';
import { fail, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';
import { checkedParams } from './lower-io.ts';
import { modelLoadSchema } from './lower-model-load.ts';

export function mlNode(ctx: LowerContext, port: string, schema: Schema): MlNode {
  const present = ctx.def.inputs.filter((p) => ctx.inputs.has(p.name));
  return {
    op: 'ml', nodeId: ctx.node.id, kind: ctx.def.kind, inputs: present.map((p) => ctx.inputs.get(p.name)!),
    ports: present.map((p) => p.name), params: ctx.params, port, schema,
  };
}

/** A column of one input that must be of an accepted type. */
function typedColumn(ctx: LowerContext, port: string, param: string, accepts: (f: Field) => boolean, what: string, name = ctx.params[param] as string): Field | undefined {
  // The port is named only where there is a choice (models: train or score).
  const at = ctx.def.inputs.length > 1 ? port : undefined;
  const field = requireColumn(ctx, ctx.inputs.get(port)!.schema, name, param, at);
  if (!field) return undefined;
  if (!accepts(field)) return fail(ctx, { param, ...(at ? { port: at } : {}) }, `column '${name}' of ${label(ctx)} must be ${what}, got ${field.type}`);
  return field;
}

const numeric = (f: Field) => isNumeric(f.type);
const vector = (f: Field) => f.type === 'vector';

/** `schema` with `field` appended; an existing column of that name is an error (as Spark). */
function appendNew(ctx: LowerContext, schema: Schema, field: Field, param: string): Schema | undefined {
  if (schema.fields.some((f) => f.name === field.name)) {
    return fail(ctx, { param }, `output column '${field.name}' of ${label(ctx)} already exists in the input: choose another ${param}`);
  }
  return { fields: [...schema.fields, field] };
}

function featureSchema(ctx: LowerContext, inSchema: Schema): Schema | undefined {
  const p = ctx.params;
  const out = p.outputCol as string;
  switch (ctx.def.kind) {
    case 'feature.imputer': {
      const inputs = p.inputCols as string[];
      const outputs = (p.outputCols as string[] | undefined) ?? inputs;
      if (outputs.length !== inputs.length) {
        return fail(ctx, { param: 'outputCols' }, `outputCols of ${label(ctx)} has ${outputs.length} names for ${inputs.length} inputCols: give one per input column`);
      }
      const fields = [...inSchema.fields];
      let ok = true;
      inputs.forEach((c, i) => {
        const f = typedColumn(ctx, 'in', `inputCols[${i}]`, numeric, 'numeric', c);
        if (!f) { ok = false; return; }
        const field = { ...f, name: outputs[i]!, nullable: false };
        const at = fields.findIndex((x) => x.name === field.name);
        if (at >= 0) fields[at] = field; else fields.push(field);
      });
      return ok ? { fields } : undefined;
    }
    case 'feature.vectorAssembler': {
      let size: number | undefined = 0;
      let ok = true;
      (p.inputCols as string[]).forEach((c, i) => {
        const f = typedColumn(ctx, 'in', `inputCols[${i}]`, (x) => numeric(x) || x.type === 'bool' || vector(x), 'numeric, bool or vector', c);
        if (!f) { ok = false; return; }
        if (size !== undefined) size = f.type === 'vector' ? (f.vectorSize === undefined ? undefined : size + f.vectorSize) : size + 1;
      });
      if (!ok) return undefined;
      return appendNew(ctx, inSchema, { name: out, type: 'vector', nullable: false, ...(size !== undefined ? { vectorSize: size } : {}) }, 'outputCol');
    }
    case 'feature.standardScaler': case 'feature.minMaxScaler': {
      if (ctx.def.kind === 'feature.minMaxScaler' && !((p.min as number) < (p.max as number))) {
        return fail(ctx, { param: 'max' }, `min (${p.min}) of ${label(ctx)} must be below max (${p.max})`);
      }
      const f = typedColumn(ctx, 'in', 'inputCol', vector, 'a vector (made by feature.vectorAssembler)');
      return f && appendNew(ctx, inSchema, { ...f, name: out }, 'outputCol');
    }
    case 'feature.stringIndexer': {
      const f = typedColumn(ctx, 'in', 'inputCol', (x) => x.type === 'string' || numeric(x) || x.type === 'bool', 'a string, number or bool');
      return f && appendNew(ctx, inSchema, { name: out, type: 'float64', nullable: false }, 'outputCol');
    }
    case 'feature.oneHotEncoder': {
      const f = typedColumn(ctx, 'in', 'inputCol', numeric, 'a numeric category index (made by feature.stringIndexer)');
      return f && appendNew(ctx, inSchema, { name: out, type: 'vector', nullable: f.nullable }, 'outputCol');
    }
    case 'feature.bucketizer': {
      const splits = p.splits as number[];
      if (splits.length < 3 || splits.some((s, i) => i > 0 && !(s > splits[i - 1]!))) {
        return fail(ctx, { param: 'splits' }, `splits of ${label(ctx)} must be at least 3 strictly increasing numbers, got [${splits.join(', ')}]`);
      }
      const f = typedColumn(ctx, 'in', 'inputCol', numeric, 'numeric');
      return f && appendNew(ctx, inSchema, { name: out, type: 'float64', nullable: f.nullable }, 'outputCol');
    }
  }
  return undefined;
}

function modelSchema(ctx: LowerContext): Schema | undefined {
  const p = ctx.params;
  const train = ctx.inputs.get('train')!;
  const scored: LogicalPlan = ctx.inputs.get('score') ?? train;
  const features = typedColumn(ctx, 'train', 'featuresCol', vector, 'a vector (made by feature.vectorAssembler)');
  let ok = !!features;
  if (ctx.def.kind !== 'model.kmeans') ok = !!typedColumn(ctx, 'train', 'labelCol', numeric, 'numeric') && ok;
  if (typeof p.weightCol === 'string' && p.weightCol !== '') ok = !!typedColumn(ctx, 'train', 'weightCol', numeric, 'numeric') && ok;
  if (ctx.inputs.has('score')) {
    const f = typedColumn(ctx, 'score', 'featuresCol', vector, 'a vector (made by feature.vectorAssembler)');
    if (f && features && f.vectorSize !== undefined && features.vectorSize !== undefined && f.vectorSize !== features.vectorSize) {
      ok = !!fail(ctx, { param: 'featuresCol', port: 'score' }, `features of ${label(ctx)} have ${features.vectorSize} elements in train but ${f.vectorSize} in score: assemble both from the same columns`);
    }
    ok = !!f && ok;
  }
  if (ctx.def.kind === 'model.kmeans' && (p.k as number) < 2) ok = !!fail(ctx, { param: 'k' }, `k of ${label(ctx)} must be 2 or more, got ${p.k}`);
  if (p.regParam !== undefined && !((p.regParam as number) >= 0)) {
    ok = !!fail(ctx, { param: 'regParam' }, `regParam of ${label(ctx)} must be 0 (no regularization) or more, got ${p.regParam}`);
  }
  if (p.elasticNetParam !== undefined && !((p.elasticNetParam as number) >= 0 && (p.elasticNetParam as number) <= 1)) {
    ok = !!fail(ctx, { param: 'elasticNetParam' }, `elasticNetParam of ${label(ctx)} must be between 0 (pure L2) and 1 (pure L1), got ${p.elasticNetParam}`);
  }
  if (!ok) return undefined;
  let schema: Schema | undefined = scored.schema;
  if (ctx.def.kind === 'model.logisticRegression') {
    // One element per class: 2 for a binomial model; a multinomial model's class count is known
    // only once the labels are read.
    const classes = p.family === 'binomial' ? { vectorSize: 2 } : {};
    schema = appendNew(ctx, schema, { name: p.rawPredictionCol as string, type: 'vector', nullable: false, ...classes }, 'rawPredictionCol');
    schema = schema && appendNew(ctx, schema, { name: p.probabilityCol as string, type: 'vector', nullable: false, ...classes }, 'probabilityCol');
  }
  const predictionType = ctx.def.kind === 'model.kmeans' ? 'int32' : 'float64';
  return schema && appendNew(ctx, schema, { name: p.predictionCol as string, type: predictionType, nullable: false }, 'predictionCol');
}

export function lowerMl(node: LowerContext): Lowered {
  // Path params (saveTo, model.load's path) made absolute and checked by the path policy.
  const params = checkedParams(node);
  if (!params) return undefined;
  const ctx: LowerContext = { ...node, params };
  const kind = ctx.def.kind;
  if (kind === 'model.load') {
    const schema = modelLoadSchema(ctx);
    return schema && { out: mlNode(ctx, 'out', schema) };
  }
  if (kind === 'feature.split') {
    const ratios = ctx.params.ratios as number[];
    if (ratios.length !== 2 || ratios.some((r) => !(r > 0))) {
      return fail(ctx, { param: 'ratios' }, `ratios of ${label(ctx)} must be two positive numbers (train, test), e.g. [0.8, 0.2], got [${ratios.join(', ')}]`);
    }
    const schema = ctx.inputs.get('in')!.schema;
    return { train: mlNode(ctx, 'train', schema), test: mlNode(ctx, 'test', schema) };
  }
  if (kind === 'model.evaluate' && ctx.params.metric === 'silhouette') {
    // A clustering's quality: no labels, the features and the cluster each row was put in.
    const ok = [typedColumn(ctx, 'in', 'featuresCol', vector, 'a vector (feature.vectorAssembler)'),
      typedColumn(ctx, 'in', 'predictionCol', numeric, 'numeric (a cluster id)')].every(Boolean);
    if (!ok) return undefined;
    return { out: mlNode(ctx, 'out', { fields: [{ name: 'metric', type: 'string', nullable: false }, { name: 'value', type: 'float64', nullable: true }] }) };
  }
  if (kind === 'model.evaluate') {
    const ok = [typedColumn(ctx, 'in', 'labelCol', numeric, 'numeric'),
      typedColumn(ctx, 'in', 'predictionCol', (f) => numeric(f) || (ctx.params.metric === 'areaUnderROC' && vector(f)), 'numeric')].every(Boolean);
    if (!ok) return undefined;
    return { out: mlNode(ctx, 'out', { fields: [{ name: 'metric', type: 'string', nullable: false }, { name: 'value', type: 'float64', nullable: true }] }) };
  }
  const schema = kind.startsWith('model.') ? modelSchema(ctx) : featureSchema(ctx, ctx.inputs.get('in')!.schema);
  return schema && { out: mlNode(ctx, 'out', schema) };
}
