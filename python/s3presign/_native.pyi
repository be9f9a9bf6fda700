"""Type stubs for the Rust extension module ``s3presign._native``."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from typing_extensions import final

from ._params import OperationName, PresignedPost, PresignMethods

__version__: str

@final
class Presigner(PresignMethods):
    """A configured S3 presigner: what ``boto3.client("s3", ...)`` is to
    ``generate_presigned_url``, with the same arguments and byte-identical URLs.

    Arguments not given are looked up as boto3 does: environment variables
    (``AWS_ACCESS_KEY_ID``, ``AWS_REGION``, ``AWS_ENDPOINT_URL_S3`` ...), then the shared
    ``~/.aws/credentials`` and ``~/.aws/config`` files of the active profile.
    ``config`` is a ``botocore.config.Config`` or a dict with the same field names.

    When the signing credentials carry an expiry (``AWS_CREDENTIAL_EXPIRATION``, or refreshable
    credentials through ``s3presign.from_boto3``) earlier than the URL's, signing warns with
    ``CredentialsExpireBeforeUrlWarning``; ``strict_expiry=True`` raises
    ``CredentialsExpireBeforeUrlError`` instead.
    """

    def __new__(
        cls,
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
        """Configure a presigner; see the class docstring for the arguments boto3 shares.

        Presigned URLs are SigV4 unless ``config`` sets ``signature_version="s3"`` (SigV2,
        which S3 refuses for buckets created since 2020 and for SSE-KMS objects). With
        ``boto3_signature_default=True`` and no signature version configured (in ``config`` or
        the profile's ``s3.signature_version``), the version is chosen exactly as boto3 does:
        SigV2 in the regions where botocore still defaults presigned URLs to it (``us-east-1``,
        ``us-west-1``, ``us-west-2``, ``eu-west-1``, ``ap-northeast-1``, ``ap-southeast-1``,
        ``ap-southeast-2``, ``sa-east-1``, ``us-gov-east-1``, ``us-gov-west-1``, and
        ``aws-global``), SigV4 elsewhere.
        """
    @staticmethod
    def _from_resolved(
        *,
        region_name: str,
        signing_region: str,
        endpoint_url: str | None,
        aws_access_key_id: str,
        aws_secret_access_key: str,
        aws_session_token: str | None,
        config: Mapping[str, Any],
        expiry: float | None = None,
        refresher: Callable[[], tuple[str, str, str | None, float | None, float | None]]
        | None = None,
        refresh_at: float | None = None,
        boto3_signature_default: bool = False,
        strict_expiry: bool = False,
    ) -> Presigner:
        """Private (``s3presign.from_boto3``): a presigner from what a boto3 client resolved."""
    # generate_presigned_url: one overload per operation, in PresignMethods (_params.pyi).
    def generate_presigned_urls(
        self,
        ClientMethod: OperationName,
        Bucket: str,
        Keys: Iterable[str],
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        Params: Mapping[str, Any] | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> list[str]:
        """One presigned URL per key in ``Keys``, each equal to ``generate_presigned_url``
        with ``Params`` (shared members such as ``ResponseContentDisposition``) plus that
        ``Bucket`` and key. The GIL is released while signing and large batches use every core.
        A bad key fails the whole call with an error naming its index (``Keys[3]: ...``).
        """
    def generate_presigned_post(
        self,
        Bucket: str,
        Key: str,
        Fields: Mapping[str, str | int | float] | None = None,
        Conditions: Sequence[Any] | None = None,
        ExpiresIn: int = 3600,
        *,
        signing_time: datetime | float | None = None,
    ) -> PresignedPost:
        """boto3's ``generate_presigned_post``: ``{"url": ..., "fields": {...}}`` for a browser
        form upload (multipart/form-data POST, the file in the last part) of ``Key`` into
        ``Bucket``, equal to boto3's (same URL, fields in the same order, same policy bytes).

        ``Fields`` (str names, str or number values) are copied and returned with ``key`` and
        the signature fields added; ``Conditions`` are policy conditions such as
        ``{"acl": "public-read"}`` or ``["content-length-range", 1, 10485760]`` (any value
        ``json.dumps`` takes), followed by the bucket and key conditions. A ``Key`` ending in
        ``${filename}`` allows any key with that prefix. ``ExpiresIn`` (1 to 604800 seconds)
        sets the policy's expiration from ``signing_time`` (an aware datetime or epoch seconds;
        the default is now). Unlike boto3, the caller's ``Conditions`` list is not modified.
        """
    @property
    def region_name(self) -> str:
        """The client's region."""
    @property
    def endpoint_url(self) -> str | None:
        """The configured custom endpoint, if any."""
    @property
    def aws_access_key_id(self) -> str:
        """The access key id that signs (the secret is never exposed)."""
    @property
    def credentials_expiry(self) -> datetime | None:
        """When the signing credentials expire (aware, UTC), if they carry an expiry."""
    @property
    def strict_expiry(self) -> bool:
        """Whether credentials expiring before a URL raise instead of warning."""

def resolve_endpoint(params: Mapping[str, str | bool | list[str] | None]) -> dict[str, Any]:
    """Evaluate the official S3 endpoint ruleset for ``params`` (the ruleset's parameter names:
    ``Bucket``, ``Region``, ``UseFIPS``, ``UseDualStack``, ``Endpoint``, ``ForcePathStyle``,
    ``Accelerate``, ``UseGlobalEndpoint``, ``UseArnRegion``...).

    Returns ``{"url": str, "properties": dict, "headers": dict[str, list[str]]}``. A rule error
    raises ``EndpointResolutionError`` whose ``str()`` is the ruleset's message.
    """

def _client_partition(
    region: str | None, use_dualstack_endpoint: bool, use_fips_endpoint: bool
) -> str:
    """Private: ``client.meta.partition`` of an S3 client with these settings."""
