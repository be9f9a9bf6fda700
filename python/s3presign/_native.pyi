"""Type stubs for the Rust extension module ``s3presign._native``."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, overload

from typing_extensions import final

from . import _params
from ._doctor import Verification
from ._params import OperationName, PresignedPost

__version__: str

@final
class Presigner:
    """A configured S3 presigner: what ``boto3.client("s3", ...)`` is to presigning, with
    the same arguments and byte-identical results. ``generate_presigned_url`` signs any S3
    operation, ``generate_presigned_urls`` one URL per key (on every core),
    ``generate_presigned_post`` a browser form upload, and ``verify`` checks a presigned URL
    against these credentials as S3 would, showing the canonical request and string to sign.

    Arguments not given are looked up as boto3 does: environment variables
    (``AWS_ACCESS_KEY_ID``, ``AWS_REGION``, ``AWS_ENDPOINT_URL_S3`` ...), then the shared
    ``~/.aws/credentials`` and ``~/.aws/config`` files of the active profile.
    ``config`` is a ``botocore.config.Config`` or a dict with the same field names.

    Presigned URLs are SigV4 unless ``config`` sets ``signature_version="s3"`` (SigV2,
    which S3 refuses for buckets created since 2020 and for SSE-KMS objects). With
    ``boto3_signature_default=True`` and no signature version configured (in ``config`` or
    the profile's ``s3.signature_version``), the version is chosen exactly as boto3 does:
    SigV2 in the regions where botocore still defaults presigned URLs to it (``us-east-1``,
    ``us-west-1``, ``us-west-2``, ``eu-west-1``, ``ap-northeast-1``, ``ap-southeast-1``,
    ``ap-southeast-2``, ``sa-east-1``, ``us-gov-east-1``, ``us-gov-west-1``, and
    ``aws-global``), SigV4 elsewhere.

    When the signing credentials carry an expiry (``AWS_CREDENTIAL_EXPIRATION``, or refreshable
    credentials through ``s3presign.from_boto3``) earlier than the URL's, signing warns with
    ``CredentialsExpireBeforeUrlWarning``; ``strict_expiry=True`` raises
    ``CredentialsExpireBeforeUrlError`` instead.

    The secret key is never exposed: not by an attribute, ``repr`` or an error message.
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
    ) -> Presigner: ...
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
        crt_query_order: bool = False,
        sigv4a_available: bool = False,
        other_endpoint_ruleset: bool = False,
        refused_members: list[str] = ...,
    ) -> Presigner:
        """Private, for ``s3presign.from_boto3``: a presigner from what a boto3 client resolved,
        with no environment or file lookup. ``config`` is a dict of ``Config`` fields;
        ``refresher`` returns ``(access_key, secret_key, token, expiry, refresh_at)`` and is
        called before signing once ``refresh_at`` (epoch seconds) has passed; ``expiry`` is
        when the first keys expire. ``other_endpoint_ruleset``: the client's botocore evaluates
        another S3 endpoint ruleset or partitions, so ARN, directory-bucket and bucketless calls
        are refused with ``UnsupportedError``; so are calls with one of ``refused_members``
        (members the client's botocore serialises otherwise).
        """
    def _refresh_credentials(self) -> None:
        """Private (``s3presign._aio``): take the refresher's keys now, whatever the clock says."""
    # BEGIN generate_presigned_url overloads, written by scripts/generate_operations.py
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["abort_multipart_upload"],
        Params: _params.AbortMultipartUploadParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str:
        """Presign ``ClientMethod`` (boto3's snake_case S3 method name) with ``Params``.

        ``ExpiresIn`` must be 1 to 604800 seconds. ``signing_time`` (an aware datetime or
        epoch seconds) fixes ``X-Amz-Date``; the default is now. Each operation's ``Params`` is
        typed: a misspelt operation, a misspelt member or a value of the wrong type is a type
        error.
        """
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["complete_multipart_upload"],
        Params: _params.CompleteMultipartUploadParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["copy_object"],
        Params: _params.CopyObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["create_bucket"],
        Params: _params.CreateBucketParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["create_multipart_upload"],
        Params: _params.CreateMultipartUploadParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["create_session"],
        Params: _params.CreateSessionParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket"],
        Params: _params.DeleteBucketParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_analytics_configuration"],
        Params: _params.DeleteBucketAnalyticsConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_cors"],
        Params: _params.DeleteBucketCorsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_encryption"],
        Params: _params.DeleteBucketEncryptionParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_intelligent_tiering_configuration"],
        Params: _params.DeleteBucketIntelligentTieringConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_inventory_configuration"],
        Params: _params.DeleteBucketInventoryConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_lifecycle"],
        Params: _params.DeleteBucketLifecycleParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_metadata_configuration"],
        Params: _params.DeleteBucketMetadataConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_metadata_table_configuration"],
        Params: _params.DeleteBucketMetadataTableConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_metrics_configuration"],
        Params: _params.DeleteBucketMetricsConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_ownership_controls"],
        Params: _params.DeleteBucketOwnershipControlsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_policy"],
        Params: _params.DeleteBucketPolicyParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_replication"],
        Params: _params.DeleteBucketReplicationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_tagging"],
        Params: _params.DeleteBucketTaggingParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_bucket_website"],
        Params: _params.DeleteBucketWebsiteParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_object"],
        Params: _params.DeleteObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_object_tagging"],
        Params: _params.DeleteObjectTaggingParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["delete_public_access_block"],
        Params: _params.DeletePublicAccessBlockParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_abac"],
        Params: _params.GetBucketAbacParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_accelerate_configuration"],
        Params: _params.GetBucketAccelerateConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_acl"],
        Params: _params.GetBucketAclParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_analytics_configuration"],
        Params: _params.GetBucketAnalyticsConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_cors"],
        Params: _params.GetBucketCorsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_encryption"],
        Params: _params.GetBucketEncryptionParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_intelligent_tiering_configuration"],
        Params: _params.GetBucketIntelligentTieringConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_inventory_configuration"],
        Params: _params.GetBucketInventoryConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_lifecycle"],
        Params: _params.GetBucketLifecycleParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_lifecycle_configuration"],
        Params: _params.GetBucketLifecycleConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_location"],
        Params: _params.GetBucketLocationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_logging"],
        Params: _params.GetBucketLoggingParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_metadata_configuration"],
        Params: _params.GetBucketMetadataConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_metadata_table_configuration"],
        Params: _params.GetBucketMetadataTableConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_metrics_configuration"],
        Params: _params.GetBucketMetricsConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_notification"],
        Params: _params.GetBucketNotificationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_notification_configuration"],
        Params: _params.GetBucketNotificationConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_ownership_controls"],
        Params: _params.GetBucketOwnershipControlsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_policy"],
        Params: _params.GetBucketPolicyParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_policy_status"],
        Params: _params.GetBucketPolicyStatusParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_replication"],
        Params: _params.GetBucketReplicationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_request_payment"],
        Params: _params.GetBucketRequestPaymentParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_tagging"],
        Params: _params.GetBucketTaggingParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_versioning"],
        Params: _params.GetBucketVersioningParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_bucket_website"],
        Params: _params.GetBucketWebsiteParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object"],
        Params: _params.GetObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_acl"],
        Params: _params.GetObjectAclParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_attributes"],
        Params: _params.GetObjectAttributesParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_legal_hold"],
        Params: _params.GetObjectLegalHoldParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_lock_configuration"],
        Params: _params.GetObjectLockConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_retention"],
        Params: _params.GetObjectRetentionParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_tagging"],
        Params: _params.GetObjectTaggingParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_object_torrent"],
        Params: _params.GetObjectTorrentParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["get_public_access_block"],
        Params: _params.GetPublicAccessBlockParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["head_bucket"],
        Params: _params.HeadBucketParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["head_object"],
        Params: _params.HeadObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_bucket_analytics_configurations"],
        Params: _params.ListBucketAnalyticsConfigurationsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_bucket_intelligent_tiering_configurations"],
        Params: _params.ListBucketIntelligentTieringConfigurationsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_bucket_inventory_configurations"],
        Params: _params.ListBucketInventoryConfigurationsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_bucket_metrics_configurations"],
        Params: _params.ListBucketMetricsConfigurationsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_buckets"],
        Params: _params.ListBucketsParams | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_directory_buckets"],
        Params: _params.ListDirectoryBucketsParams | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_multipart_uploads"],
        Params: _params.ListMultipartUploadsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_object_versions"],
        Params: _params.ListObjectVersionsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_objects"],
        Params: _params.ListObjectsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_objects_v2"],
        Params: _params.ListObjectsV2Params,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["list_parts"],
        Params: _params.ListPartsParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_bucket_acl"],
        Params: _params.PutBucketAclParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_bucket_lifecycle"],
        Params: _params.PutBucketLifecycleParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_bucket_lifecycle_configuration"],
        Params: _params.PutBucketLifecycleConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_bucket_policy"],
        Params: _params.PutBucketPolicyParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_object"],
        Params: _params.PutObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_object_acl"],
        Params: _params.PutObjectAclParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_object_legal_hold"],
        Params: _params.PutObjectLegalHoldParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_object_lock_configuration"],
        Params: _params.PutObjectLockConfigurationParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["put_object_retention"],
        Params: _params.PutObjectRetentionParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["rename_object"],
        Params: _params.RenameObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["restore_object"],
        Params: _params.RestoreObjectParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["upload_part"],
        Params: _params.UploadPartParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["upload_part_copy"],
        Params: _params.UploadPartCopyParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    @overload
    def generate_presigned_url(
        self,
        ClientMethod: Literal["write_get_object_response"],
        Params: _params.WriteGetObjectResponseParams,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime | float | None = None,
    ) -> str: ...
    # END generate_presigned_url overloads
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
        Ctrl-C stops a running batch; forked children sign on threads of their own.
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
    def verify(
        self,
        url: str,
        HttpMethod: str = "GET",
        headers: Mapping[str, str] | None = None,
        *,
        now: datetime | float | None = None,
    ) -> Verification:
        """Check ``url`` (a presigned URL from any SDK) against these credentials as S3 would
        when it receives it with ``HttpMethod`` and ``headers`` (the headers the client sends:
        Content-Type, x-amz-*...; ``Host`` is taken from the URL) at ``now`` (an aware
        datetime or epoch seconds; the default is now).

        The ``Verification`` says whether it is ``valid``; if not, ``part`` names what fails
        (``"access key"``, ``"scope"`` (date, region or service), ``"url"``,
        ``"not yet valid"``, ``"expired"``, ``"signed header"`` or ``"signature"``) and
        ``reason`` why. ``canonical_request`` (SigV4) and ``string_to_sign`` are in the form
        S3 prints in its ``SignatureDoesNotMatch`` error, to diff with it, and
        ``expected_signature`` is the signature these credentials give the request. A string
        that is not a presigned URL raises ``ParamValidationError``.
        """
    def _describe(self) -> dict[str, Any]:
        """Private (``repr`` and the Jupyter view): what the presigner signs with, never the
        secret or the token.
        """
    def _repr_html_(self) -> str:
        """The Jupyter view: a table of what ``repr`` shows."""
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

def _inspect_url(url: str, now: datetime | float | None = None) -> dict[str, Any]:
    """Private (``s3presign.inspect``): the facts of a presigned URL as a dict."""

def _operation_model(client_method: str) -> tuple[str, dict[str, str]]:
    """Private (the CLI): the operation's HTTP method and ``{member: shape type}``."""

def _client_partition(
    region: str | None, use_dualstack_endpoint: bool, use_fips_endpoint: bool
) -> str:
    """Private: ``client.meta.partition`` of an S3 client with these settings."""
