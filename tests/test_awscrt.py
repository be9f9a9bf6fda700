"""With awscrt installed (``pip install boto3[crt]``), botocore presigns SigV4 URLs with its CRT
signer, whose query puts ``X-Amz-SignedHeaders`` before ``X-Amz-Expires``: patched clients and
``from_boto3`` must give those bytes, and the pure-Python order again with ``BOTO_DISABLE_CRT``.

``make test-awscrt`` runs this file (with test_boto3_bridge.py and test_boto3_compat.py) with
awscrt importable; without awscrt the CRT cases are skipped and the ``BOTO_DISABLE_CRT`` and
pure-Python cases still run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import boto3
import botocore.compat
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY
from freezegun import freeze_time
from s3presign import _botocore_compat

UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)
HAS_CRT = botocore.compat.HAS_CRT
needs_crt = pytest.mark.skipif(not HAS_CRT, reason="awscrt is not installed (make test-awscrt)")

CLIENTS = [
    {"region_name": "eu-central-1"},
    {"region_name": "us-east-1", "aws_session_token": "FwoG/token+with=chars"},
    {"region_name": "us-west-2", "config": {"s3": {"addressing_style": "path"}}},
    {"region_name": "ap-southeast-2", "config": {"use_dualstack_endpoint": True}},
    {"region_name": "eu-west-1", "endpoint_url": "http://127.0.0.1:9000/base/"},
    {"region_name": "us-east-1", "config": {"s3": {"use_accelerate_endpoint": True}}},
    {"region_name": "us-gov-west-1", "config": {"use_fips_endpoint": True}},
]
CALLS = [
    ("get_object", {"Bucket": "my-bucket", "Key": "a b/é+%?#~ "}),
    ("get_object", {"Bucket": "my.dotted.bucket", "Key": "k", "ResponseContentType": "a/b"}),
    ("put_object", {"Bucket": "my-bucket", "Key": "k", "ContentType": "image/png"}),
    ("put_object", {"Bucket": "my-bucket", "Key": "k", "Metadata": {"a": " x  y "}}),
    ("list_objects_v2", {"Bucket": "my-bucket", "Prefix": "p/"}),
    ("create_multipart_upload", {"Bucket": "my-bucket", "Key": "big"}),
    ("upload_part", {"Bucket": "my-bucket", "Key": "big", "UploadId": "u=1", "PartNumber": 2}),
    ("head_bucket", {"Bucket": "my-bucket"}),
    # awscrt signs the HTTP method as given; the pure-Python signer upper-cases it.
    ("get_object", {"Bucket": "my-bucket", "Key": "k", "HttpMethod": "get"}),
    ("put_object", {"Bucket": "my-bucket", "Key": "k", "HttpMethod": "Put"}),
]


def _client(kwargs: dict, signature_version: str | None = "s3v4"):
    kwargs = dict(kwargs)
    config = dict(kwargs.pop("config", {}))
    if signature_version is not None:
        config["signature_version"] = signature_version
    return boto3.client(
        "s3",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(**config),
        **kwargs,
    )


def _keys(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def _sweep(signature_version: str | None = "s3v4") -> dict:
    """Patched == unpatched == from_boto3 for every CLIENTS x CALLS, on a frozen clock."""
    seen = {"urls": 0, "crt order": 0, "fell back": 0, "errors": 0}
    for kwargs in CLIENTS:
        plain, patched = _client(kwargs, signature_version), _client(kwargs, signature_version)
        s3presign.patch(patched)
        # from_boto3 refuses a botocore outside the releases it reproduces.
        presigner = s3presign.from_boto3(plain) if _botocore_compat.IN_TESTED_RANGE else None
        for method, call in CALLS:
            params = {k: v for k, v in call.items() if k != "HttpMethod"}
            http = call.get("HttpMethod")
            with freeze_time(WHEN):
                try:
                    expected = plain.generate_presigned_url(method, dict(params), 3600, http)
                except Exception as exc:  # noqa: BLE001 - the same must fail patched
                    with pytest.raises(type(exc), match=re.escape(str(exc))):
                        patched.generate_presigned_url(method, dict(params), 3600, http)
                    if presigner is not None:
                        with pytest.raises(s3presign.PresignError):
                            presigner.generate_presigned_url(method, dict(params), 3600, http)
                    seen["errors"] += 1
                    continue
                got = patched.generate_presigned_url(method, dict(params), 3600, http)
                if presigner is not None:
                    bridged = presigner.generate_presigned_url(method, dict(params), 3600, http)
                    assert bridged == expected, (kwargs, method)
            assert got == expected, (kwargs, method)
            keys = _keys(expected)
            seen["urls"] += 1
            if "X-Amz-Expires" in keys and keys.index("X-Amz-SignedHeaders") < keys.index(
                "X-Amz-Expires"
            ):
                seen["crt order"] += 1
        status = s3presign.patch_status(patched)
        seen["fell back"] += not status.served
    return seen


@needs_crt
def test_crt_signer_urls_patched_and_bridged():
    seen = _sweep()
    assert seen["crt order"] == seen["urls"] == len(CLIENTS) * len(CALLS) - seen["errors"]
    assert seen["fell back"] == 0


@needs_crt
def test_crt_default_clients_sigv2_and_sigv4():
    """No signature version configured: SigV2 in boto3's SigV2 regions, CRT SigV4 elsewhere."""
    seen = _sweep(None)
    assert 0 < seen["crt order"] < seen["urls"]
    assert seen["fell back"] == 0


@needs_crt
def test_crt_presigned_post_patched_equals_unpatched():
    for kwargs in CLIENTS[:3]:
        plain, patched = _client(kwargs), _client(kwargs)
        s3presign.patch(patched)
        args = ("my-bucket", "up/${filename}")
        with freeze_time(WHEN):
            posts = [
                client.generate_presigned_post(
                    *args, Fields={"acl": "private"}, Conditions=[{"acl": "private"}]
                )
                for client in (plain, patched)
            ]
        assert posts[0] == posts[1]


def test_pure_python_order_without_crt():
    if HAS_CRT:
        pytest.skip("awscrt is installed and enabled: the pure-Python order is checked below")
    seen = _sweep()
    assert seen["crt order"] == 0 and seen["fell back"] == 0


CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import botocore.compat
import test_awscrt as t
seen = t._sweep()
print(json.dumps({"has_crt": botocore.compat.HAS_CRT, **seen}))
"""


@pytest.mark.parametrize("disable", ["true", "false"])
def test_boto_disable_crt_in_a_fresh_interpreter(disable):
    """``BOTO_DISABLE_CRT`` is read when botocore is imported: a child process each way."""
    env = dict(os.environ, BOTO_DISABLE_CRT=disable)
    tests = str(Path(__file__).resolve().parent)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, tests],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    crt = HAS_CRT or disable == "false" and seen["has_crt"]
    assert seen["has_crt"] == (disable == "false" and crt)
    assert seen["crt order"] == (seen["urls"] if seen["has_crt"] else 0)
    assert seen["fell back"] == 0
