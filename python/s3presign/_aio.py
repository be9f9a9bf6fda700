"""aiobotocore clients (and so aioboto3's and s3fs's): ``patch``, ``from_aiobotocore``.

Imported by the global ``patch()`` and once an aiobotocore client, session or credentials
object is in hand; it never imports aiobotocore itself (a global ``patch()`` waits for the
program to load it), so neither ``import s3presign`` nor ``patch()`` pays for aiobotocore.

aiobotocore clients are botocore clients whose presigning methods are coroutines and whose
credentials are read by awaiting them (``await credentials.get_frozen_credentials()``: an
``AioRefreshableCredentials`` refreshes under an ``asyncio.Lock`` there). Everything else a
presigned URL depends on (the endpoint ruleset's builtins, the config, the event handlers) is
botocore's, so the sync bridge (``_boto3``) inspects and serves them unchanged; this module adds:

- ``_AwaitedCredentials``: a synchronous face of aiobotocore credentials for the presigner,
  holding the keys last awaited. The async wrappers await the credentials themselves when
  botocore's advisory refresh window is reached (a time comparison per call otherwise), exactly
  as aiobotocore's signer would at that call, then sign synchronously.
- ``_async_wrapper``: a coroutine function around the sync bridge's wrapper, whose fall-back
  (botocore's, here aiobotocore's, own method) returns a coroutine that it awaits.
- the global ``patch()``'s hook on ``AioSession._create_client`` (every client aiobotocore,
  aioboto3 and s3fs make), installed at once when aiobotocore is loaded, else when it is.
- ``from_aiobotocore`` and ``AioPresigner``, the async twin of ``from_boto3``/``Presigner``.
"""

from __future__ import annotations

import datetime as _datetime
import math
import sys
import time
import types
import weakref

import botocore.credentials  # type: ignore[import-untyped]

from . import _boto3
from ._errors import NoCredentialsError, UnsupportedError
from ._native import Presigner

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any, Callable

    from ._params import OperationName, PresignedPost


def is_aio_session(obj: Any) -> bool:
    """An ``aiobotocore.session.AioSession``, or an ``aioboto3.Session`` (which wraps one)."""
    module = sys.modules.get("aiobotocore.session")
    if module is None:
        return False
    return isinstance(obj, module.AioSession) or isinstance(
        getattr(obj, "_session", None), module.AioSession
    )


def is_aio_credentials(credentials: Any) -> bool:
    return type(credentials).__module__.startswith("aiobotocore.")


# --------------------------------------------------------------------------------------------
# Credentials: awaited by the async side, read synchronously by the presigner
# --------------------------------------------------------------------------------------------

# The real clocks, captured even if replaced now: the builtin time.time, the C datetime class.
_REAL_TIME: Any = time.time if type(time.time) is type(len) else None
_REAL_DATETIME = type(_datetime.datetime.min)
_LOCAL_NOW = getattr(botocore.credentials, "_local_now", None)


def _real_clock(credentials: Any) -> bool:
    """Whether ``credentials`` tell time with the real clock (botocore's ``_local_now``, nothing
    mocked or frozen): then the time they need a refresh is known in advance."""
    return (
        time.time is _REAL_TIME
        and _datetime.datetime is _REAL_DATETIME
        and botocore.credentials.datetime is _datetime
        and getattr(credentials, "_time_fetcher", None) is _LOCAL_NOW
    )


class _AwaitedCredentials(botocore.credentials.RefreshableCredentials):
    """The keys of aiobotocore credentials as last awaited, for ``_boto3._build``: a
    ``RefreshableCredentials`` whose ``get_frozen_credentials`` never refreshes (that is
    ``refresh``'s job, awaited) and whose expiry, advisory window and clock are the source's."""

    def __init__(self, source: Any) -> None:  # no super().__init__: nothing of its own
        # Weak: the views are cached by their source (whose clients keep it alive).
        self._source_ref: Callable[[], Any] = weakref.ref(source)
        self._frozen: Any = None
        self._due_at = -math.inf  # epoch seconds; -inf: never awaited yet
        self._fresh = _boto3._refresher(self)

    @property
    def _source(self) -> Any:
        return self._source_ref()

    # What _boto3._refresher reads, from the aiobotocore credentials.
    @property
    def _expiry_time(self) -> Any:  # type: ignore[override]
        return getattr(self._source, "_expiry_time", None)

    @property
    def _advisory_refresh_timeout(self) -> Any:  # type: ignore[override]
        return self._source._advisory_refresh_timeout

    @property
    def _time_fetcher(self) -> Any:  # type: ignore[override]
        return self._source._time_fetcher

    def get_frozen_credentials(self) -> Any:
        if self._frozen is None:
            # Not a PresignError: the patched client tries again after its next await.
            raise LookupError("the aiobotocore credentials have not been awaited yet")
        return self._frozen

    def due(self) -> bool:
        """Whether the next call must await the credentials: never awaited yet, or within
        botocore's advisory refresh window. On a clock that is not the real one (frozen,
        mocked, the credentials' own), every call: aiobotocore's own check then decides."""
        return time.time() >= self._due_at or not _real_clock(self._source)

    async def refresh(self) -> bool:
        """``await credentials.get_frozen_credentials()`` as aiobotocore's signer does (its
        lock, advisory and mandatory windows), then when to do it again. True when the keys
        changed."""
        before = self._frozen
        self._frozen = await self._source.get_frozen_credentials()
        refresh_at = self._fresh()[4]
        self._due_at = math.inf if refresh_at is None else refresh_at
        return self._frozen is not before


class _StaticCredentials:
    """``AioCredentials``: static keys, awaited once (as aiobotocore would, at no cost)."""

    def __init__(self, source: Any) -> None:
        self._source_ref: Callable[[], Any] = weakref.ref(source)
        self.view: Any = None

    def due(self) -> bool:
        return self.view is None

    async def refresh(self) -> bool:
        frozen = await self._source_ref().get_frozen_credentials()
        self.view = botocore.credentials.Credentials(
            frozen.access_key, frozen.secret_key, frozen.token
        )
        return True


_views: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _credentials_of(client: Any) -> Any:
    return getattr(getattr(client, "_request_signer", None), "_credentials", None)


def _view(credentials: Any) -> Any:
    """The one awaiting view of these aiobotocore credentials (shared by the clients of a
    session), or None for credentials of no known kind (botocore serves such clients)."""
    if credentials is None or not is_aio_credentials(credentials):
        return None
    view = _views.get(credentials)
    if view is None:
        if isinstance(credentials, botocore.credentials.RefreshableCredentials):
            view = _AwaitedCredentials(credentials)
        elif isinstance(credentials, botocore.credentials.Credentials):
            view = _StaticCredentials(credentials)
        else:
            return None
        _views[credentials] = view
    return view


def sync_credentials(credentials: Any) -> Any:
    """For ``_boto3._build``: what it can read synchronously in place of aiobotocore
    ``credentials`` (awaited by now: the async wrappers await them before the first call)."""
    view = _view(credentials)
    if view is None:
        raise UnsupportedError(f"credentials of type {type(credentials).__name__}")
    if isinstance(view, _StaticCredentials):
        if view.view is None:
            raise LookupError("the aiobotocore credentials have not been awaited yet")
        return view.view
    view.get_frozen_credentials()  # raises LookupError until awaited once
    return view


# --------------------------------------------------------------------------------------------
# patch
# --------------------------------------------------------------------------------------------


class _AioCompat:
    """``_botocore_compat`` as an aiobotocore client sees it: its URL signer, POST presigner,
    POST clock and ``generate_presigned_post`` are aiobotocore's (``aiobotocore.signers``);
    everything else is botocore's."""

    def __init__(self, compat: Any) -> None:
        import aiobotocore.signers  # type: ignore[import-untyped]

        self._compat = compat
        self._signers = aiobotocore.signers
        self._url_signer = aiobotocore.signers.AioRequestSigner.generate_presigned_url
        self._post_presigner = aiobotocore.signers.AioS3PostPresigner
        self._post_signer = self._post_presigner.generate_presigned_post
        self._real_now = getattr(aiobotocore.signers, "get_current_datetime", None)
        self._copies: bool | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compat, name)

    def url_signer_replaced(self, signer: Any) -> bool:
        return type(signer).generate_presigned_url is not self._url_signer or (
            "generate_presigned_url" in getattr(signer, "__dict__", ())
        )

    def post_signer_replaced(self) -> bool:
        return (
            self._signers.AioS3PostPresigner is not self._post_presigner
            or self._post_presigner.generate_presigned_post is not self._post_signer
        )

    def clocks_and_signers_untouched(self) -> bool:
        signers = self._signers
        return (
            self._compat.clocks_and_signers_untouched()
            and signers.get_current_datetime is self._real_now
            and signers.AioRequestSigner.generate_presigned_url is self._url_signer
            and signers.AioS3PostPresigner is self._post_presigner
            and self._post_presigner.generate_presigned_post is self._post_signer
        )

    def post_policy_now(self) -> Any:
        return self._compat._aware(self._signers.get_current_datetime())

    def post_copies_conditions(self) -> bool:
        if self._copies is None:
            self._copies = self._compat.copies_conditions(self._signers.generate_presigned_post)
        return self._copies


_aio_compat: _AioCompat | None = None


def _async_method(sync_wrapper: Any, original_attr: str, view: Any, state: Any) -> Any:
    """A coroutine function to bind to the client: the sync bridge's fast path, else awaited
    aiobotocore (``state.<original_attr>``, a coroutine function)."""
    fast = sync_wrapper.fast
    verify = _boto3._VERIFY

    async def method(client: Any, *args: Any, **kwargs: Any) -> Any:
        if view is not None and view.due():
            try:
                if await view.refresh() and state.presigner is not None:
                    state.presigner._refresh_credentials()
            except Exception:  # noqa: BLE001 - aiobotocore reports it, at its own point
                return await getattr(state, original_attr)(*args, **kwargs)
        try:
            result = fast(*args, **kwargs)
        except Exception:  # noqa: BLE001 - every failure is aiobotocore's to report
            result = None
        if result is None:
            return await getattr(state, original_attr)(*args, **kwargs)
        if result is verify:
            state.log_once(
                "outside the tested botocore range, aiobotocore clients are not compared "
                "with botocore's first URL or form: aiobotocore serves those operations"
            )
            return await getattr(state, original_attr)(*args, **kwargs)
        return result

    for name in ("__name__", "__qualname__", "__doc__", "__wrapped__"):
        setattr(method, name, getattr(sync_wrapper, name))
    return method


def patch_client(client: Any) -> None:
    """``_boto3._patch_client`` for an aiobotocore client (under ``_boto3._LOCK``)."""
    global _aio_compat
    state = _boto3._Patch(client)
    if _aio_compat is None:
        _aio_compat = _AioCompat(state.compat)
    state.compat = _aio_compat
    client.__dict__[_boto3._STATE_ATTR] = state
    view = _view(_credentials_of(client))
    for name, make, original_attr in (
        ("generate_presigned_url", _boto3._make_url_wrapper, "original_url"),
        ("generate_presigned_post", _boto3._make_post_wrapper, "original_post"),
    ):
        method = _async_method(make(state), original_attr, view, state)
        client.__dict__[name] = types.MethodType(method, client)


_original_create_client: Any = None
_import_hook: Any = None


def _patch_session_class(module: Any) -> None:
    """Make ``AioSession._create_client`` patch the S3 clients it makes."""
    global _original_create_client
    session_class = module.AioSession
    if _original_create_client is not None:
        return
    original = session_class._create_client
    _original_create_client = original

    async def _create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        created = await original(self, *args, **kwargs)
        try:
            if created.meta.service_model.service_name == "s3":
                _boto3._patch_client(created)
                _boto3._globally_patched.add(created)
        except Exception:  # noqa: BLE001, S110 - never break client creation
            pass
        return created

    _create_client.__wrapped__ = original  # type: ignore[attr-defined]
    _create_client.__doc__ = original.__doc__
    session_class._create_client = _create_client


class _PatchingLoader:
    """Runs ``aiobotocore.session`` with its own loader, then patches ``AioSession``."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        with _boto3._LOCK:
            if _import_hook is not None:  # still wanted: no unpatch() in between
                _patch_session_class(module)

    def __getattr__(self, name: str) -> Any:  # get_data, get_resource_reader...
        return getattr(self._loader, name)


class _SessionImportHook:
    """A meta-path finder for ``aiobotocore.session`` alone: loading aiobotocore costs about
    as much as boto3, so a global ``patch()`` waits for the program to load it."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "aiobotocore.session":
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader)
                return spec
        return None


def patch_sessions() -> None:
    """The global ``patch()``'s part for aiobotocore (under ``_boto3._LOCK``)."""
    global _import_hook
    module = sys.modules.get("aiobotocore.session")
    if module is not None:
        _patch_session_class(module)
    elif _import_hook is None:
        _import_hook = _SessionImportHook()
        sys.meta_path.insert(0, _import_hook)


def unpatch_sessions() -> None:
    """The global ``unpatch()``'s part for aiobotocore (under ``_boto3._LOCK``)."""
    global _import_hook, _original_create_client
    if _import_hook is not None:
        try:
            sys.meta_path.remove(_import_hook)
        except ValueError:
            pass
        _import_hook = None
    if _original_create_client is not None:
        module = sys.modules["aiobotocore.session"]
        module.AioSession._create_client = _original_create_client
        _original_create_client = None


# --------------------------------------------------------------------------------------------
# from_aiobotocore
# --------------------------------------------------------------------------------------------


async def from_aiobotocore(client_or_session: Any, *, strict_expiry: bool = False) -> AioPresigner:
    """See ``s3presign.from_aiobotocore``."""
    if _boto3._is_aio_client(client_or_session):
        return await _from_client(client_or_session, strict_expiry)
    if is_aio_session(client_or_session):
        session = client_or_session
        if hasattr(session, "client") and not hasattr(session, "_create_client"):
            context = session.client("s3")  # aioboto3.Session
        else:
            context = session.create_client("s3")
        async with context as client:
            return await _from_client(client, strict_expiry)
    raise TypeError(
        "from_aiobotocore takes an aiobotocore S3 client (aioboto3's and s3fs's are) or an "
        f"aiobotocore/aioboto3 session, not {type(client_or_session).__name__}"
    )


async def _from_client(client: Any, strict_expiry: bool) -> AioPresigner:
    credentials = _credentials_of(client)
    if credentials is None:
        raise NoCredentialsError("Unable to locate credentials")
    view = _view(credentials)
    if view is None:
        raise UnsupportedError(f"credentials of type {type(credentials).__name__}")
    await view.refresh()
    return AioPresigner(_boto3._presigner_of(client, strict_expiry), view, credentials)


class AioPresigner:
    """The async twin of :class:`Presigner` for aiobotocore credentials
    (``await s3presign.from_aiobotocore(client)``): the same methods as coroutines, which await
    refreshable credentials within botocore's advisory refresh window, as aiobotocore does."""

    __slots__ = ("_credentials", "_presigner", "_view")

    def __init__(self, presigner: Presigner, view: Any, credentials: Any) -> None:
        self._presigner = presigner
        self._view = view
        self._credentials = credentials  # the view holds them weakly

    async def _refresh(self) -> None:
        try:
            if await self._view.refresh():
                self._presigner._refresh_credentials()
        except Exception as exc:
            raise NoCredentialsError(f"refreshing the credentials failed: {exc}") from exc

    async def generate_presigned_url(
        self,
        ClientMethod: str,
        Params: Mapping[str, Any] | None = None,
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        *,
        signing_time: datetime.datetime | float | None = None,
    ) -> str:
        """:meth:`Presigner.generate_presigned_url`, awaiting fresh credentials when due."""
        if self._view.due():
            await self._refresh()
        # Passed through as given: the per-operation Params types are the sync method's.
        presigner: Any = self._presigner
        return presigner.generate_presigned_url(
            ClientMethod, Params, ExpiresIn, HttpMethod, signing_time=signing_time
        )

    async def generate_presigned_urls(
        self,
        ClientMethod: OperationName,
        Bucket: str,
        Keys: Iterable[str],
        ExpiresIn: int = 3600,
        HttpMethod: str | None = None,
        Params: Mapping[str, Any] | None = None,
        *,
        signing_time: datetime.datetime | float | None = None,
    ) -> list[str]:
        """:meth:`Presigner.generate_presigned_urls`, awaiting fresh credentials when due."""
        if self._view.due():
            await self._refresh()
        return self._presigner.generate_presigned_urls(
            ClientMethod, Bucket, Keys, ExpiresIn, HttpMethod, Params, signing_time=signing_time
        )

    async def generate_presigned_post(
        self,
        Bucket: str,
        Key: str,
        Fields: Mapping[str, str | int | float] | None = None,
        Conditions: Sequence[Any] | None = None,
        ExpiresIn: int = 3600,
        *,
        signing_time: datetime.datetime | float | None = None,
    ) -> PresignedPost:
        """:meth:`Presigner.generate_presigned_post`, awaiting fresh credentials when due."""
        if self._view.due():
            await self._refresh()
        return self._presigner.generate_presigned_post(
            Bucket, Key, Fields, Conditions, ExpiresIn, signing_time=signing_time
        )

    @property
    def region_name(self) -> str:
        """The client's region."""
        return self._presigner.region_name

    @property
    def endpoint_url(self) -> str | None:
        """The configured custom endpoint, if any."""
        return self._presigner.endpoint_url

    @property
    def aws_access_key_id(self) -> str:
        """The access key id that signs now (the secret is never exposed)."""
        return self._presigner.aws_access_key_id

    @property
    def credentials_expiry(self) -> datetime.datetime | None:
        """When the signing credentials expire (aware, UTC), if they carry an expiry."""
        return self._presigner.credentials_expiry

    @property
    def strict_expiry(self) -> bool:
        """Whether credentials expiring before a URL raise instead of warning."""
        return self._presigner.strict_expiry

    def __repr__(self) -> str:
        return f"<AioPresigner {self._presigner!r}>"
