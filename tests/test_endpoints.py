"""The S3 endpoint ruleset engine against the official vectors and against botocore itself."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import botocore.session
import pytest
import s3presign
from botocore.config import Config
from botocore.endpoint_provider import EndpointProvider
from botocore.exceptions import EndpointResolutionError as BotoEndpointResolutionError
from botocore.exceptions import EndpointVariantError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from s3presign import _native

REPO = Path(__file__).resolve().parents[1]
VECTORS = Path(
    os.environ.get(
        "S3_ENDPOINT_TESTS",
        Path(__file__).resolve().parents[2] / "shared" / "data" / "s3-endpoint-tests-1.json",
    )
)

_SESSION = botocore.session.get_session()
_LOADER = _SESSION.get_component("data_loader")
PROVIDER = EndpointProvider(
    _LOADER.load_service_model("s3", "endpoint-rule-set-1"), _LOADER.load_data("partitions")
)


# --- generated data -------------------------------------------------------------------------


def test_generated_files_match_installed_botocore():
    spec = importlib.util.spec_from_file_location(
        "generate_endpoints", REPO / "scripts" / "generate_endpoints.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.generate()
    # The \w / \d / NFKC tables come from Python's own unicodedata: only comparable on the
    # Python version that generated them.
    unicode_file = module.OUT_DIR / "python_unicode.json"
    if unicode_file.is_file():
        recorded = json.loads(unicode_file.read_text()).get("python")
        if recorded != json.loads(expected["python_unicode.json"])["python"]:
            expected.pop("python_unicode.json")
    stale = [
        name
        for name, content in expected.items()
        if not (module.OUT_DIR / name).is_file() or (module.OUT_DIR / name).read_text() != content
    ]
    assert not stale, (
        f"src/generated/{stale} differ from what the installed botocore gives: "
        "run `python scripts/generate_endpoints.py`, rebuild and commit the result"
    )


# --- helpers --------------------------------------------------------------------------------


def ours(params):
    try:
        return ("ok", s3presign.resolve_endpoint(params))
    except s3presign.EndpointResolutionError as e:
        return ("error", str(e))


def botocores(params):
    try:
        ep = PROVIDER.resolve_endpoint(**params)
    except BotoEndpointResolutionError as e:
        return ("error", str(e))
    except (ValueError, TypeError) as e:  # botocore lets these escape from parseURL
        return ("error", str(e))
    return ("ok", {"url": ep.url, "properties": ep.properties, "headers": ep.headers})


# --- official vectors -----------------------------------------------------------------------


def _vector_cases():
    if not VECTORS.is_file():
        return [pytest.param(None, id="vectors-absent")]
    cases = json.loads(VECTORS.read_text())["testCases"]
    return [pytest.param(case, id=f"case{i:03d}") for i, case in enumerate(cases)]


@pytest.mark.parametrize("case", _vector_cases())
def test_official_vector(case):
    if case is None:
        pytest.skip(f"{VECTORS} not found (set S3_ENDPOINT_TESTS)")
    params = case.get("params", {})
    expect = case["expect"]
    got = ours(params)
    if "error" in expect:
        assert got == ("error", expect["error"])
    else:
        want = expect["endpoint"]
        assert got[0] == "ok", got
        assert got[1]["url"] == want["url"]
        assert got[1]["properties"] == want.get("properties", {})
        assert got[1]["headers"] == want.get("headers", {})
    # And botocore agrees with both.
    assert got == botocores(dict(params))


# --- generated parameters, compared with botocore ------------------------------------------

_partitions = _LOADER.load_data("partitions")["partitions"]
KNOWN_REGIONS = sorted({r for p in _partitions for r in p["regions"]})
REGIONS = st.one_of(
    st.sampled_from(KNOWN_REGIONS),
    st.sampled_from(
        [
            "us-east-1",
            "us-west-2",
            "aws-global",
            "cn-north-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
            "us-foo-7",
            "cn-south-9",
            "eusc-de-west-2",
            "us-iso-north-3",
            "mars-east-1",
            "fips-us-east-1",
            "us-east-1-fips",
            "s3-external-1",
            "a b",
            "",
            "US-EAST-1",
            "us-east-1\n",
            "us_east_1",
            "us-east-١",
        ]
    ),
    st.from_regex(r"\A[a-z]{2,4}(-[a-z0-9]{1,6}){0,3}\Z"),
)
LABEL = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}[a-z0-9]\Z")
BUCKETS = st.one_of(
    LABEL,
    st.builds(lambda a, b: f"{a}.{b}", LABEL, LABEL),
    st.sampled_from(
        [
            "bucket",
            "my.bucket.name",
            "My-Bucket",
            "ab",
            "a" * 63,
            "a" * 64,
            "192.168.1.1",
            "bucket-",
            "-bucket",
            "bucket..name",
            "bucket name",
            "mybucket--usw2-az1--x-s3",
            "mybucket--use1-az4--x-s3",
            "mybucket--usw2-az1--xa-s3",
            "my.bucket--usw2-az1--x-s3",
            "mybucket--test-ab1--x-s3",
            "bucket--op-s3",
            "bücket",
            "bucket\n",
        ]
    ),
    st.text(min_size=0, max_size=12),
)
ARN_PARTITIONS = st.sampled_from(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-eusc", "xyz", ""])
ARN_SERVICES = st.sampled_from(["s3", "s3-outposts", "s3-object-lambda", "sqs", ""])
ARN_REGIONS = st.one_of(st.just(""), REGIONS)
ARN_ACCOUNTS = st.sampled_from(["123456789012", "", "abc", "123456789012-x"])
ARN_RESOURCES = st.one_of(
    st.sampled_from(
        [
            "accesspoint:myendpoint",
            "accesspoint/myendpoint",
            "accesspoint:my.endpoint",
            "accesspoint:",
            "accesspoint:my-ap:extra",
            "accesspoint:mfzwi23gnjvgw.mrap",
            "accesspoint:myendpoint.mrap",
            "outpost:op-01234567890123456:accesspoint:reports",
            "outpost/op-01234567890123456/accesspoint/reports",
            "outpost:op-01234567890123456:bucket:mybucket",
            "outpost/op-01234567890123456/bucket/mybucket",
            "outpost:op-01234567890123456",
            "outpost:op-01234567890123456:accesspoint",
            "outpost:op_bad:accesspoint:reports",
            "bucket_name:mybucket",
            "bucket:mybucket",
            "banner",
        ]
    ),
    st.builds(lambda a, b: f"{a}:{b}", st.sampled_from(["accesspoint", "outpost"]), LABEL),
)
ARNS = st.builds(
    lambda p, s, r, a, res: f"arn:{p}:{s}:{r}:{a}:{res}",
    ARN_PARTITIONS,
    ARN_SERVICES,
    ARN_REGIONS,
    ARN_ACCOUNTS,
    ARN_RESOURCES,
)
ENDPOINTS = st.one_of(
    st.builds(
        lambda scheme, host, port, path: f"{scheme}://{host}{port}{path}",
        st.sampled_from(["https", "http", "HTTPS", "ftp"]),
        st.one_of(
            st.sampled_from(
                [
                    "example.com",
                    "s3.example.com",
                    "127.0.0.1",
                    "10.0.0.1",
                    "[::1]",
                    "[fe80::1%25en0]",
                    "[2001:db8::1]",
                    "localhost",
                    "Example.COM",
                    "user@host.example",
                    "999.1.1.1",
                ]
            ),
            LABEL,
        ),
        st.sampled_from(["", ":443", ":8080", ":9000", ":0", ":70000", ":abc"]),
        st.sampled_from(
            ["", "/", "/path", "/path/", "/a//b/../c", "/p;params", "/?q=1", "/#frag", "/ü"]
        ),
    ),
    st.sampled_from(["not a url", "https://", "http://[::1", "https://[zz]/", "//host/x"]),
)
OPT_BOOL = st.one_of(st.none(), st.booleans())
# Flags that mostly conflict with each other: usually off, so more cases reach an endpoint.
RARE_BOOL = st.sampled_from([None, False, False, False, True])
OPT_STR = st.one_of(st.none(), st.sampled_from(["key", "a/b/c", "", "prefix/"]))

PARAMS = st.fixed_dictionaries(
    {"Region": st.one_of(REGIONS, REGIONS, REGIONS, st.none())},
    optional={
        "Bucket": st.one_of(BUCKETS, ARNS),
        "UseFIPS": RARE_BOOL,
        "UseDualStack": RARE_BOOL,
        "Endpoint": st.one_of(st.none(), ENDPOINTS),
        "ForcePathStyle": OPT_BOOL,
        "Accelerate": RARE_BOOL,
        "UseGlobalEndpoint": OPT_BOOL,
        "UseObjectLambdaEndpoint": OPT_BOOL,
        "Key": OPT_STR,
        "Prefix": OPT_STR,
        "CopySource": OPT_STR,
        "DisableAccessPoints": OPT_BOOL,
        "DisableMultiRegionAccessPoints": OPT_BOOL,
        "UseArnRegion": OPT_BOOL,
        "UseS3ExpressControlEndpoint": OPT_BOOL,
        "DisableS3ExpressSessionAuth": OPT_BOOL,
    },
)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(PARAMS)
def test_matches_botocore(params):
    params = {k: v for k, v in params.items() if v is not None}
    assert ours(params) == botocores(dict(params))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.fixed_dictionaries(
        {"Bucket": st.one_of(BUCKETS, ARNS), "Region": REGIONS},
        optional={
            "UseArnRegion": st.booleans(),
            "UseFIPS": st.booleans(),
            "UseDualStack": st.booleans(),
            "Endpoint": ENDPOINTS,
        },
    )
)
def test_arn_heavy_matches_botocore(params):
    assert ours(params) == botocores(dict(params))


def test_parameter_errors():
    with pytest.raises(s3presign.ParamValidationError):
        s3presign.resolve_endpoint({"NotAParam": "x"})
    with pytest.raises(s3presign.ParamValidationError, match="wrong type"):
        s3presign.resolve_endpoint({"UseFIPS": "true"})
    with pytest.raises(s3presign.ParamValidationError):
        s3presign.resolve_endpoint({"Bucket": 3})
    # None means "not given", as in botocore.
    assert ours({"Region": "us-east-1", "Bucket": None}) == botocores({"Region": "us-east-1"})


# --- client.meta.partition -----------------------------------------------------------------


def _boto_partition(region, config=None):
    client = _SESSION.create_client(
        "s3",
        region_name=region,
        aws_access_key_id="AKID",
        aws_secret_access_key="SECRET",
        config=config,
    )
    return client.meta.partition


_endpoints_data = _LOADER.load_data("endpoints")
PARTITION_REGIONS = sorted(
    {r for p in _endpoints_data["partitions"] for r in p["regions"]}
    | {r for p in _endpoints_data["partitions"] for r in p["services"]["s3"]["endpoints"]}
    | set(KNOWN_REGIONS)
    | {
        "us-foo-7",
        "cn-south-9",
        "eusc-de-west-2",
        "eusc-fr-east-1",
        "us-iso-north-3",
        "us-isob-south-2",
        "eu-isoe-north-5",
        "us-isof-west-9",
        "us-gov-central-4",
        "mars-east-1",
        "nowhere",
        "us-east-1-fips",
        "fips-cn-north-1",
        "us-east",
        "x",
    }
)


@pytest.mark.parametrize("region", PARTITION_REGIONS)
def test_partition_for_region(region):
    assert _native._partition_for_region(region) == _boto_partition(region)


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"\A[a-z]{1,5}(-[a-z0-9]{1,6}){0,3}-?[0-9]\Z"))
def test_partition_for_generated_regions(region):
    assert _native._partition_for_region(region) == _boto_partition(region)


@pytest.mark.parametrize("region", [*PARTITION_REGIONS, None])
@pytest.mark.parametrize("dualstack", [False, True])
@pytest.mark.parametrize("fips", [False, True])
def test_client_partition_with_variants(region, dualstack, fips):
    config = Config(use_dualstack_endpoint=dualstack, use_fips_endpoint=fips)
    try:
        want = ("ok", _boto_partition(region, config))
    except EndpointVariantError as e:
        want = ("error", str(e))
    try:
        got = ("ok", _native._client_partition(region, dualstack, fips))
    except s3presign.InvalidConfigError as e:
        got = ("error", str(e))
    assert got == want
