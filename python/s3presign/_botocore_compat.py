"""Every private botocore attribute s3presign reads, and what it assumes about botocore's
presigning, in one module.

Every read here works on botocore 1.34.162, 1.38.46, 1.40.61 (aioboto3 15.5.0's), 1.43.11 (the
pin the tables are generated from) and 1.44.8: ``make test-compat`` runs the patch and parity
suites on each of them (and on the newest release on PyPI, and the pin with awscrt installed).
``TESTED_RANGE`` spans them: there a patched client's fast path serves at once and
``from_boto3`` works. What differs between those releases is detected, not looked up by
version, once per process or per loaded data:

- the operation models (``operation_fingerprint``, compared with the generated table): members
  modelled otherwise go to botocore;
- the REST serializer (``header_kinds_serialized_otherwise``, a probe of botocore's own
  serializer): before 1.37.25, boolean headers are ``True``/``False`` and string-list headers
  are not quoted, so patched clients send calls with such members to botocore and a
  ``from_boto3`` presigner refuses them (``UnsupportedError`` naming the member);
- the S3 endpoint ruleset and partitions the client loaded (``endpoint_data_is``: the ruleset
  by digest, the partitions region by region, compared with the pin's): another release (1.34,
  1.38 and 1.40 have their own) orders its S3 Express checks otherwise and knows other
  partitions, so ARN, directory-bucket and bucketless calls are refused by the core
  (``UnsupportedError``; a patched client sends them to botocore) and a region whose partition
  differs is refused per client.

Outside ``TESTED_RANGE`` the first call of each kind per client and operation is botocore's,
compared with the fast path's, and only kinds that agreed are served (see
``s3presign._boto3``). A read that fails raises ``UnsupportedError`` naming it, so a client
botocore changed under us falls back to botocore instead of failing.

Imported on the first ``patch``/``from_boto3`` call, never at ``import s3presign``.
"""

from __future__ import annotations

import datetime as _datetime_module
import hashlib
import json
import re
import time as _time_module

import botocore  # type: ignore[import-untyped]
import botocore.auth  # type: ignore[import-untyped]
import botocore.compat  # type: ignore[import-untyped]
import botocore.signers  # type: ignore[import-untyped]

from ._errors import UnsupportedError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TESTED_VERSIONS = ("1.34.162", "1.38.46", "1.40.61", "1.43.11", "1.44.8")
TESTED_RANGE = ((1, 34, 162), (1, 44, 8))


def _parse_version(text: str) -> tuple:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


VERSION_TEXT: str = botocore.__version__
VERSION = _parse_version(VERSION_TEXT)
IN_TESTED_RANGE = TESTED_RANGE[0] <= VERSION <= TESTED_RANGE[1]


def _private(obj: Any, name: str, what: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        raise UnsupportedError(
            f"botocore {VERSION_TEXT} has no {what} ({type(obj).__name__}.{name})"
        ) from None


# --------------------------------------------------------------------------------------------
# The client's resolved configuration
# --------------------------------------------------------------------------------------------


def ruleset_resolver(client: Any) -> Any:
    return _private(client, "_ruleset_resolver", "endpoint ruleset resolver")


def ruleset_builtins(client: Any) -> dict:
    """The endpoint ruleset's builtins, by name (``AWS::Region``, ``SDK::Endpoint``...)."""
    builtins = _private(ruleset_resolver(client), "_builtins", "ruleset builtins")
    return {getattr(k, "value", k): v for k, v in builtins.items()}


def client_context_param(client: Any, name: str) -> Any:
    resolver = ruleset_resolver(client)
    resolve = _private(resolver, "_resolve_param_as_client_context_param", "context params")
    return resolve(name)


def requested_auth_scheme(client: Any) -> Any:
    """``Config.signature_version`` as the ruleset resolver sees it (None: not configured)."""
    return _private(ruleset_resolver(client), "_requested_auth_scheme", "requested auth scheme")


def auth_scheme_preference(client: Any) -> Any:
    """``Config.auth_scheme_preference`` (botocore 1.39 on); None before it existed."""
    return getattr(ruleset_resolver(client), "_auth_scheme_preference", None)


def request_signer(client: Any) -> Any:
    return _private(client, "_request_signer", "request signer")


def signer_credentials(signer: Any) -> Any:
    return _private(signer, "_credentials", "signer credentials")


def signer_signing_name(signer: Any) -> Any:
    return _private(signer, "_signing_name", "signing name")


def signer_region(signer: Any) -> Any:
    return _private(signer, "_region_name", "signing region")


# --------------------------------------------------------------------------------------------
# The S3 endpoint ruleset and partitions the client evaluates
# --------------------------------------------------------------------------------------------


def _per_loaded_data(cache: dict, data: tuple, compute: Any) -> Any:
    """``compute()``, once per identity of the loaded objects in ``data`` (botocore's loader
    hands every client the same ones); the objects are kept with the value, so an id reused
    by a later object is never taken for theirs. At most 64 entries."""
    key = tuple(map(id, data))
    cached = cache.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], data)):
        return cached[1]
    value = compute()
    if len(cache) >= 64:
        cache.clear()
    cache[key] = (data, value)
    return value


# endpoint_data_is's verdicts, by the loaded ruleset and partitions.
_endpoint_verdicts: dict = {}


def endpoint_data(client: Any) -> tuple:
    """The S3 endpoint ruleset and the partitions the client's loader loaded (the objects
    ``ClientCreator`` gave its resolver: the loader caches them)."""
    loader = _private(client, "_loader", "data loader")
    try:
        ruleset = loader.load_service_model("s3", "endpoint-rule-set-1", api_version=None)
        return ruleset, loader.load_data("partitions")
    except Exception as exc:  # noqa: BLE001 - a loader without them: decided once, per client
        raise UnsupportedError(
            f"the client's loader has no S3 endpoint ruleset or partitions ({exc})"
        ) from None


def _digest_json(value: Any) -> str:
    text = json.dumps(value, check_circular=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def ruleset_digest(ruleset: Any) -> str:
    return _digest_json(ruleset)


def partitions_digest(partitions: Any) -> str:
    """What the ruleset's ``aws.partition`` reads of each partition, in order, but for the
    regions each lists (compared region by region, ``partition_regions``)."""
    shape = [
        (
            p["id"],
            p.get("regionRegex"),
            {k: v for k, v in p.get("outputs", {}).items() if k != "name"},  # botocore adds it
            {r: e for r, e in p.get("regions", {}).items() if set(e) - {"description"}},
        )
        for p in partitions["partitions"]
    ]
    return _digest_json(shape)


def partition_regions(partitions: Any) -> dict:
    """The regions each partition lists, by partition id."""
    return {p["id"]: tuple(sorted(p.get("regions", {}))) for p in partitions["partitions"]}


def _partition_of(partitions: Any, regions: dict, region: str) -> str:
    """``aws.partition``: the first partition that lists the region or whose regex matches it,
    else the first partition."""
    for p in partitions["partitions"]:
        if region in regions.get(p["id"], ()) or re.match(p["regionRegex"], region):
            return p["id"]
    return partitions["partitions"][0]["id"]


def endpoint_data_is(
    client: Any, ruleset_digest_: str, partitions_digest_: str, regions: dict
) -> bool:
    """Whether the client evaluates the given S3 endpoint ruleset (by digest) with partitions
    that place every region as the given ones do (same partitions, regexes and outputs; every
    region either lists puts in the same partition). Computed once per loaded ruleset and
    partitions."""
    ruleset, partitions = endpoint_data(client)

    def compare() -> bool:
        if ruleset_digest(ruleset) != ruleset_digest_:
            return False
        if partitions_digest(partitions) != partitions_digest_:
            return False
        installed = {k: set(v) for k, v in partition_regions(partitions).items()}
        pin = {k: set(v) for k, v in regions.items()}
        every = set().union(*installed.values(), *pin.values())
        return all(
            _partition_of(partitions, installed, r) == _partition_of(partitions, pin, r)
            for r in every
        )

    return bool(_per_loaded_data(_endpoint_verdicts, (ruleset, partitions), compare))


# --------------------------------------------------------------------------------------------
# The REST serializer: how botocore writes header values of each kind
# --------------------------------------------------------------------------------------------

_header_kinds: frozenset | None = None


def _probe_header(serializer: Any, service_model: Any, operation: str, params: dict) -> Any:
    model = service_model.operation_model(operation)
    return serializer.serialize_to_request(params, model)["headers"]


def header_kinds_serialized_otherwise(service_model: Any) -> frozenset:
    """The kinds of header member (``"boolean"``, ``"string list"``) botocore's rest-xml
    serializer writes otherwise than the table does (``true``; items with a comma or a quote
    quoted), probed once with botocore's own serializer."""
    global _header_kinds
    if _header_kinds is not None:
        return _header_kinds
    import botocore.serialize  # type: ignore[import-untyped]

    serializer = botocore.serialize.create_serializer("rest-xml", include_validation=False)
    kinds = set()
    try:
        headers = _probe_header(
            serializer,
            service_model,
            "DeleteObject",
            {"Bucket": "b", "Key": "k", "BypassGovernanceRetention": True},
        )
        if headers.get("x-amz-bypass-governance-retention") != "true":
            kinds.add("boolean")
    except Exception:  # noqa: BLE001 - a serializer we cannot probe is not the table's
        kinds.add("boolean")
    try:
        headers = _probe_header(
            serializer,
            service_model,
            "GetObjectAttributes",
            {"Bucket": "b", "Key": "k", "ObjectAttributes": ['a,"b', "c"]},
        )
        if headers.get("x-amz-object-attributes") != '"a,\\"b",c':
            kinds.add("string list")
    except Exception:  # noqa: BLE001
        kinds.add("string list")
    _header_kinds = frozenset(kinds)
    return _header_kinds


# refused_header_members's members, by the loaded service description.
_refused_members: dict = {}


def refused_header_members(service_model: Any) -> tuple:
    """Every member of any operation that ``header_members_serialized_otherwise`` names, for a
    standalone presigner to refuse; computed once per loaded model."""
    if not header_kinds_serialized_otherwise(service_model):
        return ()
    description = getattr(service_model, "_service_description", service_model)

    def collect() -> tuple:
        return tuple(
            sorted(
                {
                    member
                    for name in service_model.operation_names
                    for member in header_members_serialized_otherwise(
                        service_model.operation_model(name)
                    )
                }
            )
        )

    return tuple(_per_loaded_data(_refused_members, (description,), collect))


def header_members_serialized_otherwise(operation_model: Any) -> frozenset:
    """The operation's header members of a kind ``header_kinds_serialized_otherwise`` names."""
    kinds = header_kinds_serialized_otherwise(operation_model.service_model)
    inp = operation_model.input_shape
    if not kinds or inp is None:
        return frozenset()
    out = []
    for name, shape in inp.members.items():
        if shape.serialization.get("location") != "header":
            continue
        if (
            shape.type_name == "boolean"
            and "boolean" in kinds
            or (
                shape.type_name == "list"
                and shape.member.type_name == "string"
                and "string list" in kinds
            )
        ):
            out.append(name)
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# Event handlers
# --------------------------------------------------------------------------------------------

# The events botocore emits while presigning (signers.generate_presigned_url/_post).
PRESIGN_EVENTS = (
    "provide-client-params",
    "before-parameter-build",
    "before-endpoint-resolution",
    "choose-signer",
    "before-sign",
)
SIGV2_DEFAULT_HANDLER = "ClientCreator._default_s3_presign_to_sigv2"


def hierarchical_emitter(events: Any) -> Any:
    """The ``HierarchicalEmitter`` behind ``client.meta.events`` (an ``EventAliaser``)."""
    return getattr(events, "_emitter", events)


def client_events(client: Any) -> Any:
    """``client.meta.events`` (a plain attribute: it can be replaced after patching)."""
    return client.meta.events


def handlers_token(emitter: Any) -> Any:
    """An object that is replaced whenever a handler is registered or unregistered: the
    emitter's lookup cache (``HierarchicalEmitter._lookup_cache``)."""
    return _private(emitter, "_lookup_cache", "event lookup cache")


def handler_key(handler: Any) -> tuple:
    """(module, qualname) of a handler, through ``functools.partial`` and bound methods."""
    func = getattr(handler, "func", None)  # functools.partial
    if func is not None and hasattr(handler, "args"):
        return ("partial",) + handler_key(func)
    func = getattr(handler, "__func__", handler)  # bound method
    return (getattr(func, "__module__", None), getattr(func, "__qualname__", repr(func)))


def _walk(node: dict, path: str, out: list) -> None:
    values = node.get("values")
    if values:
        out.append((path, tuple(tuple(section) for section in values)))
    for chunk, child in node["children"].items():
        _walk(child, f"{path}.{chunk}", out)


def presign_handlers(emitter: Any) -> tuple:
    """Every handler registered on an event botocore emits while presigning S3 requests,
    as ((event name, (first, middle, last)), ...): the registrations on each presigning event,
    its ``s3`` and ``*`` subtrees (every operation). Only registered names are visited."""
    trie = _private(emitter, "_handlers", "event handler trie")
    root = _private(trie, "_root", "event handler trie root")
    out: list = []
    for event in PRESIGN_EVENTS:
        node = root["children"].get(event)
        if node is None:
            continue
        values = node.get("values")
        if values:
            out.append((event, tuple(tuple(section) for section in values)))
        for chunk in ("s3", "*"):
            child = node["children"].get(chunk)
            if child is not None:
                _walk(child, f"{event}.{chunk}", out)
    return tuple(out)


def all_handlers(snapshot: tuple, event: str | None = None) -> list:
    return [
        h
        for name, sections in snapshot
        if event is None or name == event
        for section in sections
        for h in section
    ]


def _module_of(handler: Any) -> str:
    func = getattr(handler, "func", handler)  # functools.partial
    func = getattr(func, "__func__", func)  # bound method
    return getattr(func, "__module__", None) or ""


def foreign_handlers(snapshot: tuple) -> list:
    """Handlers defined outside botocore and boto3: they may change what presigning gives."""
    return [
        h for h in all_handlers(snapshot) if not _module_of(h).startswith(("botocore.", "boto3."))
    ]


def has_sigv2_default(snapshot: tuple) -> bool:
    return any(
        handler_key(h)[-1] == SIGV2_DEFAULT_HANDLER
        for h in all_handlers(snapshot, "choose-signer.s3")
    )


def redirect_cache(snapshot: tuple) -> dict:
    """S3RegionRedirectorv2's bucket -> region cache (filled after 301 redirects)."""
    for handler in all_handlers(snapshot, "before-endpoint-resolution.s3"):
        cache = getattr(getattr(handler, "__self__", None), "_cache", None)
        if isinstance(cache, dict) and getattr(handler, "__name__", "") == "redirect_from_cache":
            return cache
    return {}


# --------------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------------


def credentials_expiry(credentials: Any) -> Any:
    return getattr(credentials, "_expiry_time", None)


def credentials_advisory_seconds(credentials: Any, default: int) -> Any:
    return getattr(credentials, "_advisory_refresh_timeout", default)


def credentials_clock(credentials: Any) -> Any:
    return _private(credentials, "_time_fetcher", "credentials clock")


# --------------------------------------------------------------------------------------------
# Signers: which class botocore signs presigned URLs with (awscrt's when it is installed)
# --------------------------------------------------------------------------------------------


def query_signer_kind(signature_version: str) -> str:
    """``"pure"`` (``S3SigV4QueryAuth``/``HmacV1QueryAuth``), ``"crt"``
    (``CrtS3SigV4QueryAuth``: awscrt installed and ``BOTO_DISABLE_CRT`` unset), or the class
    name of anything else botocore would sign ``signature_version`` URLs with."""
    cls = botocore.auth.AUTH_TYPE_MAPS.get(signature_version)
    if cls is None:
        return "missing"
    if cls is botocore.auth.S3SigV4QueryAuth or cls is botocore.auth.HmacV1QueryAuth:
        return "pure"
    if cls.__module__ == "botocore.crt.auth" and cls.__name__ == "CrtS3SigV4QueryAuth":
        return "crt"
    return f"{cls.__module__}.{cls.__qualname__}"


def ruleset_takes_sigv4a() -> bool:
    """Whether, with no signature version requested, botocore's ruleset resolver
    (``auth_schemes_to_signing_ctx``: the first scheme it has a signer for) takes an endpoint's
    ``sigv4a`` scheme listed first: it has one (``v4a``) when awscrt is installed and
    ``BOTO_DISABLE_CRT`` is unset, and then presigns SigV4a (``s3v4a-query``)."""
    return "v4a" in botocore.auth.AUTH_TYPE_MAPS


def post_signer_is_pure(signature_version: str) -> bool:
    cls = botocore.auth.AUTH_TYPE_MAPS.get(signature_version)
    return cls is botocore.auth.S3SigV4PostAuth or cls is botocore.auth.HmacV1PostAuth


_post_copies_conditions: bool | None = None


def copies_conditions(function: Any) -> bool:
    """Whether a ``generate_presigned_post`` function copies the caller's ``Conditions`` list
    (``conditions = conditions.copy()``, botocore 1.43.12 on) rather than appending the
    bucket and key conditions to it, read from its bytecode."""
    import dis

    previous = None
    for ins in dis.get_instructions(function):
        if (
            previous is not None
            and previous.argval == "conditions"
            and previous.opname.startswith("LOAD_FAST")
            and ins.opname in ("LOAD_METHOD", "LOAD_ATTR")
            and ins.argval == "copy"
        ):
            return True
        previous = ins
    return False


def post_copies_conditions() -> bool:
    """Whether botocore's ``client.generate_presigned_post`` copies the caller's
    ``Conditions`` (``copies_conditions``), read once."""
    global _post_copies_conditions
    if _post_copies_conditions is None:
        _post_copies_conditions = copies_conditions(botocore.signers.generate_presigned_post)
    return _post_copies_conditions


_ORIGINAL_URL_SIGNER = botocore.signers.RequestSigner.generate_presigned_url
_ORIGINAL_POST_PRESIGNER = botocore.signers.S3PostPresigner
_ORIGINAL_POST_SIGNER = botocore.signers.S3PostPresigner.generate_presigned_post


def _genuine(func: Any, qualname: str) -> Any:
    """``func`` if it is botocore's own (not already a mock when this module loaded)."""
    if getattr(func, "__module__", None) == "botocore.signers" and func.__qualname__ == qualname:
        return func
    return None


_ORIGINAL_URL_SIGNER = _genuine(_ORIGINAL_URL_SIGNER, "RequestSigner.generate_presigned_url")
_ORIGINAL_POST_SIGNER = _genuine(_ORIGINAL_POST_SIGNER, "S3PostPresigner.generate_presigned_post")


def url_signer_replaced(signer: Any) -> bool:
    """``RequestSigner.generate_presigned_url`` (the class's or this signer's) is not
    botocore's: a mock the fast path would never call."""
    return type(
        signer
    ).generate_presigned_url is not _ORIGINAL_URL_SIGNER or "generate_presigned_url" in getattr(
        signer, "__dict__", ()
    )


def post_signer_replaced() -> bool:
    return (
        botocore.signers.S3PostPresigner is not _ORIGINAL_POST_PRESIGNER
        or _ORIGINAL_POST_PRESIGNER.generate_presigned_post is not _ORIGINAL_POST_SIGNER
    )


# --------------------------------------------------------------------------------------------
# Clocks: what botocore signs with, and a cheap test that nobody replaced them
# --------------------------------------------------------------------------------------------

try:
    import botocore.crt.auth as _crt_auth  # type: ignore[import-untyped]
except ImportError:  # awscrt absent
    _crt_auth = None

_HAS_CURRENT_DATETIME = hasattr(botocore.auth, "get_current_datetime")
# The real clocks, whatever is patched right now: the builtin time.time, the C datetime class
# (a frozen or mocked ``datetime.datetime`` still has real ``min``), botocore.compat's function.
_REAL_TIME: Any = _time_module.time if type(_time_module.time) is type(len) else None
_REAL_DATETIME = type(_datetime_module.datetime.min)
_REAL_CURRENT_DATETIME = getattr(botocore.compat, "get_current_datetime", None)
_compat_module = botocore.compat
_auth_module = botocore.auth
_signers_module = botocore.signers
_time = _time_module
_datetime = _datetime_module
_RequestSigner = botocore.signers.RequestSigner


class _NoCrt:
    get_current_datetime = _REAL_CURRENT_DATETIME


if _crt_auth is None:
    _crt_auth = _NoCrt

if _HAS_CURRENT_DATETIME:

    def clocks_and_signers_untouched() -> bool:
        """True when every clock botocore presigns with is the real one (no freezegun, no mock
        of ``time.time``, ``datetime.datetime``, ``botocore.compat.datetime`` or botocore's
        ``get_current_datetime``) and its signing classes are its own (no mock of
        ``RequestSigner.generate_presigned_url`` or ``S3PostPresigner``): then the fast path
        signs with its own clock and nothing to compare against."""
        return (
            _RequestSigner.generate_presigned_url is _ORIGINAL_URL_SIGNER
            and _signers_module.S3PostPresigner is _ORIGINAL_POST_PRESIGNER
            and _ORIGINAL_POST_PRESIGNER.generate_presigned_post is _ORIGINAL_POST_SIGNER
            and _time.time is _REAL_TIME
            and _datetime.datetime is _REAL_DATETIME
            and _compat_module.datetime is _datetime
            and _auth_module.get_current_datetime is _REAL_CURRENT_DATETIME
            and _signers_module.get_current_datetime is _REAL_CURRENT_DATETIME
            and _crt_auth.get_current_datetime is _REAL_CURRENT_DATETIME
        )

else:  # botocore before get_current_datetime: datetime.datetime.utcnow() in auth and signers

    def clocks_and_signers_untouched() -> bool:
        return (
            _RequestSigner.generate_presigned_url is _ORIGINAL_URL_SIGNER
            and _signers_module.S3PostPresigner is _ORIGINAL_POST_PRESIGNER
            and _ORIGINAL_POST_PRESIGNER.generate_presigned_post is _ORIGINAL_POST_SIGNER
            and _time.time is _REAL_TIME
            and _datetime.datetime is _REAL_DATETIME
            and _auth_module.datetime is _datetime
            and _signers_module.datetime is _datetime
        )


def _aware(now: Any) -> _datetime_module.datetime:
    if not isinstance(now, _REAL_DATETIME):
        raise TypeError(f"botocore's clock gave {type(now).__name__}")
    if now.tzinfo is None:
        return now.replace(tzinfo=_datetime_module.timezone.utc)
    return now


def sigv4_now(crt: bool) -> _datetime_module.datetime:
    """What botocore's SigV4 signer would take as now (``X-Amz-Date``), aware."""
    if crt:
        return _aware(_crt_auth.get_current_datetime(remove_tzinfo=False))
    if _HAS_CURRENT_DATETIME:
        return _aware(_auth_module.get_current_datetime())
    return _aware(_auth_module.datetime.datetime.utcnow())


def sigv2_now() -> float:
    """What botocore's SigV2 query signer adds ``ExpiresIn`` to (``time.time()``)."""
    now = _auth_module.time.time()
    if type(now) not in (int, float):
        raise TypeError(f"time.time() gave {type(now).__name__}")
    return now


def post_policy_now() -> _datetime_module.datetime:
    """What botocore's ``S3PostPresigner`` counts the policy's expiration from."""
    if _HAS_CURRENT_DATETIME:
        return _aware(_signers_module.get_current_datetime())
    return _aware(_signers_module.datetime.datetime.utcnow())


# --------------------------------------------------------------------------------------------
# Operation models: what the generated operation table assumes about each one
# --------------------------------------------------------------------------------------------


def _shape_description(shape: Any, depth: int = 0) -> tuple:
    """What serialising and validating a member's value depends on (not its enum values:
    neither botocore nor the table check them)."""
    md = shape.metadata
    out: tuple = (
        shape.name,
        shape.type_name,
        md.get("min"),
        md.get("max"),
        shape.serialization.get("timestampFormat"),
    )
    if depth < 4:
        if shape.type_name == "list":
            out += (_shape_description(shape.member, depth + 1),)
        elif shape.type_name == "map":
            out += (
                _shape_description(shape.key, depth + 1),
                _shape_description(shape.value, depth + 1),
            )
    return out


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=6).hexdigest()


def operation_fingerprint(operation_model: Any) -> tuple:
    """Digests of what the operation table records about an operation: one of the operation
    (HTTP method, URI, required members, payload, static context parameters, host prefix,
    checksum traits) and one per input member (location, wire name, shape, context
    parameter, host label, idempotency token, streaming). Equal digests mean the table
    serialises this botocore's model of the operation, or of that member, exactly."""
    inp = operation_model.input_shape
    members: dict = {}
    required: tuple = ()
    payload = None
    if inp is not None:
        required = tuple(sorted(inp.metadata.get("required", ())))
        payload = inp.serialization.get("payload")
        for name, shape in inp.members.items():
            ser = shape.serialization
            location = ser.get("location")
            members[name] = _digest(
                (
                    location,
                    ser.get("name", name),
                    _shape_description(shape) if location is not None else shape.type_name,
                    shape.metadata.get("contextParam", {}).get("name"),
                    bool(ser.get("hostLabel")),
                    bool(shape.metadata.get("idempotencyToken")),
                    bool(ser.get("streaming")),
                    bool(ser.get("jsonvalue")),
                )
            )
    checksum = operation_model.http_checksum or {}
    http = operation_model.http
    request_uri = http.get("requestUri")
    if "authPath" in http:  # remove_bucket_from_url_paths_from_model ran: as it was before
        request_uri = "/{Bucket}" + request_uri
    operation = _digest(
        (
            http.get("method", "POST"),
            request_uri,
            required,
            payload,
            tuple((p.name, p.value) for p in operation_model.static_context_parameters),
            (operation_model.endpoint or {}).get("hostPrefix"),
            bool(checksum.get("requestChecksumRequired")),
            checksum.get("requestAlgorithmMember"),
            checksum.get("requestValidationModeMember"),
        )
    )
    return operation, members
