"""Writes the Spark-made Parquet files of test/parquet-compat/spark-files.test.ts.

Usage: python3 spark_writer.py SPEC.json RESULT.json (the suite runs it in its shared Spark,
test/spark/spark_server.py: run() below).

One SparkSession writes every file of SPEC.json: the same rows
(SELECT below over spark.range(rows)) under each file's session settings (compression codec,
timestamp type, legacy format) and writer options (dictionary on or off, page and row group
sizes, Parquet writer version). A file is written as a folder of part files; with one part it
is moved to NAME.parquet. RESULT.json lists, per file, the paths written or the writer's error.
"""

import glob
import json
import os
import shutil
import sys

# Every value kind a Spark job writes: integers of each width with their extremes, floats,
# decimals stored as INT32 (precision <= 9), INT64 (<= 18) and FIXED_LEN_BYTE_ARRAY (> 18, or all
# of them in the legacy format), unicode and empty strings, a low-cardinality string, dates,
# timestamps with and without a time zone; nulls in every nullable column.
SELECT = """
  id,
  CASE WHEN id % 5 = 0 THEN NULL ELSE id % 2 = 0 END AS b,
  CAST(id % 256 - 128 AS TINYINT) AS i8,
  CAST(CASE WHEN id % 7 = 0 THEN NULL ELSE (id * 37) % 65536 - 32768 END AS SMALLINT) AS i16,
  CASE WHEN id % 11 = 0 THEN NULL WHEN id % 50 = 1 THEN 2147483647 WHEN id % 50 = 2 THEN -2147483648
    ELSE CAST((id * 7919) % 2000000 - 1000000 AS INT) END AS i32,
  CASE WHEN id % 13 = 0 THEN NULL WHEN id % 50 = 3 THEN 9223372036854775807 WHEN id % 50 = 4 THEN -9223372036854775807 - 1
    ELSE id * 1000000007 * (CASE WHEN id % 2 = 0 THEN 1 ELSE -1 END) END AS i64,
  CASE WHEN id % 9 = 0 THEN NULL ELSE CAST(CAST(id AS DOUBLE) / 8 - 300 AS FLOAT) END AS f32,
  CASE WHEN id % 6 = 0 THEN NULL ELSE CAST(id AS DOUBLE) / 3 * (CASE WHEN id % 2 = 0 THEN 1 ELSE -1 END) END AS f64,
  CAST(CASE WHEN id % 8 = 0 THEN NULL ELSE (id - 3000) * 1.25 END AS DECIMAL(9, 2)) AS d9,
  CAST(CASE WHEN id % 10 = 1 THEN NULL ELSE id * 12345.6789 - 10000000 END AS DECIMAL(18, 4)) AS d18,
  CAST(CASE WHEN id % 9 = 2 THEN NULL ELSE (id - 3000) * 123456789012.0123456789 END AS DECIMAL(38, 10)) AS d38,
  CASE WHEN id % 10 = 0 THEN NULL WHEN id % 17 = 0 THEN '' ELSE concat('s', id, repeat('é', CAST(id % 4 AS INT)), '✓') END AS s,
  CASE WHEN id % 12 = 0 THEN NULL ELSE concat('k', id % 5) END AS s_low,
  CASE WHEN id % 14 = 0 THEN NULL ELSE date_add(DATE'1999-12-25', CAST(id % 3000 AS INT)) END AS dt,
  CASE WHEN id % 15 = 0 THEN NULL ELSE timestamp_micros(1577836800000000 + id * 37000123) END AS ts,
  CASE WHEN id % 16 = 0 THEN NULL ELSE CAST(timestamp_micros(946684800000000 + id * 86400000001) AS TIMESTAMP_NTZ) END AS ts_ntz
"""


# This script's Spark SQL settings, on its own session here and in the suite's shared Spark
# (test/spark/spark_server.py). A file's own settings are set and unset around it.
SESSION_CONF = {"spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "2"}


def run(spark, spec_path, result_path):
    """Every file of SPEC.json written on the session `spark`; what was written to RESULT.json."""
    with open(spec_path) as f:
        spec = json.load(f)
    results = []
    base = spark.range(spec["rows"]).selectExpr(*[c.strip() for c in split_columns(SELECT)])
    for file in spec["files"]:
        folder = os.path.join(spec["dir"], file["name"])
        try:
            for key, value in file.get("conf", {}).items():
                spark.conf.set(key, value)
            parts = file.get("parts", 1)
            df = base.coalesce(1) if parts == 1 else base.repartition(parts, "id").sortWithinPartitions("id")
            writer = df.write.mode("overwrite")
            for key, value in file.get("options", {}).items():
                writer = writer.option(key, value)
            writer.parquet(folder)
            written = sorted(glob.glob(os.path.join(folder, "part-*.parquet")))
            if parts == 1 and len(written) == 1:
                target = os.path.join(spec["dir"], file["name"] + ".parquet")
                shutil.move(written[0], target)
                shutil.rmtree(folder)
                written = [target]
                results.append({"name": file["name"], "path": target})
            else:
                results.append({"name": file["name"], "path": folder, "parts": written})
        except Exception as e:  # noqa: BLE001 - recorded for the test to report
            results.append({"name": file["name"], "error": str(e).split("\n")[0]})
        finally:
            for key in file.get("conf", {}):
                spark.conf.unset(key)
    with open(result_path, "w") as f:
        json.dump(results, f)


def main(spec_path, result_path):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master("local[1]").appName("tributary-parquet-compat").config("spark.ui.enabled", "false")
    for key, value in SESSION_CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        run(spark, spec_path, result_path)
    finally:
        spark.stop()


def split_columns(select):
    """The SELECT list as one expression per column (commas inside parentheses kept)."""
    out, depth, current = [], 0, ""
    for ch in select:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        out.append(current)
    return out


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
