// Conformance cases for what the fits over partitions added (docs/ml-over-partitions.md):
// multinomial logistic regression on 3 classes, weightCol for linear and logistic regression,
// and k-means|| on overlapping clusters, where Spark and Tributary draw different random
// candidates (Spark's per-partition streams cannot be reproduced) and so land on different local
// optima: the final cost must be within 1% of Spark's for each of several seeds.

import type { Case, StageSpec } from './cases.ts';

const assemble = (inputCols: readonly string[]): StageSpec =>
  ({ kind: 'feature.vectorAssembler', params: { inputCols, outputCol: 'features', handleInvalid: 'error' } });
const logistic = (params: Record<string, unknown>): StageSpec => ({ kind: 'model.logisticRegression', params: { labelCol: 'cls', ...params } });
const FEATURES = assemble(['f1', 'f2', 'f3']);
const ITERATIVE = { modelTol: 1e-4, rowTol: 1e-5 } as const;

export const SCALE_CASES: readonly Case[] = [
  { name: 'logisticRegression multinomial, 3 classes (family auto)', data: 'weighted', stages: [FEATURES, logistic({})], ...ITERATIVE },
  { name: 'logisticRegression multinomial, regParam 0.05', data: 'weighted', stages: [FEATURES, logistic({ regParam: 0.05 })], ...ITERATIVE },
  { name: 'logisticRegression multinomial, elastic net, standardization false', data: 'weighted',
    stages: [FEATURES, logistic({ regParam: 0.02, elasticNetParam: 0.5, standardization: false })], ...ITERATIVE },
  { name: 'logisticRegression multinomial, weightCol', data: 'weighted', stages: [FEATURES, logistic({ weightCol: 'w', family: 'multinomial' })], ...ITERATIVE },
  { name: 'logisticRegression family multinomial on 2 classes', data: 'binary',
    stages: [FEATURES, { kind: 'model.logisticRegression', params: { family: 'multinomial', regParam: 0.01 } }], ...ITERATIVE },
  { name: 'logisticRegression family binomial on 3 classes fails', data: 'weighted', stages: [FEATURES, logistic({ family: 'binomial' })], expectError: /binomial|classes|outcome/i },
  { name: 'logisticRegression binomial, weightCol', data: 'weighted', stages: [FEATURES, logistic({ labelCol: 'bin', weightCol: 'w', regParam: 0.01 })], ...ITERATIVE },
  { name: 'linearRegression weightCol', data: 'weighted', stages: [FEATURES, { kind: 'model.linearRegression', params: { labelCol: 'y', weightCol: 'w' } }] },
  { name: 'linearRegression ridge, weightCol', data: 'weighted',
    stages: [FEATURES, { kind: 'model.linearRegression', params: { labelCol: 'y', weightCol: 'w', regParam: 0.1 } }] },
  ...[1, 2, 3, 4].map((seed): Case => ({
    name: `kmeans|| k 5 on overlapping clusters, seed ${seed}: cost within 1% of Spark's`, data: 'overlap',
    stages: [assemble(['x', 'y', 'z']), { kind: 'model.kmeans', params: { k: 5, seed, maxIter: 20 } }], costTol: 0.01,
  })),
];
