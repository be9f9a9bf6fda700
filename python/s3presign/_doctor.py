"""What ``s3presign.inspect`` and ``Presigner.verify`` return, and their views in a terminal
(``repr``) and in Jupyter (``_repr_html_``). The Rust core reads and checks the URL; this
module only presents the facts. Imported on first use, so ``import s3presign`` stays fast."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
from typing import Any

_UTC = _dt.timezone.utc


def _from_epoch(seconds: int | None) -> _dt.datetime | None:
    if seconds is None:
        return None
    try:
        return _dt.datetime.fromtimestamp(seconds, _UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(value: _dt.datetime | None) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _duration(seconds: float) -> str:
    s = int(abs(seconds))
    days, hours, minutes, secs = s // 86400, s // 3600 % 24, s // 60 % 60, s % 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def time_left(expires_at: _dt.datetime | None, now: _dt.datetime) -> str:
    """``"in 59 min 58 s"`` or ``"expired 2 h 5 min ago"``."""
    if expires_at is None:
        return "-"
    left = (expires_at - now).total_seconds()
    return f"in {_duration(left)}" if left >= 0 else f"expired {_duration(left)} ago"


_STYLE = (
    "<style>.s3presign-doctor td,.s3presign-doctor th{text-align:left;vertical-align:top;"
    "padding:2px 8px}.s3presign-doctor .bad{color:#b00020;font-weight:bold}"
    ".s3presign-doctor .good{color:#1b7f2a;font-weight:bold}"
    ".s3presign-doctor .warn{color:#8a5a00}.s3presign-doctor pre{margin:0;"
    "white-space:pre-wrap}</style>"
)


def _table(title: str, rows: list[tuple[str, str]]) -> str:
    """An HTML table; ``rows`` hold already escaped HTML."""
    body = "".join(f"<tr><th>{html.escape(name)}</th><td>{value}</td></tr>" for name, value in rows)
    return (
        f'{_STYLE}<div class="s3presign-doctor"><strong>{html.escape(title)}</strong>'
        f"<table>{body}</table></div>"
    )


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def _list(items: list[str] | tuple[str, ...], css: str = "") -> str:
    if not items:
        return "none"
    cls = f' class="{css}"' if css else ""
    return "<ul>" + "".join(f"<li{cls}>{html.escape(i)}</li>" for i in items) + "</ul>"


def _repr_fields(name: str, fields: list[tuple[str, Any]], note: str = "") -> str:
    """``Name(\\n    field=value,\\n    ...\\n)``: one field a line, datetimes as ISO 8601,
    then ``# note`` if given."""
    lines = []
    for field, value in fields:
        text = _iso(value) if isinstance(value, _dt.datetime) else repr(value)
        lines.append(f"    {field}={text},")
    if note:
        lines.append(f"    # {note}")
    return f"{name}(\n" + "\n".join(lines) + "\n)"


@dataclasses.dataclass(frozen=True)
class UrlInfo:
    """What a presigned URL says, read without credentials (``s3presign.inspect(url)``).

    Times are aware UTC datetimes; ``expired`` and ``warnings`` are as of ``inspected_at``.
    """

    url: str
    signature_version: str
    """``"s3v4"`` (SigV4) or ``"s3"`` (SigV2)."""
    bucket: str | None
    """The bucket, or the access point ARN for access point hosts."""
    key: str | None
    """The object key, decoded; ``None`` for a bucket-level URL."""
    region: str | None
    """SigV4: the credential scope's region; SigV2: the host's region, if it names one."""
    service: str
    access_key_id: str
    signed_at: _dt.datetime | None
    """``X-Amz-Date`` (SigV4 only)."""
    expires_in: int | None
    """``X-Amz-Expires`` (SigV4 only)."""
    expires_at: _dt.datetime | None
    expired: bool
    signed_headers: tuple[str, ...]
    has_session_token: bool
    addressing_style: str
    """``"virtual"`` (bucket in the host) or ``"path"`` (bucket in the path; custom endpoints
    are read as path-style)."""
    query: dict[str, str]
    """The query parameters besides the signature's, decoded."""
    warnings: tuple[str, ...]
    """What will make S3 refuse the URL, or the client fail with it."""
    endpoint: str
    """The kind of host: ``"regional"``, ``"global"``, ``"accelerate"``, ``"access point"``,
    ``"custom"``..."""
    inspected_at: _dt.datetime

    @classmethod
    def _from_facts(cls, facts: dict[str, Any]) -> UrlInfo:
        return cls(
            url=facts["url"],
            signature_version=facts["signature_version"],
            bucket=facts["bucket"],
            key=facts["key"],
            region=facts["region"],
            service=facts["service"],
            access_key_id=facts["access_key_id"],
            signed_at=_from_epoch(facts["signed_at"]),
            expires_in=facts["expires_in"],
            expires_at=_from_epoch(facts["expires_at"]),
            expired=facts["expired"],
            signed_headers=tuple(facts["signed_headers"]),
            has_session_token=facts["has_session_token"],
            addressing_style=facts["addressing_style"],
            query=dict(facts["query"]),
            warnings=tuple(facts["warnings"]),
            endpoint=facts["endpoint"],
            inspected_at=_from_epoch(facts["inspected_at"]) or _dt.datetime.now(_UTC),
        )

    @property
    def time_left(self) -> str:
        """``"in 59 min 58 s"`` or ``"expired 3 min 2 s ago"`` (as of ``inspected_at``)."""
        return time_left(self.expires_at, self.inspected_at)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO 8601 strings, tuples as lists."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, _dt.datetime):
                value = _iso(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[field.name] = value
        return out

    def __repr__(self) -> str:
        fields = [
            (f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "url"
        ]
        return _repr_fields("UrlInfo", fields, note=self.time_left)

    def _repr_html_(self) -> str:
        expiry = html.escape(f"{_iso(self.expires_at)} ({self.time_left})")
        rows = [
            ("signature", _code(self.signature_version)),
            ("bucket", _code(self.bucket or "-")),
            ("key", _code(self.key if self.key is not None else "-")),
            ("region / service", _code(f"{self.region or '-'} / {self.service}")),
            ("endpoint", html.escape(f"{self.endpoint}, {self.addressing_style}-style")),
            ("access key id", _code(self.access_key_id)),
            ("session token", "yes" if self.has_session_token else "no"),
            ("signed at", html.escape(_iso(self.signed_at))),
            (
                "expires at",
                f'<span class="{"bad" if self.expired else "good"}">{expiry}</span>',
            ),
            ("signed headers", _code(", ".join(self.signed_headers) or "-")),
            ("query", _code(", ".join(f"{k}={v}" for k, v in self.query.items()) or "-")),
            ("warnings", _list(self.warnings, "warn")),
        ]
        return _table("Presigned URL", rows)


@dataclasses.dataclass(frozen=True)
class Verification:
    """Whether a presigned URL is valid for a :class:`Presigner`'s credentials, as S3 would
    decide (``Presigner.verify``). ``bool(v)`` is ``v.valid``."""

    valid: bool
    reason: str
    """Empty when valid; else which part fails and why."""
    part: str
    """The failing part: ``""``, ``"url"``, ``"expired"``, ``"not yet valid"``,
    ``"access key"``, ``"scope"``, ``"signed header"`` or ``"signature"``."""
    canonical_request: str
    """As S3 prints it in a ``SignatureDoesNotMatch`` error (SigV4; empty for SigV2)."""
    string_to_sign: str
    """As S3 prints it in a ``SignatureDoesNotMatch`` error."""
    expected_signature: str
    """The signature these credentials give the request."""
    signature: str
    """The signature the URL carries."""
    method: str
    info: UrlInfo

    @classmethod
    def _from_facts(cls, facts: dict[str, Any], info: dict[str, Any]) -> Verification:
        return cls(**facts, info=UrlInfo._from_facts(info))

    def __bool__(self) -> bool:
        return self.valid

    def __repr__(self) -> str:
        fields: list[tuple[str, Any]] = [
            ("valid", self.valid),
            ("reason", self.reason),
            ("part", self.part),
            ("method", self.method),
            ("signature", self.signature),
            ("expected_signature", self.expected_signature),
            ("string_to_sign", self.string_to_sign),
            ("canonical_request", self.canonical_request),
        ]
        return _repr_fields("Verification", fields)

    def _repr_html_(self) -> str:
        verdict = (
            '<span class="good">valid</span>'
            if self.valid
            else f'<span class="bad">invalid: {html.escape(self.part)}</span>'
        )
        rows = [
            ("verdict", verdict),
            ("reason", html.escape(self.reason) or "-"),
            ("method", _code(self.method)),
            ("url", _code(f"{self.info.bucket or '-'} / {self.info.key or '-'}")),
            ("expires at", html.escape(f"{_iso(self.info.expires_at)} ({self.info.time_left})")),
            ("signature", _code(self.signature)),
            ("expected signature", _code(self.expected_signature)),
            ("string to sign", f"<pre>{html.escape(self.string_to_sign)}</pre>"),
            ("canonical request", f"<pre>{html.escape(self.canonical_request)}</pre>"),
        ]
        return _table("Presigned URL verification", rows)


def presigner_repr(facts: dict[str, Any]) -> str:
    """``repr(Presigner)``: ``facts`` come from ``Presigner._describe()`` (no secret in them)."""
    parts = []
    for name, value in facts.items():
        text = _iso(value) if isinstance(value, _dt.datetime) else repr(value)
        parts.append(f"{name}={text}")
    return f"Presigner({', '.join(parts)})"


def presigner_html(facts: dict[str, Any]) -> str:
    """``Presigner._repr_html_``: the same facts as a table."""
    rows = []
    for name, value in facts.items():
        if isinstance(value, _dt.datetime):
            text = html.escape(f"{_iso(value)} ({time_left(value, _dt.datetime.now(_UTC))})")
        elif value is None:
            text = "-"
        else:
            text = _code(str(value))
        rows.append((name.replace("_", " "), text))
    return _table("s3presign.Presigner", rows)


def inspect(url: str, *, now: Any = None) -> UrlInfo:
    from ._native import _inspect_url

    return UrlInfo._from_facts(_inspect_url(url, now))
