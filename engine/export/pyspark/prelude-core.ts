// Python helpers of every exported script: the session settings under which Spark computes what
// Tributary computes, and the readers and writers with Tributary's file conventions (one output
// file, not a folder of parts; CSV nulls and quoting; vectors as plain arrays). The text is Python,
// kept here as strings (String.raw: backslashes stay as written) so that the exporter needs no
// file access and bundles anywhere. docs/pyspark-mapping.md explains each setting.

export const IMPORTS = String.raw`import argparse
import decimal
import math
import os
from pathlib import Path

from pyspark import SparkConf
from pyspark.sql import DataFrame, SparkSession, functions as F, types as T`;

export const CONFIGURE = String.raw`def configure(spark):
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
    return builder.getOrCreate()`;

export const READ_CSV = String.raw`SPARK_TYPES = {"bool": "boolean", "int32": "int", "int64": "bigint", "float64": "double",
               "string": "string", "date": "date", "timestamp": "timestamp"}
EMPTY_MARK = "\u0001empty\u0001"


def read_csv(spark, path, header=True, sep=",", types=None, null_values=("",), on_bad_row="fail"):
    """A CSV file as Tributary reads it: an unquoted empty field is null, a quoted "" is the empty
    string, "" inside quotes is a quote; listed column types are used, the others inferred."""
    # Spark reads a quoted "" as null too (its empty value equals its null value): read it as a
    # marker instead and turn the marker into "" below.
    reader = (spark.read.option("header", header).option("sep", sep).option("quote", '"').option("escape", '"')
              .option("emptyValue", EMPTY_MARK).option("mode", "FAILFAST" if on_bad_row == "fail" else "DROPMALFORMED"))
    nulls = [v for v in null_values if v != ""]
    if len(nulls) == 1:
        reader = reader.option("nullValue", nulls[0])
    given = types or {}
    columns = reader.csv(path).columns  # the header only: no scan
    if all(c in given for c in columns):
        fields = [T.StructField(c, T._parse_datatype_string(SPARK_TYPES[given[c]])) for c in columns]
    else:  # Spark infers the unlisted columns' types from a scan of the file
        fields = [T.StructField(f.name, T._parse_datatype_string(SPARK_TYPES[given[f.name]]) if f.name in given
                                else f.dataType) for f in reader.option("inferSchema", True).csv(path).schema.fields]
    schema = T.StructType(fields)
    df = reader.schema(schema).csv(path)
    df = df.select(*[F.when(F.col(f.name) == EMPTY_MARK, "").otherwise(F.col(f.name)).alias(f.name)
                     if isinstance(f.dataType, T.StringType) else F.col(f.name) for f in df.schema.fields])
    for value in nulls[1:]:  # Spark takes one null text; the others become null here
        df = df.select(*[F.when(F.col(f.name).cast("string") == value, None).otherwise(F.col(f.name)).alias(f.name)
                         for f in df.schema.fields])
    return df`;

export const READ_JSON = String.raw`def read_json(spark, path):
    """Newline-delimited JSON with its columns in the order the first line names them (Spark sorts them)."""
    import json
    df = spark.read.json(path)
    first = spark.read.text(path).first()
    order = list(json.loads(first[0]).keys()) if first else []
    return df.select(*[c for c in order if c in df.columns], *[c for c in df.columns if c not in order])`;

export const WRITE = String.raw`def plain_columns(df):
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
    write_one_file(csv_text(plain_columns(df)), path, "csv", mode, options, ordered)`;
