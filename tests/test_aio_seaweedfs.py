"""Round trips against a real S3 server (SeaweedFS, see ``conftest.py``) with URLs and forms
from patched aiobotocore clients and s3fs: the server accepts what the fast path signed,
including with refreshable credentials that rotate between two identities at every call.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import pytest
import requests
import s3presign
from aiobotocore.credentials import AioRefreshableCredentials
from aiobotocore.session import AioSession
from botocore.config import Config

HTTP_TIMEOUT_S = 30
CONFIG = Config(signature_version="s3v4", s3={"addressing_style": "path"})


def served(client: Any) -> bool:
    """The patched client's last calls were the fast path's (a Presigner was built)."""
    return client._s3presign_patch.presigner is not None


def check(resp: requests.Response, status: int) -> requests.Response:
    assert resp.status_code == status, f"{resp.status_code} {resp.text[:600]}"
    return resp


class Rotation:
    """Keys of the server's two identities in turn, expiring within the advisory window, so
    that aiobotocore (and so the patched client) refreshes them at every call."""

    def __init__(self, identities: list) -> None:
        self.identities = identities
        self.calls = 0

    async def __call__(self) -> dict:
        identity = self.identities[self.calls % len(self.identities)]
        self.calls += 1
        expiry = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=14)
        return {
            "access_key": identity.access_key,
            "secret_key": identity.secret_key,
            "token": None,
            "expiry_time": expiry.isoformat(),
        }


def test_patched_aio_client_round_trip(seaweedfs: Any, http: requests.Session) -> None:
    bucket = f"aio-{uuid.uuid4().hex[:12]}"
    body = b"async presigned \x00\xff" * 8

    async def scenario() -> None:
        session = AioSession()
        kwargs = {
            "region_name": seaweedfs.region_name,
            "endpoint_url": seaweedfs.endpoint_url,
            "aws_access_key_id": seaweedfs.main.access_key,
            "aws_secret_access_key": seaweedfs.main.secret_key,
            "config": CONFIG,
        }
        async with session.create_client("s3", **kwargs) as s3:
            s3presign.patch(s3)
            url = await s3.generate_presigned_url("create_bucket", {"Bucket": bucket})
            check(http.put(url, timeout=HTTP_TIMEOUT_S), 200)
            url = await s3.generate_presigned_url(
                "put_object", {"Bucket": bucket, "Key": "a b/c.bin", "ContentType": "text/plain"}
            )
            put = http.put(
                url, data=body, headers={"Content-Type": "text/plain"}, timeout=HTTP_TIMEOUT_S
            )
            check(put, 200)
            post = await s3.generate_presigned_post(
                bucket, "form/${filename}", Conditions=[["content-length-range", 1, 1024]]
            )
            upload = http.post(
                post["url"],
                data=post["fields"],
                files={"file": ("up.bin", body, "application/octet-stream")},
                timeout=HTTP_TIMEOUT_S,
            )
            check(upload, 204)
            for key in ("a b/c.bin", "form/up.bin"):
                url = await s3.generate_presigned_url("get_object", {"Bucket": bucket, "Key": key})
                assert check(http.get(url, timeout=HTTP_TIMEOUT_S), 200).content == body
            assert served(s3)

        # Refreshable credentials, a new identity's keys at every call.
        rotation = Rotation([seaweedfs.main, seaweedfs.other])
        session._credentials = AioRefreshableCredentials.create_from_metadata(
            await rotation(), rotation, "test"
        )
        del kwargs["aws_access_key_id"], kwargs["aws_secret_access_key"]
        async with session.create_client("s3", **kwargs) as s3:
            s3presign.patch(s3)
            seen = set()
            for _ in range(4):
                url = await s3.generate_presigned_url(
                    "get_object", {"Bucket": bucket, "Key": "a b/c.bin"}
                )
                seen.add(url.split("X-Amz-Credential=")[1].split("%2F")[0])
                assert check(http.get(url, timeout=HTTP_TIMEOUT_S), 200).content == body
            assert seen == {seaweedfs.main.access_key, seaweedfs.other.access_key}
            assert served(s3)

    with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning):
        asyncio.run(scenario())


def test_s3fs_sign_round_trip(seaweedfs: Any, http: requests.Session) -> None:
    s3fs = pytest.importorskip("s3fs")
    s3presign.patch()
    try:
        fs = s3fs.S3FileSystem(
            key=seaweedfs.main.access_key,
            secret=seaweedfs.main.secret_key,
            endpoint_url=seaweedfs.endpoint_url,
            client_kwargs={"region_name": seaweedfs.region_name},
            config_kwargs={"s3": {"addressing_style": "path"}, "signature_version": "s3v4"},
            skip_instance_cache=True,
        )
        bucket = f"s3fs-{uuid.uuid4().hex[:12]}"
        fs.mkdir(bucket)
        fs.pipe(f"{bucket}/dir/file.txt", b"from s3fs")
        url = fs.sign(f"{bucket}/dir/file.txt", expiration=60)
        assert check(http.get(url, timeout=HTTP_TIMEOUT_S), 200).content == b"from s3fs"
        assert s3presign._boto3.is_patched(fs.s3) and served(fs.s3)
    finally:
        s3presign.unpatch()
