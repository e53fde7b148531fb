#!/usr/bin/env python3
"""house-prices: a Tributary pipeline exported as PySpark from assets/examples/house-prices.json.

Run it with spark-submit (or python3 with pyspark installed):
    spark-submit this_script.py [--master URL] [--<node> PATH ...]
The master comes from --master, $SPARK_MASTER or spark-defaults.conf, else local[*].
Paths default to the pipeline's own, relative to this script's folder (--help lists them).
"""

import argparse
import decimal
import math
import os
from pathlib import Path

from pyspark import SparkConf
from pyspark.sql import DataFrame, SparkSession, functions as F, types as T
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.regression import LinearRegression

# Relative paths resolve against this script's folder (or $TRIBUTARY_BASE_DIR, set by `tributary run --on spark`).
HERE = Path(os.environ.get("TRIBUTARY_BASE_DIR") or Path(__file__).resolve().parent)
PIPELINE_NAME = "house-prices"


def configure(spark):
    """Session settings under which Spark gives Tributary's answers (docs/pyspark-mapping.md)."""
    spark.conf.set("spark.sql.ansi.enabled", "false")  # x / 0 is null, a bad cast is null, integers wrap
    spark.conf.set("spark.sql.caseSensitive", "true")  # column names are case-sensitive
    spark.conf.set("spark.sql.session.timeZone", "UTC")  # timestamps are UTC instants
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")  # not INT96


def session(app_name, master=None):
    """The master from --master, else $SPARK_MASTER, else spark-submit / spark-defaults.conf, else local[*]."""
    builder = SparkSession.builder.appName(app_name)
    master = master or os.environ.get("SPARK_MASTER")
    if master:
        builder = builder.master(master)
    elif not SparkConf().contains("spark.master"):
        builder = builder.master("local[*]")
    return builder.getOrCreate()


def plain_columns(df):
    """Vector columns (pyspark.ml) as arrays of doubles, as Tributary writes vectors."""
    from pyspark.ml.functions import vector_to_array
    from pyspark.ml.linalg import VectorUDT
    return df.select(*[vector_to_array(f.name).alias(f.name) if isinstance(f.dataType, VectorUDT) else F.col(f.name)
                       for f in df.schema.fields])


def write_one_file(df, path, fmt, mode, options, ordered=False):
    """Writes df as ONE file at path (Spark writes a folder of parts: write one part, move it).
    Sorted rows are gathered with coalesce(1), which keeps their order; other rows with
    repartition(1), which keeps the stages before it parallel."""
    spark = df.sparkSession
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path
    target = hadoop_path(path)
    fs = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if mode == "error" and fs.exists(target):
        raise FileExistsError(f"{path} exists and the sink's mode is 'error': delete it or set mode 'overwrite'")
    staging = hadoop_path(path + ".spark-staging")
    (df.coalesce(1) if ordered else df.repartition(1)).write.mode("overwrite").format(fmt).options(**options).save(str(staging))
    parts = [s.getPath() for s in fs.listStatus(staging) if s.getPath().getName().startswith("part-")]
    fs.delete(target, True)
    fs.mkdirs(target.getParent())
    fs.rename(parts[0], target)
    fs.delete(staging, True)
    checksum = hadoop_path(target.getParent(), "." + target.getName() + ".crc")  # local file system only
    if fs.exists(checksum):
        fs.delete(checksum, False)


def write_parquet(df, path, compression="snappy", mode="overwrite", partition_by=(), ordered=False):
    df = plain_columns(df)
    codec = "uncompressed" if compression == "none" else compression
    if partition_by:  # a folder of col=value sub-folders, as Tributary writes it
        df.write.mode("errorifexists" if mode == "error" else "overwrite").partitionBy(*partition_by) \
            .option("compression", codec).parquet(path)
    else:
        write_one_file(df, path, "parquet", mode, {"compression": codec}, ordered)


def number_text(x):
    """A double as Tributary writes it in CSV (JavaScript's shortest form: 3, 0.1, 1e+21, 1e-7)."""
    if x is None:
        return None
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    _, digits, exponent = decimal.Decimal(repr(abs(x))).as_tuple()
    point = len(digits) + exponent  # where the decimal point goes, counted from the first digit
    digits = "".join(map(str, digits)).rstrip("0")
    k = len(digits)
    if k <= point <= 21:
        text = digits + "0" * (point - k)
    elif 0 < point <= 21:
        text = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * (-point) + digits
    else:
        e = point - 1
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return ("-" if x < 0 else "") + text


def csv_text(df):
    """Every column as the text Tributary writes: doubles in JavaScript's form, timestamps ISO with Z."""
    double_text = F.udf(number_text, "string")
    def text(f):
        if isinstance(f.dataType, (T.DoubleType, T.FloatType)):
            return double_text(F.col(f.name)).alias(f.name)
        if isinstance(f.dataType, T.TimestampType):
            return F.date_format(F.col(f.name), "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").alias(f.name)
        return F.col(f.name).cast("string").alias(f.name)
    return df.select(*[text(f) for f in df.schema.fields])


def write_csv(df, path, sep=",", header=True, mode="overwrite", ordered=False):
    """RFC 4180 quoting; a null is an empty unquoted field, an empty string is \"\"."""
    options = {"header": str(header).lower(), "sep": sep, "quote": '"', "escape": '"', "nullValue": "",
               "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false",
               "lineSep": "\n"}
    write_one_file(csv_text(plain_columns(df)), path, "csv", mode, options, ordered)


MASK = 0xFFFFFFFF


def fmix(h):
    """murmur3's 32-bit finalizer."""
    h &= MASK
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    return h ^ (h >> 16)


NULL_HASH = 0x5BD1E995


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
            with_hash.where(F.col("__hash") >= threshold).drop("__hash"))


def evaluate(df, metric, label_col="label", prediction_col="prediction", features_col="features"):
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
    return df.sparkSession.createDataFrame([(metric, value)], "metric string, value double")


def row_hasher(seed, salt):
    """hashRow(seed, salt, row) of engine/io/sample/hash.ts, for rows below 2^32."""
    k = fmix((seed & MASK) ^ (((salt + 1) * 0x9E3779B9) & MASK))
    top = fmix(k)  # the row's high word is 0: its part of the hash is a constant
    return lambda row: fmix(((row ^ top) + k) & MASK)


def uniform_of(seed, salt):
    h = row_hasher(seed, salt)
    return lambda row: h(row) / 4294967296


def js_round(x):
    return math.floor(x + 0.5)


def sample_rows(spark, rows, make_row, schema):
    """rows generated in parallel by make_row(row_index)."""
    slices = max(1, min(spark.sparkContext.defaultParallelism, rows // 10000 + 1))
    return spark.createDataFrame(spark.sparkContext.range(0, rows, numSlices=slices).map(make_row), schema)


NEIGHBORHOODS = ["Riverside", "Old Town", "Hillcrest", "Lakeview", "Midtown", "Westfield", "Harbor", "Elm Park"]
PREMIUM = [40000, 25000, 60000, 80000, 30000, 0, 55000, 10000]


def sample_houses(spark, rows=1000, seed=42):
    """source.sample 'houses': price = 50000 + 150 sqft + 10000 bedrooms + 15000 bathrooms - 800 age
    + the neighborhood's premium + N(0, 20000) noise."""
    u_sqft, u_noise1, u_noise2 = uniform_of(seed, 21), uniform_of(seed, 26), uniform_of(seed, 1026)
    h_bed, h_bath, h_age, h_hood = (row_hasher(seed, s) for s in (22, 23, 24, 25))

    def make_row(row):
        sqft = js_round(500 + 4000 * u_sqft(row))
        bedrooms = min(6, max(1, js_round(sqft / 800 + (h_bed(row) % 3) - 1)))
        bathrooms = 1 + 0.5 * (h_bath(row) % 7)
        age, hood = h_age(row) % 101, h_hood(row) % len(NEIGHBORHOODS)
        noise = math.sqrt(-2 * math.log(1 - u_noise1(row))) * math.cos(2 * math.pi * u_noise2(row))
        price = (50000 + 150 * sqft + 10000 * bedrooms + 15000 * bathrooms + -800 * age + PREMIUM[hood]
                 + 20000 * noise)
        return (row + 1, float(sqft), bedrooms, bathrooms, age, NEIGHBORHOODS[hood], js_round(price * 100) / 100)
    return sample_rows(spark, rows, make_row, "house_id int, sqft double, bedrooms int, bathrooms double, "
                                              "age int, neighborhood string, price double")


def build(spark, args):
    """Runs the pipeline in the given session; args from parse_args()."""
    configure(spark)
    # source.sample 'houses'
    houses = sample_houses(spark, rows=20000, seed=7)
    # feature.vectorAssembler 'features'
    features = VectorAssembler(
        inputCols=["sqft", "bedrooms", "bathrooms", "age"],
        outputCol="features",
        handleInvalid="error",
    ).transform(houses)
    # feature.split 'parts'
    parts_train, parts_test = split_rows(features, ratios=[0.8, 0.2], seed=42)
    # model.linearRegression 'price_model'
    price_model_model = LinearRegression(
        featuresCol="features",
        labelCol="price",
        predictionCol="prediction",
        regParam=0.0,
        elasticNetParam=0.0,
        fitIntercept=True,
        standardization=True,
        maxIter=100,
        tol=0.000001,
    ).fit(parts_train)
    price_model = price_model_model.transform(parts_test)
    # model.evaluate 'rmse'
    rmse = evaluate(price_model, "rmse", label_col="price", prediction_col="prediction")
    # model.evaluate 'r2'
    r2 = evaluate(price_model, "r2", label_col="price", prediction_col="prediction")
    # transform.union 'metrics'
    metrics = rmse.unionByName(r2)
    # sink.csv 'save_metrics'
    write_csv(metrics, args.save_metrics, sep=",", header=True, mode="overwrite")
    # transform.select 'predictions'
    predictions = price_model.select(F.col("house_id"), F.col("neighborhood"), F.col("price"), F.col("prediction"))
    # sink.parquet 'save_predictions'
    write_parquet(predictions, args.save_predictions, compression="snappy", mode="overwrite")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--master", help="Spark master URL (default: $SPARK_MASTER, spark-defaults.conf, local[*])")
    parser.add_argument("--save-metrics", dest="save_metrics", default=str(HERE / "output/house-prices-metrics.csv"), help="output of sink.csv 'save_metrics'")
    parser.add_argument("--save-predictions", dest="save_predictions", default=str(HERE / "output/house-prices-predictions.parquet"), help="output of sink.parquet 'save_predictions'")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    spark = session(PIPELINE_NAME, args.master)
    try:
        build(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
