"""No message, repr, exception attribute or warning ever holds a secret key or a session token.

Every error path that can see credentials is driven with a distinctive secret and token, and the
whole exception (message, repr, args, every attribute such as ``UnicodeError.object``, notes,
and the chain of causes and contexts) is searched for them. Malformed lines of the shared files
are reported by file and line number, never by their content.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import warnings
from pathlib import Path

import pytest
import s3presign

SECRET = "Zq9SECRETdistinctive/K7MDENG+bPxRfiCYq0"
TOKEN = "Tk7TOKENdistinctive//////IQoJb3JpZ2luX2VjE"
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
NEEDLES = (SECRET, TOKEN, SECRET[:16], TOKEN[:16])


def texts_of(exc: BaseException):
    """Everything a logger, a traceback printer or an error tracker could show of ``exc``."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield str(e)
        yield repr(e)
        yield from (repr(a) for a in e.args)
        yield from (repr(n) for n in getattr(e, "__notes__", ()))
        for name in dir(e):
            if name.startswith("__") or name == "args":
                continue
            try:
                value = getattr(e, name)
            except Exception:  # noqa: BLE001, S112 - an attribute that cannot be read shows nothing
                continue
            if not callable(value):
                yield repr(value)
        todo += [e.__cause__, e.__context__]


def assert_no_secret(exc: BaseException) -> None:
    for text in texts_of(exc):
        for needle in NEEDLES:
            assert needle not in text, f"{type(exc).__name__} shows a secret: {text[:300]}"


def raised(call) -> BaseException:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - every kind is searched
            for w in caught:
                assert not any(n in str(w.message) for n in NEEDLES), str(w.message)
            return exc
    pytest.fail("no exception raised")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME, no AWS_* variables, no boto config: only what a test writes is read."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "BOTO_CONFIG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("BOTO_CONFIG", str(empty))
    return tmp_path


MALFORMED = {
    # A secret pasted without its "name =".
    "secret-line-without-equals": (
        f"[default]\naws_access_key_id = {ACCESS_KEY}\n{SECRET}\n",
        3,
    ),
    "secret-before-any-section": (f"{SECRET}\n[default]\n", 1),
    "secret-in-a-section-header-twice": (f"[{SECRET}]\na = 1\n[{SECRET}]\n", 3),
    "secret-as-an-option-name-twice": (f"[default]\n{SECRET}: 1\n{SECRET}: 2\n", 3),
    "secret-in-a-nested-block": (
        f"[default]\ns3 =\n  addressing_style = path\n\n  # note\n  {SECRET}\n",
        6,
    ),
    "secret-after-an-empty-option-name": (f"[default]\n= {SECRET}\n", 2),
    "token-line-without-equals": (f"[default]\naws_session_token = x\n{TOKEN}\n", 3),
}


@pytest.mark.parametrize("which", ["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "BOTO_CONFIG"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_shared_file_names_file_and_line_only(home, monkeypatch, which, case):
    text, line = MALFORMED[case]
    if which == "BOTO_CONFIG":
        text = text.replace("[default]", "[Credentials]")
    path = home / "malformed"
    path.write_text(text)
    monkeypatch.setenv(which, str(path))
    exc = raised(lambda: s3presign.client(region_name="eu-west-1"))
    assert isinstance(exc, s3presign.InvalidConfigError), repr(exc)
    assert_no_secret(exc)
    assert str(path) in str(exc)
    assert f"line {line}" in str(exc), str(exc)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"aws_secret_access_key": SECRET + "\ud800"},
        {"aws_secret_access_key": "\udcff" + SECRET},
        {"aws_secret_access_key": SECRET, "aws_session_token": TOKEN + "\ud800"},
        {"aws_secret_access_key": SECRET, "aws_access_key_id": "AKIA\ud800"},
        {"aws_secret_access_key": SECRET, "aws_session_token": TOKEN, "region_name": "\ud800"},
    ],
    ids=["secret-surrogate", "secret-escaped-byte", "token-surrogate", "key-id", "region"],
)
def test_lone_surrogate_in_credentials_shows_no_secret(home, kwargs):
    kwargs = {"aws_access_key_id": ACCESS_KEY, "region_name": "eu-west-1", **kwargs}
    exc = raised(lambda: s3presign.client(**kwargs))
    assert isinstance(exc, s3presign.PresignError), repr(exc)
    assert not isinstance(exc, UnicodeError)
    assert_no_secret(exc)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX environments hold bytes")
def test_environment_secret_that_is_not_utf8_shows_no_secret(home, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    # os.environ keeps undecodable bytes as lone surrogates (surrogateescape).
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET + "\udcff")
    exc = raised(lambda: s3presign.client(region_name="eu-west-1"))
    assert isinstance(exc, s3presign.PresignError), repr(exc)
    assert_no_secret(exc)


def credentialed(**extra):
    return s3presign.client(
        region_name="eu-west-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN,
        **extra,
    )


CALL_ERRORS = {
    "expires": lambda p: p.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"}, 0),
    "params": lambda p: p.generate_presigned_url("get_object", {"Bucket": "b", "Nope": 1}),
    "method": lambda p: p.generate_presigned_url("no_such_method"),
    "bucket": lambda p: p.generate_presigned_url("get_object", {"Bucket": "b/../", "Key": "k"}),
    "batch-key": lambda p: p.generate_presigned_urls("get_object", "b", ["k", ""]),
    "batch-bucket": lambda p: p.generate_presigned_urls("get_object", "b\ud800", ["k"]),
    "post-fields": lambda p: p.generate_presigned_post("b", "k", Fields={"a": object()}),
    "post-conditions": lambda p: p.generate_presigned_post("b", "k", Conditions=[object()]),
    "signing-time": lambda p: p.generate_presigned_url("get_object", signing_time=10**400),
    "surrogate-key": lambda p: p.generate_presigned_url(
        "get_object", {"Bucket": "b", "Key": "\ud800"}
    ),
}


@pytest.mark.parametrize("case", sorted(CALL_ERRORS))
def test_call_errors_show_no_secret(home, case):
    presigner = credentialed()
    exc = raised(lambda: CALL_ERRORS[case](presigner))
    assert isinstance(exc, s3presign.PresignError), repr(exc)
    assert_no_secret(exc)
    assert all(n not in repr(presigner) for n in NEEDLES)


def test_expiry_warning_and_error_show_no_secret(home, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    soon = dt.datetime.fromtimestamp(time.time() + 600, dt.timezone.utc)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", soon.strftime("%Y-%m-%dT%H:%M:%SZ"))
    presigner = s3presign.client(region_name="eu-west-1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        presigner.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"}, 3600)
    assert caught and all(n not in str(w.message) for w in caught for n in NEEDLES)
    strict = s3presign.client(region_name="eu-west-1", strict_expiry=True)
    exc = raised(lambda: strict.generate_presigned_url("get_object", {"Bucket": "b"}, 3600))
    assert isinstance(exc, s3presign.CredentialsExpireBeforeUrlError)
    assert_no_secret(exc)
    past = dt.datetime.fromtimestamp(time.time() - 600, dt.timezone.utc)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", past.strftime("%Y-%m-%dT%H:%M:%SZ"))
    exc = raised(lambda: s3presign.client(region_name="eu-west-1"))
    assert isinstance(exc, s3presign.NoCredentialsError)
    assert_no_secret(exc)


@pytest.mark.parametrize(
    "refreshed",
    [
        (ACCESS_KEY, SECRET + "\ud800", TOKEN),
        (ACCESS_KEY, SECRET, TOKEN + "\ud800"),
        (ACCESS_KEY, SECRET, 42),
        (ACCESS_KEY, [SECRET], TOKEN),
    ],
    ids=["secret-surrogate", "token-surrogate", "token-not-str", "secret-not-str"],
)
def test_refreshed_credentials_that_cannot_be_read_show_no_secret(home, refreshed):
    boto3 = pytest.importorskip("boto3")
    from botocore.credentials import RefreshableCredentials

    def refresh():
        access, secret, token = refreshed
        return {
            "access_key": access,
            "secret_key": secret,
            "token": token,
            # Due for refresh at once (inside botocore's mandatory window).
            "expiry_time": (
                dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=60)
            ).isoformat(),
        }

    session = boto3.Session(region_name="eu-west-1")
    client = session.client(
        "s3", aws_access_key_id=ACCESS_KEY, aws_secret_access_key="x", aws_session_token="y"
    )
    credentials = RefreshableCredentials.create_from_metadata(
        {
            "access_key": ACCESS_KEY,
            "secret_key": "first",
            "token": "first",
            "expiry_time": (
                dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=60)
            ).isoformat(),
        },
        refresh_using=refresh,
        method="test",
    )
    client._request_signer._credentials = credentials
    try:
        presigner = s3presign.from_boto3(client)
        call = lambda: presigner.generate_presigned_url("get_object", {"Bucket": "b", "Key": "k"})
    except BaseException as exc:  # noqa: BLE001 - refused when made: searched the same way
        assert_no_secret(exc)
        return
    exc = raised(call)
    assert isinstance(exc, Exception) and type(exc).__name__ != "PanicException"
    assert_no_secret(exc)
