"""``Presigner.verify`` on boto3-made URLs: valid exactly when the request is the one boto3
signed, the failing part named otherwise, and the canonical request / string to sign equal to
botocore's own (what S3 prints in ``SignatureDoesNotMatch`` when it disagrees)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import boto3
import botocore.auth
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY, frozen_botocore_clock

UTC = dt.timezone.utc
SIGNED_AT = dt.datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
SOON = SIGNED_AT + dt.timedelta(seconds=30)
OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"


def boto3_signed(
    operation: str,
    params: dict[str, Any],
    *,
    region: str = "eu-west-1",
    signature_version: str = "s3v4",
    token: str | None = None,
    endpoint_url: str | None = None,
    http_method: str | None = None,
    **config: Any,
) -> tuple[str, str]:
    """boto3's URL and the canonical request (SigV4) or string (SigV2) botocore signed."""
    client = boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
        config=Config(signature_version=signature_version, **config),
    )
    seen: list[str] = []
    if signature_version == "s3v4":
        original = botocore.auth.SigV4QueryAuth.canonical_request
        target, name = botocore.auth.SigV4QueryAuth, "canonical_request"
    else:
        original = botocore.auth.HmacV1QueryAuth.canonical_string
        target, name = botocore.auth.HmacV1QueryAuth, "canonical_string"

    def spy(self: Any, *args: Any, **kwargs: Any) -> str:
        text = original(self, *args, **kwargs)
        seen.append(text)
        return text

    with frozen_botocore_clock(SIGNED_AT), mock.patch.object(target, name, spy):
        url = client.generate_presigned_url(
            operation, Params=params, ExpiresIn=600, HttpMethod=http_method
        )
    return url, seen[-1]


def presigner(region: str = "eu-west-1", secret: str = SECRET_KEY, **kwargs: Any) -> Any:
    return s3presign.client(
        region_name=region, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=secret, **kwargs
    )


HARD_KEY = "caf\u00e9/\u65e5 \U0001f600+a%25b=c&d?.txt"

CASES = [
    ("get", "get_object", {"Bucket": "my-bucket", "Key": HARD_KEY}, "GET", {}, {}),
    (
        "get with overrides and version",
        "get_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "VersionId": "v 1",
            "ResponseContentDisposition": 'attachment; filename="a b.txt"',
        },
        "GET",
        {},
        {},
    ),
    (
        "put with content type and metadata",
        "put_object",
        {"Bucket": "my-bucket", "Key": "a/b", "ContentType": "image/png", "Metadata": {"o": "m"}},
        "PUT",
        {"Content-Type": "image/png", "x-amz-meta-o": "m"},
        {},
    ),
    (
        "upload part, path style, custom endpoint",
        "upload_part",
        {"Bucket": "my-bucket", "Key": "big", "PartNumber": 2, "UploadId": "u/1"},
        "PUT",
        {},
        {"endpoint_url": "http://127.0.0.1:9000", "s3": {"addressing_style": "path"}},
    ),
    (
        "session token",
        "head_object",
        {"Bucket": "my-bucket", "Key": "k"},
        "HEAD",
        {},
        {"token": "TOKEN/+="},
    ),
    (
        "list objects",
        "list_objects_v2",
        {"Bucket": "my-bucket", "Prefix": "a b/", "MaxKeys": 3},
        "GET",
        {},
        {},
    ),
    (
        # botocore signs SigV2's resource /my-bucket/ for the URL path /my-bucket, as S3 wants.
        "list objects, path style",
        "list_objects_v2",
        {"Bucket": "my-bucket"},
        "GET",
        {},
        {"s3": {"addressing_style": "path"}},
    ),
]
SIGV4_ONLY = {
    "access point": (
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "Key": "k"},
        "GET",
        {},
        {},
    ),
    "dualstack fips": (
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        "GET",
        {},
        {"region": "us-east-1", "use_fips_endpoint": True, "use_dualstack_endpoint": True},
    ),
}


def all_cases() -> list[Any]:
    out = []
    for version in ("s3v4", "s3"):
        for case in CASES:
            out.append(pytest.param(version, *case[1:], id=f"{version}-{case[0]}"))
    for name, case in SIGV4_ONLY.items():
        out.append(pytest.param("s3v4", *case, id=f"s3v4-{name}"))
    return out


@pytest.mark.parametrize(
    ("version", "operation", "params", "method", "headers", "options"), all_cases()
)
def test_valid_exactly_for_the_signed_request(
    version: str,
    operation: str,
    params: dict[str, Any],
    method: str,
    headers: dict[str, str],
    options: dict[str, Any],
) -> None:
    options = dict(options)
    region = options.pop("region", "eu-west-1")
    token = options.get("token")
    url, signed = boto3_signed(
        operation, params, region=region, signature_version=version, **options
    )
    p = presigner(region, aws_session_token=token)
    ok = p.verify(url, method, headers, now=SOON)
    assert ok.valid and ok.reason == "" and ok.part == "" and bool(ok), ok
    assert ok.expected_signature == ok.signature
    if version == "s3v4":
        assert ok.canonical_request == signed
        assert ok.string_to_sign.startswith("AWS4-HMAC-SHA256\n20261128T120000Z\n20261128/")
    else:
        assert ok.string_to_sign == signed
        assert ok.canonical_request == ""
    assert ok.info.bucket == params["Bucket"]

    # Another method.
    other = p.verify(url, "DELETE" if method != "DELETE" else "GET", headers, now=SOON)
    assert (other.valid, other.part) == (False, "signature")
    assert other.expected_signature != other.signature
    # Expired, and (SigV4) not yet valid.
    late = p.verify(url, method, headers, now=SIGNED_AT + dt.timedelta(seconds=601))
    assert (late.valid, late.part) == (False, "expired")
    assert "Request has expired" in late.reason
    if version == "s3v4":
        early = p.verify(url, method, headers, now=SIGNED_AT - dt.timedelta(minutes=16))
        assert (early.valid, early.part) == (False, "not yet valid")
        assert p.verify(url, method, headers, now=SIGNED_AT - dt.timedelta(minutes=14)).valid
    # Another secret key.
    forged = presigner(region, OTHER_SECRET, aws_session_token=token)
    forged = forged.verify(url, method, headers, now=SOON)
    assert (forged.valid, forged.part) == (False, "signature")
    # Signed headers: left out, or different.
    for name, value in headers.items():
        without = {k: v for k, v in headers.items() if k != name}
        missing = p.verify(url, method, without, now=SOON)
        assert (missing.valid, missing.part) == (False, "signed header")
        assert name.lower() in missing.reason
        changed = p.verify(url, method, {**headers, name: value + "x"}, now=SOON)
        assert not changed.valid
        assert changed.part == ("signature" if version == "s3v4" else "signed header")
    # Temporary credentials: the token must be theirs.
    token_problem = presigner(region, aws_session_token=(token or "") + "other")
    assert token_problem.verify(url, method, headers, now=SOON).part == "access key"


def tamper(url: str, old: str, new: str) -> str:
    assert old in url
    return url.replace(old, new, 1)


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_tampered_urls_fail_on_the_signature(version: str) -> None:
    url, _ = boto3_signed(
        "get_object", {"Bucket": "my-bucket", "Key": "dir/obj.txt"}, signature_version=version
    )
    p = presigner()
    assert p.verify(url, now=SOON).valid
    expiry = "X-Amz-Expires=600" if version == "s3v4" else "Expires="
    signature = "X-Amz-Signature=" if version == "s3v4" else "Signature="
    tampered = [
        tamper(url, "/obj.txt?", "/obj.txt2?"),
        tamper(url, expiry, expiry.replace("600", "700") if version == "s3v4" else "Expires=1"),
        tamper(url, signature, signature + "0"),
        url + "&response-content-type=text%2Fhtml",
    ]
    for bad in tampered:
        verdict = p.verify(bad, now=SOON)
        assert not verdict.valid, bad
        assert verdict.part in ("signature", "expired"), (bad, verdict.part)


def test_access_key_and_scope() -> None:
    url, _ = boto3_signed("get_object", {"Bucket": "b", "Key": "k"})
    other = s3presign.client(
        region_name="eu-west-1",
        aws_access_key_id="AKIAI44QH8DHBEXAMPLE",
        aws_secret_access_key=SECRET_KEY,
    ).verify(url, now=SOON)
    assert (other.valid, other.part) == (False, "access key")
    assert "AKIAI44QH8DHBEXAMPLE" in other.reason
    # The host names eu-central-1; the URL was signed for eu-west-1.
    url, _ = boto3_signed(
        "get_object",
        {"Bucket": "b", "Key": "k"},
        endpoint_url="https://s3.eu-central-1.amazonaws.com",
    )
    wrong = presigner().verify(url, now=SOON)
    assert (wrong.valid, wrong.part) == (False, "scope")
    assert "expecting 'eu-central-1'" in wrong.reason
    # A custom endpoint: the presigner's region is the server's.
    url, _ = boto3_signed(
        "get_object", {"Bucket": "b", "Key": "k"}, endpoint_url="http://127.0.0.1:9000"
    )
    assert presigner("eu-west-1").verify(url, now=SOON).valid
    assert presigner("us-east-2").verify(url, now=SOON).part == "scope"


def test_not_a_presigned_url_raises() -> None:
    with pytest.raises(s3presign.ParamValidationError, match="no query string"):
        presigner().verify("https://b.s3.amazonaws.com/k")
    with pytest.raises(s3presign.ParamValidationError, match="headers must be a mapping"):
        presigner().verify(
            boto3_signed("get_object", {"Bucket": "b", "Key": "k"})[0], headers=[("a", 1)]
        )


def test_secret_never_shown() -> None:
    url, _ = boto3_signed("get_object", {"Bucket": "b", "Key": "k"})
    verdict = presigner().verify(url, "PUT", now=SOON)
    for text in (repr(verdict), verdict._repr_html_(), str(verdict.info)):
        assert SECRET_KEY not in text
