"""The bridge from boto3: ``from_boto3``, ``patch`` and ``unpatch``.

Nothing here imports boto3 or botocore at ``import s3presign`` time: botocore is imported on the
first call (the caller has a boto3 client or session, so it is loaded already).

``from_boto3(client)`` reads what the client resolved when it was made (botocore 1.43.11):
the endpoint ruleset's builtins (``client._ruleset_resolver._builtins``: region, ``SDK::Endpoint``,
FIPS, dual-stack, accelerate, force-path-style, ARN region, MRAP), the merged ``s3`` config
(addressing style, ``us_east_1_regional_endpoint``), the signing region of its request signer,
the signature version (``Config.signature_version`` is the ruleset's requested auth scheme; with
none, boto3 presigns with SigV2 in the regions where it registered its
``_default_s3_presign_to_sigv2`` handler) and the credentials object of its request signer. Every
value is checked against the builtins the core would derive from it; anything it cannot
reproduce exactly is an ``UnsupportedError``.

``patch(client)`` puts wrappers on the client instance: the fast path, and botocore's own
method whenever the fast path raises or the call is one it does not reproduce exactly (see
``_make_url_wrapper``), so results, exceptions and side effects on ``Params`` are botocore's.
"""

from __future__ import annotations

import sys
import threading
import weakref

from ._errors import NoCredentialsError, PresignError, UnsupportedError
from ._native import Presigner, _client_partition

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

# Tests set this to a callable returning the signing time of patched clients (botocore's frozen
# clock); None: now.
_signing_clock: Callable[[], Any] | None = None

_LIST_METHODS = frozenset(["list_objects", "list_objects_v2", "list_object_versions"])
# botocore's presigning handlers that rewrite the caller's Params in place (sse_md5,
# copy_source_sse_md5, handle_copy_source_param, convert_body_to_file_like_object).
_MUTATED_MEMBERS = frozenset(["SSECustomerKey", "CopySourceSSECustomerKey", "CopySource", "Body"])
# The events botocore emits while presigning (signers.generate_presigned_url/_post).
_PER_OPERATION_EVENTS = (
    "provide-client-params.s3.",
    "before-parameter-build.s3.",
    "choose-signer.s3.",
    "before-sign.s3.",
)
_SIGV2_DEFAULT_HANDLER = "ClientCreator._default_s3_presign_to_sigv2"
_ADVISORY_REFRESH_SECONDS = 15 * 60


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
    return _build(client, _inspect(client), strict_expiry)


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


class _Settings:
    """What ``Presigner._from_resolved`` needs, read once from a client."""

    __slots__ = ("credentials", "kwargs", "sigv2_default")

    def __init__(self, kwargs: dict, credentials: Any, sigv2_default: bool) -> None:
        self.kwargs = kwargs
        self.credentials = credentials
        self.sigv2_default = sigv2_default


def _handler_key(handler: Any) -> tuple:
    func = getattr(handler, "func", None)  # functools.partial
    if func is not None and hasattr(handler, "args"):
        return ("partial",) + _handler_key(func)
    func = getattr(handler, "__func__", handler)  # bound method
    return (getattr(func, "__module__", None), getattr(func, "__qualname__", repr(func)))


def _emitter(client: Any) -> Any:
    events = client.meta.events
    return getattr(events, "_emitter", events)


def _presign_handlers(client: Any) -> tuple:
    """Every handler of every event botocore emits while presigning, per event."""
    trie = _emitter(client)._handlers
    out = [tuple(trie.prefix_search("before-endpoint-resolution.s3"))]
    for op in client.meta.service_model.operation_names:
        for prefix in _PER_OPERATION_EVENTS:
            out.append(tuple(trie.prefix_search(prefix + op)))
    return tuple(out)


def _foreign_handlers(handlers: tuple) -> list:
    """Handlers defined outside botocore and boto3: they may change what presigning gives."""
    foreign = []
    for event in handlers:
        for handler in event:
            module = _handler_key(handler)[-2] or ""
            if not (module.startswith(("botocore.", "boto3."))):
                foreign.append(handler)
    return foreign


def _builtins(client: Any) -> dict:
    return {getattr(k, "value", k): v for k, v in client._ruleset_resolver._builtins.items()}


def _flag(builtins: dict, name: str) -> bool:
    value = builtins.get(name)
    if type(value) is not bool:
        raise UnsupportedError(f"the client's {name} is {value!r}, not a bool")
    return value


def _inspect(client: Any) -> _Settings:
    import botocore  # type: ignore[import-untyped]
    import botocore.utils  # type: ignore[import-untyped]

    meta = client.meta
    if meta.service_model.service_name != "s3":
        raise UnsupportedError(f"not an S3 client ({meta.service_model.service_name})")
    resolver = client._ruleset_resolver
    signer = client._request_signer
    builtins = _builtins(client)
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
        value = resolver._resolve_param_as_client_context_param(param)
        if value is not None and overridable.get(param) is not value:
            raise UnsupportedError(f"client context parameter {param}={value!r}")
    if getattr(resolver, "_auth_scheme_preference", None) is not None:  # botocore 1.39 on
        raise UnsupportedError("auth_scheme_preference is not supported")
    if meta.config.inject_host_prefix is False:
        raise UnsupportedError("inject_host_prefix=False is not supported")
    if signer._signing_name != "s3":
        raise UnsupportedError(f"signing name {signer._signing_name!r}")

    # Signature version: Config.signature_version is the ruleset's requested auth scheme; with
    # none, the ruleset's sigv4 wins over the signer's (even a config-file s3.signature_version),
    # except where boto3 registered its SigV2 default for presigning.
    requested = resolver._requested_auth_scheme
    handlers = _presign_handlers(client)
    sigv2_default = any(
        _handler_key(h)[-1] == _SIGV2_DEFAULT_HANDLER for event in handlers for h in event
    )
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

    credentials = signer._credentials
    if credentials is None:
        raise NoCredentialsError("Unable to locate credentials")
    kwargs = {
        "region_name": region,
        "signing_region": signer._region_name,
        "endpoint_url": endpoint,
        "config": config,
        # No signature version configured and boto3's SigV2 default registered: choose as boto3.
        "boto3_signature_default": requested is None and sigv2_default,
    }
    return _Settings(kwargs, credentials, sigv2_default)


def _epoch(when: Any) -> float | None:
    return None if when is None else when.timestamp()


def _refresher(credentials: Any) -> Callable[[], tuple]:
    """``() -> (access_key, secret_key, token, expiry, refresh_at)`` for a botocore
    ``RefreshableCredentials``: botocore's own refresh (its locks, advisory and mandatory
    windows), then the time (epoch seconds, on this machine's clock) to ask again."""
    import datetime as dt

    def fresh() -> tuple:
        frozen = credentials.get_frozen_credentials()
        expiry = _epoch(getattr(credentials, "_expiry_time", None))
        refresh_at = None
        if expiry is not None:
            advisory = getattr(credentials, "_advisory_refresh_timeout", _ADVISORY_REFRESH_SECONDS)
            # A credentials object may run on its own clock (time_fetcher): refresh when *its*
            # clock reaches the advisory window.
            now = dt.datetime.now(dt.timezone.utc)
            skew = (credentials._time_fetcher() - now).total_seconds()
            refresh_at = expiry - advisory - skew
        return (frozen.access_key, frozen.secret_key, frozen.token, expiry, refresh_at)

    return fresh


def _build(client: Any, settings: _Settings, strict_expiry: bool) -> Presigner:
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
# patch / unpatch
# --------------------------------------------------------------------------------------------

_LOCK = threading.RLock()
_STATE_ATTR = "_s3presign_patch"
_MISSING = object()
# Clients patched by the global patch(), unpatched by the global unpatch().
_globally_patched: weakref.WeakSet = weakref.WeakSet()
_original_create_client: Any = None


class _Patch:
    """One patched client: its original methods and, built on first use, its Presigner."""

    def __init__(self, client: Any) -> None:
        self.client_ref = weakref.ref(client)
        self.saved = {
            name: client.__dict__.get(name, _MISSING)
            for name in ("generate_presigned_url", "generate_presigned_post")
        }
        self.original_url = client.generate_presigned_url
        self.original_post = client.generate_presigned_post
        self.emitter = _emitter(client)
        self.baseline = _presign_handlers(client)
        self.token: Any = None  # the emitter's lookup cache when the handlers were last checked
        self.presigner: Presigner | None = None
        self.failed = False
        self.redirect_cache: dict = {}
        self.idempotent: frozenset = frozenset()

    def fast(self) -> Presigner | None:
        """The Presigner, or None while the client is one the fast path must not serve."""
        if self.emitter._lookup_cache is not self.token:
            self._check_handlers()
        return self.presigner

    def _check_handlers(self) -> None:
        with _LOCK:
            token = self.emitter._lookup_cache
            client = self.client_ref()
            if client is None:
                self.presigner = None
                return
            handlers = _presign_handlers(client)
            unchanged = [tuple(map(_handler_key, e)) for e in handlers] == [
                tuple(map(_handler_key, e)) for e in self.baseline
            ]
            if not unchanged or _foreign_handlers(handlers):
                self.presigner = None
            elif self.presigner is None and not self.failed:
                try:
                    self.presigner = _presigner_of(client, False)
                    self.redirect_cache = _redirect_cache(handlers)
                    model = client.meta.service_model
                    self.idempotent = frozenset(
                        _xform(op)
                        for op in model.operation_names
                        if model.operation_model(op).idempotent_members
                    )
                except PresignError:  # not reproducible: botocore serves every call
                    self.failed = True
                except Exception:  # noqa: BLE001 - e.g. a credentials refresh failed: retry
                    return  # at the next call (botocore serves this one)
            self.token = token


def _xform(name: str) -> str:
    from botocore import xform_name  # type: ignore[import-untyped]

    return xform_name(name)


def _redirect_cache(handlers: tuple) -> dict:
    """S3RegionRedirectorv2's bucket -> region cache (filled after 301 redirects)."""
    for handler in handlers[0]:
        owner = getattr(handler, "__self__", None)
        cache = getattr(owner, "_cache", None)
        if isinstance(cache, dict) and _handler_key(handler)[-1].endswith("redirect_from_cache"):
            return cache
    return {}


def _make_url_wrapper(state: _Patch) -> Callable[..., str]:
    original = state.original_url
    emitter = state.emitter
    list_methods = _LIST_METHODS
    mutated = _MUTATED_MEMBERS

    # The hot path: every check inlined (this runs for every URL of a patched client).
    def fast(ClientMethod: Any, Params: Any = None, ExpiresIn: Any = 3600, HttpMethod: Any = None):
        if emitter._lookup_cache is not state.token:
            state._check_handlers()
        presigner = state.presigner
        if presigner is None or ClientMethod in state.idempotent:
            return None
        if Params is not None:
            if type(Params) is not dict or not mutated.isdisjoint(Params):
                return None
            cache = state.redirect_cache
            if cache and Params.get("Bucket") in cache:
                return None
        clock = _signing_clock
        if clock is None:
            url = presigner.generate_presigned_url(ClientMethod, Params, ExpiresIn, HttpMethod)
        else:
            url = presigner.generate_presigned_url(
                ClientMethod, Params, ExpiresIn, HttpMethod, signing_time=clock()
            )
        if ClientMethod in list_methods and Params is not None and "EncodingType" not in Params:
            Params["EncodingType"] = "url"  # set_list_objects_encoding_type_url
        return url

    return _falling_back_to(original, fast)


def _make_post_wrapper(state: _Patch) -> Callable[..., dict]:
    original = state.original_post

    def fast(
        Bucket: Any, Key: Any, Fields: Any = None, Conditions: Any = None, ExpiresIn: Any = 3600
    ):
        presigner = state.fast()
        if presigner is None:
            return None
        if Conditions is not None and type(Conditions) is not list:
            return None
        if Fields is not None and type(Fields) is not dict:
            return None
        clock = _signing_clock
        post = presigner.generate_presigned_post(
            Bucket,
            Key,
            Fields,
            None if Conditions is None else list(Conditions),
            ExpiresIn,
            signing_time=None if clock is None else clock(),
        )
        if Conditions is not None:
            # botocore appends the bucket and key conditions to the caller's list.
            Conditions.append({"bucket": Bucket})
            if Key.endswith("${filename}"):
                Conditions.append(["starts-with", "$key", Key[: -len("${filename}")]])
            else:
                Conditions.append({"key": Key})
        return post

    return _falling_back_to(original, fast)


def _falling_back_to(original: Callable[..., Any], fast: Callable[..., Any]) -> Callable[..., Any]:
    """``fast``'s answer, or botocore's ``original`` whenever ``fast`` gives none or raises, so
    that results and exceptions are botocore's own."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fast(*args, **kwargs)
        except Exception:  # noqa: BLE001 - every failure is botocore's to report
            result = None
        if result is None:
            return original(*args, **kwargs)
        return result

    wrapper.__name__ = original.__name__
    wrapper.__doc__ = original.__doc__
    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
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
        client.generate_presigned_url = _make_url_wrapper(state)
        client.generate_presigned_post = _make_post_wrapper(state)


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
            except Exception:  # noqa: BLE001, S110 - never break client creation
                pass
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
