// The schemas along a loaded model's stages (from-spark.ts): what each stage reads and appends, as
// the same stage kinds' lowering (engine/logical/lower-ml.ts) types them. model.load's port schema
// is the last of them, known before the run from the folder alone; the stages' applies get the
// schema before and after each step.

import type { Field, Schema } from '../../types.ts';
import { isNumeric } from '../../types.ts';
import type { LoadedStage } from './from-spark.ts';

/** The schema after each stage (schemas[i] is stage i's output), or the first problem as text. */
export function loadedSchemas(stages: readonly LoadedStage[], input: Schema): { schemas: Schema[] } | { error: string } {
  const schemas: Schema[] = [];
  let schema = input;
  for (const [i, st] of stages.entries()) {
    const p = st.params;
    const where = `stage ${i} (${st.className.split('.').at(-1)} ${st.uid})`;
    const col = (name: string, ok: (f: Field) => boolean, what: string): Field | string => {
      const f = schema.fields.find((x) => x.name === name);
      if (!f) return `${where} reads column '${name}', which is not in its input (columns: ${schema.fields.map((x) => x.name).join(', ')})`;
      return ok(f) ? f : `${where} needs column '${name}' to be ${what}, got ${f.type}`;
    };
    const added: Field[] = [];
    const replaced: Field[] = [];
    const problem = ((): string | undefined => {
      switch (st.kind) {
        case 'feature.imputer': {
          const outs = p.outputCols as string[];
          for (const [k, c] of (p.inputCols as string[]).entries()) {
            const f = col(c, (x) => isNumeric(x.type), 'numeric');
            if (typeof f === 'string') return f;
            (schema.fields.some((x) => x.name === outs[k]) ? replaced : added).push({ ...f, name: outs[k]!, nullable: false });
          }
          return undefined;
        }
        case 'feature.vectorAssembler': {
          let size: number | undefined = 0;
          for (const c of p.inputCols as string[]) {
            const f = col(c, (x) => isNumeric(x.type) || x.type === 'bool' || x.type === 'vector', 'numeric, bool or vector');
            if (typeof f === 'string') return f;
            if (size !== undefined) size = f.type === 'vector' ? (f.vectorSize === undefined ? undefined : size + f.vectorSize) : size + 1;
          }
          added.push({ name: p.outputCol as string, type: 'vector', nullable: false, ...(size !== undefined ? { vectorSize: size } : {}) });
          return undefined;
        }
        case 'feature.standardScaler': case 'feature.minMaxScaler': {
          const f = col(p.inputCol as string, (x) => x.type === 'vector', 'a vector');
          if (typeof f === 'string') return f;
          const size = ((st.model?.state as { mean?: unknown[]; originalMin?: unknown[] }).mean ?? (st.model?.state as { originalMin: unknown[] }).originalMin).length;
          if (f.vectorSize !== undefined && f.vectorSize !== size) return `${where} was fitted on vectors of ${size} elements but column '${f.name}' has ${f.vectorSize}`;
          added.push({ ...f, name: p.outputCol as string, vectorSize: size });
          return undefined;
        }
        case 'feature.stringIndexer': {
          const f = col(p.inputCol as string, (x) => x.type === 'string' || isNumeric(x.type) || x.type === 'bool', 'a string, number or bool');
          if (typeof f === 'string') return f;
          added.push({ name: p.outputCol as string, type: 'float64', nullable: false });
          return undefined;
        }
        case 'feature.oneHotEncoder': case 'feature.bucketizer': {
          const f = col(p.inputCol as string, (x) => isNumeric(x.type), 'numeric');
          if (typeof f === 'string') return f;
          added.push({ name: p.outputCol as string, type: st.kind === 'feature.bucketizer' ? 'float64' : 'vector', nullable: f.nullable });
          return undefined;
        }
        case 'model.linearRegression': case 'model.logisticRegression': case 'model.kmeans': {
          const f = col(p.featuresCol as string, (x) => x.type === 'vector', 'a vector');
          if (typeof f === 'string') return f;
          const state = st.model?.state as { coefficients?: unknown[]; centers?: unknown[][]; numClasses?: number; coefficientMatrix?: unknown[] };
          const classes = state.numClasses ?? 2;
          const size = state.coefficients?.length ?? state.centers?.[0]?.length ?? (state.coefficientMatrix ? state.coefficientMatrix.length / classes : undefined);
          if (f.vectorSize !== undefined && size !== undefined && f.vectorSize !== size) return `${where} was fitted on ${size} features but column '${f.name}' has ${f.vectorSize}`;
          if (st.kind === 'model.logisticRegression') {
            added.push({ name: p.rawPredictionCol as string, type: 'vector', nullable: false, vectorSize: classes });
            added.push({ name: p.probabilityCol as string, type: 'vector', nullable: false, vectorSize: classes });
          }
          added.push({ name: p.predictionCol as string, type: st.kind === 'model.kmeans' ? 'int32' : 'float64', nullable: false });
          return undefined;
        }
      }
      return `${where}: no schema rule for ${st.kind}`;
    })();
    if (problem) return { error: problem };
    for (const a of added) if (schema.fields.some((x) => x.name === a.name)) return { error: `${where} writes column '${a.name}', which already exists in its input` };
    schema = { fields: [...schema.fields.map((x) => replaced.find((r) => r.name === x.name) ?? x), ...added] };
    schemas.push(schema);
  }
  return { schemas };
}
