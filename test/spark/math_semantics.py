"""Prints Spark's answers for engine/exec/kernels/eval-math-special.test.ts (not run by the tests).

Usage: python3 test/spark/math_semantics.py [ansi]   (Java 17+ and pyspark from requirements.txt)

Each expression over the test's inputs (NaN, +/-inf, -0.0, 0.0, 1, -1, 2.5, -2.5, 0.5, -0.4,
1e308), with spark.sql.ansi.enabled false (the engine's semantics) unless `ansi` is given; doubles
print as NaN / Infinity / -Infinity / -0.0 so signed zeros show. An expression that fails is
retried row by row to show which inputs make it fail.
"""

import json
import math
import sys

INPUTS = [math.nan, math.inf, -math.inf, -0.0, 0.0, 1.0, -1.0, 2.5, -2.5, 0.5, -0.4, 1e308]
EXPRESSIONS = [
    "abs(x)", "round(x)", "round(x, 1)", "round(x, -1)", "floor(x)", "ceil(x)", "sqrt(x)", "exp(x)", "ln(x)", "log10(x)",
    "-x", "x + 1", "x - x", "x * 0", "x * -1", "x / 0", "x / -0.0", "1 / x", "x / x", "x % 2", "x % 0", "5 % x", "x % x",
    "pow(x, 0)", "pow(1, x)", "pow(x, 2)", "pow(x, 0.5)", "pow(x, -1)", "pow(-8, x)", "pow(0, x)",
    "least(x, 1)", "greatest(x, 1)", "least(x, cast(null as double))", "greatest(x, cast('NaN' as double))",
    "cast(x as int)", "cast(x as bigint)", "cast(x as string)", "x = x", "x = 0", "x > 1", "x < 1",
]
LITERALS = [
    "round(1.5D, 400)", "round(123.0D, -400)", "round(1e308D, 1)", "round(1e308D, -1)", "round(-1e308D, 2)", "round(-0.5D)",
    "round(0.5D)", "round(1.7976931348623157e308D, -300)", "round(2.675D, 2)", "round(-2.675D, 2)", "round(1e-320D, 3)",
    "round(-1e-320D, 400)", "round(4.5e15D, 0)", "round(4503599627370497.0D, -1)", "round(cast('NaN' as double), -400)",
    "round(-0.0D, 400)", "round(-0.04D, 1)", "round(15, -1)", "round(-15, -1)", "round(2147483647, -1)",
]


def shown(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        if v == 0 and math.copysign(1, v) < 0:
            return "-0.0"
    return v if not isinstance(v, int) or abs(v) < 2**53 else str(v)


def literal(v):
    return repr(v) if math.isfinite(v) else f"cast('{v}' as double)"


def main():
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DoubleType, StructField, StructType

    ansi = len(sys.argv) > 1 and sys.argv[1] == "ansi"
    spark = (SparkSession.builder.master("local[1]").config("spark.sql.ansi.enabled", str(ansi).lower())
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.createDataFrame([(v,) for v in INPUTS], StructType([StructField("x", DoubleType())])).createOrReplaceTempView("t")
    out = {"inputs": [shown(v) for v in INPUTS], "results": {}, "literals": {}}
    for e in EXPRESSIONS:
        try:
            out["results"][e] = [shown(r["r"]) for r in spark.sql(f"SELECT {e} AS r FROM t").collect()]
        except Exception:  # noqa: BLE001 - which rows fail is the answer
            row = []
            for v in INPUTS:
                try:
                    row.append(shown(spark.sql(f"SELECT {e} AS r FROM t WHERE x <=> {literal(v)}").collect()[0]["r"]))
                except Exception as ex:  # noqa: BLE001
                    row.append("ERROR " + type(ex).__name__)
            out["results"][e] = row
    for e in LITERALS:
        try:
            out["literals"][e] = shown(spark.sql(f"SELECT {e} AS r").collect()[0]["r"])
        except Exception as ex:  # noqa: BLE001
            out["literals"][e] = "ERROR " + str(ex).split("\n")[0][:150]
    print(json.dumps(out, indent=1))
    spark.stop()


if __name__ == "__main__":
    main()
