"""The ``s3presign`` command: presigned URLs for any S3 operation, batches, POST forms, and a
doctor for URLs that S3 refuses.

    s3presign s3://bucket/key                     a GET URL (like ``aws s3 presign``)
    s3presign url s3://bucket/key --method PUT --content-type image/png
    s3presign url s3://bucket/key --operation upload_part --param PartNumber=3 --param UploadId=u
    s3presign batch s3://bucket/prefix/ --keys-from keys.txt [--json]
    s3presign post s3://bucket/uploads/key
    s3presign inspect URL [--json]
    s3presign verify URL [--method PUT] [--header 'Content-Type: image/png']

Errors go to stderr with exit status 2 (``verify``: 1 when the URL is invalid).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn, TextIO

from . import PresignError, __version__

SUBCOMMANDS = ("url", "batch", "post", "inspect", "verify")
METHOD_OPERATIONS = {
    "GET": "get_object",
    "PUT": "put_object",
    "DELETE": "delete_object",
    "HEAD": "head_object",
}
# A progress bar on a terminal for batches of at least this many keys.
PROGRESS_MIN_KEYS = 10_000
BATCH_CHUNK = 5_000

# `aws s3`'s access point forms of s3:// URIs (awscli.customizations.s3.utils).
_ARN_BUCKETS = [
    re.compile(
        r"^(?P<bucket>arn:[\w-]+:s3:[a-z\-0-9]*:[0-9]{12}:accesspoint[:/][^/]+)/?(?P<key>.*)$"
    ),
    re.compile(
        r"^(?P<bucket>arn:[\w-]+:s3-object-lambda:[a-z\-0-9]*:[0-9]{12}:accesspoint[:/][^/]+)"
        r"/?(?P<key>.*)$"
    ),
    re.compile(
        r"^(?P<bucket>arn:[\w-]+:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]"
        r"[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63})/?(?P<key>.*)$"
    ),
]


class CliError(Exception):
    """A user error: printed as ``s3presign: <message>``, exit status 2."""


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` (or an access point ARN in the bucket's place, as ``aws s3``
    takes it) as ``(bucket, key)``; the key may be empty."""
    if not uri.startswith("s3://"):
        raise CliError(f"expected an s3://bucket/key URI, got {uri!r}")
    path = uri[5:]
    for pattern in _ARN_BUCKETS:
        match = pattern.match(path)
        if match:
            return match["bucket"], match["key"]
    bucket, _, key = path.partition("/")
    if not bucket:
        raise CliError(f"no bucket in {uri!r}")
    return bucket, key


def operation_name(name: str) -> str:
    """boto3's method name for ``GetObject``, ``get-object`` or ``get_object``."""
    if "-" in name:
        return name.replace("-", "_").lower()
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def typed_param(operation: str, members: dict[str, str], assignment: str) -> tuple[str, Any]:
    """``Name=Value`` as the model types ``Name``: integers, booleans, JSON for maps, lists
    and structures, strings otherwise."""
    name, sep, text = assignment.partition("=")
    if not sep or not name:
        raise CliError(f"--param takes Name=Value, got {assignment!r}")
    kind = members.get(name)
    if kind is None:
        known = ", ".join(sorted(members))
        raise CliError(f"{operation} has no parameter {name!r}; its parameters: {known}")
    if kind in ("integer", "long"):
        try:
            return name, int(text)
        except ValueError:
            raise CliError(f"--param {name} takes an integer, got {text!r}") from None
    if kind in ("float", "double"):
        try:
            return name, float(text)
        except ValueError:
            raise CliError(f"--param {name} takes a number, got {text!r}") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise CliError(f"--param {name} takes true or false, got {text!r}")
        return name, text.lower() == "true"
    if kind in ("map", "list", "structure"):
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise CliError(f"--param {name} takes JSON ({kind}): {exc}") from None
        wanted = {"map": dict, "list": list, "structure": dict}[kind]
        if not isinstance(value, wanted):
            raise CliError(f"--param {name} takes a JSON {'object' if wanted is dict else 'array'}")
        return name, value
    if kind == "timestamp" and text.isdigit():
        return name, int(text)
    return name, text


# --- the client --------------------------------------------------------------------------------


def add_client_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("client (as boto3.client('s3', ...))")
    group.add_argument("--region", help="region (default: environment, profile, us-east-1)")
    group.add_argument("--endpoint-url", help="custom S3 endpoint, e.g. http://127.0.0.1:9000")
    group.add_argument("--addressing-style", choices=["auto", "virtual", "path"])
    group.add_argument(
        "--signature-version", choices=["s3v4", "s3"], help="s3v4 (default) or s3 (SigV2)"
    )
    group.add_argument("--profile", help="a profile of ~/.aws/config and ~/.aws/credentials")


def make_presigner(args: argparse.Namespace) -> Any:
    """A Presigner for the client options; profiles with SSO, roles or credential processes
    go through boto3 when it is installed."""
    from . import UnsupportedError, client

    config: dict[str, Any] = {}
    if args.signature_version:
        config["signature_version"] = args.signature_version
    if args.addressing_style:
        config["s3"] = {"addressing_style": args.addressing_style}
    if args.profile:
        os.environ["AWS_PROFILE"] = args.profile
        os.environ.pop("AWS_DEFAULT_PROFILE", None)
    try:
        return client(region_name=args.region, endpoint_url=args.endpoint_url, config=config)
    except UnsupportedError as exc:
        return presigner_from_boto3(args, config, exc)


def presigner_from_boto3(args: argparse.Namespace, config: dict[str, Any], why: Exception) -> Any:
    try:
        import boto3  # type: ignore[import-untyped]
        from botocore.config import Config  # type: ignore[import-untyped]
    except ImportError:
        raise CliError(
            f"{why}. Install boto3 (pip install 's3presign[boto3]') to use such profiles."
        ) from None
    from . import from_boto3

    try:
        session = boto3.Session(profile_name=args.profile)
        s3 = session.client(
            "s3",
            region_name=args.region,
            endpoint_url=args.endpoint_url,
            config=Config(
                signature_version=config.get("signature_version", "s3v4"), s3=config.get("s3")
            ),
        )
        return from_boto3(s3)
    except PresignError:
        raise
    # botocore's own errors (expired SSO token, unknown profile...) have no common base.
    except Exception as exc:  # noqa: BLE001
        raise CliError(f"boto3 could not load the profile: {exc}") from None


# --- subcommands -------------------------------------------------------------------------------


def expires_at(seconds: int) -> str:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return (now + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve_operation(args: argparse.Namespace) -> tuple[str, str | None, str, dict[str, str]]:
    """``(operation, HttpMethod override, the operation's method, its members)``."""
    from ._native import _operation_model

    method = args.method.upper() if args.method else None
    if args.operation:
        operation = operation_name(args.operation)
        override = method
    else:
        operation = METHOD_OPERATIONS.get(method or "GET", "")
        if not operation:
            raise CliError(
                f"--method {method} names no object operation; give --operation "
                f"(--method alone takes {', '.join(METHOD_OPERATIONS)})"
            )
        override = None
    http_method, members = _operation_model(operation)
    return operation, override, http_method, members


def build_params(
    args: argparse.Namespace, operation: str, members: dict[str, str], bucket: str, key: str | None
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if "Bucket" in members:
        params["Bucket"] = bucket
    if key and "Key" in members:
        params["Key"] = key
    elif key:
        raise CliError(f"{operation} takes no key; give s3://{bucket}")
    for flag, member, value in (
        ("--version-id", "VersionId", args.version_id),
        ("--content-type", "ContentType", args.content_type),
    ):
        if value is None:
            continue
        if member not in members:
            raise CliError(f"{flag} does not apply to {operation} (it has no {member})")
        params[member] = value
    for assignment in args.param or []:
        name, value = typed_param(operation, members, assignment)
        params[name] = value
    return params


def cmd_url(args: argparse.Namespace, out: TextIO) -> int:
    bucket, key = split_s3_uri(args.s3_uri)
    operation, override, http_method, members = resolve_operation(args)
    params = build_params(args, operation, members, bucket, key or None)
    if "Key" in members and "Key" not in params and operation.endswith("_object"):
        raise CliError(f"{operation} needs a key: s3://{bucket}/KEY")
    presigner = make_presigner(args)
    url = presigner.generate_presigned_url(operation, params, args.expires_in, override)
    if args.json:
        record = {
            "url": url,
            "operation": operation,
            "method": override or http_method,
            "expires_in": args.expires_in,
            "expires_at": expires_at(args.expires_in),
        }
        out.write(json.dumps(record) + "\n")
    else:
        out.write(url + "\n")
    return 0


def read_keys(source: str) -> list[str]:
    if source == "-":
        lines = sys.stdin.read().splitlines()
    else:
        with open(source, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    return [line for line in lines if line]


class Progress:
    """``[#####.....] 45,000/100,000 keys`` on stderr, redrawn in place."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream

    def update(self, done: int) -> None:
        width = 30
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{self.total:,} keys")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cmd_batch(args: argparse.Namespace, out: TextIO) -> int:
    bucket, prefix = split_s3_uri(args.s3_uri)
    operation, override, _, members = resolve_operation(args)
    if "Key" not in members:
        raise CliError(f"{operation} takes no key, so it cannot be batched over keys")
    params = build_params(args, operation, members, bucket, None)
    params.pop("Bucket", None)
    keys = [prefix + line for line in read_keys(args.keys_from)]
    presigner = make_presigner(args)
    # One signing time for the whole batch, however many chunks it takes.
    signing_time = dt.datetime.now(dt.timezone.utc)
    progress = None
    if len(keys) >= PROGRESS_MIN_KEYS and sys.stderr.isatty():
        progress = Progress(len(keys), sys.stderr)
    done = 0
    for part in chunks(keys, BATCH_CHUNK):
        urls = presigner.generate_presigned_urls(
            operation,
            bucket,
            part,
            args.expires_in,
            override,
            params or None,
            signing_time=signing_time,
        )
        if args.json:
            out.write("".join(json.dumps({"key": k, "url": u}) + "\n" for k, u in zip(part, urls)))
        else:
            out.write("".join(u + "\n" for u in urls))
        done += len(part)
        if progress:
            progress.update(done)
    if progress:
        progress.close()
    return 0


def cmd_post(args: argparse.Namespace, out: TextIO) -> int:
    bucket, key = split_s3_uri(args.s3_uri)
    if not key:
        raise CliError("post needs a key: s3://bucket/KEY (end it in ${filename} for any name)")
    fields: dict[str, str] = {}
    for assignment in args.field or []:
        name, sep, value = assignment.partition("=")
        if not sep or not name:
            raise CliError(f"--field takes Name=Value, got {assignment!r}")
        fields[name] = value
    conditions = []
    for text in args.condition or []:
        try:
            conditions.append(json.loads(text))
        except ValueError as exc:
            raise CliError(f"--condition takes JSON: {exc}") from None
    presigner = make_presigner(args)
    post = presigner.generate_presigned_post(
        bucket, key, fields or None, conditions or None, args.expires_in
    )
    out.write(json.dumps(post, indent=2) + "\n")
    return 0


def cmd_inspect(args: argparse.Namespace, out: TextIO) -> int:
    from . import inspect

    info = inspect(args.url)
    if args.json:
        out.write(json.dumps(info.to_dict()) + "\n")
        return 0
    width = 18
    for name, value in info.to_dict().items():
        if name in ("warnings", "url", "inspected_at"):
            continue
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
        elif value is None:
            value = "-"
        out.write(f"{name:<{width}} {value}\n")
    out.write(f"{'time left':<{width}} {info.time_left}\n")
    out.writelines(f"warning: {warning}\n" for warning in info.warnings)
    return 0


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise CliError(f"--header takes 'Name: value', got {text!r}")
    return name.strip(), value.strip()


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from . import inspect

    headers = dict(parse_header(h) for h in args.header or [])
    info = inspect(args.url)
    if args.region is None and info.region:
        args.region = info.region
    presigner = make_presigner(args)
    result = presigner.verify(args.url, args.method.upper(), headers)
    if args.json:
        record = {
            "valid": result.valid,
            "reason": result.reason,
            "part": result.part,
            "canonical_request": result.canonical_request,
            "string_to_sign": result.string_to_sign,
            "expected_signature": result.expected_signature,
        }
        out.write(json.dumps(record) + "\n")
    elif result.valid:
        out.write("valid\n")
    else:
        out.write(f"invalid: {result.reason}\n")
        if result.canonical_request:
            out.write("\nCanonicalRequest:\n" + result.canonical_request + "\n")
        out.write("\nStringToSign:\n" + result.string_to_sign + "\n")
        out.write(f"\nexpected signature: {result.expected_signature}\n")
    return 0 if result.valid else 1


# --- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="s3presign",
        description="Presigned URLs for Amazon S3, byte-identical to boto3's, and a doctor "
        "for presigned URLs that fail. `s3presign s3://bucket/key` prints a GET URL.",
    )
    parser.add_argument("--version", action="version", version=f"s3presign {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def signing(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("--expires-in", type=int, default=3600, help="seconds (default 3600)")
        p.add_argument(
            "--operation", help=f"boto3 method name of the operation {what} (e.g. upload_part)"
        )
        p.add_argument(
            "--method",
            help="GET, PUT, DELETE or HEAD (the object operation), or the HttpMethod override "
            "with --operation",
        )
        p.add_argument(
            "--param",
            action="append",
            metavar="NAME=VALUE",
            help="an operation parameter, typed from the S3 model (integers; JSON for maps, "
            "lists and structures); repeatable",
        )
        p.add_argument("--version-id", help="VersionId")
        p.add_argument("--content-type", help="ContentType (the uploader must send it)")
        add_client_options(p)

    url = sub.add_parser("url", help="a presigned URL for any operation")
    url.add_argument("s3_uri", help="s3://bucket/key (or s3://bucket for bucket operations)")
    signing(url, "to sign")
    url.add_argument("--json", action="store_true", help="a JSON object with the URL")
    url.set_defaults(run=cmd_url)

    batch = sub.add_parser("batch", help="one presigned URL per key of a list")
    batch.add_argument("s3_uri", help="s3://bucket/prefix (prepended to every key)")
    batch.add_argument(
        "--keys-from", required=True, metavar="FILE", help="one key a line; - is stdin"
    )
    signing(batch, "to sign for every key")
    batch.add_argument("--json", action="store_true", help='NDJSON: {"key": ..., "url": ...}')
    batch.set_defaults(run=cmd_batch)

    post = sub.add_parser("post", help="a presigned POST form (JSON)")
    post.add_argument("s3_uri", help="s3://bucket/key (a key ending in ${filename} takes any name)")
    post.add_argument("--expires-in", type=int, default=3600, help="seconds (default 3600)")
    post.add_argument("--field", action="append", metavar="NAME=VALUE", help="a form field")
    post.add_argument("--condition", action="append", metavar="JSON", help="a policy condition")
    add_client_options(post)
    post.set_defaults(run=cmd_post)

    insp = sub.add_parser("inspect", help="what a presigned URL says (no credentials needed)")
    insp.add_argument("url")
    insp.add_argument("--json", action="store_true")
    insp.set_defaults(run=cmd_inspect)

    verify = sub.add_parser(
        "verify", help="check a presigned URL against your credentials, as S3 would"
    )
    verify.add_argument("url")
    verify.add_argument("--method", default="GET", help="the HTTP method it will be sent with")
    verify.add_argument(
        "--header", action="append", metavar="'NAME: VALUE'", help="a header it will be sent with"
    )
    verify.add_argument("--json", action="store_true")
    add_client_options(verify)
    verify.set_defaults(run=cmd_verify)
    return parser


def fail(message: str) -> NoReturn:
    print(f"s3presign: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `s3presign s3://bucket/key [options]`, the original form, is `url`.
    if argv and argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "url")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args, sys.stdout)
    except (CliError, PresignError, ValueError) as exc:
        fail(str(exc))
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
