// Python helpers for the ML nodes: Tributary's random split (a hash of the seed and the row's
// values, so it does not depend on the partitioning as Spark's randomSplit does; the hash is
// engine/compute/hash.ts and engine/ml/features/row-hash.ts, written again in Python), and
// model.evaluate as a one-row frame { metric, value }.

export const HASH = String.raw`MASK = 0xFFFFFFFF


def fmix(h):
    """murmur3's 32-bit finalizer."""
    h &= MASK
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    return h ^ (h >> 16)`;

export const SPLIT = String.raw`NULL_HASH = 0x5BD1E995


def hash_int64(v):
    lo, hi = v & MASK, (v >> 32) & MASK
    return fmix(((lo * 0xCC9E2D51) & MASK) ^ ((((hi ^ 0x1B873593) & MASK) * 0x2C1B3C6D) & MASK))


def hash_double(x):
    if math.isnan(x):
        return 0x7FF80001
    if not math.isinf(x) and x == int(x) and abs(x) < 9.2e18:
        return hash_int64(int(x))
    return hash_int64(int.from_bytes(__import__("struct").pack("<d", x), "little"))


def hash_value(v):
    """Tributary's hash of one value: integers (and integral doubles) as 64-bit integers, strings
    by their UTF-8 bytes (FNV-1a, then fmix), vectors element by element."""
    if v is None:
        return NULL_HASH
    if isinstance(v, bool):
        return hash_int64(int(v))
    if isinstance(v, int):
        return hash_int64(v)
    if isinstance(v, float):
        return hash_double(v)
    if isinstance(v, str):
        data = v.encode("utf-8")
        h = 0x811C9DC5 ^ len(data)
        for b in data:
            h = ((h ^ b) * 0x01000193) & MASK
        return fmix(h)
    h = 0x27D4EB2F ^ len(v)
    for x in v:
        h = fmix(((h * 0x9E3779B1) & MASK) ^ hash_double(float(x)))
    return h


def row_hash(seed):
    start = hash_double(float(seed))
    final = fmix(start ^ 0x5F356495)
    def of(row):
        h = start
        for v in row:
            h = fmix(((h * 0x9E3779B1) & MASK) ^ hash_value(v))
        return fmix(h ^ final)
    return of


def split_rows(df, ratios, seed):
    """Tributary's feature.split: a row goes to train when the hash of the seed and its values,
    as a fraction of 2^32, is below ratios[0] / (ratios[0] + ratios[1]); the same for any partitioning."""
    from pyspark.ml.functions import vector_to_array
    from pyspark.ml.linalg import VectorUDT
    def hashable(f):  # what Tributary hashes: days, microseconds, vector elements
        if isinstance(f.dataType, T.DateType):
            return F.unix_date(f.name)
        if isinstance(f.dataType, T.TimestampType):
            return F.unix_micros(f.name)
        if isinstance(f.dataType, VectorUDT):
            return vector_to_array(f.name)
        return F.col(f.name)
    hashed = F.udf(row_hash(seed), "long")(F.struct(*[hashable(f) for f in df.schema.fields]))
    threshold = ratios[0] / (ratios[0] + ratios[1]) * 4294967296
    with_hash = df.withColumn("__hash", hashed)
    return (with_hash.where(F.col("__hash") < threshold).drop("__hash"),
            with_hash.where(F.col("__hash") >= threshold).drop("__hash"))`;

export const EVALUATE = String.raw`def evaluate(df, metric, label_col="label", prediction_col="prediction", features_col="features"):
    """model.evaluate: one row { metric, value }. areaUnderROC is exact (numBins 0: no down-sampling)."""
    from pyspark.ml.evaluation import (BinaryClassificationEvaluator, ClusteringEvaluator,
                                       MulticlassClassificationEvaluator, RegressionEvaluator)
    if metric in ("rmse", "mse", "mae", "r2"):
        evaluator = RegressionEvaluator(metricName=metric, labelCol=label_col, predictionCol=prediction_col)
    elif metric == "areaUnderROC":
        evaluator = BinaryClassificationEvaluator(metricName=metric, labelCol=label_col,
                                                  rawPredictionCol=prediction_col, numBins=0)
    elif metric == "silhouette":
        evaluator = ClusteringEvaluator(metricName=metric, featuresCol=features_col, predictionCol=prediction_col)
    else:
        evaluator = MulticlassClassificationEvaluator(metricName=metric, labelCol=label_col,
                                                      predictionCol=prediction_col)
    value = float(evaluator.evaluate(df))
    return df.sparkSession.createDataFrame([(metric, value)], "metric string, value double")`;

// model.load: the class is read from the folder when the script runs (the folder may be replaced
// between export and run, as Tributary reads it at each run too), through Spark's own file system
// so that a cluster path (hdfs://, s3a://) works as a local one.
export const LOAD_MODEL = String.raw`def load_model(spark, path):
    """model.load: a saved stage or PipelineModel (Tributary's saveTo or pyspark's model.save), loaded
    with the pyspark.ml class its metadata names: PipelineModel.load(path) or e.g. LogisticRegressionModel.load(path)."""
    import importlib
    import json
    metadata = spark.read.text(path.rstrip("/") + "/metadata").first()
    if metadata is None:
        raise ValueError(f"{path}: its metadata/ folder is empty, not a saved Spark model (save it with saveTo or model.save)")
    class_name = json.loads(metadata[0]).get("class", "")
    if not class_name.startswith("org.apache.spark.ml."):
        raise ValueError(f"{path}: class {class_name!r} is not a Spark ML stage")
    module, name = ("pyspark.ml." + class_name[len("org.apache.spark.ml."):]).rsplit(".", 1)
    return getattr(importlib.import_module(module), name).load(path)`;
