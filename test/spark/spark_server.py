"""One Spark for the suite's reference scripts (docs/testing.md, "One Spark for the reference scripts").

Usage: python3 spark_server.py SOCKET OWNER_PID

Starts one local[2] SparkContext (one JVM start, about 5-10 CPU seconds on the 2-core machine) and
serves the test files that need Spark as a reference (ML conformance and scoring, the exported
PySpark scripts, the Spark-written Parquet files) on the Unix socket SOCKET, instead of a JVM each.
A request is one JSON line {"script": PATH, "args": [...]}: the script is imported once and its
run(spark, *args) called in a thread of its own with a session of its own (spark.newSession():
the same JVM and SparkContext, its own SQL settings and temporary views), after the script's
SESSION_CONF is set on it. The answer is one JSON line, {"ok": true} or {"error": TEXT}.

The server stops when OWNER_PID (the test runner) is gone, so an interrupted run leaves no JVM.
"""

import importlib.util
import json
import os
import socket
import sys
import threading
import time
import traceback

from local_spark import local_session

MODULES = {}
MODULES_LOCK = threading.Lock()


def module_of(path):
    with MODULES_LOCK:
        if path not in MODULES:
            spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            MODULES[path] = module
        return MODULES[path]


def serve(spark, connection):
    with connection, connection.makefile("rw", encoding="utf-8") as stream:
        try:
            request = json.loads(stream.readline())
            module = module_of(request["script"])
            session = spark.newSession()
            for key, value in getattr(module, "SESSION_CONF", {}).items():
                session.conf.set(key, value)
            module.run(session, *request.get("args", []))
            answer = {"ok": True}
        except Exception:  # noqa: BLE001 - the test file reports it
            answer = {"error": traceback.format_exc()[-20000:]}
        stream.write(json.dumps(answer) + "\n")
        stream.flush()


def watch_owner(owner_pid):
    while True:
        time.sleep(2)
        try:
            os.kill(owner_pid, 0)
        except ProcessLookupError:
            os._exit(0)


def main(socket_path, owner_pid):
    threading.Thread(target=watch_owner, args=(owner_pid,), daemon=True).start()
    # What every script sets on its own session too: code that reads the default session
    # (SparkSession.active outside a Dataset call) sees the same.
    spark = local_session("tributary-test-reference",
                          {"spark.sql.shuffle.partitions": "2", "spark.sql.session.timeZone": "UTC"})
    # Listen only once Spark is up: a client that can connect is served at once.
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path + ".tmp")
    os.replace(socket_path + ".tmp", socket_path)
    listener.listen(16)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(spark, connection), daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
