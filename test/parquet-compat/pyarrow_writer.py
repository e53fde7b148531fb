"""Writes the pyarrow-made Parquet files of test/parquet-compat/pyarrow-files.test.ts.

Usage: python3 pyarrow_writer.py SPEC.json RESULT.json

pyarrow is what pandas' to_parquet writes with. One table (the rows below, spec["rows"] of them)
is written once per file of SPEC.json with that file's codec, data page version, dictionary
setting and row group size (in rows); small pages (1 KiB, checked every 256 rows) so that each
column chunk has several. RESULT.json lists, per file, the path written or the writer's error.
"""

import datetime
import decimal
import json
import os
import sys


def table(rows):
    """Every column kind a pandas frame usually holds, with nulls in each nullable column, unicode
    and empty strings, a low-cardinality string, int32/int64 extremes and a decimal128(38, 10)."""
    import pyarrow as pa

    ids = range(rows)
    epoch = datetime.date(1999, 12, 25)
    ts0 = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)

    def i32(i):
        if i % 11 == 0:
            return None
        return {1: 2**31 - 1, 2: -(2**31)}.get(i % 50, (i * 7919) % 2000000 - 1000000)

    def i64(i):
        if i % 13 == 0:
            return None
        return {3: 2**63 - 1, 4: -(2**63)}.get(i % 50, i * 1000000007 * (1 if i % 2 == 0 else -1))

    def s(i):
        if i % 10 == 0:
            return None
        if i % 17 == 0:
            return ""
        return "s" + str(i) + "é" * (i % 4) + "✓"

    def dec(i):
        if i % 9 == 2:
            return None
        return (decimal.Decimal(i - 3000) * decimal.Decimal("123456789012.0123456789")).quantize(decimal.Decimal("1E-10"))

    return pa.table({
        "id": pa.array(list(ids), pa.int64()),
        "b": pa.array([None if i % 5 == 0 else i % 2 == 0 for i in ids], pa.bool_()),
        "i32": pa.array([i32(i) for i in ids], pa.int32()),
        "i64": pa.array([i64(i) for i in ids], pa.int64()),
        "f64": pa.array([None if i % 6 == 0 else i / 3 * (1 if i % 2 == 0 else -1) for i in ids], pa.float64()),
        "s": pa.array([s(i) for i in ids], pa.string()),
        "s_low": pa.array([None if i % 12 == 0 else "k" + str(i % 5) for i in ids], pa.string()),
        "dt": pa.array([None if i % 14 == 0 else epoch + datetime.timedelta(days=i % 3000) for i in ids], pa.date32()),
        "ts": pa.array([None if i % 15 == 0 else ts0 + datetime.timedelta(microseconds=i * 37000123) for i in ids],
                       pa.timestamp("us", tz="UTC")),
        "d38": pa.array([dec(i) for i in ids], pa.decimal128(38, 10)),
    })


def main(spec_path, result_path):
    with open(spec_path) as f:
        spec = json.load(f)
    import pyarrow.parquet as pq

    data = table(spec["rows"])
    results = []
    for file in spec["files"]:
        target = os.path.join(spec["dir"], file["name"] + ".parquet")
        try:
            pq.write_table(data, target, compression=file["compression"], data_page_version=file["dataPageVersion"],
                           use_dictionary=file["useDictionary"], row_group_size=file["rowGroupRows"],
                           data_page_size=1024, write_batch_size=256)
            results.append({"name": file["name"], "path": target})
        except Exception as e:  # noqa: BLE001 - recorded for the test to report
            results.append({"name": file["name"], "error": str(e).split("\n")[0]})
    with open(result_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
