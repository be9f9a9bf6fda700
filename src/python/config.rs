//! `config=` and the client keyword arguments, from Python to [`ClientOptions`]. botocore is never
//! imported: a `botocore.config.Config` is read by attribute, a dict by key.

use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::config::{self, ClientConfig, ClientOptions, ConfigOptions, S3Options};
use crate::error::CoreError;

/// Every field name `botocore.config.Config` accepts (`Config.OPTION_DEFAULTS`, 1.43.11).
/// A dict `config=` may use any of them; only the presigning ones are read.
const CONFIG_FIELDS: &[&str] = &[
    "region_name",
    "signature_version",
    "user_agent",
    "user_agent_extra",
    "user_agent_appid",
    "connect_timeout",
    "read_timeout",
    "parameter_validation",
    "max_pool_connections",
    "proxies",
    "proxies_config",
    "s3",
    "s3_disable_express_session_auth",
    "retries",
    "client_cert",
    "inject_host_prefix",
    "endpoint_discovery_enabled",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "ignore_configured_endpoint_urls",
    "defaults_mode",
    "tcp_keepalive",
    "request_min_compression_size_bytes",
    "disable_request_compression",
    "client_context_params",
    "sigv4a_signing_region_set",
    "request_checksum_calculation",
    "response_checksum_validation",
    "account_id_endpoint_mode",
    "auth_scheme_preference",
];

fn invalid(msg: String) -> PyErr {
    CoreError::InvalidConfig(msg).into()
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Reads `config` fields from a dict (by key) or any other object (by attribute).
enum Source<'a, 'py> {
    Dict(&'a Bound<'py, PyDict>),
    Object(&'a Bound<'py, PyAny>),
}

impl<'py> Source<'_, 'py> {
    fn get(&self, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let value = match self {
            Source::Dict(d) => d.get_item(name)?,
            // getattr(obj, name, None)
            Source::Object(o) => match o.getattr(name) {
                Ok(v) => Some(v),
                Err(e) if e.is_instance_of::<PyAttributeError>(o.py()) => None,
                Err(e) => return Err(e),
            },
        };
        Ok(value.filter(|v| !v.is_none()))
    }
}

fn opt_str(value: Option<Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(super::text::config(s, what)?.to_owned())),
            Err(_) => Err(invalid(format!(
                "{what} must be a str, not {}",
                type_name(&v)
            ))),
        },
    }
}

fn opt_bool(value: Option<Bound<'_, PyAny>>, what: &str) -> PyResult<Option<bool>> {
    match value {
        None => Ok(None),
        Some(v) => match v.cast::<PyBool>() {
            Ok(b) => Ok(Some(b.is_true())),
            Err(_) => Err(invalid(format!(
                "{what} must be a bool (True or False), not {} {}",
                type_name(&v),
                v.repr().map(|r| r.to_string()).unwrap_or_default()
            ))),
        },
    }
}

fn is_botocore_unsigned(value: &Bound<'_, PyAny>) -> bool {
    let ty = value.get_type();
    let name_ok = ty.name().map(|n| n == "UNSIGNED").unwrap_or(false);
    let module_ok = ty.module().map(|m| m == "botocore").unwrap_or(false);
    name_ok && module_ok
}

fn s3_options(value: Option<Bound<'_, PyAny>>) -> PyResult<S3Options> {
    let Some(value) = value else {
        return Ok(S3Options::default());
    };
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(invalid(format!(
            "config s3 must be a dict, not {}",
            type_name(&value)
        )));
    };
    let src = Source::Dict(dict);
    let get = |k: &str| src.get(k);
    Ok(S3Options {
        addressing_style: opt_str(get("addressing_style")?, "s3.addressing_style")?,
        use_accelerate_endpoint: opt_bool(
            get("use_accelerate_endpoint")?,
            "s3.use_accelerate_endpoint",
        )?,
        use_dualstack_endpoint: opt_bool(
            get("use_dualstack_endpoint")?,
            "s3.use_dualstack_endpoint",
        )?,
        us_east_1_regional_endpoint: opt_str(
            get("us_east_1_regional_endpoint")?,
            "s3.us_east_1_regional_endpoint",
        )?,
        use_arn_region: opt_bool(get("use_arn_region")?, "s3.use_arn_region")?,
        s3_disable_multiregion_access_points: opt_bool(
            get("s3_disable_multiregion_access_points")?,
            "s3.s3_disable_multiregion_access_points",
        )?,
    })
}

/// `config=`: a `botocore.config.Config` (or anything with the same attributes), a dict with the
/// same field names, or `None`.
pub fn config_options(config: Option<&Bound<'_, PyAny>>) -> PyResult<ConfigOptions> {
    let Some(config) = config.filter(|c| !c.is_none()) else {
        return Ok(ConfigOptions::default());
    };
    let src = match config.cast::<PyDict>() {
        Ok(d) => {
            let mut unknown = Vec::new();
            for key in d.keys() {
                match key.cast::<PyString>().map(|s| s.to_str()) {
                    Ok(Ok(name)) if CONFIG_FIELDS.contains(&name) => {}
                    _ => unknown.push(key.repr()?.to_string()),
                }
            }
            if !unknown.is_empty() {
                return Err(invalid(format!(
                    "Unknown config option(s): {} (botocore.config.Config accepts: {})",
                    unknown.join(", "),
                    CONFIG_FIELDS.join(", ")
                )));
            }
            Source::Dict(d)
        }
        Err(_) => {
            // Any object read by attribute, as long as it looks like a botocore Config.
            let looks_like_config = ["signature_version", "s3", "region_name"]
                .iter()
                .any(|name| config.hasattr(*name).unwrap_or(false));
            if !looks_like_config {
                return Err(invalid(format!(
                    "config must be a botocore.config.Config or a dict, not {}",
                    type_name(config)
                )));
            }
            Source::Object(config)
        }
    };
    let (signature_version, signature_version_unsigned) = match src.get("signature_version")? {
        None => (None, false),
        Some(v) if is_botocore_unsigned(&v) => (None, true),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => (
                Some(super::text::config(s, "signature_version")?.to_owned()),
                false,
            ),
            Err(_) => {
                return Err(invalid(format!(
                    "signature_version must be a str or botocore.UNSIGNED, not {}",
                    type_name(&v)
                )))
            }
        },
    };
    Ok(ConfigOptions {
        signature_version,
        signature_version_unsigned,
        region_name: opt_str(src.get("region_name")?, "config region_name")?,
        use_fips_endpoint: opt_bool(src.get("use_fips_endpoint")?, "use_fips_endpoint")?,
        use_dualstack_endpoint: opt_bool(
            src.get("use_dualstack_endpoint")?,
            "use_dualstack_endpoint",
        )?,
        ignore_configured_endpoint_urls: opt_bool(
            src.get("ignore_configured_endpoint_urls")?,
            "ignore_configured_endpoint_urls",
        )?,
        s3: s3_options(src.get("s3")?)?,
    })
}

/// The client keyword arguments as the core takes them.
pub fn client_options(
    region_name: Option<String>,
    endpoint_url: Option<String>,
    aws_access_key_id: Option<String>,
    aws_secret_access_key: Option<String>,
    aws_session_token: Option<String>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<ClientOptions> {
    Ok(ClientOptions {
        region_name,
        endpoint_url,
        aws_access_key_id,
        aws_secret_access_key,
        aws_session_token,
        config: config_options(config)?,
        boto3_signature_default: false,
    })
}

/// The resolved configuration as a dict, without the secret key or the token.
pub fn config_to_dict<'py>(py: Python<'py>, c: &ClientConfig) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("region_name", &c.region)?;
    d.set_item("signing_region", &c.signing_region)?;
    d.set_item("endpoint_url", c.endpoint_url.as_deref())?;
    d.set_item(
        "signature_version",
        match c.signature_version {
            config::SignatureVersion::S3V4 => "s3v4",
            config::SignatureVersion::S3 => "s3",
        },
    )?;
    d.set_item(
        "signature_version_configured",
        c.signature_version_configured,
    )?;
    d.set_item("addressing_style", c.addressing_style.as_str())?;
    d.set_item("use_accelerate_endpoint", c.use_accelerate_endpoint)?;
    d.set_item("use_dualstack_endpoint", c.use_dualstack_endpoint)?;
    d.set_item("use_fips_endpoint", c.use_fips_endpoint)?;
    d.set_item("us_east_1_regional", c.us_east_1_regional)?;
    d.set_item("use_arn_region", c.use_arn_region)?;
    d.set_item(
        "disable_multiregion_access_points",
        c.disable_multiregion_access_points,
    )?;
    d.set_item("access_key", &c.credentials.access_key)?;
    d.set_item("has_secret", !c.credentials.secret_key.is_empty())?;
    d.set_item("has_token", c.credentials.token.is_some())?;
    d.set_item("credential_method", c.credential_source.method())?;
    Ok(d)
}

/// Private, for tests: `_resolve_config(region_name=..., endpoint_url=..., aws_access_key_id=...,
/// aws_secret_access_key=..., aws_session_token=..., config=...)` resolves against the real
/// process environment and files and returns a dict (never the secret key or the token).
#[pyfunction]
#[pyo3(signature = (*, region_name=None, endpoint_url=None, aws_access_key_id=None,
    aws_secret_access_key=None, aws_session_token=None, config=None))]
pub fn _resolve_config<'py>(
    py: Python<'py>,
    region_name: Option<String>,
    endpoint_url: Option<String>,
    aws_access_key_id: Option<String>,
    aws_secret_access_key: Option<String>,
    aws_session_token: Option<String>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = client_options(
        region_name,
        endpoint_url,
        aws_access_key_id,
        aws_secret_access_key,
        aws_session_token,
        config,
    )?;
    let resolved = config::resolve(&options, &config::ProcessEnvironment)?;
    config_to_dict(py, &resolved)
}
