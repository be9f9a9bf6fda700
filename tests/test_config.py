"""Client configuration parity: ``s3presign._native._resolve_config`` against what a real boto3
(botocore 1.43.11) ``client("s3", ...)`` resolves, in a sandboxed environment (all ``AWS_*``
variables cleared, HOME and the shared files pointed at a temporary directory)."""

from __future__ import annotations

import os

import boto3
import botocore
import botocore.client
import botocore.exceptions
import pytest
import s3presign
from botocore.config import Config
from s3presign._native import _resolve_config

KEYS = {"aws_access_key_id": "AKIDEXPLICIT", "aws_secret_access_key": "explicit-secret"}

UNSUPPORTED_METHODS = {
    "assume-role",
    "assume-role-with-web-identity",
    "sso",
    "custom-process",
    "container-role",
    "login",
}


@pytest.fixture
def sandbox(monkeypatch, tmp_path):
    """Returns a function that sets up env vars and shared files for one case."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "BOTO_CONFIG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("BOTO_CONFIG", str(tmp_path / "boto"))
    # Keep boto3 off the network: no instance-metadata lookup.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    def setup(env=None, config=None, credentials=None):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        if config is not None:
            (tmp_path / "config").write_text(config)
        if credentials is not None:
            (tmp_path / "credentials").write_text(credentials)
        return tmp_path

    return setup


def boto_view(**kwargs):
    """What boto3 resolved, in the shape of ``_resolve_config``'s dict."""
    session = boto3.session.Session()
    client = session.client("s3", **kwargs)
    builtins = client._ruleset_resolver._builtins
    s3 = client.meta.config.s3 or {}
    creds = client._request_signer._credentials
    view = {
        "region_name": client.meta.region_name,
        "signing_region": client._request_signer._region_name,
        "endpoint_url": builtins["SDK::Endpoint"],
        "signature_version_configured": botocore.client._get_configured_signature_version(
            "s3", kwargs.get("config"), session._session.get_scoped_config()
        )
        is not None,
        "addressing_style": s3.get("addressing_style") or "auto",
        "use_accelerate_endpoint": builtins["AWS::S3::Accelerate"],
        "use_dualstack_endpoint": bool(s3.get("use_dualstack_endpoint", False)),
        "us_east_1_regional": s3.get("us_east_1_regional_endpoint") == "regional",
        "use_arn_region": builtins["AWS::S3::UseArnRegion"],
        "disable_multiregion_access_points": builtins["AWS::S3::DisableMultiRegionAccessPoints"],
    }
    if builtins["SDK::Endpoint"] is None:
        # botocore forces both to False when an endpoint URL is configured.
        view["use_fips_endpoint"] = builtins["AWS::UseFIPS"]
        assert builtins["AWS::UseDualStack"] == view["use_dualstack_endpoint"]
    if creds is None:
        view["credentials"] = None
    elif creds.method in UNSUPPORTED_METHODS:
        view["credentials"] = creds.method
    else:
        frozen = creds.get_frozen_credentials()
        view["credentials"] = {
            "access_key": frozen.access_key,
            "has_secret": bool(frozen.secret_key),
            "has_token": bool(frozen.token),
            "credential_method": creds.method,
        }
    return view


def ours_view(resolved):
    view = {
        k: resolved[k]
        for k in resolved
        if k
        not in ("access_key", "has_secret", "has_token", "credential_method", "signature_version")
    }
    view["credentials"] = {
        "access_key": resolved["access_key"],
        "has_secret": resolved["has_secret"],
        "has_token": resolved["has_token"],
        "credential_method": resolved["credential_method"],
    }
    return view


def boto_error(exc):
    """The s3presign exception class boto3's exception corresponds to."""
    if isinstance(
        exc, (botocore.exceptions.NoCredentialsError, botocore.exceptions.PartialCredentialsError)
    ):
        return s3presign.NoCredentialsError
    if isinstance(
        exc,
        (
            botocore.exceptions.ProfileNotFound,
            botocore.exceptions.InvalidRegionError,
            botocore.exceptions.ConfigParseError,
            botocore.exceptions.InvalidConfigError,
            botocore.exceptions.InvalidS3AddressingStyleError,
            botocore.exceptions.InvalidS3UsEast1RegionalEndpointConfigError,
            ValueError,
            TypeError,
            AttributeError,
        ),
    ):
        return s3presign.InvalidConfigError
    raise AssertionError(f"unexpected boto3 error {exc!r}")


NOT_HTTP = "endpoint_url must be an http:// or https:// URL"


def compare(config_kwargs=None, as_dict=False, **kwargs):
    """Resolve with boto3 and with s3presign; assert they agree. Returns ours (or the error)."""
    boto_kwargs = dict(kwargs)
    our_kwargs = dict(kwargs)
    if config_kwargs is not None:
        boto_kwargs["config"] = Config(**config_kwargs)
        our_kwargs["config"] = dict(config_kwargs) if as_dict else Config(**config_kwargs)
    try:
        expected = boto_view(**boto_kwargs)
        expected_error = None
    except Exception as exc:  # noqa: BLE001 - any boto3 failure is an expectation
        expected, expected_error = None, boto_error(exc)

    try:
        got = _resolve_config(**our_kwargs)
    except s3presign.PresignError as exc:
        if expected_error is None and NOT_HTTP in str(exc):
            # Deliberate: boto3 creates the client and its endpoint ruleset refuses the URL at
            # the first presign; s3presign refuses it at creation.
            assert isinstance(exc, s3presign.InvalidConfigError), exc
            return exc
        if expected_error is None and expected["credentials"] in UNSUPPORTED_METHODS:
            assert isinstance(exc, s3presign.UnsupportedError), exc
            return exc
        if expected_error is None and expected["credentials"] is None:
            # boto3 creates the client and fails at presign time.
            assert isinstance(exc, s3presign.NoCredentialsError), exc
            return exc
        assert expected_error is not None, f"s3presign raised {exc!r}, boto3 resolved {expected}"
        assert isinstance(exc, expected_error), (exc, expected_error)
        return exc
    assert expected_error is None, f"boto3 raised {expected_error}, s3presign gave {got}"
    mine = ours_view(got)
    if "use_fips_endpoint" not in expected:
        mine.pop("use_fips_endpoint")
    assert mine == expected
    return got


# ---------------------------------------------------------------------------------------------
# Credentials


CREDS_DEFAULT = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
CONFIG_KEYS = "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = cfg-secret\n"


@pytest.mark.parametrize(
    "env,config,credentials,kwargs",
    [
        pytest.param({}, None, None, KEYS, id="explicit"),
        pytest.param({}, None, None, {**KEYS, "aws_session_token": "tok"}, id="explicit-token"),
        pytest.param({}, None, None, {"aws_access_key_id": "A"}, id="partial-explicit-key"),
        pytest.param(
            {},
            None,
            None,
            {"aws_secret_access_key": "S", "aws_session_token": "T"},
            id="partial-explicit-secret",
        ),
        pytest.param({}, None, None, {"aws_session_token": "T"}, id="token-only-ignored"),
        pytest.param({}, None, None, {}, id="none"),
        pytest.param(
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
            None,
            CREDS_DEFAULT,
            {},
            id="env-over-file",
        ),
        pytest.param(
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
            None,
            None,
            KEYS,
            id="explicit-over-env",
        ),
        pytest.param({"AWS_ACCESS_KEY_ID": "AKIDENV"}, None, CREDS_DEFAULT, {}, id="env-partial"),
        pytest.param(
            {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "x"},
            None,
            CREDS_DEFAULT,
            {},
            id="env-empty-key-falls-through",
        ),
        pytest.param(
            {
                "AWS_ACCESS_KEY_ID": "AKIDENV",
                "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_SESSION_TOKEN": "st",
            },
            None,
            None,
            {},
            id="env-session-token",
        ),
        pytest.param(
            {
                "AWS_ACCESS_KEY_ID": "AKIDENV",
                "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_SECURITY_TOKEN": "sec",
            },
            None,
            None,
            {},
            id="env-security-token",
        ),
        pytest.param(
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": ""},
            None,
            None,
            {},
            id="env-empty-token",
        ),
        pytest.param({}, CONFIG_KEYS, CREDS_DEFAULT, {}, id="credentials-file-over-config"),
        pytest.param({}, CONFIG_KEYS, None, {}, id="config-file"),
        pytest.param(
            {},
            CONFIG_KEYS + "aws_session_token = t1\naws_security_token = t2\n",
            None,
            {},
            id="config-file-tokens",
        ),
        pytest.param(
            {}, None, "[default]\naws_access_key_id = AKIDFILE\n", {}, id="credentials-file-partial"
        ),
        pytest.param({}, "[default]\naws_access_key_id = X\n", None, {}, id="config-file-partial"),
        pytest.param(
            {},
            None,
            "[default]\naws_access_key_id=AKIDFILE\naws_secret_access_key=s\naws_session_token=\n",
            {},
            id="credentials-file-empty-token",
        ),
        pytest.param(
            {"AWS_PROFILE": "dev"},
            "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n",
            CREDS_DEFAULT,
            {},
            id="profile-config",
        ),
        pytest.param(
            {"AWS_PROFILE": "dev"},
            None,
            CREDS_DEFAULT + "[dev]\naws_access_key_id=AKIDDEVF\naws_secret_access_key=s\n",
            {},
            id="profile-credentials-file",
        ),
        pytest.param(
            {"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "other"},
            "[profile dev]\nregion = eu-west-1\n[profile other]\nregion = eu-west-2\n",
            "[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=s\n"
            "[other]\naws_access_key_id=AKIDOTHER\naws_secret_access_key=s\n",
            {},
            id="default-profile-var-wins",
        ),
        pytest.param(
            {"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"},
            "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n",
            None,
            {},
            id="env-over-named-profile",
        ),
        pytest.param(
            {"AWS_PROFILE": "dev"},
            None,
            "[profile dev]\naws_access_key_id=A\naws_secret_access_key=s\n",
            KEYS,
            id="credentials-file-profile-prefix-not-stripped",
        ),
        pytest.param(
            {},
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
            "source_profile = base\n[profile base]\naws_access_key_id = B\n"
            "aws_secret_access_key = s\n",
            CREDS_DEFAULT,
            {},
            id="assume-role",
        ),
        pytest.param(
            {},
            "[default]\nsso_account_id = 1\nsso_role_name = r\n"
            "sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n",
            CREDS_DEFAULT,
            {},
            id="sso",
        ),
        pytest.param(
            {},
            "[default]\ncredential_process = /bin/true\n",
            CREDS_DEFAULT,
            {},
            id="process-after-credentials-file",
        ),
        pytest.param(
            {},
            "[DEFAULT]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\n"
            "[default]\nregion = eu-west-1\n",
            None,
            {},
            id="ini-DEFAULT-section",
        ),
    ],
)
def test_credentials(sandbox, env, config, credentials, kwargs):
    sandbox(env, config, credentials)
    compare(**kwargs)


def test_credentials_never_in_dict(sandbox):
    sandbox()
    got = _resolve_config(
        aws_access_key_id="AKID", aws_secret_access_key="topsecret", aws_session_token="toptoken"
    )
    assert "topsecret" not in repr(got) and "toptoken" not in repr(got)
    assert got["has_secret"] and got["has_token"]


def test_no_credentials_message(sandbox):
    root = sandbox()
    with pytest.raises(s3presign.NoCredentialsError) as info:
        _resolve_config()
    assert str(root / "credentials") in str(info.value)
    assert "static keys" in str(info.value)


def test_missing_profile(sandbox):
    sandbox({"AWS_PROFILE": "nope"})
    exc = compare(**KEYS)
    assert str(exc) == "The config profile (nope) could not be found"


def test_process_before_config_keys_is_unsupported(sandbox):
    # boto3 runs the process (here: fails); s3presign refuses credential_process outright.
    sandbox(config="[default]\ncredential_process = /bin/false\n" + CONFIG_KEYS.split("\n", 1)[1])
    with pytest.raises(botocore.exceptions.CredentialRetrievalError):
        boto3.session.Session().client("s3")
    with pytest.raises(s3presign.UnsupportedError):
        _resolve_config()


# ---------------------------------------------------------------------------------------------
# Region


@pytest.mark.parametrize(
    "env,config,kwargs,config_kwargs",
    [
        pytest.param({}, None, {}, None, id="none"),
        pytest.param(
            {"AWS_DEFAULT_REGION": "eu-west-3"},
            "[default]\nregion = sa-east-1\n",
            {},
            None,
            id="env-over-profile",
        ),
        pytest.param(
            {"AWS_DEFAULT_REGION": "eu-west-3"},
            None,
            {},
            {"region_name": "ap-east-1"},
            id="config-over-env",
        ),
        pytest.param(
            {},
            None,
            {"region_name": "us-west-1"},
            {"region_name": "ap-east-1"},
            id="arg-over-config",
        ),
        pytest.param({"AWS_REGION": "eu-north-1"}, None, {}, None, id="AWS_REGION-ignored"),
        pytest.param({}, "[default]\nregion = sa-east-1\n", {}, None, id="profile"),
        pytest.param(
            {},
            "[default]\nREGION = eu-west-3 ; inline comments are values\n",
            {},
            None,
            id="inline-comment-kept",
        ),
        pytest.param({}, None, {"region_name": "bad_region"}, None, id="invalid"),
        pytest.param({}, None, {"region_name": "-bad"}, None, id="invalid-dash"),
        pytest.param({}, None, {"region_name": "12345"}, None, id="invalid-digits"),
        pytest.param({}, None, {"region_name": ""}, None, id="empty"),
        pytest.param(
            {},
            None,
            {"region_name": "", "endpoint_url": "http://localhost:9000"},
            None,
            id="empty-with-endpoint",
        ),
        pytest.param({}, None, {"region_name": "us-west-2\n"}, None, id="trailing-newline"),
        pytest.param({}, None, {"region_name": "us-east-1-fips"}, None, id="fips-suffix"),
        pytest.param({}, None, {"region_name": "fips-us-gov-west-1"}, None, id="fips-prefix"),
        pytest.param({"AWS_DEFAULT_REGION": "fips-ca-central-1"}, None, {}, None, id="fips-env"),
        pytest.param({}, None, {"region_name": "aws-global"}, None, id="aws-global"),
        pytest.param({}, None, {"region_name": "s3-external-1"}, None, id="s3-external-1"),
        pytest.param(
            {},
            None,
            {"region_name": "aws-global", "endpoint_url": "http://localhost:9000"},
            None,
            id="aws-global-with-endpoint",
        ),
        pytest.param({"AWS_DEFAULT_REGION": ""}, None, {}, None, id="empty-env"),
        pytest.param(
            {"AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional"},
            None,
            {},
            None,
            id="none-regional-is-aws-global",
        ),
        pytest.param(
            {
                "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional",
                "AWS_USE_DUALSTACK_ENDPOINT": "true",
            },
            None,
            {},
            None,
            id="none-regional-dualstack",
        ),
        pytest.param(
            {"AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional"},
            None,
            {"endpoint_url": "http://localhost:9000"},
            None,
            id="none-regional-endpoint",
        ),
        pytest.param(
            {"AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional"},
            None,
            {"region_name": "us-east-1"},
            None,
            id="us-east-1-regional",
        ),
        pytest.param({"AWS_USE_FIPS_ENDPOINT": "true"}, None, {}, None, id="none-fips"),
    ],
)
def test_region(sandbox, env, config, kwargs, config_kwargs):
    sandbox(env, config)
    compare(config_kwargs=config_kwargs, **KEYS, **kwargs)


# ---------------------------------------------------------------------------------------------
# Endpoint URL

SERVICES = (
    "[default]\nendpoint_url = http://profile:1\nservices = svc\n"
    "[services svc]\ns3 =\n  endpoint_url = http://services:2\n"
)


@pytest.mark.parametrize(
    "env,config,kwargs,config_kwargs",
    [
        pytest.param(
            {"AWS_ENDPOINT_URL_S3": "http://envs3:3", "AWS_ENDPOINT_URL": "http://envglobal:4"},
            SERVICES,
            {},
            None,
            id="env-service-first",
        ),
        pytest.param(
            {"AWS_ENDPOINT_URL": "http://envglobal:4"},
            SERVICES,
            {},
            None,
            id="env-global-over-services",
        ),
        pytest.param({}, SERVICES, {}, None, id="services-over-profile"),
        pytest.param({"AWS_ENDPOINT_URL_S3": ""}, SERVICES, {}, None, id="empty-env-skipped"),
        pytest.param({}, "[default]\nendpoint_url = http://profile:1\n", {}, None, id="profile"),
        pytest.param({}, SERVICES, {"endpoint_url": "http://explicit:5"}, None, id="explicit"),
        pytest.param(
            {
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
                "AWS_ENDPOINT_URL": "http://envglobal:4",
            },
            SERVICES,
            {},
            None,
            id="ignore-env",
        ),
        pytest.param(
            {"AWS_ENDPOINT_URL": "http://envglobal:4"},
            SERVICES.replace(
                "services = svc", "services = svc\nignore_configured_endpoint_urls = TRUE"
            ),
            {},
            None,
            id="ignore-profile",
        ),
        pytest.param(
            {"AWS_ENDPOINT_URL": "http://envglobal:4"},
            None,
            {},
            {"ignore_configured_endpoint_urls": True},
            id="ignore-config",
        ),
        pytest.param(
            {
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
                "AWS_ENDPOINT_URL": "http://envglobal:4",
            },
            None,
            {},
            {"ignore_configured_endpoint_urls": False},
            id="config-false-over-env",
        ),
        pytest.param(
            {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
            None,
            {"endpoint_url": "http://explicit:5"},
            None,
            id="explicit-not-ignored",
        ),
        pytest.param({}, "[default]\nservices = nope\n", {}, None, id="missing-services"),
        pytest.param(
            {"AWS_ENDPOINT_URL": "http://e:1"},
            "[default]\nservices = nope\n",
            {},
            None,
            id="missing-services-not-reached",
        ),
        pytest.param(
            {},
            "[default]\nservices = svc\n[services svc]\ndynamodb =\n"
            "  endpoint_url = http://ddb:1\n",
            {},
            None,
            id="services-other-service",
        ),
        pytest.param({}, None, {"endpoint_url": "localhost:9000"}, None, id="no-scheme"),
        pytest.param({}, None, {"endpoint_url": "http://"}, None, id="no-host"),
        pytest.param({}, None, {"endpoint_url": ""}, None, id="empty"),
        pytest.param({}, None, {"endpoint_url": "http://bad_host:1"}, None, id="underscore"),
        pytest.param({}, None, {"endpoint_url": "http://[::1]:9000"}, None, id="ipv6"),
        pytest.param({}, None, {"endpoint_url": "http://[::1:9000"}, None, id="ipv6-unclosed"),
        pytest.param(
            {},
            None,
            {"endpoint_url": "https://user@S3.Example.COM./x?y#z"},
            None,
            id="userinfo-path",
        ),
        pytest.param({}, None, {"endpoint_url": "http://a\n.b"}, None, id="newline"),
        pytest.param({"AWS_ENDPOINT_URL": "not a url"}, None, {}, None, id="env-invalid"),
    ],
)
def test_endpoint_url(sandbox, env, config, kwargs, config_kwargs):
    sandbox(env, config)
    compare(config_kwargs=config_kwargs, **KEYS, **kwargs)


def test_ftp_endpoint_refused_at_creation(sandbox):
    # botocore creates the client and refuses the URL only at presign, in the endpoint ruleset
    # ("Custom endpoint `ftp://host` was not a valid URI"); s3presign refuses it up front.
    sandbox()
    got = compare(endpoint_url="ftp://host", **KEYS)
    assert isinstance(got, s3presign.InvalidConfigError)
    assert NOT_HTTP in str(got)


# ---------------------------------------------------------------------------------------------
# Flags and s3 options

NESTED = (
    "[default]\ns3 =\n  addressing_style = path\n\n  # a comment\n"
    "  Use_Accelerate_Endpoint = true\n  use_dualstack_endpoint = True\n"
    "  use_arn_region = false\n  us_east_1_regional_endpoint = regional\n"
    "  s3_disable_multiregion_access_points = TRUE\n  other = a = b\n"
)


@pytest.mark.parametrize(
    "env,config,kwargs,config_kwargs",
    [
        pytest.param({}, NESTED, {}, None, id="nested-s3"),
        pytest.param({}, NESTED, {"region_name": "eu-west-1"}, None, id="nested-s3-region"),
        pytest.param(
            {
                "AWS_S3_USE_ARN_REGION": "false",
                "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional",
                "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS": "true",
            },
            "[default]\ns3_use_arn_region = true\n"
            "s3_us_east_1_regional_endpoint = legacy\ns3 =\n"
            "  addressing_style = path\n  use_accelerate_endpoint = true\n"
            "  s3_disable_multiregion_access_points = false\n",
            {},
            {"s3": {"use_accelerate_endpoint": False, "addressing_style": "virtual"}},
            id="env-over-profile-config-over-all",
        ),
        pytest.param(
            {},
            "[default]\ns3_use_arn_region = false\ns3_us_east_1_regional_endpoint = regional\n",
            {},
            None,
            id="profile-top-level-s3-keys",
        ),
        pytest.param({"AWS_S3_USE_ARN_REGION": ""}, None, {}, None, id="empty-env-is-false"),
        pytest.param(
            {"AWS_S3_USE_ARN_REGION": "false"},
            "[default]\ns3 = path\n",
            {},
            None,
            id="non-nested-s3-crashes-boto3",
        ),
        pytest.param(
            {"AWS_S3_USE_ARN_REGION": "false"},
            "[default]\ns3 = path\n",
            {},
            {"s3": {"use_dualstack_endpoint": False}},
            id="non-nested-s3-ignored",
        ),
        pytest.param(
            {},
            "[default]\ns3 =\n",
            {},
            {"s3": {"addressing_style": "path"}},
            id="empty-s3-crashes-boto3",
        ),
        pytest.param(
            {"AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "Regional"}, None, {}, None, id="bad-regional"
        ),
        pytest.param(
            {}, None, {}, {"s3": {"us_east_1_regional_endpoint": "nope"}}, id="bad-regional-config"
        ),
        pytest.param(
            {},
            "[default]\ns3 =\n  addressing_style = foo\n",
            {},
            None,
            id="bad-addressing-style-profile",
        ),
        pytest.param(
            {},
            None,
            {},
            {
                "s3": {
                    "addressing_style": "path",
                    "use_accelerate_endpoint": True,
                    "use_arn_region": False,
                    "s3_disable_multiregion_access_points": True,
                }
            },
            id="config-s3",
        ),
        pytest.param(
            {"AWS_USE_FIPS_ENDPOINT": "TRUE"},
            None,
            {"region_name": "us-west-2"},
            None,
            id="fips-env",
        ),
        pytest.param(
            {"AWS_USE_FIPS_ENDPOINT": "yes"},
            None,
            {"region_name": "us-west-2"},
            None,
            id="fips-env-not-true",
        ),
        pytest.param(
            {"AWS_USE_FIPS_ENDPOINT": ""},
            "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n",
            {"region_name": "us-west-2"},
            None,
            id="empty-env-blocks-profile",
        ),
        pytest.param(
            {},
            "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n",
            {"region_name": "us-west-2"},
            None,
            id="fips-dualstack-profile",
        ),
        pytest.param(
            {"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"},
            None,
            {"region_name": "us-west-2"},
            {"use_fips_endpoint": False, "use_dualstack_endpoint": False},
            id="config-over-env",
        ),
        pytest.param(
            {},
            None,
            {"region_name": "us-west-2"},
            {"use_dualstack_endpoint": True, "s3": {"use_dualstack_endpoint": False}},
            id="s3-dualstack-over-config-dualstack",
        ),
        pytest.param(
            {},
            None,
            {"region_name": "us-west-2"},
            {"use_dualstack_endpoint": True},
            id="config-dualstack",
        ),
        pytest.param(
            {},
            "[default]\ns3 =\n  use_dualstack_endpoint = TRUE\n",
            {"region_name": "us-west-2"},
            {"use_dualstack_endpoint": False},
            id="profile-s3-dualstack-over-config",
        ),
        pytest.param(
            {"AWS_USE_DUALSTACK_ENDPOINT": "true"},
            None,
            {"endpoint_url": "http://localhost:9000"},
            None,
            id="dualstack-with-endpoint",
        ),
    ],
)
def test_s3_options(sandbox, env, config, kwargs, config_kwargs):
    sandbox(env, config)
    compare(config_kwargs=config_kwargs, **KEYS, **kwargs)


@pytest.mark.parametrize("as_dict", [False, True])
def test_config_object_and_dict_agree(sandbox, as_dict):
    sandbox()
    cfg = {
        "region_name": "eu-central-1",
        "signature_version": "s3v4",
        "use_dualstack_endpoint": True,
        "s3": {"addressing_style": "virtual", "use_arn_region": False},
    }
    got = compare(config_kwargs=cfg, as_dict=as_dict, **KEYS)
    assert got["region_name"] == "eu-central-1" and got["addressing_style"] == "virtual"


# ---------------------------------------------------------------------------------------------
# Signature version


@pytest.mark.parametrize("version", ["s3v4", "v4"])
def test_signature_version_sigv4(sandbox, version):
    sandbox()
    got = compare(config_kwargs={"signature_version": version}, **KEYS)
    assert got["signature_version"] == "s3v4"


def test_signature_version_sigv2(sandbox):
    sandbox()
    got = compare(config_kwargs={"signature_version": "s3"}, **KEYS)
    assert got["signature_version"] == "s3" and got["signature_version_configured"]


def test_signature_version_unsigned_unsupported(sandbox):
    sandbox()
    with pytest.raises(s3presign.UnsupportedError):
        _resolve_config(config=Config(signature_version=botocore.UNSIGNED))
    with pytest.raises(s3presign.UnsupportedError):
        _resolve_config(config={"signature_version": botocore.UNSIGNED}, **KEYS)


@pytest.mark.parametrize("version", ["foo", "", "s3v4a"])
def test_signature_version_invalid(sandbox, version):
    sandbox()
    # boto3 accepts these at client creation and fails when presigning.
    client = boto3.session.Session().client("s3", config=Config(signature_version=version), **KEYS)
    with pytest.raises(botocore.exceptions.BotoCoreError):
        client.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
    with pytest.raises(s3presign.InvalidConfigError):
        _resolve_config(config=Config(signature_version=version), **KEYS)


@pytest.mark.parametrize("value", ["s3", "s3v4", "foo"])
def test_signature_version_from_profile(sandbox, value):
    # Any profile s3.signature_version counts as configured, and boto3 then presigns with
    # SigV4 even in a region where the unconfigured default is SigV2.
    sandbox(config=f"[default]\ns3 =\n  signature_version = {value}\n")
    got = compare(region_name="us-west-2", **KEYS)
    assert got["signature_version_configured"] and got["signature_version"] == "s3v4"
    url = (
        boto3.session.Session()
        .client("s3", region_name="us-west-2", **KEYS)
        .generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
    )
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url


def test_unconfigured_signature_version_is_reported(sandbox):
    sandbox()
    got = compare(region_name="us-west-2", **KEYS)
    assert got["signature_version_configured"] is False


# ---------------------------------------------------------------------------------------------
# Shared file format and paths


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("[default]\nregion\n", id="no-delimiter"),
        pytest.param("region = eu-west-1\n", id="no-section"),
        pytest.param("[default]\nregion = a\n[default]\n", id="duplicate-section"),
        pytest.param("[default]\nregion = a\nRegion = b\n", id="duplicate-option"),
        pytest.param("[default]\ns3 =\n  addressing_style\n", id="nested-no-equals"),
        pytest.param("[default]\n= x\n", id="empty-option"),
    ],
)
def test_parse_errors(sandbox, config):
    sandbox(config=config)
    compare(**KEYS)


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("; c\n# c\n[default]\n  region : eu-west-1\n", id="colon-indented"),
        pytest.param("[default]\r\nregion = eu-west-1\r\n", id="crlf"),
        pytest.param(
            "[default]\nregion = eu-west-1\n[profile default]\nregion = eu-west-2\n",
            id="profile-default-later-wins",
        ),
        pytest.param(
            "[profile default]\nregion = eu-west-2\n[default]\nregion = eu-west-1\n",
            id="default-later-wins",
        ),
        pytest.param("[DEFAULT]\nregion = sa-east-1\n[default]\n", id="DEFAULT-inherited"),
        pytest.param("[default] trailing junk\nregion = eu-west-1\n", id="header-junk"),
        pytest.param("[default]\nregion =\n  eu-west-1\n", id="multiline-region"),
    ],
)
def test_file_format(sandbox, config):
    sandbox(config=config)
    compare(**KEYS)


@pytest.mark.parametrize(
    "profile,config",
    [
        pytest.param("my profile", "[profile 'my profile']\nregion = eu-west-1\n", id="quoted"),
        pytest.param("x", "[profilefoo x]\nregion = eu-west-1\n", id="prefix-quirk"),
        pytest.param("x", "[profile x y]\nregion = eu-west-1\n", id="three-words"),
        pytest.param("x", "[x]\nregion = eu-west-1\n", id="bare-section-not-profile"),
        pytest.param("default", "", id="default-must-exist-when-named"),
    ],
)
def test_profile_sections(sandbox, profile, config):
    sandbox({"AWS_PROFILE": profile}, config=config)
    compare(**KEYS)


def test_credentials_file_region_and_merge(sandbox):
    sandbox(
        {"AWS_PROFILE": "c"},
        config="[profile c]\nregion = eu-west-1\n",
        credentials="[c]\nregion = ap-south-1\naws_access_key_id = AKIDC\n"
        "aws_secret_access_key = s\n",
    )
    got = compare()
    assert got["region_name"] == "ap-south-1"


def test_config_file_path_expansion(sandbox, monkeypatch):
    root = sandbox()
    (root / "sub").mkdir()
    (root / "sub" / "cfg").write_text("[default]\nregion = eu-west-1\n")
    monkeypatch.setenv("MY_AWS_DIR", str(root / "sub"))
    monkeypatch.setenv("AWS_CONFIG_FILE", "$MY_AWS_DIR/cfg")
    assert compare(**KEYS)["region_name"] == "eu-west-1"
    monkeypatch.setenv("AWS_CONFIG_FILE", "~/sub/cfg")
    assert compare(**KEYS)["region_name"] == "eu-west-1"


def test_default_file_locations(sandbox, monkeypatch):
    root = sandbox()
    monkeypatch.delenv("AWS_CONFIG_FILE")
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE")
    (root / ".aws").mkdir()
    (root / ".aws" / "config").write_text("[default]\nregion = eu-west-1\n")
    (root / ".aws" / "credentials").write_text(CREDS_DEFAULT)
    got = compare()
    assert got["region_name"] == "eu-west-1" and got["access_key"] == "AKIDFILE"


# ---------------------------------------------------------------------------------------------
# Python-side type checks (s3presign is stricter than boto3 here: boto3 passes such values on and
# fails later, e.g. "Value (UseFIPS) is the wrong type").


@pytest.mark.parametrize(
    "config",
    [
        {"use_fips_endpoint": "true"},
        {"use_dualstack_endpoint": 1},
        {"ignore_configured_endpoint_urls": "yes"},
        {"s3": {"use_accelerate_endpoint": "true"}},
        {"s3": {"addressing_style": 1}},
        {"s3": "path"},
        {"region_name": 5},
        {"signature_version": 4},
        {"not_a_config_field": 1},
    ],
)
def test_bad_config_types(sandbox, config):
    sandbox()
    with pytest.raises(s3presign.InvalidConfigError):
        _resolve_config(config=config, **KEYS)


def test_unknown_dict_keys_listed(sandbox):
    sandbox()
    with pytest.raises(s3presign.InvalidConfigError, match="'bogus'"):
        _resolve_config(config={"bogus": 1, "region_name": "eu-west-1"}, **KEYS)


def test_invalid_addressing_style_in_dict(sandbox):
    sandbox()
    with pytest.raises(botocore.exceptions.InvalidS3AddressingStyleError) as boto_exc:
        Config(s3={"addressing_style": "foo"})
    with pytest.raises(s3presign.InvalidConfigError) as ours:
        _resolve_config(config={"s3": {"addressing_style": "foo"}}, **KEYS)
    assert str(ours.value) == str(boto_exc.value)


def test_ec2_credential_file(sandbox, monkeypatch):
    root = sandbox()
    (root / "ec2creds").write_text("# x\nAWSAccessKeyId = AKIDEC2\nAWSSecretKey=s\n")
    monkeypatch.setenv("AWS_CREDENTIAL_FILE", str(root / "ec2creds"))
    got = compare()
    assert got["credential_method"] == "ec2-credentials-file"


def test_boto2_config(sandbox):
    root = sandbox()
    (root / "boto").write_text(
        "[Credentials]\naws_access_key_id = AKIDBOTO\naws_secret_access_key = s\n"
    )
    got = compare()
    assert got["credential_method"] == "boto-config"
    (root / "boto").write_text("[Credentials]\naws_access_key_id = AKIDBOTO\n")
    compare()


@pytest.mark.parametrize(
    "env,config",
    [
        pytest.param(
            {
                "AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent",
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/r",
            },
            CONFIG_KEYS,
            id="web-identity-env",
        ),
        pytest.param(
            {},
            "[default]\nweb_identity_token_file = /nonexistent\n"
            "role_arn = arn:aws:iam::123456789012:role/r\n" + CONFIG_KEYS.split("\n", 1)[1],
            id="web-identity-profile",
        ),
        pytest.param({"AWS_WEB_IDENTITY_TOKEN_FILE": ""}, CONFIG_KEYS, id="web-identity-empty"),
    ],
)
def test_web_identity(sandbox, env, config):
    sandbox(env, config)
    compare()


# ---------------------------------------------------------------------------------------------
# Generated cases: random shared config files and endpoint URLs, each resolved by boto3 and by
# s3presign (same compare() as above).

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADERS = [
    "[default]",
    "[default]",
    "[profile p]",
    "[profile p]",
    "[profile  p ]",
    "[profile 'p']",
    "[profilep]",
    "[DEFAULT]",
    "[ default ]",
    "[services s]",
    "[services s]",
    "[default] junk",
    "[p]",
]
OPTIONS = [
    "region = eu-west-1",
    "region=us-west-2",
    "REGION : ap-south-1",
    "region = bad_region",
    "region =",
    "region = eu-west-3 # not a comment",
    "s3 =",
    "s3 =",
    "s3 =",
    "s3 = path",
    "addressing_style = path",
    "addressing_style = virtual",
    "Addressing_Style = path",
    "use_arn_region = false",
    "use_dualstack_endpoint = true",
    "us_east_1_regional_endpoint = regional",
    "use_accelerate_endpoint = TRUE",
    "signature_version = s3v4",
    "endpoint_url = http://h:1",
    "endpoint_url = bad url",
    "services = s",
    "use_fips_endpoint = true",
    "s3_use_arn_region = false",
    "ignore_configured_endpoint_urls = true",
    "# comment",
    "; comment",
    "",
]


def _option_key(indented_option):
    """Duplicate keys in a section are a parse error; keep most generated files valid."""
    option = indented_option[1]
    return option.replace(":", "=").split("=")[0].strip().lower() or option


@pytest.mark.slow
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sections=st.lists(
        st.tuples(
            st.sampled_from(HEADERS),
            st.lists(
                st.tuples(
                    st.sampled_from(["", "", "", "  ", "  ", "\t", " "]), st.sampled_from(OPTIONS)
                ),
                max_size=6,
                unique_by=_option_key,
            ),
        ),
        max_size=4,
        unique_by=lambda section: section[0],
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    profile=st.sampled_from([None, None, "p", "default"]),
)
def test_generated_config_files(sandbox, monkeypatch, sections, newline, profile):
    root = sandbox()
    lines = []
    for header, options in sections:
        lines.append(header)
        lines.extend(indent + option for indent, option in options)
    (root / "config").write_text(newline.join(lines) + newline)
    if profile is None:
        monkeypatch.delenv("AWS_PROFILE", raising=False)
    else:
        monkeypatch.setenv("AWS_PROFILE", profile)
    compare(**KEYS)


@pytest.mark.slow
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    scheme=st.sampled_from(["http://", "https://", "ftp://", "//", "http:", "", " https://"]),
    userinfo=st.sampled_from(["", "user@", "u:p@", "@"]),
    host=st.sampled_from(
        [
            "localhost",
            "s3.amazonaws.com",
            "Ex.COM.",
            "a..b",
            "-a.com",
            "a-.com",
            "under_score",
            "127.0.0.1",
            "[::1]",
            "[::1",
            "::1]",
            "[fe80::1%25eth0]",
            "[fe80::1%eth0]",
            "[v1.x]",
            "[1.2.3.4]",
            "",
            "a" * 63,
            "a" * 64,
            "h\tx",
            "ex ample",
        ]
    ),
    port=st.sampled_from(["", ":9000", ":", ":abc"]),
    path=st.sampled_from(["", "/", "/p?q#f", "?x", "#f"]),
)
def test_generated_endpoint_urls(sandbox, scheme, userinfo, host, port, path):
    sandbox()
    compare(endpoint_url=scheme + userinfo + host + port + path, **KEYS)


@pytest.mark.parametrize("expiry", ["2099-01-01T00:00:00Z", "2000-01-01T00:00:00Z", ""])
def test_env_credential_expiration(sandbox, expiry):
    env = {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"}
    sandbox({**env, "AWS_CREDENTIAL_EXPIRATION": expiry})
    session = boto3.session.Session()
    creds = session.client("s3")._request_signer._credentials
    try:
        creds.get_frozen_credentials()
        expired = False
    except RuntimeError:
        expired = True
    if expired:
        with pytest.raises(s3presign.NoCredentialsError, match="expired"):
            _resolve_config()
    else:
        assert compare()["access_key"] == "AKIDENV"
