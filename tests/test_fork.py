"""Batches in forked children (gunicorn --preload, Celery prefork, multiprocessing's fork start
method) sign every key, after the parent already started the batch threads.

Every wait here is bounded, so a regression (a child waiting forever for threads that were not
forked) fails the test instead of hanging the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import select
import signal
import socket
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

KW = {
    "region_name": "eu-west-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
# Well above the size from which a batch is handed to helper threads.
KEYS = [f"photos/{i}.jpg" for i in range(3000)]
CHILD_TIMEOUT_S = 30.0


def sign_batch(keys: list[str]) -> list[str]:
    presigner = s3presign.client(**KW)
    return presigner.generate_presigned_urls(
        "get_object", "example-bucket", keys, signing_time=WHEN
    )


def expected_urls(keys: list[str]) -> list[str]:
    presigner = s3presign.client(**KW)
    return [
        presigner.generate_presigned_url(
            "get_object", {"Bucket": "example-bucket", "Key": k}, signing_time=WHEN
        )
        for k in keys
    ]


@contextlib.contextmanager
def fork_allowed():
    # Python 3.12+ warns that forking a process with threads may deadlock: the very case tested.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def wait_or_kill(pid: int, timeout: float) -> int | None:
    """The child's exit status, or None (after SIGKILL) when it did not exit in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def read_until_eof(fd: int, deadline: float) -> bytes | None:
    """All the child writes (read as it comes: it can be more than a pipe holds), or None
    when it has not closed its end by the deadline."""
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def test_os_fork_child_signs_a_large_batch_after_the_parent_did():
    expected = sign_batch(KEYS)  # starts the batch threads in the parent
    assert expected == expected_urls(KEYS)
    read_end, write_end = os.pipe()
    with fork_allowed():
        pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            got = sign_batch(KEYS)
            got += sign_batch(KEYS[:1000])  # and again, on the child's own threads
            with os.fdopen(write_end, "w") as out:
                json.dump(got, out)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    received = read_until_eof(read_end, deadline)
    status = wait_or_kill(pid, max(1.0, deadline - time.monotonic()))
    assert status is not None and received is not None, "the forked child hung in a batch"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert json.loads(received) == expected + expected[:1000]
    # The parent's own threads still work.
    assert sign_batch(KEYS) == expected


def test_multiprocessing_fork_pool_signs_large_batches():
    import multiprocessing

    expected = sign_batch(KEYS)
    with fork_allowed():
        pool = multiprocessing.get_context("fork").Pool(2)
    try:
        chunks = [KEYS, KEYS[:500], KEYS[1000:], KEYS]
        results = pool.map_async(sign_batch, chunks).get(timeout=CHILD_TIMEOUT_S)
    finally:
        pool.terminate()
        pool.join()
    assert results == [expected, expected[:500], expected[1000:], expected]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


APP = """
    import datetime as dt
    import os

    import s3presign

    KW = {kw!r}
    WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
    KEYS = [f"photos/{{i}}.jpg" for i in range(3000)]
    PRESIGNER = s3presign.client(**KW)
    # At import, in the master (--preload): this starts the batch threads before the fork.
    AT_IMPORT = PRESIGNER.generate_presigned_urls(
        "get_object", "example-bucket", KEYS, signing_time=WHEN
    )


    def app(environ, start_response):
        urls = PRESIGNER.generate_presigned_urls(
            "get_object", "example-bucket", KEYS, signing_time=WHEN
        )
        ok = urls == AT_IMPORT
        body = f"{{os.getpid()}} {{len(urls)}} {{ok}} {{urls[-1]}}".encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
"""


@pytest.mark.slow
def test_gunicorn_preload_workers_sign_large_batches(tmp_path: Path):
    pytest.importorskip("gunicorn")
    requests = pytest.importorskip("requests")
    (tmp_path / "presign_app.py").write_text(textwrap.dedent(APP.format(kw=KW)))
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--preload",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            # A hung worker is killed after this, so the request fails rather than hangs.
            "--timeout=20",
            "--chdir",
            str(tmp_path),
            "presign_app:app",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    session = requests.Session()
    session.trust_env = False  # loopback only: no proxies
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                session.get(url, timeout=30)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        expected_last = expected_urls(KEYS[-1:])[0]
        pids = set()
        for _ in range(8):
            reply = session.get(url, timeout=30, headers={"Connection": "close"})
            assert reply.status_code == 200
            pid, count, same, last = reply.text.split(" ")
            assert (count, same, last) == (str(len(KEYS)), "True", expected_last)
            pids.add(int(pid))
        assert server.pid not in pids  # served by forked workers, not the master
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)
        log.close()
