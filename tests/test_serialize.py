"""`_native._serialize` against botocore's own request dict for the same Params.

botocore's side runs exactly the steps of `generate_presigned_url` before signing:
`client._emit_api_params` with the presign context (the `before-parameter-build` handlers), the
endpoint ruleset's operation parameters (`_resolve_param_from_context`), then the validating
serialiser's `serialize_to_request`.
"""

import copy
import datetime
import re
import string

import boto3
import pytest
import s3presign
from botocore.config import Config
from botocore.exceptions import EndpointResolutionError as BotoEndpointResolutionError
from botocore.exceptions import ParamValidationError as BotoParamValidationError
from botocore.signers import _should_use_global_endpoint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from s3presign import _native

CLIENT = boto3.client(
    "s3",
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="secret",
    config=Config(signature_version="s3v4"),
)
MODEL = CLIENT.meta.service_model
PY_TO_OP = dict(CLIENT._PY_TO_OP_NAME)
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def botocore_serialize(method, params):
    """What botocore builds for a presign of `method` with `params`, before the endpoint."""
    op_model = MODEL.operation_model(PY_TO_OP[method])
    context = {
        "is_presign_request": True,
        "use_global_endpoint": _should_use_global_endpoint(CLIENT),
    }
    params = CLIENT._emit_api_params(
        api_params=copy.deepcopy(params), operation_model=op_model, context=context
    )
    resolver = CLIENT._ruleset_resolver
    ctx = []
    for name in resolver._param_definitions:
        # The operation's own parameters (static, then from Params); client context params
        # (DisableS3ExpressSessionAuth...) and builtins come from the client configuration.
        value = resolver._resolve_param_as_static_context_param(name, op_model)
        if value is None:
            value = resolver._resolve_param_as_dynamic_context_param(name, op_model, params)
        if value is not None:
            # The ruleset's own type check, which boto3 runs before parameter validation.
            resolver._param_definitions[name].validate_input(value)
            ctx.append((name, value))
    req = CLIENT._serializer.serialize_to_request(params, op_model)
    query = []
    for k, v in req["query_string"].items():
        for item in v if isinstance(v, list) else [v]:
            query.append((k, str(item)))
    return {
        "method": req["method"],
        "url_path": req["url_path"],
        "query": query,
        "headers": list(req["headers"].items()),
        "host_prefix": req.get("host_prefix"),
        "context_params": ctx,
        "params": list(params),
    }


def ours(method, params):
    return _native._serialize(method, copy.deepcopy(params))


def assert_same(method, params):
    expected = botocore_serialize(method, params)
    got = ours(method, params)
    if "ClientToken" not in params and "x-amz-client-token" in dict(expected["headers"]):
        # generate_idempotent_uuid: a fresh uuid4 on both sides.
        for side in (expected, got):
            token = dict(side["headers"])["x-amz-client-token"]
            assert UUID4.match(token), token
            side["headers"] = [
                (k, "<uuid4>" if k == "x-amz-client-token" else v) for k, v in side["headers"]
            ]
    assert got == expected
    return got


# ---------------------------------------------------------------------------------------------
# Params generation from botocore's model (independent of the generated Rust table).

HEADER_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=12
)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
ASCII_TEXT = st.text(
    st.sampled_from(string.printable.replace("\r", "").replace("\n", "")), max_size=10
)
BUCKETS = st.one_of(
    st.text(st.sampled_from(string.ascii_letters + string.digits + ".-_"), min_size=1, max_size=20),
    st.sampled_from(
        [
            "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
            "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint:ol-ap",
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-0123/accesspoint/ap",
            "bucket-with-newline\n",
        ]
    ),
)
KEYS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
OFFSETS = st.integers(-23 * 60 + 1, 23 * 60 - 1).map(
    lambda m: datetime.timezone(datetime.timedelta(minutes=m))
)
DATETIMES = st.datetimes(
    min_value=datetime.datetime(1900, 1, 2), max_value=datetime.datetime(2200, 1, 1)
)
TIMESTAMPS = st.one_of(
    DATETIMES,
    st.builds(lambda d, tz: d.replace(tzinfo=tz), DATETIMES, OFFSETS),
    st.builds(lambda d: d.replace(tzinfo=datetime.timezone.utc), DATETIMES),
    st.integers(0, 4_000_000_000),
    DATETIMES.map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S")),
    DATETIMES.map(lambda d: d.strftime("%Y-%m-%d")),
    DATETIMES.map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.builds(lambda d, tz: d.replace(tzinfo=tz).isoformat(), DATETIMES, OFFSETS),
)
COPY_SOURCES = st.one_of(
    st.builds(lambda b, k: f"{b}/{k}", BUCKETS.filter(lambda b: "\n" not in b), KEYS),
    st.builds(
        lambda b, k, v: f"{b}/{k}?versionId={v}",
        BUCKETS.filter(lambda b: "\n" not in b),
        KEYS,
        st.text(string.ascii_letters, min_size=1, max_size=8),
    ),
    st.fixed_dictionaries(
        {"Bucket": BUCKETS.filter(lambda b: "\n" not in b), "Key": KEYS},
        optional={"VersionId": st.text(string.ascii_letters, min_size=1, max_size=8)},
    ),
)


def value_strategy(op_name, name, shape):
    """A value botocore accepts for this input member of this operation."""
    loc = shape.serialization.get("location")
    if name == "Bucket":
        return BUCKETS
    if name == "Key" and loc == "uri":
        return KEYS
    if name == "CopySource" and op_name in ("CopyObject", "UploadPartCopy"):
        return COPY_SOURCES
    if name in ("SSECustomerKey", "CopySourceSSECustomerKey"):
        # bytes keys are covered by a named test (with a caller's MD5 botocore keeps bytes,
        # which its validator then rejects).
        return HEADER_TEXT
    if shape.serialization.get("hostLabel"):
        return st.text(
            st.sampled_from(string.ascii_letters + string.digits + ".-"), min_size=1, max_size=10
        )
    t = shape.type_name
    if t == "string":
        text = HEADER_TEXT if loc == "header" else ANY_TEXT
        if "enum" in shape.metadata:
            text = st.one_of(st.sampled_from(shape.metadata["enum"]), text)
        mn = shape.metadata.get("min", 0)
        return text.filter(lambda s: len(s) >= mn)
    if t in ("integer", "long"):
        mn = shape.metadata.get("min", -(2**63))
        return st.one_of(
            st.integers(max(mn, -(2**63)), 2**63 - 1), st.booleans().filter(lambda b: int(b) >= mn)
        )
    if t == "boolean":
        return st.booleans()
    if t == "timestamp":
        return TIMESTAMPS
    if t == "list":
        return st.lists(HEADER_TEXT, max_size=4)
    if t == "map":
        if op_name in ("PutObject", "CopyObject", "CreateMultipartUpload"):
            return st.dictionaries(ASCII_TEXT, ASCII_TEXT, max_size=3)
        return st.dictionaries(HEADER_TEXT, HEADER_TEXT, max_size=3)
    raise AssertionError(f"no strategy for {op_name}.{name} ({t})")


def sendable_members(op_model):
    """Members that can appear in a presigned URL (plus a string payload, which boto3 drops)."""
    shape = op_model.input_shape
    payload = shape.serialization.get("payload")
    out = {}
    for name, member in shape.members.items():
        loc = member.serialization.get("location")
        if loc is None:
            if name == payload and member.type_name == "string":
                out[name] = ANY_TEXT
            continue
        out[name] = value_strategy(op_model.name, name, member)
    return out


def presignable(method):
    op_model = MODEL.operation_model(PY_TO_OP[method])
    required = op_model.input_shape.metadata.get("required", [])
    return all(r in sendable_members(op_model) for r in required)


ALL_METHODS = sorted(PY_TO_OP)
PRESIGNABLE = [m for m in ALL_METHODS if presignable(m)]
UNPRESIGNABLE = [m for m in ALL_METHODS if not presignable(m)]


@st.composite
def params_for(draw, method):
    op_model = MODEL.operation_model(PY_TO_OP[method])
    members = sendable_members(op_model)
    required = set(op_model.input_shape.metadata.get("required", []))
    names = [n for n in members if n in required or draw(st.booleans())]
    names = draw(st.permutations(names))
    return {n: draw(members[n]) for n in names}


def test_operation_lists_cover_the_model():
    assert len(PRESIGNABLE) > 80
    assert set(PRESIGNABLE) | set(UNPRESIGNABLE) == set(PY_TO_OP)


@pytest.mark.parametrize("method", PRESIGNABLE)
@settings(max_examples=16, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_matches_botocore(method, data):
    params = data.draw(params_for(method))
    assert_same(method, params)


@pytest.mark.parametrize("method", UNPRESIGNABLE)
def test_body_only_operations_fail_on_both_sides(method):
    """Operations whose required members travel in the body cannot be presigned by boto3."""
    op_model = MODEL.operation_model(PY_TO_OP[method])
    shape = op_model.input_shape
    params = {"Bucket": "bucket"} if "Bucket" in shape.members else {}
    with pytest.raises(BotoParamValidationError):
        botocore_serialize(method, params)
    with pytest.raises(s3presign.ParamValidationError):
        ours(method, params)
    # With the body members given, boto3 still fails (validation or a JSON decode error).
    for name in shape.metadata.get("required", []):
        if name not in params:
            member = shape.members[name]
            params[name] = {} if member.type_name == "structure" else "x"
    with pytest.raises(Exception):  # noqa: B017 - boto3 fails with assorted types
        CLIENT.generate_presigned_url(method, Params=copy.deepcopy(params))
    with pytest.raises(s3presign.ParamValidationError):
        ours(method, params)


# ---------------------------------------------------------------------------------------------
# Named cases: one per handler.


def test_sse_customer_key_str_and_bytes():
    for key in ("a" * 32, b"\x00\xff" * 16):
        got = assert_same("get_object", {"Bucket": "b", "Key": "k", "SSECustomerKey": key})
        assert "x-amz-server-side-encryption-customer-key-MD5" in dict(got["headers"])


def test_sse_customer_key_md5_given_is_kept():
    assert_same(
        "put_object",
        {"Bucket": "b", "Key": "k", "SSECustomerKey": "raw", "SSECustomerKeyMD5": "given"},
    )


def test_copy_source_sse_key():
    assert_same(
        "upload_part_copy",
        {
            "Bucket": "b",
            "Key": "k",
            "PartNumber": 1,
            "UploadId": "u",
            "CopySource": "src/a b",
            "CopySourceSSECustomerKey": "k" * 32,
        },
    )


@pytest.mark.parametrize(
    "source",
    [
        "bucket/key with space/ü",
        "bucket/key?versionId=abc",
        "bucket/key?versionId=a b",
        "bucket/k?versionId=x?versionId=y",
        {"Bucket": "bucket", "Key": "a/b c"},
        {"Bucket": "bucket", "Key": "a", "VersionId": "v1"},
        {"Bucket": "bucket", "Key": "a", "VersionId": None},
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "Key": "k"},
        {"Bucket": "bucket", "Key": 7},
    ],
)
def test_copy_source_forms(source):
    got = assert_same("copy_object", {"Bucket": "b", "Key": "k", "CopySource": source})
    assert dict(got["context_params"])["CopySource"] == dict(got["headers"])["x-amz-copy-source"]


def test_copy_source_dict_missing_key():
    params = {"Bucket": "b", "Key": "k", "CopySource": {"Bucket": "x"}}
    with pytest.raises(BotoParamValidationError) as boto:
        botocore_serialize("copy_object", params)
    with pytest.raises(s3presign.ParamValidationError) as mine:
        ours("copy_object", params)
    assert str(mine.value) == str(boto.value)


@pytest.mark.parametrize("method", ["list_objects", "list_objects_v2", "list_object_versions"])
def test_encoding_type_url(method):
    got = assert_same(method, {"Bucket": "b"})
    assert ("encoding-type", "url") in got["query"]
    got = assert_same(method, {"EncodingType": "other", "Bucket": "b", "Prefix": "p"})
    assert ("encoding-type", "other") in got["query"]


def test_idempotency_token_is_generated():
    got = assert_same("rename_object", {"Bucket": "b", "Key": "k", "RenameSource": "b/x"})
    assert ("x-amz-client-token", "<uuid4>") in got["headers"]
    assert_same(
        "rename_object", {"Bucket": "b", "Key": "k", "RenameSource": "b/x", "ClientToken": "t"}
    )


def test_checksum_members_are_plain_members():
    """A presign runs no checksum handler: ChecksumAlgorithm/ChecksumMode only as given."""
    got = assert_same("put_object", {"Bucket": "b", "Key": "k"})
    assert got["headers"] == []
    assert_same("put_object", {"Bucket": "b", "Key": "k", "ChecksumAlgorithm": "CRC32"})
    got = assert_same("get_object", {"Bucket": "b", "Key": "k"})
    assert got["headers"] == []
    assert_same("get_object", {"Bucket": "b", "Key": "k", "ChecksumMode": "ENABLED"})


def test_string_payload_is_dropped_like_boto3():
    assert_same("put_bucket_policy", {"Bucket": "b", "Policy": '{"a": 1}'})


def test_host_prefix():
    got = assert_same("write_get_object_response", {"RequestRoute": "r-1.x", "RequestToken": "t"})
    assert got["host_prefix"] == "r-1.x."


def test_timestamps_and_header_lists():
    tz = datetime.timezone(datetime.timedelta(hours=-3, minutes=-30))
    assert_same(
        "get_object",
        {
            "Bucket": "b",
            "Key": "k",
            "IfModifiedSince": datetime.datetime(2021, 2, 3, 4, 5, 6, 789, tzinfo=tz),
            "ResponseExpires": datetime.datetime(1999, 12, 31, 23, 59, 59, 999999),
            "IfUnmodifiedSince": 1234567890,
        },
    )
    assert_same(
        "get_object_attributes",
        {
            "Bucket": "b",
            "Key": "k",
            "ObjectAttributes": ["ETag", 'a,"b"', "c"],
        },
    )
    assert_same("get_object_attributes", {"Bucket": "b", "Key": "k", "ObjectAttributes": []})


# ---------------------------------------------------------------------------------------------
# Errors: same category as boto3, and the same message where botocore's is simple.

SAME_MESSAGE = [
    ("get_object", {"Bucket": "b"}),
    ("get_object", {"Bucket": "b", "Key": "k", "Nope": 1}),
    ("get_object", {"Bucket": "b", "Key": ""}),
    ("get_object", {"Bucket": "b", "Key": "k", "PartNumber": "1"}),
    ("get_object", {"Bucket": "b", "Key": "k", "Range": None}),
    ("get_object", {"Bucket": "b", "Key": "k", "IfModifiedSince": "not a date at all x"}),
    ("list_buckets", {"MaxBuckets": 0}),
    ("list_buckets", {"MaxBuckets": False}),
    ("get_object", {"Bucket": "bad bucket", "Key": "k"}),
    ("put_object", {"Bucket": "b", "Key": "k", "Metadata": {"k": "vé"}}),
    ("get_object_attributes", {"Bucket": "b", "Key": "k", "ObjectAttributes": "ETag"}),
    ("get_object_attributes", {"Bucket": "b", "Key": "k", "ObjectAttributes": [1]}),
    ("write_get_object_response", {"RequestRoute": "", "RequestToken": "t"}),
    ("write_get_object_response", {"RequestRoute": "a/b", "RequestToken": "t"}),
    ("put_bucket_policy", {"Bucket": "b"}),
]


@pytest.mark.parametrize("method,params", SAME_MESSAGE)
def test_validation_errors_match_botocore(method, params):
    with pytest.raises(BotoParamValidationError) as boto:
        botocore_serialize(method, params)
    with pytest.raises(s3presign.ParamValidationError) as mine:
        ours(method, params)
    assert str(mine.value) == str(boto.value)


BOTH_FAIL = [
    ("put_object", {"Bucket": "b", "Key": "k", "Body": b"data"}),
    ("upload_part", {"Bucket": "b", "Key": "k", "PartNumber": 1, "UploadId": "u", "Body": "x"}),
    ("put_bucket_tagging", {"Bucket": "b", "Tagging": {"TagSet": []}}),
    ("create_bucket", {"Bucket": "b", "CreateBucketConfiguration": {}}),
    ("get_object", {"Bucket": 5, "Key": "k"}),
    ("get_object", {"Bucket": None, "Key": "k"}),
    ("get_object", {"Bucket": "b", "Key": "k", "SSECustomerKey": 5}),
    ("put_object", {"Bucket": "b", "Key": "k", "Metadata": {"k": 1}}),
    ("copy_object", {"Bucket": "b", "Key": "k", "CopySource": {"Bucket": 1, "Key": "k"}}),
]


@pytest.mark.parametrize("method,params", BOTH_FAIL)
def test_errors_where_boto3_fails_too(method, params):
    with pytest.raises(Exception):  # noqa: B017 - boto3 fails with assorted types
        CLIENT.generate_presigned_url(method, Params=copy.deepcopy(params))
    with pytest.raises(s3presign.ParamValidationError):
        ours(method, params)


DELIBERATE = [
    ("get_object", {"Bucket": "b", "Key": "k" * 1025}),
    ("get_object", {"Bucket": "b", "Key": "é" * 513}),
    ("get_object", {"Bucket": "b", "Key": "k", "Range": "bytes=0-1\r\nX-Evil: 1"}),
    ("put_object", {"Bucket": "b", "Key": "k", "Metadata": {"a": "b\nc"}}),
]


@pytest.mark.parametrize("method,params", DELIBERATE)
def test_deliberate_differences(method, params):
    """boto3 signs these; S3 rejects them, so s3presign refuses them up front."""
    botocore_serialize(method, params)
    with pytest.raises(s3presign.ParamValidationError):
        ours(method, params)


def test_key_of_1024_bytes_is_fine():
    assert_same("get_object", {"Bucket": "b", "Key": "é" * 512})


class NotAMapping:
    pass


@pytest.mark.parametrize(
    "params",
    [
        [("Bucket", "b")],
        "Bucket=b",
        {"Bucket": "b", "Key": "\ud800"},
        {"Bucket": "b", "Key": "k", "PartNumber": 2**64},
        {"Bucket": "b", "Key": "k", "Range": NotAMapping()},
        {"Bucket": "b", "Key": "k", "IfModifiedSince": datetime.date(2020, 1, 1)},
        {1: "b"},
    ],
)
def test_conversion_errors(params):
    with pytest.raises(s3presign.ParamValidationError):
        ours("get_object", params)


def test_conversion_error_names_the_member():
    with pytest.raises(s3presign.ParamValidationError, match=r"Params\['Key'\]"):
        ours("get_object", {"Bucket": "b", "Key": "\udc80"})


def test_mapping_params_and_tuples():
    from types import MappingProxyType

    got = _native._serialize(
        "get_object_attributes",
        MappingProxyType({"Bucket": "b", "Key": "k", "ObjectAttributes": ("ETag", "Checksum")}),
    )
    assert ("x-amz-object-attributes", "ETag,Checksum") in got["headers"]


def test_unknown_client_method():
    with pytest.raises(s3presign.UnknownClientMethodError):
        ours("no_such_method", {})
    with pytest.raises(s3presign.UnknownClientMethodError):
        ours("GetObject", {})


I64 = st.integers(-(2**63), 2**63 - 1)  # bigger ints fail at conversion, worded differently
WRONG = {
    "string": st.one_of(I64, st.floats(), st.binary(max_size=6), st.lists(I64)),
    "integer": st.one_of(st.floats(), st.text(max_size=4), st.binary(max_size=4)),
    "long": st.one_of(st.floats(), st.text(max_size=4)),
    "boolean": st.one_of(st.text(max_size=4), I64),
    "timestamp": st.one_of(st.lists(I64, max_size=2), st.binary(max_size=3)),
    "list": st.one_of(I64, st.floats()),
    # (repr() of non-ASCII str inside a list is only approximated in messages)
    "map": st.lists(st.text(st.sampled_from(string.printable), max_size=3), max_size=2),
}


@pytest.mark.parametrize("method", PRESIGNABLE)
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_invalid_params_fail_like_botocore(method, data):
    """Valid Params with one member of the wrong type, or an unknown member added."""
    params = data.draw(params_for(method))
    op_model = MODEL.operation_model(PY_TO_OP[method])
    members = op_model.input_shape.members
    if params and data.draw(st.booleans()):
        name = data.draw(st.sampled_from(sorted(params)))
        params[name] = data.draw(WRONG[members[name].type_name])
    else:
        params["NotAMember"] = "x"
    try:
        botocore_serialize(method, params)
    except BotoParamValidationError as e:
        with pytest.raises(s3presign.ParamValidationError) as mine:
            ours(method, params)
        assert str(mine.value) == str(e)
    except BotoEndpointResolutionError as e:
        with pytest.raises(s3presign.EndpointResolutionError) as mine:
            ours(method, params)
        assert str(mine.value) == str(e)
    except Exception:  # noqa: BLE001
        # boto3 fails outside its validator (TypeError in a handler): same category for us.
        with pytest.raises(s3presign.ParamValidationError):
            ours(method, params)
    else:
        # Some "wrong" values are fine for boto3 (bytes SSE-C keys): then the results must match.
        assert_same(method, params)


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(999, 5, 6, 7, 8, 9),
        datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc),
        datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
        datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))),
        -1,
        -86401,
        1.5,
        -1.5,
        0.9999995,
        True,
        "1700000000",
        " 12 ",
        "1e9",
        "20200101",
        "2020-01-01T00:00:00.123456789Z",
        "2020-01-01T10:00:00-0230",
        "2020-01-01 10:00",
    ],
)
@pytest.mark.parametrize("member", ["IfModifiedSince", "ResponseExpires"])
def test_timestamp_edge_values(member, value):
    assert_same("get_object", {"Bucket": "b", "Key": "k", member: value})


@pytest.mark.parametrize("value", ["2020-13-01", "2020-02-30", "yesterday", [1], None])
def test_bad_timestamps(value):
    params = {"Bucket": "b", "Key": "k", "IfModifiedSince": value}
    with pytest.raises(BotoParamValidationError) as boto:
        botocore_serialize("get_object", params)
    with pytest.raises(s3presign.ParamValidationError) as mine:
        ours("get_object", params)
    assert str(mine.value) == str(boto.value)


@pytest.mark.parametrize(
    "method,params",
    [
        ("get_object", {"Bucket": "b", "Key": 5}),
        ("copy_object", {"Bucket": "b", "Key": "k", "CopySource": 5}),
        ("list_objects", {"Bucket": "b", "Prefix": ["p"]}),
    ],
)
def test_context_param_of_wrong_type_fails_in_the_ruleset(method, params):
    """boto3 resolves the endpoint before validating Params: the ruleset's type error wins."""
    with pytest.raises(BotoEndpointResolutionError) as boto:
        CLIENT.generate_presigned_url(method, Params=copy.deepcopy(params))
    with pytest.raises(s3presign.EndpointResolutionError) as mine:
        ours(method, params)
    assert str(mine.value) == str(boto.value)


ARN_PARTS = st.sampled_from(
    [
        "arn:aws",
        "arn:aws-cn",
        ":",
        "/",
        "s3",
        "s3-object-lambda",
        "s3-outposts",
        "us-west-2",
        "123456789012",
        "12345678901",
        "accesspoint",
        "outpost",
        "op-01",
        "my.ap",
        "-",
        "\n",
        " ",
        "x",
        "A",
        "_",
    ]
)
ARN_LIKE = st.lists(ARN_PARTS, max_size=12).map("".join)
VALID_OR_NOT = st.one_of(
    st.text(st.sampled_from("ab.-"), min_size=1, max_size=63),
    st.text(st.sampled_from("ab-"), min_size=1, max_size=63),
    st.text(st.sampled_from("ab.-_\n:/"), max_size=66),
)
ARN_SAMPLES = st.one_of(
    ARN_LIKE,
    st.builds(
        "arn:aws{}:{}:us-east-1:{}:accesspoint{}{}{}".format,
        st.sampled_from(["", "-cn", "x:y"]),
        st.sampled_from(["s3", "s3-object-lambda", "s3", "s3-object-lambda", "s4"]),
        st.sampled_from(["123456789012"] * 4 + ["1234567890123", "12345678901"]),
        st.sampled_from(["/", ":", "/", ":", "-"]),
        VALID_OR_NOT,
        st.sampled_from(["", "", "", "\n", "\n\n", " "]),
    ),
    st.builds(
        "arn:aws:s3-outposts:us-west-2:123456789012:outpost{}{}{}accesspoint{}{}{}".format,
        st.sampled_from(["/", ":", "/", "-"]),
        VALID_OR_NOT,
        st.sampled_from(["/", ":", "/", "-"]),
        st.sampled_from(["/", ":", "/", "-"]),
        VALID_OR_NOT,
        st.sampled_from(["", "", "", "\n", "\n\n", " "]),
    ),
)


@settings(max_examples=600, deadline=None)
@given(bucket=st.one_of(ARN_SAMPLES, BUCKETS))
def test_bucket_name_and_arn_regexes_match_botocore(bucket):
    """validate_bucket_name (VALID_BUCKET / VALID_S3_ARN, Python `$` semantics) and the
    CopySource dict's ARN form (`{bucket}/object/{key}`)."""
    params = {"Bucket": bucket, "Key": "k", "CopySource": {"Bucket": bucket, "Key": "k"}}
    try:
        expected = botocore_serialize("copy_object", params)
    except BotoParamValidationError as e:
        with pytest.raises(s3presign.ParamValidationError) as mine:
            ours("copy_object", params)
        assert str(mine.value) == str(e)
    else:
        got = ours("copy_object", params)
        assert got == expected


@settings(max_examples=300, deadline=None)
@given(
    key=st.text(st.sampled_from("ab ?=/\t\n\x1c\x85\u00a0\u2003é"), max_size=10),
    version=st.text(st.sampled_from("v1 \t\n\x1f?versionId=\u3000"), max_size=8),
)
def test_copy_source_version_suffix_matches_botocore(key, version):
    params = {"Bucket": "b", "Key": "k", "CopySource": f"bucket/{key}?versionId={version}"}
    header = dict(botocore_serialize("copy_object", params)["headers"])["x-amz-copy-source"]
    if "\n" in header:
        # A raw version id suffix with a newline (Python `$`): refused, deliberately.
        with pytest.raises(s3presign.ParamValidationError):
            ours("copy_object", params)
    else:
        assert_same("copy_object", params)
