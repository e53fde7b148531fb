// The Python driver of `tributary run --on spark`: it imports the exported script and runs its
// build() in a session it opens through pyspark (which starts the JVM with spark-submit, the master
// and configuration coming from PYSPARK_SUBMIT_ARGS). It reports on stdout, one JSON object a
// line: {"event": "started", appId, ui}, then {"event": "built"} or {"event": "failed", error}.
// It then waits for one line on stdin before stopping Spark, so that Tributary can read the last
// stages' task metrics from the monitoring REST API, which goes away with the application.

export const DRIVER_PY = String.raw`import importlib.util
import json
import sys


def say(**event):
    print("TRIBUTARY " + json.dumps(event), flush=True)


def error_text(e):
    """The first line of each Java exception in the cause chain, outermost first (one of them names
    the failed stage, the last is the root cause)."""
    java = getattr(e, "java_exception", None)
    if java is not None:
        lines = []
        while java is not None and len(lines) < 20:
            lines.append(java.toString().split("\n")[0][:1000])
            java = java.getCause()
        return "\n".join(lines)
    return f"{type(e).__name__}: {e}"[:4000]


def main():
    spec = importlib.util.spec_from_file_location("pipeline", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = module.parse_args(sys.argv[2:])
    try:
        spark = module.session(module.PIPELINE_NAME, args.master)
    except Exception as e:
        say(event="failed", error=error_text(e))
        return 1
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    say(event="started", appId=sc.applicationId, ui=sc.uiWebUrl, master=sc.master)
    status = 0
    try:
        module.build(spark, args)
        say(event="built")
    except Exception as e:
        say(event="failed", error=error_text(e))
        status = 1
    sys.stdin.readline()
    spark.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
`;
