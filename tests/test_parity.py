"""Differential parity suite: s3presign's URLs must equal boto3 1.43.11's, byte for byte.

Every case runs on both sides with the same client kwargs, call and frozen signing time (see
``parity_strategies``). When boto3 raises, s3presign must raise a ``PresignError`` (for a ruleset
error: ``EndpointResolutionError`` with the same message). Each generated suite is one test that runs its whole corpus
and checks its own totals (run with ``-rA`` to see them printed): every case signed each way
(fresh, reuse, batch: ``ps.PresignerWays``) equal to boto3, 0 mismatches, the full case count.
"""

from __future__ import annotations

import datetime as dt

import parity_strategies as ps
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parity_strategies import Case, client_kwargs

pytest.importorskip("s3presign")

UTC = dt.timezone.utc


pytestmark = [pytest.mark.parity, pytest.mark.usefixtures("no_network")]


@pytest.fixture(scope="module")
def harness():
    return ps.Harness()


# --------------------------------------------------------------------------------------------
# Named cases, one or more per quirk
# --------------------------------------------------------------------------------------------

KW = client_kwargs("us-west-2")
KW_E1 = client_kwargs("us-east-1")


def c(label, method, params=None, kwargs=KW, **extra):
    return pytest.param(
        Case(client_kwargs=kwargs, method=method, params=params, label=label, **extra), id=label
    )


def s3(region="us-west-2", endpoint_url=None, **s3cfg):
    return client_kwargs(region, endpoint_url=endpoint_url, config={"s3": s3cfg})


SSE_KEY = "0123456789abcdef0123456789abcdef"
NAMED = [
    # Keys: greedy label, encoding
    c("greedy-key-slashes", "get_object", {"Bucket": "my-bucket", "Key": "a/b/c.txt"}),
    c("greedy-key-double-slash", "get_object", {"Bucket": "my-bucket", "Key": "a//b"}),
    c("greedy-key-leading-slash", "get_object", {"Bucket": "my-bucket", "Key": "/lead"}),
    c("greedy-key-trailing-slash", "put_object", {"Bucket": "my-bucket", "Key": "dir/"}),
    c("key-dot-segments", "get_object", {"Bucket": "my-bucket", "Key": "./a/../b/."}),
    c(
        "key-reserved-chars",
        "get_object",
        {"Bucket": "my-bucket", "Key": "a b+c%d?e#f~g&h=i;j:k@l$m,n*o'p!q(r)s"},
    ),
    c("key-unicode-emoji", "get_object", {"Bucket": "my-bucket", "Key": "日本/😀 é\u2028"}),
    c("key-controls", "get_object", {"Bucket": "my-bucket", "Key": "a\tb\nc\x00d\x7f"}),
    c("key-1024-bytes", "get_object", {"Bucket": "my-bucket", "Key": "k" * 1024}),
    c("x-id-get-object", "get_object", {"Bucket": "my-bucket", "Key": "k"}),
    c("x-id-put-object", "put_object", {"Bucket": "my-bucket", "Key": "k"}),
    # encoding-type=url set by botocore on list operations
    c("list-objects-encoding", "list_objects", {"Bucket": "my-bucket", "Prefix": "a b/ü"}),
    c(
        "list-objects-v2-encoding",
        "list_objects_v2",
        {"Bucket": "my-bucket", "Delimiter": "/", "MaxKeys": 5, "StartAfter": "x y"},
    ),
    c("list-object-versions-encoding", "list_object_versions", {"Bucket": "my-bucket"}),
    c(
        "list-objects-explicit-encoding",
        "list_objects_v2",
        {"EncodingType": "url", "Bucket": "my-bucket", "Prefix": "p"},
    ),
    c(
        "list-query-order",
        "list_objects_v2",
        {"StartAfter": "s", "Bucket": "my-bucket", "Prefix": "p", "FetchOwner": True},
    ),
    # SSE-C: base64 key and MD5 computed by botocore
    c(
        "sse-c-get",
        "get_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "SSECustomerAlgorithm": "AES256",
            "SSECustomerKey": SSE_KEY,
        },
    ),
    c(
        "sse-c-bytes-key",
        "head_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "SSECustomerAlgorithm": "AES256",
            "SSECustomerKey": bytes(range(32)),
        },
    ),
    c(
        "sse-c-explicit-md5",
        "put_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "SSECustomerAlgorithm": "AES256",
            "SSECustomerKey": "a2V5",
            "SSECustomerKeyMD5": "bWQ1",
        },
    ),
    c(
        "sse-c-copy-source",
        "copy_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "CopySource": "src/k",
            "CopySourceSSECustomerAlgorithm": "AES256",
            "CopySourceSSECustomerKey": SSE_KEY,
            "SSECustomerAlgorithm": "AES256",
            "SSECustomerKey": SSE_KEY,
        },
    ),
    # CopySource forms
    c(
        "copy-source-str",
        "copy_object",
        {"Bucket": "my-bucket", "Key": "k", "CopySource": "src-bucket/a b/ü+1.txt"},
    ),
    c(
        "copy-source-str-version",
        "copy_object",
        {"Bucket": "my-bucket", "Key": "k", "CopySource": "src-bucket/a b?versionId=v 1"},
    ),
    c(
        "copy-source-dict",
        "copy_object",
        {"Bucket": "my-bucket", "Key": "k", "CopySource": {"Bucket": "src", "Key": "a/b c"}},
    ),
    c(
        "copy-source-dict-version",
        "upload_part_copy",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "PartNumber": 2,
            "UploadId": "up",
            "CopySource": {
                "Bucket": "src",
                "Key": "a?b",
                "VersionId": "3/L4kqtJl40Nr8X8gdRQBpUMLUo",
            },
        },
    ),
    c(
        "copy-source-dict-arn",
        "copy_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "CopySource": {
                "Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
                "Key": "a b",
            },
        },
    ),
    c(
        "copy-source-dict-missing-key",
        "copy_object",
        {"Bucket": "my-bucket", "Key": "k", "CopySource": {"Bucket": "src"}},
    ),
    # Metadata
    c(
        "metadata",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "Metadata": {"Foo": "bar", "b-2": " x  y "}},
    ),
    c(
        "metadata-multipart",
        "create_multipart_upload",
        {"Bucket": "my-bucket", "Key": "k", "Metadata": {"a": "1"}, "ContentType": "text/plain"},
    ),
    c(
        "metadata-non-ascii",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "Metadata": {"a": "é"}},
    ),
    # Response overrides
    c(
        "response-overrides",
        "get_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "ResponseContentType": "text/plain; charset=utf-8",
            "ResponseContentDisposition": 'attachment; filename="a b.txt"',
            "ResponseCacheControl": "no-cache",
            "ResponseContentLanguage": "fr",
            "ResponseContentEncoding": "gzip",
        },
    ),
    c(
        "response-expires-timestamp",
        "get_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "ResponseExpires": dt.datetime(2030, 1, 2, 3, 4, 5, 600000, tzinfo=UTC),
        },
    ),
    c(
        "response-expires-naive",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k", "ResponseExpires": dt.datetime(2030, 1, 2, 3, 4, 5)},
    ),
    c(
        "version-id-part-number",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k", "VersionId": "a+b/c=", "PartNumber": 3},
    ),
    # Headers
    c(
        "put-content-type",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "ContentType": "image/jpeg"},
    ),
    c(
        "put-content-type-spaces",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "ContentType": "  text/plain;   charset=utf-8 "},
    ),
    c(
        "put-content-type-form",
        "put_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "ContentType": "application/x-www-form-urlencoded; charset=utf-8",
        },
    ),
    c(
        "put-content-disposition-non-ascii",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "ContentDisposition": 'attachment; filename="é.txt"'},
    ),
    c(
        "put-headers-mixed",
        "put_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "ACL": "public-read",
            "CacheControl": "max-age=60",
            "ContentLength": 1234,
            "ContentMD5": "1B2M2Y8AsgTpgAmY7PhCfg==",
            "StorageClass": "STANDARD_IA",
            "Tagging": "a=b&c=d",
            "BucketKeyEnabled": True,
            "ServerSideEncryption": "aws:kms",
            "SSEKMSKeyId": "alias/k",
        },
    ),
    c(
        "put-expires-header",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "Expires": dt.datetime(2031, 5, 6, 7, 8, 9)},
    ),
    c(
        "put-expires-header-aware",
        "put_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "Expires": dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        },
    ),
    c(
        "put-checksum-algorithm",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k", "ChecksumAlgorithm": "CRC32"},
    ),
    c(
        "put-object-lock",
        "put_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "ObjectLockMode": "GOVERNANCE",
            "ObjectLockRetainUntilDate": dt.datetime(2040, 1, 1, tzinfo=UTC),
            "ObjectLockLegalHoldStatus": "ON",
        },
    ),
    c(
        "get-if-modified-since",
        "get_object",
        {
            "Bucket": "my-bucket",
            "Key": "k",
            "IfModifiedSince": dt.datetime(2001, 2, 3, 4, 5, 6),
            "Range": "bytes=0-9",
        },
    ),
    c(
        "get-object-attributes-list-header",
        "get_object_attributes",
        {"Bucket": "my-bucket", "Key": "k", "ObjectAttributes": ["ETag", "ObjectSize"]},
    ),
    # Multipart
    c(
        "int-member-given-bool",
        "upload_part",
        {"Bucket": "my-bucket", "Key": "k", "PartNumber": True, "UploadId": "u"},
    ),
    c(
        "int-member-beyond-i64",
        "upload_part",
        {"Bucket": "my-bucket", "Key": "k", "PartNumber": 2**70, "UploadId": "u"},
    ),
    c(
        "timestamp-member-given-str",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k", "ResponseExpires": "2020-01-01T10:00:00Z"},
    ),
    c(
        "upload-part",
        "upload_part",
        {"Bucket": "my-bucket", "Key": "big/file.bin", "PartNumber": 7, "UploadId": "abc+/="},
    ),
    c("create-multipart", "create_multipart_upload", {"Bucket": "my-bucket", "Key": "k"}),
    c(
        "complete-multipart",
        "complete_multipart_upload",
        {"Bucket": "my-bucket", "Key": "k", "UploadId": "u-1"},
    ),
    c(
        "abort-multipart",
        "abort_multipart_upload",
        {"Bucket": "my-bucket", "Key": "k", "UploadId": "u-1"},
    ),
    c(
        "list-parts",
        "list_parts",
        {"Bucket": "my-bucket", "Key": "k", "UploadId": "u-1", "MaxParts": 10},
    ),
    # Bucket-level and bucketless operations
    c("list-buckets-no-params", "list_buckets", None),
    c("list-buckets", "list_buckets", {"MaxBuckets": 10, "Prefix": "p"}),
    c("head-bucket", "head_bucket", {"Bucket": "my-bucket"}),
    c("get-bucket-location", "get_bucket_location", {"Bucket": "my-bucket"}),
    c("delete-objects-needs-body", "delete_objects", {"Bucket": "my-bucket"}),
    c(
        "rename-object-client-token",
        "rename_object",
        {"Bucket": "my-bucket", "Key": "k", "RenameSource": "old", "ClientToken": "tok"},
    ),
    c(
        "write-get-object-response",
        "write_get_object_response",
        {"RequestRoute": "route-1", "RequestToken": "tok", "StatusCode": 200},
    ),
    c(
        "write-get-object-response-bad-route",
        "write_get_object_response",
        {"RequestRoute": "not a label", "RequestToken": "tok"},
    ),
    # Credentials
    c(
        "session-token",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-west-2", token=ps.SESSION_TOKEN),
    ),
    # Partitions
    *[
        c(f"partition-{p}-{r}", "get_object", {"Bucket": "my-bucket", "Key": "k"}, client_kwargs(r))
        for p, r in [
            ("aws", "eu-west-1"),
            ("aws-cn", "cn-north-1"),
            ("aws-cn", "cn-northwest-1"),
            ("aws-us-gov", "us-gov-west-1"),
            ("aws-iso", "us-iso-east-1"),
            ("aws-iso-b", "us-isob-east-1"),
            ("aws-iso-e", "eu-isoe-west-1"),
            ("aws-iso-f", "us-isof-south-1"),
            ("aws-eusc", "eusc-de-east-1"),
            ("aws", "aws-global"),
            ("unknown", "mars-west-1"),
        ]
    ],
    # Legacy pseudo-regions: botocore turns "fips" in the name into the FIPS variant and signs
    # aws-global with its credentialScope region (us-east-1).
    c(
        "region-fips-suffix",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-east-1-fips"),
    ),
    c(
        "region-fips-prefix",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("fips-us-gov-west-1"),
    ),
    # botocore's legacy resolver refuses dual-stack where the partition has no such variant.
    c(
        "dualstack-iso-e",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("eu-isoe-west-1", use_dualstack_endpoint=True),
    ),
    c("region-none", "get_object", {"Bucket": "my-bucket", "Key": "k"}, client_kwargs(None)),
    # FIPS / dual-stack / accelerate
    c(
        "fips",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-east-2", use_fips_endpoint=True),
    ),
    c(
        "fips-gov",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-gov-west-1", use_fips_endpoint=True),
    ),
    c(
        "fips-cn-error",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("cn-north-1", use_fips_endpoint=True),
    ),
    c(
        "fips-dotted-path",
        "get_object",
        {"Bucket": "my.bucket", "Key": "k"},
        client_kwargs("us-east-2", use_fips_endpoint=True),
    ),
    c(
        "dualstack-config",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("eu-west-1", use_dualstack_endpoint=True),
    ),
    c(
        "dualstack-s3-config",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("eu-west-1", use_dualstack_endpoint=True),
    ),
    c(
        "fips-dualstack",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-west-2", use_fips_endpoint=True, use_dualstack_endpoint=True),
    ),
    c(
        "accelerate",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("us-west-2", use_accelerate_endpoint=True),
    ),
    c(
        "accelerate-dualstack",
        "put_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("us-west-2", use_accelerate_endpoint=True, use_dualstack_endpoint=True),
    ),
    c(
        "accelerate-dotted-error",
        "get_object",
        {"Bucket": "my.bucket", "Key": "k"},
        s3("us-west-2", use_accelerate_endpoint=True),
    ),
    c(
        "accelerate-path-style-ignored",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("us-west-2", use_accelerate_endpoint=True, addressing_style="path"),
    ),
    c(
        "accelerate-fips-error",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs(
            "us-west-2", use_fips_endpoint=True, config={"s3": {"use_accelerate_endpoint": True}}
        ),
    ),
    c(
        "accelerate-cn-error",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("cn-north-1", use_accelerate_endpoint=True),
    ),
    c("accelerate-list-buckets", "list_buckets", {}, s3("us-west-2", use_accelerate_endpoint=True)),
    # Addressing styles
    *[
        c(
            f"addressing-{style}-{bucket}",
            "get_object",
            {"Bucket": bucket, "Key": "k"},
            s3(region, addressing_style=style),
        )
        for style in ("auto", "virtual", "path")
        for bucket in ("my-bucket", "my.bucket", "My_Bucket", "ab")
        for region in ("us-east-1", "eu-west-1")
    ],
    c(
        "us-east-1-regional",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("us-east-1", us_east_1_regional_endpoint="regional"),
    ),
    c(
        "us-east-1-legacy",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("us-east-1", us_east_1_regional_endpoint="legacy"),
    ),
    c(
        "us-east-1-regional-path",
        "get_object",
        {"Bucket": "my.bucket", "Key": "k"},
        s3("us-east-1", us_east_1_regional_endpoint="regional", addressing_style="path"),
    ),
    c("bucket-uppercase", "get_object", {"Bucket": "MyBucket", "Key": "k"}),
    c("bucket-underscore", "get_object", {"Bucket": "my_bucket", "Key": "k"}),
    c("bucket-ip", "get_object", {"Bucket": "192.168.1.1", "Key": "k"}),
    c("bucket-express", "get_object", {"Bucket": "mybucket--usw2-az1--x-s3", "Key": "k"}),
    c("bucket-express-xa", "get_object", {"Bucket": "mybucket--use1-az4--xa-s3", "Key": "k"}),
    c(
        "bucket-express-path",
        "put_object",
        {"Bucket": "mybucket--usw2-az1--x-s3", "Key": "k"},
        s3("us-west-2", addressing_style="path"),
    ),
    c("bucket-invalid-chars", "get_object", {"Bucket": "my bucket/x", "Key": "k"}),
    # Custom endpoints
    c(
        "minio-port",
        "get_object",
        {"Bucket": "my-bucket", "Key": "a b"},
        client_kwargs("us-east-1", endpoint_url="http://localhost:9000"),
    ),
    c(
        "minio-port-path",
        "put_object",
        {"Bucket": "my-bucket", "Key": "a b"},
        client_kwargs(
            "us-east-1",
            endpoint_url="http://127.0.0.1:9000",
            config={"s3": {"addressing_style": "path"}},
        ),
    ),
    c(
        "seaweedfs",
        "get_object",
        {"Bucket": "bucket", "Key": "x/y"},
        client_kwargs("us-east-1", endpoint_url="http://127.0.0.1:8333"),
    ),
    c(
        "r2",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("auto", endpoint_url="https://0123456789abcdef.r2.cloudflarestorage.com"),
    ),
    c(
        "r2-virtual",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs(
            "auto",
            endpoint_url="https://0123456789abcdef.r2.cloudflarestorage.com",
            config={"s3": {"addressing_style": "virtual"}},
        ),
    ),
    c(
        "endpoint-base-path",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-east-1", endpoint_url="https://minio.example.com:9443/base/path"),
    ),
    c(
        "endpoint-base-path-slash",
        "list_objects_v2",
        {"Bucket": "my-bucket"},
        client_kwargs("us-east-1", endpoint_url="https://example.com/base/"),
    ),
    c(
        "endpoint-dotted-bucket",
        "get_object",
        {"Bucket": "my.bucket", "Key": "k"},
        client_kwargs("us-east-1", endpoint_url="https://example.com"),
    ),
    c(
        "endpoint-dualstack-ignored",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-east-1", endpoint_url="https://example.com", use_dualstack_endpoint=True),
    ),
    c(
        "endpoint-fips",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs("us-east-1", endpoint_url="https://example.com", use_fips_endpoint=True),
    ),
    c(
        "endpoint-accelerate",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        client_kwargs(
            "us-east-1",
            endpoint_url="https://example.com",
            config={"s3": {"use_accelerate_endpoint": True}},
        ),
    ),
    # Access points and other ARNs
    *[
        c(f"arn-{i}", "get_object", {"Bucket": arn, "Key": "a/b c"}, client_kwargs(region))
        for i, arn in enumerate(ps.ARN_BUCKETS)
        for region in ("us-west-2", "us-east-1")
    ],
    c(
        "arn-no-arn-region",
        "get_object",
        {"Bucket": "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap", "Key": "k"},
        s3("us-west-2", use_arn_region=False),
    ),
    c(
        "arn-fips",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "Key": "k"},
        client_kwargs("us-west-2", use_fips_endpoint=True),
    ),
    c(
        "arn-dualstack",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "Key": "k"},
        client_kwargs("us-west-2", use_dualstack_endpoint=True),
    ),
    c(
        "arn-accelerate-error",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "Key": "k"},
        s3("us-west-2", use_accelerate_endpoint=True),
    ),
    # HttpMethod overrides
    c("http-get-on-put", "put_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="GET"),
    c("http-put-on-get", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="PUT"),
    c("http-post", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="POST"),
    c("http-delete", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="DELETE"),
    c("http-head", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="HEAD"),
    c("http-lowercase", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="get"),
    c("http-token", "get_object", {"Bucket": "my-bucket", "Key": "k"}, http_method="PATCH"),
    # ExpiresIn and signing time forms
    c("expires-default", "get_object", {"Bucket": "my-bucket", "Key": "k"}, pass_expires=False),
    c("expires-1", "get_object", {"Bucket": "my-bucket", "Key": "k"}, expires_in=1),
    c("expires-max", "get_object", {"Bucket": "my-bucket", "Key": "k"}, expires_in=604800),
    c("expires-integral-float", "get_object", {"Bucket": "my-bucket", "Key": "k"}, expires_in=60.0),
    c(
        "signing-time-epoch",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        signing_time_form="epoch",
    ),
    c(
        "signing-time-offset",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        signing_time=dt.datetime(
            2024, 2, 29, 23, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))
        ),
    ),
    c(
        "signing-time-microseconds",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        signing_time=dt.datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ),
    c(
        "config-object",
        "get_object",
        {"Bucket": "my-bucket", "Key": "k"},
        s3("eu-west-1", addressing_style="path"),
        config_form="Config",
    ),
]


@pytest.mark.parametrize("case", NAMED)
def test_named(harness, case):
    harness.check(case)


def test_frozen_clock_is_deterministic_and_restored(harness):
    """Two boto3 clients at the same frozen time agree; the real clock comes back afterwards."""
    import botocore.auth

    original = botocore.auth.get_current_datetime
    case = Case(
        client_kwargs=KW,
        method="get_object",
        params={"Bucket": "b-1", "Key": "k"},
        signing_time=dt.datetime(2011, 12, 13, 14, 15, 16, tzinfo=UTC),
    )
    first = harness.oracle.presign(case)
    second = ps.Boto3Oracle().presign(case)
    assert first == second
    assert "X-Amz-Date=20111213T141516Z" in first
    assert botocore.auth.get_current_datetime is original
    later = Case(
        **{**case.__dict__, "signing_time": dt.datetime(2011, 12, 13, 14, 15, 17, tzinfo=UTC)}
    )
    assert harness.oracle.presign(later) != first  # the time really is signed


def test_harness_detects_differences(harness):
    """The comparison can fail: a changed URL, a missing error and a spurious error are caught."""
    ok = Case(client_kwargs=KW, method="get_object", params={"Bucket": "my-bucket", "Key": "k"})
    bad = Case(client_kwargs=KW, method="get_object", params={"Bucket": "my-bucket"})
    oracle = harness.oracle

    class Boom(Exception):
        pass

    def tampered(case):
        url = oracle.presign(case)
        return url[:-1] + ("0" if url[-1] != "0" else "1")

    def raising(case):
        raise Boom("no")

    for subject, case in [
        (tampered, ok),
        (lambda _: "https://example.com/", bad),
        (raising, ok),
    ]:
        probe = ps.Harness(oracle, subject=subject, subject_errors=lambda: (Boom,))
        with pytest.raises(AssertionError):
            probe.check(case)
        assert probe.stats["mismatches"] == 1
    # and the same subject/oracle pair agrees with itself
    assert ps.Harness(oracle, subject=oracle.presign).check(ok) == "ok"


# --------------------------------------------------------------------------------------------
# Generated cases (hypothesis). Totals: 800 + 888 + 400 + 250 = 2338 per default run, each
# signed fresh, after another key (reuse) and, for Bucket and Key operations, in a batch.
# --------------------------------------------------------------------------------------------

OPERATION_EXAMPLES = 8  # per operation: 888 in all
GENERATED_TESTS = {
    "test_generated_object_keys": 800,
    "test_generated_operations": OPERATION_EXAMPLES * len(ps.OPERATIONS),
    "test_generated_client_configs": 400,
    "test_generated_endpoint_errors": 250,
}


def _settings(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def check_totals(suite, examples):
    """A generated suite's own totals: its full case count, each signed every way, no mismatch."""
    print(suite.summary())
    stats = suite.stats
    assert stats["mismatches"] == 0, suite.summary()
    assert stats["cases"] >= examples, suite.summary()
    assert stats["fresh"] == stats["reuse"] == stats["cases"], suite.summary()
    assert stats["batch"] <= stats["cases"], suite.summary()


OBJECT_METHODS = st.sampled_from(
    [
        "get_object",
        "put_object",
        "head_object",
        "delete_object",
        "upload_part",
        "create_multipart_upload",
        "get_object_tagging",
    ]
)


@pytest.mark.slow
def test_generated_object_keys(harness):
    suite = ps.Harness(harness.oracle)

    @_settings(GENERATED_TESTS["test_generated_object_keys"])
    @given(case=ps.cases(methods=OBJECT_METHODS, label="generated object keys"))
    def run(case):
        suite.check(case)

    run()
    check_totals(suite, GENERATED_TESTS["test_generated_object_keys"])
    assert suite.stats["ok_path"] > suite.stats["error_path"], suite.summary()
    assert suite.stats["batch"] > suite.stats["cases"] / 2, suite.summary()


@pytest.mark.slow
@pytest.mark.parametrize("method", sorted(ps.OPERATIONS))
def test_generated_operations(harness, method):
    """Every operation of botocore's model, with random valid non-payload members; one that
    needs no body reaches a URL comparison."""
    suite = ps.Harness(harness.oracle)

    @_settings(OPERATION_EXAMPLES)
    @given(data=st.data())
    def run(data):
        suite.check(data.draw(ps.cases(methods=st.just(method), label="generated operation")))

    run()
    check_totals(suite, OPERATION_EXAMPLES)
    if method in ps.PRESIGNABLE_OPERATIONS:
        assert suite.methods_ok[method] > 0, f"{method} never compared: {suite.summary()}"


CONFIG_METHODS = st.sampled_from(
    [
        "get_object",
        "put_object",
        "list_objects_v2",
        "list_buckets",
        "head_bucket",
        "copy_object",
        "upload_part",
    ]
)


CONFIG_CASES = ps.cases(
    methods=CONFIG_METHODS,
    kwargs_strategy=ps.client_kwargs_strategy(
        region_strategy=st.one_of(st.sampled_from(ps.ALL_REGIONS), st.none()),
        endpoint_strategy=st.one_of(st.none(), st.none(), st.sampled_from(ps.CUSTOM_ENDPOINTS)),
    ),
    label="generated client config",
)


@pytest.mark.slow
def test_generated_client_configs(harness):
    suite = ps.Harness(harness.oracle)

    @_settings(GENERATED_TESTS["test_generated_client_configs"])
    @given(case=CONFIG_CASES)
    def run(case):
        suite.check(case)

    run()
    check_totals(suite, GENERATED_TESTS["test_generated_client_configs"])
    assert suite.stats["ok_path"] > suite.stats["error_path"], suite.summary()


@st.composite
def error_prone_cases(draw):
    """Combinations the ruleset (or botocore) rejects, mixed with their valid neighbours."""
    kind = draw(
        st.sampled_from(
            [
                "accelerate-bucket",
                "custom-endpoint-flags",
                "fips-accelerate",
                "arn-flags",
                "invalid-region",
                "partition-flags",
                "lone-surrogate-key",
                "missing-required",
            ]
        )
    )
    region = draw(st.sampled_from(ps.ALL_REGIONS))
    bucket = draw(ps.buckets)
    key = draw(ps.keys)
    s3cfg, cfg, endpoint = {}, {}, None
    params = {"Bucket": bucket, "Key": key}
    method = draw(st.sampled_from(["get_object", "put_object"]))
    if kind == "accelerate-bucket":
        s3cfg["use_accelerate_endpoint"] = True
        params["Bucket"] = draw(
            st.one_of(
                st.sampled_from(["my.bucket", "My_Bucket", "ab", "a..b", "192.168.0.1"]), ps.buckets
            )
        )
        s3cfg["addressing_style"] = draw(st.sampled_from(["auto", "virtual", "path"]))
    elif kind == "custom-endpoint-flags":
        # botocore drops FIPS/dual-stack when endpoint_url is set (no error); accelerate with a
        # custom endpoint is a ruleset error.
        endpoint = draw(st.sampled_from(ps.CUSTOM_ENDPOINTS))
        if draw(st.booleans()):
            cfg["use_dualstack_endpoint"] = True
        else:
            s3cfg["use_dualstack_endpoint"] = True
        cfg["use_fips_endpoint"] = draw(st.booleans())
        s3cfg["use_accelerate_endpoint"] = draw(st.booleans())
        s3cfg["addressing_style"] = draw(st.sampled_from(["auto", "virtual", "path"]))
    elif kind == "fips-accelerate":
        cfg["use_fips_endpoint"] = True
        s3cfg["use_accelerate_endpoint"] = draw(st.booleans())
        cfg["use_dualstack_endpoint"] = draw(st.booleans())
    elif kind == "arn-flags":
        params["Bucket"] = draw(st.sampled_from(ps.ARN_BUCKETS))
        s3cfg["use_accelerate_endpoint"] = draw(st.booleans())
        s3cfg["use_arn_region"] = draw(st.booleans())
        cfg["use_fips_endpoint"] = draw(st.booleans())
        cfg["use_dualstack_endpoint"] = draw(st.booleans())
        endpoint = draw(st.one_of(st.none(), st.sampled_from(ps.CUSTOM_ENDPOINTS)))
    elif kind == "invalid-region":
        region = draw(st.sampled_from(ps.INVALID_REGIONS))
    elif kind == "partition-flags":
        region = draw(
            st.sampled_from(
                [
                    r
                    for p, rs in ps.REGIONS_BY_PARTITION.items()
                    if p not in ("aws", "other")
                    for r in rs
                ]
            )
        )
        s3cfg["use_accelerate_endpoint"] = draw(st.booleans())
        cfg["use_fips_endpoint"] = draw(st.booleans())
        cfg["use_dualstack_endpoint"] = draw(st.booleans())
    elif kind == "lone-surrogate-key":
        params["Key"] = key + draw(st.sampled_from(["\ud800", "\udfff", "\udc80x"]))
    elif kind == "missing-required":
        del params[draw(st.sampled_from(["Bucket", "Key"]))]
    if s3cfg:
        cfg["s3"] = s3cfg
    return Case(
        client_kwargs=client_kwargs(region, endpoint_url=endpoint, config=cfg),
        method=method,
        params=params,
        expires_in=draw(ps.expires),
        signing_time=draw(ps.signing_times),
        config_form=draw(st.sampled_from(["dict", "Config"])),
        label=f"error-prone: {kind}",
    )


@pytest.mark.slow
def test_generated_endpoint_errors(harness):
    """The generators reach boto3's error paths, not only its happy path."""
    suite = ps.Harness(harness.oracle)

    @_settings(GENERATED_TESTS["test_generated_endpoint_errors"])
    @given(case=error_prone_cases())
    def run(case):
        suite.check(case)

    run()
    check_totals(suite, GENERATED_TESTS["test_generated_endpoint_errors"])
    for error in ("EndpointResolutionError", "ParamValidationError", "InvalidRegionError"):
        assert suite.boto3_errors[error] > 0, f"no {error} was generated: {suite.summary()}"
