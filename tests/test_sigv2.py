"""SigV2 presigned URLs (``signature_version="s3"``) and boto3's default signature version.

Whole URLs are compared with boto3 1.43.11's, with botocore's clocks frozen
(``conftest.frozen_botocore_clock``: ``get_current_datetime`` for SigV4, ``time.time`` for
``HmacV1QueryAuth``'s ``Expires = int(time.time() + ExpiresIn)``).

(a) ``config={"signature_version": "s3"}`` on both sides: named cases and generated ones.
(b) boto3 clients with NO signature version against ``Presigner(..., boto3_signature_default=True)``
    over every region of every partition of botocore's endpoints.json / partitions.json, crossed
    with addressing styles, custom endpoints and the endpoint flags; both SigV2 and SigV4 URLs must
    come out of it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import itertools
import os
from collections import Counter
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
import botocore.loaders
import parity_strategies as ps
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parity_strategies import Case

pytest.importorskip("s3presign")

UTC = dt.timezone.utc


def signature_kind(url: str) -> str:
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    if "AWSAccessKeyId" in query and "Signature" in query:
        return "sigv2"
    if "X-Amz-Signature" in query:
        return "sigv4"
    return "other"


class FrozenOracle(ps.Boto3Oracle):
    """``ps.Boto3Oracle`` whose retries never sleep: with no signature version, an S3 Express
    bucket makes boto3 call CreateSession, which the isolated network refuses."""

    def presign(self, case: Case) -> str:
        with mock.patch.object(botocore.auth.time, "sleep"):
            return super().presign(case)


class SigV2Harness(ps.Harness):
    """``ps.Harness`` (every way: fresh, reuse, batch) with ``boto3_signature_default`` given to
    the presigners, counting which signature each of boto3's URLs carried (``signed``)."""

    def __init__(self, oracle: ps.Boto3Oracle, boto3_signature_default: bool = False, **kw: Any):
        presigner = functools.partial(
            ps.make_presigner, boto3_signature_default=boto3_signature_default
        )
        super().__init__(oracle, presigner=presigner, **kw)
        self.signed: Counter = Counter()

    def expected(self, case: Case) -> tuple:
        status, value = super().expected(case)
        if status == "ok":
            self.signed[signature_kind(value)] += 1
        return status, value


def make_subject(boto3_signature_default: bool) -> Any:
    """``ps.s3presign_presign`` with ``boto3_signature_default`` passed to the Presigner."""
    return functools.partial(ps.s3presign_presign, boto3_signature_default=boto3_signature_default)


pytestmark = [pytest.mark.parity, pytest.mark.usefixtures("no_network")]


@pytest.fixture(scope="module")
def oracle():
    return FrozenOracle()


@pytest.fixture(scope="module")
def harness(oracle):
    return SigV2Harness(oracle)


@pytest.fixture(scope="module")
def default_harness(oracle):
    return SigV2Harness(oracle, boto3_signature_default=True)


# --------------------------------------------------------------------------------------------
# (a) signature_version="s3"
# --------------------------------------------------------------------------------------------


def v2(region: str | None = "us-east-1", endpoint_url=None, token=None, **config) -> dict:
    cfg = {"signature_version": "s3", **config}
    return ps.client_kwargs(region, endpoint_url=endpoint_url, token=token, config=cfg)


def c(label, method, params=None, kwargs=None, **extra):
    kwargs = kwargs if kwargs is not None else v2()
    return pytest.param(
        Case(client_kwargs=kwargs, method=method, params=params, label=label, **extra), id=label
    )


B = "my-bucket"
NAMED = [
    c("get", "get_object", {"Bucket": B, "Key": "photos/1.jpg"}),
    c("put-content-type", "put_object", {"Bucket": B, "Key": "k", "ContentType": "text/plain"}),
    c(
        "put-content-type-padded",
        "put_object",
        {"Bucket": B, "Key": "k", "ContentType": "  text/plain ; charset=utf-8 "},
    ),
    c(
        "put-form-content-type",
        "put_object",
        {
            "Bucket": B,
            "Key": "k",
            "ContentType": "application/x-www-form-urlencoded; charset=utf-8",
        },
    ),
    c(
        "put-metadata",
        "put_object",
        {"Bucket": B, "Key": "k", "Metadata": {"Zeta": " z ", "alpha": "a,b", "Mixed-Case": "M"}},
    ),
    c(
        "put-md5-acl-storage-class-sse",
        "put_object",
        {
            "Bucket": B,
            "Key": "k",
            "ContentMD5": "1B2M2Y8AsgTpgAmY7PhCfg==",
            "ACL": "public-read",
            "StorageClass": "STANDARD_IA",
            "ServerSideEncryption": "AES256",
            "Tagging": "a=b&c=d",
            "CacheControl": "max-age=60",
            "Expires": dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        },
    ),
    c(
        "get-response-overrides",
        "get_object",
        {
            "Bucket": B,
            "Key": "k",
            "ResponseContentDisposition": 'attachment; filename="r\u00e9sum\u00e9 1.pdf"',
            "ResponseContentType": "application/pdf",
            "ResponseCacheControl": "no-cache",
            "ResponseContentLanguage": "en",
            "ResponseContentEncoding": "gzip",
            "ResponseExpires": dt.datetime(2030, 1, 1, tzinfo=UTC),
            "VersionId": "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
            "PartNumber": 2,
        },
    ),
    c("get-range-if-match", "get_object", {"Bucket": B, "Key": "k", "Range": "bytes=0-9"}),
    c("create-multipart-upload", "create_multipart_upload", {"Bucket": B, "Key": "a/b"}),
    c(
        "upload-part",
        "upload_part",
        {"Bucket": B, "Key": "a/b", "UploadId": "up+load/id=", "PartNumber": 7},
    ),
    c(
        "complete-multipart-upload",
        "complete_multipart_upload",
        {"Bucket": B, "Key": "k", "UploadId": "u"},
    ),
    c(
        "abort-multipart-upload",
        "abort_multipart_upload",
        {"Bucket": B, "Key": "k", "UploadId": "u"},
    ),
    c("list-parts", "list_parts", {"Bucket": B, "Key": "k", "UploadId": "u", "MaxParts": 5}),
    c("list-multipart-uploads", "list_multipart_uploads", {"Bucket": B, "Prefix": "p"}),
    c("list-objects", "list_objects", {"Bucket": B, "Prefix": "a b/", "Delimiter": "/"}),
    c("list-objects-v2", "list_objects_v2", {"Bucket": B, "MaxKeys": 10, "StartAfter": "x"}),
    c("list-object-versions", "list_object_versions", {"Bucket": B, "KeyMarker": "k"}),
    c("list-buckets", "list_buckets"),
    c("head-bucket", "head_bucket", {"Bucket": B}),
    c("get-bucket-acl", "get_bucket_acl", {"Bucket": B}),
    c("get-bucket-location", "get_bucket_location", {"Bucket": B}),
    c("get-bucket-tagging", "get_bucket_tagging", {"Bucket": B}),
    c("get-object-tagging", "get_object_tagging", {"Bucket": B, "Key": "k", "VersionId": "v"}),
    c("get-object-acl", "get_object_acl", {"Bucket": B, "Key": "k"}),
    c("delete-object", "delete_object", {"Bucket": B, "Key": "k", "VersionId": "v"}),
    c(
        "copy-object",
        "copy_object",
        {"Bucket": B, "Key": "k", "CopySource": "src/a b.txt?versionId=v1"},
    ),
    c(
        "select-object-content-error",
        "select_object_content",
        {"Bucket": B, "Key": "k"},
    ),
    c("session-token", "get_object", {"Bucket": B, "Key": "k"}, v2(token=ps.SESSION_TOKEN)),
    c(
        "session-token-put-metadata",
        "put_object",
        {"Bucket": B, "Key": "k", "Metadata": {"m": "v"}, "ContentType": "a/b"},
        v2(token="tok/with+chars="),
    ),
    c(
        "unicode-key",
        "get_object",
        {"Bucket": B, "Key": "caf\u00e9/\u65e5\u672c/\U0001f600 a+b%c?d#e&f=g~"},
    ),
    c("key-dot-segments", "get_object", {"Bucket": B, "Key": "./a/../b/."}),
    c("key-leading-slash", "get_object", {"Bucket": B, "Key": "/lead//x"}),
    c("dotted-bucket", "get_object", {"Bucket": "my.dotted.bucket", "Key": "k"}),
    c("upper-case-bucket-path-style", "get_object", {"Bucket": "MyBucket", "Key": "k"}),
    c("http-method-override", "put_object", {"Bucket": B, "Key": "k"}, http_method="get"),
    c("http-method-head", "get_object", {"Bucket": B, "Key": "k"}, http_method="HEAD"),
    c("expires-1", "get_object", {"Bucket": B, "Key": "k"}, expires_in=1),
    c("expires-7-days", "get_object", {"Bucket": B, "Key": "k"}, expires_in=604800),
    c("expires-default", "get_object", {"Bucket": B, "Key": "k"}, pass_expires=False),
    c("config-object", "get_object", {"Bucket": B, "Key": "k"}, config_form="Config"),
    c("epoch-signing-time", "get_object", {"Bucket": B, "Key": "k"}, signing_time_form="epoch"),
    # Addressing, endpoints, regions
    c("path-style", "get_object", {"Bucket": B, "Key": "k"}, v2(s3={"addressing_style": "path"})),
    c(
        "virtual-style",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2(s3={"addressing_style": "virtual"}),
    ),
    c(
        "virtual-style-list-buckets",
        "list_buckets",
        None,
        v2(s3={"addressing_style": "virtual"}),
    ),
    c(
        "accelerate",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2(s3={"use_accelerate_endpoint": True}),
    ),
    c(
        "accelerate-dualstack",
        "put_object",
        {"Bucket": B, "Key": "k"},
        v2(s3={"use_accelerate_endpoint": True, "use_dualstack_endpoint": True}),
    ),
    c(
        "dualstack",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2("eu-west-1", s3={"use_dualstack_endpoint": True}),
    ),
    c("fips", "get_object", {"Bucket": B, "Key": "k"}, v2("us-west-2", use_fips_endpoint=True)),
    c(
        "us-east-1-regional",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2(s3={"us_east_1_regional_endpoint": "regional"}),
    ),
    c("region-eu-central-1", "get_object", {"Bucket": B, "Key": "k"}, v2("eu-central-1")),
    c("region-cn-north-1", "get_object", {"Bucket": B, "Key": "k"}, v2("cn-north-1")),
    c("region-us-gov-west-1", "get_object", {"Bucket": B, "Key": "k"}, v2("us-gov-west-1")),
    c("no-region", "get_object", {"Bucket": B, "Key": "k"}, v2(None)),
    c(
        "custom-endpoint-seaweedfs",
        "get_object",
        {"Bucket": B, "Key": "a b/c"},
        v2(endpoint_url="http://127.0.0.1:8333"),
    ),
    c(
        "custom-endpoint-base-path",
        "put_object",
        {"Bucket": B, "Key": "k", "ContentType": "x/y"},
        v2(endpoint_url="https://minio.example.com:9443/base/path"),
    ),
    c(
        "custom-endpoint-base-path-list-buckets",
        "list_buckets",
        None,
        v2(endpoint_url="https://minio.example.com:9443/base/path"),
    ),
    c(
        "custom-endpoint-trailing-slash-bucket-op",
        "list_objects_v2",
        {"Bucket": B},
        v2(endpoint_url="https://storage.example.com/a/b/"),
    ),
    c(
        "custom-endpoint-virtual",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2(endpoint_url="https://storage.example.com", s3={"addressing_style": "virtual"}),
    ),
    c(
        "custom-endpoint-ipv6",
        "get_object",
        {"Bucket": B, "Key": "k"},
        v2(endpoint_url="http://[::1]:9000"),
    ),
    # ARN buckets: the access point ARN leaves the signed resource.
    c(
        "access-point-arn",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "Key": "a/b"},
    ),
    c(
        "access-point-arn-bucket-op",
        "list_objects_v2",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"},
    ),
    c(
        "object-lambda-arn",
        "get_object",
        {
            "Bucket": "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap",
            "Key": "k",
        },
    ),
    c(
        "outposts-arn",
        "get_object",
        {
            "Bucket": "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/"
            "accesspoint/my-ap",
            "Key": "k",
        },
    ),
    # A configured "s3" matches none of the ruleset's auth schemes: botocore signs a SigV2 URL
    # S3 refuses; s3presign refuses it (UnsupportedError, a documented refusal) as for SigV4.
    c(
        "mrap-arn",
        "get_object",
        {"Bucket": "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap", "Key": "k"},
    ),
    c("invalid-bucket-error", "get_object", {"Bucket": "a/b", "Key": "k"}),
    c("missing-key-error", "get_object", {"Bucket": B}),
]


@pytest.mark.parametrize("case", NAMED)
def test_named(harness, case):
    if harness.check(case) == "ok":
        assert signature_kind(harness.oracle.presign(case)) == "sigv2"


def test_harness_catches_a_tampered_sigv2_url(oracle):
    """The comparison can fail for SigV2 URLs: one changed character is a mismatch."""
    case = Case(client_kwargs=v2(), method="get_object", params={"Bucket": B, "Key": "k"})

    def tampered(case: Case) -> str:
        url = make_subject(False)(case)
        return url.replace("Signature=", "Signature=A", 1)

    with pytest.raises(AssertionError):
        SigV2Harness(oracle, subject=tampered).check(case)


def test_expires_follows_time_time_not_the_sigv4_clock(oracle):
    """boto3's SigV2 Expires is int(time.time() + ExpiresIn): the s3presign URL changes with the
    signing second exactly as boto3's does."""
    subject = make_subject(False)
    base = Case(client_kwargs=v2(), method="get_object", params={"Bucket": B, "Key": "k"})
    later = Case(**{**base.__dict__, "signing_time": base.signing_time + dt.timedelta(seconds=1)})
    assert subject(base) == oracle.presign(base)
    assert subject(later) == oracle.presign(later)
    assert subject(base) != subject(later)


def to_sigv2(kwargs: dict) -> dict:
    kwargs = copy.deepcopy(kwargs)
    kwargs["config"] = {**kwargs["config"], "signature_version": "s3"}
    return kwargs


GENERATED = {"test_generated_sigv2": 600, "test_generated_sigv2_client_configs": 300}


def _settings(max_examples: int) -> Any:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def run_generated(harness: SigV2Harness, examples: int, cases: Any) -> SigV2Harness:
    """``examples`` generated cases on a new harness sharing ``harness``'s oracle and options;
    checks its own totals: the full count, every case signed each way, no mismatch."""
    suite = SigV2Harness(
        harness.oracle,
        boto3_signature_default=harness.presigner_ways.factory.keywords["boto3_signature_default"],
    )

    @_settings(examples)
    @given(case=cases)
    def run(case: Case) -> None:
        suite.check(case)

    run()
    print(suite.summary(), dict(suite.signed))
    stats = suite.stats
    assert stats["mismatches"] == 0 and stats["cases"] >= examples, suite.summary()
    assert stats["fresh"] == stats["reuse"] == stats["cases"], suite.summary()
    return suite


@pytest.mark.slow
def test_generated_sigv2(harness):
    """Any operation, generated parameters and client options, signature_version="s3"."""
    run_generated(
        harness,
        GENERATED["test_generated_sigv2"],
        ps.cases(
            kwargs_strategy=ps.client_kwargs_strategy().map(to_sigv2), label="generated sigv2"
        ),
    )


@pytest.mark.slow
def test_generated_sigv2_client_configs(harness):
    suite = run_generated(
        harness,
        GENERATED["test_generated_sigv2_client_configs"],
        ps.cases(
            methods=st.sampled_from(
                ["get_object", "put_object", "list_objects", "upload_part", "list_buckets"]
            ),
            kwargs_strategy=ps.client_kwargs_strategy(
                region_strategy=st.one_of(st.sampled_from(ps.ALL_REGIONS), st.none()),
                endpoint_strategy=st.one_of(st.none(), st.sampled_from(ps.CUSTOM_ENDPOINTS)),
            ).map(to_sigv2),
            label="generated sigv2 client config",
        ),
    )
    assert suite.stats["batch"] > 0, suite.summary()


# --------------------------------------------------------------------------------------------
# (b) boto3's default: no signature version configured
# --------------------------------------------------------------------------------------------


def all_regions() -> list:
    """Every region and S3 endpoint name of every partition botocore knows, with the partition
    placeholders of partitions.json, regex-only names, pseudo regions and no region at all."""
    loader = botocore.loaders.create_loader()
    names: list = []
    for partition in loader.load_data("endpoints")["partitions"]:
        names += list(partition["regions"])
        names += list(partition["services"].get("s3", {}).get("endpoints", {}))
    for partition in loader.load_data("partitions")["partitions"]:
        names += list(partition["regions"])
    names += [r for rs in ps.REGIONS_BY_PARTITION.values() for r in rs]
    return [None, *dict.fromkeys(names)]


REGIONS = all_regions()
# (endpoint_url, config) pairs: none sets signature_version.
OPTIONS = [
    (None, {}),
    (None, {"s3": {"addressing_style": "virtual"}}),
    (None, {"s3": {"addressing_style": "path"}}),
    (None, {"s3": {"use_accelerate_endpoint": True}}),
    (None, {"s3": {"use_dualstack_endpoint": True}}),
    (None, {"use_dualstack_endpoint": True, "use_fips_endpoint": True}),
    (None, {"use_fips_endpoint": True}),
    (None, {"s3": {"us_east_1_regional_endpoint": "regional"}}),
    ("http://127.0.0.1:8333", {}),
    ("https://minio.example.com:9443/base/path", {"s3": {"addressing_style": "virtual"}}),
]
CALLS = [
    ("get_object", {"Bucket": "my-bucket", "Key": "a b/c"}),
    ("put_object", {"Bucket": "my.dotted.bucket", "Key": "k", "ContentType": "text/plain"}),
    ("get_object", {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "Key": "k"}),
    ("list_buckets", None),
]


def default_kwargs(region: str | None, endpoint_url: str | None, config: dict) -> dict:
    kwargs = ps.client_kwargs(region, endpoint_url=endpoint_url, config=config)
    del kwargs["config"]["signature_version"]
    return kwargs


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: str(r))
def test_boto3_default_every_region(default_harness, region):
    """Every region x addressing x endpoint URL x flags x bucket kind, with no signature version:
    the same URL (SigV2 or SigV4) as boto3."""
    for (endpoint_url, config), (method, params) in itertools.product(OPTIONS, CALLS):
        case = Case(
            client_kwargs=default_kwargs(region, endpoint_url, config),
            method=method,
            params=params,
            label=f"boto3 default {region}",
        )
        default_harness.check(case)


def test_boto3_default_gave_both_signatures(oracle):
    """The sweep above compares SigV2 and SigV4 URLs: boto3 gives both over its inputs."""
    signed: Counter = Counter()
    for region in REGIONS:
        for (endpoint_url, config), (method, params) in itertools.product(OPTIONS, CALLS):
            case = Case(
                client_kwargs=default_kwargs(region, endpoint_url, config),
                method=method,
                params=params,
            )
            with contextlib.suppress(Exception):
                signed[signature_kind(oracle.presign(case))] += 1
    print(f"URLs compared by signature: {dict(signed)}")
    assert signed["sigv2"] > 100 and signed["sigv4"] > 100, signed


@pytest.mark.parametrize(
    "region", ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", None]
)
def test_default_without_the_flag_is_sigv4(oracle, region):
    """Without boto3_signature_default, s3presign signs SigV4 where boto3 defaults to SigV2 (and
    its URL is then the one boto3 gives with signature_version="s3v4")."""
    params = {"Bucket": "my-bucket", "Key": "k"}
    case = Case(client_kwargs=default_kwargs(region, None, {}), method="get_object", params=params)
    ours = make_subject(False)(case)
    assert signature_kind(ours) == "sigv4"
    v4 = Case(**{**case.__dict__, "client_kwargs": ps.client_kwargs(region)})
    assert ours == oracle.presign(v4)


@pytest.mark.parametrize("version", ["s3", "s3v4"])
def test_profile_signature_version_disables_the_default(default_harness, version, tmp_path):
    """A signature_version in the profile's s3 section counts as configured: boto3 then never
    defaults to SigV2 (and, for presigning, signs SigV4 whatever the value)."""
    config_file = tmp_path / "config"
    config_file.write_text(f"[default]\ns3 =\n  signature_version = {version}\n")
    saved = os.environ.get("AWS_CONFIG_FILE")
    os.environ["AWS_CONFIG_FILE"] = str(config_file)
    try:
        case = Case(
            client_kwargs=default_kwargs("us-east-1", None, {}),
            method="get_object",
            params={"Bucket": "my-bucket", "Key": "k"},
        )
        oracle = FrozenOracle()  # a fresh client that reads this profile
        assert SigV2Harness(oracle, boto3_signature_default=True).check(case) == "ok"
        assert signature_kind(oracle.presign(case)) == "sigv4"
    finally:
        if saved is None:
            del os.environ["AWS_CONFIG_FILE"]
        else:
            os.environ["AWS_CONFIG_FILE"] = saved


@pytest.mark.slow
def test_generated_boto3_default(default_harness):
    """Generated operations and client options with no signature version configured."""
    run_generated(
        default_harness,
        300,
        ps.cases(
            kwargs_strategy=ps.client_kwargs_strategy().map(
                lambda kw: {
                    **kw,
                    "config": {k: v for k, v in kw["config"].items() if k != "signature_version"},
                }
            ),
            label="generated boto3 default",
        ),
    )


def test_batch_sigv2_matches_boto3(oracle):
    """generate_presigned_urls signs SigV2 batches (sequential and parallel sizes) key by key,
    each URL equal to boto3's for that key."""
    import s3presign

    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    kwargs = v2("us-west-2", token=ps.SESSION_TOKEN)
    p = s3presign.client(**kwargs)
    shared = {"ResponseContentDisposition": "attachment"}
    for count in (3, 5000):
        keys = [f"k/{i} \u00e9" for i in range(count)]
        batch = p.generate_presigned_urls(
            "get_object", "my-bucket", keys, 600, None, shared, signing_time=when
        )
        assert len(batch) == count
        for i in (0, count // 2, count - 1):
            case = Case(
                client_kwargs=kwargs,
                method="get_object",
                params={"Bucket": "my-bucket", "Key": keys[i], **shared},
                expires_in=600,
                signing_time=when,
            )
            assert batch[i] == oracle.presign(case)
            assert signature_kind(batch[i]) == "sigv2"


def test_sigv2_calls_in_sequence_match_boto3(oracle):
    """One SigV2 client signing calls that differ only in Key (the SigV4 key-only fast path's
    case), then in other members: each URL equals boto3's."""
    import s3presign

    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    kwargs = v2("eu-west-1")
    p = s3presign.client(**kwargs)
    calls = [
        ("get_object", {"Bucket": B, "Key": "a"}),
        ("get_object", {"Bucket": B, "Key": "b/c d"}),
        ("get_object", {"Bucket": B, "Key": "e", "ResponseContentType": "x/y"}),
        ("get_object", {"Bucket": B, "Key": "f", "ResponseContentType": "x/y"}),
        ("put_object", {"Bucket": B, "Key": "f", "ContentType": "x/y"}),
        ("put_object", {"Bucket": B, "Key": "g", "ContentType": "x/y"}),
        ("get_object", {"Bucket": "other-bucket", "Key": "g"}),
    ]
    for method, params in calls:
        case = Case(client_kwargs=kwargs, method=method, params=params, signing_time=when)
        expected = oracle.presign(case)
        assert p.generate_presigned_url(method, params, signing_time=when) == expected
        assert signature_kind(expected) == "sigv2"
