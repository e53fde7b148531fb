// Catalog entries of the feature and model stages. Names, defaults and semantics follow
// Spark MLlib for the same parameter names (docs/pipeline-format.md).

import { kindList, type PortDef } from './catalog-types.ts';
import { IN, OUT, modelCommonParams, oneOf, opt, req } from './catalog-params.ts';

const HANDLE_INVALID = ['error', 'skip', 'keep'] as const;

const MODEL_INPUTS: readonly PortDef[] = [
  { name: 'train', doc: 'the rows the model is fitted on' },
  { name: 'score', optional: true, doc: 'the rows to predict (default: the training rows)' },
];

/** Where a fitting stage saves its fitted model (engine/ml/spark/write-model.ts). */
const SAVE_TO = opt('saveTo', 'path', undefined,
  'A folder to save the fitted stage to, in Spark\'s ML persistence format (metadata/ JSON and data/ Parquet, as Spark\'s model.save): Spark and model.load read it. Replaced whole by each run.');

export const EVALUATE_METRICS = ['rmse', 'mse', 'mae', 'r2', 'areaUnderROC', 'accuracy', 'f1', 'silhouette'] as const;

export const FEATURE_KINDS = kindList([
  {
    kind: 'feature.imputer', group: 'feature', title: 'Imputer',
    doc: 'Replaces missing values (null, or missingValue) in numeric columns by the column mean, median or most frequent value.',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCols', 'columns', 'The numeric columns to complete.'),
      opt('outputCols', 'strings', undefined, 'Output column names, one per input (default: replace the input columns).'),
      oneOf('strategy', ['mean', 'median', 'mode'], 'mean', 'The replacement value computed on the non-missing values.'),
      opt('missingValue', 'number', Number.NaN, 'A value that also counts as missing (NaN by default; null is always missing).'),
      SAVE_TO,
    ],
  },
  {
    kind: 'feature.vectorAssembler', group: 'feature', title: 'Vector assembler',
    doc: 'Combines numeric, boolean and vector columns into one feature vector column.',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCols', 'columns', 'The columns to combine, in order.'),
      opt('outputCol', 'string', 'features', 'The name of the vector column.'),
      oneOf('handleInvalid', HANDLE_INVALID, 'error', 'Rows with a null or NaN input: fail the run, skip the row, or keep it with NaN.'),
    ],
  },
  {
    kind: 'feature.standardScaler', group: 'feature', title: 'Standard scaler',
    doc: 'Scales each element of a vector column to unit standard deviation (and optionally zero mean).',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCol', 'column', 'The vector column to scale.'),
      req('outputCol', 'string', 'The name of the scaled vector column.'),
      opt('withMean', 'boolean', false, 'Subtract the mean first.'),
      opt('withStd', 'boolean', true, 'Divide by the (sample) standard deviation.'),
      SAVE_TO,
    ],
  },
  {
    kind: 'feature.minMaxScaler', group: 'feature', title: 'Min-max scaler',
    doc: 'Rescales each element of a vector column linearly into the range [min, max].',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCol', 'column', 'The vector column to scale.'),
      req('outputCol', 'string', 'The name of the scaled vector column.'),
      opt('min', 'number', 0, 'Lower bound of the output range.'),
      opt('max', 'number', 1, 'Upper bound of the output range.'),
      SAVE_TO,
    ],
  },
  {
    kind: 'feature.stringIndexer', group: 'feature', title: 'String indexer',
    doc: 'Maps each distinct value of a column to an index 0, 1, 2, ... (by default the most frequent value gets 0).',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCol', 'column', 'The column to index (strings, or numbers read as text).'),
      req('outputCol', 'string', 'The name of the index column (float64, as Spark).'),
      oneOf('stringOrderType', ['frequencyDesc', 'frequencyAsc', 'alphabetDesc', 'alphabetAsc'], 'frequencyDesc', 'How indices are assigned.'),
      oneOf('handleInvalid', HANDLE_INVALID, 'error', 'Values unseen when fitting (and nulls): fail, skip the row, or give them an extra index.'),
      SAVE_TO,
    ],
  },
  {
    kind: 'feature.oneHotEncoder', group: 'feature', title: 'One-hot encoder',
    doc: 'Turns a category index (from feature.stringIndexer) into a vector with a single 1.',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCol', 'column', 'The index column.'),
      req('outputCol', 'string', 'The name of the vector column.'),
      opt('dropLast', 'boolean', true, 'Drop the last category (all zeros), as Spark, to avoid collinear features.'),
      SAVE_TO,
    ],
  },
  {
    kind: 'feature.bucketizer', group: 'feature', title: 'Bucketizer',
    doc: 'Maps a numeric column to bucket numbers 0, 1, ... given the bucket boundaries.',
    inputs: IN, outputs: OUT,
    params: [
      req('inputCol', 'column', 'The numeric column.'),
      req('outputCol', 'string', 'The name of the bucket column (float64, as Spark).'),
      req('splits', 'numbers', 'Increasing boundaries, at least three, e.g. [0, 10, 100, 1e9]; n+1 boundaries make n buckets.'),
    ],
  },
  {
    kind: 'feature.split', group: 'feature', title: 'Random split',
    doc: 'Splits the rows at random into a training and a test part, the same split for the same seed.',
    inputs: IN,
    outputs: [{ name: 'train', doc: 'the first part' }, { name: 'test', doc: 'the second part' }],
    params: [
      opt('ratios', 'numbers', [0.8, 0.2], 'Relative sizes of train and test (normalized to sum 1).'),
      opt('seed', 'integer', 42, 'Seed of the random split.'),
    ],
  },
]);

export const MODEL_KINDS = kindList([
  {
    kind: 'model.linearRegression', group: 'model', title: 'Linear regression',
    doc: 'Fits a linear model of the label on the features and appends the prediction to the scored rows.',
    inputs: MODEL_INPUTS, outputs: OUT,
    params: [
      ...modelCommonParams(),
      opt('weightCol', 'column', undefined, 'Numeric column of instance weights (0 or more; unset: every row weighs 1).', { columnsOf: 'train' }),
      SAVE_TO,
    ],
  },
  {
    kind: 'model.logisticRegression', group: 'model', title: 'Logistic regression',
    doc: 'Fits a classifier (labels 0 and 1, or 0 to K-1 for K classes) and appends raw prediction, probability and prediction columns.',
    inputs: MODEL_INPUTS, outputs: OUT,
    params: [
      ...modelCommonParams(),
      opt('threshold', 'number', 0.5, 'Predict 1 when the probability of 1 is above this.'),
      opt('probabilityCol', 'string', 'probability', 'Name of the output vector column [p(0), p(1)].'),
      opt('rawPredictionCol', 'string', 'rawPrediction', 'Name of the output vector column of margins [-m, m] (multinomial: one margin per class).'),
      opt('weightCol', 'column', undefined, 'Numeric column of instance weights (0 or more; unset: every row weighs 1).', { columnsOf: 'train' }),
      oneOf('family', ['auto', 'binomial', 'multinomial'], 'auto', 'binomial: labels 0 and 1 (one coefficient vector); multinomial: softmax over K classes (one per class); auto: binomial for at most 2 classes, else multinomial.'),
      SAVE_TO,
    ],
  },
  {
    kind: 'model.kmeans', group: 'model', title: 'K-means clustering',
    doc: 'Groups the rows into k clusters of similar feature vectors and appends the cluster number.',
    inputs: MODEL_INPUTS, outputs: OUT,
    params: [
      opt('featuresCol', 'column', 'features', 'Vector column holding the features.', { columnsOf: 'train' }),
      opt('predictionCol', 'string', 'prediction', 'Name of the output cluster column (int32).'),
      opt('k', 'integer', 2, 'The number of clusters (2 or more).'),
      opt('maxIter', 'integer', 20, 'Maximum number of iterations.'),
      opt('tol', 'number', 1e-4, 'Stop when no center moves further than this.'),
      opt('seed', 'integer', 42, 'Seed of the initial centers (k-means||).'),
      SAVE_TO,
    ],
  },
  {
    kind: 'model.evaluate', group: 'model', title: 'Evaluate',
    doc: 'Computes one quality metric of predictions against labels; outputs one row { metric, value }.',
    inputs: IN, outputs: OUT,
    params: [
      oneOf('metric', EVALUATE_METRICS, 'rmse', 'rmse, mse, mae, r2 for regression; areaUnderROC, accuracy, f1 for classification; silhouette (squared Euclidean, as Spark\'s ClusteringEvaluator) for clustering.'),
      opt('labelCol', 'column', 'label', 'The numeric column with the true values (not used by silhouette).'),
      opt('predictionCol', 'column', 'prediction', 'The numeric column with the predictions (for areaUnderROC: a score or probability; for silhouette: the cluster id).'),
      opt('featuresCol', 'column', 'features', 'silhouette only: the vector column the clustering was fitted on.'),
    ],
  },
  {
    kind: 'model.load', group: 'model', title: 'Load model',
    doc: 'Scores rows with a model folder saved by a saveTo param or by Spark (model.save(path), a stage or a PipelineModel).',
    inputs: [{ name: 'score', doc: 'the rows to score' }], outputs: OUT,
    params: [
      req('path', 'path', 'The model folder (metadata/ and data/, or a PipelineModel with stages/), relative to the pipeline file.'),
    ],
  },
]);
