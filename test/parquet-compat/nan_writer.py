"""Writes the pyarrow-made Parquet file of test/parquet-compat/nan-statistics.test.ts.

Usage: python3 nan_writer.py SPEC.json RESULT.json

One file, spec["rows"] rows in row groups of spec["rowGroupRows"]: an int64 id, and a float64
`x` and a float32 `f` that rise with the id through the row groups and hold NaN, null and -0.0
rows in every row group (-inf in the first thousand rows, +inf after the first three thousand).
pyarrow leaves NaN out of min/max (as the Parquet format asks) and writes no nan_count, so the
statistics of a row group with NaN rows look NaN-free.
"""

import json
import math
import os
import sys


def value(i):
    if i % 11 == 0:
        return None
    if i % 7 == 0:
        return math.nan
    if i % 97 == 0 and i >= 3000:
        return math.inf
    if i % 89 == 0 and i < 1000:
        return -math.inf
    if i % 83 == 0:
        return -0.0
    return float(i * 300)


def main():
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    rows = range(spec["rows"])
    values = [value(i) for i in rows]
    table = pa.table({
        "id": pa.array(list(rows), pa.int64()),
        "x": pa.array(values, pa.float64()),
        "f": pa.array(values, pa.float32()),
    })
    path = os.path.join(spec["dir"], "pyarrow-nan.parquet")
    results = [{"name": "nan"}]
    try:
        pq.write_table(table, path, row_group_size=spec["rowGroupRows"])
        results[0]["path"] = path
    except Exception as e:  # noqa: BLE001 - the test reports the writer's error by file
        results[0]["error"] = f"{type(e).__name__}: {e}"
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        json.dump(results, fh)


if __name__ == "__main__":
    main()
