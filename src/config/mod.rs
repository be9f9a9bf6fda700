//! Client configuration and credentials: what `boto3.client("s3", ...)` (botocore 1.43.11) would
//! end up with, from explicit arguments, `Config`, environment variables and the shared
//! config/credentials files.
//!
//! The precedence rules are botocore's (`session.py` `create_client` / `_resolve_region_name`,
//! `credentials.py` `create_credential_resolver`, `configprovider.py`, `args.py`
//! `compute_s3_config` / `_compute_configured_endpoint_url`, `client.py`
//! `ClientEndpointBridge`); the file format is `configparser` + `configloader.py` (see [`ini`]).
//!
//! OWNER: config helper.

pub mod ini;
mod url;

use std::collections::BTreeMap;

use crate::error::{CoreError, Result};
use ini::{IniValue, Section};

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
    /// [`crate::sigv2::is_default_sigv2_region`]), SigV4 elsewhere. `false`: always SigV4 unless
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
    /// with SigV2 `s3-query` in the regions of [`crate::sigv2::is_default_sigv2_region`]).
    pub signature_version_configured: bool,
    /// `ClientOptions::boto3_signature_default`.
    pub boto3_signature_default: bool,
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

fn partial(provider: &str, missing: &str) -> CoreError {
    CoreError::NoCredentials(format!(
        "Partial credentials found in {provider}, missing: {missing}"
    ))
}

fn unsupported_source(what: &str, profile: &str) -> CoreError {
    CoreError::Unsupported(format!(
        "The profile ({profile}) uses {what}; s3presign only reads static access keys \
         (explicit arguments, environment variables, shared credentials/config files)"
    ))
}

fn make_credentials(access_key: String, secret_key: String, token: Option<String>) -> Credentials {
    Credentials {
        access_key,
        secret_key,
        token: token.filter(|t| !t.is_empty()),
    }
}

/// Static keys from an ini section (SharedCredentialProvider / ConfigProvider).
fn section_credentials(section: &Section, method: &str) -> Result<Option<Credentials>> {
    let Some(access) = ini::section_get(section, "aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = ini::section_get(section, "aws_secret_access_key") else {
        return Err(partial(method, "aws_secret_access_key"));
    };
    let token = ["aws_security_token", "aws_session_token"]
        .iter()
        .find_map(|k| ini::section_get(section, k));
    let text = |v: &IniValue, name: &str| -> Result<String> {
        v.as_str().map(str::to_string).ok_or_else(|| {
            CoreError::InvalidConfig(format!("{name} in {method} is a nested section"))
        })
    };
    Ok(Some(make_credentials(
        text(access, "aws_access_key_id")?,
        text(secret, "aws_secret_access_key")?,
        token.map(|t| text(t, "aws_session_token")).transpose()?,
    )))
}

/// botocore's default credential chain, static sources only.
fn resolve_credentials(
    options: &ClientOptions,
    env: &dyn Environment,
    files: &SharedFiles,
) -> Result<(Credentials, CredentialSource)> {
    // session.create_client: explicit arguments.
    match (&options.aws_access_key_id, &options.aws_secret_access_key) {
        (Some(a), Some(s)) => {
            return Ok((
                make_credentials(a.clone(), s.clone(), options.aws_session_token.clone()),
                CredentialSource::Explicit,
            ))
        }
        (Some(_), None) => return Err(partial("explicit", "aws_secret_access_key")),
        (None, Some(_)) => return Err(partial("explicit", "aws_access_key_id")),
        (None, None) => {}
    }
    let nonempty = |name: &str| env.var(name).filter(|v| !v.is_empty());
    // EnvProvider.
    if let Some(access) = nonempty("AWS_ACCESS_KEY_ID") {
        let secret = nonempty("AWS_SECRET_ACCESS_KEY")
            .ok_or_else(|| partial("env", "AWS_SECRET_ACCESS_KEY"))?;
        let token = nonempty("AWS_SECURITY_TOKEN").or_else(|| nonempty("AWS_SESSION_TOKEN"));
        return Ok((
            make_credentials(access, secret, token),
            CredentialSource::Environment,
        ));
    }
    let profile_name = files.credential_profile();
    let empty = Section::new();
    let profile = files.profiles.get(profile_name).unwrap_or(&empty);
    let has = |k: &str| ini::section_get(profile, k).is_some();
    // AssumeRoleProvider.
    if has("role_arn") && !has("web_identity_token_file") {
        return Err(unsupported_source("assume-role (role_arn)", profile_name));
    }
    // AssumeRoleWithWebIdentityProvider.
    let web_identity = match env.var("AWS_WEB_IDENTITY_TOKEN_FILE") {
        Some(v) => !v.is_empty(),
        None => ini::section_get(profile, "web_identity_token_file")
            .is_some_and(|v| v.as_str() != Some("")),
    };
    if web_identity {
        return Err(unsupported_source(
            "web identity (web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE)",
            profile_name,
        ));
    }
    // SSOProvider.
    if has("sso_role_name") || has("sso_account_id") {
        return Err(unsupported_source("SSO", profile_name));
    }
    // SharedCredentialProvider.
    if let Some(sections) = &files.credentials {
        if let Some((_, section)) = sections.iter().find(|(n, _)| n == profile_name) {
            if let Some(c) = section_credentials(section, "shared-credentials-file")? {
                return Ok((c, CredentialSource::SharedCredentialsFile));
            }
        }
    }
    // LoginProvider, ProcessProvider.
    if has("login_session") {
        return Err(unsupported_source("login_session", profile_name));
    }
    if has("credential_process") {
        return Err(unsupported_source("credential_process", profile_name));
    }
    // ConfigProvider.
    if let Some(section) = files
        .config
        .as_ref()
        .and_then(|c| c.profiles.get(profile_name))
    {
        if let Some(c) = section_credentials(section, "config-file")? {
            return Ok((c, CredentialSource::ConfigFile));
        }
    }
    // OriginalEC2Provider.
    if let Some(path) = env.var("AWS_CREDENTIAL_FILE") {
        let path = expand_user(&path, env);
        let Some(text) = env.read_file(&path) else {
            return Err(CoreError::InvalidConfig(format!(
                "The config file ({path}) could not be found"
            )));
        };
        let mut pairs: BTreeMap<String, String> = BTreeMap::new();
        for line in text.lines() {
            if let Some((k, v)) = line.split_once('=') {
                pairs.insert(ini::py_strip(k).into(), ini::py_strip(v).into());
            }
        }
        if let Some(access) = pairs.get("AWSAccessKeyId") {
            let secret = pairs.get("AWSSecretKey").ok_or_else(|| {
                CoreError::NoCredentials(format!("AWSSecretKey missing in {path}"))
            })?;
            return Ok((
                make_credentials(access.clone(), secret.clone(), None),
                CredentialSource::Ec2CredentialsFile,
            ));
        }
    }
    // BotoProvider.
    let boto_paths: Vec<String> = match env.var("BOTO_CONFIG") {
        Some(p) => vec![p],
        None => vec!["/etc/boto.cfg".into(), "~/.boto".into()],
    };
    for p in boto_paths {
        let path = expand_path(&p, env);
        let Some(text) = env.read_file(&path) else {
            continue;
        };
        let parsed = ini::raw_config_parse(&text).map_err(|e| {
            CoreError::InvalidConfig(format!("Unable to parse config file: {path}, {}", e.0))
        })?;
        if let Some((_, section)) = parsed.iter().find(|(n, _)| n == "Credentials") {
            if let Some(access) = ini::section_get(section, "aws_access_key_id") {
                let secret = ini::section_get(section, "aws_secret_access_key")
                    .ok_or_else(|| partial("boto-config", "aws_secret_access_key"))?;
                if let (Some(a), Some(s)) = (access.as_str(), secret.as_str()) {
                    return Ok((
                        make_credentials(a.into(), s.into(), None),
                        CredentialSource::BotoConfig,
                    ));
                }
            }
        }
    }
    // ContainerProvider.
    if env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
    {
        return Err(CoreError::Unsupported(
            "Container credentials (AWS_CONTAINER_CREDENTIALS_*_URI) are not supported; \
             s3presign only reads static access keys"
                .into(),
        ));
    }
    Err(CoreError::NoCredentials(format!(
        "Unable to locate credentials. Looked for static keys in: the aws_access_key_id/\
         aws_secret_access_key arguments, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared \
         credentials file ({}) and the config file ({}) for profile {:?}. s3presign does not \
         query instance metadata, containers, SSO or credential processes.",
        files.credentials_path, files.config_path, profile_name
    )))
}

/// A value of the merged s3 config dict.
#[derive(Debug, Clone, PartialEq, Eq)]
enum S3Val {
    Str(String),
    Bool(bool),
}

impl S3Val {
    fn truthy(&self) -> bool {
        match self {
            S3Val::Str(s) => !s.is_empty(),
            S3Val::Bool(b) => *b,
        }
    }
}

/// `client.meta.config.s3` before the dualstack tag: the profile's `s3` section with the
/// env/top-level overrides of `DEFAULT_S3_CONFIG_VARS`, updated by `Config.s3`.
fn merged_s3_config(
    options: &ConfigOptions,
    env: &dyn Environment,
    scoped: &Section,
) -> Result<Option<Vec<(String, S3Val)>>> {
    let section = ini::section_get(scoped, "s3");
    let nested = |key: &str| section.and_then(|s| s.nested_get(key));
    let top = |key: &str| ini::section_get(scoped, key);
    // (name, env var, top-level key, nested lookup, convert with ensure_boolean)
    let env_or = |name: &str| env.var(name);
    let mut overrides: Vec<(&str, S3Val)> = Vec::new();
    let boolish = |v: Option<String>| v.map(|s| S3Val::Bool(ensure_boolean(&s)));
    let raw = |v: Option<String>| v.map(S3Val::Str);
    let top_str = |k: &str| top(k).map(|v| v.as_str().map(str::to_string));
    let pick_top = |k: &str| -> Option<Option<String>> { top_str(k) };
    if let Some(v) = raw(nested("addressing_style").map(str::to_string)) {
        overrides.push(("addressing_style", v));
    }
    if let Some(v) = boolish(nested("use_accelerate_endpoint").map(str::to_string)) {
        overrides.push(("use_accelerate_endpoint", v));
    }
    if let Some(v) = boolish(nested("use_dualstack_endpoint").map(str::to_string)) {
        overrides.push(("use_dualstack_endpoint", v));
    }
    // use_arn_region: env, top-level s3_use_arn_region, nested.
    let arn = match env_or("AWS_S3_USE_ARN_REGION") {
        Some(v) => Some(S3Val::Bool(ensure_boolean(&v))),
        None => match pick_top("s3_use_arn_region") {
            Some(v) => Some(S3Val::Bool(v.as_deref().is_some_and(ensure_boolean))),
            None => boolish(nested("use_arn_region").map(str::to_string)),
        },
    };
    if let Some(v) = arn {
        overrides.push(("use_arn_region", v));
    }
    let regional = match env_or("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT") {
        Some(v) => Some(Some(v)),
        None => match pick_top("s3_us_east_1_regional_endpoint") {
            Some(v) => Some(v),
            None => nested("us_east_1_regional_endpoint").map(|s| Some(s.to_string())),
        },
    };
    if let Some(v) = regional {
        let v = v.ok_or_else(|| {
            CoreError::InvalidConfig(
                "s3_us_east_1_regional_endpoint must be a string, not a nested section".into(),
            )
        })?;
        overrides.push(("us_east_1_regional_endpoint", S3Val::Str(v)));
    }
    let mrap = match env_or("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS") {
        Some(v) => Some(S3Val::Bool(ensure_boolean(&v))),
        None => boolish(nested("s3_disable_multiregion_access_points").map(str::to_string)),
    };
    if let Some(v) = mrap {
        overrides.push(("s3_disable_multiregion_access_points", v));
    }

    // SectionConfigProvider.provide
    let mut merged: Option<Vec<(String, S3Val)>> = match section {
        None => None,
        Some(IniValue::Nested(pairs)) => Some(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), S3Val::Str(v.clone())))
                .collect(),
        ),
        Some(IniValue::Str(s)) => {
            // Not a dict. botocore's ClientEndpointBridge then calls `.get` on the string
            // (AttributeError) unless Config.s3 sets use_dualstack_endpoint; an empty string
            // also breaks the merge with any other s3 setting. A non-empty string is otherwise
            // ignored altogether, env overrides included.
            if s.is_empty() || options.s3.use_dualstack_endpoint.is_none() {
                return Err(CoreError::InvalidConfig(format!(
                    "The profile's `s3` setting must be a nested section, not {s:?} \
                     (botocore fails on it with AttributeError)"
                )));
            }
            return merge_config_s3(None, &options.s3);
        }
    };
    for (k, v) in overrides {
        let m = merged.get_or_insert_with(Vec::new);
        set_s3(m, k, v);
    }
    merge_config_s3(merged, &options.s3)
}

fn set_s3(m: &mut Vec<(String, S3Val)>, key: &str, value: S3Val) {
    if let Some(slot) = m.iter_mut().find(|(k, _)| k == key) {
        slot.1 = value;
    } else {
        m.push((key.to_string(), value));
    }
}

/// `compute_s3_config`: `Config.s3` updates the profile's dict.
fn merge_config_s3(
    merged: Option<Vec<(String, S3Val)>>,
    s3: &S3Options,
) -> Result<Option<Vec<(String, S3Val)>>> {
    if s3.is_empty() {
        return Ok(merged);
    }
    let mut m = merged.unwrap_or_default();
    if let Some(v) = &s3.addressing_style {
        set_s3(&mut m, "addressing_style", S3Val::Str(v.clone()));
    }
    if let Some(v) = s3.use_accelerate_endpoint {
        set_s3(&mut m, "use_accelerate_endpoint", S3Val::Bool(v));
    }
    if let Some(v) = s3.use_dualstack_endpoint {
        set_s3(&mut m, "use_dualstack_endpoint", S3Val::Bool(v));
    }
    if let Some(v) = &s3.us_east_1_regional_endpoint {
        set_s3(&mut m, "us_east_1_regional_endpoint", S3Val::Str(v.clone()));
    }
    if let Some(v) = s3.use_arn_region {
        set_s3(&mut m, "use_arn_region", S3Val::Bool(v));
    }
    if let Some(v) = s3.s3_disable_multiregion_access_points {
        set_s3(
            &mut m,
            "s3_disable_multiregion_access_points",
            S3Val::Bool(v),
        );
    }
    Ok(Some(m))
}

fn s3_get<'a>(m: &'a Option<Vec<(String, S3Val)>>, key: &str) -> Option<&'a S3Val> {
    m.as_ref()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `ConfigChainFactory` chain for a boolean session variable: env var (present, even empty),
/// then the profile's top-level key.
fn session_bool(
    env: &dyn Environment,
    scoped: &Section,
    env_name: &str,
    key: &str,
) -> Option<bool> {
    match env.var(env_name) {
        Some(v) => Some(ensure_boolean(&v)),
        None => ini::section_get(scoped, key).map(ini_bool),
    }
}

/// `ConfiguredEndpointProvider` (env service, env global, services section, profile).
fn configured_endpoint(
    env: &dyn Environment,
    files: &SharedFiles,
    scoped: &Section,
) -> Result<Option<String>> {
    for name in ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"] {
        if let Some(v) = env.var(name).filter(|v| !v.is_empty()) {
            return Ok(Some(v));
        }
    }
    if let Some(services) = ini::section_get(scoped, "services") {
        let Some(name) = services.as_str() else {
            return Err(CoreError::InvalidConfig(
                "The profile's `services` setting must name a services section".into(),
            ));
        };
        let section = files
            .config
            .as_ref()
            .and_then(|c| c.services.get(name))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                CoreError::InvalidConfig(format!(
                    "The profile is configured to use the services section but the \"{name}\" \
                     services configuration does not exist."
                ))
            })?;
        match ini::section_get(section, "s3") {
            None => {}
            Some(IniValue::Nested(_)) => {
                if let Some(url) = ini::section_get(section, "s3")
                    .and_then(|v| v.nested_get("endpoint_url"))
                    .filter(|v| !v.is_empty())
                {
                    return Ok(Some(url.to_string()));
                }
            }
            Some(IniValue::Str(_)) => {
                return Err(CoreError::InvalidConfig(format!(
                    "The services section \"{name}\" has an `s3` setting that is not a nested \
                     section"
                )))
            }
        }
    }
    match ini::section_get(scoped, "endpoint_url") {
        Some(IniValue::Str(v)) if !v.is_empty() => Ok(Some(v.clone())),
        Some(IniValue::Nested(_)) => Err(CoreError::InvalidConfig(
            "The profile's endpoint_url is a nested section".into(),
        )),
        _ => Ok(None),
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
            if crate::sigv2::is_default_sigv2_region(partition, &region) {
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

/// `AWS_CREDENTIAL_EXPIRATION` for environment credentials (botocore's EnvProvider makes them
/// refreshable; once expired, `get_frozen_credentials` raises "Credentials were refreshed, but
/// the refreshed credentials are still expired.").
fn credential_expiry(env: &dyn Environment) -> Result<Option<i64>> {
    use time::format_description::well_known::{Iso8601, Rfc3339};
    let Some(raw) = env
        .var("AWS_CREDENTIAL_EXPIRATION")
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let parsed = time::OffsetDateTime::parse(&raw, &Rfc3339)
        .or_else(|_| time::OffsetDateTime::parse(&raw, &Iso8601::DEFAULT));
    // botocore fails too (dateutil cannot parse it); it takes more formats than ISO 8601.
    let Ok(when) = parsed else {
        return Err(CoreError::InvalidConfig(format!(
            "AWS_CREDENTIAL_EXPIRATION {raw:?} is not an ISO 8601 date and time with a UTC \
             offset (e.g. 2026-11-28T18:20:00Z)"
        )));
    };
    if when <= time::OffsetDateTime::now_utc() {
        return Err(CoreError::NoCredentials(format!(
            "The environment credentials expired at {raw} (AWS_CREDENTIAL_EXPIRATION)"
        )));
    }
    Ok(Some(when.unix_timestamp()))
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
