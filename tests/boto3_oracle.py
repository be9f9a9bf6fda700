"""boto3 as the oracle: a presigned URL from a real boto3 client with its clock frozen."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest import mock

import boto3
import botocore.auth
import botocore.signers
from botocore.config import Config

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
UTC = dt.timezone.utc


@contextlib.contextmanager
def frozen_botocore_clock(when: dt.datetime) -> Iterator[None]:
    """Make every clock botocore 1.43.11 signs with see ``when`` (aware, or naive meaning UTC):

    - ``get_current_datetime`` as imported into ``botocore.auth`` (SigV4's ``X-Amz-Date``;
      ``SigV4Auth.add_auth`` calls it with no argument, so naive UTC) and into
      ``botocore.signers`` (a POST policy's ``expiration``);
    - ``time.time`` for SigV2 (``Expires = int(time.time() + ExpiresIn)``), a fraction of a
      second in, as a real clock would be, which ``int()`` must drop.
    """
    naive = when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)

    def now(remove_tzinfo: bool = True) -> dt.datetime:
        return naive if remove_tzinfo else naive.replace(tzinfo=UTC)

    with (
        mock.patch.object(botocore.auth, "get_current_datetime", now),
        mock.patch.object(botocore.signers, "get_current_datetime", now),
        mock.patch.object(
            botocore.auth.time, "time", return_value=naive.replace(tzinfo=UTC).timestamp() + 0.625
        ),
    ):
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
