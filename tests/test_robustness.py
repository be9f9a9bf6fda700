"""Nothing reaches Python as a crash, a hang or a leak: the batch list while the GIL is
released, over-reporting ``len()``, user code that mutates what is being converted, Ctrl-C in a
big batch, and inputs that used to raise an unnamed exception.

Whatever might kill the interpreter (a segfault, an abort) runs in a child process with a
bounded timeout, so a regression fails the test instead of taking pytest down or hanging CI.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from typing import ClassVar

import conftest
import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY

KW = {
    "region_name": "eu-west-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
OBJ = {"Bucket": "example-bucket", "Key": "k"}


def run_child(code: str, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    """Runs ``code`` in a fresh interpreter; its stdout, or a failure naming how it died."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert proc.returncode == 0, (
        f"the child died (returncode {proc.returncode}): {proc.stderr[-3000:]}"
    )
    return proc.stdout


def is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


# --- 2. The batch list is never visible half-filled -------------------------------------------


def test_gc_walker_thread_never_sees_an_incomplete_batch_list():
    out = run_child(
        f"""
        import gc, threading
        import s3presign

        presigner = s3presign.client(**{KW!r})
        keys = [f"photos/{{i}}.jpg" for i in range(50_000)]
        done = threading.Event()
        seen = 0

        def walk():
            # What memory monitors and debug endpoints do: touch every list the GC knows.
            global seen
            while not done.is_set():
                for obj in gc.get_objects():
                    if type(obj) is list and len(obj) >= 1000:
                        seen += sum(1 for _ in obj[:])

        walker = threading.Thread(target=walk)
        walker.start()
        try:
            for _ in range(10):
                urls = presigner.generate_presigned_urls("get_object", "example-bucket", keys)
                assert len(urls) == len(keys) and all(type(u) is str for u in urls)
        finally:
            done.set()
            walker.join()
        print("ok", seen > 0)
        """,
        timeout=300,
    )
    assert out.split() == ["ok", "True"]


# --- 3. len() is a hint -----------------------------------------------------------------------


@pytest.mark.parametrize("claimed", [2**40, 2**60, sys.maxsize])
def test_keys_whose_len_over_reports_give_every_url(claimed):
    out = run_child(
        f"""
        import json
        import s3presign

        class Cursor:
            def __len__(self):
                return {claimed}
            def __iter__(self):
                return iter(["a", "b", "c"])

        presigner = s3presign.client(**{KW!r})
        try:
            urls = presigner.generate_presigned_urls(
                "get_object", "example-bucket", Cursor(), signing_time=1_800_000_000
            )
            print(json.dumps(urls))
        except BaseException as exc:
            print(json.dumps(type(exc).__name__ + ": " + str(exc)))
        """
    )
    got = json.loads(out)
    presigner = s3presign.client(**KW)
    expected = [
        presigner.generate_presigned_url(
            "get_object", {"Bucket": "example-bucket", "Key": k}, signing_time=1_800_000_000
        )
        for k in "abc"
    ]
    assert got == expected


def test_keys_whose_len_raises_still_give_every_url():
    class Lying:
        def __len__(self):
            raise ValueError("no length here")

        def __iter__(self):
            return iter(["a", "b"])

    urls = s3presign.client(**KW).generate_presigned_urls("get_object", "example-bucket", Lying())
    assert len(urls) == 2


# --- 4. User code that changes what is being read ---------------------------------------------


class MutatingTz(dt.tzinfo):
    """A tzinfo whose ``utcoffset`` adds entries to a dict (e.g. the Params being read)."""

    def __init__(self, target: dict):
        self.target = target

    def utcoffset(self, when):
        self.target[f"added-{len(self.target)}"] = 1
        return dt.timedelta(0)

    def dst(self, when):
        return dt.timedelta(0)

    def tzname(self, when):
        return "UTC"


class MutatingList(list):
    """A list whose ``__iter__`` adds entries to a dict."""

    target: ClassVar[dict] = {}

    def __iter__(self):
        self.target[f"added-{len(self.target)}"] = 1
        return super().__iter__()


class MutatingStr(str):
    """A str whose ``__hash__`` adds entries to a dict."""

    target: ClassVar[dict] = {}

    def __hash__(self):
        self.target[f"added-{len(self.target)}"] = 1
        return str.__hash__(self)

    def __eq__(self, other):
        return str.__eq__(self, other)


def test_params_changed_by_tzinfo_during_conversion():
    params = {"Bucket": "example-bucket", "Key": "k"}
    params["ResponseExpires"] = dt.datetime(2030, 1, 1, tzinfo=MutatingTz(params))
    params["ResponseContentType"] = "text/plain"
    presigner = s3presign.client(**KW)
    url = presigner.generate_presigned_url("get_object", params, signing_time=WHEN)
    plain = {
        "Bucket": "example-bucket",
        "Key": "k",
        "ResponseExpires": dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
        "ResponseContentType": "text/plain",
    }
    assert url == presigner.generate_presigned_url("get_object", plain, signing_time=WHEN)


def test_params_changed_by_a_list_iterator_during_conversion():
    params = {"Bucket": "example-bucket", "Key": "k"}
    evil = type("Evil", (MutatingList,), {"target": params})(["x"])
    params["Unknown"] = evil
    params["Other"] = "y"
    with pytest.raises(s3presign.ParamValidationError, match="Unknown"):
        s3presign.client(**KW).generate_presigned_url("get_object", params)


def test_post_fields_changed_by_a_key_hash():
    fields: dict = {}
    evil = type("Evil", (MutatingStr,), {"target": fields})
    fields[evil("acl")] = "private"
    fields["success_action_status"] = "201"
    post = s3presign.client(**KW).generate_presigned_post(
        "example-bucket", "k", Fields=fields, signing_time=WHEN
    )
    assert post["fields"]["acl"] == "private"
    assert post["fields"]["success_action_status"] == "201"


def test_post_conditions_changed_during_conversion():
    condition: dict = {}
    evil = type("Evil", (MutatingList,), {"target": condition})(["a"])
    condition["x-amz-meta-tag"] = evil
    condition["acl"] = "private"
    post = s3presign.client(**KW).generate_presigned_post(
        "example-bucket", "k", Conditions=[condition], signing_time=WHEN
    )
    policy = json.loads(base64.b64decode(post["fields"]["policy"]))
    # The condition as it was when the call began.
    assert policy["conditions"][0] == {"x-amz-meta-tag": ["a"], "acl": "private"}


def test_resolve_endpoint_params_changed_during_conversion():
    params = {"Bucket": "example-bucket", "Region": "eu-west-1"}
    params["Other"] = type("Evil", (MutatingList,), {"target": params})(["a"])
    params["UseFIPS"] = False
    with pytest.raises(s3presign.PresignError):
        s3presign.resolve_endpoint(params)


def test_patched_client_falls_back_instead_of_panicking():
    boto3 = pytest.importorskip("boto3")
    client = boto3.client("s3", **KW)
    s3presign.patch(client)
    try:
        params = {"Bucket": "example-bucket", "Key": "k"}
        params["Unknown"] = type("Evil", (MutatingList,), {"target": params})(["x"])
        try:
            client.generate_presigned_url("get_object", Params=params)
        except BaseException as exc:  # noqa: BLE001 - botocore's own error is fine, a panic is not
            assert not is_panic(exc), exc
            assert isinstance(exc, Exception)
    finally:
        s3presign.unpatch(client)


# --- 4. Hostile objects at every public entry point (hypothesis) -------------------------------


def hostile_values():
    from hypothesis import strategies as st

    class Boom(Exception):
        pass

    def raising(name):
        return type(f"Raises{name}", (), {name: lambda *a, **k: (_ for _ in ()).throw(Boom())})()

    class HugeLen:
        def __len__(self):
            return sys.maxsize

        def __iter__(self):
            return iter(["k"])

    class NoneOffset(dt.tzinfo):
        def utcoffset(self, when):
            return None

    class HugeOffset(dt.tzinfo):
        def utcoffset(self, when):
            return dt.timedelta(hours=23, minutes=59)

    class RaisingTz(dt.tzinfo):
        def utcoffset(self, when):
            raise Boom()

    class WeirdItems(dict):
        def items(self):
            return [("Bucket", "b"), ("Key",)]

        def keys(self):
            raise Boom()

    class IntSub(int):
        def __index__(self):
            raise Boom()

    def selfref():
        loop: list = []
        loop.append(loop)
        return loop

    def selfdict():
        loop: dict = {}
        loop["me"] = loop
        return loop

    # Made afresh for every example (by index: reprs stay short, nothing is shared).
    factories = [
        lambda: None,
        lambda: True,
        lambda: 0,
        lambda: -1,
        lambda: 2**64,
        lambda: 10**400,
        lambda: -(10**400),
        lambda: float("nan"),
        lambda: float("inf"),
        lambda: -0.0,
        lambda: "",
        lambda: "\ud800",
        lambda: "a\x00b",
        lambda: "k" * 5000,
        lambda: b"\xff",
        lambda: bytearray(b"x"),
        lambda: IntSub(5),
        lambda: dt.date(2020, 1, 1),
        lambda: dt.datetime(2030, 1, 1),
        lambda: dt.datetime(2030, 1, 1, tzinfo=NoneOffset()),
        lambda: dt.datetime(2030, 1, 1, tzinfo=HugeOffset()),
        lambda: dt.datetime(2030, 1, 1, tzinfo=RaisingTz()),
        lambda: dt.datetime.max.replace(tzinfo=dt.timezone.utc),
        selfref,
        selfdict,
        HugeLen,
        WeirdItems,
        lambda: raising("__iter__"),
        lambda: raising("__len__"),
        lambda: raising("__str__"),
        lambda: raising("__hash__"),
        object,
        lambda: type,
    ]
    atoms = st.integers(0, len(factories) - 1).map(lambda i: factories[i]())
    values = st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.tuples(inner, inner),
            st.dictionaries(st.sampled_from(["Bucket", "Key", "Metadata", "x", "\ud800"]), inner),
        ),
        max_leaves=6,
    )
    return values, Boom


def call_every_entry_point(value, params, presigner):
    yield lambda: presigner.generate_presigned_url(value)
    yield lambda: presigner.generate_presigned_url("get_object", params)
    yield lambda: presigner.generate_presigned_url("get_object", OBJ, value)
    yield lambda: presigner.generate_presigned_url("get_object", OBJ, 60, value)
    yield lambda: presigner.generate_presigned_url("get_object", OBJ, signing_time=value)
    yield lambda: presigner.generate_presigned_urls("get_object", "b", value)
    yield lambda: presigner.generate_presigned_urls("get_object", value, ["k"])
    yield lambda: presigner.generate_presigned_urls(value, "b", ["k"])
    yield lambda: presigner.generate_presigned_urls("get_object", "b", ["k"], Params=params)
    yield lambda: presigner.generate_presigned_urls("get_object", "b", [value])
    yield lambda: presigner.generate_presigned_urls("get_object", "b", ["k"], signing_time=value)
    yield lambda: presigner.generate_presigned_post(value, "k")
    yield lambda: presigner.generate_presigned_post("b", value)
    yield lambda: presigner.generate_presigned_post("b", "k", Fields=params)
    yield lambda: presigner.generate_presigned_post("b", "k", Fields={"acl": value})
    yield lambda: presigner.generate_presigned_post("b", "k", Conditions=[value])
    yield lambda: presigner.generate_presigned_post("b", "k", Conditions=value)
    yield lambda: presigner.generate_presigned_post("b", "k", ExpiresIn=value)
    yield lambda: s3presign.resolve_endpoint(params)
    yield lambda: s3presign.resolve_endpoint({"Bucket": value, "Region": "us-east-1"})
    yield lambda: s3presign.client(**{**KW, "region_name": value})
    yield lambda: s3presign.client(**{**KW, "endpoint_url": value})
    yield lambda: s3presign.client(**{**KW, "aws_secret_access_key": value})
    yield lambda: s3presign.client(**{**KW, "config": value})
    yield lambda: s3presign.client(**{**KW, "config": {"s3": value}})
    yield lambda: s3presign.client(**{**KW, "config": params})
    yield lambda: s3presign.generate_presigned_url("get_object", params, **KW)
    yield lambda: s3presign.generate_presigned_post("b", "k", params, **KW)
    yield lambda: s3presign.from_boto3(value)
    if value is not None:  # patch(None) patches every client made afterwards
        yield lambda: s3presign.patch(value)


def test_no_hostile_input_panics_or_escapes_unnamed():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    values, boom = hostile_values()
    presigner = s3presign.client(**KW)

    @settings(max_examples=150, deadline=None, database=None)
    @given(value=values, params=st.dictionaries(st.sampled_from(["Bucket", "Key", "x"]), values))
    def check(value, params):
        for call in call_every_entry_point(value, {**OBJ, **params}, presigner):
            try:
                call()
            except BaseException as exc:  # noqa: BLE001 - which kind is what is checked
                assert not is_panic(exc), repr(exc)[:500]
                # A named s3presign error, a TypeError for a wrong argument type, or the
                # hostile object's own exception, passed through.
                assert isinstance(exc, (s3presign.PresignError, TypeError, boom)), repr(exc)[:500]

    check()


# --- 5. Ctrl-C during a big batch ---------------------------------------------------------------


NEEDS_ALARM = pytest.mark.skipif(
    not hasattr(__import__("signal"), "setitimer"), reason="needs signal.setitimer (POSIX)"
)


@pytest.mark.slow
@NEEDS_ALARM
def test_interrupt_stops_a_big_batch_promptly_and_releases_everything():
    out = run_child(
        f"""
        import gc, json, signal, sys, time
        import s3presign

        presigner = s3presign.client(**{KW!r})
        keys = [f"photos/{{i}}.jpg" for i in range(1_000_000)]
        # How long the whole batch takes here, to interrupt it a fifth of the way in.
        start = time.monotonic()
        presigner.generate_presigned_urls("get_object", "example-bucket", keys)
        duration = time.monotonic() - start
        gc.collect()
        blocks_before = sys.getallocatedblocks()

        class Interrupted(Exception):
            pass

        def on_alarm(signum, frame):
            raise Interrupted()

        signal.signal(signal.SIGALRM, on_alarm)
        delay = duration / 5
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, delay)
        try:
            presigner.generate_presigned_urls("get_object", "example-bucket", keys)
            outcome = "finished"
        except Interrupted:
            outcome = "interrupted"
        latency = time.monotonic() - start - delay

        # The helper threads stopped: no CPU burnt while this thread sleeps.
        cpu = time.process_time()
        time.sleep(0.3)
        cpu_after = time.process_time() - cpu
        gc.collect()
        leaked_blocks = sys.getallocatedblocks() - blocks_before

        # Still usable, and still exact.
        urls = presigner.generate_presigned_urls(
            "get_object", "example-bucket", keys[:5000], signing_time=1_800_000_000
        )
        same = urls[-1] == presigner.generate_presigned_url(
            "get_object", {{"Bucket": "example-bucket", "Key": keys[4999]}},
            signing_time=1_800_000_000,
        )
        print(json.dumps(dict(outcome=outcome, duration=duration, latency=latency,
                              cpu_after=cpu_after, leaked_blocks=leaked_blocks, same=same)))
        """,
        timeout=600,
    )
    got = json.loads(out)
    print(got)
    assert got["outcome"] == "interrupted"
    # The signal is handled within a chunk of keys, not when the batch ends (the batch would
    # have gone on for four fifths of its duration).
    assert got["latency"] < max(0.1, got["duration"] / 4), got
    assert got["cpu_after"] < 0.1, got
    assert got["leaked_blocks"] < 10_000, got
    assert got["same"]


@NEEDS_ALARM
def test_interrupt_while_collecting_keys_from_a_c_iterator():
    # itertools runs no Python code, so nothing but the batch itself can see the signal. The
    # last "key" is not a str: a batch that never looks at signals fails on it instead.
    out = run_child(
        f"""
        import itertools, signal
        import s3presign

        presigner = s3presign.client(**{KW!r})

        def on_alarm(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        keys = itertools.chain(itertools.repeat("k", 50_000_000), [None])
        try:
            presigner.generate_presigned_urls("get_object", "b", keys)
        except KeyboardInterrupt:
            print("interrupted")
        except s3presign.ParamValidationError as exc:
            print("not interrupted:", exc)
        """,
        timeout=120,
    )
    assert out.strip() == "interrupted"


# --- 7. Clear, named errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (
            lambda p: p.generate_presigned_url("get_\ud800", OBJ),
            "ParamValidationError",
            "ClientMethod",
        ),
        (
            lambda p: p.generate_presigned_url("get_object", OBJ, HttpMethod="G\ud800T"),
            "ParamValidationError",
            "HttpMethod",
        ),
        (
            lambda p: p.generate_presigned_urls("get_object", "b\ud800", ["k"]),
            "ParamValidationError",
            "Bucket",
        ),
        (
            lambda p: p.generate_presigned_urls("get_\ud800", "b", ["k"]),
            "ParamValidationError",
            "ClientMethod",
        ),
        (
            lambda p: p.generate_presigned_urls("get_object", "b", ["k"], HttpMethod="\ud800"),
            "ParamValidationError",
            "HttpMethod",
        ),
        (
            lambda p: s3presign.client(**{**KW, "region_name": "eu-\ud800"}),
            "InvalidConfigError",
            "region_name",
        ),
        (
            lambda p: s3presign.client(**{**KW, "endpoint_url": "http://\ud800"}),
            "InvalidConfigError",
            "endpoint_url",
        ),
        (
            lambda p: s3presign.client(**{**KW, "config": {"\ud800": 1}}),
            "InvalidConfigError",
            "config",
        ),
        (
            lambda p: s3presign.client(**{**KW, "config": {"signature_version": "s3\ud800"}}),
            "InvalidConfigError",
            "signature_version",
        ),
        (
            lambda p: s3presign.client(**{**KW, "config": {"s3": {"addressing_style": "\ud800"}}}),
            "InvalidConfigError",
            "addressing_style",
        ),
        (
            lambda p: p.generate_presigned_url("get_object", OBJ, signing_time=10**400),
            "ParamValidationError",
            "signing_time",
        ),
        (
            lambda p: p.generate_presigned_url("get_object", OBJ, signing_time=-(10**400)),
            "ParamValidationError",
            "signing_time",
        ),
        (
            lambda p: p.generate_presigned_url(
                "get_object", OBJ, signing_time=dt.datetime(2030, 1, 1, tzinfo=_NoOffset())
            ),
            "ParamValidationError",
            "signing_time",
        ),
        (
            lambda p: p.generate_presigned_post(
                "b", "k", signing_time=dt.datetime(2030, 1, 1, tzinfo=_NoOffset())
            ),
            "ParamValidationError",
            "signing_time",
        ),
    ],
)
def test_bad_arguments_raise_a_named_error_naming_the_argument(call, error, names):
    presigner = s3presign.client(**KW)
    with pytest.raises(s3presign.PresignError) as caught:
        call(presigner)
    assert type(caught.value).__name__ == error
    assert names in str(caught.value)
    assert not isinstance(caught.value, UnicodeError)


class _NoOffset(dt.tzinfo):
    """Aware by its tzinfo, but ``utcoffset()`` is None: Python treats it as naive."""

    def utcoffset(self, when):
        return None

    def dst(self, when):
        return None


@pytest.mark.parametrize("expires", [10**400, 2**127, 2**64, -(10**400)])
def test_huge_expires_in_is_reported_as_given(expires):
    with pytest.raises(s3presign.ParamValidationError) as caught:
        s3presign.client(**KW).generate_presigned_url("get_object", OBJ, expires)
    message = str(caught.value)
    assert "ExpiresIn" in message and "604800" in message
    assert str(2**127 - 1) not in message


def test_unparseable_credential_expiration_is_refused_like_botocore(monkeypatch):
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "not-a-date")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    boto3 = pytest.importorskip("boto3")
    with pytest.raises(ValueError):  # botocore: dateutil's ParserError
        boto3.Session().get_credentials().get_frozen_credentials()
    with pytest.raises(s3presign.InvalidConfigError, match="AWS_CREDENTIAL_EXPIRATION"):
        s3presign.client(region_name="eu-west-1")


@pytest.mark.parametrize("not_a_client", ["x", 42, object()])
def test_patch_refuses_what_is_not_a_client(not_a_client):
    with pytest.raises(TypeError, match="patch"):
        s3presign.patch(not_a_client)


# --- 9. Metadata is linear --------------------------------------------------------------------


# botocore itself is quadratic in the headers (SigV2: 7 s for 4,000 entries): a few thousand
# here, the 200,000 below for the speed.
@pytest.mark.parametrize(("signature_version", "entries"), [("s3v4", 5_000), ("s3", 2_000)])
def test_many_metadata_entries_equal_boto3(signature_version, entries):
    metadata = {f"key-{i}": f"value {i}" for i in range(entries)}
    params = {"Bucket": "example-bucket", "Key": "k", "Metadata": metadata}
    kw = {**KW, "config": {"signature_version": signature_version}}
    ours = s3presign.client(**kw).generate_presigned_url(
        "put_object", params, 900, signing_time=WHEN
    )
    boto3 = pytest.importorskip("boto3")
    from botocore.config import Config

    client = boto3.client("s3", **KW, config=Config(signature_version=signature_version))
    with conftest.frozen_botocore_clock(WHEN):
        expected = client.generate_presigned_url("put_object", Params=params, ExpiresIn=900)
    assert ours == expected


@pytest.mark.slow
def test_two_hundred_thousand_metadata_entries_finish():
    # Linear: a second or two. The quadratic steps this guards against took about 56 s for
    # 100,000 entries, so they would take several minutes here and hit the timeout.
    out = run_child(
        f"""
        import s3presign

        metadata = {{f"key-{{i}}": "v" for i in range(200_000)}}
        for version in ("s3v4", "s3"):
            presigner = s3presign.client(**{KW!r}, config={{"signature_version": version}})
            url = presigner.generate_presigned_url(
                "put_object", {{"Bucket": "example-bucket", "Key": "k", "Metadata": metadata}}
            )
            print(len(url))
        """,
        timeout=90,
    )
    assert len(out.split()) == 2
