"""Differential-testing harness: boto3 (botocore 1.43.11) is the oracle, s3presign the subject.

* conftest isolates every test from the caller's AWS configuration (both sides read it); the
  parity suites also use its ``no_network`` fixture so that a case can never hang on the network.
* ``frozen_botocore_clock(dt)`` (from conftest) freezes every clock botocore signs with.
* ``Harness.check(case)`` runs one ``Case`` on boto3 and every way s3presign signs it (fresh,
  reuse, batch: ``PresignerWays``) and raises ``AssertionError`` on any difference; each harness
  counts its own cases, paths, ways and mismatches (``Harness.stats``, ``Harness.summary()``).
* The hypothesis strategies at the bottom generate cases from botocore's S3 model.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import difflib
import json
import re
from collections import Counter
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

import boto3
import botocore.auth
import botocore.exceptions
import botocore.session
import botocore.validate
from botocore import xform_name
from botocore.config import Config
from conftest import frozen_botocore_clock
from hypothesis import strategies as st

UTC = dt.timezone.utc

# Recognisable credentials: tests check these never show up in messages or reprs.
ACCESS_KEY = "AKIDEXAMPLEPARITY001"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETPARITY"
SESSION_TOKEN = "FwoGZXIvYXdzEJr//////////wEaDSESSIONTOKENPARITY+/="


# --------------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------------


def to_naive_utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def epoch_of(when: dt.datetime) -> float:
    """Unix seconds of ``when`` (aware, or naive meaning UTC, as everywhere in these tests)."""
    return to_naive_utc(when).replace(tzinfo=UTC).timestamp()


# --------------------------------------------------------------------------------------------
# Cases and the two sides
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    client_kwargs: dict  # region_name, endpoint_url, credentials; config as a plain dict
    method: str
    params: dict | None = None
    expires_in: Any = 3600
    http_method: str | None = None
    signing_time: dt.datetime = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    # How s3presign is given the signing time and the config.
    signing_time_form: str = "datetime"  # or "epoch"
    config_form: str = "dict"  # or "Config"
    pass_expires: bool = True  # False: leave ExpiresIn to its default
    label: str = ""

    def describe(self) -> str:
        kw = dict(self.client_kwargs)
        for secret in ("aws_secret_access_key", "aws_session_token"):
            if kw.get(secret) is not None:
                kw[secret] = f"<{len(kw[secret])} chars>"
        return (
            f"{self.label}\n  client kwargs: {kw!r}\n  call: {self.method}({self.params!r}, "
            f"ExpiresIn={self.expires_in!r}, HttpMethod={self.http_method!r})\n"
            f"  signing_time={self.signing_time.isoformat()} ({self.signing_time_form}), "
            f"config as {self.config_form}"
        )


def _config_object(config: dict | None) -> Config | None:
    if config is None:
        return None
    return Config(**config)


def _cache_key(client_kwargs: dict) -> str:
    return json.dumps(client_kwargs, sort_keys=True, default=repr)


class Boto3Oracle:
    """boto3 clients, cached by their kwargs (creating one costs ~15 ms)."""

    def __init__(self) -> None:
        self._session: boto3.session.Session | None = None
        self._clients: dict = {}

    def client(self, client_kwargs: dict) -> Any:
        key = _cache_key(client_kwargs)
        if key not in self._clients:
            if self._session is None:
                self._session = boto3.session.Session()
            kwargs = dict(client_kwargs)
            kwargs["config"] = _config_object(kwargs.get("config"))
            try:
                self._clients[key] = ("ok", self._session.client("s3", **kwargs))
            except Exception as exc:  # noqa: BLE001 - boto3 rejected the configuration itself
                self._clients[key] = ("error", exc)
        status, value = self._clients[key]
        if status == "error":
            raise value
        return value

    def presign(self, case: Case) -> str:
        client = self.client(case.client_kwargs)
        with frozen_botocore_clock(case.signing_time):
            return client.generate_presigned_url(case.method, **call_kwargs(case))


def call_kwargs(case: Case) -> dict:
    """``generate_presigned_url``'s keyword arguments for ``case`` (its own copy of Params)."""
    kwargs: dict = {"Params": copy.deepcopy(case.params), "HttpMethod": case.http_method}
    if case.pass_expires:
        kwargs["ExpiresIn"] = case.expires_in
    return kwargs


def signing_time_of(case: Case) -> Any:
    """The case's signing time in the form s3presign is given it."""
    if case.signing_time_form == "epoch":
        return int(epoch_of(case.signing_time))
    return case.signing_time


def make_presigner(case: Case, **presigner_options: Any) -> Any:
    """A new ``s3presign.Presigner`` for the case's client kwargs (config in the case's form),
    plus ``presigner_options`` (``boto3_signature_default``)."""
    import s3presign

    kwargs = dict(case.client_kwargs)
    if case.config_form == "Config":
        kwargs["config"] = _config_object(kwargs.get("config"))
    elif kwargs.get("config") is not None:
        kwargs["config"] = copy.deepcopy(kwargs["config"])
    return s3presign.Presigner(**kwargs, **presigner_options)


def s3presign_presign(case: Case, **presigner_options: Any) -> str:
    """The subject signing one call on a fresh presigner."""
    presigner = make_presigner(case, **presigner_options)
    return presigner.generate_presigned_url(
        case.method, signing_time=signing_time_of(case), **call_kwargs(case)
    )


def subject_error_classes() -> tuple:
    import s3presign

    return (s3presign.PresignError,)


# --------------------------------------------------------------------------------------------
# The three ways s3presign signs a case
# --------------------------------------------------------------------------------------------

# fresh: a new presigner signs the case. reuse: a presigner that has just signed another key
# with the same other arguments (so the reuse paths, the template and like_last, serve the
# case). batch: the case's key in the middle of a ``generate_presigned_urls`` batch.
WAYS = ("fresh", "reuse", "batch")


def other_key(key: str, n: int = 1) -> str:
    """The ``n``-th (1 or 2) key of the same shape as ``key`` (its last character changed)."""
    choices = [c for c in "zyx" if not key.endswith(c)]
    return key[:-1] + choices[n - 1]


def _has_key_member(method: str) -> bool:
    if method not in OPERATIONS:
        return False
    members = operation_model(method).input_shape.members
    return "Bucket" in members and "Key" in members


def batch_arguments(case: Case) -> tuple | None:
    """(Bucket, Key, shared Params) when the case's call fits ``generate_presigned_urls``
    (a Bucket and Key operation called with str Bucket and Key), else None."""
    params = case.params
    if not isinstance(params, dict) or not _has_key_member(case.method):
        return None
    bucket, key = params.get("Bucket"), params.get("Key")
    if type(bucket) is not str or type(key) is not str:
        return None
    shared = {k: v for k, v in params.items() if k not in ("Bucket", "Key")}
    return bucket, key, shared


def _with_key(case: Case, key: str) -> Case:
    return dataclasses.replace(case, params={**(case.params or {}), "Key": key})


class PresignerWays:
    """The ways s3presign signs one case, each returning its URL (or raising), from a presigner
    factory (``make_presigner``, ``s3presign.from_boto3`` of the oracle's client, ...)."""

    def __init__(self, factory: Callable[[Case], Any] = make_presigner) -> None:
        self.factory = factory

    def ways(self, case: Case) -> list:
        ways = [("fresh", lambda: self.fresh(case)), ("reuse", lambda: self.reuse(case))]
        if batch_arguments(case) is not None:
            ways.append(("batch", lambda: self.batch(case)))
        return ways

    @staticmethod
    def _sign(presigner: Any, case: Case) -> str:
        return presigner.generate_presigned_url(
            case.method, signing_time=signing_time_of(case), **call_kwargs(case)
        )

    def fresh(self, case: Case) -> str:
        return self._sign(self.factory(case), case)

    def reuse(self, case: Case) -> str:
        """Sign another key with the same other arguments first (a call without a Key: the same
        call), then the case on the same presigner."""
        presigner = self.factory(case)
        key = (case.params or {}).get("Key") if isinstance(case.params, dict) else None
        warm_up = _with_key(case, other_key(key)) if type(key) is str else case
        with contextlib.suppress(*subject_error_classes()):
            self._sign(presigner, warm_up)
        return self._sign(presigner, case)

    def batch(self, case: Case) -> str:
        """The case's key second of three (the others of the same shape): its URL."""
        arguments = batch_arguments(case)
        assert arguments is not None
        bucket, key, shared = arguments
        kwargs: dict = {"HttpMethod": case.http_method, "Params": copy.deepcopy(shared) or None}
        if case.pass_expires:
            kwargs["ExpiresIn"] = case.expires_in
        urls = self.factory(case).generate_presigned_urls(
            case.method,
            bucket,
            [other_key(key, 1), key, other_key(key, 2)],
            signing_time=signing_time_of(case),
            **kwargs,
        )
        assert len(urls) == 3, urls
        return urls[1]


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def query_diff(expected: str, actual: str) -> str:
    def lines(url: str) -> list:
        parts = urlsplit(url)
        out = [f"scheme={parts.scheme}", f"netloc={parts.netloc}", f"path={parts.path}"]
        out += [f"query: {item}" for item in parts.query.split("&")]
        out += [f"decoded: {k}={v!r}" for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        return out

    return "\n".join(
        difflib.unified_diff(lines(expected), lines(actual), "boto3", "s3presign", lineterm="")
    )


def _expected_amz_date(case: Case) -> str:
    return to_naive_utc(case.signing_time).strftime("%Y%m%dT%H%M%SZ")


class Harness:
    """Checks cases against boto3 and counts them (``stats``, ``boto3_errors``, ``methods_ok``).

    By default each case is signed every way of ``PresignerWays(presigner)``; a ``subject``
    (a function of the case returning a URL) replaces those ways by itself.
    """

    def __init__(
        self,
        oracle: Boto3Oracle | None = None,
        subject: Callable[[Case], str] | None = None,
        subject_errors: Callable[[], tuple] = subject_error_classes,
        presigner: Callable[[Case], Any] = make_presigner,
    ) -> None:
        self.oracle = oracle or Boto3Oracle()
        self.subject = subject
        self.subject_errors = subject_errors
        self.presigner_ways = PresignerWays(presigner)
        self.stats: Counter = Counter()
        self.boto3_errors: Counter = Counter()
        self.methods_ok: Counter = Counter()  # client methods whose URL was compared

    def refusal(self, case: Case) -> str | None:
        """The exception s3presign raises on purpose for ``case`` (``documented_refusal``)."""
        return documented_refusal(case)

    def ways(self, case: Case) -> list:
        if self.subject is not None:
            subject = self.subject
            return [("subject", lambda: subject(case))]
        return self.presigner_ways.ways(case)

    def expected(self, case: Case) -> tuple:
        """("ok", url) or ("error", exception) from boto3."""
        try:
            url = self.oracle.presign(case)
        except Exception as exc:  # noqa: BLE001 - any boto3 failure is the error path
            return "error", exc
        # The frozen clock must have been the one botocore used.
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        if "AWSAccessKeyId" in query:  # SigV2: Expires = signing time + ExpiresIn
            expires = case.expires_in if case.pass_expires else 3600
            want = str(int(epoch_of(case.signing_time)) + int(expires))
            assert query["Expires"] == want, f"botocore did not sign at the frozen time: {url}"
        else:
            amz_date = query.get("X-Amz-Date")
            assert amz_date == _expected_amz_date(case), (
                f"botocore did not sign at the frozen time: {amz_date} in {url}"
            )
        return "ok", url

    def check(self, case: Case) -> str:
        """Run one case every way; return "ok", "error" or "refused" (the path taken) or raise
        AssertionError naming the way that differed."""
        self.stats["cases"] += 1
        status, expected = self.expected(case)
        if status == "error":
            self.stats["error_path"] += 1
            self.boto3_errors[type(expected).__name__] += 1
        else:
            self.stats["ok_path"] += 1
            self.methods_ok[case.method] += 1
        paths = set()
        for way, sign in self.ways(case):
            self.stats[way] += 1
            try:
                if status == "error":
                    paths.add(self._check_error_path(case, expected, way, sign))
                else:
                    paths.add(self._check_ok_path(case, expected, way, sign))
            except AssertionError:
                self.stats["mismatches"] += 1
                raise
        if "refused" in paths:
            self.stats["documented_refusals"] += 1
            if paths != {"refused"}:
                self.stats["mismatches"] += 1
                raise AssertionError(f"refused only some ways: {paths}\n{case.describe()}")
            return "refused"
        return status

    def _check_error_path(self, case: Case, expected: Exception, way: str, sign: Any) -> str:
        errors = self.subject_errors()
        try:
            actual = sign()
        except errors as exc:
            self._check_error_kind(case, expected, exc, way)
            return "error"
        except Exception as exc:
            raise AssertionError(
                f"boto3 raised {type(expected).__name__}: {expected}\n"
                f"s3presign ({way}) raised {type(exc).__name__} (not a PresignError): {exc}\n"
                f"{case.describe()}"
            ) from exc
        raise AssertionError(
            f"boto3 raised {type(expected).__name__}: {expected}\n"
            f"s3presign ({way}) returned {actual}\n{case.describe()}"
        )

    def _check_ok_path(self, case: Case, expected: str, way: str, sign: Any) -> str:
        refusal = self.refusal(case) or ("UnsupportedError" if is_sigv4a(expected) else None)
        try:
            actual = sign()
        except Exception as exc:
            if refusal is not None and type(exc).__name__ == refusal:
                return "refused"
            raise AssertionError(
                f"boto3 returned {expected}\ns3presign ({way}) raised {type(exc).__name__}: "
                f"{exc}\n{case.describe()}"
            ) from exc
        if actual != expected:
            raise AssertionError(
                f"URL mismatch ({way})\n  boto3:     {expected}\n  s3presign: {actual}\n"
                f"{query_diff(expected, actual)}\n{case.describe()}"
            )
        return "ok"

    def _check_error_kind(
        self, case: Case, expected: Exception, actual: Exception, way: str
    ) -> None:
        """A ruleset error comes out as EndpointResolutionError with the ruleset's message.

        botocore resolves the endpoint before it validates Params, so when the Params are invalid
        too, any PresignError is accepted (s3presign may validate first).
        """
        if not isinstance(expected, botocore.exceptions.EndpointResolutionError):
            return
        if type(actual).__name__ == "EndpointResolutionError":
            message = str(actual)
            if way == "batch":  # a batch names the key it was signing: "Keys[0]: ..."
                message = re.sub(r"^Keys\[\d+\]: ", "", message)
            if message != str(expected):
                raise AssertionError(
                    f"endpoint error messages differ ({way})\n  boto3:     {expected}\n"
                    f"  s3presign: {actual}\n{case.describe()}"
                )
            return
        if params_are_valid(case) and self.refusal(case) is None:
            raise AssertionError(
                f"boto3 raised EndpointResolutionError: {expected}\n"
                f"s3presign ({way}) raised {type(actual).__name__}: {actual}\n{case.describe()}"
            )

    def summary(self) -> str:
        """The totals, for a suite's own summary line."""
        stats = self.stats
        errors = ", ".join(f"{k}={v}" for k, v in sorted(self.boto3_errors.items()))
        ways = ", ".join(f"{way} {stats[way]}" for way in (*WAYS, "subject") if stats[way])
        return (
            f"parity: {stats['cases']} cases ({stats['ok_path']} URL comparisons, "
            f"{stats['error_path']} boto3-error cases, {len(self.methods_ok)}/{len(OPERATIONS)} "
            f"client methods compared, {stats['documented_refusals']} documented refusals; "
            f"signed {ways}), {stats['mismatches']} mismatches; "
            f"boto3 errors seen: {errors or 'none'}"
        )


def params_are_valid(case: Case) -> bool:
    """botocore's own validator accepts the raw Params (before its S3 handlers run)."""
    if case.method not in OPERATIONS:
        return False
    shape = operation_model(case.method).input_shape
    report = botocore.validate.ParamValidator().validate(copy.deepcopy(case.params or {}), shape)
    return not report.has_errors()


class FromBoto3Harness(Harness):
    """``Harness`` over presigners from ``from_boto3``/``from_aiobotocore``: beside the
    documented refusals, those of the installed botocore's differences from the pin
    (``installed_botocore_differences``)."""

    def refusal(self, case: Case) -> str | None:
        other_ruleset, refused_members = installed_botocore_differences()
        params = case.params or {}
        bucket = params.get("Bucket")
        if other_ruleset and (
            bucket is None
            or (
                isinstance(bucket, str)
                and (
                    (bucket.startswith("arn:") and bucket.count(":") >= 5)
                    or bucket.endswith(("--x-s3", "--xa-s3"))
                )
            )
        ):
            return "UnsupportedError"  # another ruleset: ARNs, directory buckets, no bucket
        if refused_members.intersection(params):
            return "UnsupportedError"  # a member its serializer writes otherwise
        return super().refusal(case)


_differences: tuple | None = None


def installed_botocore_differences() -> tuple:
    """Whether the installed botocore loads another S3 endpoint ruleset or partitions than the
    pin, and the members its serializer writes otherwise: what from_boto3 presigners refuse."""
    global _differences
    if _differences is None:
        from s3presign import _boto3, _botocore_compat

        client = botocore.session.get_session().create_client(
            "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
        members = _botocore_compat.refused_header_members(client.meta.service_model)
        _differences = (not _boto3._pins_endpoint_data(client), frozenset(members))
    return _differences


def documented_refusal(case: Case) -> str | None:
    """The exception s3presign raises ON PURPOSE where boto3 signs (README, "Deliberate
    differences"): ExpiresIn that is not an int in 1..604800, integer members beyond 64 bits,
    S3 Express directory buckets and multi-region access points. None when s3presign must match boto3's URL."""
    expires = case.expires_in if case.pass_expires else 3600
    if type(expires) is not int or not 1 <= expires <= 604800:
        return "ParamValidationError"
    params = case.params or {}
    if any(type(v) is int and not -(2**63) <= v < 2**63 for v in params.values()):
        return "ParamValidationError"  # integers beyond 64 bits (S3 takes none)
    bucket = params.get("Bucket")
    if isinstance(bucket, str):
        if bucket.endswith(("--x-s3", "--xa-s3")):
            return "UnsupportedError"
        if bucket.startswith("arn:") and bucket.split(":")[3:4] == [""]:
            return "UnsupportedError"  # MRAP: arn:aws:s3::<account>:accesspoint/<alias>.mrap
    return None


def is_sigv4a(url: str) -> bool:
    """botocore signed ``url`` with SigV4a (awscrt's ECDSA signer, a new signature at each call:
    endpoints listing SigV4a first, on clients with no signature version), which s3presign
    refuses with ``UnsupportedError``."""
    query = dict(parse_qsl(urlsplit(url).query))
    return query.get("X-Amz-Algorithm") == "AWS4-ECDSA-P256-SHA256"


def client_kwargs(
    region_name: str | None = "us-east-1",
    endpoint_url: str | None = None,
    token: str | None = None,
    config: dict | None = None,
    access_key: str = ACCESS_KEY,
    secret_key: str = SECRET_KEY,
    **extra_config: Any,
) -> dict:
    """Client kwargs for a Case; ``config`` always carries signature_version='s3v4'."""
    cfg = {"signature_version": "s3v4"}
    cfg.update(config or {})
    cfg.update(extra_config)
    kwargs = {
        "aws_access_key_id": access_key,
        "aws_secret_access_key": secret_key,
        "config": cfg,
    }
    if region_name is not None:
        kwargs["region_name"] = region_name
    if endpoint_url is not None:
        kwargs["endpoint_url"] = endpoint_url
    if token is not None:
        kwargs["aws_session_token"] = token
    return kwargs


# --------------------------------------------------------------------------------------------
# botocore's S3 model
# --------------------------------------------------------------------------------------------

_SERVICE_MODEL = botocore.session.get_session().get_service_model("s3")
OPERATIONS = {xform_name(name): name for name in _SERVICE_MODEL.operation_names}


def operation_model(python_name: str) -> Any:
    return _SERVICE_MODEL.operation_model(OPERATIONS[python_name])


def _needs_body(python_name: str) -> bool:
    shape = operation_model(python_name).input_shape
    return shape is not None and any(
        shape.members[name].serialization.get("location") is None for name in shape.required_members
    )


# Operations whose required input includes body members: presigning them is always an error
# (the generators never build bodies), so they are drawn less often.
BODY_OPERATIONS = sorted(name for name in OPERATIONS if _needs_body(name))
PRESIGNABLE_OPERATIONS = sorted(name for name in OPERATIONS if not _needs_body(name))
operations = st.one_of(
    st.sampled_from(PRESIGNABLE_OPERATIONS),
    st.sampled_from(PRESIGNABLE_OPERATIONS),
    st.sampled_from(PRESIGNABLE_OPERATIONS),
    st.sampled_from(sorted(OPERATIONS)),
)


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

# Regions of every partition in partitions.json, plus names that only match a partition's regex.
REGIONS_BY_PARTITION = {
    "aws": [
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
        "ap-northeast-1",
        "sa-east-1",
        "ca-central-1",
        "me-south-1",
        "af-south-1",
        "il-central-1",
        "mx-central-1",
        "aws-global",
        "us-west-9",
        "eu-south-7",
    ],
    "aws-cn": ["cn-north-1", "cn-northwest-1", "aws-cn-global", "cn-south-5"],
    "aws-us-gov": ["us-gov-west-1", "us-gov-east-1", "aws-us-gov-global", "us-gov-central-4"],
    "aws-iso": ["us-iso-east-1", "us-iso-west-1", "aws-iso-global", "us-iso-north-3"],
    "aws-iso-b": ["us-isob-east-1", "us-isob-west-1", "aws-iso-b-global", "us-isob-south-2"],
    "aws-iso-e": ["eu-isoe-west-1", "aws-iso-e-global"],
    "aws-iso-f": ["us-isof-south-1", "us-isof-east-1", "aws-iso-f-global"],
    "aws-eusc": ["eusc-de-east-1"],
    # Matches no partition regex: the ruleset falls back to the aws partition.
    "other": [
        "local",
        "mars-west-1",
        "Us-East-1",
        "garage",
        "us-east-1-fips",
        "fips-us-gov-west-1",
    ],
}
ALL_REGIONS = [r for rs in REGIONS_BY_PARTITION.values() for r in rs]
# botocore rejects these when creating the client (not host labels).
INVALID_REGIONS = ["us_east_1", "us-east-1.", "-us-east-1", "123", "a" * 64, " us-east-1", ""]

regions = st.one_of(
    st.sampled_from(ALL_REGIONS),
    st.just(None),
    st.from_regex(r"[a-z]{2}-[a-z]{4,9}-[1-9]", fullmatch=True),
)

CUSTOM_ENDPOINTS = [
    "http://localhost:9000",  # MinIO
    "http://127.0.0.1:8333",  # SeaweedFS
    "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",  # R2
    "https://minio.example.com:9443/base/path",
    "https://storage.example.com/",
    "https://storage.example.com/a/b/",
    "http://[::1]:9000",
    "https://s3.us-west-2.amazonaws.com",
    "https://s3.amazonaws.com",
    "https://bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com",
    "http://Example.COM:80",
    "https://example.com:443",
]
endpoint_urls = st.one_of(st.just(None), st.sampled_from(CUSTOM_ENDPOINTS))

session_tokens = st.one_of(
    st.just(None),
    st.just(SESSION_TOKEN),
    st.from_regex(r"[A-Za-z0-9+/=]{1,80}", fullmatch=True),
)
access_keys = st.one_of(
    st.just(ACCESS_KEY), st.from_regex(r"(AKIA|ASIA)[A-Z0-9]{16}", fullmatch=True)
)
secret_keys = st.one_of(
    st.just(SECRET_KEY),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40),
)

s3_configs = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "addressing_style": st.sampled_from(["auto", "virtual", "path"]),
            "use_accelerate_endpoint": st.booleans(),
            "use_dualstack_endpoint": st.booleans(),
            "us_east_1_regional_endpoint": st.sampled_from(["regional", "legacy"]),
        },
    ),
)


@st.composite
def configs(draw: Any) -> dict:
    cfg: dict = {"signature_version": "s3v4"}
    for flag in ("use_fips_endpoint", "use_dualstack_endpoint"):
        value = draw(st.sampled_from([None, None, False, True]))
        if value is not None:
            cfg[flag] = value
    s3 = draw(s3_configs)
    if s3 is not None:
        cfg["s3"] = s3
    return cfg


@st.composite
def client_kwargs_strategy(
    draw: Any, region_strategy: Any = regions, endpoint_strategy: Any = endpoint_urls
) -> dict:
    kwargs = client_kwargs(
        region_name=draw(region_strategy),
        endpoint_url=draw(endpoint_strategy),
        token=draw(session_tokens),
        access_key=draw(access_keys),
        secret_key=draw(secret_keys),
    )
    kwargs["config"] = draw(configs())
    return kwargs


ARN_BUCKETS = [
    "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
    "arn:aws:s3:us-east-1:123456789012:accesspoint:my-ap",
    "arn:aws:s3:eu-central-1:123456789012:accesspoint/ap.with.dots",
    "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/my-ap",
    "arn:aws-us-gov:s3:us-gov-west-1:123456789012:accesspoint/my-ap",
    "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap",
    "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/my-ap",
    "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap",
    "arn:aws:s3:us-west-2:123456789012:accesspoint/",
    "arn:aws:sqs:us-west-2:123456789012:someresource",
]
SPECIAL_BUCKETS = [
    "ab",
    "a" * 63,
    "a" * 64,
    "192.168.5.4",
    "my--bucket",
    "bucket-",
    "-bucket",
    "a..b",
    "my.bucket.name",
    "Bucket_Name",
    "UPPERCASE",
    "bucket_underscore",
    "xn--bucket",
    "bucket-s3alias",
    "my-access-point-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias",
    "b" * 255,
    ".dot",
    "dot.",
    "bucket.s3.amazonaws.com",
    # S3 Express directory buckets: boto3 presigns them with plain SigV4 (no CreateSession call;
    # the parity fixture refuses network access, so a call would show up as an error).
    "mybucket--usw2-az1--x-s3",
    "my-bucket--use1-az4--xa-s3",
    "a.b--usw2-az1--x-s3",
    "mybucket--op-s3",
]
dns_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
buckets = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9-]{1,40}[a-z0-9]", fullmatch=True),
    st.lists(dns_labels, min_size=2, max_size=4).map(".".join),
    st.from_regex(r"[A-Za-z0-9._-]{1,70}", fullmatch=True),
    st.sampled_from(SPECIAL_BUCKETS),
    st.sampled_from(ARN_BUCKETS),
)
# Only "plain" DNS-compatible buckets, for tests that focus on something else.
simple_buckets = st.from_regex(r"[a-z0-9][a-z0-9-]{1,30}[a-z0-9]", fullmatch=True)

KEY_FRAGMENTS = [
    " ",
    "+",
    "%",
    "%20",
    "%2F",
    "?",
    "#",
    "~",
    "//",
    "./",
    "../",
    "/",
    "&",
    "=",
    ";",
    ":",
    "@",
    "$",
    ",",
    "*",
    "'",
    "!",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "^",
    "`",
    "|",
    "\\",
    '"',
    "<",
    ">",
    "\u00e9",
    "\u65e5\u672c",
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\t",
    "\n",
    "\x00",
    "\x7f",
    "\u2028",
    "\ufeff",
    "\U0010ffff",
    "-",
    "_",
    ".",
    "..",
]
any_unicode = st.characters(exclude_categories=["Cs"])  # every code point but lone surrogates


def _fits_key(key: str) -> bool:
    return 1 <= len(key.encode("utf-8")) <= 1024


keys = st.one_of(
    st.text(any_unicode, min_size=1, max_size=40),
    st.lists(
        st.one_of(st.sampled_from(KEY_FRAGMENTS), st.text(any_unicode, min_size=1, max_size=6)),
        min_size=1,
        max_size=12,
    ).map("".join),
    st.tuples(st.text(any_unicode, min_size=1, max_size=20), st.sampled_from(["/", "//"])).map(
        "".join
    ),
    st.integers(1000, 1024).map(lambda n: "k" * n),
    st.integers(250, 256).map(lambda n: "\U0001f600" * n),
).filter(_fits_key)

# Values for header members: printable ASCII, spaces and tabs (botocore collapses whitespace
# when signing). CR/LF and other controls are rejected by s3presign by design (test_bad_input).
header_text = st.text(
    st.one_of(st.characters(min_codepoint=32, max_codepoint=126), st.just("\t")), max_size=40
)
query_text = st.text(any_unicode, max_size=30)
metadata_keys = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", fullmatch=True)
metadata = st.dictionaries(
    metadata_keys,
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
    max_size=4,
)
host_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?", fullmatch=True)

_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
timestamps = st.one_of(
    st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2200, 1, 1)),
    st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.one_of(st.just(UTC), _OFFSETS),
    ),
)
signing_times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2099, 12, 31),
).map(lambda d: d.replace(microsecond=0, tzinfo=UTC))

TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
http_methods = st.one_of(
    st.none(),
    st.sampled_from(["GET", "PUT", "POST", "DELETE", "HEAD", "get", "Put"]),
    st.text(st.sampled_from(TCHARS), min_size=1, max_size=10),
)
expires = st.one_of(st.sampled_from([1, 60, 3600, 604800]), st.integers(1, 604800))

copy_sources = st.one_of(
    st.tuples(simple_buckets, keys).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(simple_buckets, keys, st.from_regex(r"[A-Za-z0-9._]{1,32}", fullmatch=True)).map(
        lambda t: f"{t[0]}/{t[1]}?versionId={t[2]}"
    ),
    st.fixed_dictionaries(
        {"Bucket": st.one_of(simple_buckets, st.sampled_from(ARN_BUCKETS[:3])), "Key": keys},
        optional={"VersionId": st.from_regex(r"[A-Za-z0-9._]{1,32}", fullmatch=True)},
    ),
)
sse_keys = st.one_of(
    st.binary(min_size=32, max_size=32),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=32, max_size=32),
)


def _scalar_strategy(name: str, shape: Any, location: str | None) -> Any:
    type_name = shape.type_name
    if type_name == "string":
        enum = shape.enum
        if enum:
            return st.sampled_from(list(enum))
        if name == "Bucket":
            return buckets
        if name == "Key":
            return keys
        if name == "CopySource":
            return copy_sources
        if name in ("SSECustomerKey", "CopySourceSSECustomerKey"):
            return sse_keys
        if name == "RequestRoute":
            return host_labels
        return header_text if location == "header" else query_text
    if type_name in ("integer", "long"):
        low = shape.metadata.get("min", -(2**31))
        high = shape.metadata.get("max", 2**53)
        return st.integers(low, high)
    if type_name == "boolean":
        return st.booleans()
    if type_name == "timestamp":
        return timestamps
    if type_name == "list" and shape.member.type_name == "string":
        inner = shape.member
        values = st.sampled_from(list(inner.enum)) if inner.enum else header_text
        return st.lists(values, max_size=3)
    if type_name == "map" and name == "Metadata":
        return metadata
    return None


def member_strategies(python_name: str) -> tuple:
    """(required, optional, idempotency tokens): lists of (member name, strategy) for the
    non-payload members."""
    model = operation_model(python_name)
    shape = model.input_shape
    required, optional, tokens = [], [], []
    if shape is None:
        return required, optional, tokens
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location is None:
            continue  # body members (payload): not generated
        strategy = _scalar_strategy(name, member, location)
        if strategy is None:
            continue
        if member.metadata.get("idempotencyToken"):
            # botocore puts a random uuid4 in an absent idempotency token: always set it, and
            # never drop it on the error path (leaving it out is not an error, just random).
            tokens.append((name, strategy))
        elif name in shape.required_members:
            required.append((name, strategy))
        else:
            optional.append((name, strategy))
    return required, optional, tokens


@st.composite
def params_for(draw: Any, python_name: str, drop_required: bool = True) -> dict:
    required, optional, tokens = member_strategies(python_name)
    chosen = list(required)
    if drop_required and required and draw(st.integers(1, 40)) == 23:
        chosen.remove(
            draw(st.sampled_from(required))
        )  # error path: a missing member (not 0: hypothesis favours bounds)
    chosen += tokens
    if optional:
        chosen += draw(
            st.lists(
                st.sampled_from(optional), max_size=min(6, len(optional)), unique_by=lambda m: m[0]
            )
        )
    chosen = draw(st.permutations(chosen))  # query members are serialised in the caller's order
    return {name: draw(strategy) for name, strategy in chosen}


@st.composite
def cases(
    draw: Any,
    methods: Any = operations,
    kwargs_strategy: Any = None,
    label: str = "generated",
) -> Case:
    method = draw(methods)
    params = draw(params_for(method))
    return Case(
        client_kwargs=draw(
            kwargs_strategy if kwargs_strategy is not None else client_kwargs_strategy()
        ),
        method=method,
        params=params,
        expires_in=draw(expires),
        http_method=draw(http_methods),
        signing_time=draw(signing_times),
        signing_time_form=draw(st.sampled_from(["datetime", "epoch"])),
        config_form=draw(st.sampled_from(["dict", "Config"])),
        pass_expires=draw(st.integers(0, 9)) > 0,
        label=label,
    )
