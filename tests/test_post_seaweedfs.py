"""Presigned POST uploads to a real S3 server (SeaweedFS, see ``conftest.py``).

Each test runs twice, with the form made by boto3's ``generate_presigned_post`` (the control
group: it proves the test and the server are right) and by s3presign's, called the same way. The
form is sent with ``requests`` as multipart/form-data, the file last, as a browser does; objects
are read back with presigned GET/HEAD URLs.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest
import requests
from test_seaweedfs import botocore_clock, error_code

IMPLEMENTATIONS = ["boto3", "s3presign"]
HTTP_TIMEOUT_S = 30
UTC = dt.timezone.utc


class Forms:
    """One implementation's POST forms, and boto3 URLs for setup and read-back."""

    def __init__(self, impl: str, server: Any, signature_version: str = "s3v4") -> None:
        import boto3
        from botocore.config import Config

        kwargs = {
            "endpoint_url": server.endpoint_url,
            "region_name": server.region_name,
            "aws_access_key_id": server.main.access_key,
            "aws_secret_access_key": server.main.secret_key,
        }
        self.impl = impl
        self.boto3 = boto3.client(
            "s3", config=Config(signature_version=signature_version), **kwargs
        )
        if impl == "s3presign":
            import s3presign

            self.subject: Any = s3presign.client(
                config={"signature_version": signature_version}, **kwargs
            )
        else:
            self.subject = self.boto3

    def post(self, bucket: str, key: str, *, signing_time: int | None = None, **kw: Any) -> dict:
        if signing_time is None:
            return self.subject.generate_presigned_post(bucket, key, **kw)
        if self.impl == "boto3":
            with botocore_clock(signing_time):
                return self.subject.generate_presigned_post(bucket, key, **kw)
        return self.subject.generate_presigned_post(bucket, key, signing_time=signing_time, **kw)

    def url(self, method: str, **params: Any) -> str:
        return self.boto3.generate_presigned_url(method, Params=params, ExpiresIn=600)


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def forms(request: pytest.FixtureRequest, seaweedfs: Any) -> Forms:
    return Forms(request.param, seaweedfs)


@pytest.fixture(scope="module")
def bucket(forms: Forms, http: requests.Session) -> str:
    name = f"post-{forms.impl}-{uuid.uuid4().hex[:10]}"
    resp = http.put(forms.url("create_bucket", Bucket=name), timeout=HTTP_TIMEOUT_S)
    assert resp.status_code == 200, resp.text
    return name


def upload(
    http: requests.Session, post: dict, body: bytes, filename: str = "upload.bin"
) -> requests.Response:
    return http.post(
        post["url"],
        data=post["fields"],
        files={"file": (filename, body, "application/octet-stream")},
        timeout=HTTP_TIMEOUT_S,
        allow_redirects=False,
    )


def detail(resp: requests.Response) -> str:
    return f"{resp.status_code} {resp.text[:600]}"


def read_back(forms: Forms, http: requests.Session, bucket: str, key: str) -> requests.Response:
    return http.get(forms.url("get_object", Bucket=bucket, Key=key), timeout=HTTP_TIMEOUT_S)


def test_allowed_upload_is_stored(forms: Forms, http: requests.Session, bucket: str) -> None:
    key = f"ok/{uuid.uuid4().hex}.bin"
    body = b"hello presigned post \x00\xff" * 10
    post = forms.post(bucket, key, Conditions=[["content-length-range", 1, 1024]], ExpiresIn=120)
    resp = upload(http, post, body)
    assert resp.status_code == 204, detail(resp)
    got = read_back(forms, http, bucket, key)
    assert got.status_code == 200, detail(got)
    assert got.content == body


def test_filename_key_metadata_and_status(
    forms: Forms, http: requests.Session, bucket: str
) -> None:
    prefix = f"user/{uuid.uuid4().hex}/"
    post = forms.post(
        bucket,
        prefix + "${filename}",
        Fields={
            "success_action_status": "201",
            "x-amz-meta-origin": "form",
            "Content-Type": "text/plain",
        },
        Conditions=[
            {"success_action_status": "201"},
            {"x-amz-meta-origin": "form"},
            ["starts-with", "$Content-Type", "text/"],
        ],
    )
    resp = upload(http, post, b"some text", filename="notes.txt")
    assert resp.status_code == 201, detail(resp)
    head = http.head(
        forms.url("head_object", Bucket=bucket, Key=prefix + "notes.txt"), timeout=HTTP_TIMEOUT_S
    )
    assert head.status_code == 200, f"{head.status_code} {head.headers}"
    assert head.headers.get("x-amz-meta-origin") == "form"
    assert head.headers.get("Content-Type", "").startswith("text/plain")


def test_upload_over_content_length_range_is_refused(
    forms: Forms, http: requests.Session, bucket: str
) -> None:
    key = f"big/{uuid.uuid4().hex}.bin"
    post = forms.post(bucket, key, Conditions=[["content-length-range", 1, 10]])
    resp = upload(http, post, b"x" * 100)
    assert resp.status_code == 400, detail(resp)
    assert error_code(resp) == "EntityTooLarge", detail(resp)
    assert read_back(forms, http, bucket, key).status_code == 404


def test_key_outside_starts_with_prefix_is_refused(
    forms: Forms, http: requests.Session, bucket: str
) -> None:
    prefix = f"only/{uuid.uuid4().hex}/"
    post = forms.post(bucket, prefix + "${filename}")
    outside = f"elsewhere/{uuid.uuid4().hex}.bin"
    post["fields"]["key"] = outside  # the form says another key than the policy allows
    resp = upload(http, post, b"payload")
    assert resp.status_code == 403, detail(resp)
    assert error_code(resp) == "AccessDenied", detail(resp)
    assert "Policy Condition failed" in resp.text, detail(resp)
    assert read_back(forms, http, bucket, outside).status_code == 404
    # The same form with a key inside the prefix goes through.
    post["fields"]["key"] = prefix + "inside.bin"
    resp = upload(http, post, b"payload")
    assert resp.status_code == 204, detail(resp)


def test_expired_policy_is_refused(forms: Forms, http: requests.Session, bucket: str) -> None:
    key = f"late/{uuid.uuid4().hex}.bin"
    post = forms.post(bucket, key, ExpiresIn=60, signing_time=int(time.time()) - 3600)
    resp = upload(http, post, b"too late")
    assert resp.status_code == 403, detail(resp)
    assert error_code(resp) == "AccessDenied", detail(resp)
    assert "Policy expired" in resp.text, detail(resp)
    assert read_back(forms, http, bucket, key).status_code == 404


def test_tampered_policy_is_refused(forms: Forms, http: requests.Session, bucket: str) -> None:
    key = f"tamper/{uuid.uuid4().hex}.bin"
    post = forms.post(bucket, key, Conditions=[["content-length-range", 1, 10]])
    loose = forms.post(bucket, key, Conditions=[["content-length-range", 1, 1000]])
    post["fields"]["policy"] = loose["fields"]["policy"]  # not what the signature covers
    resp = upload(http, post, b"x" * 100)
    assert resp.status_code == 403, detail(resp)
    assert error_code(resp) == "SignatureDoesNotMatch", detail(resp)
    assert read_back(forms, http, bucket, key).status_code == 404


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
def test_sigv2_upload(impl: str, seaweedfs: Any, http: requests.Session) -> None:
    """SigV2 POST (``signature_version="s3"``): AWSAccessKeyId, policy, signature fields."""
    v2 = Forms(impl, seaweedfs, signature_version="s3")
    v4 = Forms("boto3", seaweedfs)  # SigV4 URLs for setup and read-back
    name = f"post-v2-{impl}-{uuid.uuid4().hex[:10]}"
    resp = http.put(v4.url("create_bucket", Bucket=name), timeout=HTTP_TIMEOUT_S)
    assert resp.status_code == 200, detail(resp)
    key = f"v2/{uuid.uuid4().hex}.bin"
    post = v2.post(name, key, Conditions=[["content-length-range", 1, 64]])
    assert "signature" in post["fields"] and "AWSAccessKeyId" in post["fields"]
    resp = upload(http, post, b"x" * 100)
    assert resp.status_code == 400, detail(resp)
    assert error_code(resp) == "EntityTooLarge", detail(resp)
    resp = upload(http, post, b"sigv2 body")
    assert resp.status_code == 204, detail(resp)
    got = read_back(v4, http, name, key)
    assert got.status_code == 200, detail(got)
    assert got.content == b"sigv2 body"
    post["fields"]["signature"] = post["fields"]["signature"][::-1]
    resp = upload(http, post, b"forged")
    assert resp.status_code == 403, detail(resp)
