"""generate_presigned_urls: each URL equals the single call, errors name the key's index."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY, boto3_presign
from hypothesis import given, settings
from hypothesis import strategies as st

KW = {
    "region_name": "eu-west-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
SHARED = {"ResponseContentDisposition": 'attachment; filename="a b.jpg"'}


def singles(presigner, method, bucket, keys, params=None, **kwargs):
    return [
        presigner.generate_presigned_url(
            method, {**(params or {}), "Bucket": bucket, "Key": key}, signing_time=WHEN, **kwargs
        )
        for key in keys
    ]


def test_batch_equals_single_calls_and_boto3():
    presigner = s3presign.client(**KW)
    keys = [f"photos/{i}.jpg" for i in range(50)] + ["a b/é+%?#~", "x//y/../z/"]
    batch = presigner.generate_presigned_urls(
        "get_object", "example-bucket", keys, 900, Params=SHARED, signing_time=WHEN
    )
    assert batch == singles(presigner, "get_object", "example-bucket", keys, SHARED, ExpiresIn=900)
    for key, url in zip(keys[-3:], batch[-3:]):
        params = {**SHARED, "Bucket": "example-bucket", "Key": key}
        assert url == boto3_presign(KW, "get_object", params, 900, None, WHEN)


def test_large_batch_is_parallel_and_exact():
    presigner = s3presign.client(**KW)
    keys = (f"k/{i}" for i in range(20_000))  # any iterable, here a generator
    batch = presigner.generate_presigned_urls(
        "put_object",
        "example-bucket",
        keys,
        Params={"ContentType": "image/png"},
        signing_time=WHEN,
    )
    # Every key: threads claim chunks of 128 in any order, handed over through a ring of
    # buffers that wraps many times in 20,000 keys.
    expected = singles(
        presigner,
        "put_object",
        "example-bucket",
        [f"k/{i}" for i in range(20_000)],
        {"ContentType": "image/png"},
    )
    assert batch == expected


@settings(max_examples=60, deadline=None)
@given(
    keys=st.lists(st.text(min_size=1, max_size=40).filter(lambda k: "\x00" not in k), max_size=8),
    method=st.sampled_from(["get_object", "put_object", "delete_object", "head_object"]),
    http_method=st.sampled_from([None, "GET", "PUT"]),
)
def test_generated_batches_equal_single_calls(keys, method, http_method):
    presigner = s3presign.client(**KW)
    try:
        expected = singles(presigner, method, "bucket-1", keys, HttpMethod=http_method)
    except s3presign.PresignError:
        with pytest.raises(s3presign.PresignError):
            presigner.generate_presigned_urls(
                method, "bucket-1", keys, HttpMethod=http_method, signing_time=WHEN
            )
        return
    got = presigner.generate_presigned_urls(
        method, "bucket-1", keys, HttpMethod=http_method, signing_time=WHEN
    )
    assert got == expected


@pytest.mark.parametrize("size, first_bad", [(10, 7), (10_000, 7), (30_000, 25_001)])
def test_bad_key_names_its_index(size, first_bad):
    keys = [f"k{i}" for i in range(size)]
    keys[first_bad] = ""
    keys[size - 1] = ""
    with pytest.raises(s3presign.ParamValidationError, match=rf"^Keys\[{first_bad}\]: "):
        s3presign.client(**KW).generate_presigned_urls("get_object", "b-1", keys)


@pytest.mark.parametrize(
    "keys, phrase",
    [
        ("photos/1.jpg", "not a single str"),
        (["ok", 3], r"Keys\[1\] must be a str"),
        (["ok", "\ud800"], r"Keys\[1\] is not valid Unicode"),
    ],
)
def test_bad_keys_argument(keys, phrase):
    with pytest.raises(s3presign.ParamValidationError, match=phrase):
        s3presign.client(**KW).generate_presigned_urls("get_object", "b-1", keys)


def test_batch_releases_the_gil():
    """Another Python thread keeps running while a large batch signs: had the call held the
    GIL, the other thread would stall for the whole call."""
    presigner = s3presign.client(**KW)
    keys = [f"k{i}" for i in range(300_000)]
    stamps: list[float] = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.0005)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.02)
        start = time.perf_counter()
        presigner.generate_presigned_urls("get_object", "b-1", keys)
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()
    during = [t for t in stamps if start <= t <= end]
    gaps = [b - a for a, b in zip([start, *during], [*during, end])]
    assert end - start > 0.05, "batch too short to tell"
    assert max(gaps) < 0.5 * (end - start), (max(gaps), end - start)


def test_concurrent_batches_from_more_threads_than_cores_finish_and_are_exact():
    """More Python threads than rayon has pool threads, each signing batches at once: their
    helpers compete for the pool while the callers compete for the GIL. Each thread must get
    its own exact URLs, and none may wait forever for the others."""
    presigner = s3presign.client(**KW)
    sizes = [3_000, 20_000, 50_000, 1_500, 30_000, 8_000]
    expected = {
        n: singles(presigner, "get_object", "b-1", [f"t{n}/{i}" for i in range(n)]) for n in sizes
    }
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def sign(n: int) -> None:
        try:
            for _ in range(3):
                keys = [f"t{n}/{i}" for i in range(n)]
                results[n] = presigner.generate_presigned_urls(
                    "get_object", "b-1", keys, signing_time=WHEN
                )
                assert results[n] == expected[n]
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=sign, args=(n,), daemon=True) for n in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [t for t in threads if t.is_alive()], "a batch never finished"
    assert not errors, errors
    assert sorted(results) == sorted(sizes)


@pytest.mark.parametrize(
    "call, error",
    [
        ({"ClientMethod": "get_objekt"}, s3presign.UnknownClientMethodError),
        ({"ExpiresIn": 0}, s3presign.ParamValidationError),
        ({"HttpMethod": "G T"}, s3presign.ParamValidationError),
    ],
)
def test_whole_call_errors_name_no_key(call, error):
    kwargs = {"ClientMethod": "get_object", "Bucket": "b-1", "Keys": ["a", "b"], **call}
    with pytest.raises(error) as info:
        s3presign.client(**KW).generate_presigned_urls(**kwargs)
    assert not str(info.value).startswith("Keys[")


def test_empty_batch():
    assert s3presign.client(**KW).generate_presigned_urls("get_object", "b-1", []) == []
