"""Runs exported PySpark scripts for test/spark/export-conformance.test.ts in ONE Spark session.

Usage: python3 export_runner.py JOBS.json RESULTS.json (the suite runs it in its shared Spark,
spark_server.py: run() below).

JOBS.json is a list of {"name", "script"}: each script (written by engine/export/pyspark) is imported
as a module and driven as a harness would, build(spark, parse_args([])), so its paths are its
defaults (beside the script). One SparkSession serves every job, three at a time (threads sharing
the session, as Spark allows); a job that
fails records its innermost Java cause (the test then expects Tributary to fail too) and the next
job runs on. Each job's wall time is recorded.
"""

import importlib.util
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

from local_spark import run_alone

THREADS = 3


def error_text(e):
    java = getattr(e, "java_exception", None)
    if java is not None:
        while java.getCause() is not None:
            java = java.getCause()
        return f"{java.getClass().getName()}: {java.getMessage()}"[:2000]
    return f"{type(e).__name__}: {e}"[:2000]


def run_job(spark, job, index):
    spec = importlib.util.spec_from_file_location(f"exported_{index}", job["script"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(spark, module.parse_args([]))


# This script's Spark SQL settings, on its own session here and in the suite's shared Spark
# (spark_server.py).
SESSION_CONF = {"spark.sql.shuffle.partitions": "2"}


def run(spark, jobs_path, results_path):
    """Every job of JOBS.json on the session `spark`; their outcomes to RESULTS.json."""
    with open(jobs_path) as f:
        jobs = json.load(f)

    def run_one(i_job):
        i, job = i_job
        start = time.perf_counter()
        try:
            run_job(spark, job, i)
            return {"name": job["name"], "seconds": time.perf_counter() - start}
        except Exception as e:  # the job's expected failure, or a broken export: the test tells which
            return {"name": job["name"], "seconds": time.perf_counter() - start, "error": error_text(e)}

    # A few jobs at once: most of a small job's time is scheduling and file work, not computing.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(run_one, enumerate(jobs)))
    tmp = results_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f)
    os.replace(tmp, results_path)


def main():
    run_alone("tributary-export-conformance", run, SESSION_CONF)


if __name__ == "__main__":
    main()
