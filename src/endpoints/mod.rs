//! The S3 endpoint ruleset (botocore's `endpoint-rule-set-1.json` and `partitions.json`, embedded at
//! build time) and a small interpreter for it.
//!
//! OWNER: endpoints helper. Interface used by `presign` and the Python binding:
//! `resolve`, `ParamValue`, `Endpoint`, `partition_for_region`.

use crate::error::{CoreError, Result};

/// A ruleset parameter value, as `resolve_endpoint` takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

/// The resolved endpoint, as botocore's `RuleSetEndpoint`.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// `properties` as the ruleset builds them (e.g. `authSchemes`), JSON-shaped.
    pub properties: serde_json::Map<String, serde_json::Value>,
    pub headers: Vec<(String, Vec<String>)>,
}

/// Evaluate the S3 ruleset for `params` (ruleset parameter names such as `Bucket`, `Region`,
/// `UseFIPS`...). Parameters that are absent take the ruleset's defaults. A rule `error` becomes
/// `CoreError::EndpointResolution` with exactly the ruleset's message.
pub fn resolve(params: &[(&str, ParamValue)]) -> Result<Endpoint> {
    let _ = params;
    Err(CoreError::Unsupported(
        "endpoint resolution is not built yet".into(),
    ))
}

/// The partition name (`aws`, `aws-cn`, `aws-us-gov`, ...) whose region list or regex matches
/// `region`, as the ruleset's `aws.partition` picks it.
pub fn partition_for_region(region: &str) -> &'static str {
    let _ = region;
    "aws"
}
