"""``s3presign s3://bucket/key``: print a presigned URL, like ``aws s3 presign``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import PresignError, client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="s3presign",
        description="Print a presigned URL for an S3 object (like `aws s3 presign`).",
    )
    parser.add_argument("s3_uri", help="s3://bucket/key")
    parser.add_argument("--expires-in", type=int, default=3600, help="seconds (default 3600)")
    parser.add_argument(
        "--method", default="GET", choices=["GET", "PUT", "DELETE", "HEAD"], help="default GET"
    )
    parser.add_argument("--content-type", help="Content-Type the PUT upload must send")
    parser.add_argument("--region", help="region (default: environment, profile, us-east-1)")
    parser.add_argument("--endpoint-url", help="custom S3 endpoint, e.g. http://127.0.0.1:9000")
    args = parser.parse_args(argv)

    if not args.s3_uri.startswith("s3://") or "/" not in args.s3_uri[5:]:
        parser.error("expected s3://bucket/key")
    bucket, key = args.s3_uri[5:].split("/", 1)
    # Chosen at run time: the per-operation Params types cannot follow it.
    operation: Any = {
        "GET": "get_object",
        "PUT": "put_object",
        "DELETE": "delete_object",
        "HEAD": "head_object",
    }[args.method]
    params: Any = {"Bucket": bucket, "Key": key}
    if args.content_type is not None:
        if args.method != "PUT":
            parser.error("--content-type goes with --method PUT")
        params["ContentType"] = args.content_type
    try:
        presigner = client(region_name=args.region, endpoint_url=args.endpoint_url)
        url = presigner.generate_presigned_url(operation, Params=params, ExpiresIn=args.expires_in)
    except PresignError as exc:
        print(f"s3presign: {exc}", file=sys.stderr)
        return 2
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
