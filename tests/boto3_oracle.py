"""boto3 as the oracle: a presigned URL from a real boto3 client with its clock frozen."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import types
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


def _frozen_datetime_class(naive: dt.datetime) -> type:
    class FrozenDatetime(dt.datetime):
        @classmethod
        def utcnow(cls) -> dt.datetime:  # type: ignore[override]
            return naive

        @classmethod
        def now(cls, tz: Any = None) -> dt.datetime:  # type: ignore[override]
            return naive if tz is None else naive.replace(tzinfo=UTC).astimezone(tz)

    return FrozenDatetime


@contextlib.contextmanager
def frozen_botocore_clock(when: dt.datetime) -> Iterator[None]:
    """Make every clock botocore (1.34 to 1.44) signs with see ``when`` (aware, or naive meaning UTC):

    - ``get_current_datetime`` as imported into ``botocore.auth`` (SigV4's ``X-Amz-Date``;
      ``SigV4Auth.add_auth`` calls it with no argument, so naive UTC) and into
      ``botocore.signers`` (a POST policy's ``expiration``);
    - ``get_current_datetime`` in ``botocore.crt.auth`` when awscrt signs SigV4;
    - ``time.time`` for SigV2 (``Expires = int(time.time() + ExpiresIn)``), a fraction of a
      second in, as a real clock would be, which ``int()`` must drop.
    """
    naive = when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)

    def now(remove_tzinfo: bool = True) -> dt.datetime:
        return naive if remove_tzinfo else naive.replace(tzinfo=UTC)

    with contextlib.ExitStack() as stack:
        if hasattr(botocore.auth, "get_current_datetime"):
            stack.enter_context(mock.patch.object(botocore.auth, "get_current_datetime", now))
            stack.enter_context(mock.patch.object(botocore.signers, "get_current_datetime", now))
        else:  # botocore before 1.35: datetime.datetime.utcnow() in auth and signers
            frozen = types.SimpleNamespace(
                datetime=_frozen_datetime_class(naive), timedelta=dt.timedelta, timezone=UTC
            )
            stack.enter_context(mock.patch.object(botocore.auth, "datetime", frozen))
            stack.enter_context(mock.patch.object(botocore.signers, "datetime", frozen))
        stack.enter_context(
            mock.patch.object(
                botocore.auth.time,
                "time",
                return_value=naive.replace(tzinfo=UTC).timestamp() + 0.625,
            )
        )
        crt_auth = sys.modules.get("botocore.crt.auth")  # awscrt's SigV4 signer, when installed
        if crt_auth is not None:
            stack.enter_context(mock.patch.object(crt_auth, "get_current_datetime", now))
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
