"""A Presigner pickles and copies: the copy signs exactly as the original (SigV4 and SigV2,
custom endpoints, tokens, addressing options), in this process and in a spawned one; a presigner
with refreshable credentials refuses to pickle but copies."""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import pickle

import botocore.credentials
import botocore.session
import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY

WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
KEYS = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}

PRESIGNERS = {
    "sigv4": {"region_name": "eu-west-1"},
    "sigv2": {"region_name": "us-west-2", "config": {"signature_version": "s3"}},
    "boto3 default rule": {"region_name": "us-east-1", "boto3_signature_default": True},
    "custom endpoint and token": {
        "region_name": "us-east-1",
        "endpoint_url": "http://127.0.0.1:9000/",
        "aws_session_token": "FwoGZXIvYXdzE+/token==",
    },
    "path style, regional us-east-1": {
        "region_name": "us-east-1",
        "config": {"s3": {"addressing_style": "path", "us_east_1_regional_endpoint": "regional"}},
    },
    "dualstack": {
        "region_name": "ap-south-1",
        "config": {"s3": {"use_dualstack_endpoint": True}},
    },
    "fips, virtual": {
        "region_name": "us-gov-west-1",
        "config": {"use_fips_endpoint": True, "s3": {"addressing_style": "virtual"}},
    },
    "strict expiry": {"region_name": "eu-central-1", "strict_expiry": True},
}

CALLS = [
    ("get_object", {"Bucket": "my-bucket", "Key": "photos/a b/é.jpg"}, 900, None),
    (
        "put_object",
        {"Bucket": "other-bucket", "Key": "k", "ContentType": "text/plain"},
        60,
        "PUT",
    ),
    ("get_object", {"Bucket": "b", "Key": "k", "ResponseContentDisposition": "inline"}, 3600, None),
    ("list_objects_v2", {"Bucket": "b", "Prefix": "logs/"}, 120, None),
    ("upload_part", {"Bucket": "b", "Key": "big", "PartNumber": 3, "UploadId": "u+/="}, 300, None),
    ("head_bucket", {"Bucket": "b"}, 30, None),
    ("delete_object", {"Bucket": "b", "Key": "x", "VersionId": "v1"}, 30, "DELETE"),
]


def signatures(presigner):
    urls = [
        presigner.generate_presigned_url(m, Params=p, ExpiresIn=e, HttpMethod=h, signing_time=WHEN)
        for m, p, e, h in CALLS
    ]
    urls += presigner.generate_presigned_urls(
        "get_object", "batch-bucket", [f"k/{i}" for i in range(300)], signing_time=WHEN
    )
    post = presigner.generate_presigned_post(
        "b",
        "uploads/${filename}",
        Conditions=[["starts-with", "$key", "uploads/"]],
        signing_time=WHEN,
    )
    return urls, post


@pytest.mark.parametrize("name", PRESIGNERS)
def test_a_pickled_or_copied_presigner_signs_exactly_as_the_original(name):
    original = s3presign.client(**KEYS, **PRESIGNERS[name])
    want = signatures(original)
    for other in (
        pickle.loads(pickle.dumps(original)),
        pickle.loads(pickle.dumps(original, protocol=2)),
        copy.copy(original),
        copy.deepcopy(original),
    ):
        assert type(other) is s3presign.Presigner
        assert signatures(other) == want
        assert other.strict_expiry == original.strict_expiry
        assert repr(other) == repr(original)


def test_the_pickle_carries_the_secret_and_the_token():
    data = pickle.dumps(s3presign.client(**KEYS, aws_session_token="TOKEN-123"))
    assert SECRET_KEY.encode() in data and b"TOKEN-123" in data


def test_environment_credentials_and_their_expiry_travel_with_the_pickle(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z")
    original = s3presign.client(region_name="eu-west-1")
    data = pickle.dumps(original)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_CREDENTIAL_EXPIRATION"):
        monkeypatch.delenv(name)
    restored = pickle.loads(data)
    assert restored.credentials_expiry == original.credentials_expiry
    assert signatures(restored) == signatures(original)


def _sign_in_child(presigner):
    return signatures(presigner)


def test_a_spawned_process_signs_as_the_parent():
    presigners = [
        s3presign.client(**KEYS, **PRESIGNERS[n]) for n in ("sigv2", "custom endpoint and token")
    ]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        got = pool.map(_sign_in_child, presigners)
    assert got == [signatures(p) for p in presigners]


def test_a_corrupt_or_foreign_state_is_refused():
    reduce, (state,) = s3presign.client(**KEYS, region_name="eu-west-1").__reduce__()
    with pytest.raises(s3presign.InvalidConfigError, match="pickled s3presign.Presigner"):
        reduce({**state, "format": 999})
    with pytest.raises(s3presign.InvalidConfigError, match="region"):
        reduce({k: v for k, v in state.items() if k != "region"})


def refreshable_client():
    def refresh():
        expiry = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
        return {
            "access_key": "ASIAREFRESHED",
            "secret_key": "refreshed-secret",
            "token": "refreshed-token",
            "expiry_time": expiry.isoformat(),
        }

    credentials = botocore.credentials.RefreshableCredentials.create_from_metadata(
        refresh(), refresh, "sts-assume-role"
    )
    session = botocore.session.Session()
    session._credentials = credentials
    return session.create_client("s3", region_name="eu-west-1")


def test_refreshable_credentials_refuse_to_pickle_but_copy():
    presigner = s3presign.from_boto3(refreshable_client())
    with pytest.raises(s3presign.UnsupportedError, match="refreshable credentials"):
        pickle.dumps(presigner)
    for other in (copy.copy(presigner), copy.deepcopy(presigner)):
        assert signatures(other) == signatures(presigner)
        assert other.credentials_expiry == presigner.credentials_expiry


def test_from_boto3_with_fixed_keys_pickles():
    client = botocore.session.Session().create_client("s3", region_name="sa-east-1", **KEYS)
    presigner = s3presign.from_boto3(client)
    assert signatures(pickle.loads(pickle.dumps(presigner))) == signatures(presigner)
