"""The bridge from boto3: ``from_boto3``, ``patch``, ``unpatch`` and ``patch_status``.

Nothing here imports boto3 or botocore at ``import s3presign`` time: botocore is imported on the
first call (the caller has a boto3 client or session, so it is loaded already). Every private
botocore attribute is read through ``_botocore_compat``, which says which versions were tested.

``from_boto3(client)`` reads what the client resolved when it was made: the endpoint ruleset's
builtins (region, ``SDK::Endpoint``, FIPS, dual-stack, accelerate, force-path-style, ARN region,
MRAP), the merged ``s3`` config (addressing style, ``us_east_1_regional_endpoint``), the signing
region of its request signer, the signature version (``Config.signature_version`` is the
ruleset's requested auth scheme; with none, boto3 presigns with SigV2 in the regions where it
registered its ``_default_s3_presign_to_sigv2`` handler), the class botocore signs presigned
URLs with (awscrt's orders the query differently) and the credentials object of its request
signer. Every value is checked against the builtins the core would derive from it; anything it
cannot reproduce exactly is an ``UnsupportedError`` naming it.

``patch(client)`` puts bound wrappers on the client instance. Whether a call is served is
decided in layers, each once and cached until what it depends on changes: per client (can the
client be reproduced at all, ``_Patch.refresh``), per client and operation (does this botocore's
model of it match the generated table; outside the tested botocore range, did the first URL
equal botocore's: ``_Patch.operation_verdict``), per call (arguments botocore rewrites, clocks
or signers replaced by a test: ``_Patch.url_call``). Every "no" is botocore's own method, so
results, exceptions and side effects are botocore's; each reason is logged once per client at
DEBUG on the ``s3presign`` logger. The decisions return plain values so an async twin can
reuse them around awaited fall-backs.
"""

from __future__ import annotations

import logging
import sys
import threading
import types
import weakref

from ._errors import NoCredentialsError, PresignError, UnsupportedError
from ._native import Presigner, _client_partition

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

logger = logging.getLogger("s3presign")

_LIST_METHODS = frozenset(["list_objects", "list_objects_v2", "list_object_versions"])
# botocore's presigning handlers that rewrite the caller's Params in place (sse_md5,
# copy_source_sse_md5, handle_copy_source_param, convert_body_to_file_like_object).
_MUTATED_MEMBERS = frozenset(["SSECustomerKey", "CopySourceSSECustomerKey", "CopySource", "Body"])
_ADVISORY_REFRESH_SECONDS = 15 * 60


def _compat() -> Any:
    from . import _botocore_compat

    return _botocore_compat


# --------------------------------------------------------------------------------------------
# from_boto3
# --------------------------------------------------------------------------------------------


def from_boto3(client_or_session: Any, *, strict_expiry: bool = False) -> Presigner:
    """A :class:`Presigner` that presigns as the given boto3 S3 client does (or as
    ``session.client("s3")`` would, for a ``boto3.Session`` or botocore session).

    Refreshable credentials (assumed roles, SSO, instance metadata...) stay live: fresh keys
    are taken from the client's credentials object when they are within botocore's advisory
    refresh window (15 minutes before expiry), never on calls while they are fresh.
    Raises ``UnsupportedError`` for a client whose configuration s3presign cannot reproduce
    exactly, ``NoCredentialsError`` when the client has none.
    """
    client = _as_client(client_or_session)
    return _presigner_of(client, strict_expiry)


def _presigner_of(client: Any, strict_expiry: bool) -> Presigner:
    compat = _compat()
    if not compat.IN_TESTED_RANGE:
        low, high = (".".join(map(str, v)) for v in compat.TESTED_RANGE)
        raise UnsupportedError(
            f"botocore {compat.VERSION_TEXT} is outside the releases s3presign reproduces exactly "
            f"({low} to {high}): its serializer, handlers and S3 endpoint ruleset differ; "
            "s3presign.patch(client) checks each kind of call against botocore instead"
        )
    return _build(_inspect(client, compat.presign_handlers(_emitter_of(client))), strict_expiry)


def _as_client(obj: Any) -> Any:
    if type(obj).__module__.startswith(("aiobotocore.", "aioboto3.")):
        raise TypeError(
            "from_boto3 takes a boto3 client or session; for an aiobotocore client or an "
            "aiobotocore/aioboto3 session use `await s3presign.from_aiobotocore(...)`"
        )
    if hasattr(obj, "generate_presigned_url") and hasattr(obj, "meta"):
        return obj
    if hasattr(obj, "client") and hasattr(obj, "_session"):  # boto3.Session
        return obj.client("s3")
    if hasattr(obj, "create_client"):  # botocore.session.Session
        return obj.create_client("s3")
    raise TypeError(
        f"from_boto3 takes a boto3 S3 client or a boto3/botocore session, not {type(obj).__name__}"
    )


def _emitter_of(client: Any) -> Any:
    compat = _compat()
    return compat.hierarchical_emitter(compat.client_events(client))


class _Settings:
    """What ``Presigner._from_resolved`` needs, read once from a client, and how botocore
    signs its presigned URLs (SigV2 or SigV4, awscrt's signer or the pure-Python one)."""

    __slots__ = ("credentials", "crt", "kwargs", "sigv2")

    def __init__(self, kwargs: dict, credentials: Any, sigv2: bool, crt: bool) -> None:
        self.kwargs = kwargs
        self.credentials = credentials
        self.sigv2 = sigv2
        self.crt = crt


def _flag(builtins: dict, name: str) -> bool:
    value = builtins.get(name)
    if type(value) is not bool:
        raise UnsupportedError(f"the client's {name} is {value!r}, not a bool")
    return value


def _inspect(client: Any, handlers: tuple) -> _Settings:
    import botocore  # type: ignore[import-untyped]
    import botocore.utils  # type: ignore[import-untyped]

    compat = _compat()
    meta = client.meta
    if meta.service_model.service_name != "s3":
        raise UnsupportedError(f"not an S3 client ({meta.service_model.service_name})")
    signer = compat.request_signer(client)
    builtins = compat.ruleset_builtins(client)
    region = builtins.get("AWS::Region")
    if not isinstance(region, str):
        raise UnsupportedError(f"the client's region is {region!r}")
    endpoint = builtins.get("SDK::Endpoint")
    s3 = meta.config.s3 or {}

    addressing = s3.get("addressing_style") or "auto"
    if addressing not in ("auto", "virtual", "path"):
        raise UnsupportedError(f"addressing_style {addressing!r}")
    regional = s3.get("us_east_1_regional_endpoint") == "regional"
    dualstack = s3.get("use_dualstack_endpoint", False)
    if type(dualstack) is not bool:
        raise UnsupportedError(f"s3 use_dualstack_endpoint {dualstack!r} is not a bool")
    accelerate = _flag(builtins, "AWS::S3::Accelerate")
    use_arn_region = _flag(builtins, "AWS::S3::UseArnRegion")
    disable_mrap = _flag(builtins, "AWS::S3::DisableMultiRegionAccessPoints")
    if endpoint is None:
        fips = _flag(builtins, "AWS::UseFIPS")
        if _flag(builtins, "AWS::UseDualStack") != dualstack:
            raise UnsupportedError("dual-stack settings disagree")
    else:
        if not isinstance(endpoint, str):
            raise UnsupportedError(f"SDK::Endpoint {endpoint!r}")
        # botocore drops FIPS with a custom endpoint; it only tags the legacy endpoint.
        fips = meta.config.use_fips_endpoint is True

    # The builtins the core derives must be the client's (args.py
    # compute_endpoint_resolver_builtin_defaults, signers._should_use_global_endpoint).
    if accelerate:
        force_path_style = False
    elif endpoint is not None and not botocore.utils.is_s3_accelerate_url(endpoint):
        force_path_style = addressing != "virtual"
    else:
        force_path_style = addressing == "path"
    if _flag(builtins, "AWS::S3::ForcePathStyle") != force_path_style:
        raise UnsupportedError("the client's ForcePathStyle cannot be reproduced")
    if _flag(builtins, "AWS::S3::UseGlobalEndpoint") != (region == "us-east-1" and not regional):
        raise UnsupportedError("the client's UseGlobalEndpoint cannot be reproduced")
    try:
        partition = _client_partition(region, dualstack, fips)
    except Exception as exc:  # noqa: BLE001 - any disagreement means "not reproducible"
        raise UnsupportedError(f"the client's partition cannot be reproduced: {exc}") from None
    if partition != meta.partition:
        raise UnsupportedError(f"partition {meta.partition!r} cannot be reproduced")
    # Client context parameters override builtins in the ruleset.
    overridable = {"UseArnRegion": use_arn_region, "DisableMultiRegionAccessPoints": disable_mrap}
    for param in ("Accelerate", "ForcePathStyle", "UseArnRegion", "DisableMultiRegionAccessPoints"):
        value = compat.client_context_param(client, param)
        if value is not None and overridable.get(param) is not value:
            raise UnsupportedError(f"client context parameter {param}={value!r}")
    if compat.auth_scheme_preference(client) is not None:
        raise UnsupportedError("auth_scheme_preference is not supported")
    if meta.config.inject_host_prefix is False:
        raise UnsupportedError("inject_host_prefix=False is not supported")
    signing_name = compat.signer_signing_name(signer)
    if signing_name != "s3":
        raise UnsupportedError(f"signing name {signing_name!r}")

    # Signature version: Config.signature_version is the ruleset's requested auth scheme; with
    # none, the ruleset's sigv4 wins over the signer's (even a config-file s3.signature_version),
    # except where boto3 registered its SigV2 default for presigning.
    requested = compat.requested_auth_scheme(client)
    sigv2_default = compat.has_sigv2_default(handlers)
    config: dict = {
        "use_fips_endpoint": fips,
        "use_dualstack_endpoint": dualstack,
        "s3": {
            "addressing_style": addressing,
            "use_accelerate_endpoint": accelerate,
            "use_dualstack_endpoint": dualstack,
            "us_east_1_regional_endpoint": "regional" if regional else "legacy",
            "use_arn_region": use_arn_region,
            "s3_disable_multiregion_access_points": disable_mrap,
        },
    }
    if requested is botocore.UNSIGNED:
        raise UnsupportedError("unsigned clients (signature_version=UNSIGNED) are not supported")
    if requested is not None:
        config["signature_version"] = str(requested)
    elif not sigv2_default:
        config["signature_version"] = "s3v4"
    sigv2 = str(requested) == "s3" if requested is not None else sigv2_default
    # botocore looks the signer class up when it signs: awscrt's SigV4 signer (installed and not
    # BOTO_DISABLE_CRT) puts X-Amz-SignedHeaders before X-Amz-Expires.
    kind = compat.query_signer_kind("s3-query" if sigv2 else "s3v4-query")
    if kind not in ("pure", "crt"):
        raise UnsupportedError(f"botocore signs presigned URLs with {kind}")
    crt = kind == "crt"
    # With none requested, botocore takes a SigV4a scheme the ruleset lists first (Outposts
    # access points) when awscrt gives it a SigV4a signer, even where boto3's SigV2 default
    # applies; the core refuses those endpoints.
    sigv4a = requested is None and compat.ruleset_takes_sigv4a()

    # Another release's endpoint ruleset or partitions resolve ARNs, directory buckets and
    # bucketless calls otherwise, and botocore before 1.37.25 serialises some header members
    # otherwise: the core refuses those calls (a patched client's go to botocore).
    other_ruleset = not _pins_endpoint_data(client)
    credentials = compat.signer_credentials(signer)
    if credentials is None:
        raise NoCredentialsError("Unable to locate credentials")
    kwargs = {
        "region_name": region,
        "signing_region": compat.signer_region(signer),
        "endpoint_url": endpoint,
        "config": config,
        # No signature version configured and boto3's SigV2 default registered: choose as boto3.
        "boto3_signature_default": requested is None and sigv2_default,
        "crt_query_order": crt,
        "sigv4a_available": sigv4a,
        "other_endpoint_ruleset": other_ruleset,
        "refused_members": list(compat.refused_header_members(meta.service_model)),
    }
    return _Settings(kwargs, credentials, sigv2, crt)


def _epoch(when: Any) -> float | None:
    return None if when is None else when.timestamp()


def _refresher(credentials: Any) -> Callable[[], tuple]:
    """``() -> (access_key, secret_key, token, expiry, refresh_at)`` for a botocore
    ``RefreshableCredentials``: botocore's own refresh (its locks, advisory and mandatory
    windows), then the time (epoch seconds, on this machine's clock) to ask again."""
    import datetime as dt

    compat = _compat()

    def fresh() -> tuple:
        frozen = credentials.get_frozen_credentials()
        expiry = _epoch(compat.credentials_expiry(credentials))
        refresh_at = None
        if expiry is not None:
            advisory = compat.credentials_advisory_seconds(credentials, _ADVISORY_REFRESH_SECONDS)
            # A credentials object may run on its own clock (time_fetcher): refresh when *its*
            # clock reaches the advisory window.
            now = dt.datetime.now(dt.timezone.utc)
            skew = (compat.credentials_clock(credentials)() - now).total_seconds()
            refresh_at = expiry - advisory - skew
        return (frozen.access_key, frozen.secret_key, frozen.token, expiry, refresh_at)

    return fresh


def _build(settings: _Settings, strict_expiry: bool) -> Presigner:
    import botocore.credentials  # type: ignore[import-untyped]

    credentials = settings.credentials
    if type(credentials).__module__.startswith("aiobotocore."):
        from ._aio import sync_credentials  # the keys its async wrappers awaited

        credentials = sync_credentials(credentials)
    refresher = None
    if isinstance(credentials, botocore.credentials.RefreshableCredentials):
        refresher = _refresher(credentials)
        access_key, secret_key, token, expiry, refresh_at = refresher()
    elif type(credentials) is botocore.credentials.Credentials:
        frozen = credentials.get_frozen_credentials()
        access_key, secret_key, token = frozen.access_key, frozen.secret_key, frozen.token
        expiry = refresh_at = None
    else:
        raise UnsupportedError(f"credentials of type {type(credentials).__name__}")
    if not access_key or not secret_key:
        raise NoCredentialsError("the client's credentials have no access key or secret key")
    return Presigner._from_resolved(
        **settings.kwargs,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        expiry=expiry,
        refresher=refresher,
        refresh_at=refresh_at,
        strict_expiry=strict_expiry,
    )


# --------------------------------------------------------------------------------------------
# Per-operation verdicts: does this botocore's model of the operation match the table?
# --------------------------------------------------------------------------------------------

_fingerprints: dict | None = None
# (id of the loaded service description, operation name) -> (that description, model verdict).
_model_verdicts: dict = {}


class _Rule:
    """How one client serves one operation: calls with a ``reject`` member (one this botocore
    models differently from the table, or does not know) or without a ``need`` member (an
    idempotency token botocore would fill with a random value) go to botocore. ``verify``
    (outside the tested botocore range, whose serializer, handlers and endpoint ruleset may
    differ from the pin's): the first call of each shape (``_call_shape``) is botocore's,
    compared with the fast path's; shapes that agreed are served, the others go to botocore."""

    __slots__ = ("agreed", "differed", "need", "reject", "verify")

    def __init__(self, reject: frozenset, need: frozenset, verify: bool) -> None:
        self.reject = reject
        self.need = need
        self.verify = verify
        self.agreed: set = set()
        self.differed: set = set()

    def describe(self) -> str | None:
        parts = []
        if self.reject:
            parts.append("calls with " + ", ".join(sorted(self.reject)))
        if self.need:
            parts.append("calls without " + ", ".join(sorted(self.need)))
        if self.differed:
            parts.append(f"{len(self.differed)} kind(s) of call that differed from botocore's")
        return " and ".join(parts) + " go to botocore" if parts else None

    def refuses(self, method: Any, params: Any) -> str | None:
        members = params if type(params) is dict else {}
        rejected = sorted(self.reject.intersection(members))
        if rejected:
            return (
                f"{method} with {', '.join(rejected)}: this botocore models or serialises "
                f"{'them' if len(rejected) > 1 else 'it'} otherwise than the operation table"
            )
        missing = sorted(m for m in self.need if m not in members)
        if missing:
            return (
                f"{method} without {', '.join(missing)}: botocore fills its idempotency token "
                "with a random value"
            )
        return None


def _model_verdict(service_model: Any, operation_name: str) -> Any:
    """None (the table serialises this botocore's model of the operation exactly), a reason
    (it does not), or (reject, need) member sets for a ``_Rule``."""
    global _fingerprints
    description = getattr(service_model, "_service_description", service_model)
    key = (id(description), operation_name)
    cached = _model_verdicts.get(key)
    if cached is not None and cached[0] is description:
        return cached[1]
    if _fingerprints is None:
        from ._operation_fingerprints import FINGERPRINTS

        _fingerprints = FINGERPRINTS
    compat = _compat()
    model = service_model.operation_model(operation_name)
    operation, members = compat.operation_fingerprint(model)
    table = _fingerprints.get(operation_name)
    verdict: Any = None
    if table is None or table[0] != operation:
        verdict = (
            f"botocore {compat.VERSION_TEXT}'s model of {operation_name} differs from the "
            f"operation table (generated from botocore {_generated_from()})"
        )
    else:
        # Members the table has but this botocore models otherwise or not at all; members
        # this botocore has and the table lacks are refused by the core (then botocore serves).
        reject = frozenset(m for m, d in table[1].items() if members.get(m) != d)
        # Members this botocore's serializer writes otherwise (boolean headers before 1.37.25...).
        reject |= compat.header_members_serialized_otherwise(model)
        need = frozenset(model.idempotent_members)
        if reject or need:
            verdict = (reject, need)
    if len(_model_verdicts) > 4096:  # many botocore loaders in one process: keep it bounded
        _model_verdicts.clear()
    _model_verdicts[key] = (description, verdict)
    return verdict


def _generated_from() -> str:
    return _generated("GENERATED_FROM")


def _generated(name: str) -> Any:
    from . import _operation_fingerprints

    return getattr(_operation_fingerprints, name)


def _pins_endpoint_data(client: Any) -> bool:
    """Whether the client resolves endpoints with the pin's S3 ruleset and partitions."""
    return _compat().endpoint_data_is(
        client,
        _generated("ENDPOINT_RULESET_DIGEST"),
        _generated("PARTITIONS_DIGEST"),
        _generated("PARTITION_REGIONS"),
    )


# --------------------------------------------------------------------------------------------
# patch / unpatch / patch_status
# --------------------------------------------------------------------------------------------

_LOCK = threading.RLock()
_STATE_ATTR = "_s3presign_patch"
_MISSING = object()
# A URL/form whose equality with botocore's is to be checked before the fast path is trusted.
_VERIFY = object()
# Clients patched by the global patch(), unpatched by the global unpatch().
_globally_patched: weakref.WeakSet = weakref.WeakSet()
_original_create_client: Any = None


class PatchStatus:
    """What :func:`s3presign.patch_status` reports about one client."""

    __slots__ = ("operations", "patched", "reason", "served")

    def __init__(
        self, patched: bool, served: bool, reason: str | None, operations: dict[str, str]
    ) -> None:
        self.patched = patched
        self.served = served
        self.reason = reason
        self.operations = operations

    def __repr__(self) -> str:
        return (
            f"PatchStatus(patched={self.patched!r}, served={self.served!r}, "
            f"reason={self.reason!r}, operations={self.operations!r})"
        )


class _Patch:
    """One patched client: its original methods, its Presigner once the client proved
    reproducible, and the cached verdicts for its operations."""

    def __init__(self, client: Any) -> None:
        compat = _compat()
        self.compat = compat
        self.client_ref = weakref.ref(client)
        self.saved = {
            name: client.__dict__.get(name, _MISSING)
            for name in ("generate_presigned_url", "generate_presigned_post")
        }
        self.original_url = client.generate_presigned_url
        self.original_post = client.generate_presigned_post
        self.meta = client.meta
        self.events = compat.client_events(client)
        self.emitter = compat.hierarchical_emitter(self.events)
        # The handlers registered when it was patched (bound methods compare by their object
        # and function, other handlers by identity).
        self.baseline = compat.presign_handlers(self.emitter)
        # The emitter's lookup cache when the handlers were last checked (None: never): the
        # hot path re-checks when it or the client's event emitter changed.
        self.token: Any = None
        self.settings: _Settings | None = None
        self.presigner: Presigner | None = None
        self.reason: str | None = "not used yet"
        self.failure: str | None = None  # why the client cannot be reproduced, once known
        self.redirect_cache: dict = {}
        self.verdicts: dict = {}  # ClientMethod -> True | _Rule | reason
        self.logged: set = set()
        self.api_names: dict = getattr(self.meta, "method_to_api_mapping", {}) or {}

    # -- client-wide --------------------------------------------------------------------

    def log_once(self, reason: str) -> None:
        if reason not in self.logged:
            self.logged.add(reason)
            client = self.client_ref()
            logger.debug(
                "botocore serves presigning calls of S3 client %s: %s",
                f"0x{id(client):x}" if client is not None else "(gone)",
                reason,
            )

    def refresh(self) -> None:
        """Re-decide whether this client can be served: at the first call, and whenever its
        handlers or its event emitter changed."""
        compat = self.compat
        with _LOCK:
            client = self.client_ref()
            if client is None:
                self.presigner = None
                return
            events = compat.client_events(client)
            if events is not self.events:
                self.events = events
                self.emitter = compat.hierarchical_emitter(events)
            token = compat.handlers_token(self.emitter)
            snapshot = compat.presign_handlers(self.emitter)
            foreign = compat.foreign_handlers(snapshot)
            reason = None
            if foreign:
                reason = "it has handlers of its own on presigning events: " + ", ".join(
                    sorted({".".join(map(str, compat.handler_key(h))) for h in foreign})
                )
            elif snapshot != self.baseline:
                reason = "its presigning event handlers changed since it was patched"
            elif self.failure is not None:
                reason = self.failure
            elif self.settings is None:
                try:
                    settings = _inspect(client, snapshot)
                    self.presigner = _build(settings, strict_expiry=False)
                    self.settings = settings
                    self.redirect_cache = compat.redirect_cache(snapshot)
                except PresignError as exc:  # not reproducible: botocore serves every call
                    reason = self.failure = f"{type(exc).__name__}: {exc}"
                except Exception as exc:  # noqa: BLE001 - e.g. a credentials refresh failed
                    self.reason = f"{type(exc).__name__}: {exc} (tried again at the next call)"
                    self.log_once(self.reason)
                    return  # botocore serves this call; the next one tries again
            self.reason = reason
            if reason is not None:
                self.log_once(reason)
            self.token = token

    def ready(self) -> Presigner | None:
        """The Presigner when the client is served right now, else None."""
        if self.meta.events is not self.events or self.emitter._lookup_cache is not self.token:
            self.refresh()
        return self.presigner if self.reason is None else None

    fast = ready

    # -- per operation ------------------------------------------------------------------

    def operation_verdict(self, method: Any) -> Any:
        """True (serve every call), a ``_Rule`` (serve some calls), or the reason botocore
        serves every ``method`` call of this client; cached per client."""
        verdict = self.verdicts.get(method)
        if verdict is not None:
            return verdict
        name = self.api_names.get(method) if isinstance(method, str) else None
        if name is None:
            verdict = f"{method!r} is not an operation of this client"
        else:
            verdict = self._rule(name)
        if isinstance(verdict, str):
            self.log_once(verdict)
        if len(self.verdicts) < 1024:
            self.verdicts[method] = verdict
        return verdict

    def _rule(self, operation_name: str, only: Any = None) -> Any:
        try:
            model = _model_verdict(self.meta.service_model, operation_name)
        except Exception as exc:  # noqa: BLE001 - botocore could not load the model
            return f"{type(exc).__name__} loading {operation_name}: {exc}"
        if isinstance(model, str):
            return model
        reject, need = model if model is not None else (frozenset(), frozenset())
        if only is not None:
            if reject & only:
                return f"this botocore's model of {operation_name} differs from the table"
            reject = need = frozenset()
        verify = not self.compat.IN_TESTED_RANGE
        if reject or need or verify:
            return _Rule(reject, need, verify)
        return True

    def call_verdict(self, method: Any, params: Any, http_method: Any = None) -> Any:
        """For one call of an operation whose verdict is not a plain True: True (serve it),
        None (botocore serves it) or _VERIFY."""
        verdict = self.operation_verdict(method)
        if type(verdict) is not _Rule:
            return verdict if verdict is True else None
        reason = verdict.refuses(method, params)
        if reason is not None:
            self.log_once(reason)
            return None
        if verdict.verify:
            shape = _call_shape(params, http_method)
            if shape in verdict.agreed:
                return True
            return None if shape in verdict.differed else _VERIFY
        return True

    def post_verdict(self) -> Any:
        """POST forms are serialised through CreateBucket's model (its Bucket member) and
        signed by botocore's POST signer; the same answers as ``call_verdict``."""
        verdict = self.verdicts.get("generate_presigned_post")
        if verdict is None:
            settings = self.settings
            sigv2 = settings is not None and settings.sigv2
            version = "s3-presign-post" if sigv2 else "s3v4-presign-post"
            if not self.compat.post_signer_is_pure(version):
                verdict = f"botocore signs POST forms ({version}) with a signer of its own"
            else:
                verdict = self._rule("CreateBucket", only=frozenset(["Bucket"]))
            if isinstance(verdict, str):
                self.log_once(verdict)
            self.verdicts["generate_presigned_post"] = verdict
        if verdict is True:
            return True
        if type(verdict) is _Rule:
            if not verdict.verify or "form" in verdict.agreed:
                return True
            return None if "form" in verdict.differed else _VERIFY
        return None

    def trust(self, method: Any, shape: Any, agreed: bool) -> None:
        """Record whether the fast path agreed with botocore on ``method`` calls of ``shape``."""
        verdict = self.verdicts.get(method)
        if type(verdict) is not _Rule:
            return
        if agreed:
            verdict.agreed.add(shape)
            return
        verdict.differed.add(shape)
        self.log_once(
            f"{method} {'form' if shape == 'form' else 'URL'} for {shape} differed from botocore "
            f"{self.compat.VERSION_TEXT}'s (outside the tested range "
            f"{'.'.join(map(str, self.compat.TESTED_RANGE[0]))} to "
            f"{'.'.join(map(str, self.compat.TESTED_RANGE[1]))}): botocore serves them"
        )

    # -- per call: clocks and signers replaced by tests ---------------------------------

    def url_signing_time(self) -> Any:
        """The time botocore would sign a URL with now, when its clocks are replaced (frozen);
        raises when it cannot be known (then botocore serves the call)."""
        compat = self.compat
        signer = compat.request_signer(self.client_ref())
        if compat.url_signer_replaced(signer):
            self.log_once("RequestSigner.generate_presigned_url is replaced (a mock?)")
            raise LookupError("replaced signer")
        settings = self.settings
        assert settings is not None
        if settings.sigv2:
            return compat.sigv2_now()
        return compat.sigv4_now(settings.crt)

    def post_signing_time(self) -> Any:
        compat = self.compat
        if compat.post_signer_replaced():
            self.log_once("S3PostPresigner.generate_presigned_post is replaced (a mock?)")
            raise LookupError("replaced signer")
        settings = self.settings
        assert settings is not None
        policy_now = compat.post_policy_now()
        if not settings.sigv2:
            signing_now = compat.sigv4_now(False)
            if int(signing_now.timestamp()) != int(policy_now.timestamp()):
                raise LookupError("botocore's POST clocks disagree")
        return policy_now


def _bucket_kind(bucket: Any) -> str:
    if not isinstance(bucket, str):
        return type(bucket).__name__
    if bucket.startswith("arn:"):
        return "arn"
    if bucket.endswith(("--x-s3", "--xa-s3")):
        return "directory bucket"
    if "." in bucket:
        return "dotted"
    if bucket != bucket.lower() or "_" in bucket or not 3 <= len(bucket) <= 63:
        return "not DNS-compatible"
    return "plain"


def _call_shape(params: Any, http_method: Any) -> tuple:
    """What can take a call down another path of botocore's serializer, handlers or endpoint
    ruleset: the members given and their types, the kind of bucket, an explicit HTTP method."""
    members: tuple = ()
    bucket = None
    if type(params) is dict:
        members = tuple(sorted((str(k), type(v).__name__) for k, v in params.items()))
        bucket = _bucket_kind(params.get("Bucket"))
    return (members, bucket, http_method is not None)


def _url_time_from(url: str, expires_in: Any) -> Any:
    """The signing time a botocore URL carries (X-Amz-Date, or SigV2's Expires - ExpiresIn)."""
    import datetime as dt
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Date" in query:
        return dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(
            tzinfo=dt.timezone.utc
        )
    return int(query["Expires"][0]) - int(expires_in)


def _post_time_from(post: dict, expires_in: Any) -> Any:
    import base64
    import datetime as dt
    import json

    policy = json.loads(base64.b64decode(post["fields"]["policy"]))
    expiration = dt.datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ")
    return expiration.replace(tzinfo=dt.timezone.utc) - dt.timedelta(seconds=int(expires_in))


def _make_url_wrapper(state: _Patch) -> Callable[..., Any]:
    list_methods = _LIST_METHODS
    mutated = _MUTATED_MEMBERS
    untouched = state.compat.clocks_and_signers_untouched

    # The hot path: every check inlined (this runs for every URL of a patched client).
    def fast(ClientMethod: Any, Params: Any = None, ExpiresIn: Any = 3600, HttpMethod: Any = None):
        if state.meta.events is not state.events or state.emitter._lookup_cache is not state.token:
            state.refresh()
        presigner = state.presigner
        if presigner is None or state.reason is not None:
            return None
        if Params is not None:
            if type(Params) is not dict or not mutated.isdisjoint(Params):
                return None
            cache = state.redirect_cache
            if cache and Params.get("Bucket") in cache:
                return None
        if state.verdicts.get(ClientMethod) is not True:
            verdict = state.call_verdict(ClientMethod, Params, HttpMethod)
            if verdict is not True:
                return verdict  # None: botocore serves it; _VERIFY
        if untouched():
            url = presigner.generate_presigned_url(ClientMethod, Params, ExpiresIn, HttpMethod)
        else:
            url = presigner.generate_presigned_url(
                ClientMethod, Params, ExpiresIn, HttpMethod, signing_time=state.url_signing_time()
            )
        if ClientMethod in list_methods and Params is not None and "EncodingType" not in Params:
            Params["EncodingType"] = "url"  # set_list_objects_encoding_type_url
        return url

    def verify(args: tuple, kwargs: dict) -> Any:
        """botocore's URL, and the fast path's for the same call and second compared with it."""
        import copy

        call = _bind_url_args(args, kwargs)
        fast_params = copy.deepcopy(call["Params"])
        shape = _call_shape(call["Params"], call["HttpMethod"])
        expected = state.original_url(*args, **kwargs)
        try:
            got = state.presigner.generate_presigned_url(  # type: ignore[union-attr]
                call["ClientMethod"],
                fast_params,
                call["ExpiresIn"],
                call["HttpMethod"],
                signing_time=_url_time_from(expected, call["ExpiresIn"]),
            )
        except Exception:  # noqa: BLE001 - the fast path could not sign what botocore did
            got = None
        state.trust(call["ClientMethod"], shape, got == expected)
        return expected

    return _falling_back_to(state, "original_url", fast, verify, "generate_presigned_url")


def _bind_url_args(args: tuple, kwargs: dict) -> dict:
    names = ("ClientMethod", "Params", "ExpiresIn", "HttpMethod")
    call = {"Params": None, "ExpiresIn": 3600, "HttpMethod": None}
    call.update(zip(names, args))
    call.update(kwargs)
    return call


def _make_post_wrapper(state: _Patch) -> Callable[..., Any]:
    untouched = state.compat.clocks_and_signers_untouched
    copies = state.compat.post_copies_conditions

    def fast(
        Bucket: Any, Key: Any, Fields: Any = None, Conditions: Any = None, ExpiresIn: Any = 3600
    ):
        presigner = state.ready()
        if presigner is None:
            return None
        if Conditions is not None and type(Conditions) is not list:
            return None
        if Fields is not None and type(Fields) is not dict:
            return None
        if state.verdicts.get("generate_presigned_post") is not True:
            verdict = state.post_verdict()
            if verdict is not True:
                return verdict  # None: botocore serves it; _VERIFY
        post = presigner.generate_presigned_post(
            Bucket,
            Key,
            Fields,
            None if Conditions is None else list(Conditions),
            ExpiresIn,
            signing_time=None if untouched() else state.post_signing_time(),
        )
        if Conditions is not None and not copies():
            # botocore before 1.43.12 appends the bucket and key conditions to the caller's list.
            Conditions.append({"bucket": Bucket})
            if Key.endswith("${filename}"):
                Conditions.append(["starts-with", "$key", Key[: -len("${filename}")]])
            else:
                Conditions.append({"key": Key})
        return post

    def verify(args: tuple, kwargs: dict) -> Any:
        import copy

        names = ("Bucket", "Key", "Fields", "Conditions", "ExpiresIn")
        call: dict[str, Any] = {"Fields": None, "Conditions": None, "ExpiresIn": 3600}
        call.update(zip(names, args))
        call.update(kwargs)
        fast_call = copy.deepcopy(call)
        expected = state.original_post(*args, **kwargs)
        try:
            got = state.presigner.generate_presigned_post(  # type: ignore[union-attr]
                fast_call["Bucket"],
                fast_call["Key"],
                fast_call["Fields"],
                fast_call["Conditions"],
                fast_call["ExpiresIn"],
                signing_time=_post_time_from(expected, call["ExpiresIn"]),
            )
            agreed = got["url"] == expected["url"] and list(got["fields"].items()) == list(
                expected["fields"].items()
            )
        except Exception:  # noqa: BLE001 - the fast path could not sign what botocore did
            agreed = False
        state.trust("generate_presigned_post", "form", agreed)
        return expected

    return _falling_back_to(state, "original_post", fast, verify, "generate_presigned_post")


def _falling_back_to(
    state: _Patch,
    original_attr: str,
    fast: Callable[..., Any],
    verify: Callable[[tuple, dict], Any],
    name: str,
) -> Any:
    """``fast``'s answer, or botocore's original method (``state.<original_attr>``) whenever
    ``fast`` gives none or raises, so that results and exceptions are botocore's own; ``verify``
    when ``fast`` asks for it. To be bound to the client (``inspect.ismethod`` is then true, as
    for botocore's own)."""
    original = getattr(state, original_attr)

    def wrapper(client: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = fast(*args, **kwargs)
        except UnsupportedError as exc:  # e.g. an endpoint botocore signs with SigV4a
            state.log_once(str(exc))
            result = None
        except Exception:  # noqa: BLE001 - every failure is botocore's to report
            result = None
        if result is None:
            return getattr(state, original_attr)(*args, **kwargs)
        if result is _VERIFY:
            return verify(args, kwargs)
        return result

    function = getattr(original, "__func__", original)
    wrapper.__name__ = name
    wrapper.__qualname__ = getattr(function, "__qualname__", name)
    wrapper.__doc__ = original.__doc__
    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    wrapper.fast = fast  # type: ignore[attr-defined]  # for the async twin (s3presign._aio)
    return wrapper


def _patch_client(client: Any) -> None:
    with _LOCK:
        if _STATE_ATTR in client.__dict__:
            return
        if _is_aio_client(client):
            from ._aio import patch_client  # coroutine wrappers

            patch_client(client)
            return
        state = _Patch(client)
        client.__dict__[_STATE_ATTR] = state
        client.generate_presigned_url = types.MethodType(_make_url_wrapper(state), client)
        client.generate_presigned_post = types.MethodType(_make_post_wrapper(state), client)


def _is_aio_client(client: Any) -> bool:
    module = sys.modules.get("aiobotocore.client")
    return module is not None and isinstance(client, module.AioBaseClient)


def _unpatch_client(client: Any) -> None:
    with _LOCK:
        state = client.__dict__.pop(_STATE_ATTR, None)
        if state is None:
            return
        for name, saved in state.saved.items():
            if saved is _MISSING:
                client.__dict__.pop(name, None)
            else:
                client.__dict__[name] = saved


def patch(client: Any = None) -> None:
    """Make a boto3 S3 client's ``generate_presigned_url`` and ``generate_presigned_post``
    take the fast path; with no client, every S3 client created from now on.

    Anything the fast path does not reproduce exactly, and every error, goes to botocore's own
    method, so a patched client returns and raises exactly what an unpatched one would. Its
    credentials' expiry is checked too (``CredentialsExpireBeforeUrlWarning``). Idempotent.
    """
    if client is not None:
        if not hasattr(client, "meta") or not hasattr(client, "generate_presigned_url"):
            raise TypeError(f"patch() takes a boto3 S3 client or None, not {type(client).__name__}")
        if client.meta.service_model.service_name != "s3":
            raise UnsupportedError(f"not an S3 client ({client.meta.service_model.service_name})")
        _patch_client(client)
        return
    global _original_create_client
    import botocore.session  # type: ignore[import-untyped]

    _compat()  # capture the real clocks and signers now, before any test replaces them
    with _LOCK:
        if _original_create_client is not None:
            return
        original = botocore.session.Session.create_client
        _original_create_client = original

        def create_client(self: Any, service_name: Any, *args: Any, **kwargs: Any) -> Any:
            created = original(self, service_name, *args, **kwargs)
            try:
                if created.meta.service_model.service_name == "s3":
                    _patch_client(created)
                    _globally_patched.add(created)
            except Exception:
                logger.debug("could not patch S3 client 0x%x", id(created), exc_info=True)
            return created

        create_client.__wrapped__ = original  # type: ignore[attr-defined]
        create_client.__doc__ = original.__doc__
        botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
        from ._aio import patch_sessions  # aiobotocore's AioSession, now or once it is loaded

        patch_sessions()


def unpatch(client: Any = None) -> None:
    """Undo :func:`patch`: for one client, or (no argument) stop patching new clients and
    unpatch the clients the global patch patched. Idempotent."""
    if client is not None:
        _unpatch_client(client)
        _globally_patched.discard(client)
        return
    global _original_create_client
    with _LOCK:
        if _original_create_client is not None:
            import botocore.session  # type: ignore[import-untyped]

            botocore.session.Session.create_client = _original_create_client  # type: ignore[method-assign]
            _original_create_client = None
            from ._aio import unpatch_sessions

            unpatch_sessions()
        for patched in list(_globally_patched):
            _unpatch_client(patched)
        _globally_patched.clear()


def is_patched(client: Any) -> bool:
    """Whether ``patch`` put its wrappers on this client."""
    return _STATE_ATTR in getattr(client, "__dict__", {})


def patch_status(client: Any) -> PatchStatus:
    """Whether ``client`` is patched and its presigning calls are served by the fast path
    (deciding now if no call has yet), why not, and which operations botocore serves."""
    state = getattr(client, "__dict__", {}).get(_STATE_ATTR)
    if state is None:
        return PatchStatus(False, False, "not patched", {})
    state.ready()
    operations = {}
    for method, verdict in state.verdicts.items():
        why = verdict.describe() if type(verdict) is _Rule else verdict
        if isinstance(why, str):
            operations[str(method)] = why
    served = state.presigner is not None and state.reason is None
    return PatchStatus(True, served, state.reason, operations)
