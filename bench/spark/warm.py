"""The studio's case on Spark: one local session kept, the exported job's build() run again and
again in it. Prints one line: BENCH-WARM {"firstMs": ..., "medianMs": ..., "reps": ...}.

    python3 bench/spark/warm.py JOB.py REPS --master local[2] --events P --users P --save OUT
"""
import importlib.util
import json
import statistics
import sys
import time


def main():
    job_path, reps, job_args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    spec = importlib.util.spec_from_file_location("bench_job", job_path)
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    args = job.parse_args(job_args)
    spark = job.session(job.PIPELINE_NAME, args.master)
    try:
        started = time.perf_counter()
        job.build(spark, args)  # the first run: the JVM's classes loaded and compiled
        first_ms = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            job.build(spark, args)
            times.append((time.perf_counter() - started) * 1000)
        print("BENCH-WARM " + json.dumps({"firstMs": first_ms, "medianMs": statistics.median(times), "reps": reps}), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
