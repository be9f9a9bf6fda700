"""The ``s3presign`` command, run as a subprocess with an isolated environment (no user AWS
files). Every URL it prints is compared with boto3's for the same call at the same moment
(the time is read back from the URL)."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import s3presign
from botocore.config import Config
from conftest import ACCESS_KEY, SECRET_KEY, frozen_botocore_clock

UTC = dt.timezone.utc
TIMEOUT_S = 60


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Only these credentials, no shared files of the user running the tests."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO"))}
    clean.update(
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        AWS_CONFIG_FILE=str(tmp_path / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "credentials"),
        HOME=str(tmp_path),
    )
    return clean


def run(
    env: dict[str, str], *args: str, stdin: str | None = None, code: int = 0
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "s3presign", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def signed_at(url: str, expires_in: int = 3600) -> dt.datetime:
    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Date" in query:
        return dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return dt.datetime.fromtimestamp(int(query["Expires"][0]) - expires_in, UTC)


def boto3_url(
    url: str,
    operation: str,
    params: dict[str, Any],
    *,
    expires_in: int = 3600,
    http_method: str | None = None,
    region: str = "us-east-1",
    endpoint_url: str | None = None,
    **config: Any,
) -> str:
    """boto3's URL for the call, signed when ``url`` was."""
    config.setdefault("signature_version", "s3v4")
    client = boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(**config),
    )
    with frozen_botocore_clock(signed_at(url, expires_in)):
        return client.generate_presigned_url(
            operation, Params=params, ExpiresIn=expires_in, HttpMethod=http_method
        )


def test_the_original_form_keeps_working(env: dict[str, str]) -> None:
    url = run(env, "s3://my-bucket/photos/1 a.jpg", "--expires-in", "600").stdout.strip()
    assert url == boto3_url(
        url, "get_object", {"Bucket": "my-bucket", "Key": "photos/1 a.jpg"}, expires_in=600
    )
    url = run(
        env,
        "s3://my-bucket/k",
        "--method",
        "PUT",
        "--content-type",
        "image/png",
        "--region",
        "eu-west-3",
    ).stdout.strip()
    params = {"Bucket": "my-bucket", "Key": "k", "ContentType": "image/png"}
    assert url == boto3_url(url, "put_object", params, region="eu-west-3")


@pytest.mark.parametrize(
    ("args", "operation", "params", "extra"),
    [
        (
            ["--operation", "upload_part", "--param", "PartNumber=3", "--param", "UploadId=u/1"],
            "upload_part",
            {"PartNumber": 3, "UploadId": "u/1"},
            {},
        ),
        (
            [
                "--operation",
                "PutObject",
                "--param",
                'Metadata={"owner": "me"}',
                "--param",
                "ContentLength=12",
            ],
            "put_object",
            {"Metadata": {"owner": "me"}, "ContentLength": 12},
            {},
        ),
        (
            ["--version-id", "v1", "--region", "ap-south-1"],
            "get_object",
            {"VersionId": "v1"},
            {"region": "ap-south-1"},
        ),
        (
            ["--method", "DELETE", "--addressing-style", "virtual"],
            "delete_object",
            {},
            {"s3": {"addressing_style": "virtual"}},
        ),
        (
            ["--method", "HEAD", "--signature-version", "s3", "--region", "us-west-2"],
            "head_object",
            {},
            {"signature_version": "s3", "region": "us-west-2"},
        ),
        (
            ["--endpoint-url", "http://127.0.0.1:9000", "--expires-in", "60"],
            "get_object",
            {},
            {"endpoint_url": "http://127.0.0.1:9000", "expires_in": 60},
        ),
        (
            ["--operation", "get_object", "--method", "PUT"],
            "get_object",
            {},
            {"http_method": "PUT"},
        ),
    ],
)
def test_url_equals_boto3(
    env: dict[str, str],
    args: list[str],
    operation: str,
    params: dict[str, Any],
    extra: dict[str, Any],
) -> None:
    url = run(env, "url", "s3://my-bucket/dir/key.bin", *args).stdout.strip()
    params = {"Bucket": "my-bucket", "Key": "dir/key.bin", **params}
    assert url == boto3_url(url, operation, params, **extra)


def test_url_json_and_bucket_operations(env: dict[str, str]) -> None:
    out = run(
        env,
        "url",
        "s3://my-bucket",
        "--operation",
        "list_objects_v2",
        "--param",
        "MaxKeys=5",
        "--param",
        "Prefix=a/",
        "--json",
    ).stdout
    record = json.loads(out)
    assert record["operation"] == "list_objects_v2" and record["method"] == "GET"
    params = {"Bucket": "my-bucket", "MaxKeys": 5, "Prefix": "a/"}
    assert record["url"] == boto3_url(record["url"], "list_objects_v2", params)


def test_access_point_arn_uris(env: dict[str, str]) -> None:
    arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/myap"
    url = run(env, "url", f"s3://{arn}/some/key").stdout.strip()
    assert url == boto3_url(url, "get_object", {"Bucket": arn, "Key": "some/key"})
    outpost = (
        "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap"
    )
    url = run(env, "url", f"s3://{outpost}/k").stdout.strip()
    assert url == boto3_url(url, "get_object", {"Bucket": outpost, "Key": "k"})


def test_batch_lines_and_ndjson(env: dict[str, str], tmp_path: Path) -> None:
    keys = ["a.txt", "dir/b c.txt", "caf\u00e9"]
    listing = tmp_path / "keys.txt"
    listing.write_text("\n".join(keys) + "\n", encoding="utf-8")
    urls = run(env, "batch", "s3://my-bucket/pre/", "--keys-from", str(listing)).stdout
    urls = urls.splitlines()
    assert len(urls) == 3
    for key, url in zip(keys, urls):
        assert url == boto3_url(url, "get_object", {"Bucket": "my-bucket", "Key": f"pre/{key}"})
    out = run(
        env,
        "batch",
        "s3://my-bucket",
        "--keys-from",
        "-",
        "--json",
        "--method",
        "PUT",
        "--content-type",
        "text/plain",
        stdin="\n".join(keys),
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["key"] for r in records] == keys
    for record in records:
        params = {"Bucket": "my-bucket", "Key": record["key"], "ContentType": "text/plain"}
        assert record["url"] == boto3_url(record["url"], "put_object", params)


def test_batch_progress_bar_on_a_terminal(env: dict[str, str]) -> None:
    keys = "\n".join(f"k{i}" for i in range(12_000))
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "s3presign", "batch", "s3://b", "--keys-from", "-"],
            input=keys.encode(),
            env=env,
            stdout=subprocess.PIPE,
            stderr=secondary,
            timeout=TIMEOUT_S,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        progress = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            progress += chunk
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(primary)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 12_000
    assert b"12,000/12,000 keys" in progress
    # Not a terminal: no bar.
    quiet = run(env, "batch", "s3://b", "--keys-from", "-", stdin=keys)
    assert quiet.stderr == ""


def test_post_is_boto3s(env: dict[str, str]) -> None:
    out = run(
        env,
        "post",
        "s3://my-bucket/uploads/${filename}",
        "--field",
        "acl=private",
        "--condition",
        '{"acl": "private"}',
        "--expires-in",
        "600",
    ).stdout
    post = json.loads(out)
    client = boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4"),
    )
    amz_date = post["fields"]["x-amz-date"]
    when = dt.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    with frozen_botocore_clock(when):
        theirs = client.generate_presigned_post(
            "my-bucket",
            "uploads/${filename}",
            Fields={"acl": "private"},
            Conditions=[{"acl": "private"}],
            ExpiresIn=600,
        )
    assert post == theirs


def test_inspect_text_and_json(env: dict[str, str]) -> None:
    url = s3presign.client(
        region_name="eu-west-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    ).generate_presigned_url(
        "put_object", {"Bucket": "b", "Key": "k", "ContentType": "text/plain"}, 60
    )
    data = json.loads(run(env, "inspect", url, "--json").stdout)
    ours = s3presign.inspect(url).to_dict()
    for moving in ("inspected_at", "expired", "warnings"):
        del data[moving], ours[moving]
    assert data == ours
    text = run(env, "inspect", url).stdout
    assert "bucket             b\n" in text and "region             eu-west-1\n" in text
    assert "warning: the client must send the signed header content-type" in text
    err = run(env, "inspect", "https://example.com/file", code=2).stderr
    assert err.startswith("s3presign: not a presigned URL: it has no query string")


def test_verify_exit_status_reason_and_canonical_request(env: dict[str, str]) -> None:
    params = {"Bucket": "my-bucket", "Key": "a b.txt", "ContentType": "text/plain"}
    url = s3presign.client(
        region_name="eu-west-3", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    ).generate_presigned_url("put_object", params, 600)
    ok = run(env, "verify", url, "--method", "PUT", "--header", "Content-Type: text/plain")
    assert ok.stdout == "valid\n"
    bad = run(env, "verify", url, "--method", "GET", "--header", "Content-Type: text/plain", code=1)
    assert bad.stdout.startswith("invalid: the signature does not match")
    assert "\nCanonicalRequest:\nGET\n/a%20b.txt\n" in bad.stdout
    assert "\nStringToSign:\nAWS4-HMAC-SHA256\n" in bad.stdout
    missing = run(env, "verify", url, "--method", "PUT", code=1).stdout
    assert missing.startswith("invalid: the signed header content-type is not sent")
    record = json.loads(run(env, "verify", url, "--json", code=1).stdout)
    assert record["valid"] is False and record["part"] == "signed header"
    other_key = dict(env, AWS_SECRET_ACCESS_KEY="je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")
    forged = run(
        other_key, "verify", url, "--method", "PUT", "--header", "content-type: text/plain", code=1
    )
    assert "signature does not match" in forged.stdout
    assert "--header takes" in run(env, "verify", url, "--header", "nocolon", code=2).stderr


def test_errors_exit_2_without_traceback(env: dict[str, str]) -> None:
    assert (
        "integer"
        in run(
            env, "url", "s3://b/k", "--operation", "upload_part", "--param", "PartNumber=x", code=2
        ).stderr
    )
    assert "no parameter 'Nope'" in run(env, "url", "s3://b/k", "--param", "Nope=1", code=2).stderr
    assert "s3://" in run(env, "url", "b/k", code=2).stderr
    assert "ExpiresIn" in run(env, "s3://b/k", "--expires-in", "0", code=2).stderr
    assert (
        "Client does not have method"
        in run(env, "url", "s3://b/k", "--operation", "nope", code=2).stderr
    )
    missing = run(env, "batch", "s3://b", "--keys-from", "/nonexistent/keys", code=2).stderr
    assert "/nonexistent/keys" in missing
    no_keys = {
        k: v
        for k, v in env.items()
        if not k.startswith("AWS_ACCESS") and not k.startswith("AWS_SECRET")
    }
    assert "credentials" in run(no_keys, "s3://b/k", code=2).stderr.lower()


def test_version(env: dict[str, str]) -> None:
    assert run(env, "--version").stdout.strip() == f"s3presign {s3presign.__version__}"


def test_profiles_static_and_through_boto3(env: dict[str, str], tmp_path: Path) -> None:
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    creds = tmp_path / "creds.py"
    creds.write_text(
        f"import json\nprint(json.dumps({{'Version': 1, 'AccessKeyId': {ACCESS_KEY!r}, "
        f"'SecretAccessKey': {SECRET_KEY!r}}}))\n"
    )
    Path(env["AWS_CONFIG_FILE"]).write_text(
        "[profile static]\n"
        f"aws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        "region = eu-west-2\n"
        "[profile process]\n"
        f"credential_process = {sys.executable} {creds}\nregion = eu-west-2\n"
    )
    params = {"Bucket": "my-bucket", "Key": "k"}
    for profile in ("static", "process"):
        url = run(env, "url", "s3://my-bucket/k", "--profile", profile).stdout.strip()
        assert url == boto3_url(url, "get_object", params, region="eu-west-2"), profile
    # Without boto3 the command says what to install.
    blocked = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; sys.modules['boto3'] = None; from s3presign.cli import main; "
                "sys.exit(main(['url', 's3://b/k', '--profile', 'process']))"
            ),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert blocked.returncode == 2, blocked.stderr
    assert "credential_process" in blocked.stderr and "s3presign[boto3]" in blocked.stderr
    assert "Traceback" not in blocked.stderr
