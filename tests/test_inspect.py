"""``s3presign.inspect`` reads URLs that boto3 made, across regions, signature versions and
endpoint kinds: every field must be what boto3 was asked to sign."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY, frozen_botocore_clock

UTC = dt.timezone.utc
SIGNED_AT = dt.datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
SOON = SIGNED_AT + dt.timedelta(seconds=10)
AP_ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/myap"
OL_ARN = "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/mylambda"
OUTPOST_ARN = (
    "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/myap"
)


def boto3_url(
    region: str,
    params: dict[str, Any],
    *,
    operation: str = "get_object",
    expires_in: int = 3600,
    endpoint_url: str | None = None,
    token: str | None = None,
    http_method: str | None = None,
    **config: Any,
) -> str:
    config.setdefault("signature_version", "s3v4")
    client = boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
        config=Config(**config),
    )
    with frozen_botocore_clock(SIGNED_AT):
        return client.generate_presigned_url(
            operation, Params=params, ExpiresIn=expires_in, HttpMethod=http_method
        )


# (id, boto3_url arguments, expected: region, endpoint kind, addressing style, service)
CASES: list[tuple[str, dict[str, Any], tuple[str | None, str, str, str]]] = [
    ("us-east-1 virtual", {"region": "us-east-1"}, ("us-east-1", "global", "virtual", "s3")),
    ("eu-west-1 global host", {"region": "eu-west-1"}, ("eu-west-1", "global", "virtual", "s3")),
    (
        "ap-southeast-2 path",
        {"region": "ap-southeast-2", "s3": {"addressing_style": "path"}},
        ("ap-southeast-2", "regional", "path", "s3"),
    ),
    (
        "us-west-2 dualstack",
        {"region": "us-west-2", "s3": {"use_dualstack_endpoint": True}},
        ("us-west-2", "regional", "virtual", "s3"),
    ),
    (
        "us-gov-west-1 fips",
        {"region": "us-gov-west-1", "use_fips_endpoint": True},
        ("us-gov-west-1", "regional", "virtual", "s3"),
    ),
    (
        "us-east-1 fips dualstack",
        {"region": "us-east-1", "use_fips_endpoint": True, "use_dualstack_endpoint": True},
        ("us-east-1", "regional", "virtual", "s3"),
    ),
    (
        "accelerate",
        {"region": "eu-central-1", "s3": {"use_accelerate_endpoint": True}},
        ("eu-central-1", "accelerate", "virtual", "s3"),
    ),
    ("china", {"region": "cn-north-1"}, ("cn-north-1", "regional", "virtual", "s3")),
    (
        "custom endpoint",
        {"region": "us-east-1", "endpoint_url": "http://127.0.0.1:9000"},
        ("us-east-1", "custom", "path", "s3"),
    ),
    (
        "custom endpoint over https with a port",
        {"region": "eu-north-1", "endpoint_url": "https://minio.example.com:9443"},
        ("eu-north-1", "custom", "path", "s3"),
    ),
    (
        "access point",
        {"region": "us-east-1", "bucket": AP_ARN},
        ("us-west-2", "access point", "virtual", "s3"),
    ),
    (
        "object lambda access point",
        {"region": "us-east-1", "bucket": OL_ARN},
        ("us-west-2", "object lambda access point", "virtual", "s3-object-lambda"),
    ),
    (
        "outposts access point",
        {"region": "us-east-1", "bucket": OUTPOST_ARN},
        ("us-west-2", "outposts access point", "virtual", "s3-outposts"),
    ),
    (
        "dotted bucket",
        {"region": "us-east-1", "bucket": "my.dotted.bucket"},
        ("us-east-1", "global", "path", "s3"),
    ),
]

KEYS = ["photos/1.jpg", "caf\u00e9/\u65e5\u672c \U0001f600.txt", "a+b=c&d?e#f%25"]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sigv4_fields_are_what_boto3_signed(
    name: str, args: dict[str, Any], expected: tuple[str | None, str, str, str], key: str
) -> None:
    args = dict(args)
    region = args.pop("region")
    bucket = args.pop("bucket", "my-bucket")
    url = boto3_url(region, {"Bucket": bucket, "Key": key}, expires_in=900, **args)
    info = s3presign.inspect(url, now=SOON)
    want_region, endpoint, style, service = expected
    assert info.signature_version == "s3v4"
    assert info.bucket == bucket
    assert info.key == key
    assert info.region == want_region
    assert info.service == service
    assert info.endpoint == endpoint
    assert info.addressing_style == style
    assert info.access_key_id == ACCESS_KEY
    assert info.signed_at == SIGNED_AT
    assert info.expires_in == 900
    assert info.expires_at == SIGNED_AT + dt.timedelta(seconds=900)
    assert not info.expired
    assert info.signed_headers == ("host",)
    assert not info.has_session_token
    assert info.query == {}
    assert info.url == url
    global_elsewhere = endpoint == "global" and want_region != "us-east-1"
    assert any("global endpoint" in w for w in info.warnings) == global_elsewhere
    assert any("plain http" in w for w in info.warnings) == url.startswith("http://")
    assert not any("expired" in w for w in info.warnings)


@pytest.mark.parametrize(
    "region", ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"]
)
@pytest.mark.parametrize("style", ["virtual", "path"])
def test_sigv2_fields_are_what_boto3_signed(region: str, style: str) -> None:
    url = boto3_url(
        region,
        {"Bucket": "my-bucket", "Key": "a b/c.txt", "ResponseContentType": "text/plain"},
        signature_version="s3",
        s3={"addressing_style": style},
        expires_in=600,
    )
    info = s3presign.inspect(url, now=SOON)
    assert info.signature_version == "s3"
    assert (info.bucket, info.key) == ("my-bucket", "a b/c.txt")
    assert info.addressing_style == style
    assert info.signed_at is None and info.expires_in is None
    # boto3's SigV2 Expires is int(time.time() + ExpiresIn).
    assert info.expires_at == SIGNED_AT + dt.timedelta(seconds=600)
    assert info.access_key_id == ACCESS_KEY
    assert info.query == {"response-content-type": "text/plain"}
    host_region = info.region or "us-east-1"
    assert host_region in (region, "us-east-1")  # the global endpoint names us-east-1
    sigv2_regions = {"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"}
    refused = any("only takes SigV4" in w for w in info.warnings)
    assert refused == (host_region not in sigv2_regions)
    assert any(w.startswith("SigV2") for w in info.warnings)


def test_signed_headers_the_client_must_send() -> None:
    params = {
        "Bucket": "my-bucket",
        "Key": "k",
        "ContentType": "image/jpeg",
        "Metadata": {"owner": "me"},
        "ServerSideEncryption": "aws:kms",
    }
    url = boto3_url("us-west-2", params, operation="put_object")
    info = s3presign.inspect(url, now=SOON)
    assert info.signed_headers == (
        "content-type",
        "host",
        "x-amz-meta-owner",
        "x-amz-server-side-encryption",
    )
    (must_send,) = [w for w in info.warnings if "must send" in w]
    assert "content-type, x-amz-meta-owner, x-amz-server-side-encryption" in must_send

    url = boto3_url("us-west-2", params, operation="put_object", signature_version="s3")
    info = s3presign.inspect(url, now=SOON)
    assert info.signed_headers == (
        "content-type",
        "x-amz-meta-owner",
        "x-amz-server-side-encryption",
    )
    (must_send,) = [w for w in info.warnings if "must send" in w]
    assert "content-type: image/jpeg" in must_send and "x-amz-meta-owner: me" in must_send


def test_session_token_query_and_bucket_level_urls() -> None:
    url = boto3_url(
        "eu-west-2",
        {"Bucket": "b", "Prefix": "logs/", "MaxKeys": 5},
        operation="list_objects_v2",
        token="SESSION/TOKEN+=",
    )
    info = s3presign.inspect(url, now=SOON)
    assert info.has_session_token
    assert info.key is None
    assert info.bucket == "b"
    raw = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert info.query == {k: v for k, v in raw.items() if not k.startswith("X-Amz-")}
    assert info.query["prefix"] == "logs/" and info.query["max-keys"] == "5"
    assert "X-Amz-Security-Token" not in info.query

    url = boto3_url(
        "eu-west-2",
        {"Bucket": "b", "Key": "k", "VersionId": "v1", "ResponseContentDisposition": "inline"},
    )
    info = s3presign.inspect(url, now=SOON)
    assert info.query == {"versionId": "v1", "response-content-disposition": "inline"}


def test_expiry_warnings_follow_now() -> None:
    url = boto3_url("eu-west-2", {"Bucket": "b", "Key": "k"}, expires_in=60)
    later = s3presign.inspect(url, now=SIGNED_AT + dt.timedelta(seconds=61))
    assert later.expired
    assert any(w.startswith("expired at 2026-11-28T12:01:00Z (1 s ago)") for w in later.warnings)
    assert later.time_left == "expired 1 s ago"
    edge = s3presign.inspect(url, now=SIGNED_AT + dt.timedelta(seconds=60))
    assert not edge.expired and edge.time_left == "in 0 s"
    early = s3presign.inspect(url, now=SIGNED_AT - dt.timedelta(minutes=5))
    assert any("in the future" in w for w in early.warnings)
    assert s3presign.inspect(url, now=SIGNED_AT.timestamp() + 61).expired


def test_longer_than_seven_days() -> None:
    # boto3 signs any ExpiresIn; S3 refuses more than 604800 s.
    url = boto3_url("eu-west-2", {"Bucket": "b", "Key": "k"}, expires_in=604801)
    info = s3presign.inspect(url, now=SOON)
    assert info.expires_in == 604801
    assert any("longer than 7 days" in w for w in info.warnings)
    url = boto3_url("eu-west-2", {"Bucket": "b", "Key": "k"}, expires_in=604800)
    assert not any("7 days" in w for w in s3presign.inspect(url, now=SOON).warnings)


def test_region_mismatch_with_the_host() -> None:
    url = boto3_url(
        "eu-west-1",
        {"Bucket": "b", "Key": "k"},
        endpoint_url="https://s3.eu-central-1.amazonaws.com",
    )
    info = s3presign.inspect(url, now=SOON)
    assert info.region == "eu-west-1"
    assert any("expecting 'eu-central-1'" in w for w in info.warnings)


def test_s3presign_urls_read_the_same_as_boto3s() -> None:
    params = {"Bucket": "my-bucket", "Key": "a/b c.txt", "ContentType": "text/plain"}
    ours = s3presign.client(
        region_name="ap-south-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    ).generate_presigned_url("put_object", params, 300, signing_time=SIGNED_AT)
    theirs = boto3_url("ap-south-1", params, operation="put_object", expires_in=300)
    assert ours == theirs
    assert s3presign.inspect(ours, now=SOON) == s3presign.inspect(theirs, now=SOON)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://bucket/key", "scheme"),
        ("bucket/key", "absolute http"),
        ("https://b.s3.amazonaws.com/k", "no query string"),
        ("https://b.s3.amazonaws.com/k?versionId=1", "no X-Amz-Signature"),
        (
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab",
            (
                "missing the query parameters X-Amz-Credential, X-Amz-Date, X-Amz-Expires, "
                "X-Amz-SignedHeaders"
            ),
        ),
        ("https://b.s3.amazonaws.com/k?AWSAccessKeyId=A&Signature=x", "parameter Expires"),
        (
            (
                "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F1"
                "&X-Amz-Date=20261128T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
                "&X-Amz-Signature=ab"
            ),
            "X-Amz-Credential must be",
        ),
        (
            (
                "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                "&X-Amz-Credential=A%2F20261128%2Fus-east-1%2Fs3%2Faws4_request"
                "&X-Amz-Date=2026-11-28&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=ab"
            ),
            "X-Amz-Date must be",
        ),
    ],
)
def test_not_a_presigned_url_says_what_is_missing(url: str, message: str) -> None:
    with pytest.raises(s3presign.ParamValidationError, match=None) as caught:
        s3presign.inspect(url)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_to_dict_is_json_ready() -> None:
    import json

    url = boto3_url("eu-west-2", {"Bucket": "b", "Key": "k"})
    data = s3presign.inspect(url, now=SOON).to_dict()
    assert json.loads(json.dumps(data))["signed_at"] == "2026-11-28T12:00:00Z"
    assert data["signed_headers"] == ["host"]
