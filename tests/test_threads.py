"""Many threads share one presigner: every URL stays exact, nothing panics or crashes.

On a free-threaded CPython (3.13t, 3.14t) with the GIL off (``PYTHON_GIL=0``) the threads really
run at once; the GitHub workflow's free-threaded job runs the suite, this file included, that
way. On other interpreters they interleave wherever the GIL is released (batches release it).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading

import s3presign
from conftest import ACCESS_KEY, SECRET_KEY

KW = {
    "region_name": "eu-west-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
THREADS = 8
ROUNDS = 30


def run_threads(work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def body(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as exc:  # noqa: BLE001 - collected and reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
        assert not t.is_alive(), "a thread hung"
    return errors


def test_threads_sharing_a_presigner_get_exact_urls():
    presigner = s3presign.client(**KW)
    keys = [f"photos/{i}.jpg" for i in range(600)]
    expected = {
        k: presigner.generate_presigned_url(
            "get_object", {"Bucket": "example-bucket", "Key": k}, signing_time=WHEN
        )
        for k in keys
    }
    post = presigner.generate_presigned_post("example-bucket", "up/k", signing_time=WHEN)
    others = {
        (n, k): s3presign.client(**KW).generate_presigned_url(
            "get_object", {"Bucket": f"bucket-{n}", "Key": k}, signing_time=WHEN
        )
        for n in range(THREADS)
        for k in keys
    }

    def work(n: int) -> None:
        for r in range(ROUNDS):
            k = keys[(n * 37 + r) % len(keys)]
            # Alternating keys and buckets exercises the per-presigner caches from every thread.
            got = presigner.generate_presigned_url(
                "get_object", {"Bucket": "example-bucket", "Key": k}, signing_time=WHEN
            )
            assert got == expected[k]
            other = presigner.generate_presigned_url(
                "get_object", {"Bucket": f"bucket-{n}", "Key": k}, signing_time=WHEN
            )
            assert other == others[n, k]
            if r % 10 == 0:
                batch = presigner.generate_presigned_urls(
                    "get_object", "example-bucket", keys, signing_time=WHEN
                )
                assert batch == [expected[k] for k in keys]
            assert (
                presigner.generate_presigned_post("example-bucket", "up/k", signing_time=WHEN)
                == post
            )

    errors = run_threads(work)
    assert not errors, errors[:3]


def test_a_dict_changed_by_another_thread_while_it_is_read():
    presigner = s3presign.client(**KW)
    params = {"Bucket": "example-bucket", "Key": "k", "ResponseContentType": "text/plain"}
    fields = {"acl": "private"}
    stop = threading.Event()

    def mutate() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            params[f"x{i % 50}"] = "v"
            params.pop(f"x{(i + 25) % 50}", None)
            fields[f"x-amz-meta-{i % 50}"] = "v"
            fields.pop(f"x-amz-meta-{(i + 25) % 50}", None)

    mutator = threading.Thread(target=mutate)
    mutator.start()
    try:

        def work(n: int) -> None:
            for _ in range(ROUNDS * 5):
                for call in (
                    lambda: presigner.generate_presigned_url("get_object", params),
                    lambda: presigner.generate_presigned_post("example-bucket", "k", fields),
                    lambda: s3presign.resolve_endpoint({"Bucket": "b", "Region": "eu-west-1"}),
                ):
                    try:
                        call()
                    except s3presign.PresignError:
                        pass  # an unknown x* parameter: a named error, not a crash

        errors = run_threads(work)
    finally:
        stop.set()
        mutator.join()
    assert not errors, [repr(e) for e in errors[:3]]


# What `#[pymodule(gil_used = ...)]` declares (pyo3's default: true); the README says the same.
DECLARES_GIL_USED = True


def test_what_the_module_declares_to_a_free_threaded_interpreter():
    import os
    import subprocess

    if getattr(sys, "_is_gil_enabled", None) is None:
        return  # not a free-threaded build: the declaration is not read
    code = "import sys, s3presign; print(sys._is_gil_enabled())"
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # A module that declares it uses the GIL turns it back on when imported.
    assert out.stdout.strip() == str(DECLARES_GIL_USED), out
