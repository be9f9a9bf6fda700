"""boto3 as the oracle: a presigned URL from a real boto3 client with its clock frozen."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest import mock

import boto3
import botocore.auth
from botocore.config import Config

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@contextlib.contextmanager
def frozen_botocore_clock(when: dt.datetime) -> Iterator[None]:
    """botocore's SigV4 signers read the time through ``botocore.auth.get_current_datetime``."""
    naive_utc = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=naive_utc):
        yield


def boto3_presign(
    client_kwargs: dict[str, Any],
    method: str,
    params: dict[str, Any] | None,
    expires_in: int,
    http_method: str | None,
    when: dt.datetime,
) -> str:
    kwargs = dict(client_kwargs)
    config = kwargs.pop("config", None) or {}
    s3 = dict(config.get("s3") or {})
    cfg = Config(**{**config, "signature_version": "s3v4", "s3": s3 or None})
    client = boto3.client("s3", config=cfg, **kwargs)
    with frozen_botocore_clock(when):
        return client.generate_presigned_url(
            method, Params=params, ExpiresIn=expires_in, HttpMethod=http_method
        )
