"""The local SparkSession the suite's Spark scripts run on (spark_server.py for the suite; each
script's own main() when run alone): local[2], no UI, bound to loopback, errors only in the log."""

import os
import sys


def local_session(app_name, sql_conf):
    """A local[2] SparkSession named app_name with the given Spark SQL settings."""
    # No network here: bind to loopback instead of resolving the host name.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master("local[2]").appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1"))
    for key, value in sql_conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_alone(app_name, run, sql_conf):
    """A script's main(): run(spark, *argv) on a session of its own, stopped afterwards."""
    spark = local_session(app_name, sql_conf)
    try:
        run(spark, *sys.argv[1:])
    finally:
        spark.stop()
