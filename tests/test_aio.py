"""Async clients: patched aiobotocore clients (and aioboto3's, and s3fs's) against unpatched
twins made the same way, and ``from_aiobotocore`` against the client it came from: same URLs
and POST forms, same exceptions (type and message), same side effects on ``Params`` and
``Conditions``, the methods still coroutines, refreshable credentials awaited as aiobotocore
awaits them, and never a "coroutine ... was never awaited" warning.

Runs in the main venv (aiobotocore and s3fs with the pinned botocore) and in the venv of
``make test-aioboto3`` (aioboto3, which pins its own aiobotocore and botocore).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import gc
import inspect
import subprocess
import sys
import textwrap
import warnings
from collections import Counter
from unittest import mock

import aiobotocore.session
import aiobotocore.signers
import parity_strategies as ps
import pytest
import s3presign
from aiobotocore.credentials import (
    AioCredentials,
    AioDeferredRefreshableCredentials,
    AioRefreshableCredentials,
)
from botocore.config import Config
from conftest import frozen_botocore_clock
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from s3presign import _boto3

UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)
COUNTS: Counter = Counter()
LOOP = asyncio.new_event_loop()
pytestmark = pytest.mark.usefixtures("no_network")


def run(coroutine):
    return LOOP.run_until_complete(coroutine)


@pytest.fixture(scope="module", autouse=True)
def _isolated():
    with warnings.catch_warnings():
        # An unawaited coroutine anywhere in this module fails it.
        warnings.simplefilter("error", RuntimeWarning)
        yield
        TWINS.close()
        gc.collect()
    LOOP.close()


def _settings(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


@contextlib.contextmanager
def frozen(when: dt.datetime):
    """botocore's clocks and aiobotocore's POST clock at ``when``, and patched clients told."""
    naive = when.astimezone(UTC).replace(tzinfo=None)
    with (
        frozen_botocore_clock(when),
        mock.patch.object(aiobotocore.signers, "get_current_datetime", lambda: naive),
    ):
        saved = getattr(_boto3, "_signing_clock", None)
        _boto3._signing_clock = lambda: when
        try:
            yield
        finally:
            _boto3._signing_clock = saved


async def outcome(method, args: tuple, kwargs: dict) -> tuple:
    try:
        result = await method(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - compared by the caller
        return ("error", type(exc), str(exc))
    if isinstance(result, dict):  # a POST: the fields' order counts
        return ("ok", result["url"], list(result["fields"].items()))
    return ("ok", result)


def comparable(value):
    """``value`` with file-like objects (botocore turns a bytes Body into BytesIO) by content."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(comparable(v) for v in value)
    if hasattr(value, "getvalue"):
        return ("file", type(value).__name__, value.getvalue())
    return value


# --------------------------------------------------------------------------------------------
# Twins: one patched and one plain aiobotocore client per configuration
# --------------------------------------------------------------------------------------------


def aio_kwargs(kwargs: dict) -> dict:
    kwargs = dict(kwargs)
    kwargs["config"] = Config(**kwargs["config"]) if kwargs.get("config") else None
    return kwargs


class Twins:
    """aiobotocore clients by configuration; the patched clients' signers count the calls
    botocore served (its ``sign``), to tell the fast path from a fall-back."""

    def __init__(self) -> None:
        self.session = aiobotocore.session.AioSession()
        self.clients: dict = {}
        self.signed_by_botocore = 0

    async def _make(self, kwargs: dict):
        try:
            return await self.session.create_client("s3", **aio_kwargs(kwargs)).__aenter__()
        except Exception:  # noqa: BLE001 - aiobotocore refused the configuration
            return None

    def pair(self, kwargs: dict) -> tuple:
        key = ps._cache_key(kwargs)
        if key not in self.clients:
            plain, patched = run(self._make(kwargs)), run(self._make(kwargs))
            if patched is not None:
                s3presign.patch(patched)
                self._count(patched)
            self.clients[key] = (plain, patched)
        return self.clients[key]

    def _count(self, client) -> None:
        signer = client._request_signer
        sign = signer.sign

        async def counted(*args, **kwargs):
            self.signed_by_botocore += 1
            return await sign(*args, **kwargs)

        signer.sign = counted

    def close(self) -> None:
        for pair in self.clients.values():
            for client in pair:
                if client is not None:
                    run(client.__aexit__(None, None, None))
        self.clients.clear()


TWINS = Twins()


def check_twins(
    kwargs: dict, method: str, args: tuple, call_kwargs: dict, when, generated: bool = True
) -> str:
    plain, patched = TWINS.pair(kwargs)
    if generated:
        assume(plain is not None and patched is not None)
    assert plain is not None and patched is not None
    plain_args, plain_kwargs = copy.deepcopy((args, call_kwargs))
    before = TWINS.signed_by_botocore
    with frozen(when):
        got = run(outcome(getattr(patched, method), args, call_kwargs))
        expected = run(outcome(getattr(plain, method), plain_args, plain_kwargs))
    assert got == expected, (method, args, call_kwargs)
    # Side effects on the caller's arguments (Params rewritten, Conditions appended to).
    assert comparable((args, call_kwargs)) == comparable((plain_args, plain_kwargs))
    path = "botocore" if TWINS.signed_by_botocore > before else "fast"
    COUNTS[f"{method} {expected[0]} {path}"] += 1
    return path


ANY_REGION = st.one_of(st.sampled_from(ps.ALL_REGIONS), st.none())
ANY_ENDPOINT = st.one_of(st.none(), st.none(), st.sampled_from(ps.CUSTOM_ENDPOINTS))
# None: boto3's default (SigV2 in some regions, SigV4 elsewhere).
ANY_VERSION = st.sampled_from([None, None, "s3v4", "s3"])


@st.composite
def any_client_kwargs(draw):
    kwargs = draw(
        ps.client_kwargs_strategy(region_strategy=ANY_REGION, endpoint_strategy=ANY_ENDPOINT)
    )
    version = draw(ANY_VERSION)
    if version is None:
        del kwargs["config"]["signature_version"]
    else:
        kwargs["config"]["signature_version"] = version
    return kwargs


ODD_EXPIRES = st.sampled_from([3600, 1, 604800, 0, -5, 604801, 60.0, True, "60", None, 2**70])
ODD_METHODS = st.sampled_from(["get_object", "nope", "generate_presigned_url", "GetObject", ""])


@st.composite
def url_calls(draw):
    case = draw(ps.cases(kwargs_strategy=any_client_kwargs(), label="aio twins"))
    kwargs = ps.call_kwargs(case)
    odd = draw(st.integers(0, 9))
    if odd == 1:
        kwargs["ExpiresIn"] = draw(ODD_EXPIRES)
    elif odd == 2:
        kwargs["Params"] = draw(st.sampled_from([None, [], "Bucket", {"Bucket": 5}, {1: 2}]))
    elif odd == 3:
        case.method = draw(ODD_METHODS)
    elif odd == 4:
        kwargs["Unknown"] = 1
    if draw(st.booleans()):
        args = (case.method, kwargs.pop("Params"))
    else:
        args = ()
        kwargs["ClientMethod"] = case.method
    return case.client_kwargs, args, kwargs, case.signing_time


def served_mostly_fast(method: str) -> None:
    """Most twin calls that gave a result were served by the fast path, not by aiobotocore."""
    fast, slow = COUNTS[f"{method} ok fast"], COUNTS[f"{method} ok botocore"]
    assert fast > 2 * slow, dict(COUNTS)


def test_patched_aio_client_equals_unpatched_twin():
    @_settings(200)
    @given(call=url_calls())
    def each(call):
        kwargs, args, call_kwargs, when = call
        check_twins(kwargs, "generate_presigned_url", args, call_kwargs, when)

    each()
    served_mostly_fast("generate_presigned_url")


POST_CONDITIONS = st.one_of(
    st.dictionaries(st.sampled_from(["acl", "success_action_status"]), st.text(max_size=6)),
    st.tuples(st.just("content-length-range"), st.integers(0, 10), st.integers(10, 99)).map(list),
    st.tuples(st.just("starts-with"), st.just("$Content-Type"), st.text(max_size=6)).map(list),
)
POST_FIELDS = st.dictionaries(
    st.sampled_from(["acl", "key", "policy", "success_action_status", "x-amz-meta-a"])
    | st.text(min_size=1, max_size=8),
    st.text(max_size=12) | st.integers(0, 500),
    max_size=4,
)


@st.composite
def post_calls(draw):
    kwargs = draw(any_client_kwargs())
    key = draw(st.text(min_size=1, max_size=20))
    args = {
        "Bucket": draw(st.sampled_from(["example-bucket", "my.dotted.bucket", "Bad_Bucket", "ab"])),
        "Key": draw(st.sampled_from([key, key + "${filename}"])),
    }
    if draw(st.booleans()):
        args["Fields"] = draw(st.none() | POST_FIELDS)
    if draw(st.booleans()):
        args["Conditions"] = draw(st.none() | st.lists(POST_CONDITIONS, max_size=4))
    if draw(st.booleans()):
        args["ExpiresIn"] = draw(st.sampled_from([3600, 1, 604800, 0, 604801, 60.0, True]))
    return kwargs, args, draw(ps.signing_times)


def test_patched_aio_post_equals_unpatched_twin():
    @_settings(100)
    @given(call=post_calls())
    def each(call):
        kwargs, args, when = call
        check_twins(kwargs, "generate_presigned_post", (), args, when)

    each()
    served_mostly_fast("generate_presigned_post")


@pytest.mark.parametrize(
    ("method", "params"),
    [
        (
            "get_object",
            {
                "Bucket": "bucket",
                "Key": "k",
                "SSECustomerKey": "k" * 32,
                "SSECustomerAlgorithm": "AES256",
            },
        ),
        ("copy_object", {"Bucket": "bucket", "Key": "k", "CopySource": "src/a b"}),
        ("list_objects_v2", {"Bucket": "bucket"}),
        ("list_objects", {"Bucket": "bucket", "Prefix": "p/"}),
        ("put_object", {"Bucket": "bucket", "Key": "k", "Body": b"x"}),
        ("get_object", {"Bucket": "bucket", "Key": "k", "VersionId": "v1"}),
    ],
)
def test_patched_aio_client_rewrites_params_as_botocore_does(method, params):
    kwargs = ps.client_kwargs("us-west-2")
    check_twins(kwargs, "generate_presigned_url", (method, params), {}, WHEN, generated=False)


def test_patched_methods_stay_coroutine_functions():
    plain, patched = TWINS.pair(ps.client_kwargs("eu-central-1"))
    for name in ("generate_presigned_url", "generate_presigned_post"):
        assert inspect.iscoroutinefunction(getattr(patched, name))
        assert inspect.iscoroutinefunction(getattr(plain, name))
    call = patched.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
    assert inspect.iscoroutine(call)
    assert "X-Amz-Credential=" in run(call)


# --------------------------------------------------------------------------------------------
# Refreshable credentials: awaited as aiobotocore awaits them
# --------------------------------------------------------------------------------------------


class Rotation:
    """A refresh function handing out numbered keys that expire ``lifetime`` from now."""

    def __init__(self, lifetime: dt.timedelta, fail_from: int | None = None) -> None:
        self.lifetime = lifetime
        self.fail_from = fail_from
        self.calls = 0

    async def __call__(self) -> dict:
        self.calls += 1
        if self.fail_from is not None and self.calls >= self.fail_from:
            raise ConnectionError("the identity provider is down")
        await asyncio.sleep(0)  # a real await, as an STS call has
        expiry = dt.datetime.now(UTC) + self.lifetime
        return {
            "access_key": f"ASIAROTATION{self.calls:08d}",
            "secret_key": f"secret-{self.calls}",
            "token": f"token-{self.calls}",
            "expiry_time": expiry.isoformat(),
        }


async def refreshable_pair(lifetime: dt.timedelta, deferred: bool = False, fail_from=None):
    """A plain and a patched client, each with its own credentials from its own Rotation."""
    session = aiobotocore.session.AioSession()
    pair = []
    for _ in range(2):
        rotation = Rotation(lifetime, fail_from)
        if deferred:
            credentials = AioDeferredRefreshableCredentials(rotation, "test")
        else:
            credentials = AioRefreshableCredentials.create_from_metadata(
                await rotation(), rotation, "test"
            )
        session._credentials = credentials
        client = await session.create_client(
            "s3", region_name="eu-west-3", config=Config(signature_version="s3v4")
        ).__aenter__()
        assert client._request_signer._credentials is credentials
        pair.append((client, rotation))
    (plain, plain_rotation), (patched, patched_rotation) = pair
    s3presign.patch(patched)
    return plain, plain_rotation, patched, patched_rotation


@pytest.mark.parametrize(
    ("lifetime", "deferred", "refreshes_per_call"),
    [
        (dt.timedelta(hours=1), False, 0),  # fresh: never awaited again
        (dt.timedelta(hours=1), True, 0),  # deferred: the first call fetches them
        (dt.timedelta(minutes=14), False, 1),  # advisory window: every call refreshes
        (dt.timedelta(minutes=5), False, 1),  # mandatory window
    ],
)
def test_refreshable_credentials_rotate_as_unpatched(lifetime, deferred, refreshes_per_call):
    async def scenario():
        plain, plain_rotation, patched, patched_rotation = await refreshable_pair(
            lifetime, deferred
        )
        try:
            start = plain_rotation.calls
            for n in range(6):
                params = {"Bucket": "rotating-bucket", "Key": f"k{n}"}
                with frozen(WHEN), warnings.catch_warnings():
                    warnings.simplefilter("ignore", s3presign.CredentialsExpireBeforeUrlWarning)
                    expected = await plain.generate_presigned_url("get_object", params)
                    got = await patched.generate_presigned_url("get_object", params)
                    expected_post = await plain.generate_presigned_post("b", f"k{n}")
                    got_post = await patched.generate_presigned_post("b", f"k{n}")
                assert got == expected
                assert got_post == expected_post
                # The same refreshes on both sides, at the same calls.
                assert patched_rotation.calls == plain_rotation.calls
            assert plain_rotation.calls - start == (1 if deferred else 0) + 12 * refreshes_per_call
            state = patched._s3presign_patch
            assert (state.fast() if hasattr(state, "fast") else state.ready()) is not None
            assert state.presigner.aws_access_key_id == f"ASIAROTATION{plain_rotation.calls:08d}"
        finally:
            await plain.__aexit__(None, None, None)
            await patched.__aexit__(None, None, None)

    run(scenario())


def test_failed_mandatory_refresh_raises_as_unpatched():
    async def scenario():
        plain, _, patched, _ = await refreshable_pair(dt.timedelta(minutes=5), fail_from=2)
        try:
            params = {"Bucket": "b", "Key": "k"}
            expected = await outcome(plain.generate_presigned_url, ("get_object", params), {})
            got = await outcome(patched.generate_presigned_url, ("get_object", params), {})
            assert expected[0] == "error" and expected[1] is ConnectionError
            assert got == expected
            # An unknown method fails before aiobotocore reads the credentials, patched too.
            expected = await outcome(plain.generate_presigned_url, ("nope",), {})
            got = await outcome(patched.generate_presigned_url, ("nope",), {})
            assert got == expected and "nope" in expected[2]
        finally:
            await plain.__aexit__(None, None, None)
            await patched.__aexit__(None, None, None)

    run(scenario())


def test_no_unawaited_coroutine_warnings():
    """The issue's symptom: a patched client with AioRefreshableCredentials used to leave a
    coroutine unawaited on every call."""

    async def scenario():
        plain, _, patched, _ = await refreshable_pair(dt.timedelta(minutes=14))
        try:
            for n in range(5):
                await patched.generate_presigned_url("get_object", {"Bucket": "b", "Key": f"{n}"})
                await patched.generate_presigned_post("b", f"{n}")
        finally:
            await plain.__aexit__(None, None, None)
            await patched.__aexit__(None, None, None)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(scenario())
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)]


# --------------------------------------------------------------------------------------------
# from_aiobotocore
# --------------------------------------------------------------------------------------------


class AioOracle(ps.Boto3Oracle):
    """The harness's oracle: the unpatched aiobotocore twin, its clocks frozen."""

    def presign(self, case: ps.Case) -> str:
        plain, _ = TWINS.pair(case.client_kwargs)
        with frozen(case.signing_time):
            return run(plain.generate_presigned_url(case.method, **ps.call_kwargs(case)))


PRESIGNERS: dict = {}


def from_aiobotocore_subject(case: ps.Case) -> str:
    plain, _ = TWINS.pair(case.client_kwargs)
    if id(plain) not in PRESIGNERS:
        PRESIGNERS[id(plain)] = run(s3presign.from_aiobotocore(plain))
    return run(
        PRESIGNERS[id(plain)].generate_presigned_url(
            case.method, signing_time=case.signing_time, **ps.call_kwargs(case)
        )
    )


HARNESS = ps.FromBoto3Harness(oracle=AioOracle(), subject=from_aiobotocore_subject)


def test_from_aiobotocore_equals_the_client():
    @_settings(60)
    @given(case=ps.cases(kwargs_strategy=any_client_kwargs(), label="from_aiobotocore"))
    def each(case):
        assume(TWINS.pair(case.client_kwargs)[0] is not None)
        COUNTS["from_aiobotocore " + HARNESS.check(case)] += 1

    each()
    assert COUNTS["from_aiobotocore ok"] > 20, dict(COUNTS)


def test_from_aiobotocore_sessions_and_refresh():
    async def scenario():
        session = aiobotocore.session.AioSession()
        session.set_credentials(ps.ACCESS_KEY, ps.SECRET_KEY, ps.SESSION_TOKEN)
        session.set_config_variable("region", "ap-south-1")
        presigner = await s3presign.from_aiobotocore(session)
        assert isinstance(presigner, s3presign.AioPresigner)
        params = {"Bucket": "my-bucket", "Key": "k"}
        async with session.create_client("s3") as client:
            with frozen(WHEN):
                expected = await client.generate_presigned_url("get_object", Params=params)
                expected_post = await client.generate_presigned_post("my-bucket", "k")
        assert await presigner.generate_presigned_url("get_object", params, signing_time=WHEN) == (
            expected
        )
        post = await presigner.generate_presigned_post("my-bucket", "k", signing_time=WHEN)
        assert post == expected_post
        urls = await presigner.generate_presigned_urls(
            "get_object", "my-bucket", ["k", "k"], signing_time=WHEN
        )
        assert urls == [expected, expected]
        assert presigner.region_name == "ap-south-1"

        plain, rotation, patched, _ = await refreshable_pair(dt.timedelta(minutes=14))
        try:
            presigner = await s3presign.from_aiobotocore(plain)
            calls = rotation.calls
            with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning):
                url = await presigner.generate_presigned_url("get_object", params)
            assert rotation.calls == calls + 1  # within the advisory window: awaited
            assert f"ASIAROTATION{rotation.calls:08d}" in url
        finally:
            await plain.__aexit__(None, None, None)
            await patched.__aexit__(None, None, None)

        with pytest.raises(TypeError, match="from_aiobotocore"):
            s3presign.from_boto3(session)
        async with session.create_client("s3") as client:
            with pytest.raises(TypeError, match="from_aiobotocore"):
                s3presign.from_boto3(client)
        with pytest.raises(TypeError):
            await s3presign.from_aiobotocore("s3")
        async with aiobotocore.session.AioSession().create_client(
            "s3", region_name="eu-west-1"
        ) as anonymous:
            anonymous._request_signer._credentials = None
            with pytest.raises(s3presign.NoCredentialsError):
                await s3presign.from_aiobotocore(anonymous)

    run(scenario())


def test_static_credentials_are_awaited_once():
    credentials = AioCredentials(ps.ACCESS_KEY, ps.SECRET_KEY)
    with mock.patch.object(
        AioCredentials,
        "get_frozen_credentials",
        autospec=True,
        side_effect=AioCredentials.get_frozen_credentials,
    ) as spy:

        async def scenario():
            session = aiobotocore.session.AioSession()
            session._credentials = credentials
            async with session.create_client("s3", region_name="eu-west-1") as client:
                s3presign.patch(client)
                for n in range(4):
                    await client.generate_presigned_url(
                        "get_object", {"Bucket": "b", "Key": f"{n}"}
                    )

        run(scenario())
    assert spy.call_count == 1


# --------------------------------------------------------------------------------------------
# The global patch(): AioSession, s3fs, aioboto3
# --------------------------------------------------------------------------------------------


def test_global_patch_reaches_aiosession_clients_and_unpatch():
    kwargs = aio_kwargs(ps.client_kwargs("eu-central-1"))
    params = {"Bucket": "my-bucket", "Key": "k", "ContentType": "text/plain"}

    async def scenario():
        session = aiobotocore.session.AioSession()
        before = await session.create_client("s3", **kwargs).__aenter__()
        s3presign.patch()
        try:
            s3presign.patch()  # idempotent
            during = await session.create_client("s3", **kwargs).__aenter__()
            other = (
                await aiobotocore.session.get_session().create_client("s3", **kwargs).__aenter__()
            )
            sqs = await session.create_client("sqs", **kwargs).__aenter__()
            assert _boto3.is_patched(during) and _boto3.is_patched(other)
            assert not _boto3.is_patched(before) and not _boto3.is_patched(sqs)
            with frozen(WHEN):
                assert await during.generate_presigned_url("put_object", params) == (
                    await before.generate_presigned_url("put_object", params)
                )
            assert during._s3presign_patch.presigner is not None
        finally:
            s3presign.unpatch()
        assert not _boto3.is_patched(during) and not _boto3.is_patched(other)
        after = await session.create_client("s3", **kwargs).__aenter__()
        assert not _boto3.is_patched(after)
        for client in (before, during, other, sqs, after):
            await client.__aexit__(None, None, None)

    run(scenario())


def test_global_patch_before_aiobotocore_is_imported():
    """``patch()`` in a program that loads aiobotocore afterwards (FastAPI apps import
    s3presign first): clients made once it is loaded are patched; ``unpatch()`` removes the
    import hook, and ``import s3presign`` alone never loads aiobotocore."""
    program = textwrap.dedent(
        """
        import asyncio, sys
        import s3presign
        s3presign.patch()
        assert "aiobotocore" not in sys.modules
        import aiobotocore.session

        async def main():
            session = aiobotocore.session.AioSession()
            kwargs = dict(region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE",
                          aws_secret_access_key="secret")
            async with session.create_client("s3", **kwargs) as client:
                assert s3presign._boto3.is_patched(client)
                await client.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
                assert client._s3presign_patch.presigner is not None
            s3presign.unpatch()
            async with session.create_client("s3", **kwargs) as client:
                assert not s3presign._boto3.is_patched(client)
            print("ok")

        asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", program],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_s3fs_sign_takes_the_fast_path():
    s3fs = pytest.importorskip("s3fs")
    options = {
        "key": ps.ACCESS_KEY,
        "secret": ps.SECRET_KEY,
        "client_kwargs": {"region_name": "eu-north-1"},
        "skip_instance_cache": True,
    }
    plain = s3fs.S3FileSystem(**options)
    assert not _boto3.is_patched(plain.s3)  # its client is made now, before the patch
    s3presign.patch()
    try:
        patched = s3fs.S3FileSystem(**options)
        for path, expires, extra in [
            ("my-bucket/a/b c.txt", 100, {}),
            ("my-bucket/k", 3600, {"ResponseContentDisposition": "attachment"}),
            ("my.dotted.bucket/k", 60, {}),
        ]:
            with frozen(WHEN):
                expected = plain.sign(path, expiration=expires, **extra)
                got = patched.sign(path, expiration=expires, **extra)
            assert got == expected
        assert _boto3.is_patched(patched.s3) and not _boto3.is_patched(plain.s3)
        assert patched.s3._s3presign_patch.presigner is not None
    finally:
        s3presign.unpatch()


def test_aioboto3_session_clients():
    aioboto3 = pytest.importorskip("aioboto3")
    session = aioboto3.Session(
        aws_access_key_id=ps.ACCESS_KEY,
        aws_secret_access_key=ps.SECRET_KEY,
        region_name="us-west-2",
    )
    params = {"Bucket": "my-bucket", "Key": "photos/1.jpg", "ContentType": "image/jpeg"}

    async def scenario():
        async with session.client("s3") as plain:
            s3presign.patch()
            try:
                async with session.client("s3") as patched:
                    assert _boto3.is_patched(patched) and not _boto3.is_patched(plain)
                    for method in ("put_object", "get_object"):
                        with frozen(WHEN):
                            expected = await plain.generate_presigned_url(method, params)
                            got = await patched.generate_presigned_url(method, params)
                            expected_post = await plain.generate_presigned_post("my-bucket", "k")
                            got_post = await patched.generate_presigned_post("my-bucket", "k")
                        assert got == expected and got_post == expected_post
                        params.pop("ContentType", None)
                    assert patched._s3presign_patch.presigner is not None
            finally:
                s3presign.unpatch()
            presigner = await s3presign.from_aiobotocore(session)
            with frozen(WHEN):
                expected = await plain.generate_presigned_url("get_object", params)
            assert (
                await presigner.generate_presigned_url("get_object", params, signing_time=WHEN)
                == expected
            )

    run(scenario())


def test_patched_clients_do_not_keep_credentials_alive():
    """The awaited views of aiobotocore credentials are cached by the credentials, weakly: a
    patched client and an AioPresigner keep them alive while they live, and no longer."""
    import weakref

    from s3presign import _aio

    async def scenario():
        plain, _, patched, _ = await refreshable_pair(dt.timedelta(hours=2))
        credentials = weakref.ref(patched._request_signer._credentials)
        await patched.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
        presigner = await s3presign.from_aiobotocore(patched)
        for client in (plain, patched):
            await client.__aexit__(None, None, None)
        return credentials, presigner

    credentials, presigner = run(scenario())
    gc.collect()
    assert credentials() is not None and credentials() in _aio._views
    assert "ASIAROTATION" in run(
        presigner.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
    )
    del presigner
    gc.collect()
    assert credentials() is None
