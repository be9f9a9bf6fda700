//! Client configuration and credentials: what `boto3.client("s3", ...)` (botocore 1.43.11) would
//! end up with, from explicit arguments, `Config`, environment variables and the shared
//! config/credentials files.
//!
//! The precedence rules are botocore's (`session.py` `create_client` / `_resolve_region_name`,
//! `credentials.py` `create_credential_resolver`, `configprovider.py`, `args.py`
//! `compute_s3_config` / `_compute_configured_endpoint_url`, `client.py`
//! `ClientEndpointBridge`); the file format is `configparser` + `configloader.py` (see [`ini`]).

mod credentials;
pub mod ini;
mod s3;
pub(crate) mod sigv2_regions;
mod url;

use std::collections::BTreeMap;

use crate::error::{CoreError, Result};
use credentials::{credential_expiry, resolve_credentials};
use ini::{IniValue, Section};
use s3::{configured_endpoint, merged_s3_config, s3_get, session_bool, S3Val};

/// What the caller passed, unchecked except for Python types (the binding converts them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    pub region_name: Option<String>,
    pub endpoint_url: Option<String>,
    pub aws_access_key_id: Option<String>,
    pub aws_secret_access_key: Option<String>,
    pub aws_session_token: Option<String>,
    /// `config=`: a `botocore.config.Config` or a dict with the same field names.
    pub config: ConfigOptions,
    /// With no signature version configured, presign as boto3 does: SigV2 (`s3-query`) in the
    /// regions where botocore defaults presigned URLs to it (see
    /// [`sigv2_regions::is_default_sigv2_region`]), SigV4 elsewhere. `false`: always SigV4 unless
    /// `signature_version="s3"` is configured.
    pub boto3_signature_default: bool,
}

/// The fields of `botocore.config.Config` that matter for presigning; `None` when not set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigOptions {
    /// A string `signature_version` (`None` when unset).
    pub signature_version: Option<String>,
    /// `signature_version=botocore.UNSIGNED`.
    pub signature_version_unsigned: bool,
    pub region_name: Option<String>,
    pub use_fips_endpoint: Option<bool>,
    pub use_dualstack_endpoint: Option<bool>,
    pub ignore_configured_endpoint_urls: Option<bool>,
    pub s3: S3Options,
}

/// `Config(s3={...})`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Options {
    pub addressing_style: Option<String>,
    pub use_accelerate_endpoint: Option<bool>,
    pub use_dualstack_endpoint: Option<bool>,
    pub us_east_1_regional_endpoint: Option<String>,
    pub use_arn_region: Option<bool>,
    pub s3_disable_multiregion_access_points: Option<bool>,
}

impl S3Options {
    fn is_empty(&self) -> bool {
        *self == S3Options::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `s3v4` / `v4`: SigV4 query signing.
    S3V4,
    /// `s3`: SigV2 query signing (`HmacV1QueryAuth`), configured explicitly or chosen as boto3's
    /// default (`ClientConfig::signature_version_configured` tells which).
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressingStyle {
    Auto,
    Virtual,
    Path,
}

impl AddressingStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            AddressingStyle::Auto => "auto",
            AddressingStyle::Virtual => "virtual",
            AddressingStyle::Path => "path",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
    /// `None` also when the source gave an empty token (botocore's signers test truthiness).
    pub token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    // Never print the secret or the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Where the credentials came from (botocore's `Credentials.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// `aws_access_key_id=` / `aws_secret_access_key=` arguments (`explicit`).
    Explicit,
    /// `AWS_ACCESS_KEY_ID` ... (`env`).
    Environment,
    /// The shared credentials file (`shared-credentials-file`).
    SharedCredentialsFile,
    /// The config file (`config-file`).
    ConfigFile,
    /// `AWS_CREDENTIAL_FILE` (`ec2-credentials-file`).
    Ec2CredentialsFile,
    /// `BOTO_CONFIG`, `/etc/boto.cfg`, `~/.boto` (`boto-config`).
    BotoConfig,
}

impl CredentialSource {
    /// botocore's method name.
    pub fn method(self) -> &'static str {
        match self {
            CredentialSource::Explicit => "explicit",
            CredentialSource::Environment => "env",
            CredentialSource::SharedCredentialsFile => "shared-credentials-file",
            CredentialSource::ConfigFile => "config-file",
            CredentialSource::Ec2CredentialsFile => "ec2-credentials-file",
            CredentialSource::BotoConfig => "boto-config",
        }
    }
}

/// The resolved configuration a `Presigner` signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `client.meta.region_name` (= `client.meta.config.region_name`, the `AWS::Region` builtin
    /// and the signing region outside the ruleset's overrides). With no region configured it is
    /// `us-east-1`, except `aws-global` when `us_east_1_regional_endpoint=regional` and dualstack
    /// is off (botocore's legacy resolver answers `aws-global` and only maps it back to
    /// `us-east-1` in legacy mode).
    pub region: String,
    /// The region in the SigV4 credential scope (`client._request_signer._region_name`).
    pub signing_region: String,
    /// The configured endpoint URL (argument, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`,
    /// `services` section, profile `endpoint_url`), already checked like botocore's
    /// `is_valid_uri`; it is `SDK::Endpoint`.
    pub endpoint_url: Option<String>,
    /// The signature presigned URLs get: `S3` when `Config.signature_version="s3"`, or when
    /// nothing is configured, `boto3_signature_default` is on and boto3 would default to SigV2
    /// for this region; else `S3V4`.
    pub signature_version: SignatureVersion,
    /// `false` when neither `Config.signature_version` nor the profile's
    /// `s3.signature_version` is set: then boto3 does NOT always sign with SigV4 (it presigns
    /// with SigV2 `s3-query` in the regions of [`sigv2_regions::is_default_sigv2_region`]).
    pub signature_version_configured: bool,
    /// `ClientOptions::boto3_signature_default`.
    pub boto3_signature_default: bool,
    /// Sign SigV4 URLs as botocore's CRT signer (`CrtS3SigV4QueryAuth`, used when awscrt is
    /// installed) does: `X-Amz-SignedHeaders` before `X-Amz-Expires` in the query, the HTTP
    /// method signed as given rather than upper-cased.
    pub crt_query_order: bool,
    /// botocore takes an endpoint's `sigv4a` auth scheme when the ruleset lists it first (S3 on
    /// Outposts access points, multi-region access points): awscrt gives botocore its SigV4a
    /// signer and no signature version is configured (a configured one is matched by name).
    /// The core cannot sign SigV4a, so those endpoints are refused.
    pub sigv4a_available: bool,
    /// The boto3 client this presigner copies evaluates another release of the S3 endpoint
    /// ruleset or partitions than the one built in, which resolve access point ARNs and
    /// directory buckets differently: calls for those buckets are refused (`Unsupported`).
    pub other_endpoint_ruleset: bool,
    /// Members the boto3 client's botocore serialises otherwise than the operation table
    /// (boolean and string-list headers before botocore 1.37.25): calls with one are refused.
    pub refused_members: Vec<String>,
    pub addressing_style: AddressingStyle,
    /// `AWS::S3::Accelerate`.
    pub use_accelerate_endpoint: bool,
    /// `ClientEndpointBridge._resolve_use_dualstack_endpoint('s3')`: `Config.s3` key, else the
    /// profile's `s3.use_dualstack_endpoint`, else `Config.use_dualstack_endpoint`, else
    /// `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's `use_dualstack_endpoint`. This is
    /// `AWS::UseDualStack` (forced false by botocore when an endpoint URL is configured) and,
    /// because the legacy resolver then tags the endpoint `dualstack`, also what
    /// `client.meta.config.s3['use_dualstack_endpoint']` holds for `_should_use_global_endpoint`.
    pub use_dualstack_endpoint: bool,
    /// `AWS::UseFIPS` before botocore's "no FIPS with a custom endpoint" rule.
    pub use_fips_endpoint: bool,
    /// The merged s3 config's `us_east_1_regional_endpoint == "regional"`.
    pub us_east_1_regional: bool,
    /// `AWS::S3::UseArnRegion` (default true).
    pub use_arn_region: bool,
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub disable_multiregion_access_points: bool,
    pub credentials: Credentials,
    pub credential_source: CredentialSource,
    /// `AWS_CREDENTIAL_EXPIRATION` (unix seconds) when the environment credentials carry one
    /// (RFC 3339 / ISO 8601; other formats dateutil accepts are ignored). boto3 re-checks it at
    /// every signature and fails once it has passed; `resolve` fails if it already has.
    pub credentials_expiry: Option<i64>,
}

/// Where to look outside the explicit arguments. `ProcessEnvironment` reads the real
/// environment; tests build one by hand.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    /// The contents of a file, `None` when it cannot be read.
    fn read_file(&self, path: &str) -> Option<String>;
    fn home_dir(&self) -> Option<String>;
}

/// No environment variables, no files, no home: only the explicit options count (a presigner
/// made from what a boto3 client already resolved; tests and benches).
pub struct NoEnvironment;

impl Environment for NoEnvironment {
    fn var(&self, _name: &str) -> Option<String> {
        None
    }
    fn read_file(&self, _path: &str) -> Option<String> {
        None
    }
    fn home_dir(&self) -> Option<String> {
        None
    }
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn read_file(&self, path: &str) -> Option<String> {
        if !std::path::Path::new(path).is_file() {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }
    fn home_dir(&self) -> Option<String> {
        std::env::var("HOME").ok()
    }
}

/// botocore `utils.ensure_boolean` for strings from env/files.
fn ensure_boolean(v: &str) -> bool {
    v.to_lowercase() == "true"
}

fn ini_bool(v: &IniValue) -> bool {
    v.as_str().is_some_and(ensure_boolean)
}

/// `os.path.expanduser(os.path.expandvars(path))`.
fn expand_path(path: &str, env: &dyn Environment) -> String {
    expand_user(&expand_vars(path, env), env)
}

/// `os.path.expanduser` (`~` and `~/...`; `~user` is left alone).
fn expand_user(path: &str, env: &dyn Environment) -> String {
    if let Some(rest) = path.strip_prefix('~') {
        if rest.is_empty() || rest.starts_with('/') {
            if let Some(home) = env.home_dir() {
                let home = if home.len() > 1 {
                    home.trim_end_matches('/').to_string()
                } else {
                    home
                };
                let joined = format!("{home}{rest}");
                return if joined.is_empty() {
                    "/".into()
                } else {
                    joined
                };
            }
        }
    }
    path.to_string()
}

/// `posixpath.expandvars`: `$name` / `${name}` replaced when the variable exists.
fn expand_vars(path: &str, env: &dyn Environment) -> String {
    if !path.contains('$') {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let (name, consumed) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) if end > 0 => (&inner[..end], end + 2),
                _ => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match (name.is_empty(), env.var(name)) {
            (false, Some(value)) => {
                out.push_str(&value);
                rest = &after[consumed..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// botocore `validate_region_name`: `^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$`, where Python's
/// `$` also matches before one trailing newline.
fn is_valid_region(region: &str) -> bool {
    let core = region.strip_suffix('\n').unwrap_or(region);
    !(core.len() > 63
        || (!core.is_empty() && core.bytes().all(|b| b.is_ascii_digit()))
        || core.starts_with('-')
        || core.ends_with('-')
        || !core.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// The shared files as botocore's session sees them.
struct SharedFiles {
    config_path: String,
    credentials_path: String,
    /// `load_config(config_file)` (`None`: not found).
    config: Option<ini::ProfileMap>,
    /// `raw_config_parse(credentials_file)` (`None`: not found).
    credentials: Option<Vec<(String, Section)>>,
    /// `session.full_config['profiles']`: config profiles, updated by credential-file sections.
    profiles: BTreeMap<String, Section>,
    /// `AWS_DEFAULT_PROFILE` / `AWS_PROFILE`.
    profile: Option<String>,
}

impl SharedFiles {
    fn load(env: &dyn Environment) -> Result<Self> {
        let profile = env
            .var("AWS_DEFAULT_PROFILE")
            .or_else(|| env.var("AWS_PROFILE"));
        let config_path = expand_path(
            &env.var("AWS_CONFIG_FILE")
                .unwrap_or_else(|| "~/.aws/config".into()),
            env,
        );
        let credentials_path = expand_path(
            &env.var("AWS_SHARED_CREDENTIALS_FILE")
                .unwrap_or_else(|| "~/.aws/credentials".into()),
            env,
        );
        let parse = |path: &str| -> Result<Option<Vec<(String, Section)>>> {
            if path.is_empty() {
                return Ok(None);
            }
            match env.read_file(path) {
                None => Ok(None),
                Some(text) => ini::raw_config_parse(&text).map(Some).map_err(|e| {
                    CoreError::InvalidConfig(format!(
                        "Unable to parse config file: {path}, {}",
                        e.0
                    ))
                }),
            }
        };
        let config = parse(&config_path)?.map(ini::build_profile_map);
        let credentials = parse(&credentials_path)?;
        let mut profiles = config
            .as_ref()
            .map(|c| c.profiles.clone())
            .unwrap_or_default();
        for (name, section) in credentials.iter().flatten() {
            match profiles.get_mut(name) {
                Some(existing) => ini::section_update(existing, section),
                None => {
                    profiles.insert(name.clone(), section.clone());
                }
            }
        }
        Ok(SharedFiles {
            config_path,
            credentials_path,
            config,
            credentials,
            profiles,
            profile,
        })
    }

    /// `session.get_scoped_config()`.
    fn scoped(&self) -> Result<Section> {
        match &self.profile {
            None => Ok(self.profiles.get("default").cloned().unwrap_or_default()),
            Some(name) => self.profiles.get(name).cloned().ok_or_else(|| {
                CoreError::InvalidConfig(format!("The config profile ({name}) could not be found"))
            }),
        }
    }

    /// The profile the credential providers read (`profile or 'default'`).
    fn credential_profile(&self) -> &str {
        match self.profile.as_deref() {
            Some(p) if !p.is_empty() => p,
            _ => "default",
        }
    }
}

/// Resolve the options as boto3 would, checking them; `NoCredentials` says where it looked.
pub fn resolve(options: &ClientOptions, env: &dyn Environment) -> Result<ClientConfig> {
    let cfg = &options.config;

    // session._resolve_region_name: argument, Config, then the config store.
    let explicit_region = options
        .region_name
        .clone()
        .or_else(|| cfg.region_name.clone());
    if let Some(r) = &explicit_region {
        check_region(r)?;
    }
    let files = SharedFiles::load(env)?;
    let region = match explicit_region {
        Some(r) => Some(r),
        None => match env.var("AWS_DEFAULT_REGION") {
            Some(r) => Some(r),
            None => match ini::section_get(&files.scoped()?, "region") {
                None => None,
                Some(IniValue::Str(r)) => Some(r.clone()),
                Some(IniValue::Nested(_)) => {
                    return Err(CoreError::InvalidConfig(
                        "The profile's region is a nested section, not a region name".into(),
                    ))
                }
            },
        },
    };
    if let Some(r) = &region {
        check_region(r)?;
    }
    // client._normalize_fips_region: a `fips-` / `-fips` pseudo region means the plain region
    // with use_fips_endpoint forced on.
    let mut fips_pseudo_region = false;
    let region = region.map(|r| {
        let plain = r.replace("fips-", "").replace("-fips", "");
        fips_pseudo_region = plain != r;
        plain
    });

    // Signature version: Config first, then the profile's s3 section.
    if cfg.signature_version_unsigned {
        return Err(CoreError::Unsupported(
            "Unsigned requests (signature_version=botocore.UNSIGNED) are not supported yet".into(),
        ));
    }
    let scoped = files.scoped()?;
    let (mut signature_version, signature_version_configured) = match &cfg.signature_version {
        Some(v) => (parse_signature_version(v)?, true),
        None => {
            match ini::section_get(&scoped, "s3").and_then(|s| s.nested_get("signature_version")) {
                // botocore lets the endpoint ruleset's sigv4 auth scheme win over a signature
                // version that only comes from the config file, whatever its value.
                Some(v) if !v.is_empty() => (SignatureVersion::S3V4, true),
                _ => (SignatureVersion::S3V4, false),
            }
        }
    };

    let (credentials, credential_source) = resolve_credentials(options, env, &files)?;
    let credentials_expiry = if credential_source == CredentialSource::Environment {
        credential_expiry(env)?
    } else {
        None
    };

    // Endpoint URL.
    let ignore = match cfg.ignore_configured_endpoint_urls {
        Some(b) => b,
        None => session_bool(
            env,
            &scoped,
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
        .unwrap_or(false),
    };
    let endpoint_url = match &options.endpoint_url {
        Some(u) => Some(u.clone()),
        None if ignore => None,
        None => configured_endpoint(env, &files, &scoped)?,
    };

    // s3 config.
    let s3 = merged_s3_config(cfg, env, &scoped)?;
    let addressing_style = match s3_get(&s3, "addressing_style") {
        None => AddressingStyle::Auto,
        Some(S3Val::Str(s)) if s == "auto" => AddressingStyle::Auto,
        Some(S3Val::Str(s)) if s == "virtual" => AddressingStyle::Virtual,
        Some(S3Val::Str(s)) if s == "path" => AddressingStyle::Path,
        Some(S3Val::Str(s)) => return Err(bad_addressing_style(s)),
        Some(S3Val::Bool(b)) => {
            return Err(bad_addressing_style(if *b { "True" } else { "False" }))
        }
    };
    let us_east_1_regional = match s3_get(&s3, "us_east_1_regional_endpoint") {
        None => false,
        Some(S3Val::Str(s)) if s == "legacy" => false,
        Some(S3Val::Str(s)) if s == "regional" => true,
        Some(other) => {
            let shown = match other {
                S3Val::Str(s) => s.clone(),
                S3Val::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            };
            return Err(CoreError::InvalidConfig(format!(
                "S3 us-east-1 regional endpoint option {shown} is invalid. Valid options are: \
                 \"legacy\", \"regional\""
            )));
        }
    };
    let flag = |key: &str, default: bool| s3_get(&s3, key).map_or(default, S3Val::truthy);
    let use_accelerate_endpoint = flag("use_accelerate_endpoint", false);
    let use_arn_region = flag("use_arn_region", true);
    let disable_multiregion_access_points = flag("s3_disable_multiregion_access_points", false);

    // ClientEndpointBridge._resolve_use_dualstack_endpoint('s3').
    let profile_s3_dualstack = ini::section_get(&scoped, "s3")
        .and_then(|s| s.nested_get("use_dualstack_endpoint"))
        .is_some_and(ensure_boolean);
    let use_dualstack_endpoint = match cfg.s3.use_dualstack_endpoint {
        Some(b) => b,
        None if profile_s3_dualstack => true,
        None => match cfg.use_dualstack_endpoint {
            Some(b) => b,
            None => session_bool(
                env,
                &scoped,
                "AWS_USE_DUALSTACK_ENDPOINT",
                "use_dualstack_endpoint",
            )
            .unwrap_or(false),
        },
    };
    let use_fips_endpoint = match cfg.use_fips_endpoint {
        _ if fips_pseudo_region => true,
        Some(b) => b,
        None => session_bool(env, &scoped, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
            .unwrap_or(false),
    };

    let region_configured = region.is_some();
    // client.meta.region_name.
    let region = match region {
        Some(r) => r,
        None if us_east_1_regional && !use_dualstack_endpoint => "aws-global".into(),
        None => "us-east-1".into(),
    };
    match &endpoint_url {
        Some(u) => {
            if !url::is_valid_uri(u) {
                return Err(CoreError::InvalidConfig(format!("Invalid endpoint: {u}")));
            }
            // botocore lets other schemes through to the ruleset, which refuses them at the
            // first presign; refusing at client creation says the same thing sooner.
            let scheme = u.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
            if !matches!(scheme.as_deref(), Some("http" | "https")) {
                return Err(CoreError::InvalidConfig(format!(
                    "Invalid endpoint: {u} (endpoint_url must be an http:// or https:// URL)"
                )));
            }
        }
        None => {
            // botocore fails here too, with "Invalid endpoint: https://s3..amazonaws.com": the
            // legacy endpoint it builds from the region must be a valid URL.
            if region.is_empty() || region.ends_with('\n') {
                return Err(CoreError::InvalidConfig(format!(
                    "Provided region_name {region:?} doesn't match a supported format."
                )));
            }
        }
    }

    // ClientCreator._set_s3_presign_signature_version: with no signature version configured,
    // boto3 presigns with SigV2 when the client's region is aws-global or a regional S3
    // endpoint of its partition whose signatureVersions include "s3". A partition error is
    // reported by Presigner::new.
    if !signature_version_configured && options.boto3_signature_default {
        if let Ok(partition) = crate::endpoints::client_partition(
            Some(&region),
            use_dualstack_endpoint,
            use_fips_endpoint,
        ) {
            if sigv2_regions::is_default_sigv2_region(partition, &region) {
                signature_version = SignatureVersion::S3;
            }
        }
    }

    // ClientEndpointBridge._pick_region_values: without an endpoint URL, the legacy
    // endpoints.json credentialScope of the region signs (aws-global and s3-external-1 sign as
    // us-east-1).
    // With no region configured anywhere, boto3 signs for us-east-1 whatever it calls the region.
    let signing_region = match region.as_str() {
        _ if !region_configured => "us-east-1".to_owned(),
        "aws-global" | "s3-external-1" if endpoint_url.is_none() => "us-east-1".to_owned(),
        _ => region.clone(),
    };
    Ok(ClientConfig {
        signing_region,
        region,
        endpoint_url,
        signature_version,
        signature_version_configured,
        boto3_signature_default: options.boto3_signature_default,
        crt_query_order: false,
        sigv4a_available: false,
        other_endpoint_ruleset: false,
        refused_members: Vec::new(),
        addressing_style,
        use_accelerate_endpoint,
        use_dualstack_endpoint,
        use_fips_endpoint,
        us_east_1_regional,
        use_arn_region,
        disable_multiregion_access_points,
        credentials,
        credential_source,
        credentials_expiry,
    })
}

fn check_region(r: &str) -> Result<()> {
    if is_valid_region(r) {
        Ok(())
    } else {
        Err(CoreError::InvalidConfig(format!(
            "Provided region_name '{r}' doesn't match a supported format."
        )))
    }
}

fn bad_addressing_style(s: &str) -> CoreError {
    CoreError::InvalidConfig(format!(
        "S3 addressing style {s} is invalid. Valid options are: 'auto', 'virtual', and 'path'"
    ))
}

fn parse_signature_version(v: &str) -> Result<SignatureVersion> {
    match v {
        "s3v4" | "v4" => Ok(SignatureVersion::S3V4),
        "s3" => Ok(SignatureVersion::S3),
        other => Err(CoreError::InvalidConfig(format!(
            "Unsupported signature version: {other:?} (botocore would fail with \
             UnsupportedSignatureVersionError); use 's3v4'"
        ))),
    }
}

#[cfg(test)]
mod tests;
