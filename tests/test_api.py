"""The public surface: client(), Presigner, the module function, signing_time forms, repr."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import s3presign
from conftest import ACCESS_KEY, SECRET_KEY, boto3_presign

KW = {
    "region_name": "eu-west-1",
    "aws_access_key_id": ACCESS_KEY,
    "aws_secret_access_key": SECRET_KEY,
}
WHEN = dt.datetime(2026, 11, 28, 12, 34, 56, tzinfo=dt.timezone.utc)
GET = ("get_object", {"Bucket": "example-bucket", "Key": "photos/1.jpg"})


def amz_date(url: str) -> dt.datetime:
    stamp = parse_qs(urlsplit(url).query)["X-Amz-Date"][0]
    return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)


def test_client_and_presigner_agree_with_boto3():
    expected = boto3_presign(KW, *GET, 3600, None, WHEN)
    assert s3presign.client(**KW).generate_presigned_url(*GET, signing_time=WHEN) == expected
    assert s3presign.Presigner(**KW).generate_presigned_url(*GET, signing_time=WHEN) == expected
    assert s3presign.generate_presigned_url(*GET, signing_time=WHEN, **KW) == expected


@pytest.mark.parametrize(
    "signing_time",
    [
        WHEN,
        WHEN.astimezone(dt.timezone(dt.timedelta(hours=-5))),
        int(WHEN.timestamp()),
        WHEN.timestamp() + 0.75,
    ],
    ids=["utc", "offset", "int", "float"],
)
def test_signing_time_forms(signing_time):
    expected = boto3_presign(KW, *GET, 60, None, WHEN)
    got = s3presign.client(**KW).generate_presigned_url(*GET, 60, signing_time=signing_time)
    assert got == expected


def test_default_signing_time_is_now():
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    url = s3presign.client(**KW).generate_presigned_url(*GET)
    after = dt.datetime.now(dt.timezone.utc)
    signed_at = amz_date(url)
    assert before <= signed_at <= after
    assert url == boto3_presign(KW, *GET, 3600, None, signed_at)


@pytest.mark.parametrize("bad", [dt.datetime(2026, 1, 1), "2026-01-01", True, float("nan"), -1])
def test_bad_signing_time(bad):
    with pytest.raises(s3presign.ParamValidationError):
        s3presign.client(**KW).generate_presigned_url(*GET, signing_time=bad)


def test_repr_hides_secrets():
    p = s3presign.client(**KW, aws_session_token="SESSIONTOKENVALUE")
    text = repr(p)
    assert "eu-west-1" in text and ACCESS_KEY in text
    assert SECRET_KEY not in text and "SESSIONTOKENVALUE" not in text
    assert p.region_name == "eu-west-1"
    assert p.aws_access_key_id == ACCESS_KEY


def test_exceptions_share_one_base():
    for name in [
        "ParamValidationError",
        "UnknownClientMethodError",
        "NoCredentialsError",
        "EndpointResolutionError",
        "UnsupportedError",
        "InvalidConfigError",
    ]:
        assert issubclass(getattr(s3presign, name), s3presign.PresignError)
    assert issubclass(s3presign.ParamValidationError, ValueError)


@pytest.mark.parametrize(
    "args, method, params",
    [
        ([], "get_object", {"Bucket": "example-bucket", "Key": "a b/ü.txt"}),
        (
            ["--method", "PUT", "--content-type", "image/png"],
            "put_object",
            {"Bucket": "example-bucket", "Key": "a b/ü.txt", "ContentType": "image/png"},
        ),
        (["--method", "DELETE"], "delete_object", {"Bucket": "example-bucket", "Key": "a b/ü.txt"}),
    ],
)
def test_cli_prints_boto3s_url(args, method, params, monkeypatch):
    env = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": "us-west-2",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-m", "s3presign", "s3://example-bucket/a b/ü.txt", "--expires-in", "600"]
        + args,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    client_kwargs = {
        "region_name": "us-west-2",
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
    }
    assert out == boto3_presign(client_kwargs, method, params, 600, None, amz_date(out))


def test_cli_reports_errors_without_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "s3presign", "s3://b/k", "--expires-in", "700000"],
        capture_output=True,
        text=True,
        env={"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY},
        check=False,
    )
    assert proc.returncode == 2
    assert "ExpiresIn" in proc.stderr and "Traceback" not in proc.stderr
