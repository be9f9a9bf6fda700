"""SigV2 presigned URLs against a real S3 server (SeaweedFS, see ``conftest.py``).

SeaweedFS verifies SigV2 query authentication (``AWSAccessKeyId`` / ``Signature`` / ``Expires``).
Every request is a plain ``requests`` call to a presigned URL, sent byte for byte. Each test runs
with the URLs made by:

- ``boto3``: a real boto3 client with ``Config(signature_version="s3")``, the control group;
- ``s3presign``: ``config={"signature_version": "s3"}``;
- ``s3presign-default``: no signature version and ``boto3_signature_default=True`` in the
  server's region (us-east-1), where boto3 presigns with SigV2.
"""

from __future__ import annotations

import functools
import time
from typing import Any

import pytest
import requests
from test_seaweedfs import HARD_KEYS, Presigner, expect, query, send, unique

IMPLEMENTATIONS = ["boto3", "s3presign", "s3presign-default"]


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def impl(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def make_presigner(impl: str, seaweedfs: Any) -> Any:
    return functools.partial(Presigner.for_server, impl, seaweedfs, signature_version="s3")


@pytest.fixture(scope="module")
def signer(make_presigner: Any) -> Presigner:
    return make_presigner()


@pytest.fixture(scope="module")
def bucket(seaweedfs: Any, http: requests.Session, impl: str) -> str:
    """Made with a SigV4 URL: for bucket-level operations botocore signs the resource
    ``/bucket/`` (``authPath``, what S3 wants) while the URL path is ``/bucket``, and SeaweedFS
    signs the latter, so it refuses boto3's own SigV2 bucket URLs."""
    v4 = Presigner.for_server("s3presign", seaweedfs)
    name = unique(f"s3p-v2-{impl}")
    expect(send(http, "PUT", v4.url("create_bucket", {"Bucket": name})), 200)
    return name


@pytest.fixture()
def stored(signer: Presigner, http: requests.Session, bucket: str) -> dict[str, str]:
    key = unique("guarded") + "/obj.txt"
    url = signer.url("put_object", {"Bucket": bucket, "Key": key})
    expect(send(http, "PUT", url, data=b"original"), 200)
    return {"Bucket": bucket, "Key": key}


def test_put_get_with_content_type_and_metadata(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    key = "docs/report.txt"
    body = b"hello from a SigV2 presigned PUT\n" * 32
    content_type = "text/plain; charset=utf-8"
    params = {"Bucket": bucket, "Key": key, "ContentType": content_type, "Metadata": {"c": "b"}}
    url = signer.url("put_object", params)
    # botocore moves the signed headers into the query; the request still sends them.
    assert query(url)["content-type"] == content_type
    headers = {"Content-Type": content_type, "x-amz-meta-c": "b"}
    expect(send(http, "PUT", url, data=body, headers=headers), 200)
    got = expect(send(http, "GET", signer.url("get_object", {"Bucket": bucket, "Key": key})), 200)
    assert got.content == body
    assert got.headers["Content-Type"] == content_type


def test_get_object_response_header_override(
    signer: Presigner, http: requests.Session, stored: dict[str, str]
) -> None:
    """A ``response-*`` sub-resource is in the string to sign. (Only a value that needs no
    percent-encoding: botocore signs the decoded value, as S3 does, and SeaweedFS signs the
    encoded one, so it refuses boto3's URL for ``text/csv`` as well.)"""
    url = signer.url("get_object", {**stored, "ResponseCacheControl": "no-cache"})
    got = expect(send(http, "GET", url), 200)
    assert got.content == b"original"
    assert got.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("name", HARD_KEYS)
def test_hard_keys(signer: Presigner, http: requests.Session, bucket: str, name: str) -> None:
    ids = {"Bucket": bucket, "Key": unique("hard") + "/" + name}
    expect(send(http, "PUT", signer.url("put_object", ids), data=name.encode()), 200)
    got = expect(send(http, "GET", signer.url("get_object", ids)), 200)
    assert got.content == name.encode()


def test_head_and_delete(signer: Presigner, http: requests.Session, stored: dict[str, str]) -> None:
    head = expect(send(http, "HEAD", signer.url("head_object", stored)), 200)
    assert head.headers["Content-Length"] == "8"
    expect(send(http, "DELETE", signer.url("delete_object", stored)), 204)
    expect(send(http, "GET", signer.url("get_object", stored)), 404, "NoSuchKey")


def _flip(url: str) -> str:
    signature = query(url)["Signature"]
    encoded = url.split("Signature=", 1)[1].split("&", 1)[0]
    assert len(signature) == 28
    flipped = encoded[:5] + ("A" if encoded[5] != "A" else "B") + encoded[6:]
    return url.replace(f"Signature={encoded}", f"Signature={flipped}")


def _later_expires(url: str) -> str:
    expires = query(url)["Expires"]
    return url.replace(f"Expires={expires}", f"Expires={int(expires) + 1}")


TAMPERINGS = {
    "flipped-signature": _flip,
    "later-expires": _later_expires,
    "appended-sub-resource": lambda url: url + "&response-content-type=text%2Fhtml",
    "other-key-in-path": lambda url: url.replace("/obj.txt?", "/obj.txt2?"),
}


@pytest.mark.parametrize("tamper", list(TAMPERINGS))
def test_refuses_tampered_url(
    signer: Presigner, http: requests.Session, stored: dict[str, str], tamper: str
) -> None:
    url = signer.url("get_object", stored)
    expect(send(http, "GET", url), 200)
    tampered = TAMPERINGS[tamper](url)
    assert tampered != url
    expect(send(http, "GET", tampered), 403)


def test_refuses_wrong_secret(
    make_presigner: Any, seaweedfs: Any, http: requests.Session, stored: dict[str, str]
) -> None:
    forged = make_presigner(seaweedfs.main.access_key, seaweedfs.other.secret_key)
    expect(send(http, "GET", forged.url("get_object", stored)), 403)
    expect(send(http, "PUT", forged.url("put_object", stored), data=b"overwritten"), 403)
    got = expect(send(http, "GET", make_presigner().url("get_object", stored)), 200)
    assert got.content == b"original"


def test_refuses_expired_url(
    signer: Presigner, http: requests.Session, stored: dict[str, str]
) -> None:
    two_hours_ago = int(time.time()) - 2 * 3600
    still_valid = signer.url("get_object", stored, expires_in=3 * 3600, signing_time=two_hours_ago)
    expect(send(http, "GET", still_valid), 200)
    expired = signer.url("get_object", stored, expires_in=60, signing_time=two_hours_ago)
    expect(send(http, "GET", expired), 403)


def test_refuses_put_with_other_content_type(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    ids = {"Bucket": bucket, "Key": unique("typed") + ".json"}
    url = signer.url("put_object", {**ids, "ContentType": "application/json"})
    expect(send(http, "PUT", url, data=b"{}", headers={"Content-Type": "text/plain"}), 403)
    expect(send(http, "PUT", url, data=b"{}", headers={"Content-Type": "application/json"}), 200)
