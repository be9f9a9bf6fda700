"""Calls in sequence on one client: the fast paths (a call repeating the previous one but for
``Key`` reuses its serialised request and signed parts) must give boto3's URL every time,
whatever changes from one call to the next."""

from __future__ import annotations

import datetime as dt

import boto3
import botocore.exceptions
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY, frozen_botocore_clock
from hypothesis import given, settings
from hypothesis import strategies as st

UTC = dt.timezone.utc
KW = {
    "region_name": "eu-central-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
T0 = dt.datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
TIMES = [T0, T0 + dt.timedelta(seconds=1), T0 + dt.timedelta(days=1, hours=3)]


class StrKey(str):
    pass


class ParamsDict(dict):
    pass


# (ClientMethod, Params without Key); the key is added per call.
VARIANTS = [
    ("get_object", {"Bucket": "bucket-1"}),
    ("get_object", {"Bucket": "bucket-2"}),
    ("get_object", {"Bucket": "bucket.with.dots"}),
    ("get_object", {"Bucket": "bucket-1", "ResponseContentType": "text/plain"}),
    ("get_object", {"Bucket": "bucket-1", "ResponseContentType": "image/png"}),
    ("get_object", {"Bucket": "bucket-1", "VersionId": "v 1"}),
    ("head_object", {"Bucket": "bucket-1"}),
    ("put_object", {"Bucket": "bucket-1", "ContentType": "image/png"}),
    ("put_object", {"Bucket": "bucket-1", "Metadata": {"a": "1"}}),
    ("upload_part", {"Bucket": "bucket-1", "UploadId": "u-1", "PartNumber": 3}),
    ("delete_object", {"Bucket": "bucket-1"}),
    ("list_objects_v2", {"Bucket": "bucket-1", "Prefix": "p/"}),
]

key_text = st.one_of(
    st.sampled_from(["photos/1.jpg", "photos/2.jpg", "a b/é+%?#~", "x//y/../z/", ""]),
    st.text(min_size=1, max_size=30).filter(lambda k: "\x00" not in k),
)


@st.composite
def call(draw):
    method, base = draw(st.sampled_from(VARIANTS))
    params = dict(base)
    if method != "list_objects_v2":
        key = draw(key_text)
        params["Key"] = StrKey(key) if draw(st.booleans()) and key else key
        if draw(st.booleans()):  # the same members in another order
            params = dict(reversed(list(params.items())))
    if draw(st.integers(0, 9)) == 0:
        params = ParamsDict(params)
    expires = draw(st.sampled_from([3600, 3600, 60, 604800]))
    http_method = draw(st.sampled_from([None, None, "GET", "PUT"]))
    when = draw(st.sampled_from(TIMES))
    return method, params, expires, http_method, when


@settings(max_examples=150, deadline=None)
@given(calls=st.lists(call(), min_size=2, max_size=10))
def test_calls_in_sequence_equal_boto3(calls):
    presigner = s3presign.client(**KW)
    boto = boto3.client("s3", config=Config(signature_version="s3v4"), **KW)
    for method, params, expires, http_method, when in calls:
        try:
            with frozen_botocore_clock(when):
                expected = boto.generate_presigned_url(
                    method, Params=dict(params), ExpiresIn=expires, HttpMethod=http_method
                )
        except botocore.exceptions.BotoCoreError:  # boto3 refuses: so must we
            with pytest.raises(s3presign.PresignError):
                presigner.generate_presigned_url(
                    method,
                    Params=params,
                    ExpiresIn=expires,
                    HttpMethod=http_method,
                    signing_time=when,
                )
            continue
        got = presigner.generate_presigned_url(
            method, params, expires, http_method, signing_time=when
        )
        assert got == expected, (method, params, expires, http_method, when)


def test_repeated_key_only_calls_equal_boto3():
    """The case the fast path is for: many keys, the rest unchanged, several signing seconds."""
    presigner = s3presign.client(**KW)
    boto = boto3.client("s3", config=Config(signature_version="s3v4"), **KW)
    for i in range(200):
        when = TIMES[i % 2]
        params = {"Bucket": "bucket-1", "Key": f"photos/{i}.jpg"}
        with frozen_botocore_clock(when):
            expected = boto.generate_presigned_url("get_object", Params=params)
        assert presigner.generate_presigned_url("get_object", params, signing_time=when) == expected


@pytest.mark.parametrize("first", range(len(VARIANTS)))
def test_every_variant_after_every_other_equals_boto3(first):
    """Each call after another one that differs in any member but Key must not reuse it."""
    presigner = s3presign.client(**KW)
    boto = boto3.client("s3", config=Config(signature_version="s3v4"), **KW)
    for second in range(len(VARIANTS)):
        for i, (method, base) in enumerate([VARIANTS[first], VARIANTS[second]]):
            params = {**base, "Key": f"k/{i}"} if method != "list_objects_v2" else base
            with frozen_botocore_clock(T0):
                expected = boto.generate_presigned_url(method, Params=params)
            got = presigner.generate_presigned_url(method, params, signing_time=T0)
            assert got == expected, (VARIANTS[first], VARIANTS[second])
