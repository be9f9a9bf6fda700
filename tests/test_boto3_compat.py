"""Patched boto3 clients where tests and other stacks change botocore under them: frozen clocks
(freezegun, mocks of ``datetime.datetime``, of botocore's clock and of ``time.time``), mocked
signers, a replaced ``client.meta.events``, botocore releases outside the tested range (the
first URL of each operation is checked against botocore's), the fall-back log and
``patch_status``. Every comparison is a patched client against an unpatched twin."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import inspect
import logging
import pickle
import sys
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import boto3
import botocore.auth
import botocore.compat
import botocore.hooks
import botocore.signers
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY
from freezegun import freeze_time
from s3presign import _boto3, _botocore_compat

UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)
KEYS = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
CALLS = [
    ("get_object", {"Bucket": "my-bucket", "Key": "photos/1.jpg"}),
    ("put_object", {"Bucket": "my.dotted.bucket", "Key": "a b", "ContentType": "text/plain"}),
    ("list_objects_v2", {"Bucket": "my-bucket", "Prefix": "p/"}),
]


class Pair:
    """An unpatched client and a patched twin whose fall-backs to botocore are counted."""

    def __init__(self, region: str = "eu-central-1", signature_version: str | None = "s3v4"):
        config = Config(signature_version=signature_version) if signature_version else None
        self.plain = boto3.client("s3", region_name=region, config=config, **KEYS)
        self.patched = boto3.client("s3", region_name=region, config=config, **KEYS)
        s3presign.patch(self.patched)
        self.state = self.patched._s3presign_patch
        self.fell_back = 0
        for name in ("original_url", "original_post"):
            setattr(self.state, name, self._counting(getattr(self.state, name)))

    def _counting(self, original):
        def counted(*args, **kwargs):
            self.fell_back += 1
            return original(*args, **kwargs)

        return counted

    def url(self, method: str, params: dict, frozen: bool = True) -> str:
        """Both sides' URL (by default on a frozen clock, as a second may pass between them)."""
        with freeze_time(WHEN) if frozen else contextlib.nullcontext():
            got = self.patched.generate_presigned_url(method, Params=dict(params))
            expected = self.plain.generate_presigned_url(method, Params=dict(params))
        assert got == expected
        return got

    def post(self, conditions=None) -> dict:
        mine, theirs = copy.deepcopy(conditions), copy.deepcopy(conditions)
        with freeze_time(WHEN):
            got = self.patched.generate_presigned_post(
                "my-bucket", "up/${filename}", Fields={"acl": "private"}, Conditions=mine
            )
            expected = self.plain.generate_presigned_post(
                "my-bucket", "up/${filename}", Fields={"acl": "private"}, Conditions=theirs
            )
        assert got == expected
        assert mine == theirs
        return got


def assert_served(pair: Pair, kinds: int) -> None:
    """The fast path served every call; outside the tested botocore range, all but the first
    call of each kind (botocore's, compared with the fast path's)."""
    if _botocore_compat.IN_TESTED_RANGE:
        assert pair.fell_back == 0
    else:
        assert pair.fell_back <= kinds
        assert not any(
            "differed" in w for w in s3presign.patch_status(pair.patched).operations.values()
        )


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


# --------------------------------------------------------------------------------------------
# Frozen clocks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "signature_version"),
    [("eu-central-1", "s3v4"), ("eu-central-1", "s3"), ("us-west-2", None)],
)
def test_freezegun_patched_equals_unpatched_and_is_served(region, signature_version):
    pair = Pair(region, signature_version)
    with freeze_time(WHEN):
        for method, params in CALLS:
            url = pair.url(method, params)
            query = _query(url)
            if "X-Amz-Date" in query:
                assert query["X-Amz-Date"] == "20261128T123456Z"
            else:
                assert query["Expires"] == str(int(WHEN.timestamp()) + 3600)
        pair.post([{"acl": "private"}])
    assert_served(pair, kinds=len(CALLS) + 1)  # on the frozen clock


def test_freezegun_ticking_and_moving_clock():
    pair = Pair()
    with freeze_time(WHEN) as frozen:
        first = pair.url(*CALLS[0], frozen=False)
        frozen.tick(dt.timedelta(days=1, seconds=5))
        later = pair.url(*CALLS[0], frozen=False)
    assert _query(first)["X-Amz-Date"] != _query(later)["X-Amz-Date"]
    assert _query(later)["X-Amz-Date"] == "20261129T123501Z"
    assert_served(pair, kinds=len(CALLS) + 1)


def test_s3presign_client_follows_freezegun():
    plain = boto3.client(
        "s3", region_name="eu-west-1", config=Config(signature_version="s3v4"), **KEYS
    )
    presigner = s3presign.client(region_name="eu-west-1", **KEYS)
    # s3presign.client() signs as botocore's pure-Python signer (awscrt orders the query
    # otherwise): compare the parameters then.
    same = (lambda a, b: a == b) if not CRT else (lambda a, b: _query(a) == _query(b))
    with freeze_time(WHEN):
        for method, params in CALLS:
            expected = plain.generate_presigned_url(method, Params=dict(params))
            assert same(presigner.generate_presigned_url(method, Params=dict(params)), expected)
        got = presigner.generate_presigned_post("my-bucket", "k", ExpiresIn=60)
        assert got == plain.generate_presigned_post("my-bucket", "k", ExpiresIn=60)
    now = presigner.generate_presigned_url(*CALLS[0])
    assert _query(now)["X-Amz-Date"] != "20261128T123456Z"  # the real clock again


def _botocore_datetime_idiom():
    """botocore's own tests: ``mock.patch('botocore.compat.datetime')``."""
    patcher = mock.patch("botocore.compat.datetime")
    datetime_mock = patcher.start()
    datetime_mock.datetime.now.return_value = WHEN.replace(tzinfo=None)
    return patcher


def _datetime_class_mock():
    patcher = mock.patch("datetime.datetime")
    datetime_mock = patcher.start()
    datetime_mock.now.return_value = WHEN
    return patcher


def _get_current_datetime_mocks():
    now = mock.Mock(side_effect=lambda remove_tzinfo=True: WHEN.replace(tzinfo=None))
    module = sys.modules["botocore.crt.auth"] if CRT else botocore.auth
    patcher = mock.patch.multiple(module, get_current_datetime=now)
    patcher.start()
    return patcher


# botocore before 1.35 reads datetime.datetime.utcnow() in botocore.auth: these mocks do not
# freeze it (patched must still equal unpatched).
FREEZES_BOTOCORE = hasattr(botocore.auth, "get_current_datetime")
CRT = botocore.compat.HAS_CRT  # awscrt signs SigV4 with botocore.crt.auth's clock


@pytest.mark.skipif(not FREEZES_BOTOCORE, reason="these mocks do not freeze this botocore")
@pytest.mark.parametrize(
    "freeze", [_botocore_datetime_idiom, _datetime_class_mock, _get_current_datetime_mocks]
)
def test_mocked_datetime_patched_equals_unpatched(freeze):
    pair = Pair()
    patcher = freeze()
    try:
        for method, params in CALLS:
            url = pair.url(method, params, frozen=False)
            assert _query(url)["X-Amz-Date"] == "20261128T123456Z"
    finally:
        patcher.stop()
    assert_served(pair, kinds=len(CALLS))


def test_mocked_time_time_sigv2_patched_equals_unpatched():
    pair = Pair("eu-central-1", "s3")
    with mock.patch("time.time", return_value=WHEN.timestamp() + 0.75):
        url = pair.url(*CALLS[0], frozen=False)
    assert _query(url)["Expires"] == str(int(WHEN.timestamp()) + 3600)
    assert_served(pair, kinds=len(CALLS) + 1)


@pytest.mark.skipif(not FREEZES_BOTOCORE or CRT, reason="this botocore does not fail on that clock")
def test_unusable_mocked_clock_falls_back():
    pair = Pair()
    with mock.patch("botocore.compat.datetime"):  # now() returns a MagicMock
        with pytest.raises(Exception):  # noqa: B017 - botocore's own failure
            pair.plain.generate_presigned_url(*CALLS[0])
        with pytest.raises(Exception):  # noqa: B017 - the same, from botocore
            pair.patched.generate_presigned_url(*CALLS[0])
    assert pair.fell_back == 1


# --------------------------------------------------------------------------------------------
# Mocked signers, replaced events, bound methods, Conditions
# --------------------------------------------------------------------------------------------


def test_mocked_request_signer_is_called():
    pair = Pair()
    pair.url(*CALLS[0])
    target = "botocore.signers.RequestSigner.generate_presigned_url"
    with mock.patch(target, return_value="https://mocked/") as signer:
        assert pair.patched.generate_presigned_url(*CALLS[0]) == "https://mocked/"
    assert signer.call_count == 1


def test_mocked_post_presigner_is_called():
    pair = Pair()
    pair.post()
    target = "botocore.signers.S3PostPresigner.generate_presigned_post"
    with mock.patch(target, return_value={"url": "u", "fields": {}}) as signer:
        assert pair.patched.generate_presigned_post("b", "k") == {"url": "u", "fields": {}}
    assert signer.call_count == 1


def test_replaced_meta_events_after_first_presign_is_honoured():
    pair = Pair()
    assert "encoding-type=url" in pair.url(*CALLS[2])
    for client in (pair.plain, pair.patched):
        client.meta.events = botocore.hooks.HierarchicalEmitter()  # no handlers at all
    url = pair.url(*CALLS[2])
    assert "encoding-type" not in url
    assert not s3presign.patch_status(pair.patched).served


def test_patched_methods_are_bound_like_botocores():
    pair = Pair()
    for name in ("generate_presigned_url", "generate_presigned_post"):
        ours, theirs = getattr(pair.patched, name), getattr(pair.plain, name)
        assert inspect.ismethod(ours) and ours.__self__ is pair.patched
        assert inspect.signature(ours) == inspect.signature(theirs)
        assert ours.__doc__ == theirs.__doc__ and ours.__name__ == theirs.__name__


def test_post_conditions_follow_the_installed_botocore():
    pair = Pair()
    plain_conditions = [{"acl": "private"}]
    patched_conditions = [{"acl": "private"}]
    pair.plain.generate_presigned_post("b-1", "k", Conditions=plain_conditions)
    pair.patched.generate_presigned_post("b-1", "k", Conditions=patched_conditions)
    assert patched_conditions == plain_conditions
    assert _botocore_compat.post_copies_conditions() == (len(plain_conditions) == 1)
    assert_served(pair, kinds=len(CALLS) + 1)


# --------------------------------------------------------------------------------------------
# Outside the tested botocore range: the first URL per operation is botocore's, compared
# --------------------------------------------------------------------------------------------


@pytest.fixture
def untested_botocore(monkeypatch):
    monkeypatch.setattr(_botocore_compat, "IN_TESTED_RANGE", False)


@pytest.mark.usefixtures("untested_botocore")
def test_outside_tested_range_first_url_is_checked_then_trusted():
    pair = Pair()
    for method, params in CALLS:
        pair.url(method, params)
    assert pair.fell_back == len(CALLS)  # each operation's first URL came from botocore
    for method, params in CALLS:
        pair.url(method, params)
    pair.post()
    pair.post()
    assert pair.fell_back == len(CALLS) + 1
    operations = s3presign.patch_status(pair.patched).operations
    assert not any("differed" in why for why in operations.values()), operations


@pytest.mark.usefixtures("untested_botocore")
def test_outside_tested_range_a_differing_operation_falls_back(caplog):
    caplog.set_level(logging.DEBUG, logger="s3presign")
    pair = Pair()
    assert s3presign.patch_status(pair.patched).served
    # A presigner that signs with other keys: its URLs differ from botocore's.
    pair.state.presigner = s3presign.client(
        region_name="eu-central-1", aws_access_key_id="AKIDOTHER", aws_secret_access_key="x"
    )
    for _ in range(3):
        pair.url(*CALLS[0])
    assert pair.fell_back == 3
    status = s3presign.patch_status(pair.patched)
    assert "differed" in status.operations["get_object"]
    assert sum("differed" in r.getMessage() for r in caplog.records) == 1


# --------------------------------------------------------------------------------------------
# Behaviour that differs between the tested botocore releases, detected per process or client
# --------------------------------------------------------------------------------------------

BOOLEAN_HEADER_CALL = (
    "delete_object",
    {"Bucket": "my-bucket", "Key": "k", "BypassGovernanceRetention": True},
)
STRING_LIST_HEADER_CALL = (
    "get_object_attributes",
    {"Bucket": "my-bucket", "Key": "k", "ObjectAttributes": ["ETag", 'a,"b']},
)
ACCESS_POINT = "arn:aws:s3:eu-central-1:123456789012:accesspoint/my-ap"


def _header_kinds() -> frozenset:
    return _botocore_compat.header_kinds_serialized_otherwise(
        boto3.client("s3", region_name="eu-central-1", **KEYS).meta.service_model
    )


def test_header_serialization_probe_follows_the_installed_botocore():
    """Calls with a header member botocore writes otherwise than the table (1.34: ``True``,
    unquoted list items) go to botocore; the same operation without one is served."""
    kinds = _header_kinds()
    if _botocore_compat.VERSION_TEXT == _boto3._generated_from():
        assert kinds == frozenset()
    pair = Pair()
    for (method, params), kind in (
        (BOOLEAN_HEADER_CALL, "boolean"),
        (STRING_LIST_HEADER_CALL, "string list"),
    ):
        fell_back = pair.fell_back
        pair.url(method, params)
        assert pair.fell_back == fell_back + (kind in kinds), (method, kinds)
    fell_back = pair.fell_back
    pair.url("delete_object", {"Bucket": "my-bucket", "Key": "k"})
    assert pair.fell_back == fell_back  # without the boolean header: served


def test_from_boto3_refuses_the_header_members_it_cannot_reproduce():
    client = boto3.client("s3", region_name="eu-central-1", **KEYS)
    presigner = s3presign.from_boto3(client)
    method, params = BOOLEAN_HEADER_CALL
    if "boolean" not in _header_kinds():
        with freeze_time(WHEN):
            expected = client.generate_presigned_url(method, Params=dict(params))
        assert presigner.generate_presigned_url(method, params, signing_time=WHEN) == expected
        return
    for refusing in (presigner, pickle.loads(pickle.dumps(presigner))):
        with pytest.raises(s3presign.UnsupportedError, match="BypassGovernanceRetention"):
            refusing.generate_presigned_url(method, params)
    plain = {"Bucket": "my-bucket", "Key": "k"}
    with freeze_time(WHEN):
        expected = client.generate_presigned_url(method, Params=dict(plain))
    assert presigner.generate_presigned_url(method, plain, signing_time=WHEN) == expected


def _other_endpoint_ruleset() -> bool:
    client = boto3.client("s3", region_name="eu-central-1", **KEYS)
    return not _boto3._pins_endpoint_data(client)


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("get_bucket_tagging", {"Bucket": ACCESS_POINT}),
        ("get_bucket_tagging", {"Bucket": "mybucket--euc1-az1--x-s3"}),
        ("list_buckets", {}),
    ],
)
def test_other_endpoint_ruleset_sends_arns_directory_buckets_and_bucketless_calls_to_botocore(
    method, params
):
    """Another release's S3 endpoint ruleset or partitions (1.34, 1.38, 1.40) resolve ARNs,
    directory buckets and calls without a bucket otherwise: a patched client sends them to
    botocore and a from_boto3 presigner refuses them; on the pin's ruleset both serve them."""
    other = _other_endpoint_ruleset()
    if _botocore_compat.VERSION_TEXT == _boto3._generated_from():
        assert not other
    pair = Pair()
    pair.url("get_bucket_tagging", {"Bucket": "my-bucket"})
    served = pair.fell_back
    pair.url(method, params)
    assert pair.fell_back == served + other
    presigner = s3presign.from_boto3(pair.plain)
    if other:
        for refusing in (presigner, pickle.loads(pickle.dumps(presigner))):
            with pytest.raises(s3presign.UnsupportedError, match="endpoint ruleset"):
                refusing.generate_presigned_url(method, params)
    else:
        with freeze_time(WHEN):
            expected = pair.plain.generate_presigned_url(method, Params=dict(params))
        assert presigner.generate_presigned_url(method, params, signing_time=WHEN) == expected


def test_a_loader_without_endpoint_data_is_decided_once_per_client():
    pair = Pair()
    pair.patched._loader = object()
    for _ in range(3):
        pair.url(*CALLS[0])
    assert pair.fell_back == 3
    status = s3presign.patch_status(pair.patched)
    assert not status.served and "endpoint ruleset" in status.reason
    assert "next call" not in status.reason  # not re-inspected at every call


# --------------------------------------------------------------------------------------------
# The fall-back log and patch_status
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not _botocore_compat.IN_TESTED_RANGE, reason="outside it, kinds of call are logged as checked"
)
@pytest.mark.skipif(
    "rename_object"
    not in boto3.client("s3", region_name="eu-central-1").meta.method_to_api_mapping,
    reason="botocore before RenameObject",
)
def test_fall_back_reasons_are_logged_once_per_client_and_reason(caplog):
    caplog.set_level(logging.DEBUG, logger="s3presign")
    pair = Pair()

    def my_handler(params, **kwargs):
        return None

    for client in (pair.plain, pair.patched):
        client.meta.events.register("before-parameter-build.s3.GetObject", my_handler)
    rename = {"Bucket": "b-1", "Key": "k", "RenameSource": "o"}
    for _ in range(3):
        pair.url(*CALLS[0])
        pair.patched.generate_presigned_url("rename_object", Params=dict(rename))
    messages = [r.getMessage() for r in caplog.records if r.name == "s3presign"]
    assert len(messages) == 1 and "my_handler" in messages[0], messages
    for client in (pair.plain, pair.patched):
        client.meta.events.unregister("before-parameter-build.s3.GetObject", my_handler)
    for _ in range(2):
        pair.patched.generate_presigned_url("rename_object", Params=dict(rename))
    messages = [r.getMessage() for r in caplog.records if r.name == "s3presign"]
    assert len(messages) == 2 and "idempotency token" in messages[1], messages


def test_patch_status():
    plain = boto3.client("s3", region_name="eu-central-1", **KEYS)
    status = s3presign.patch_status(plain)
    assert not status.patched and not status.served
    pair = Pair()
    status = s3presign.patch_status(pair.patched)
    assert status.patched and status.served and status.reason is None
    assert not any("differed" in why for why in status.operations.values())
    if (
        "rename_object" in pair.plain.meta.method_to_api_mapping
        and _botocore_compat.IN_TESTED_RANGE
    ):
        rename = {"Bucket": "b-1", "Key": "k", "RenameSource": "o"}
        fell_back = pair.fell_back
        pair.url("rename_object", {**rename, "ClientToken": "t"})
        assert pair.fell_back == fell_back  # the token is given: served
        pair.patched.generate_presigned_url("rename_object", Params=rename)
        assert pair.fell_back == fell_back + 1  # botocore makes a random token
        why = s3presign.patch_status(pair.patched).operations["rename_object"]
        assert "without ClientToken" in why

    unsigned = boto3.client(
        "s3", region_name="eu-central-1", config=Config(signature_version=botocore.UNSIGNED)
    )
    s3presign.patch(unsigned)
    status = s3presign.patch_status(unsigned)
    assert status.patched and not status.served and "unsigned" in status.reason


@pytest.mark.skipif(not _botocore_compat.IN_TESTED_RANGE, reason="from_boto3 refuses it first")
def test_from_boto3_names_the_private_attribute_it_cannot_read():
    client = boto3.client("s3", region_name="eu-central-1", **KEYS)
    client._ruleset_resolver = object()
    with pytest.raises(s3presign.UnsupportedError, match=r"_ruleset_resolver|_builtins"):
        s3presign.from_boto3(client)


@pytest.mark.usefixtures("untested_botocore")
def test_from_boto3_refuses_a_botocore_outside_the_tested_range():
    client = boto3.client("s3", region_name="eu-central-1", **KEYS)
    with pytest.raises(s3presign.UnsupportedError, match=r"botocore \S+ is outside"):
        s3presign.from_boto3(client)


def test_every_generated_fingerprint_matches_this_botocore():
    """The pinned botocore's operations all pass the model check (none falls back for it)."""
    if _botocore_compat.VERSION_TEXT != _boto3._generated_from():
        pytest.skip("the fingerprints are generated from another botocore release")
    client = boto3.client("s3", region_name="eu-central-1", **KEYS)
    model = client.meta.service_model
    verdicts = {name: _boto3._model_verdict(model, name) for name in model.operation_names}
    bad = {n: v for n, v in verdicts.items() if not (v is None or (type(v) is tuple and not v[0]))}
    assert not bad
