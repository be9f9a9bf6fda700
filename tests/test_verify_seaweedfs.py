"""``Presigner.verify`` agrees with a real S3 server (SeaweedFS, see ``conftest.py``): for boto3's
presigned URLs, valid or tampered with, expired, sent with another method, without or with a
different signed header, ``verify`` says valid exactly when the server answers with success."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
import s3presign
from test_seaweedfs import Presigner, expect, send, unique

VERSIONS = ["s3v4", "s3"]


@pytest.fixture(scope="module", params=VERSIONS)
def version(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def signer(seaweedfs: Any, version: str) -> Presigner:
    """boto3 signs (so the verifier is checked against an independent signer)."""
    return Presigner.for_server("boto3", seaweedfs, signature_version=version)


@pytest.fixture(scope="module")
def verifier(seaweedfs: Any) -> s3presign.Presigner:
    return s3presign.client(
        endpoint_url=seaweedfs.endpoint_url,
        region_name=seaweedfs.region_name,
        aws_access_key_id=seaweedfs.main.access_key,
        aws_secret_access_key=seaweedfs.main.secret_key,
    )


@pytest.fixture(scope="module")
def stored(seaweedfs: Any, http: requests.Session, version: str) -> dict[str, str]:
    v4 = Presigner.for_server("s3presign", seaweedfs)
    bucket = unique(f"s3p-verify-{version.replace('3v4', '3-v4')}")
    expect(send(http, "PUT", v4.url("create_bucket", {"Bucket": bucket})), 200)
    ids = {"Bucket": bucket, "Key": "dir/obj one.txt"}
    expect(send(http, "PUT", v4.url("put_object", ids), data=b"original"), 200)
    return ids


def _replace_param(url: str, name: str, change: Callable[[str], str]) -> str:
    raw = url.split(f"{name}=", 1)[1].split("&", 1)[0]
    return url.replace(f"{name}={raw}", f"{name}={change(raw)}", 1)


def _flip(value: str) -> str:
    return value[:5] + ("A" if value[5] != "A" else "B") + value[6:]


def cases(signer: Presigner, ids: dict[str, str]) -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, method, url, headers): the request as sent, and as given to verify."""
    sigv4 = not signer.sigv2
    get = signer.url("get_object", ids)
    two_hours_ago = int(time.time()) - 2 * 3600
    expired = signer.url("get_object", ids, expires_in=60, signing_time=two_hours_ago)
    long_ago = signer.url("get_object", ids, expires_in=3 * 3600, signing_time=two_hours_ago)
    put_ids = {"Bucket": ids["Bucket"], "Key": unique("typed") + ".json"}
    put = signer.url("put_object", {**put_ids, "ContentType": "application/json"})
    expiry = "X-Amz-Expires" if sigv4 else "Expires"
    signature = "X-Amz-Signature" if sigv4 else "Signature"
    json_type = {"Content-Type": "application/json"}
    return [
        ("valid", "GET", get, {}),
        ("valid, signed two hours ago", "GET", long_ago, {}),
        ("tampered key", "GET", get.replace("/obj%20one.txt?", "/obj%20two.txt?"), {}),
        ("tampered expiry", "GET", _replace_param(get, expiry, lambda v: str(int(v) + 1)), {}),
        ("tampered signature", "GET", _replace_param(get, signature, _flip), {}),
        ("added sub-resource", "GET", get + "&response-content-type=text%2Fhtml", {}),
        ("expired", "GET", expired, {}),
        ("another method", "HEAD", get, {}),
        ("put with its signed header", "PUT", put, json_type),
        ("put without its signed header", "PUT", put, {}),
        ("put with another value", "PUT", put, {"Content-Type": "text/plain"}),
    ]


def test_verify_agrees_with_the_server(
    signer: Presigner,
    verifier: s3presign.Presigner,
    http: requests.Session,
    stored: dict[str, str],
) -> None:
    seen = []
    for name, method, url, headers in cases(signer, stored):
        data = b"{}" if method == "PUT" else None
        response = send(http, method, url, data=data, headers=headers)
        served = 200 <= response.status_code < 300
        verdict = verifier.verify(url, method, headers)
        seen.append((name, served, verdict.valid, verdict.part))
        assert verdict.valid == served, (name, response.status_code, response.text[:300], verdict)
        if not served:
            assert response.status_code == 403, (name, response.status_code)
    # Both answers occur, and the failing parts are the expected ones.
    parts = {name: part for name, _, _, part in seen}
    assert parts["valid"] == "" and parts["put with its signed header"] == ""
    assert parts["expired"] == "expired"
    assert parts["tampered signature"] == "signature"
    assert parts["put without its signed header"] == "signed header"
