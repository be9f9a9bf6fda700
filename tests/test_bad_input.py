"""Bad input: each raises one NAMED s3presign exception (the exact class), never a secret.

Where boto3 accepts garbage (it never checks ExpiresIn or HttpMethod, signs CR/LF in header
values, crashes with AttributeError on a non-mapping Params...) s3presign deliberately refuses it;
the parity suite only generates inputs valid for both.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import traceback

import parity_strategies as ps
import pytest

s3presign = pytest.importorskip("s3presign")

SECRET = ps.SECRET_KEY
TOKEN = ps.SESSION_TOKEN
WHEN = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
OBJ = {"Bucket": "my-bucket", "Key": "k"}


pytestmark = pytest.mark.usefixtures("no_network")


def base_kwargs(**overrides):
    kwargs = {
        "region_name": "us-west-2",
        "aws_access_key_id": ps.ACCESS_KEY,
        "aws_secret_access_key": SECRET,
        "aws_session_token": TOKEN,
        "config": {"signature_version": "s3v4"},
    }
    kwargs.update(overrides)
    return {k: v for k, v in kwargs.items() if v is not _ABSENT}


_ABSENT = object()
_DEFAULT = object()


class Attempt:
    """One presign attempt; keeps the presigner (if built) and the exception (if any)."""

    def __init__(
        self, client=None, method="get_object", params=_DEFAULT, expires=_DEFAULT, http_method=None
    ):
        self.client_kwargs = base_kwargs(**(client or {}))
        self.method = method
        self.params = dict(OBJ) if params is _DEFAULT else params
        self.expires = expires
        self.http_method = http_method
        self.presigner = None

    def __call__(self):
        self.presigner = s3presign.client(**self.client_kwargs)
        call = {"Params": self.params, "HttpMethod": self.http_method}
        if self.expires is not _DEFAULT:
            call["ExpiresIn"] = self.expires
        return self.presigner.generate_presigned_url(self.method, signing_time=WHEN, **call)


PVE = "ParamValidationError"
ICE = "InvalidConfigError"
NCE = "NoCredentialsError"
ERE = "EndpointResolutionError"
UCM = "UnknownClientMethodError"


def bad(label, error, phrase, **attempt):
    return pytest.param(error, phrase, attempt, id=label)


def put(**params):
    return {"Bucket": "my-bucket", "Key": "k", **params}


BAD = [
    # ClientMethod
    bad("unknown-method", UCM, "get_objekt", method="get_objekt"),
    bad("operation-name-not-method", UCM, "GetObject", method="GetObject"),
    bad("empty-method", UCM, "", method=""),
    bad("presign-itself", UCM, "generate_presigned_url", method="generate_presigned_url"),
    # Params
    bad("params-list", PVE, "params", params=[("Bucket", "b"), ("Key", "k")]),
    bad("params-str", PVE, "params", params="Bucket=b"),
    bad("params-int", PVE, "params", params=42),
    bad("params-non-str-key", PVE, "", params={"Bucket": "my-bucket", "Key": "k", 1: "x"}),
    bad("missing-key", PVE, "Key", params={"Bucket": "my-bucket"}),
    bad("missing-bucket", PVE, "Bucket", params={"Key": "k"}),
    bad("missing-all", PVE, "Bucket", params={}),
    bad("params-none-for-get", PVE, "Bucket", params=None),
    bad("missing-part-number", PVE, "PartNumber", method="upload_part", params=put(UploadId="u")),
    bad("unknown-member", PVE, "Foo", params=put(Foo="bar")),
    bad("unknown-member-case", PVE, "bucket", params={"bucket": "my-bucket", "Key": "k"}),
    bad("key-int", PVE, "Key", params={"Bucket": "my-bucket", "Key": 123}),
    bad("key-bytes", PVE, "Key", params={"Bucket": "my-bucket", "Key": b"k"}),
    bad("bucket-none", PVE, "Bucket", params={"Bucket": None, "Key": "k"}),
    bad("bucket-list", PVE, "Bucket", params={"Bucket": ["my-bucket"], "Key": "k"}),
    bad(
        "part-number-str",
        PVE,
        "PartNumber",
        method="upload_part",
        params=put(PartNumber="1", UploadId="u"),
    ),
    bad("metadata-str", PVE, "Metadata", method="put_object", params=put(Metadata="a=b")),
    bad("metadata-int-value", PVE, "Metadata", method="put_object", params=put(Metadata={"a": 1})),
    bad(
        "bool-member-str",
        PVE,
        "FetchOwner",
        method="list_objects_v2",
        params={"Bucket": "my-bucket", "FetchOwner": "yes"},
    ),
    bad("timestamp-garbage", PVE, "ResponseExpires", params=put(ResponseExpires="not a date")),
    # Keys
    bad("empty-key", PVE, "Key", params={"Bucket": "my-bucket", "Key": ""}),
    bad("key-1025-bytes", PVE, "Key", params={"Bucket": "my-bucket", "Key": "k" * 1025}),
    bad("key-1028-bytes-emoji", PVE, "Key", params={"Bucket": "my-bucket", "Key": "😀" * 257}),
    bad("key-lone-surrogate", PVE, "Key", params={"Bucket": "my-bucket", "Key": "a\ud800b"}),
    bad("key-lone-low-surrogate", PVE, "Key", params={"Bucket": "my-bucket", "Key": "\udc80"}),
    bad(
        "copy-source-lone-surrogate",
        PVE,
        "CopySource",
        method="copy_object",
        params=put(CopySource="src/\ud800"),
    ),
    # CR/LF in header values
    bad(
        "content-type-crlf",
        PVE,
        ("ContentType", "Content-Type"),
        method="put_object",
        params=put(ContentType="text/plain\r\nX-Evil: 1"),
    ),
    bad(
        "content-type-lf",
        PVE,
        ("ContentType", "Content-Type"),
        method="put_object",
        params=put(ContentType="text/plain\nx"),
    ),
    bad(
        "content-type-cr",
        PVE,
        ("ContentType", "Content-Type"),
        method="put_object",
        params=put(ContentType="text/plain\rx"),
    ),
    bad(
        "cache-control-lf",
        PVE,
        ("CacheControl", "Cache-Control"),
        method="put_object",
        params=put(CacheControl="\nmax-age=1"),
    ),
    bad(
        "metadata-value-lf",
        PVE,
        ("Metadata", "x-amz-meta-"),
        method="put_object",
        params=put(Metadata={"a": "x\ny"}),
    ),
    bad(
        "metadata-key-crlf",
        PVE,
        ("Metadata", "x-amz-meta-"),
        method="put_object",
        params=put(Metadata={"a\r\nb": "x"}),
    ),
    # HttpMethod
    bad("http-method-space", PVE, "HttpMethod", http_method="GE T"),
    bad("http-method-empty", PVE, "HttpMethod", http_method=""),
    bad("http-method-nul", PVE, "HttpMethod", http_method="G\x00"),
    bad("http-method-crlf", PVE, "HttpMethod", http_method="GET\r\n"),
    bad("http-method-lf", PVE, "HttpMethod", http_method="GET\nHost: x"),
    bad("http-method-non-ascii", PVE, "HttpMethod", http_method="GÉT"),
    # Body
    bad("body-bytes", PVE, "Body", method="put_object", params=put(Body=b"x")),
    bad("body-str", PVE, "Body", method="put_object", params=put(Body="x")),
    bad(
        "body-upload-part",
        PVE,
        "Body",
        method="upload_part",
        params=put(Body=b"", PartNumber=1, UploadId="u"),
    ),
    # ExpiresIn
    bad("expires-true", PVE, "ExpiresIn", expires=True),
    bad("expires-false", PVE, "ExpiresIn", expires=False),
    bad("expires-str", PVE, "ExpiresIn", expires="3600"),
    bad("expires-nan", PVE, "ExpiresIn", expires=float("nan")),
    bad("expires-inf", PVE, "ExpiresIn", expires=float("inf")),
    bad("expires-fraction", PVE, "ExpiresIn", expires=1.5),
    # boto3 writes X-Amz-Expires=60.0, which S3 refuses: the README lists floats as refused.
    bad("expires-integral-float", PVE, "ExpiresIn", expires=60.0),
    bad("expires-zero", PVE, "ExpiresIn", expires=0),
    bad("expires-negative", PVE, "ExpiresIn", expires=-1),
    bad("expires-over-a-week", PVE, "ExpiresIn", expires=604801),
    bad("expires-huge", PVE, "ExpiresIn", expires=2**70),
    # Client configuration
    bad("region-underscore", ICE, "us_east_1", client={"region_name": "us_east_1"}),
    bad("region-trailing-dot", ICE, "region", client={"region_name": "us-east-1."}),
    bad("region-leading-dash", ICE, "region", client={"region_name": "-us-east-1"}),
    bad("region-digits", ICE, "region", client={"region_name": "123"}),
    bad("region-too-long", ICE, "region", client={"region_name": "a" * 64}),
    bad("region-space", ICE, "region", client={"region_name": "us east-1"}),
    bad("region-empty", ICE, ("region", "invalid endpoint"), client={"region_name": ""}),
    bad("endpoint-ftp", ICE, "ftp://x", client={"endpoint_url": "ftp://x"}),
    bad("endpoint-not-a-url", ICE, "not a url", client={"endpoint_url": "not a url"}),
    bad(
        "addressing-style-unknown",
        ICE,
        "foo",
        client={"config": {"signature_version": "s3v4", "s3": {"addressing_style": "foo"}}},
    ),
    bad(
        "addressing-style-case",
        ICE,
        "Virtual",
        client={"config": {"signature_version": "s3v4", "s3": {"addressing_style": "Virtual"}}},
    ),
    # Credentials (env cleared, HOME is an empty directory)
    bad(
        "no-credentials",
        NCE,
        "credentials",
        client={
            "aws_access_key_id": _ABSENT,
            "aws_secret_access_key": _ABSENT,
            "aws_session_token": _ABSENT,
        },
    ),
    bad(
        "access-key-only",
        NCE,
        "credentials",
        client={"aws_secret_access_key": _ABSENT, "aws_session_token": _ABSENT},
    ),
    bad(
        "secret-only",
        NCE,
        "credentials",
        client={"aws_access_key_id": _ABSENT, "aws_session_token": _ABSENT},
    ),
    bad("secret-and-token-only", NCE, "credentials", client={"aws_access_key_id": _ABSENT}),
    bad(
        "token-only",
        NCE,
        "credentials",
        client={"aws_access_key_id": _ABSENT, "aws_secret_access_key": _ABSENT},
    ),
    bad("access-key-and-token", NCE, "credentials", client={"aws_secret_access_key": _ABSENT}),
]


def _leaks(text: str) -> bool:
    return SECRET in text or TOKEN in text


def assert_no_secret(exc: BaseException, presigner=None):
    rendered = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    for text in (str(exc), repr(exc), repr(exc.args), rendered):
        assert not _leaks(text), f"secret or token leaked into: {text!r}"
    if presigner is not None:
        assert not _leaks(repr(presigner)) and not _leaks(str(presigner))


@pytest.mark.parametrize("error,phrase,attempt", BAD)
def test_bad_input_raises_named_error(error, phrase, attempt):
    expected = getattr(s3presign, error)
    run = Attempt(**attempt)
    with pytest.raises(s3presign.PresignError) as info:
        run()
    exc = info.value
    assert type(exc) is expected, f"expected {error}, got {type(exc).__name__}: {exc}"
    phrases = phrase if isinstance(phrase, tuple) else (phrase,)
    assert any(p.lower() in str(exc).lower() for p in phrases), (
        f"none of {phrases!r} in message {str(exc)!r}"
    )
    assert_no_secret(exc, run.presigner)


def test_param_validation_error_is_a_value_error():
    with pytest.raises(ValueError):
        Attempt(params={"Bucket": "my-bucket"})()


@pytest.mark.parametrize("variable", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
def test_half_credentials_in_environment(monkeypatch, variable):
    """botocore's env provider refuses a half pair (PartialCredentialsError)."""
    monkeypatch.setenv(variable, SECRET if "SECRET" in variable else ps.ACCESS_KEY)
    run = Attempt(
        client={
            "aws_access_key_id": _ABSENT,
            "aws_secret_access_key": _ABSENT,
            "aws_session_token": _ABSENT,
        }
    )
    with pytest.raises(s3presign.PresignError) as info:
        run()
    assert type(info.value) is s3presign.NoCredentialsError
    assert_no_secret(info.value, run.presigner)


# Ruleset errors as boto3 1.43.11 really raises them. Note: botocore silently drops UseFIPS and
# UseDualStack when endpoint_url is given, and turns path style off under accelerate, so
# "dual-stack + custom endpoint" and "accelerate + path style" are NOT errors in boto3.
ACCEL = {"use_accelerate_endpoint": True}


@pytest.mark.parametrize(
    "label,bucket,s3cfg,extra,phrase",
    [
        ("accelerate-dotted", "my.bucket", ACCEL, {}, "Accelerate"),
        (
            "accelerate-dotted-virtual",
            "my.bucket",
            {**ACCEL, "addressing_style": "virtual"},
            {},
            "Accelerate",
        ),
        ("accelerate-not-host-label", "My_Bucket", ACCEL, {}, "Accelerate"),
        (
            "accelerate-custom-endpoint",
            "my-bucket",
            ACCEL,
            {"endpoint_url": "https://example.com"},
            "custom endpoint",
        ),
        ("accelerate-china", "my-bucket", ACCEL, {"region_name": "cn-north-1"}, "Accelerate"),
        ("fips-china", "my-bucket", {}, {"region_name": "cn-north-1", "fips": True}, "FIPS"),
    ],
)
def test_endpoint_errors_carry_the_ruleset_message(label, bucket, s3cfg, extra, phrase):
    """EndpointResolutionError's message is exactly the ruleset's (as boto3 reports it)."""
    extra = dict(extra)
    config = {"signature_version": "s3v4", "s3": s3cfg}
    if extra.pop("fips", False):
        config["use_fips_endpoint"] = True
    client = dict(extra, config=config)
    case = ps.Case(
        client_kwargs=base_kwargs(**client),
        method="get_object",
        params={"Bucket": bucket, "Key": "k"},
    )
    import botocore.exceptions

    with pytest.raises(botocore.exceptions.EndpointResolutionError) as boto_info:
        ps.Boto3Oracle().presign(case)
    run = Attempt(client=client, params={"Bucket": bucket, "Key": "k"})
    with pytest.raises(s3presign.PresignError) as info:
        run()
    assert type(info.value) is s3presign.EndpointResolutionError
    assert phrase in str(boto_info.value)
    assert str(info.value) == str(boto_info.value)
    assert_no_secret(info.value, run.presigner)


@pytest.mark.parametrize("expires", [1, 3600, 604800])
def test_edge_expires_accepted(expires):
    """604800 (seven days) is the maximum S3 accepts."""
    url = Attempt(expires=expires)()
    assert f"X-Amz-Expires={expires}&" in url


def test_integral_float_expires_refused():
    """boto3 writes `X-Amz-Expires=60.0`, which is not the integer S3 requires: refused here."""
    with pytest.raises(s3presign.ParamValidationError, match="ExpiresIn"):
        Attempt(expires=60.0)()


def test_presigner_repr_hides_secrets():
    presigner = s3presign.client(**base_kwargs())
    assert not _leaks(repr(presigner)) and not _leaks(str(presigner))
    url = presigner.generate_presigned_url("get_object", OBJ, signing_time=WHEN)
    assert SECRET not in url  # the token is part of the URL by design, the secret never


_SURVIVAL_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json, sys
    import s3presign

    KW = dict(region_name="us-west-2", aws_access_key_id="AKID", aws_secret_access_key="S",
              config={"signature_version": "s3v4"})
    deep = "leaf"
    for _ in range(20000):
        deep = {"a": deep}
    nested = []
    for _ in range(20000):
        nested = [nested]
    attempts = [
        ("deep-dict-member", {}, dict(Params={"Bucket": "b-1", "Key": "k", "Metadata": deep})),
        ("deep-list-member", {}, dict(Params={"Bucket": "b-1", "Key": "k", "Bucket2": nested})),
        ("int-beyond-i64", {}, dict(ClientMethod="upload_part", Params={
            "Bucket": "b-1", "Key": "k", "PartNumber": 2**200, "UploadId": "u"})),
        ("negative-int-beyond-i64", {}, dict(ClientMethod="upload_part", Params={
            "Bucket": "b-1", "Key": "k", "PartNumber": -2**200, "UploadId": "u"})),
        ("expires-huge", {}, dict(ExpiresIn=2**200)),
        ("expires-inf", {}, dict(ExpiresIn=float("inf"))),
        ("datetime-max", {}, dict(Params={"Bucket": "b-1", "Key": "k",
                                          "ResponseExpires": dt.datetime.max})),
        ("datetime-min-aware", {}, dict(Params={"Bucket": "b-1", "Key": "k",
            "IfModifiedSince": dt.datetime.min.replace(tzinfo=dt.timezone.utc)})),
        ("signing-time-year-9999", {}, dict(signing_time=dt.datetime(
            9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc))),
        ("signing-time-epoch-huge", {}, dict(signing_time=2**62)),
        ("signing-time-epoch-negative", {}, dict(signing_time=-10**12)),
        ("signing-time-nan", {}, dict(signing_time=float("nan"))),
        ("signing-time-str", {}, dict(signing_time="now")),
        ("key-10mb", {}, dict(Params={"Bucket": "b-1", "Key": "k" * 10_000_000})),
        ("metadata-10k", {}, dict(ClientMethod="put_object", Params={
            "Bucket": "b-1", "Key": "k", "Metadata": {f"m{i}": "v" for i in range(10000)}})),
        ("http-method-long", {}, dict(HttpMethod="G" * 100000)),
        ("region-long", {"region_name": "r" * 100000}, {}),
        ("endpoint-bad-ipv6", {"endpoint_url": "http://[::1"}, {}),
        ("endpoint-port-overflow", {"endpoint_url": "http://a:99999"}, {}),
        ("endpoint-empty-host", {"endpoint_url": "http://:0"}, {}),
        ("endpoint-nul", {"endpoint_url": "http://a\\x00b"}, {}),
        ("bucket-nul", {}, dict(Params={"Bucket": "b\\x00", "Key": "k"})),
        ("config-garbage", {"config": {"s3": "not a dict"}}, {}),
        ("config-weird-type", {"config": 42}, {}),
        ("params-subclass", {}, dict(Params=type("D", (dict,), {})(Bucket="b-1", Key="k"))),
    ]
    outcomes = {}
    for label, client_kw, call in attempts:
        call = dict(call)
        method = call.pop("ClientMethod", "get_object")
        call.setdefault("Params", {"Bucket": "b-1", "Key": "k"})
        call.setdefault("signing_time", 1700000000)
        try:
            presigner = s3presign.client(**{**KW, **client_kw})
            presigner.generate_presigned_url(method, **call)
            outcomes[label] = "url"
        except s3presign.PresignError as exc:  # a named s3presign error is the only way out
            outcomes[label] = type(exc).__name__
        except Exception as exc:
            outcomes[label] = "UNNAMED: " + type(exc).__name__ + ": " + str(exc)[:200]
        except BaseException as exc:  # pyo3's PanicException derives from BaseException
            outcomes[label] = "PANIC: " + type(exc).__name__
    print(json.dumps(outcomes))
    """
)


def test_interpreter_survives_hostile_inputs(isolated):
    """Extreme inputs never panic the Rust core nor crash the interpreter (run in a child)."""
    proc = subprocess.run(
        [sys.executable, "-c", _SURVIVAL_SCRIPT],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )
    assert proc.returncode == 0, f"interpreter died (rc={proc.returncode}): {proc.stderr[-2000:]}"
    outcomes = json.loads(proc.stdout.strip().splitlines()[-1])
    panics = {k: v for k, v in outcomes.items() if v.startswith("PANIC")}
    assert not panics, f"Rust panics reached Python: {panics}"
    unnamed = {k: v for k, v in outcomes.items() if v.startswith("UNNAMED")}
    assert not unnamed, f"errors outside s3presign.PresignError: {unnamed}"
    print(outcomes)
