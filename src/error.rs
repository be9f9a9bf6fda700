//! The one error type of the core. The Python binding maps each variant to one exception class
//! under `s3presign.PresignError`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// Bad `Params`, `ExpiresIn`, `HttpMethod` or other call input (`ParamValidationError`).
    ParamValidation(String),
    /// `ClientMethod` names no S3 operation (`UnknownClientMethodError`).
    UnknownClientMethod(String),
    /// No credentials were found, or only half of them (`NoCredentialsError`).
    NoCredentials(String),
    /// The endpoint ruleset answered with an error; the message is the ruleset's own
    /// (`EndpointResolutionError`).
    EndpointResolution(String),
    /// Valid for boto3 but not built here (yet) (`UnsupportedError`).
    Unsupported(String),
    /// Bad client configuration: region, endpoint_url, addressing style... (`InvalidConfigError`).
    InvalidConfig(String),
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            CoreError::ParamValidation(m)
            | CoreError::UnknownClientMethod(m)
            | CoreError::NoCredentials(m)
            | CoreError::EndpointResolution(m)
            | CoreError::Unsupported(m)
            | CoreError::InvalidConfig(m) => m,
        };
        f.write_str(msg)
    }
}

impl std::error::Error for CoreError {}

impl CoreError {
    /// The same kind of error with `prefix: ` before its message.
    pub fn prefixed(self, prefix: &str) -> CoreError {
        let with = |m: String| format!("{prefix}: {m}");
        match self {
            CoreError::ParamValidation(m) => CoreError::ParamValidation(with(m)),
            CoreError::UnknownClientMethod(m) => CoreError::UnknownClientMethod(with(m)),
            CoreError::NoCredentials(m) => CoreError::NoCredentials(with(m)),
            CoreError::EndpointResolution(m) => CoreError::EndpointResolution(with(m)),
            CoreError::Unsupported(m) => CoreError::Unsupported(with(m)),
            CoreError::InvalidConfig(m) => CoreError::InvalidConfig(with(m)),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
