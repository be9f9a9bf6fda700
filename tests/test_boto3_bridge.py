"""``from_boto3`` against the client it came from, and patched boto3 clients against unpatched
twins: same URLs, same exceptions (type and message), same side effects on ``Params``.

The clocks are frozen on both sides (``conftest.frozen_botocore_clock`` for botocore; the
patched clients' ``s3presign._boto3._signing_clock``).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import boto3
import botocore.auth
import botocore.exceptions
import botocore.session
import botocore.signers
import parity_strategies as ps
import pytest
import s3presign
from botocore.config import Config
from conftest import frozen_botocore_clock
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from parity_strategies import Boto3Oracle, Case, client_kwargs
from s3presign import _boto3, _botocore_compat

UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)
# from_boto3 refuses a botocore outside the releases whose presigning the core reproduces
# (s3presign._botocore_compat.TESTED_RANGE); patched clients check each kind of call there.
needs_reproduced_botocore = pytest.mark.skipif(
    not _botocore_compat.IN_TESTED_RANGE, reason="botocore outside the reproduced releases"
)


pytestmark = [pytest.mark.parity, pytest.mark.usefixtures("no_network")]


class BridgeHarness(ps.FromBoto3Harness):
    """``ps.Harness`` over ``from_boto3(client)`` presigners (fresh, reused, batch), counting
    boto3's SigV2 URLs and the paths taken (``counts``)."""

    def __init__(self) -> None:
        super().__init__(oracle=ORACLE, presigner=from_boto3_presigner)
        self.counts: Counter = Counter()

    def expected(self, case: Case) -> tuple:
        status, value = super().expected(case)
        if status == "ok" and "AWSAccessKeyId" in dict(parse_qsl(urlsplit(value).query)):
            self.counts["SigV2 URLs from boto3"] += 1
        return status, value


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


# --------------------------------------------------------------------------------------------
# from_boto3(client) == client
# --------------------------------------------------------------------------------------------

ORACLE = Boto3Oracle()


def client_or_none(oracle: Boto3Oracle, kwargs: dict):
    try:
        return oracle.client(kwargs)
    except Exception:  # noqa: BLE001 - boto3 refused the configuration: nothing to bridge
        return None


def from_boto3_presigner(case: Case):
    return s3presign.from_boto3(ORACLE.client(case.client_kwargs))


BRIDGE_METHODS = st.sampled_from(
    ["get_object", "put_object", "list_objects_v2", "head_bucket", "copy_object", "upload_part"]
)
ANY_REGION = st.one_of(st.sampled_from(ps.ALL_REGIONS), st.none())
ANY_ENDPOINT = st.one_of(st.none(), st.none(), st.sampled_from(ps.CUSTOM_ENDPOINTS))


SIGV4_ONLY = st.just("s3v4")
# None: boto3's default (SigV2 in some regions, SigV4 elsewhere).
ANY_VERSION = st.sampled_from([None, None, "s3v4", "s3"])


@st.composite
def bridge_client_kwargs(draw, signature_versions=SIGV4_ONLY):
    kwargs = draw(
        ps.client_kwargs_strategy(region_strategy=ANY_REGION, endpoint_strategy=ANY_ENDPOINT)
    )
    version = draw(signature_versions)
    if version is None:
        del kwargs["config"]["signature_version"]
    else:
        kwargs["config"]["signature_version"] = version
    return kwargs


def run_from_boto3(examples: int, cases) -> BridgeHarness:
    """``examples`` generated cases, each signed by from_boto3 presigners every way; returns the
    harness with its totals, checked here: the full count, each way, no mismatch."""
    harness = BridgeHarness()

    @_settings(examples)
    @given(case=cases)
    def run(case):
        assume(client_or_none(ORACLE, case.client_kwargs) is not None)
        harness.counts["from_boto3 " + harness.check(case)] += 1

    run()
    print(harness.summary(), dict(harness.counts))
    stats = harness.stats
    assert stats["mismatches"] == 0 and stats["cases"] >= examples, harness.summary()
    assert stats["fresh"] == stats["reuse"] == stats["cases"], harness.summary()
    return harness


@needs_reproduced_botocore
@pytest.mark.slow
def test_from_boto3_equals_the_client():
    run_from_boto3(
        300,
        ps.cases(
            methods=BRIDGE_METHODS,
            kwargs_strategy=bridge_client_kwargs(ANY_VERSION),
            label="from_boto3",
        ),
    )


@needs_reproduced_botocore
@pytest.mark.slow
def test_from_boto3_every_operation():
    run_from_boto3(
        120,
        ps.cases(kwargs_strategy=bridge_client_kwargs(ANY_VERSION), label="from_boto3 any op"),
    )


@needs_reproduced_botocore
@pytest.mark.slow
def test_from_boto3_default_clients():
    """boto3 clients with no signature version: SigV2 or SigV4 as boto3 chooses, both seen."""
    harness = run_from_boto3(
        150,
        ps.cases(
            methods=BRIDGE_METHODS,
            kwargs_strategy=bridge_client_kwargs(st.none()),
            label="from_boto3 default client",
        ),
    )
    counts = harness.counts
    assert counts["SigV2 URLs from boto3"] > 20, dict(counts)
    assert counts["from_boto3 ok"] > counts["SigV2 URLs from boto3"] + 10, dict(counts)


def write(path: str, text: str) -> str:
    with open(path, "w") as f:
        f.write(text)
    return path


@needs_reproduced_botocore
def test_from_boto3_reads_the_client_not_the_environment(tmp_path):
    """A client configured by environment variables and the config file keeps that
    configuration after the environment changes; from_boto3 reads it from the client."""
    config_file = write(
        str(tmp_path / "config"),
        "[profile bridge]\nregion = eu-west-2\ns3 =\n  addressing_style = path\n"
        "  us_east_1_regional_endpoint = regional\n",
    )
    saved = dict(os.environ)
    try:
        os.environ.update(
            AWS_CONFIG_FILE=config_file,
            AWS_PROFILE="bridge",
            AWS_ACCESS_KEY_ID=ps.ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=ps.SECRET_KEY,
            AWS_ENDPOINT_URL_S3="https://objects.example.com:8443/base",
        )
        client = boto3.session.Session().client("s3", config=Config(signature_version="s3v4"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    presigner = s3presign.from_boto3(client)
    assert presigner.region_name == "eu-west-2"
    assert presigner.endpoint_url == "https://objects.example.com:8443/base"
    params = {"Bucket": "my-bucket", "Key": "a/b c"}
    with frozen_botocore_clock(WHEN):
        expected = client.generate_presigned_url("get_object", Params=params)
    assert presigner.generate_presigned_url("get_object", params, signing_time=WHEN) == expected
    assert "/base/my-bucket/a/b%20c?" in expected


@needs_reproduced_botocore
def test_from_boto3_session_is_session_client():
    session = boto3.session.Session(
        aws_access_key_id=ps.ACCESS_KEY,
        aws_secret_access_key=ps.SECRET_KEY,
        aws_session_token=ps.SESSION_TOKEN,
        region_name="ap-south-1",
    )
    params = {"Bucket": "my-bucket", "Key": "k"}
    with frozen_botocore_clock(WHEN):
        expected = session.client("s3").generate_presigned_url("get_object", Params=params)
    for source in (session, session._session):  # boto3 and botocore sessions
        got = s3presign.from_boto3(source).generate_presigned_url(
            "get_object", params, signing_time=WHEN
        )
        assert got == expected


@needs_reproduced_botocore
def test_from_boto3_errors():
    with pytest.raises(s3presign.NoCredentialsError):
        s3presign.from_boto3(boto3.client("s3", region_name="eu-central-1"))
    unsigned = boto3.client(
        "s3", region_name="eu-central-1", config=Config(signature_version=botocore.UNSIGNED)
    )
    with pytest.raises(s3presign.UnsupportedError):
        s3presign.from_boto3(unsigned)
    sqs = boto3.client(
        "sqs", region_name="eu-central-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    with pytest.raises(s3presign.UnsupportedError, match="not an S3 client"):
        s3presign.from_boto3(sqs)
    with pytest.raises(TypeError):
        s3presign.from_boto3("s3")


# --------------------------------------------------------------------------------------------
# Patched clients against unpatched twins
# --------------------------------------------------------------------------------------------


class Twins:
    """One patched and one plain boto3 client per configuration; the plain side's
    ``original_url`` calls are counted to know when the fast path served."""

    def __init__(self) -> None:
        self.plain = Boto3Oracle()
        self.patched = Boto3Oracle()
        self.fell_through = 0

    def pair(self, kwargs: dict):
        plain = client_or_none(self.plain, kwargs)
        patched = client_or_none(self.patched, kwargs)
        if patched is not None and not _boto3.is_patched(patched):
            s3presign.patch(patched)
            state = patched._s3presign_patch
            for name in ("original_url", "original_post"):
                setattr(state, name, self._counting(getattr(state, name)))
        return plain, patched

    def _counting(self, original):
        def counted(*args, **kwargs):
            self.fell_through += 1
            return original(*args, **kwargs)

        return counted


TWINS = Twins()


def outcome(func, args: tuple, kwargs: dict, when: dt.datetime) -> tuple:
    with frozen_botocore_clock(when):
        try:
            return ("ok", func(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - compared below
            return ("error", type(exc), str(exc))


def comparable(value):
    """``value`` with file-like objects (botocore turns a bytes Body into BytesIO) by content."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(comparable(v) for v in value)
    if hasattr(value, "getvalue"):
        return ("file", type(value).__name__, value.getvalue())
    return value


def check_twins(
    client_kwargs_: dict, args: tuple, kwargs: dict, when: dt.datetime, generated: bool = True
) -> tuple:
    """The patched and plain twins agree on one call; returns (outcome, "fast" or "fell
    through")."""
    plain, patched = TWINS.pair(client_kwargs_)
    if generated:
        assume(plain is not None and patched is not None)
    assert plain is not None and patched is not None
    plain_args, plain_kwargs = copy.deepcopy((args, kwargs))
    before = TWINS.fell_through
    _boto3._signing_clock = lambda: when
    try:
        got = outcome(patched.generate_presigned_url, args, kwargs, when)
    finally:
        _boto3._signing_clock = None
    expected = outcome(plain.generate_presigned_url, plain_args, plain_kwargs, when)
    path = "fell through" if TWINS.fell_through > before else "fast"
    if expected[0] == "ok" and ps.is_sigv4a(expected[1]):
        # SigV4a's ECDSA signature differs at each call: botocore must have signed it.
        assert path == "fell through", (args, kwargs, got)
        got, expected = (
            (o[0], re.sub("&X-Amz-Signature=[0-9a-f]+", "", o[1])) if o[0] == "ok" else o
            for o in (got, expected)
        )
    assert got == expected, (args, kwargs)
    # Side effects on the caller's arguments (botocore's handlers rewrite Params in place).
    assert comparable((args, kwargs)) == comparable((plain_args, plain_kwargs))
    return expected[0], path


ODD_EXPIRES = st.sampled_from([3600, 1, 604800, 0, -5, 604801, 60.0, True, "60", None, 2**70])
ODD_METHODS = st.sampled_from(["get_object", "nope", "generate_presigned_url", "GetObject", ""])


@st.composite
def twin_calls(draw):
    case = draw(ps.cases(kwargs_strategy=bridge_client_kwargs(ANY_VERSION), label="twins"))
    kwargs = ps.call_kwargs(case)
    odd = draw(st.integers(0, 9))
    if odd == 1:
        kwargs["ExpiresIn"] = draw(ODD_EXPIRES)
    elif odd == 2:
        odd_params = draw(st.sampled_from([None, [], "Bucket", {"Bucket": 5}, {1: 2}]))
        token = (kwargs.get("Params") or {}).get("ClientToken")
        if isinstance(odd_params, dict) and token is not None:
            # Absent, botocore would put a random uuid4 in Params on each side.
            odd_params = {**odd_params, "ClientToken": token}
        kwargs["Params"] = odd_params
    elif odd == 3:
        case.method = draw(ODD_METHODS)
    elif odd == 4:
        kwargs["Unknown"] = 1
    if draw(st.booleans()):
        args = (case.method, kwargs.pop("Params"))
        if "ExpiresIn" in kwargs and draw(st.booleans()):
            args += (kwargs.pop("ExpiresIn"),)
    else:
        args = ()
        kwargs["ClientMethod"] = case.method
    return case.client_kwargs, args, kwargs, case.signing_time


@pytest.mark.slow
def test_patched_client_equals_unpatched_twin():
    """Generated calls: the twins agree, and the fast path served most of those that signed."""
    paths: Counter = Counter()

    @_settings(400)
    @given(call=twin_calls())
    def run(call):
        paths[check_twins(*call)] += 1

    run()
    print(dict(paths))
    assert sum(paths.values()) >= 400, dict(paths)
    assert paths["ok", "fast"] > 2 * paths["ok", "fell through"], dict(paths)


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
        (
            "copy_object",
            {"Bucket": "bucket", "Key": "k", "CopySource": {"Bucket": "src", "Key": "a b"}},
        ),
        ("list_objects_v2", {"Bucket": "bucket"}),
        ("list_objects", {"Bucket": "bucket", "Prefix": "p/"}),
        ("list_object_versions", {"Bucket": "bucket", "EncodingType": "url"}),
        # An absent ClientToken would be a fresh random uuid4 on each side.
        (
            "rename_object",
            {"Bucket": "bucket", "Key": "k", "RenameSource": "o", "ClientToken": "token-1"},
        ),
        ("put_object", {"Bucket": "bucket", "Key": "k", "Body": b"x"}),
    ],
)
def test_patched_client_rewrites_params_as_botocore_does(method, params):
    kwargs = client_kwargs("us-west-2")
    check_twins(kwargs, (method, params), {}, WHEN, generated=False)


def patched_pair(**kw):
    kwargs = client_kwargs(kw.pop("region", "us-west-2"), **kw)
    kwargs["config"] = Config(**kwargs["config"])
    plain = boto3.client("s3", **kwargs)
    patched = boto3.client("s3", **kwargs)
    s3presign.patch(patched)
    return plain, patched


def same(plain, patched, *args, **kwargs) -> tuple:
    _boto3._signing_clock = lambda: WHEN
    try:
        expected = outcome(plain.generate_presigned_url, args, kwargs, WHEN)
        got = outcome(patched.generate_presigned_url, args, kwargs, WHEN)
    finally:
        _boto3._signing_clock = None
    assert got == expected
    return expected


def test_user_handlers_fall_through_to_botocore():
    plain, patched = patched_pair()
    params = {"Bucket": "my-bucket", "Key": "original"}
    state = patched._s3presign_patch
    assert same(plain, patched, "get_object", params)[0] == "ok"
    assert state.fast() is not None

    def rename(params, **kwargs):
        params["Key"] = "renamed"

    for client in (plain, patched):
        client.meta.events.register("before-parameter-build.s3.GetObject", rename)
    url = same(plain, patched, "get_object", params)[1]
    assert "/renamed?" in url
    assert state.fast() is None
    for client in (plain, patched):
        client.meta.events.unregister("before-parameter-build.s3.GetObject", rename)
    assert state.fast() is not None  # the registrations are botocore's again
    # A botocore handler removed: botocore serves the calls.
    from botocore.handlers import set_list_objects_encoding_type_url

    for client in (plain, patched):
        client.meta.events.unregister(
            "before-parameter-build.s3.ListObjectsV2", set_list_objects_encoding_type_url
        )
    assert "encoding-type" not in same(plain, patched, "list_objects_v2", {"Bucket": "b-1"})[1]
    assert state.fast() is None


def test_choose_signer_handler_falls_through():
    plain, patched = patched_pair()

    def sigv2(**kwargs):
        return "s3-query"

    for client in (plain, patched):
        client.meta.events.register("choose-signer.s3", sigv2)
    url = same(plain, patched, "get_object", {"Bucket": "my-bucket", "Key": "k"})[1]
    assert "AWSAccessKeyId=" in url


def test_region_redirect_cache_falls_through():
    plain, patched = patched_pair()
    params = {"Bucket": "moved-bucket", "Key": "k"}
    for client in (plain, patched):
        handlers = client.meta.events._emitter._handlers.prefix_search(
            "before-endpoint-resolution.s3"
        )
        redirector = next(h.__self__ for h in handlers if h.__name__ == "redirect_from_cache")
        redirector._cache["moved-bucket"] = "eu-north-1"
    assert "eu-north-1" in same(plain, patched, "get_object", params)[1]
    same(plain, patched, "get_object", {"Bucket": "other-bucket", "Key": "k"})


def test_patch_is_idempotent_and_unpatch_restores():
    plain, patched = patched_pair()
    wrapper = patched.generate_presigned_url
    s3presign.patch(patched)
    assert patched.generate_presigned_url is wrapper
    s3presign.unpatch(patched)
    assert "generate_presigned_url" not in patched.__dict__
    assert not _boto3.is_patched(patched)
    s3presign.unpatch(patched)
    same(plain, patched, "get_object", {"Bucket": "my-bucket", "Key": "k"})


def test_global_patch_and_unpatch():
    kwargs = client_kwargs("eu-central-1")
    kwargs["config"] = Config(**kwargs["config"])
    before = boto3.client("s3", **kwargs)
    s3presign.patch()
    try:
        s3presign.patch()  # idempotent
        during = boto3.client("s3", **kwargs)
        other = boto3.session.Session().client("s3", **kwargs)
        sqs = boto3.client(
            "sqs", region_name="eu-central-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
        assert _boto3.is_patched(during) and _boto3.is_patched(other)
        assert not _boto3.is_patched(before) and not _boto3.is_patched(sqs)
        same(
            before,
            during,
            "put_object",
            {"Bucket": "my-bucket", "Key": "k", "ContentType": "text/plain"},
        )
        assert during._s3presign_patch.fast() is not None
    finally:
        s3presign.unpatch()
    assert not _boto3.is_patched(during) and not _boto3.is_patched(other)
    after = boto3.client("s3", **kwargs)
    assert not _boto3.is_patched(after)
    s3presign.unpatch()  # idempotent


# --------------------------------------------------------------------------------------------
# Every region of every partition, deterministically
# --------------------------------------------------------------------------------------------


def _all_s3_regions() -> list:
    data = botocore.session.get_session().get_data("endpoints")
    regions = []
    for partition in data["partitions"]:
        regions += sorted(partition["services"].get("s3", {}).get("endpoints", {}))
        regions += sorted(r for r in partition["regions"] if r not in regions)
    return regions


ALL_S3_REGIONS = _all_s3_regions()
SWEEP_CONFIGS = [
    ({}, None),
    ({"s3": {"addressing_style": "path"}}, None),
    ({"s3": {"addressing_style": "virtual"}, "use_dualstack_endpoint": True}, None),
    ({"use_fips_endpoint": True}, None),
    ({"s3": {"us_east_1_regional_endpoint": "regional", "use_accelerate_endpoint": True}}, None),
    ({}, "http://localhost:9000"),
    ({"s3": {"addressing_style": "virtual"}}, "https://storage.example.com/base/"),
]
SWEEP_CALLS = [
    ("get_object", {"Bucket": "my-bucket", "Key": "photos/1.jpg"}),
    ("put_object", {"Bucket": "my.dotted.bucket", "Key": "a b", "ContentType": "text/plain"}),
    ("list_objects_v2", {"Bucket": "my-bucket", "Prefix": "p/"}),
]


def sweep(signature_version: str | None) -> Counter:
    """from_boto3(client) == client for every S3 region x SWEEP_CONFIGS x SWEEP_CALLS; returns
    what was compared (by the URL's signature version)."""
    seen: Counter = Counter()
    for region in ALL_S3_REGIONS:
        for extra, endpoint in SWEEP_CONFIGS:
            config = dict(extra)
            if signature_version is not None:
                config["signature_version"] = signature_version
            kwargs = client_kwargs(region, endpoint_url=endpoint, config=config)
            if signature_version is None:
                kwargs["config"].pop("signature_version")
            client = client_or_none(ORACLE, kwargs)
            if client is None:
                seen["boto3 refused the client"] += 1
                continue
            presigner = s3presign.from_boto3(client)
            for method, params in SWEEP_CALLS:
                with frozen_botocore_clock(WHEN):
                    try:
                        expected = client.generate_presigned_url(method, Params=dict(params))
                    except Exception as exc:  # noqa: BLE001 - the same must fail on our side
                        with pytest.raises(s3presign.PresignError):
                            presigner.generate_presigned_url(method, params, signing_time=WHEN)
                        seen[f"both raised ({type(exc).__name__})"] += 1
                        continue
                got = presigner.generate_presigned_url(method, params, signing_time=WHEN)
                assert got == expected, (region, extra, endpoint, method)
                seen["SigV2" if "AWSAccessKeyId=" in got else "SigV4"] += 1
    return seen


@needs_reproduced_botocore
@pytest.mark.slow
def test_every_region_of_every_partition_sigv4():
    seen = sweep("s3v4")
    print(dict(seen))
    assert seen["SigV4"] > 3 * len(ALL_S3_REGIONS)


@needs_reproduced_botocore
@pytest.mark.slow
def test_every_region_of_every_partition_default_clients():
    seen = sweep(None)
    print(dict(seen))
    assert seen["SigV2"] > len(SWEEP_CALLS) * 10 and seen["SigV4"] > len(SWEEP_CALLS) * 40


@needs_reproduced_botocore
@pytest.mark.slow
def test_every_region_of_every_partition_sigv2():
    seen = sweep("s3")
    print(dict(seen))
    assert seen["SigV2"] > 3 * len(ALL_S3_REGIONS)


# --------------------------------------------------------------------------------------------
# Presigned POST on patched clients
# --------------------------------------------------------------------------------------------

POST_CONDITIONS = st.one_of(
    st.dictionaries(
        st.sampled_from(["acl", "success_action_status", "x-amz-meta-a", "Content-Type"]),
        st.text(max_size=8),
        min_size=1,
        max_size=2,
    ),
    st.tuples(
        st.sampled_from(["eq", "starts-with"]), st.sampled_from(["$key", "$acl"]), st.text()
    ).map(list),
    st.tuples(st.just("content-length-range"), st.integers(0, 2**31), st.integers(0, 2**31)).map(
        list
    ),
)
POST_FIELDS = st.dictionaries(
    st.sampled_from(["acl", "key", "policy", "success_action_status", "x-amz-meta-a"])
    | st.text(min_size=1, max_size=8),
    st.text(max_size=12) | st.integers(0, 500),
    max_size=4,
)


@st.composite
def post_calls(draw):
    kwargs = draw(bridge_client_kwargs(ANY_VERSION))
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


def post_outcome(func, kwargs: dict, when: dt.datetime) -> tuple:
    with frozen_botocore_clock(when):
        try:
            post = func(**kwargs)
        except Exception as exc:  # noqa: BLE001 - compared below
            return ("error", type(exc), str(exc))
    return ("ok", post["url"], list(post["fields"].items()))


def check_post_twins(call) -> tuple:
    """The patched and plain twins' presigned POSTs agree; returns (outcome, path)."""
    client_kwargs_, args, when = call
    plain, patched = TWINS.pair(client_kwargs_)
    assume(plain is not None and patched is not None)
    plain_args = copy.deepcopy(args)
    before = TWINS.fell_through
    _boto3._signing_clock = lambda: when
    try:
        got = post_outcome(patched.generate_presigned_post, args, when)
    finally:
        _boto3._signing_clock = None
    expected = post_outcome(plain.generate_presigned_post, plain_args, when)
    assert got == expected, args
    assert comparable(args) == comparable(plain_args)  # botocore appends to Conditions
    path = "fell through" if TWINS.fell_through > before else "fast"
    return expected[0], path


@pytest.mark.slow
def test_patched_post_equals_unpatched_twin():
    """Generated POSTs: the twins agree, and the fast path served most of those that signed."""
    paths: Counter = Counter()

    @_settings(200)
    @given(call=post_calls())
    def run(call):
        paths[check_post_twins(call)] += 1

    run()
    print(dict(paths))
    assert sum(paths.values()) >= 200, dict(paths)
    assert paths["ok", "fast"] > 2 * paths["ok", "fell through"], dict(paths)
