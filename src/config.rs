//! Client configuration and credentials: what `boto3.client("s3", ...)` would end up with, from
//! explicit arguments, `Config`, environment variables and the shared config/credentials files.
//!
//! OWNER: config helper.

use crate::error::{CoreError, Result};

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
}

/// The fields of `botocore.config.Config` that matter for presigning; `None` when not set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigOptions {
    pub signature_version: Option<String>,
    pub region_name: Option<String>,
    pub use_fips_endpoint: Option<bool>,
    pub use_dualstack_endpoint: Option<bool>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `s3v4` / `v4`: SigV4 query signing.
    S3V4,
    /// `s3`: SigV2 (issue 4; refused with `Unsupported` for now).
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressingStyle {
    Auto,
    Virtual,
    Path,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
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

/// The resolved configuration a `Presigner` signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The client's region as boto3 would hold it (`us-east-1` when none is configured anywhere).
    pub region: String,
    /// The endpoint URL from the argument, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` or the
    /// profile, if any.
    pub endpoint_url: Option<String>,
    pub signature_version: SignatureVersion,
    pub addressing_style: AddressingStyle,
    pub use_accelerate_endpoint: bool,
    /// `Config.use_dualstack_endpoint` or `s3.use_dualstack_endpoint` or env/profile.
    pub use_dualstack_endpoint: bool,
    pub use_fips_endpoint: bool,
    /// `Config.s3["use_dualstack_endpoint"]` alone: `_should_use_global_endpoint` reads only it.
    pub s3_use_dualstack_endpoint: bool,
    /// `s3.us_east_1_regional_endpoint == "regional"` (config, env or profile).
    pub us_east_1_regional: bool,
    pub use_arn_region: bool,
    pub disable_multiregion_access_points: bool,
    pub credentials: Credentials,
}

/// Where to look outside the explicit arguments. `from_process` reads the real environment;
/// tests build one by hand.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    /// The contents of a file, `None` when it cannot be read.
    fn read_file(&self, path: &str) -> Option<String>;
    fn home_dir(&self) -> Option<String>;
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn read_file(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
    fn home_dir(&self) -> Option<String> {
        std::env::var("HOME").ok()
    }
}

/// Resolve the options as boto3 would, checking them; `NoCredentials` says where it looked.
pub fn resolve(options: &ClientOptions, env: &dyn Environment) -> Result<ClientConfig> {
    let _ = env;
    let (Some(access_key), Some(secret_key)) = (
        options.aws_access_key_id.clone(),
        options.aws_secret_access_key.clone(),
    ) else {
        return Err(CoreError::NoCredentials("no credentials (stub)".into()));
    };
    Ok(ClientConfig {
        region: options
            .region_name
            .clone()
            .unwrap_or_else(|| "us-east-1".into()),
        endpoint_url: options.endpoint_url.clone(),
        signature_version: SignatureVersion::S3V4,
        addressing_style: AddressingStyle::Auto,
        use_accelerate_endpoint: false,
        use_dualstack_endpoint: false,
        s3_use_dualstack_endpoint: false,
        use_fips_endpoint: false,
        us_east_1_regional: false,
        use_arn_region: true,
        disable_multiregion_access_points: false,
        credentials: Credentials {
            access_key,
            secret_key,
            token: options.aws_session_token.clone(),
        },
    })
}
