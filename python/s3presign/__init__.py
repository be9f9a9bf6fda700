"""boto3-identical Amazon S3 presigned URLs from a Rust core.

Switch from boto3 by changing how the client is made::

    s3 = s3presign.client(region_name="eu-west-1")          # was boto3.client("s3", ...)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
"""

from __future__ import annotations

# Not `typing`: importing it (and the `re` and `enum` it pulls in) would triple the import time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime
    from typing import Any

    from ._aio import AioPresigner
    from ._doctor import UrlInfo, Verification
    from ._params import PresignedPost

from ._errors import (
    CredentialsExpireBeforeUrlError,
    CredentialsExpireBeforeUrlWarning,
    EndpointResolutionError,
    InvalidConfigError,
    NoCredentialsError,
    ParamValidationError,
    PresignError,
    UnknownClientMethodError,
    UnsupportedError,
)
from ._native import Presigner, UrlArray, UrlStream, __version__, resolve_endpoint


def client(
    *,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    aws_session_token: str | None = None,
    config: Any = None,
    boto3_signature_default: bool = False,
    strict_expiry: bool = False,
) -> Presigner:
    """Make a :class:`Presigner`, taking the keyword arguments of ``boto3.client("s3", ...)``."""
    return Presigner(
        region_name=region_name,
        endpoint_url=endpoint_url,
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key=aws_secret_access_key,
        aws_session_token=aws_session_token,
        config=config,
        boto3_signature_default=boto3_signature_default,
        strict_expiry=strict_expiry,
    )


def from_boto3(client_or_session: Any, *, strict_expiry: bool = False) -> Presigner:
    """A :class:`Presigner` configured as this boto3 S3 client (or ``session.client("s3")``)
    is: region, endpoint, config and credentials; refreshable credentials stay live."""
    from ._boto3 import from_boto3

    return from_boto3(client_or_session, strict_expiry=strict_expiry)


async def from_aiobotocore(client_or_session: Any, *, strict_expiry: bool = False) -> AioPresigner:
    """The async twin of :func:`from_boto3` for an aiobotocore S3 client (aioboto3's and
    s3fs's are aiobotocore clients) or an ``AioSession``/``aioboto3.Session``: an
    :class:`AioPresigner` configured as the client is, whose methods are coroutines that
    await the client's credentials at the first call and, for refreshable ones, within
    botocore's advisory refresh window, as aiobotocore does (never while they are fresh).

    Raises ``UnsupportedError`` for a client s3presign cannot reproduce exactly,
    ``NoCredentialsError`` when it has none, ``TypeError`` for anything else."""
    from ._aio import from_aiobotocore

    return await from_aiobotocore(client_or_session, strict_expiry=strict_expiry)


def patch(client: Any = None) -> None:
    """Give a boto3 S3 client (or, with no argument, every S3 client created from now on) the
    fast ``generate_presigned_url`` / ``generate_presigned_post``; anything else falls through
    to botocore, so results and exceptions stay botocore's. aiobotocore clients (aioboto3's,
    s3fs's) are covered too, their methods staying coroutines."""
    from ._boto3 import patch

    patch(client)


def unpatch(client: Any = None) -> None:
    """Undo :func:`patch` for one client, or for client creation and the clients it patched."""
    from ._boto3 import unpatch

    unpatch(client)


def patch_status(client: Any) -> Any:
    """Whether a boto3 S3 client is patched and served by the fast path.

    Returns a ``PatchStatus`` with ``patched`` (``patch`` put its wrappers on the client),
    ``served`` (its calls take the fast path; decided now if no call has yet), ``reason`` (why
    not: e.g. a handler of its own on a presigning event, or a configuration s3presign cannot
    reproduce) and ``operations`` (``{method: why}`` for operations, or some of their calls,
    that botocore serves). Each reason is also logged once per client at DEBUG level on the
    ``s3presign`` logger.
    """
    from ._boto3 import patch_status

    return patch_status(client)


def inspect(url: str, *, now: Any = None) -> UrlInfo:
    """Read a presigned URL made by any SDK, without credentials: signature version, bucket,
    key, region, who signed it, when it expires, signed headers, and ``warnings`` about what
    will make S3 refuse it. ``now`` (an aware datetime or epoch seconds) is the time
    ``expired`` and ``warnings`` are judged at. A string that is not a presigned URL raises
    ``ParamValidationError`` saying what is missing."""
    from ._doctor import inspect

    return inspect(url, now=now)


def __getattr__(name: str) -> Any:
    # UrlInfo and Verification live in a module imported on first use (import time matters).
    if name in ("UrlInfo", "Verification"):
        from . import _doctor

        return getattr(_doctor, name)
    # AioPresigner lives with the aiobotocore bridge, which imports botocore: loaded on use.
    if name == "AioPresigner":
        from ._aio import AioPresigner

        return AioPresigner
    raise AttributeError(f"module 's3presign' has no attribute {name!r}")


if TYPE_CHECKING:
    # One overload per operation, with its typed Params.
    from ._params import generate_presigned_url as generate_presigned_url
else:

    def generate_presigned_url(
        ClientMethod,
        Params=None,
        ExpiresIn=3600,
        HttpMethod=None,
        *,
        signing_time=None,
        **client_kwargs,
    ):
        """One-off presigned URL: ``client(**client_kwargs).generate_presigned_url(...)``."""
        return client(**client_kwargs).generate_presigned_url(
            ClientMethod, Params, ExpiresIn, HttpMethod, signing_time=signing_time
        )


def generate_presigned_post(
    Bucket: str,
    Key: str,
    Fields: Mapping[str, str | int | float] | None = None,
    Conditions: Sequence[Any] | None = None,
    ExpiresIn: int = 3600,
    *,
    signing_time: datetime | float | None = None,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    aws_session_token: str | None = None,
    config: Any = None,
    boto3_signature_default: bool = False,
    strict_expiry: bool = False,
) -> PresignedPost:
    """One-off presigned POST: ``client(...).generate_presigned_post(...)``, the client
    keyword arguments being :func:`client`'s."""
    return client(
        region_name=region_name,
        endpoint_url=endpoint_url,
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key=aws_secret_access_key,
        aws_session_token=aws_session_token,
        config=config,
        boto3_signature_default=boto3_signature_default,
        strict_expiry=strict_expiry,
    ).generate_presigned_post(Bucket, Key, Fields, Conditions, ExpiresIn, signing_time=signing_time)


__all__ = [
    "CredentialsExpireBeforeUrlError",
    "CredentialsExpireBeforeUrlWarning",
    "EndpointResolutionError",
    "InvalidConfigError",
    "NoCredentialsError",
    "ParamValidationError",
    "PresignError",
    "Presigner",
    "UnknownClientMethodError",
    "UnsupportedError",
    "UrlArray",
    "UrlInfo",
    "UrlStream",
    "Verification",
    "__version__",
    "client",
    "from_aiobotocore",
    "from_boto3",
    "generate_presigned_post",
    "generate_presigned_url",
    "inspect",
    "patch",
    "patch_status",
    "resolve_endpoint",
    "unpatch",
]
