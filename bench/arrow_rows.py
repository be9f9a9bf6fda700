"""The Arrow rows of ``bench/compare.py``: Arrow in and out against the list path in the same
run, throughput per core, and the resident memory of a long stream.

- list: ``generate_presigned_urls`` on a list of N str keys, the list of str freed in the round;
- Arrow: ``pyarrow.array(generate_presigned_urls_arrow(..., pyarrow string array))``, the array
  freed in the round;
- core-seconds: the CPU time (every thread of the process) of the Arrow rounds, per URL, scaled
  to 100 million URLs;
- stream: a ``RecordBatchReader`` of ``STREAM_BATCH`` keys per batch (made by pyarrow compute,
  so that making keys costs little), signed and read batch by batch in a fresh interpreter; its
  growth is the peak resident memory (VmHWM) over the resident memory before reading.

Run alone with ``python bench/compare.py --arrow`` (add ``--check`` for the goals).
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from typing import Any

STREAM_BATCH = 65_536
ARROW_LIMIT = 0.6  # Arrow in and out, per URL, over the list path
STREAM_RSS_LIMIT_MIB = 300.0

STREAM_CODE = """
import sys, time
import pyarrow as pa, pyarrow.compute as pc
import s3presign

def status(field):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) / 1024
    return float('nan')

total, size = int(sys.argv[1]), int(sys.argv[2])
c = s3presign.client(region_name='us-east-1', aws_access_key_id='AKIAIOSFODNN7EXAMPLE',
                     aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')

def batches():
    for start in range(0, total, size):
        ids = pc.cast(pa.array(range(start, min(total, start + size)), pa.int64()), pa.string())
        keys = pc.binary_join_element_wise('exports/2026/part-', ids, '.parquet', '')
        yield pa.record_batch({'key': keys})

reader = pa.RecordBatchReader.from_batches(pa.schema({'key': pa.string()}), batches())
urls = pa.RecordBatchReader.from_stream(
    c.generate_presigned_urls_arrow('get_object', 'example-bucket', reader))
before = status('VmRSS')
rows = 0
t0 = time.perf_counter()
for batch in urls:
    rows += batch.num_rows
seconds = time.perf_counter() - t0
assert rows == total, rows
print(before, status('VmHWM'), seconds)
"""


def _median_round(run: Any, rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``rounds`` calls of ``run`` (one warm-up first)."""
    run()
    walls, cpus = [], []
    for _ in range(rounds):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def run(
    client: Any, bucket: str, n_keys: int, stream_keys: int, rounds: int, env: dict[str, str]
) -> tuple[list[str], list[tuple[str, bool | None, str]]]:
    """The report lines and the goals (text, met or None when not measured, detail)."""
    try:
        import pyarrow as pa
    except ImportError:
        why = "pyarrow is not installed"
        return [f"Arrow rows: not run, {why}"], [
            (f"Arrow in and out <= {ARROW_LIMIT} x the list path per URL", None, why),
            (
                f"a {stream_keys:,}-key stream grows RSS <= {STREAM_RSS_LIMIT_MIB:.0f} MiB",
                None,
                why,
            ),
        ]
    keys = [f"exports/2026/part-{i:09d}.parquet" for i in range(n_keys)]
    arrow_keys = pa.array(keys, pa.string())

    def list_path() -> None:
        urls = client.generate_presigned_urls("get_object", bucket, keys)
        del urls

    def arrow_path() -> None:
        urls = pa.array(client.generate_presigned_urls_arrow("get_object", bucket, arrow_keys))
        del urls

    arrow_urls = client.generate_presigned_urls_arrow(
        "get_object", bucket, arrow_keys[:1000], signing_time=0
    )
    list_urls = client.generate_presigned_urls("get_object", bucket, keys[:1000], signing_time=0)
    if pa.array(arrow_urls).to_pylist() != list_urls:
        raise RuntimeError("Arrow URLs differ from the list path's")

    list_wall, _ = _median_round(list_path, rounds)
    arrow_wall, arrow_cpu = _median_round(arrow_path, rounds)
    list_us, arrow_us = list_wall / n_keys * 1e6, arrow_wall / n_keys * 1e6
    cpu_us = arrow_cpu / n_keys * 1e6
    ratio = arrow_us / list_us

    out = subprocess.run(
        [sys.executable, "-c", STREAM_CODE, str(stream_keys), str(STREAM_BATCH)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"stream run failed: {out.stderr.strip()[-800:]}")
    before, peak, stream_s = map(float, out.stdout.split())
    growth = peak - before

    lines = [
        (
            f"Arrow, {n_keys:,} keys (median of {rounds} rounds, wall time per URL): "
            f"list path {list_us:.3f} µs, Arrow in and out {arrow_us:.3f} µs "
            f"({ratio:.2f} x the list path)"
        ),
        (
            f"throughput per core: {cpu_us:.3f} µs of CPU per URL, so 100M URLs take "
            f"{cpu_us * 100:.0f} core-seconds"
        ),
        (
            f"stream of {stream_keys:,} keys in batches of {STREAM_BATCH:,}: "
            f"{stream_s / stream_keys * 1e6:.3f} µs per URL (making the keys included), "
            f"RSS grew {growth:.1f} MiB (peak {peak:.0f} MiB over {before:.0f} MiB)"
        ),
    ]
    goals = [
        (
            f"Arrow in and out <= {ARROW_LIMIT} x the list path per URL ({n_keys:,} keys)",
            ratio <= ARROW_LIMIT,
            f"{ratio:.3f} ({arrow_us:.3f} / {list_us:.3f} µs)",
        ),
        (
            f"a {stream_keys:,}-key stream grows RSS <= {STREAM_RSS_LIMIT_MIB:.0f} MiB",
            growth <= STREAM_RSS_LIMIT_MIB,
            f"{growth:.1f} MiB",
        ),
    ]
    return lines, goals
