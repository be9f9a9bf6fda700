//! The Python binding: the only module that touches pyo3 types. Input is converted and checked
//! once here, then the pure core does the work.

mod config;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDateTime, PyFloat, PyInt, PyString, PyType};
use pyo3::types::{PyDelta, PyDeltaAccess, PyTzInfo, PyTzInfoAccess};

use crate::config::ProcessEnvironment;
use crate::error::CoreError;
use crate::presign::{PresignOptions, Presigner as CorePresigner};
use crate::sigv4::SigningTime;
use convert::ParamsArg;

mod endpoints;

pub mod convert;
mod debug;
mod post;

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
            // Whole seconds from the exact timedelta since the epoch: `timestamp()` is a float
            // that rounds 23:59:59.999999 up to the next second in far years.
            let utc = PyTzInfo::utc(obj.py())?.to_owned();
            let epoch = PyDateTime::from_timestamp(obj.py(), 0.0, Some(&utc))?;
            let delta = dt.call_method1("__sub__", (epoch,))?;
            let delta = delta.cast::<PyDelta>()?;
            (i64::from(delta.get_days()) * 86_400 + i64::from(delta.get_seconds())) as f64
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
}

#[pymethods]
impl Presigner {
    #[new]
    #[pyo3(signature = (*, region_name=None, endpoint_url=None, aws_access_key_id=None,
        aws_secret_access_key=None, aws_session_token=None, config=None))]
    fn new(
        region_name: Option<String>,
        endpoint_url: Option<String>,
        aws_access_key_id: Option<String>,
        aws_secret_access_key: Option<String>,
        aws_session_token: Option<String>,
        config: Option<&Bound<'_, PyAny>>,
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
        Ok(Presigner {
            inner: CorePresigner::new(resolved)?,
        })
    }

    #[pyo3(
        signature = (ClientMethod, Params=None, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Params=None, ExpiresIn=3600, HttpMethod=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case)]
    fn generate_presigned_url(
        &self,
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
        let shared = Params.map(|p| p.0).unwrap_or_default();
        let inner = &self.inner;
        py.detach(|| inner.generate_presigned_urls(ClientMethod, Bucket, &keys, &shared, &options))
            .map_err(|(index, err)| match index {
                Some(i) => err.prefixed(&format!("Keys[{i}]")).into(),
                None => err.into(),
            })
    }

    /// boto3's `generate_presigned_post`: `{"url": ..., "fields": {...}}` for an HTML form
    /// upload (multipart/form-data POST) of `Key` into `Bucket`.
    #[pyo3(
        signature = (Bucket, Key, Fields=None, Conditions=None, ExpiresIn=ExpiresInArg(3600), *, signing_time=None),
        text_signature = "($self, /, Bucket, Key, Fields=None, Conditions=None, ExpiresIn=3600, *, signing_time=None)"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn generate_presigned_post<'py>(
        &self,
        py: Python<'py>,
        Bucket: &Bound<'py, PyAny>,
        Key: &Bound<'py, PyAny>,
        Fields: Option<&Bound<'py, PyAny>>,
        Conditions: Option<&Bound<'py, PyAny>>,
        ExpiresIn: ExpiresInArg,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let bucket = post::str_arg(Bucket, "Bucket")?;
        let key = post::str_arg(Key, "Key")?;
        let fields = post::fields(py, Fields)?;
        let conditions = post::conditions(Conditions)?;
        let options = crate::post::PostOptions {
            expires_in: ExpiresIn.0,
            signing_time: signing_time.map_or_else(SigningTime::now, |t| t.0),
        };
        let signed = self
            .inner
            .generate_presigned_post(&bucket, &key, &conditions, &options)?;
        for (name, value) in signed.fields {
            fields.set_item(name, value)?;
        }
        let out = pyo3::types::PyDict::new(py);
        out.set_item("url", signed.url)?;
        out.set_item("fields", fields)?;
        Ok(out)
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
    fn aws_access_key_id(&self) -> &str {
        &self.inner.config().credentials.access_key
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        format!(
            "Presigner(region_name={:?}, endpoint_url={}, aws_access_key_id={:?})",
            c.region,
            c.endpoint_url
                .as_ref()
                .map_or_else(|| "None".to_owned(), |u| format!("{u:?}")),
            c.credentials.access_key
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
