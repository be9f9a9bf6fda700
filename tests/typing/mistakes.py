"""Deliberate typing mistakes: tests/test_typing.py checks that mypy --strict and pyright report
an error on exactly the lines marked ``# error``, and nothing on the correct calls."""

from __future__ import annotations

import datetime as dt

import s3presign

s3 = s3presign.client(region_name="eu-west-1")
when = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)

# Correct calls: no error.
url: str = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
s3.generate_presigned_url(
    "put_object",
    Params={"Bucket": "b", "Key": "k", "ContentType": "image/jpeg", "ContentLength": 10},
    ExpiresIn=600,
    signing_time=when,
)
s3.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k", "IfModifiedSince": when})
s3.generate_presigned_url("list_buckets")
s3.generate_presigned_url("put_bucket_policy", Params={"Bucket": "b", "Policy": "{}"})
s3.generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k", "Metadata": {"a": "1"}})
s3presign.generate_presigned_url(
    "head_object", Params={"Bucket": "b", "Key": "k"}, region_name="us-west-2"
)
urls: list[str] = s3.generate_presigned_urls("get_object", "b", ["k1", "k2"])
post = s3.generate_presigned_post("b", "k", Fields={"acl": "private"})
form_url: str = post["url"]
fields: dict[str, str | int | float] = post["fields"]
one_off_post = s3presign.generate_presigned_post("b", "k", region_name="us-east-1")

# One call per line, so each error is on its marked line.
# fmt: off
# A misspelt operation.
s3.generate_presigned_url("get_objcet", Params={"Bucket": "b", "Key": "k"})  # error
s3presign.generate_presigned_url("put_objects", Params={"Bucket": "b", "Key": "k"})  # error
s3.generate_presigned_urls("get_objects", "b", ["k"])  # error
# An operation that cannot be presigned (its required member goes in the body).
s3.generate_presigned_url("put_bucket_tagging", Params={"Bucket": "b"})  # error
# A misspelt Params key, a missing required key, a body member.
s3.generate_presigned_url("get_object", Params={"Bucket": "b", "key": "k"})  # error
s3.generate_presigned_url("get_object", Params={"Bucket": "b"})  # error
s3.generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k", "Body": b"x"})  # error
# A value of the wrong type.
s3.generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k", "ContentLength": "10"})  # error
s3.generate_presigned_url("get_object", Params={"Bucket": 1, "Key": "k"})  # error
s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn="60")  # error
# Client keyword arguments, one by one.
s3presign.client(region="eu-west-1")  # error
s3presign.client(region_name=1)  # error
s3presign.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, regoin_name="x")  # error
s3presign.generate_presigned_post("b", "k", strict_expiry="yes")  # error
# The POST result is a TypedDict.
post["fileds"]  # error
# fmt: on
