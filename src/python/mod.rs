//! The Python binding: the only module that touches pyo3 types. Input is converted and checked
//! once here, then the pure core does the work.

mod config;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTzInfoAccess;
use pyo3::types::{PyBool, PyDateTime, PyFloat, PyInt, PyString, PyType};

use std::sync::atomic::{AtomicI64, Ordering};

use crate::config::{Credentials, Environment, ProcessEnvironment};
use crate::error::CoreError;
use crate::presign::{PresignOptions, Presigner as CorePresigner};
use crate::sigv4::SigningTime;
use convert::ParamsArg;

mod endpoints;

pub mod convert;
mod debug;

/// The exception classes live in `s3presign/_errors.py` (they need multiple inheritance, e.g.
/// `ParamValidationError(PresignError, ValueError)`); they are looked up once, on first error.
macro_rules! exception_class {
    ($fn_name:ident, $class:literal) => {
        fn $fn_name(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
            static CELL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
            CELL.import(py, "s3presign._errors", $class)
        }
    };
}

exception_class!(param_validation_error, "ParamValidationError");
exception_class!(unknown_client_method_error, "UnknownClientMethodError");
exception_class!(no_credentials_error, "NoCredentialsError");
exception_class!(endpoint_resolution_error, "EndpointResolutionError");
exception_class!(unsupported_error, "UnsupportedError");
exception_class!(invalid_config_error, "InvalidConfigError");
exception_class!(expire_before_url_error, "CredentialsExpireBeforeUrlError");
exception_class!(
    expire_before_url_warning,
    "CredentialsExpireBeforeUrlWarning"
);

impl From<CoreError> for PyErr {
    fn from(err: CoreError) -> PyErr {
        Python::attach(|py| {
            let class = match &err {
                CoreError::ParamValidation(_) => param_validation_error(py),
                CoreError::UnknownClientMethod(_) => unknown_client_method_error(py),
                CoreError::NoCredentials(_) => no_credentials_error(py),
                CoreError::EndpointResolution(_) => endpoint_resolution_error(py),
                CoreError::Unsupported(_) => unsupported_error(py),
                CoreError::InvalidConfig(_) => invalid_config_error(py),
            };
            match class {
                Ok(class) => PyErr::from_type(class.clone(), err.to_string()),
                Err(import_failure) => import_failure,
            }
        })
    }
}

fn param_error(message: String) -> PyErr {
    CoreError::ParamValidation(message).into()
}

/// `ExpiresIn`: an int (not a bool); range checked by the core.
struct ExpiresInArg(u64);

impl<'a, 'py> FromPyObject<'a, 'py> for ExpiresInArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(param_error(format!(
                "ExpiresIn must be an int number of seconds, got {}",
                obj.get_type().name()?
            )));
        }
        // Beyond i128 is certainly out of range; say so rather than raise OverflowError.
        let seconds: i128 = obj.extract().unwrap_or(i128::MAX);
        if seconds <= 0 || seconds > crate::presign::MAX_EXPIRES_IN as i128 {
            return Err(param_error(format!(
                "ExpiresIn must be between 1 and {} seconds (7 days), got {seconds}",
                crate::presign::MAX_EXPIRES_IN
            )));
        }
        Ok(ExpiresInArg(seconds as u64))
    }
}

/// `signing_time`: an aware `datetime`, or epoch seconds (int or float).
struct SigningTimeArg(SigningTime);

impl<'a, 'py> FromPyObject<'a, 'py> for SigningTimeArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let seconds: f64 = if let Ok(dt) = obj.cast::<PyDateTime>() {
            if dt.get_tzinfo().is_none() {
                return Err(param_error(
                    "signing_time must be a timezone-aware datetime (e.g. tzinfo=timezone.utc)"
                        .into(),
                ));
            }
            dt.call_method0("timestamp")?.extract()?
        } else if !obj.is_instance_of::<PyBool>()
            && (obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>())
        {
            obj.extract()?
        } else {
            return Err(param_error(format!(
                "signing_time must be an aware datetime or epoch seconds, got {}",
                obj.get_type().name()?
            )));
        };
        let time = (seconds.is_finite())
            .then(|| SigningTime::from_unix_seconds(seconds.floor() as i64))
            .flatten()
            .ok_or_else(|| {
                param_error(format!(
                    "signing_time {seconds} is outside the years 1970 to 9999"
                ))
            })?;
        Ok(SigningTimeArg(time))
    }
}

/// A configured S3 presigner: `boto3.client("s3", ...)` for `generate_presigned_url` only.
#[pyclass(frozen, module = "s3presign")]
struct Presigner {
    inner: CorePresigner,
    /// Refreshable credentials (`from_boto3`): a callable returning `(access_key, secret_key,
    /// token, expiry, refresh_at)` (epoch seconds or None), called under the GIL once the
    /// current keys reach `refresh_at`; never while they are fresh.
    refresher: Option<Py<PyAny>>,
    /// Epoch milliseconds after which `refresher` is called before signing; `i64::MAX`: never.
    refresh_at_ms: AtomicI64,
    /// Raise `CredentialsExpireBeforeUrlError` instead of warning.
    strict_expiry: bool,
}

/// No environment variables and no files: `from_boto3` passes everything the client resolved.
struct NoEnvironment;

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

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Epoch seconds (int or float, possibly None) as milliseconds; None is "never".
fn epoch_ms(value: Option<f64>) -> i64 {
    match value {
        Some(s) if s.is_finite() => (s * 1000.0).floor() as i64,
        Some(s) if s < 0.0 => i64::MIN,
        _ => i64::MAX,
    }
}

/// `2026-11-28T18:20:00Z`.
fn iso_utc(unix_seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{unix_seconds} (epoch seconds)"),
    }
}

impl Presigner {
    fn with_core(inner: CorePresigner, strict_expiry: bool) -> Presigner {
        Presigner {
            inner,
            refresher: None,
            refresh_at_ms: AtomicI64::new(i64::MAX),
            strict_expiry,
        }
    }

    /// Before signing: fresh keys from the refresher when due, then the expiry check (a
    /// warning, or an error with `strict_expiry`).
    fn before_signing(
        &self,
        py: Python<'_>,
        signing_time: &SigningTime,
        expires_in: u64,
    ) -> PyResult<()> {
        if let Some(refresher) = &self.refresher {
            if now_ms() >= self.refresh_at_ms.load(Ordering::Relaxed) {
                self.refresh(py, refresher)?;
            }
        }
        let Some(expiry) = self.inner.expires_before_url(signing_time, expires_in) else {
            return Ok(());
        };
        let url_expiry = signing_time
            .unix_seconds()
            .saturating_add(expires_in as i64);
        let message = format!(
            "the credentials that sign this URL expire at {}, before the URL's own expiry at {} \
             (signed at {}, ExpiresIn={}): the URL will stop working at {}",
            iso_utc(expiry),
            iso_utc(url_expiry),
            iso_utc(signing_time.unix_seconds()),
            expires_in,
            iso_utc(expiry),
        );
        if self.strict_expiry {
            let class = expire_before_url_error(py)?;
            return Err(PyErr::from_type(class.clone(), message));
        }
        let category = expire_before_url_warning(py)?;
        let message = std::ffi::CString::new(message).expect("no NUL in the message");
        PyErr::warn(py, category.as_any(), &message, 1)
    }

    fn refresh(&self, py: Python<'_>, refresher: &Py<PyAny>) -> PyResult<()> {
        type Fresh = (String, String, Option<String>, Option<f64>, Option<f64>);
        let fresh: Fresh = match refresher.call0(py).and_then(|r| r.extract(py)) {
            Ok(fresh) => fresh,
            Err(cause) => {
                let err: PyErr = CoreError::NoCredentials(format!(
                    "refreshing the credentials failed: {}",
                    cause.value(py)
                ))
                .into();
                err.set_cause(py, Some(cause));
                return Err(err);
            }
        };
        let (access_key, secret_key, token, expiry, refresh_at) = fresh;
        let credentials = Credentials {
            access_key,
            secret_key,
            token: token.filter(|t| !t.is_empty()),
        };
        let expiry = expiry.filter(|e| e.is_finite()).map(|e| e.floor() as i64);
        self.inner.set_credentials(&credentials, expiry);
        self.refresh_at_ms
            .store(epoch_ms(refresh_at), Ordering::Relaxed);
        Ok(())
    }
}

#[pymethods]
impl Presigner {
    #[new]
    #[pyo3(signature = (*, region_name=None, endpoint_url=None, aws_access_key_id=None,
        aws_secret_access_key=None, aws_session_token=None, config=None, strict_expiry=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        region_name: Option<String>,
        endpoint_url: Option<String>,
        aws_access_key_id: Option<String>,
        aws_secret_access_key: Option<String>,
        aws_session_token: Option<String>,
        config: Option<&Bound<'_, PyAny>>,
        strict_expiry: bool,
    ) -> PyResult<Self> {
        let options = config::client_options(
            region_name,
            endpoint_url,
            aws_access_key_id,
            aws_secret_access_key,
            aws_session_token,
            config,
        )?;
        let resolved = crate::config::resolve(&options, &ProcessEnvironment)?;
        Ok(Presigner::with_core(
            CorePresigner::new(resolved)?,
            strict_expiry,
        ))
    }

    /// Private, for `s3presign.from_boto3`: a presigner from what a boto3 client resolved, with
    /// no environment or file lookup. `config` is a dict of `Config` fields; `refresher` returns
    /// `(access_key, secret_key, token, expiry, refresh_at)` and is called before signing once
    /// `refresh_at` (epoch seconds) has passed; `expiry` is when the first keys expire.
    #[staticmethod]
    #[pyo3(signature = (*, region_name, signing_region, endpoint_url, aws_access_key_id,
        aws_secret_access_key, aws_session_token, config, expiry=None, refresher=None,
        refresh_at=None, strict_expiry=false))]
    #[allow(clippy::too_many_arguments)]
    fn _from_resolved(
        region_name: String,
        signing_region: String,
        endpoint_url: Option<String>,
        aws_access_key_id: String,
        aws_secret_access_key: String,
        aws_session_token: Option<String>,
        config: &Bound<'_, PyAny>,
        expiry: Option<f64>,
        refresher: Option<Py<PyAny>>,
        refresh_at: Option<f64>,
        strict_expiry: bool,
    ) -> PyResult<Self> {
        let options = config::client_options(
            Some(region_name),
            endpoint_url,
            Some(aws_access_key_id),
            Some(aws_secret_access_key),
            aws_session_token.filter(|t| !t.is_empty()),
            Some(config),
        )?;
        let mut resolved = crate::config::resolve(&options, &NoEnvironment)?;
        resolved.signing_region = signing_region;
        resolved.credentials_expiry = expiry.filter(|e| e.is_finite()).map(|e| e.floor() as i64);
        let mut presigner = Presigner::with_core(CorePresigner::new(resolved)?, strict_expiry);
        presigner.refresher = refresher;
        presigner.refresh_at_ms = AtomicI64::new(epoch_ms(refresh_at));
        Ok(presigner)
    }

    #[pyo3(
        signature = (ClientMethod, Params=None, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Params=None, ExpiresIn=3600, HttpMethod=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case)]
    fn generate_presigned_url(
        &self,
        py: Python<'_>,
        ClientMethod: &str,
        Params: Option<ParamsArg>,
        ExpiresIn: ExpiresInArg,
        HttpMethod: Option<&str>,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<String> {
        let options = PresignOptions {
            expires_in: ExpiresIn.0,
            http_method: HttpMethod,
            signing_time: signing_time.map_or_else(SigningTime::now, |t| t.0),
        };
        self.before_signing(py, &options.signing_time, options.expires_in)?;
        let params = Params.map(|p| p.0).unwrap_or_default();
        Ok(self
            .inner
            .generate_presigned_url(ClientMethod, params, &options)?)
    }

    /// One presigned URL per key, each equal to `generate_presigned_url` for that key with
    /// `Params` shared; signed without the GIL, on every core for large batches.
    #[pyo3(
        signature = (ClientMethod, Bucket, Keys, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, Params=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Bucket, Keys, ExpiresIn=3600, HttpMethod=None, Params=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn generate_presigned_urls(
        &self,
        py: Python<'_>,
        ClientMethod: &str,
        Bucket: &str,
        Keys: &Bound<'_, PyAny>,
        ExpiresIn: ExpiresInArg,
        HttpMethod: Option<&str>,
        Params: Option<ParamsArg>,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<Vec<String>> {
        if Keys.is_instance_of::<PyString>() {
            return Err(param_error(
                "Keys must be an iterable of str keys, not a single str".into(),
            ));
        }
        let mut keys = Vec::with_capacity(Keys.len().unwrap_or(0));
        for (i, key) in Keys.try_iter()?.enumerate() {
            let key = key?;
            let key = key.cast::<PyString>().map_err(|_| {
                param_error(format!(
                    "Keys[{i}] must be a str, not {}",
                    key.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?;
            let key = key.to_str().map_err(|_| {
                param_error(format!("Keys[{i}] is not valid Unicode (lone surrogate)"))
            })?;
            keys.push(key.to_owned());
        }
        let options = PresignOptions {
            expires_in: ExpiresIn.0,
            http_method: HttpMethod,
            signing_time: signing_time.map_or_else(SigningTime::now, |t| t.0),
        };
        if !keys.is_empty() {
            // Once per batch: one refresh at most, one warning.
            self.before_signing(py, &options.signing_time, options.expires_in)?;
        }
        let shared = Params.map(|p| p.0).unwrap_or_default();
        let inner = &self.inner;
        py.detach(|| inner.generate_presigned_urls(ClientMethod, Bucket, &keys, &shared, &options))
            .map_err(|(index, err)| match index {
                Some(i) => err.prefixed(&format!("Keys[{i}]")).into(),
                None => err.into(),
            })
    }

    #[getter]
    fn region_name(&self) -> &str {
        &self.inner.config().region
    }

    #[getter]
    fn endpoint_url(&self) -> Option<&str> {
        self.inner.config().endpoint_url.as_deref()
    }

    #[getter]
    fn aws_access_key_id(&self) -> String {
        self.inner.credentials().access_key().to_owned()
    }

    /// When the signing credentials expire (an aware UTC datetime), if they carry an expiry.
    #[getter]
    fn credentials_expiry<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(expiry) = self.inner.credentials_expiry() else {
            return Ok(None);
        };
        let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
        Ok(Some(
            py.import("datetime")?
                .getattr("datetime")?
                .call_method1("fromtimestamp", (expiry, utc))?,
        ))
    }

    #[getter]
    fn strict_expiry(&self) -> bool {
        self.strict_expiry
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        let access_key = self.inner.credentials().access_key().to_owned();
        format!(
            "Presigner(region_name={:?}, endpoint_url={}, aws_access_key_id={:?})",
            c.region,
            c.endpoint_url
                .as_ref()
                .map_or_else(|| "None".to_owned(), |u| format!("{u:?}")),
            access_key
        )
    }
}

#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Presigner>()?;
    m.add_function(wrap_pyfunction!(endpoints::resolve_endpoint, m)?)?;
    m.add_function(wrap_pyfunction!(endpoints::partition_for_region, m)?)?;
    m.add_function(wrap_pyfunction!(endpoints::client_partition, m)?)?;
    m.add_function(wrap_pyfunction!(config::_resolve_config, m)?)?;
    m.add_function(wrap_pyfunction!(debug::serialize_debug, m)?)?;
    Ok(())
}
