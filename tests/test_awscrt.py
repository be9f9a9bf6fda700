"""With awscrt installed (``pip install boto3[crt]``), botocore presigns SigV4 URLs with its CRT
signer, whose query puts ``X-Amz-SignedHeaders`` before ``X-Amz-Expires``: patched clients and
``from_boto3`` must give those bytes, and the pure-Python order again with ``BOTO_DISABLE_CRT``.
With no signature version configured, botocore then signs Outposts access points with SigV4a:
patched clients hand those calls to botocore and ``from_boto3`` refuses them.

``make test`` (test-compat's awscrt run) runs this file (with test_boto3_bridge.py and
test_boto3_compat.py) with awscrt importable; without awscrt the CRT cases are skipped and the
``BOTO_DISABLE_CRT`` and pure-Python cases still run.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import pickle
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
from s3presign import _boto3, _botocore_compat

UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)
HAS_CRT = botocore.compat.HAS_CRT
needs_crt = pytest.mark.skipif(not HAS_CRT, reason="awscrt is not installed (make test-compat)")

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


# S3 on Outposts access points: the ruleset offers sigv4a, then sigv4.
OUTPOSTS_AP = (
    "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/my-ap"
)
OUTPOSTS_CLIENTS = [
    {"region_name": "us-east-1"},  # boto3's SigV2 default
    {"region_name": "eu-central-1"},  # SigV4 by default
    {"region_name": "us-west-2", "config": {"s3": {"addressing_style": "path"}}},
]
OUTPOSTS_CALLS = [
    ("get_object", {"Bucket": OUTPOSTS_AP, "Key": "k"}),
    ("put_object", {"Bucket": OUTPOSTS_AP, "Key": "k", "ContentType": "a/b"}),
    ("create_bucket", {"Bucket": OUTPOSTS_AP}),
    ("list_objects_v2", {"Bucket": OUTPOSTS_AP, "Prefix": "p/"}),
    # An S3 on Outposts bucket alias (from the official endpoint tests): a plain bucket name.
    (
        "get_object",
        {"Bucket": "test-accessp-o0b1d075431d83bebde8xz5w8ijx1qzlbp3i3kuse10--op-s3", "Key": "k"},
    ),
]


def _post_outcome(client) -> tuple:
    with freeze_time(WHEN):
        try:
            post = client.generate_presigned_post(OUTPOSTS_AP, "up/${filename}")
        except Exception as exc:  # noqa: BLE001 - compared between the twins
            return ("error", type(exc), str(exc))
    return ("ok", post["url"], list(post["fields"].items()))


def _counted(original, calls: list):
    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    return counted


def _outposts_sweep() -> dict:
    """Patched == unpatched (and from_boto3 == unpatched, or UnsupportedError) for Outposts
    access points on clients with no, SigV4 and SigV2 signature versions. With awscrt, botocore
    signs them SigV4a when no signature version is configured (a new ECDSA signature at each
    call): the patched client must hand exactly those calls to botocore."""
    seen = {"urls": 0, "sigv4a": 0, "sigv4a unconfigured": 0, "fast": 0, "refused": 0}
    # Another release's S3 endpoint ruleset (botocore 1.34 to 1.40) resolves ARNs otherwise:
    # patched clients hand them to botocore, from_boto3's presigner refuses them.
    seen["other ruleset"] = 0
    for kwargs in OUTPOSTS_CLIENTS:
        for version in (None, "s3v4", "s3"):
            plain, patched = _client(kwargs, version), _client(kwargs, version)
            s3presign.patch(patched)
            state = patched._s3presign_patch
            botocore_calls: list = []
            state.original_url = _counted(state.original_url, botocore_calls)
            presigner = s3presign.from_boto3(plain) if _botocore_compat.IN_TESTED_RANGE else None
            for method, params in OUTPOSTS_CALLS * 2:  # the second round: decided already
                with freeze_time(WHEN):
                    expected = plain.generate_presigned_url(method, dict(params))
                    before = len(botocore_calls)
                    got = patched.generate_presigned_url(method, dict(params))
                    fell_back = len(botocore_calls) > before
                    bridged: Exception | str | None = None
                    if presigner is not None:
                        try:
                            bridged = presigner.generate_presigned_url(method, dict(params))
                        except s3presign.PresignError as exc:
                            bridged = exc
                seen["urls"] += 1
                query = dict(parse_qsl(urlsplit(expected).query))
                if query.get("X-Amz-Algorithm") == "AWS4-ECDSA-P256-SHA256":
                    seen["sigv4a"] += 1
                    seen["sigv4a unconfigured"] += version is None
                    assert fell_back, (kwargs, version, method)
                    unsigned = re.compile("&X-Amz-Signature=[0-9a-f]+")
                    assert unsigned.sub("", got) == unsigned.sub("", expected)
                    if presigner is not None:
                        assert isinstance(bridged, s3presign.UnsupportedError), bridged
                        assert "SigV4a" in str(bridged)
                        seen["refused"] += 1
                elif params["Bucket"].startswith("arn:") and not _boto3._pins_endpoint_data(plain):
                    assert got == expected and fell_back, (kwargs, version, method)
                    assert presigner is None or isinstance(bridged, s3presign.UnsupportedError)
                    seen["other ruleset"] += 1
                else:
                    assert got == expected, (kwargs, version, method)
                    assert presigner is None or bridged == expected, (kwargs, version, method)
                    seen["fast"] += not fell_back
            # botocore has no SigV4a POST signer: the twins fail alike.
            assert _post_outcome(patched) == _post_outcome(plain), (kwargs, version)
            assert s3presign.patch_status(patched).served
    return seen


@needs_crt
def test_crt_outposts_sigv4a_goes_to_botocore(caplog):
    """With awscrt and no configured signature version, botocore presigns Outposts access
    points with SigV4a (even where boto3's default is SigV2): a patched client hands those calls
    to botocore, decided once per client (logged once), and from_boto3 refuses them with
    UnsupportedError; SigV4 and SigV2 clients' Outposts URLs stay on the fast path."""
    caplog.set_level("DEBUG", logger="s3presign")
    seen = _outposts_sweep()
    per_version = len(OUTPOSTS_CLIENTS) * len(OUTPOSTS_CALLS) * 2
    assert seen["sigv4a"] == seen["sigv4a unconfigured"] == per_version
    assert seen["fast"] == seen["urls"] - seen["sigv4a"] == 2 * per_version
    if _botocore_compat.IN_TESTED_RANGE:
        assert seen["refused"] == per_version
    sigv4a_logs = [r for r in caplog.records if "SigV4a" in r.getMessage()]
    assert len(sigv4a_logs) == len(OUTPOSTS_CLIENTS), [r.getMessage() for r in sigv4a_logs]


@needs_crt
@pytest.mark.skipif(not _botocore_compat.IN_TESTED_RANGE, reason="from_boto3 refuses it")
def test_crt_outposts_refusal_survives_pickling():
    presigner = pickle.loads(pickle.dumps(s3presign.from_boto3(_client(OUTPOSTS_CLIENTS[0], None))))
    method, params = OUTPOSTS_CALLS[0]
    with pytest.raises(s3presign.UnsupportedError, match="SigV4a"):
        presigner.generate_presigned_url(method, params)
    plain = _client(OUTPOSTS_CLIENTS[0], None)
    with freeze_time(WHEN):
        call = ("get_object", {"Bucket": "my-bucket", "Key": "k"})
        assert presigner.generate_presigned_url(*call) == plain.generate_presigned_url(*call)


def test_outposts_without_crt():
    if HAS_CRT:
        pytest.skip("awscrt is installed and enabled: Outposts with SigV4a are checked above")
    seen = _outposts_sweep()
    assert seen["sigv4a"] == 0 and seen["fast"] == seen["urls"] - seen["other ruleset"]


CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import botocore.compat
import test_awscrt as t
seen = t._sweep()
outposts = t._outposts_sweep()
print(json.dumps({"has_crt": botocore.compat.HAS_CRT, **seen, "outposts": outposts}))
"""


@pytest.mark.parametrize("disable", ["true", "1", "false"])
def test_boto_disable_crt_in_a_fresh_interpreter(disable):
    """``BOTO_DISABLE_CRT`` is read when botocore is imported: a child process each way. Only
    "true" (any case) turns awscrt off in botocore ("1" does not): s3presign follows botocore."""
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
    crt_importable = importlib.util.find_spec("awscrt") is not None
    assert seen["has_crt"] == (crt_importable and disable.lower() != "true")
    assert seen["crt order"] == (seen["urls"] if seen["has_crt"] else 0)
    assert seen["fell back"] == 0
    outposts = seen["outposts"]
    assert outposts["sigv4a"] == (outposts["urls"] // 3 if seen["has_crt"] else 0)
    assert outposts["fast"] == outposts["urls"] - outposts["sigv4a"] - outposts["other ruleset"]
