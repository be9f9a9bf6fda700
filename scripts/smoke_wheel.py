"""Smoke test of an installed s3presign wheel, against boto3.

`make wheel-check` and the release workflow (on every platform) run it with the interpreter of an
environment holding only the wheel, boto3, pytest and requests (tests/conftest.py, whose boto3
oracle it uses, imports them). It checks that s3presign is imported from that environment, not
from a source tree; that its URLs, a batch and a POST form equal boto3's; and that the
``s3presign`` command prints a URL.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))

import boto3
import s3presign
import s3presign._native
from botocore.config import Config
from conftest import MAIN, frozen_botocore_clock

WHEN = dt.datetime(2026, 11, 28, 12, 30, 15, tzinfo=dt.timezone.utc)
CREDENTIALS = {"aws_access_key_id": MAIN.access_key, "aws_secret_access_key": MAIN.secret_key}
CASES = [
    ("us-east-1", "get_object", {"Bucket": "example-bucket", "Key": "photos/1.jpg"}),
    (
        "eu-west-1",
        "put_object",
        {"Bucket": "example-bucket", "Key": "a key/é ü.txt", "ContentType": "text/plain"},
    ),
    (
        "ap-southeast-2",
        "get_object",
        {
            "Bucket": "dotted.bucket.name",
            "Key": "report.pdf",
            "ResponseContentDisposition": 'attachment; filename="r.pdf"',
        },
    ),
]


def installed_from_environment() -> None:
    """The extension and the package come from this environment's site-packages."""
    purelib = pathlib.Path(sysconfig.get_paths()["purelib"]).resolve()
    platlib = pathlib.Path(sysconfig.get_paths()["platlib"]).resolve()
    for module in (s3presign, s3presign._native):
        path = pathlib.Path(module.__file__ or "").resolve()
        if purelib not in path.parents and platlib not in path.parents:
            raise SystemExit(f"{module.__name__} imported from {path}, not from {purelib}")


def main() -> int:
    installed_from_environment()
    checked = 0
    for region, method, params in CASES:
        boto = boto3.client(
            "s3", region_name=region, config=Config(signature_version="s3v4"), **CREDENTIALS
        )
        with frozen_botocore_clock(WHEN):
            expected = boto.generate_presigned_url(method, Params=dict(params), ExpiresIn=600)
            expected_post = boto.generate_presigned_post(
                params["Bucket"], params["Key"], ExpiresIn=600
            )
        ours = s3presign.client(region_name=region, **CREDENTIALS)
        got = ours.generate_presigned_url(method, Params=params, ExpiresIn=600, signing_time=WHEN)
        if got != expected:
            raise SystemExit(f"{method} in {region}:\n  s3presign {got}\n  boto3     {expected}")
        batch = ours.generate_presigned_urls(
            method,
            params["Bucket"],
            [params["Key"]] * 3,
            ExpiresIn=600,
            Params={k: v for k, v in params.items() if k not in ("Bucket", "Key")},
            signing_time=WHEN,
        )
        if batch != [expected] * 3:
            raise SystemExit(f"batch {method} in {region}: {batch!r} != {expected!r}")
        post = ours.generate_presigned_post(
            params["Bucket"], params["Key"], ExpiresIn=600, signing_time=WHEN
        )
        if post != expected_post:
            raise SystemExit(f"POST in {region}:\n  s3presign {post}\n  boto3     {expected_post}")
        checked += 1

    command = shutil.which("s3presign", path=os.path.dirname(sys.executable))
    if command is None:
        raise SystemExit(f"no s3presign command beside {sys.executable}")
    printed = subprocess.run(
        [command, "s3://example-bucket/photos/1.jpg", "--expires-in", "600"],
        env={
            **os.environ,
            "AWS_ACCESS_KEY_ID": MAIN.access_key,
            "AWS_SECRET_ACCESS_KEY": MAIN.secret_key,
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not printed.startswith("https://example-bucket.s3.") or "X-Amz-Signature=" not in printed:
        raise SystemExit(f"the s3presign command printed {printed!r}")

    print(
        f"s3presign {s3presign.__version__} ({pathlib.Path(s3presign._native.__file__).name}) "
        f"on Python {sys.version.split()[0]}: {checked} URLs, batches and POST forms equal to "
        f"boto3 {boto3.__version__}'s; the s3presign command printed {printed[:60]}..."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
