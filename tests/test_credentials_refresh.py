"""Refreshable credentials (botocore ``RefreshableCredentials``) behind ``from_boto3`` and patched
clients: rotation, threads, and the credentials-expire-before-the-URL warning.

Every URL is checked against something independent: boto3 itself with the same frozen keys
and clock, or an HMAC-SHA256 SigV4 check written here from AWS's documented algorithm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
import warnings
from urllib.parse import parse_qsl, unquote, urlsplit

import boto3
import botocore.credentials
import botocore.session
import botocore.signers
import pytest
import s3presign
from botocore.config import Config
from conftest import frozen_botocore_clock
from s3presign import _boto3

UTC = dt.timezone.utc
REGION = "eu-central-1"


pytestmark = pytest.mark.usefixtures("no_network")


class Rotation:
    """A refresh function handing out a new key pair and token each time, valid ``lifetime``
    seconds. Generation n has access key ``ASIAROTATION000{n}``."""

    def __init__(self, lifetime: float) -> None:
        self.lifetime = lifetime
        self.generation = 0
        self.lock = threading.Lock()

    @staticmethod
    def keys(generation: int) -> tuple[str, str, str]:
        return (
            f"ASIAROTATION{generation:08d}",
            f"secret/{generation}+rotating-{'x' * (generation % 7)}",
            f"token+/={generation}",
        )

    def __call__(self) -> dict:
        with self.lock:
            self.generation += 1
            access, secret, token = self.keys(self.generation)
        expiry = dt.datetime.now(UTC) + dt.timedelta(seconds=self.lifetime)
        return {
            "access_key": access,
            "secret_key": secret,
            "token": token,
            "expiry_time": expiry.isoformat(),
        }

    @staticmethod
    def generation_of(access_key: str) -> int:
        return int(access_key[len("ASIAROTATION") :])


def refreshable(refresh, advisory: float, mandatory: float) -> botocore.credentials.Credentials:
    return botocore.credentials.RefreshableCredentials.create_from_metadata(
        refresh(), refresh, "test-rotation", advisory_timeout=advisory, mandatory_timeout=mandatory
    )


class Provider(botocore.credentials.CredentialProvider):
    METHOD = "test-rotation"

    def __init__(self, credentials) -> None:
        super().__init__()
        self.credentials = credentials

    def load(self):
        return self.credentials


def client_with(credentials, **config):
    """A boto3 S3 client whose credential chain yields ``credentials`` (as SSO or an assumed
    role would)."""
    session = botocore.session.Session()
    session.get_component("credential_provider").insert_before("env", Provider(credentials))
    return boto3.session.Session(botocore_session=session).client(
        "s3", region_name=REGION, config=Config(signature_version="s3v4", **config)
    )


def static_client(access: str, secret: str, token: str | None):
    return boto3.client(
        "s3",
        region_name=REGION,
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(signature_version="s3v4"),
    )


def query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def amz_date(url: str) -> dt.datetime:
    return dt.datetime.strptime(query(url)["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def url_key(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def access_key_of(url: str) -> str:
    return query(url)["X-Amz-Credential"].split("/")[0]


def boto3_url(url: str, secret: str, token: str | None, method: str = "get_object") -> str:
    """What boto3 signs for this URL's bucket/key, keys and time (virtual-hosted GET)."""
    access = access_key_of(url)
    bucket = urlsplit(url).hostname.split(".")[0]
    client = static_client(access, secret, token)
    with frozen_botocore_clock(amz_date(url)):
        return client.generate_presigned_url(
            method,
            Params={"Bucket": bucket, "Key": url_key(url)},
            ExpiresIn=int(query(url)["X-Amz-Expires"]),
        )


_signing_keys: dict = {}


def sigv4_valid(url: str, secret: str) -> bool:
    """AWS SigV4 query-string authentication, recomputed independently of botocore and of
    s3presign (UNSIGNED-PAYLOAD, host the only signed header, no path normalisation)."""
    parts = urlsplit(url)
    pairs = [p.split("=", 1) for p in parts.query.split("&")]
    signature = dict(pairs)["X-Amz-Signature"]
    canonical_query = "&".join(f"{k}={v}" for k, v in sorted(pairs) if k != "X-Amz-Signature")
    canonical = (
        f"GET\n{parts.path}\n{canonical_query}\nhost:{parts.netloc}\n\nhost\nUNSIGNED-PAYLOAD"
    )
    amz = dict(pairs)["X-Amz-Date"]
    scope = unquote(dict(pairs)["X-Amz-Credential"]).split("/", 1)[1]
    date, region, service, _ = scope.split("/")
    cache_key = (secret, date, region, service)
    key = _signing_keys.get(cache_key)
    if key is None:
        key = ("AWS4" + secret).encode()
        for part in (date, region, service, "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        _signing_keys[cache_key] = key
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def test_independent_sigv4_check_agrees_with_boto3():
    """The HMAC check used below accepts boto3's URLs and refuses a wrong secret."""
    client = static_client("AKIDEXAMPLE", "secret/+x", "tok+/=")
    with frozen_botocore_clock(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)):
        url = client.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "a b/ü"})
    assert sigv4_valid(url, "secret/+x")
    assert not sigv4_valid(url, "secret/+y")


# Keys valid for seconds expire before any URL: the warning is expected there.
short_lived = pytest.mark.filterwarnings("ignore::s3presign.CredentialsExpireBeforeUrlWarning")


@short_lived
def test_rotated_keys_sign_after_rotation():
    rotation = Rotation(lifetime=3.0)
    credentials = refreshable(rotation, advisory=2.0, mandatory=1.0)
    client = client_with(credentials)
    presigner = s3presign.from_boto3(client)
    params = {"Bucket": "rotating-bucket", "Key": "k"}
    first = presigner.generate_presigned_url("get_object", params)
    first_generation = Rotation.generation_of(access_key_of(first))
    # Fresh keys: no refresh call while they are fresh.
    calls = rotation.generation
    for _ in range(1000):
        presigner.generate_presigned_url("get_object", params)
    assert rotation.generation == calls
    # Past the advisory window of those keys (1 s after they were issued): new keys sign.
    time.sleep(1.2)
    after = presigner.generate_presigned_url("get_object", params)
    assert Rotation.generation_of(access_key_of(after)) > first_generation
    assert presigner.aws_access_key_id == access_key_of(after)
    for url in (first, after):
        _, secret, token = Rotation.keys(Rotation.generation_of(access_key_of(url)))
        assert query(url)["X-Amz-Security-Token"] == token
        assert url == boto3_url(url, secret, token)


def test_deferred_credentials_are_fetched_on_first_use():
    rotation = Rotation(lifetime=3600.0)
    credentials = botocore.credentials.DeferredRefreshableCredentials(
        refresh_using=rotation, method="test-deferred"
    )
    client = client_with(credentials)
    assert rotation.generation == 0
    presigner = s3presign.from_boto3(client)
    url = presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"})
    assert access_key_of(url) == Rotation.keys(1)[0]
    _, secret, token = Rotation.keys(1)
    assert url == boto3_url(url, secret, token)
    assert presigner.credentials_expiry == credentials._expiry_time.replace(microsecond=0)


@pytest.mark.slow
@short_lived
def test_eight_threads_during_rotation_see_no_error_and_no_torn_pair():
    rotation = Rotation(lifetime=1.6)
    credentials = refreshable(rotation, advisory=1.2, mandatory=0.6)
    presigner = s3presign.from_boto3(client_with(credentials))
    deadline = time.monotonic() + 4.0
    errors: list = []
    results: list = [[] for _ in range(8)]

    def work(index: int) -> None:
        i = 0
        try:
            while time.monotonic() < deadline:
                if index % 2:
                    keys = [f"t{index}/{i}/{j}" for j in range(32)]
                    results[index].extend(
                        presigner.generate_presigned_urls("get_object", "torn-check", keys)
                    )
                else:
                    results[index].append(
                        presigner.generate_presigned_url(
                            "get_object", {"Bucket": "torn-check", "Key": f"t{index}/{i}"}
                        )
                    )
                i += 1
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    urls = [u for r in results for u in r]
    generations: dict = {}
    for url in urls:
        access = access_key_of(url)
        _, secret, token = Rotation.keys(Rotation.generation_of(access))
        # The token and the signature belong to the generation the access key names.
        assert query(url)["X-Amz-Security-Token"] == token, url
        assert sigv4_valid(url, secret), url
        generations.setdefault(access, url)
    assert len(generations) >= 3, generations.keys()  # keys rotated during the run
    for access, url in generations.items():  # and boto3 agrees, one URL per generation
        _, secret, token = Rotation.keys(Rotation.generation_of(access))
        assert url == boto3_url(url, secret, token)
    print(f"{len(urls)} URLs from 8 threads, {len(generations)} key generations, all valid")


# --------------------------------------------------------------------------------------------
# Credentials that expire before the URL
# --------------------------------------------------------------------------------------------


def expiring_in(seconds: float) -> tuple:
    """Credentials expiring in ``seconds`` (inside botocore's 15-minute advisory window, so it
    tries to refresh them at every use; the refresh hands out the same expiry, which botocore
    accepts as long as it has not passed)."""
    expiry = (dt.datetime.now(UTC) + dt.timedelta(seconds=seconds)).replace(microsecond=0)

    def refresh() -> dict:
        return {
            "access_key": "ASIAEXPIRINGSOON0001",
            "secret_key": "expiring-secret",
            "token": "expiring-token",
            "expiry_time": expiry.isoformat(),
        }

    return refreshable(refresh, advisory=15 * 60, mandatory=10 * 60), expiry


def iso(when: dt.datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_warns_when_credentials_expire_before_the_url():
    credentials, expiry = expiring_in(10 * 60 + 5)
    presigner = s3presign.from_boto3(client_with(credentials))
    params = {"Bucket": "bucket-b", "Key": "k"}
    with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning) as record:
        url = presigner.generate_presigned_url("get_object", params, 3600)
    message = str(record[0].message)
    assert f"the URL will stop working at {iso(expiry)}" in message
    assert record[0].filename == __file__
    # The URL itself is boto3's.
    assert url == boto3_url(url, "expiring-secret", "expiring-token")
    # A URL that ends before the credentials do: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        presigner.generate_presigned_url("get_object", params, 300)


def test_strict_expiry_raises():
    credentials, expiry = expiring_in(10 * 60 + 5)
    presigner = s3presign.from_boto3(client_with(credentials), strict_expiry=True)
    assert presigner.strict_expiry
    with pytest.raises(s3presign.CredentialsExpireBeforeUrlError, match=iso(expiry)) as info:
        presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"}, 3600)
    assert isinstance(info.value, s3presign.PresignError)
    with pytest.raises(s3presign.CredentialsExpireBeforeUrlError):
        presigner.generate_presigned_urls("get_object", "bucket-b", ["a", "b"], 3600)
    presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"}, 300)


def test_a_batch_warns_once():
    credentials, _ = expiring_in(10 * 60 + 5)
    presigner = s3presign.from_boto3(client_with(credentials))
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        urls = presigner.generate_presigned_urls(
            "get_object", "bucket-b", [f"k{i}" for i in range(50)]
        )
    assert len(urls) == 50
    assert [w.category for w in record] == [s3presign.CredentialsExpireBeforeUrlWarning]


def test_environment_credential_expiration_warns(monkeypatch):
    expiry = (dt.datetime.now(UTC) + dt.timedelta(minutes=10)).replace(microsecond=0)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENT00001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-token")
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", iso(expiry))
    presigner = s3presign.client(region_name=REGION)
    assert presigner.credentials_expiry == expiry
    with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning, match=iso(expiry)):
        presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"})
    strict = s3presign.client(region_name=REGION, strict_expiry=True)
    with pytest.raises(s3presign.CredentialsExpireBeforeUrlError):
        strict.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"})


def test_patched_client_warns_and_matches_its_unpatched_twin():
    credentials, expiry = expiring_in(10 * 60 + 5)
    patched, plain = client_with(credentials), client_with(credentials)
    s3presign.patch(patched)
    when = dt.datetime.now(UTC).replace(microsecond=0)
    params = {"Bucket": "bucket-b", "Key": "photos/1.jpg"}
    _boto3._signing_clock = lambda: when
    try:
        with frozen_botocore_clock(when):
            with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning, match=iso(expiry)):
                got = patched.generate_presigned_url("get_object", Params=dict(params))
            expected = plain.generate_presigned_url("get_object", Params=dict(params))
    finally:
        _boto3._signing_clock = None
    assert got == expected
    assert patched._s3presign_patch.fast() is not None  # the fast path served it


@short_lived
def test_refresh_failure_is_a_no_credentials_error():
    state = {"fail": False}

    def refresh() -> dict:
        if state["fail"]:
            raise RuntimeError("the identity provider is down")
        expiry = dt.datetime.now(UTC) + dt.timedelta(seconds=1.5)
        return {
            "access_key": "ASIAFAILING000000001",
            "secret_key": "s",
            "token": "t",
            "expiry_time": expiry.isoformat(),
        }

    presigner = s3presign.from_boto3(client_with(refreshable(refresh, advisory=1.0, mandatory=1.0)))
    presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"})
    state["fail"] = True
    time.sleep(0.7)  # inside botocore's mandatory window: it propagates the failure
    with pytest.raises(s3presign.NoCredentialsError, match="identity provider is down") as info:
        presigner.generate_presigned_url("get_object", {"Bucket": "bucket-b", "Key": "k"})
    assert isinstance(info.value.__cause__, RuntimeError)


def test_presigned_post_warns_and_strict_raises():
    credentials, expiry = expiring_in(10 * 60 + 5)
    presigner = s3presign.from_boto3(client_with(credentials))
    with pytest.warns(s3presign.CredentialsExpireBeforeUrlWarning, match=iso(expiry)):
        post = presigner.generate_presigned_post("bucket-b", "uploads/${filename}")
    assert post["fields"]["x-amz-security-token"] == "expiring-token"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        presigner.generate_presigned_post("bucket-b", "k", ExpiresIn=300)
    strict = s3presign.from_boto3(client_with(credentials), strict_expiry=True)
    with pytest.raises(s3presign.CredentialsExpireBeforeUrlError):
        strict.generate_presigned_post("bucket-b", "k")


@short_lived
def test_presigned_post_after_rotation_uses_the_new_keys():
    rotation = Rotation(lifetime=3.0)
    presigner = s3presign.from_boto3(
        client_with(refreshable(rotation, advisory=2.0, mandatory=1.0))
    )
    first = presigner.generate_presigned_post("bucket-b", "k")["fields"]
    time.sleep(1.2)
    after = presigner.generate_presigned_post("bucket-b", "k")["fields"]
    generation = Rotation.generation_of(after["x-amz-credential"].split("/")[0])
    assert generation > Rotation.generation_of(first["x-amz-credential"].split("/")[0])
    # The token and the signature are that generation's (boto3 with the same keys and time).
    access, secret, token = Rotation.keys(generation)
    assert after["x-amz-security-token"] == token
    when = dt.datetime.strptime(after["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    with frozen_botocore_clock(when):
        expected = static_client(access, secret, token).generate_presigned_post("bucket-b", "k")
    assert after == expected["fields"]
