"""Round trips against a real S3 server (SeaweedFS, see ``conftest.py``) using presigned URLs only.

Every request is a plain ``requests`` call to a presigned URL, sent byte for byte as generated; no
SDK API call ever reaches the server. Each test runs twice, with the URLs made by:

- ``boto3``: a real boto3 client (``signature_version="s3v4"``), the control group proving that the
  test and the server are right;
- ``s3presign``: the package under test, called exactly the same way.

So a test that passes for ``boto3`` and fails for ``s3presign`` is a bug in s3presign.
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import datetime
import functools
import hashlib
import os
import time
import uuid
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import parse_qs, quote, unquote_plus, urlsplit

import pytest
import requests

IMPLEMENTATIONS = ["boto3", "s3presign"]
S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
HTTP_TIMEOUT_S = 30
MIB = 1024 * 1024

# Keys that stress path encoding. None ends in "/" (a filesystem-backed server cannot hold "a/"
# beside "a/b"), and each test run puts them under its own prefix.
HARD_KEYS = [
    "caf\u00e9/\u65e5\u672c/\U0001f600.txt",
    "with space.txt",
    "a+b",
    "100%",
    "100%25",
    "what?",
    "x&y=z",
    "=equals",
    "#hash",
    "~tilde",
    "a/b/c",
    "colon:semi;at@bang!dollar$star*(paren)'quote',comma",
    "mix \u00e9+%?&=#~ \u65e5\u672c/\U0001f600 end",
]


# --- presigners -----------------------------------------------------------------------------------


def botocore_clock(epoch: int) -> contextlib.AbstractContextManager[None]:
    """botocore's clocks frozen at ``epoch`` (``conftest.frozen_botocore_clock``)."""
    from conftest import frozen_botocore_clock

    return frozen_botocore_clock(datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc))


class Presigner:
    """One implementation's client, driven through the same generate_presigned_url call.

    ``impl`` is ``boto3`` or ``s3presign``, configured with ``signature_version``, or
    ``s3presign-default``: no signature version, boto3's default rule (SigV2 in us-east-1).
    """

    def __init__(
        self,
        impl: str,
        endpoint_url: str,
        region_name: str,
        access_key: str,
        secret_key: str,
        signature_version: str = "s3v4",
    ) -> None:
        self.impl = impl
        self.sigv2 = signature_version == "s3"
        kwargs = {
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "aws_access_key_id": access_key,
            "aws_secret_access_key": secret_key,
        }
        if impl == "boto3":
            import boto3
            from botocore.config import Config

            config = Config(signature_version=signature_version)
            self._client = boto3.client("s3", config=config, **kwargs)
        elif impl == "s3presign":
            import s3presign

            config = {"signature_version": signature_version}
            self._client = s3presign.client(config=config, **kwargs)
        elif impl == "s3presign-default":
            import s3presign

            self._client = s3presign.Presigner(boto3_signature_default=True, **kwargs)
        else:  # pragma: no cover
            raise ValueError(impl)

    @classmethod
    def for_server(
        cls,
        impl: str,
        seaweedfs: Any,
        access_key: str | None = None,
        secret_key: str | None = None,
        signature_version: str = "s3v4",
    ) -> Presigner:
        """A presigner for ``seaweedfs``, with its main identity's keys unless given others."""
        return cls(
            impl,
            seaweedfs.endpoint_url,
            seaweedfs.region_name,
            access_key or seaweedfs.main.access_key,
            secret_key or seaweedfs.main.secret_key,
            signature_version,
        )

    def url(
        self,
        client_method: str,
        params: dict[str, Any] | None = None,
        expires_in: int = 3600,
        http_method: str | None = None,
        *,
        signing_time: int | None = None,
    ) -> str:
        """A presigned URL; ``signing_time`` (epoch seconds) signs as of that moment."""
        call = {"Params": params, "ExpiresIn": expires_in, "HttpMethod": http_method}
        if signing_time is None:
            url = self._client.generate_presigned_url(client_method, **call)
        elif self.impl == "boto3":
            with botocore_clock(signing_time):
                url = self._client.generate_presigned_url(client_method, **call)
        else:
            url = self._client.generate_presigned_url(
                client_method, signing_time=signing_time, **call
            )
        # Prove the URL really is of the version asked for, and carries the requested time
        # (else an "expired" 403 proves nothing).
        q = query(url)
        if self.sigv2:
            assert "AWSAccessKeyId" in q and "Signature" in q, url
            if signing_time is not None:
                assert q["Expires"] == str(signing_time + expires_in)
        else:
            assert "X-Amz-Signature" in q, url
            if signing_time is not None:
                expected = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(signing_time))
                assert q["X-Amz-Date"] == expected
        return url


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def impl(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def make_presigner(impl: str, seaweedfs: Any) -> Any:
    return functools.partial(Presigner.for_server, impl, seaweedfs)


@pytest.fixture(scope="module")
def signer(make_presigner: Any) -> Presigner:
    return make_presigner()


# --- HTTP ---------------------------------------------------------------------------------------


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Send ``url`` exactly as presigned (requests would otherwise re-quote it, e.g. %7E -> ~)."""
    prepared = requests.Request(method, url, data=data, headers=headers).prepare()
    prepared.url = url
    return session.send(prepared, timeout=HTTP_TIMEOUT_S, allow_redirects=False)


def expect(resp: requests.Response, status: int, code: str | None = None) -> requests.Response:
    detail = f"{resp.request.method} {resp.request.url}\n-> {resp.status_code} {resp.text[:600]}"
    assert resp.status_code == status, detail
    if code is not None:
        assert error_code(resp) == code, detail
    return resp


def error_code(resp: requests.Response) -> str | None:
    """The S3 error code of an XML error body; None for an empty or non-XML one."""
    try:
        return ET.fromstring(resp.content).findtext("Code")
    except ET.ParseError:
        return None


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def bucket(signer: Presigner, http: requests.Session, impl: str) -> str:
    name = unique(f"s3p-{impl}")
    expect(send(http, "PUT", signer.url("create_bucket", {"Bucket": name})), 200)
    return name


def put(
    http: requests.Session, signer: Presigner, bucket: str, key: str, body: bytes
) -> requests.Response:
    url = signer.url("put_object", {"Bucket": bucket, "Key": key})
    return expect(send(http, "PUT", url, data=body), 200)


def list_v2(
    http: requests.Session, signer: Presigner, bucket: str, **params: Any
) -> tuple[list[str], list[str], ET.Element]:
    """(keys, common prefixes, root) of a ListObjectsV2 page, keys decoded if the server says
    ``EncodingType=url`` (then it sends them form-encoded: space as '+', '+' as %2B)."""
    resp = expect(
        send(http, "GET", signer.url("list_objects_v2", {"Bucket": bucket, **params})), 200
    )
    root = ET.fromstring(resp.content)
    encoded = root.findtext(f"{S3_NS}EncodingType") == "url"

    def decode(text: str) -> str:
        return unquote_plus(text) if encoded else text

    keys = [decode(e.text or "") for e in root.iter(f"{S3_NS}Key")]
    prefixes = [
        decode(e.findtext(f"{S3_NS}Prefix") or "") for e in root.iter(f"{S3_NS}CommonPrefixes")
    ]
    return keys, prefixes, root


# --- round trips --------------------------------------------------------------------------------


def test_create_bucket(signer: Presigner, http: requests.Session, impl: str) -> None:
    name = unique(f"s3p-new-{impl}")
    put_url = signer.url("put_object", {"Bucket": name, "Key": "first.txt"})
    # The server is started with -s3.autoCreateBucket=false: no bucket, no upload.
    expect(send(http, "PUT", put_url, data=b"x"), 404, "NoSuchBucket")
    expect(send(http, "PUT", signer.url("create_bucket", {"Bucket": name})), 200)
    expect(send(http, "HEAD", signer.url("head_bucket", {"Bucket": name})), 200)
    expect(send(http, "PUT", put_url, data=b"x"), 200)
    keys, _, root = list_v2(http, signer, name)
    assert root.findtext(f"{S3_NS}Name") == name
    assert keys == ["first.txt"]


def test_put_get_head_with_content_type_and_metadata(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    key = "docs/report.txt"
    body = b"hello from a presigned PUT\n" * 64
    content_type = "text/plain; charset=utf-8"
    metadata = {"color": "blue", "project-name": "s3presign"}
    url = signer.url(
        "put_object",
        {"Bucket": bucket, "Key": key, "ContentType": content_type, "Metadata": metadata},
    )
    headers = {"Content-Type": content_type, **{f"x-amz-meta-{k}": v for k, v in metadata.items()}}
    expect(send(http, "PUT", url, data=body, headers=headers), 200)

    got = expect(send(http, "GET", signer.url("get_object", {"Bucket": bucket, "Key": key})), 200)
    assert got.content == body
    assert got.headers["Content-Type"] == content_type

    head = expect(
        send(http, "HEAD", signer.url("head_object", {"Bucket": bucket, "Key": key})), 200
    )
    assert head.headers["Content-Type"] == content_type
    assert int(head.headers["Content-Length"]) == len(body)
    for k, v in metadata.items():
        assert head.headers.get(f"x-amz-meta-{k}") == v


def test_get_object_response_header_overrides(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    key = "overrides/data.bin"
    put(http, signer, bucket, key, b"\x00\x01payload")
    disposition = 'attachment; filename="report 2026 (final).csv"'
    content_type = "text/csv; charset=utf-8"
    cache_control = "no-cache, max-age=0"
    url = signer.url(
        "get_object",
        {
            "Bucket": bucket,
            "Key": key,
            "ResponseContentDisposition": disposition,
            "ResponseContentType": content_type,
            "ResponseCacheControl": cache_control,
        },
    )
    got = expect(send(http, "GET", url), 200)
    assert got.content == b"\x00\x01payload"
    assert got.headers["Content-Disposition"] == disposition
    assert got.headers["Content-Type"] == content_type
    assert got.headers["Cache-Control"] == cache_control


def test_list_objects_v2_prefix_delimiter_and_pages(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    base = unique("list") + "/"
    names = ["a.txt", "sub/b.txt", "with space+plus.txt", "\u65e5\u672c.txt"]
    for name in names:
        put(http, signer, bucket, base + name, name.encode())
    put(http, signer, bucket, unique("elsewhere") + "/c.txt", b"c")

    keys, _, root = list_v2(http, signer, bucket, Prefix=base)
    assert sorted(keys) == sorted(base + n for n in names)
    # boto3 asks for encoding-type=url on its own; the server honours it.
    assert root.findtext(f"{S3_NS}EncodingType") == "url"

    keys, prefixes, _ = list_v2(http, signer, bucket, Prefix=base, Delimiter="/")
    assert sorted(keys) == sorted(base + n for n in names if "/" not in n)
    assert prefixes == [base + "sub/"]

    seen: list[str] = []
    params: dict[str, Any] = {"Prefix": base, "MaxKeys": 3}
    for _ in range(len(names) + 1):
        page, _, root = list_v2(http, signer, bucket, **params)
        assert len(page) <= 3
        seen += page
        token = root.findtext(f"{S3_NS}NextContinuationToken")
        if root.findtext(f"{S3_NS}IsTruncated") != "true":
            break
        assert token
        params["ContinuationToken"] = token
    assert sorted(seen) == sorted(base + n for n in names)


def test_multipart_upload(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("multipart") + "/big object.bin"
    # SeaweedFS enforces S3's 5 MiB minimum for every part but the last (EntityTooSmall).
    parts = [os.urandom(5 * MIB + 7), os.urandom(1000)]
    created = expect(
        send(http, "POST", signer.url("create_multipart_upload", {"Bucket": bucket, "Key": key})),
        200,
    )
    upload_id = ET.fromstring(created.content).findtext(f"{S3_NS}UploadId")
    assert upload_id

    etags = []
    for number, data in enumerate(parts, start=1):
        url = signer.url(
            "upload_part",
            {"Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number},
        )
        etags.append(expect(send(http, "PUT", url, data=data), 200).headers["ETag"])

    body = "<CompleteMultipartUpload>{}</CompleteMultipartUpload>".format(
        "".join(
            f"<Part><PartNumber>{n}</PartNumber><ETag>{etag}</ETag></Part>"
            for n, etag in enumerate(etags, start=1)
        )
    ).encode()
    url = signer.url(
        "complete_multipart_upload", {"Bucket": bucket, "Key": key, "UploadId": upload_id}
    )
    done = expect(send(http, "POST", url, data=body), 200)
    assert ET.fromstring(done.content).findtext(f"{S3_NS}Key") == key

    got = expect(send(http, "GET", signer.url("get_object", {"Bucket": bucket, "Key": key})), 200)
    assert got.content == b"".join(parts)


def test_abort_multipart_upload(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("aborted") + ".bin"
    created = expect(
        send(http, "POST", signer.url("create_multipart_upload", {"Bucket": bucket, "Key": key})),
        200,
    )
    upload_id = ET.fromstring(created.content).findtext(f"{S3_NS}UploadId")
    ids = {"Bucket": bucket, "Key": key, "UploadId": upload_id}
    expect(send(http, "DELETE", signer.url("abort_multipart_upload", ids)), 204)
    part_url = signer.url("upload_part", {**ids, "PartNumber": 1})
    expect(send(http, "PUT", part_url, data=b"late"), 404, "NoSuchUpload")


def test_delete_object(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("doomed") + ".txt"
    put(http, signer, bucket, key, b"bye")
    get_url = signer.url("get_object", {"Bucket": bucket, "Key": key})
    expect(send(http, "GET", get_url), 200)
    expect(send(http, "DELETE", signer.url("delete_object", {"Bucket": bucket, "Key": key})), 204)
    expect(send(http, "GET", get_url), 404, "NoSuchKey")
    expect(send(http, "HEAD", signer.url("head_object", {"Bucket": bucket, "Key": key})), 404)


def test_get_object_signed_for_head(signer: Presigner, http: requests.Session, bucket: str) -> None:
    """HttpMethod changes the signed method: the URL works for HEAD and not for GET."""
    key = unique("headonly") + ".txt"
    put(http, signer, bucket, key, b"12345")
    url = signer.url("get_object", {"Bucket": bucket, "Key": key}, http_method="HEAD")
    head = expect(send(http, "HEAD", url), 200)
    assert int(head.headers["Content-Length"]) == 5
    expect(send(http, "GET", url), 403, "SignatureDoesNotMatch")


@pytest.mark.parametrize("name", HARD_KEYS, ids=[ascii(k) for k in HARD_KEYS])
def test_hard_keys(signer: Presigner, http: requests.Session, bucket: str, name: str) -> None:
    key = unique("hard") + "/" + name
    body = name.encode("utf-8")
    ids = {"Bucket": bucket, "Key": key}
    put(http, signer, bucket, key, body)
    got = expect(send(http, "GET", signer.url("get_object", ids)), 200)
    assert got.content == body
    head = expect(send(http, "HEAD", signer.url("head_object", ids)), 200)
    assert int(head.headers["Content-Length"]) == len(body)
    # The key also travels in the query string here, as the Prefix.
    keys, _, _ = list_v2(http, signer, bucket, Prefix=key)
    assert keys == [key]
    expect(send(http, "DELETE", signer.url("delete_object", ids)), 204)
    expect(send(http, "GET", signer.url("get_object", ids)), 404, "NoSuchKey")


def test_second_identity(
    make_presigner: Any, seaweedfs: Any, http: requests.Session, bucket: str
) -> None:
    other = make_presigner(seaweedfs.other.access_key, seaweedfs.other.secret_key)
    key = unique("other") + ".txt"
    url = other.url("put_object", {"Bucket": bucket, "Key": key})
    assert query(url)["X-Amz-Credential"].startswith(seaweedfs.other.access_key + "/")
    expect(send(http, "PUT", url, data=b"from the other key"), 200)
    got = expect(send(http, "GET", other.url("get_object", {"Bucket": bucket, "Key": key})), 200)
    assert got.content == b"from the other key"


# --- refusals: each must be 403, next to a control request that succeeds -----------------------


@pytest.fixture()
def stored(signer: Presigner, http: requests.Session, bucket: str) -> dict[str, str]:
    """A fresh object with a known body; returns its Bucket/Key params."""
    key = unique("guarded") + "/obj.txt"
    put(http, signer, bucket, key, b"original")
    return {"Bucket": bucket, "Key": key}


def assert_unchanged(signer: Presigner, http: requests.Session, ids: dict[str, str]) -> None:
    got = expect(send(http, "GET", signer.url("get_object", ids)), 200)
    assert got.content == b"original"


def _flip_signature(url: str) -> str:
    signature = query(url)["X-Amz-Signature"]
    flipped = signature[:10] + ("0" if signature[10] != "0" else "1") + signature[11:]
    return url.replace(f"X-Amz-Signature={signature}", f"X-Amz-Signature={flipped}")


def _later_date(url: str) -> str:
    date = query(url)["X-Amz-Date"]
    later = time.strftime(
        "%Y%m%dT%H%M%SZ", time.gmtime(calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ")) + 1)
    )
    return url.replace(f"X-Amz-Date={date}", f"X-Amz-Date={later}")


TAMPERINGS = {
    "flipped-signature-digit": _flip_signature,
    "appended-query-param": lambda url: url + "&response-content-type=text%2Fhtml",
    "longer-expires": lambda url: url.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601"),
    "date-plus-one-second": _later_date,
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
    expect(send(http, "GET", tampered), 403, "SignatureDoesNotMatch")


def test_refuses_wrong_secret_for_access_key(
    make_presigner: Any,
    seaweedfs: Any,
    http: requests.Session,
    stored: dict[str, str],
) -> None:
    # The main access key with the (real, valid) secret of the other identity.
    forged = make_presigner(seaweedfs.main.access_key, seaweedfs.other.secret_key)
    expect(send(http, "GET", forged.url("get_object", stored)), 403, "SignatureDoesNotMatch")
    put_url = forged.url("put_object", stored)
    expect(send(http, "PUT", put_url, data=b"overwritten"), 403, "SignatureDoesNotMatch")
    assert_unchanged(make_presigner(), http, stored)


def test_refuses_unknown_access_key(
    make_presigner: Any, seaweedfs: Any, http: requests.Session, stored: dict[str, str]
) -> None:
    stranger = make_presigner("AKIAUNKNOWNEXAMPLE00", seaweedfs.main.secret_key)
    expect(send(http, "GET", stranger.url("get_object", stored)), 403, "InvalidAccessKeyId")


def test_refuses_expired_url(
    signer: Presigner, http: requests.Session, stored: dict[str, str]
) -> None:
    two_hours_ago = int(time.time()) - 2 * 3600
    still_valid = signer.url("get_object", stored, expires_in=3 * 3600, signing_time=two_hours_ago)
    expect(send(http, "GET", still_valid), 200)
    expired = signer.url("get_object", stored, expires_in=60, signing_time=two_hours_ago)
    expect(send(http, "GET", expired), 403, "AccessDenied")


def test_refuses_get_url_used_for_delete(
    signer: Presigner, http: requests.Session, stored: dict[str, str]
) -> None:
    url = signer.url("get_object", stored)
    expect(send(http, "DELETE", url), 403, "SignatureDoesNotMatch")
    assert_unchanged(signer, http, stored)


def test_refuses_put_with_other_signed_headers(
    signer: Presigner, http: requests.Session, bucket: str
) -> None:
    key = unique("typed") + ".json"
    ids = {"Bucket": bucket, "Key": key}
    url = signer.url(
        "put_object", {**ids, "ContentType": "application/json", "Metadata": {"tag": "a"}}
    )
    right = {"Content-Type": "application/json", "x-amz-meta-tag": "a"}
    expect(
        send(http, "PUT", url, data=b"{}", headers={**right, "Content-Type": "text/plain"}),
        403,
        "SignatureDoesNotMatch",
    )
    expect(
        send(http, "PUT", url, data=b"{}", headers={**right, "x-amz-meta-tag": "b"}),
        403,
        "SignatureDoesNotMatch",
    )
    expect(send(http, "GET", signer.url("get_object", ids)), 404, "NoSuchKey")
    expect(send(http, "PUT", url, data=b"{}", headers=right), 200)
    got = expect(send(http, "GET", signer.url("get_object", ids)), 200)
    assert got.headers["Content-Type"] == "application/json"


# --- signed request headers the caller must send ------------------------------------------------


def test_put_object_content_md5(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("md5") + ".bin"
    body = b"checked by the server\n" * 10
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
    url = signer.url("put_object", {"Bucket": bucket, "Key": key, "ContentMD5": md5})
    # Signed header, other value: the signature fails first.
    other_md5 = base64.b64encode(hashlib.md5(b"x").digest()).decode()
    expect(send(http, "PUT", url, data=b"x", headers={"Content-MD5": other_md5}), 403)
    # Right header, wrong body: the server checks the digest itself.
    expect(send(http, "PUT", url, data=body[:-1], headers={"Content-MD5": md5}), 400, "BadDigest")
    expect(send(http, "PUT", url, data=body, headers={"Content-MD5": md5}), 200)
    got = expect(send(http, "GET", signer.url("get_object", {"Bucket": bucket, "Key": key})), 200)
    assert got.content == body


def test_get_object_range(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("range") + ".txt"
    put(http, signer, bucket, key, b"0123456789abcdef")
    url = signer.url("get_object", {"Bucket": bucket, "Key": key, "Range": "bytes=2-5"})
    got = expect(send(http, "GET", url, headers={"Range": "bytes=2-5"}), 206)
    assert got.content == b"2345"
    assert got.headers["Content-Range"] == "bytes 2-5/16"
    expect(send(http, "GET", url, headers={"Range": "bytes=3-5"}), 403, "SignatureDoesNotMatch")


def test_get_object_if_none_match(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("etag") + ".txt"
    etag = put(http, signer, bucket, key, b"same").headers["ETag"]
    url = signer.url("get_object", {"Bucket": bucket, "Key": key, "IfNoneMatch": etag})
    expect(send(http, "GET", url, headers={"If-None-Match": etag}), 304)


def test_put_object_tagging_header(signer: Presigner, http: requests.Session, bucket: str) -> None:
    key = unique("tagged") + ".txt"
    tagging = "project=s3presign&note=two words"
    url = signer.url("put_object", {"Bucket": bucket, "Key": key, "Tagging": tagging})
    expect(send(http, "PUT", url, data=b"t", headers={"x-amz-tagging": tagging}), 200)
    got = expect(
        send(http, "GET", signer.url("get_object_tagging", {"Bucket": bucket, "Key": key})), 200
    )
    tags = {
        t.findtext(f"{S3_NS}Key"): t.findtext(f"{S3_NS}Value")
        for t in ET.fromstring(got.content).iter(f"{S3_NS}Tag")
    }
    assert tags == {"project": "s3presign", "note": "two words"}


@pytest.mark.parametrize("form", ["dict", "str"])
def test_copy_object(signer: Presigner, http: requests.Session, bucket: str, form: str) -> None:
    src = unique("copy-src") + "/caf\u00e9 +%?&=#~/\U0001f600.txt"
    dst = unique("copy-dst") + "/\u65e5\u672c copy.txt"
    put(http, signer, bucket, src, b"copy me")
    source: Any = {"Bucket": bucket, "Key": src} if form == "dict" else f"{bucket}/{src}"
    url = signer.url("copy_object", {"Bucket": bucket, "Key": dst, "CopySource": source})
    # x-amz-copy-source is a signed header: send the value botocore's handler signs
    # (handlers._quote_source_header*: percent-encode "bucket/key", keeping -._~ and /).
    header = quote(f"{bucket}/{src}", safe="/~")
    # The same source spelled differently (slashes encoded) is not what was signed.
    respelled = quote(f"{bucket}/{src}", safe="~")
    expect(
        send(http, "PUT", url, headers={"x-amz-copy-source": respelled}),
        403,
        "SignatureDoesNotMatch",
    )
    expect(send(http, "PUT", url, headers={"x-amz-copy-source": header}), 200)
    got = expect(send(http, "GET", signer.url("get_object", {"Bucket": bucket, "Key": dst})), 200)
    assert got.content == b"copy me"


# --- other URL shapes ---------------------------------------------------------------------------


def test_max_expiry(signer: Presigner, http: requests.Session, stored: dict[str, str]) -> None:
    """A week is the SigV4 maximum: the server takes 604800 s and refuses one more second."""
    expect(send(http, "GET", signer.url("get_object", stored, expires_in=604800)), 200)
    if signer.impl == "s3presign":
        import s3presign

        # Deliberate difference: s3presign refuses to sign what the server would refuse.
        with pytest.raises(s3presign.ParamValidationError, match="ExpiresIn"):
            signer.url("get_object", stored, expires_in=604801)
        return
    too_long = signer.url("get_object", stored, expires_in=604801)
    expect(send(http, "GET", too_long), 400, "AuthorizationQueryParametersError")


def test_bucket_level_reads(signer: Presigner, http: requests.Session, bucket: str) -> None:
    base = unique("v1") + "/"
    for name in ("a b.txt", "c+d.txt"):
        put(http, signer, bucket, base + name, b".")

    got = expect(send(http, "GET", signer.url("list_buckets")), 200)
    names = [e.text for e in ET.fromstring(got.content).iter(f"{S3_NS}Name")]
    assert bucket in names

    expect(send(http, "GET", signer.url("get_bucket_location", {"Bucket": bucket})), 200)

    got = expect(
        send(http, "GET", signer.url("list_objects", {"Bucket": bucket, "Prefix": base})), 200
    )
    root = ET.fromstring(got.content)
    keys = [e.text or "" for e in root.iter(f"{S3_NS}Key")]
    if root.findtext(f"{S3_NS}EncodingType") == "url":
        keys = [unquote_plus(k) for k in keys]
    assert sorted(keys) == [base + "a b.txt", base + "c+d.txt"]

    marker = {"Bucket": bucket, "Prefix": base, "Marker": base + "a b.txt"}
    got = expect(send(http, "GET", signer.url("list_objects", marker)), 200)
    keys = [e.text or "" for e in ET.fromstring(got.content).iter(f"{S3_NS}Key")]
    assert [unquote_plus(k) for k in keys] == [base + "c+d.txt"]
