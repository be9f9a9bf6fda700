"""Type stubs for the Rust extension module ``s3presign._native``."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    def generate_presigned_urls_arrow(
        self,
        ClientMethod: OperationName,
        Bucket: str,
        Keys: Any,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        Params: Mapping[str, Any] | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> UrlArray | UrlStream:
        """One presigned URL per key of an Arrow array or stream, each equal to
        ``generate_presigned_url`` for that key with ``Params`` shared; a null key gives a null
        URL. No Python object is made per URL and pyarrow is not needed.

        ``Keys`` is anything exporting the Arrow PyCapsule interface, with keys of type
        ``string``, ``large_string`` or ``string_view`` (record batches and tables: their column
        named ``key``, or their only column):

        - an array (``__arrow_c_array__``: a pyarrow Array or RecordBatch, a nanoarrow array)
          gives a :class:`UrlArray`, signed now on every core;
        - a stream (``__arrow_c_stream__``: a pyarrow ChunkedArray, Table or RecordBatchReader,
          e.g. over a Parquet dataset, a polars Series or DataFrame, a DuckDB result) gives a
          :class:`UrlStream`, signed lazily one batch at a time as it is read, so memory stays
          bounded by the batch size.

        The URLs have the keys' string type (``string`` becomes ``large_string`` past 2 GiB of
        URLs in one array). Record batches give record batches with one column, ``url``. The
        call (method, ``ExpiresIn``, ``Params``...) is checked at once; a bad key raises
        ``ParamValidationError`` naming its row (``Keys[12345]: ...``), for a stream when its
        batch is read. Without ``signing_time``, a stream's batches are signed at the time each
        is read.
        """
    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles the configuration and credentials, the secret key and token included (treat
        the pickle as you would the keys). The copy signs exactly as this presigner, without
        looking at the environment or files where it is unpickled. A presigner with refreshable
        credentials (``from_boto3`` with an assumed role, SSO...) raises ``UnsupportedError``:
        make one in each worker instead.
        """
    def __copy__(self) -> Presigner:
        """The same configuration and credentials (refreshable credentials stay shared)."""
    def __deepcopy__(self, memo: Any, /) -> Presigner:
        """As ``__copy__``."""
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

@final
class UrlArray:
    """Presigned URLs as an Arrow array (``__arrow_c_array__``): ``pyarrow.array(urls)`` and
    other Arrow consumers take it without copying (``polars.Series(urls)`` too for
    ``string_view`` URLs; polars converts other string types to its own)."""

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        """The Arrow PyCapsule interface: a schema and an array capsule (the URLs keep their
        string type whatever ``requested_schema`` asks)."""
    def __len__(self) -> int:
        """The number of URLs (null ones included)."""

@final
class UrlStream:
    """Presigned URLs as an Arrow stream (``__arrow_c_stream__``), signed one batch of keys at a
    time as it is read: by an Arrow consumer (``pyarrow.RecordBatchReader.from_stream``,
    ``pyarrow.chunked_array``, ``polars.Series``...) or by iterating over it, which gives one
    :class:`UrlArray` per batch. It can be read once. An Arrow consumer reports a failure with
    its own exception type, the message naming s3presign's (``ParamValidationError: ...``);
    iterating raises s3presign's exception itself."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule interface: a stream capsule."""
    def __iter__(self) -> Iterator[UrlArray]:
        """Iterate over the URLs batch by batch."""
    def __next__(self) -> UrlArray:
        """The next batch's URLs."""

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
