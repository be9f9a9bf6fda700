"""Benchmark s3presign against boto3 and the other presigners on PyPI.

Run from a built checkout (``make bench`` installs the peers; ``make bench-smoke`` does not
need them)::

    python bench/compare.py [--smoke] [--check] [--markdown] [--rounds N]

Every per-URL time is measured in this one process: the client is made first (never timed),
one untimed warm-up pass follows, then each round times one loop over a pre-built list of keys
with ``time.perf_counter_ns``; the table shows the median round, in microseconds per URL.
Cold start and memory are measured in fresh interpreters (``sys.executable``).

All signers use the AWS documentation's example keys, region us-east-1 (the one region every
peer supports) and virtual-hosted addressing; ``AWS_*`` variables are removed and the shared
config files pointed at nothing, so a user's ``~/.aws`` cannot change what is measured.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

BUCKET = "example-bucket"
REGION = "us-east-1"
EXPIRES = 3600
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CONTENT_TYPE = "image/jpeg"
DISPOSITION = 'attachment; filename="photo.jpg"'

GET, PUT, RCD, BATCH = "get", "put", "rcd", "batch"
WORKLOADS = [(GET, "GET"), (PUT, "PUT+CT"), (RCD, "GET+RCD"), (BATCH, "batch")]
LEGEND = (
    "GET: get_object; PUT+CT: put_object with ContentType; GET+RCD: get_object with "
    "ResponseContentDisposition; keys: one batch call, or a loop of single calls for "
    "libraries without a batch form; µs per URL (median round); × = that time / s3presign's "
    "(keys column: / s3presign batch, or s3presign's loop while there is none). "
    "s3presign batch signs large batches on every core; its '1 thread' row is the "
    "same call with RAYON_NUM_THREADS=1 (no helper threads: the calling thread both signs "
    "and makes the strings), timed in a child process."
)

Runner = Callable[[list[str]], Any]


def isolated_env() -> dict[str, str]:
    """This environment without AWS_* variables and with the shared files pointed at nothing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    missing = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-such-aws-file")
    env["AWS_CONFIG_FILE"] = missing
    env["AWS_SHARED_CREDENTIALS_FILE"] = missing
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    # Installed packages run from cached bytecode: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def keys_for(n: int) -> list[str]:
    return [f"photos/{i}.jpg" for i in range(n)]


# ---------------------------------------------------------------------------------------------
# Implementations: each builds its client once and returns one runner per workload it can
# express. A runner signs every key of the list it is given; a workload missing from the dict
# is one the library cannot express and is shown as n/a with the reason.


@dataclass
class Impl:
    name: str
    runners: dict[str, Runner] = field(default_factory=dict)
    one: dict[str, Callable[[str], str]] = field(default_factory=dict)  # same call, one key
    na: dict[str, str] = field(default_factory=dict)
    skipped: str | None = None  # why the whole row is missing
    version: str = ""


def boto_style(g: Callable[..., str]) -> tuple[dict[str, Runner], dict[str, Callable[[str], str]]]:
    """Runners and one-key signers for a boto3-shaped ``generate_presigned_url``."""

    def get(keys: list[str]) -> None:
        for k in keys:
            g("get_object", Params={"Bucket": BUCKET, "Key": k}, ExpiresIn=EXPIRES)

    def put(keys: list[str]) -> None:
        for k in keys:
            g(
                "put_object",
                Params={"Bucket": BUCKET, "Key": k, "ContentType": CONTENT_TYPE},
                ExpiresIn=EXPIRES,
            )

    def rcd(keys: list[str]) -> None:
        for k in keys:
            g(
                "get_object",
                Params={"Bucket": BUCKET, "Key": k, "ResponseContentDisposition": DISPOSITION},
                ExpiresIn=EXPIRES,
            )

    one = {
        GET: lambda k: g("get_object", Params={"Bucket": BUCKET, "Key": k}, ExpiresIn=EXPIRES),
        PUT: lambda k: g(
            "put_object",
            Params={"Bucket": BUCKET, "Key": k, "ContentType": CONTENT_TYPE},
            ExpiresIn=EXPIRES,
        ),
        RCD: lambda k: g(
            "get_object",
            Params={"Bucket": BUCKET, "Key": k, "ResponseContentDisposition": DISPOSITION},
            ExpiresIn=EXPIRES,
        ),
    }
    one[BATCH] = one[GET]
    return {GET: get, PUT: put, RCD: rcd, BATCH: get}, one


def s3presign_client() -> Any:
    import s3presign

    return s3presign.client(
        region_name=REGION, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )


def impl_s3presign() -> Impl:
    import s3presign

    runners, one = boto_style(s3presign_client().generate_presigned_url)
    return Impl("s3presign", runners, one, version=s3presign.__version__)


def impl_s3presign_batch() -> Impl:
    import s3presign

    impl = Impl("s3presign batch", version=s3presign.__version__)
    batch = getattr(s3presign_client(), "generate_presigned_urls", None)
    if batch is None:
        impl.skipped = "Presigner.generate_presigned_urls is not in this build"
        return impl

    def run(keys: list[str]) -> list[str]:
        return batch("get_object", BUCKET, keys, ExpiresIn=EXPIRES)

    impl.runners[BATCH] = run
    impl.na = {GET: "batch form only", PUT: "batch form only", RCD: "batch form only"}
    return impl


def boto3_client() -> Any:
    """The boto3 S3 client the workloads compare with: SigV4, like s3presign's default."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4"),
    )


def impl_boto3() -> Impl:
    import boto3

    runners, one = boto_style(boto3_client().generate_presigned_url)
    return Impl("boto3", runners, one, version=boto3.__version__)


def impl_boto3_patched() -> Impl:
    """The same boto3 client, after ``s3presign.patch(client)``: boto3's API, our fast path."""
    import boto3
    import s3presign

    c = boto3_client()
    s3presign.patch(c)
    runners, one = boto_style(c.generate_presigned_url)
    del runners[BATCH], one[BATCH]
    impl = Impl("boto3 patched", runners, one, version=boto3.__version__)
    impl.na = {BATCH: "single calls only (see s3presign's loop)"}
    return impl


def async_style(g: Callable[..., Any]) -> tuple[dict[str, Runner], dict[str, Callable[[str], str]]]:
    """``boto_style`` for a coroutine ``generate_presigned_url`` (aiobotocore): a runner awaits
    one call per key inside one coroutine, on a long-lived event loop."""
    import asyncio

    loop = asyncio.new_event_loop()
    # The workloads' calls as (args, kwargs) per key: boto_style over a recorder.
    _, calls = boto_style(lambda *args, **kwargs: (args, kwargs))  # type: ignore[arg-type,return-value]

    def runner(call: Callable[[str], Any]) -> Runner:
        async def each(keys: list[str]) -> None:
            for k in keys:
                args, kwargs = call(k)
                await g(*args, **kwargs)

        return lambda keys: loop.run_until_complete(each(keys))

    def one_key(call: Callable[[str], Any]) -> Callable[[str], str]:
        def sign(k: str) -> str:
            args, kwargs = call(k)
            return loop.run_until_complete(g(*args, **kwargs))

        return sign

    return (
        {w: runner(call) for w, call in calls.items()},
        {w: one_key(call) for w, call in calls.items()},
    )


def aiobotocore_client() -> Any:
    """``boto3_client``'s twin made by aiobotocore (what aioboto3 and s3fs use)."""
    import asyncio

    from aiobotocore.session import AioSession
    from botocore.config import Config

    async def make() -> Any:
        return (
            await AioSession()
            .create_client(
                "s3",
                region_name=REGION,
                aws_access_key_id=ACCESS_KEY,
                aws_secret_access_key=SECRET_KEY,
                config=Config(signature_version="s3v4"),
            )
            .__aenter__()
        )

    return asyncio.new_event_loop().run_until_complete(make())


def impl_aiobotocore(patched: bool = False) -> Impl:
    import aiobotocore
    import s3presign

    c = aiobotocore_client()
    if patched:
        s3presign.patch(c)
    runners, one = async_style(c.generate_presigned_url)
    del runners[BATCH], one[BATCH]
    name = "aiobotocore patched" if patched else "aiobotocore"
    impl = Impl(name, runners, one, version=aiobotocore.__version__)
    impl.na = {BATCH: "single calls only (see s3presign's loop)"}
    return impl


def impl_aiobotocore_patched() -> Impl:
    """The same aiobotocore client after ``s3presign.patch(client)``: still awaited."""
    return impl_aiobotocore(patched=True)


def obstore_store() -> Any:
    from obstore.store import S3Store

    return S3Store(
        BUCKET,
        region=REGION,
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        virtual_hosted_style_request=True,
    )


OBSTORE_NA = "obstore.sign takes no headers or query parameters"


def impl_obstore() -> Impl:
    import obstore

    store = obstore_store()
    sign = obstore.sign
    ttl = datetime.timedelta(seconds=EXPIRES)

    def get(keys: list[str]) -> None:
        for k in keys:
            sign(store, "GET", k, ttl)

    def one(k: str) -> str:
        return sign(store, "GET", k, ttl)

    na = {PUT: OBSTORE_NA, RCD: OBSTORE_NA}
    return Impl(
        "obstore", {GET: get, BATCH: get}, {GET: one, BATCH: one}, na, version=_dist("obstore")
    )


def impl_obstore_batch() -> Impl:
    import obstore

    store = obstore_store()
    sign = obstore.sign
    ttl = datetime.timedelta(seconds=EXPIRES)

    def run(keys: list[str]) -> Any:
        return sign(store, "GET", keys, ttl)

    na = {GET: "batch form only", PUT: OBSTORE_NA, RCD: OBSTORE_NA}
    return Impl("obstore batch", {BATCH: run}, na=na, version=_dist("obstore"))


def impl_libpresign() -> Impl:
    import libpresign

    sign = libpresign.get

    def get(keys: list[str]) -> None:
        for k in keys:
            sign(ACCESS_KEY, SECRET_KEY, REGION, BUCKET, k, EXPIRES)

    def one(k: str) -> str:
        return sign(ACCESS_KEY, SECRET_KEY, REGION, BUCKET, k, EXPIRES)

    na = {
        PUT: "libpresign.get signs a plain GET only",
        RCD: "libpresign.get signs a plain GET only",
    }
    return Impl(
        "libpresign",
        {GET: get, BATCH: get},
        {GET: one, BATCH: one},
        na,
        version=_dist("libpresign"),
    )


def impl_signurlarity() -> Impl:
    # Client(endpoint_url=...) always signs path-style URLs; its S3Presigner without an
    # endpoint is the virtual-hosted signer that Client.generate_presigned_url delegates to.
    from signurlarity.presigner import S3Presigner

    sign = S3Presigner(ACCESS_KEY, SECRET_KEY, REGION).generate_presigned_url

    def get(keys: list[str]) -> None:
        for k in keys:
            sign(BUCKET, k, "GET", EXPIRES)

    def one(k: str) -> str:
        return sign(BUCKET, k, "GET", EXPIRES)

    why = "S3Presigner signs bucket, key and method only"
    na = {PUT: why, RCD: why}
    return Impl(
        "signurlarity",
        {GET: get, BATCH: get},
        {GET: one, BATCH: one},
        na,
        version=_dist("signurlarity"),
    )


ONE_THREAD = "s3presign batch 1 thread"


def impl_s3presign_batch_one_thread() -> Impl:
    """The batch call with rayon held to one thread; timed in a child process (the thread pool
    is sized once per process), see ``one_thread_batch``."""
    impl = impl_s3presign_batch()
    impl.name = ONE_THREAD
    impl.runners = {}
    return impl


def one_thread_batch(batch: int, rounds: int, env: dict[str, str]) -> Cell:
    """Median µs per URL of ``generate_presigned_urls`` over ``batch`` keys in a child process
    with ``RAYON_NUM_THREADS=1``: the batch call's cost without its use of every core."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = (
        f"import sys; sys.path.insert(0, {here!r}); import compare as c\n"
        f"run = c.impl_s3presign_batch().runners[c.BATCH]; keys = c.keys_for({batch})\n"
        "run(keys[:1000]); run(keys)\n"
        f"print(*[c.time_round(run, keys) for _ in range({rounds})])\n"
    )
    xs = [float(x) for x in _run_py(code, dict(env, RAYON_NUM_THREADS="1"))[1].split()]
    return Cell(statistics.median(xs), batch, len(xs))


IMPLS: list[tuple[str, Callable[[], Impl]]] = [
    ("s3presign", impl_s3presign),
    ("s3presign batch", impl_s3presign_batch),
    (ONE_THREAD, impl_s3presign_batch_one_thread),
    ("boto3", impl_boto3),
    ("boto3 patched", impl_boto3_patched),
    ("aiobotocore", impl_aiobotocore),
    ("aiobotocore patched", impl_aiobotocore_patched),
    ("obstore", impl_obstore),
    ("obstore batch", impl_obstore_batch),
    ("libpresign", impl_libpresign),
    ("signurlarity", impl_signurlarity),
]
PEERS = {
    "obstore",
    "obstore batch",
    "libpresign",
    "signurlarity",
    "aiobotocore",
    "aiobotocore patched",
}


def _dist(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def load_impls() -> list[Impl]:
    out = []
    for name, make in IMPLS:
        try:
            out.append(make())
        except ImportError as e:
            if name not in PEERS:
                raise  # s3presign and boto3 are the point: their absence is an error
            out.append(Impl(name, skipped=f"not installed ({e.name or e})"))
    return out


# ---------------------------------------------------------------------------------------------
# Sanity: every runner must produce what its workload asks for before it is timed.


def check_outputs(impls: list[Impl]) -> list[str]:
    """Sign one URL per (impl, workload) and check its shape. Returns the errors found."""
    errors = []
    expect = {
        GET: ["X-Amz-Expires=3600", "X-Amz-SignedHeaders=host"],
        PUT: ["X-Amz-Expires=3600", "X-Amz-SignedHeaders=content-type%3Bhost"],
        RCD: ["X-Amz-Expires=3600", "response-content-disposition=attachment"],
        BATCH: ["X-Amz-Expires=3600"],
    }
    for impl in impls:
        for w, run in impl.runners.items():
            keys = keys_for(2)
            try:
                if w in impl.one:
                    urls: Any = [impl.one[w](k) for k in keys]
                    run(keys)  # the timed code path itself must not raise either
                else:
                    urls = list(run(keys))
            except Exception as e:  # noqa: BLE001 -- any failure is reported, then exits 2
                errors.append(f"{impl.name} {w}: {type(e).__name__}: {e}")
                continue
            if len(urls) != len(keys):
                errors.append(f"{impl.name} {w}: {len(urls)} URLs for {len(keys)} keys")
                continue
            for i, url in enumerate(urls):
                needed = [f"{BUCKET}.s3.", f"/photos/{i}.jpg?", "X-Amz-Signature="] + expect[w]
                missing = [s for s in needed if s not in url]
                if not url.startswith("https://") or missing:
                    errors.append(f"{impl.name} {w}: unexpected URL {url!r} (lacks {missing})")
    return errors


def check_batch_matches_single() -> str | None:
    """s3presign's batch must give the very URLs of its single call at the same signing time."""
    c = s3presign_client()
    if not hasattr(c, "generate_presigned_urls"):
        return None
    t = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    keys = keys_for(3) + ["a b/ü+~.txt"]
    batch = list(c.generate_presigned_urls("get_object", BUCKET, keys, signing_time=t))
    single = [
        c.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": k}, signing_time=t)
        for k in keys
    ]
    if batch != single:
        return f"s3presign batch differs from single calls: {batch!r} != {single!r}"
    return None


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass
class Cell:
    us: float | None = None  # median microseconds per URL
    n: int = 0  # URLs per round
    rounds: int = 0
    note: str = ""


def time_round(run: Runner, keys: list[str]) -> float:
    gc.collect()
    t0 = time.perf_counter_ns()
    run(keys)
    t1 = time.perf_counter_ns()
    return (t1 - t0) / len(keys) / 1000.0


def run_timings(impls: list[Impl], opts: argparse.Namespace) -> dict[tuple[str, str], Cell]:
    """Warm up and size every (impl, workload) first, then time them in interleaved rounds
    (round 1 of every row, then round 2...), so that a burst of load from elsewhere on the
    machine falls on all rows alike instead of on one."""
    all_keys = keys_for(max(opts.max_n, opts.batch))
    out: dict[tuple[str, str], Cell] = {}
    plan: list[tuple[tuple[str, str], Runner, list[str], int]] = []
    for impl in impls:
        if impl.skipped:
            continue
        for w, _label in WORKLOADS:
            run = impl.runners.get(w)
            if run is None:
                out[(impl.name, w)] = Cell(note=impl.na.get(w, "n/a"))
                continue
            run(all_keys[:200])  # warm-up, untimed
            per_s = _quick_estimate(run, all_keys)
            rounds = opts.rounds
            if w == BATCH:
                n = opts.batch
                if not impl.name.endswith("batch"):
                    # A loop of single calls over every key: bounded, as boto3 would take minutes.
                    round_s = n * per_s
                    if round_s > opts.batch_budget_s:
                        note = f"not run: {n:,} single calls take ~{round_s:.0f} s"
                        out[(impl.name, w)] = Cell(note=note)
                        continue
                    rounds = max(1, min(rounds, int(opts.batch_budget_s / round_s)))
            else:
                n = int(min(max(opts.target_s / per_s, opts.min_n), opts.max_n))
            keys = all_keys[:n]
            run(keys[: min(n, 2000)])  # warm-up at the round's size, untimed
            plan.append(((impl.name, w), run, keys, rounds))
    samples: dict[tuple[str, str], list[float]] = {key: [] for key, *_ in plan}
    for r in range(opts.rounds):
        for key, run, keys, rounds in plan:
            if r < rounds:
                samples[key].append(time_round(run, keys))
    for key, _run, keys, _rounds in plan:
        xs = samples[key]
        out[key] = Cell(statistics.median(xs), len(keys), len(xs))
        print(
            f"  {key[0]:16} {key[1]:6} median {out[key].us:9.3f} min {min(xs):9.3f} "
            f"max {max(xs):9.3f} us/URL  (n={len(keys)}, rounds={len(xs)})",
            file=sys.stderr,
            flush=True,
        )
    return out


def _quick_estimate(run: Runner, keys: list[str]) -> float:
    t0 = time.perf_counter_ns()
    run(keys[:100])
    return (time.perf_counter_ns() - t0) / 100 / 1e9


# ---------------------------------------------------------------------------------------------
# Cold start and memory, each in fresh interpreters.

COLD_CODE = {
    "s3presign": (
        "import s3presign\n"
        "c = s3presign.client(region_name=R, aws_access_key_id=A, aws_secret_access_key=S)\n"
        "c.generate_presigned_url('get_object', Params={'Bucket': B, 'Key': 'photos/1.jpg'})\n"
    ),
    "boto3": (
        "import boto3\n"
        "from botocore.config import Config\n"
        "c = boto3.client('s3', region_name=R, aws_access_key_id=A, aws_secret_access_key=S,\n"
        "                 config=Config(signature_version='s3v4'))\n"
        "c.generate_presigned_url('get_object', Params={'Bucket': B, 'Key': 'photos/1.jpg'})\n"
    ),
    "obstore": (
        "import datetime, obstore\n"
        "from obstore.store import S3Store\n"
        "s = S3Store(B, region=R, access_key_id=A, secret_access_key=S,\n"
        "            virtual_hosted_style_request=True)\n"
        "obstore.sign(s, 'GET', 'photos/1.jpg', datetime.timedelta(seconds=3600))\n"
    ),
    "libpresign": ("import libpresign\nlibpresign.get(A, S, R, B, 'photos/1.jpg', 3600)\n"),
    "signurlarity": (
        "from signurlarity.presigner import S3Presigner\n"
        "S3Presigner(A, S, R).generate_presigned_url(B, 'photos/1.jpg', 'GET', 3600)\n"
    ),
}
IMPORT_NAME = {
    "s3presign": "s3presign",
    "boto3": "boto3",
    "obstore": "obstore",
    "libpresign": "libpresign",
    "signurlarity": "signurlarity",
}
PRELUDE = f"A, S, R, B = {ACCESS_KEY!r}, {SECRET_KEY!r}, {REGION!r}, {BUCKET!r}\n"

RSS_HELPERS = """
import gc, os, sys
def rss_kib():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return -1
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r // 1024 if sys.platform == 'darwin' else r
"""


def installed(names: list[str]) -> list[str]:
    import importlib.util

    return [n for n in names if importlib.util.find_spec(IMPORT_NAME[n]) is not None]


def _run_py(code: str, env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter_ns()
    p = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    dt = (time.perf_counter_ns() - t0) / 1e6
    if p.returncode != 0:
        raise RuntimeError(f"subprocess failed ({p.returncode}): {p.stderr.strip()[-800:]}")
    return dt, p.stdout


def cold_start(names: list[str], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of a fresh interpreter that imports, makes a client and signs one URL,
    minus the median of a bare ``python -c pass``; runs interleaved to share any drift."""
    codes = {"(bare)": "pass"}
    codes.update({n: PRELUDE + COLD_CODE[n] for n in names})
    for code in codes.values():  # warm the OS file cache and .pyc files
        _run_py(code, env)
    samples: dict[str, list[float]] = {k: [] for k in codes}
    for _ in range(runs):
        for k, code in codes.items():
            samples[k].append(_run_py(code, env)[0])
    bare = statistics.median(samples["(bare)"])
    return {n: statistics.median(samples[n]) - bare for n in names}


def rss_added(names: list[str], env: dict[str, str]) -> dict[str, float]:
    """MiB of resident memory added by importing the module, making one client and signing
    one URL, in a fresh interpreter."""
    out = {}
    for n in names:
        code = (
            RSS_HELPERS
            + PRELUDE
            + "gc.collect()\nbefore = rss_kib()\n"
            + COLD_CODE[n]
            + "gc.collect()\nprint(before, rss_kib())\n"
        )
        before, after = map(int, _run_py(code, env)[1].split())
        out[n] = (after - before) / 1024 if before >= 0 and after >= 0 else float("nan")
    return out


GROWTH_CODE = """
import s3presign
c = s3presign.client(region_name=R, aws_access_key_id=A, aws_secret_access_key=S)
g = c.generate_presigned_url
keys = ['photos/%d.jpg' % i for i in range(10000)]
def sign(total):
    done = 0
    while done < total:
        for k in keys[: min(len(keys), total - done)]:
            g('get_object', Params={'Bucket': B, 'Key': k}, ExpiresIn=3600)
            g('put_object', Params={'Bucket': B, 'Key': k, 'ContentType': 'image/jpeg'},
              ExpiresIn=3600)
            g('get_object', Params={'Bucket': B, 'Key': k,
              'ResponseContentDisposition': 'attachment; filename="photo.jpg"'}, ExpiresIn=3600)
            done += 3
sign(30000)
gc.collect()
before = rss_kib()
sign(TOTAL)
gc.collect()
print(before, rss_kib())
"""


def rss_growth(total: int, env: dict[str, str]) -> float:
    """MiB of resident memory that signing ``total`` more URLs (GET, PUT with ContentType and
    GET with ResponseContentDisposition in turn) adds after a 30,000-URL warm-up."""
    code = RSS_HELPERS + PRELUDE + f"TOTAL = {total}\n" + GROWTH_CODE
    before, after = map(int, _run_py(code, env)[1].split())
    return (after - before) / 1024 if before >= 0 and after >= 0 else float("nan")


def client_per_request(samples: int) -> dict[str, float]:
    """Median ms of a view or Lambda handler that makes its boto3 client per request: a new
    client (default session, loaders warm) and its first URL, unpatched and patched
    (``s3presign.patch(client)`` included), in alternation; and ``patch(client)`` alone."""
    import s3presign

    boto3_client().generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "w"})
    out: dict[str, list[float]] = {PER_REQUEST: [], PER_REQUEST_PATCHED: [], PATCH_ONLY: []}
    for i in range(samples):
        params = {"Bucket": BUCKET, "Key": f"photos/{i}.jpg"}
        t0 = time.perf_counter()
        boto3_client().generate_presigned_url("get_object", Params=params, ExpiresIn=EXPIRES)
        t1 = time.perf_counter()
        client = boto3_client()
        t2 = time.perf_counter()
        s3presign.patch(client)
        t3 = time.perf_counter()
        client.generate_presigned_url("get_object", Params=params, ExpiresIn=EXPIRES)
        t4 = time.perf_counter()
        out[PER_REQUEST].append((t1 - t0) * 1e3)
        out[PER_REQUEST_PATCHED].append((t4 - t1) * 1e3)
        out[PATCH_ONLY].append((t3 - t2) * 1e3)
    return {k: statistics.median(v) for k, v in out.items()}


PER_REQUEST = "boto3 new client + first URL"
PER_REQUEST_PATCHED = "boto3 patched new client + first URL"
PATCH_ONLY = "s3presign.patch(client)"


# ---------------------------------------------------------------------------------------------
# Report


def loadavg() -> float | None:
    """The 1-minute load average (other work on the machine skews every number)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.platform()}; CPU {cpu}; {os.cpu_count()} cores; "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def fmt_us(c: Cell | None) -> str:
    if c is None:
        return "skipped"
    if c.us is None:
        return "n/a"
    return f"{c.us:.3f}" if c.us < 10 else f"{c.us:.1f}" if c.us < 1000 else f"{c.us:.0f}"


def reference(times: dict[tuple[str, str], Cell], w: str) -> float | None:
    """What a row's ratio divides by: s3presign's single call, or for the batch workload
    s3presign's batch call when it exists."""
    if w == BATCH:
        c = times.get(("s3presign batch", BATCH))
        if c is not None and c.us is not None:
            return c.us
    c = times.get(("s3presign", w))
    return c.us if c is not None else None


def table(
    impls: list[Impl], times: dict[tuple[str, str], Cell], batch_n: int
) -> tuple[list[str], list[list[str]]]:
    head = ["implementation"]
    for w, label in WORKLOADS:
        head += [f"{batch_n:,} keys µs" if w == BATCH else f"{label} µs", "×"]
    rows = []
    for impl in impls:
        row = [f"{impl.name} {impl.version}".strip()]
        for w, _ in WORKLOADS:
            c = None if impl.skipped else times.get((impl.name, w))
            ref = reference(times, w)
            row.append(fmt_us(c))
            if c is None or c.us is None or ref is None:
                row.append("")
            else:
                row.append(f"{c.us / ref:.2f}")
        rows.append(row)
    return head, rows


def render(head: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = [
            "| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|",
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    fmt = lambda r: "  ".join(
        (c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(r, widths))
    )
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


@dataclass
class Goal:
    text: str
    status: str  # "met", "MISSED", "not checked"
    detail: str


def goals(
    impls: list[Impl],
    times: dict[tuple[str, str], Cell],
    cold: dict[str, float],
    rss: dict[str, float],
    growth: float | None,
    growth_n: int,
    per_request: dict[str, float],
) -> list[Goal]:
    def us(name: str, w: str) -> float | None:
        c = times.get((name, w))
        return c.us if c is not None else None

    skipped = {i.name: i.skipped for i in impls if i.skipped}
    out = []

    def ratio_goal(text: str, mine: float | None, peers: list[str], w: str, limit: float):
        missing = [p for p in peers if us(p, w) is None]
        if mine is None:
            out.append(Goal(text, "MISSED", "s3presign could not be measured"))
            return
        if missing:
            why = ", ".join(f"{p}: {skipped.get(p, 'not measured')}" for p in missing)
            out.append(Goal(text, "not checked", why))
            return
        best = min(us(p, w) for p in peers)  # type: ignore[type-var]
        r = mine / best
        out.append(
            Goal(text, "met" if r <= limit else "MISSED", f"{r:.4f} ({mine:.3f} / {best:.3f} µs)")
        )

    single = us("s3presign", GET)
    ratio_goal(
        "single GET <= 0.10 x min(obstore, libpresign)",
        single,
        ["obstore", "libpresign"],
        GET,
        0.10,
    )
    ratio_goal("single GET <= 0.005 x boto3", single, ["boto3"], GET, 0.005)
    ratio_goal(
        "put_object + ContentType <= 0.005 x boto3", us("s3presign", PUT), ["boto3"], PUT, 0.005
    )

    batch = us("s3presign batch", BATCH)
    if batch is None:
        why = skipped.get("s3presign batch", "not measured")
        out.append(Goal("batch <= 0.05 x obstore batch per URL", "MISSED", why))
        out.append(Goal("batch faster per URL than s3presign's single call", "MISSED", why))
    else:
        ratio_goal("batch <= 0.05 x obstore batch per URL", batch, ["obstore batch"], BATCH, 0.05)
        s = single if single is not None else float("nan")
        out.append(
            Goal(
                "batch faster per URL than s3presign's single call",
                "met" if batch < s else "MISSED",
                f"{batch:.3f} vs {s:.3f} µs",
            )
        )

    def abs_goal(text: str, value: float | None, limit: float, unit: str) -> None:
        if value is None or math.isnan(value):
            out.append(Goal(text, "not checked", "could not be measured here"))
        else:
            out.append(Goal(text, "met" if value <= limit else "MISSED", f"{value:.2f} {unit}"))

    abs_goal("cold start <= 3 ms over a bare interpreter", cold.get("s3presign"), 3.0, "ms")
    abs_goal("RSS added (module + client) <= 3 MiB", rss.get("s3presign"), 3.0, "MiB")
    abs_goal(f"{growth_n:,} URLs grow RSS <= 1 MiB", growth, 1.0, "MiB")
    if per_request:
        plain, patched = per_request[PER_REQUEST], per_request[PER_REQUEST_PATCHED]
        out.append(
            Goal(
                "new boto3 client + first URL: patched <= unpatched",
                "met" if patched <= plain else "MISSED",
                f"{patched:.2f} vs {plain:.2f} ms",
            )
        )
        abs_goal("s3presign.patch(client) <= 2 ms", per_request[PATCH_ONLY], 2.0, "ms")
    return out


def arrow_rows(opts: argparse.Namespace, env: dict[str, str]) -> tuple[list[str], list[Goal]]:
    """The Arrow rows (``bench/arrow_rows.py``) and their goals."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import arrow_rows as rows

    n_keys, stream_keys = (10_000, 200_000) if opts.smoke else (1_000_000, 20_000_000)
    print(f"Arrow rows ({n_keys:,} keys, a {stream_keys:,}-key stream) ...", file=sys.stderr)
    lines, checked = rows.run(
        s3presign_client(), BUCKET, n_keys, stream_keys, min(opts.rounds, 5), env
    )
    status = {True: "met", False: "MISSED", None: "not checked"}
    return lines, [Goal(text, status[met], detail) for text, met, detail in checked]


def arrow_report(opts: argparse.Namespace, env: dict[str, str]) -> int:
    """``--arrow``: the Arrow rows and goals alone."""
    print(f"machine: {machine_line()}; load average {loadavg()} at start")
    lines, gs = arrow_rows(opts, env)
    print("\n".join(lines))
    print(f"load average {loadavg()} at end")
    for g in gs:
        print(f"  [{g.status}] {g.text}: {g.detail}")
    missed = [g for g in gs if g.status == "MISSED"]
    return 1 if opts.check and missed and not opts.smoke else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="tiny run; fails only on errors")
    ap.add_argument("--check", action="store_true", help="exit 1 listing every missed goal")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument("--rounds", type=int, default=None, help="timed rounds per row (median)")
    ap.add_argument("--arrow", action="store_true", help="the Arrow rows only (arrow_rows.py)")
    opts = ap.parse_args(argv)
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # "µ" and "×" on a console that cannot print them
        reconfigure(errors="backslashreplace")
    if opts.smoke:
        opts.rounds = opts.rounds or 1
        opts.target_s, opts.min_n, opts.max_n = 0.0, 300, 300
        opts.batch, opts.batch_budget_s = 1000, 5.0
        cold_runs, growth_n, per_request_n = 2, 30_000, 5
    else:
        opts.rounds = opts.rounds or 7
        opts.target_s, opts.min_n, opts.max_n = 0.25, 1000, 200_000
        opts.batch, opts.batch_budget_s = 100_000, 20.0
        cold_runs, growth_n, per_request_n = 10, 1_000_000, 60

    env = isolated_env()
    os.environ.clear()
    os.environ.update(env)
    if opts.arrow:
        return arrow_report(opts, env)

    load_start = loadavg()
    impls = load_impls()
    errors = check_outputs(impls)
    try:
        err = check_batch_matches_single()
    except Exception as e:  # noqa: BLE001 -- reported, then exits 2
        err = f"s3presign batch check raised {type(e).__name__}: {e}"
    if err:
        errors.append(err)
    if errors:
        print("errors before timing:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 2

    print(f"timing (gc {'enabled' if gc.isenabled() else 'disabled'}) ...", file=sys.stderr)
    times = run_timings(impls, opts)
    if not any(i.skipped for i in impls if i.name == ONE_THREAD):
        cell = one_thread_batch(opts.batch, opts.rounds, env)
        times[(ONE_THREAD, BATCH)] = cell
        print(f"  {ONE_THREAD:16} batch  median {cell.us:9.3f} us/URL", file=sys.stderr)
    names = installed([n for n in COLD_CODE])
    print("cold start and RSS in fresh interpreters ...", file=sys.stderr, flush=True)
    cold = cold_start(names, cold_runs, env)
    rss = rss_added(names, env)
    growth = rss_growth(growth_n, env)
    per_request = client_per_request(per_request_n) if "boto3" in names else {}

    md = opts.markdown
    gc_state = f"gc {'enabled' if gc.isenabled() else 'disabled'}, thresholds {gc.get_threshold()}"
    if load_start is not None:
        gc_state += f"; load average {load_start:.2f} at start, {loadavg():.2f} at end"
    print(("**Machine:** " if md else "machine: ") + machine_line())
    print(
        f"{'smoke run, ' if opts.smoke else ''}median of {opts.rounds} rounds; "
        f"bucket {BUCKET}, {REGION}, virtual-hosted, ExpiresIn {EXPIRES}; {gc_state}; "
        "client construction not timed."
    )
    if md:
        print()
    print(LEGEND)
    print()
    head, rows = table(impls, times, opts.batch)
    print(render(head, rows, md))
    print()

    head2 = [
        "implementation",
        "cold start ms (over bare python)",
        "RSS added MiB (module + client)",
    ]
    rows2 = [[n, f"{cold[n]:.1f}", "n/a" if math.isnan(rss[n]) else f"{rss[n]:.2f}"] for n in names]
    print(render(head2, rows2, md))
    print()
    print(f"s3presign RSS growth over {growth_n:,} signed URLs: {growth:.2f} MiB")
    if per_request:
        print()
        head3 = [f"client per request (median of {per_request_n})", "ms"]
        rows3 = [[name, f"{ms:.2f}"] for name, ms in per_request.items()]
        print(render(head3, rows3, md))
    notes = [f"{i.name}: skipped, {i.skipped}" for i in impls if i.skipped]
    for i in impls:
        for why in dict.fromkeys(c.note for (n, _), c in times.items() if n == i.name and c.note):
            notes.append(f"{i.name} n/a: {why}")
    notes += [
        f"{n}: cold start/RSS not measured, not installed" for n in COLD_CODE if n not in names
    ]
    if notes:
        print()
        print("\n".join(("- " if md else "  ") + n for n in notes))

    arrow_lines, arrow_goals = arrow_rows(opts, env)
    print()
    print("\n".join(arrow_lines))
    if opts.check or not opts.smoke:
        gs = goals(impls, times, cold, rss, growth, growth_n, per_request) + arrow_goals
        print()
        print(
            "goals"
            + (" (smoke run: informational, timing never fails it)" if opts.smoke else "")
            + ":"
        )
        for g in gs:
            print(f"  [{g.status}] {g.text}: {g.detail}")
        missed = [g for g in gs if g.status == "MISSED"]
        if opts.check and missed and not opts.smoke:
            print(
                f"\n{len(missed)} goal(s) missed:\n"
                + "\n".join(f"  {g.text}: {g.detail}" for g in missed),
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
