// The option objects of the builder calls: each field is the catalog param of the same name
// (engine/document/catalog-*.ts has the docs and defaults), plus `id`, the document node id.

import type { DataType } from '../engine/types.ts';

export interface NodeOptions {
  /** The node id in the document (default: the kind's short name, numbered: filter, filter_2). */
  readonly id?: string;
}

export type WriteMode = 'overwrite' | 'error';
export type HandleInvalid = 'error' | 'skip' | 'keep';

export interface CsvOptions extends NodeOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly schema?: Readonly<Record<string, DataType>>;
  readonly nullValues?: readonly string[];
  readonly onBadRow?: 'fail' | 'skip';
}

export interface SampleOptions extends NodeOptions {
  readonly rows?: number;
  readonly seed?: number;
  readonly users?: number;
}

export interface UnionOptions extends NodeOptions { readonly byName?: boolean }
export interface RepartitionOptions extends NodeOptions { readonly by?: readonly string[] }

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';
export interface JoinKey { readonly left: string; readonly right: string }
export interface JoinOptions extends NodeOptions {
  /** The key pairs; a column name (or a list of them) stands for a pair with that name on both sides. */
  readonly on: string | readonly string[] | JoinKey | readonly JoinKey[];
  readonly type?: JoinType;
  readonly strategy?: 'auto' | 'broadcast' | 'shuffle';
}

export type SelectColumn = string | { readonly column: string; readonly as?: string };
export interface DerivedColumn { readonly name: string; readonly expr: string }

export interface ImputerOptions extends NodeOptions {
  readonly inputCols: readonly string[];
  readonly outputCols?: readonly string[];
  readonly strategy?: 'mean' | 'median' | 'mode';
  readonly missingValue?: number;
}
export interface VectorAssemblerOptions extends NodeOptions {
  readonly inputCols: readonly string[];
  readonly outputCol?: string;
  readonly handleInvalid?: HandleInvalid;
}
interface InOut extends NodeOptions { readonly inputCol: string; readonly outputCol: string }
export interface StandardScalerOptions extends InOut { readonly withMean?: boolean; readonly withStd?: boolean }
export interface MinMaxScalerOptions extends InOut { readonly min?: number; readonly max?: number }
export interface StringIndexerOptions extends InOut {
  readonly stringOrderType?: 'frequencyDesc' | 'frequencyAsc' | 'alphabetDesc' | 'alphabetAsc';
  readonly handleInvalid?: HandleInvalid;
}
export interface OneHotEncoderOptions extends InOut { readonly dropLast?: boolean }
export interface BucketizerOptions extends InOut { readonly splits: readonly number[] }
export interface RandomSplitOptions extends NodeOptions { readonly ratios?: readonly number[]; readonly seed?: number }

interface ModelOptions extends NodeOptions {
  /** The rows to predict (the model's `score` input; default: the training rows). */
  readonly score?: import('./frame.ts').Frame;
  readonly featuresCol?: string;
  readonly predictionCol?: string;
  readonly maxIter?: number;
  readonly tol?: number;
}
export interface RegressionOptions extends ModelOptions {
  readonly labelCol?: string;
  readonly regParam?: number;
  readonly elasticNetParam?: number;
  readonly fitIntercept?: boolean;
  readonly standardization?: boolean;
}
export interface LogisticRegressionOptions extends RegressionOptions {
  readonly threshold?: number;
  readonly probabilityCol?: string;
  readonly rawPredictionCol?: string;
}
export interface KMeansOptions extends ModelOptions { readonly k?: number; readonly seed?: number }
export interface EvaluateOptions extends NodeOptions {
  readonly metric?: 'rmse' | 'mse' | 'mae' | 'r2' | 'areaUnderROC' | 'accuracy' | 'f1' | 'silhouette';
  readonly labelCol?: string;
  readonly predictionCol?: string;
  /** silhouette only: the vector column the clustering was fitted on. */
  readonly featuresCol?: string;
}

export interface WriteParquetOptions extends NodeOptions {
  readonly compression?: 'snappy' | 'zstd' | 'none';
  readonly mode?: WriteMode;
  readonly partitionBy?: readonly string[];
}
export interface WriteCsvOptions extends NodeOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly mode?: WriteMode;
}
