"""The README's engine recipes, run for real: Polars, DuckDB, Dask (worker processes on a
LocalCluster) and Spark (``mapInArrow`` on ``local[2]``). Each URL equals the single call.

Dask and Spark start worker processes (and a JVM), so they are marked ``slow``; a Presigner
reaches their workers pickled."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys

import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY

pa = pytest.importorskip("pyarrow")

WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
BUCKET = "example-bucket"
KEYS = [f"exports/2026/part-{i:05d}.parquet" for i in range(2000)] + ["é/ü b+c.txt", None]


@pytest.fixture(scope="module")
def presigner():
    return s3presign.client(
        region_name="eu-west-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )


@pytest.fixture(scope="module")
def expected(presigner):
    return {
        key: None
        if key is None
        else presigner.generate_presigned_url(
            "get_object", {"Bucket": BUCKET, "Key": key}, 3600, signing_time=WHEN
        )
        for key in KEYS
    }


def presign_column(presigner, keys):
    """The recipes' one call: Arrow keys in, Arrow URLs out."""
    return presigner.generate_presigned_urls_arrow("get_object", BUCKET, keys, signing_time=WHEN)


def test_polars_map_batches(presigner, expected):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"key": KEYS}).lazy()
    signed = frame.with_columns(
        url=pl.col("key").map_batches(
            lambda keys: pl.Series(presign_column(presigner, keys)), return_dtype=pl.String
        )
    ).collect()
    assert dict(signed.iter_rows()) == expected


def test_duckdb_arrow_function(presigner, expected):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.create_function(
        "presign",
        lambda keys: pa.chunked_array(presign_column(presigner, keys)),
        ["VARCHAR"],
        "VARCHAR",
        type="arrow",
        null_handling="special",
    )
    con.register("manifest", pa.table({"key": KEYS}))
    rows = con.sql("select key, presign(key) from manifest").fetchall()
    assert dict(rows) == expected


def add_urls(partition, presigner):
    """Dask: one partition (a pandas DataFrame) gets its URLs."""
    import pandas as pd

    urls = pa.array(presign_column(presigner, pa.array(partition["key"], pa.string())))
    return partition.assign(
        url=pd.Series(urls, index=partition.index, dtype=pd.ArrowDtype(urls.type))
    )


@pytest.mark.slow
def test_dask_map_partitions_on_worker_processes(presigner, expected):
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"key": pd.Series(KEYS, dtype="string")}), npartitions=4)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        signed = frame.map_partitions(add_urls, presigner).compute()
        # The work ran in the workers, not here.
        assert len(cluster.workers) == 2
    got = {
        (None if pd.isna(k) else k): (None if pd.isna(u) else u)
        for k, u in zip(signed["key"], signed["url"])
    }
    assert got == expected


@pytest.mark.slow
def test_spark_map_in_arrow_on_local_2(presigner, expected, monkeypatch):
    pyspark_sql = pytest.importorskip("pyspark.sql")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java 17 (make setup installs openjdk-17-jre-headless)")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    # SparkContext replaces the SIGINT handler with its own, which outlives spark.stop(): the
    # Ctrl-C tests that run later in this process expect Python's.
    sigint = signal.getsignal(signal.SIGINT)
    spark = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("s3presign-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    try:
        frame = spark.createDataFrame([(k,) for k in KEYS], "key string").repartition(2)

        # Pickled by value to the Python workers: everything it uses is local or imported.
        def sign_batches(batches, presigner=presigner, when=WHEN, bucket=BUCKET):
            import pyarrow as pa

            for batch in batches:
                keys = batch.column("key")
                urls = presigner.generate_presigned_urls_arrow(
                    "get_object", bucket, keys, signing_time=when
                )
                yield pa.RecordBatch.from_arrays([keys, pa.array(urls)], ["key", "url"])

        rows = frame.mapInArrow(sign_batches, "key string, url string").collect()
    finally:
        spark.stop()
        signal.signal(signal.SIGINT, sigint)
    assert {row.key: row.url for row in rows} == expected
