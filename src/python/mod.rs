//! The Python binding: the only module that touches pyo3 types. Input is converted and checked
//! once here, then the pure core does the work.

mod config;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyCFunction, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyType,
};
use pyo3::types::{PyDelta, PyDeltaAccess, PyTzInfo, PyTzInfoAccess};

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::batch::BatchError;
use crate::client::{PresignOptions, Presigner as CorePresigner};
use crate::config::{Credentials, ProcessEnvironment};
use crate::error::CoreError;
use crate::sign::SigningTime;
use convert::ParamsArg;

mod endpoints;

pub mod convert;
mod debug;
mod doctor;
mod post;
mod text;

mod arrow;
mod pickle;

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
        let max = crate::client::MAX_EXPIRES_IN;
        let out_of_range = |got: String| {
            param_error(format!(
                "ExpiresIn must be between 1 and {max} seconds (7 days), got {got}"
            ))
        };
        // Beyond 64 bits is certainly out of range: said so, without printing a huge number.
        let Ok(seconds) = obj.extract::<i64>() else {
            let negative = obj.lt(0).unwrap_or(false);
            return Err(out_of_range(
                if negative {
                    "an int below -2**63"
                } else {
                    "an int above 2**63"
                }
                .into(),
            ));
        };
        if seconds <= 0 || seconds as u64 > max {
            return Err(out_of_range(seconds.to_string()));
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
            // Aware means a tzinfo whose utcoffset() is not None (Python's own rule).
            let aware = dt.get_tzinfo().is_some() && !dt.call_method0("utcoffset")?.is_none();
            if !aware {
                return Err(param_error(
                    "signing_time must be a timezone-aware datetime (e.g. tzinfo=timezone.utc): \
                     it has no tzinfo, or its tzinfo's utcoffset() returned None"
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
            // An int too large for a float is out of range like any far year.
            obj.extract().unwrap_or(f64::INFINITY)
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
                param_error(if seconds.is_finite() {
                    format!("signing_time {seconds} is outside the years 1970 to 9999")
                } else {
                    "signing_time must be within the years 1970 to 9999 (epoch seconds from 0 \
                     to 253402300799)"
                        .into()
                })
            })?;
        Ok(SigningTimeArg(time))
    }
}

/// The signing time of a call: `signing_time`, else now by Python's `time.time` when it is no
/// longer the builtin (freezegun, `mock.patch("time.time")`, which frozen-clock tests expect
/// URLs to follow) and returns epoch seconds; else the system clock (no Python call).
fn default_signing_time(py: Python<'_>, signing_time: Option<SigningTimeArg>) -> SigningTime {
    if let Some(time) = signing_time {
        return time.0;
    }
    static TIME_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let replaced = TIME_MODULE
        .get_or_try_init(py, || py.import("time").map(Bound::unbind))
        .and_then(|module| module.bind(py).getattr(intern!(py, "time")))
        .ok()
        .filter(|time| !time.is_instance_of::<PyCFunction>());
    replaced
        .and_then(|time| time.call0().ok())
        .filter(|now| !now.is_instance_of::<PyBool>())
        .and_then(|now| now.extract::<f64>().ok())
        .filter(|now| now.is_finite())
        .and_then(|now| SigningTime::from_unix_seconds(now.floor() as i64))
        .unwrap_or_else(SigningTime::now)
}

/// A configured S3 presigner: what ``boto3.client("s3", ...)`` is to presigning, with
/// the same arguments and byte-identical results. ``generate_presigned_url`` signs any S3
/// operation, ``generate_presigned_urls`` one URL per key (on every core),
/// ``generate_presigned_post`` a browser form upload, and ``verify`` checks a presigned URL
/// against these credentials as S3 would, showing the canonical request and string to sign.
///
/// Arguments not given are looked up as boto3 does: environment variables
/// (``AWS_ACCESS_KEY_ID``, ``AWS_REGION``, ``AWS_ENDPOINT_URL_S3`` ...), then the shared
/// ``~/.aws/credentials`` and ``~/.aws/config`` files of the active profile.
/// ``config`` is a ``botocore.config.Config`` or a dict with the same field names.
///
/// Presigned URLs are SigV4 unless ``config`` sets ``signature_version="s3"`` (SigV2,
/// which S3 refuses for buckets created since 2020 and for SSE-KMS objects). With
/// ``boto3_signature_default=True`` and no signature version configured (in ``config`` or
/// the profile's ``s3.signature_version``), the version is chosen exactly as boto3 does:
/// SigV2 in the regions where botocore still defaults presigned URLs to it (``us-east-1``,
/// ``us-west-1``, ``us-west-2``, ``eu-west-1``, ``ap-northeast-1``, ``ap-southeast-1``,
/// ``ap-southeast-2``, ``sa-east-1``, ``us-gov-east-1``, ``us-gov-west-1``, and
/// ``aws-global``), SigV4 elsewhere.
///
/// When the signing credentials carry an expiry (``AWS_CREDENTIAL_EXPIRATION``, or refreshable
/// credentials through ``s3presign.from_boto3``) earlier than the URL's, signing warns with
/// ``CredentialsExpireBeforeUrlWarning``; ``strict_expiry=True`` raises
/// ``CredentialsExpireBeforeUrlError`` instead.
///
/// The secret key is never exposed: not by an attribute, ``repr`` or an error message.
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

use crate::inspect::iso_utc;

impl Presigner {
    fn with_core(inner: CorePresigner, strict_expiry: bool) -> Presigner {
        Presigner {
            inner,
            refresher: None,
            refresh_at_ms: AtomicI64::new(i64::MAX),
            strict_expiry,
        }
    }

    /// Whether [`Self::before_signing`] has anything to do (a refresh due, an expiry to warn
    /// about): callers without the GIL take it only then.
    fn needs_python(&self, signing_time: &SigningTime, expires_in: u64) -> bool {
        let refresh_due =
            self.refresher.is_some() && now_ms() >= self.refresh_at_ms.load(Ordering::Relaxed);
        refresh_due
            || self
                .inner
                .expires_before_url(signing_time, expires_in)
                .is_some()
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
        let fresh = match refresher.call0(py) {
            Ok(fresh) => fresh.into_bound(py),
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
        // Read field by field, so that no error (nor its cause) carries a key's value.
        type Fresh<'py> = (
            Bound<'py, PyAny>,
            Bound<'py, PyAny>,
            Bound<'py, PyAny>,
            Option<f64>,
            Option<f64>,
        );
        let unreadable = |what: &str| -> PyErr {
            CoreError::NoCredentials(format!(
                "the refreshed credentials cannot be used: {what} must be a str"
            ))
            .into()
        };
        let (access_key, secret_key, token, expiry, refresh_at): Fresh<'_> =
            fresh.extract().map_err(|_| {
                PyErr::from(CoreError::NoCredentials(
                    "the refreshed credentials cannot be used: expected (access_key, \
                     secret_key, token, expiry, refresh_at)"
                        .into(),
                ))
            })?;
        let field = |value: &Bound<'_, PyAny>, name: &str| -> PyResult<String> {
            let value = value.cast::<PyString>().map_err(|_| unreadable(name))?;
            Ok(text::utf8(value, name, CoreError::NoCredentials)?.to_owned())
        };
        let credentials = Credentials {
            access_key: field(&access_key, "the access key")?,
            secret_key: field(&secret_key, "the secret key")?,
            token: if token.is_none() {
                None
            } else {
                Some(field(&token, "the session token")?).filter(|t| !t.is_empty())
            },
        };
        let expiry = expiry.filter(|e| e.is_finite()).map(|e| e.floor() as i64);
        self.inner.set_credentials(&credentials, expiry);
        self.refresh_at_ms
            .store(epoch_ms(refresh_at), Ordering::Relaxed);
        Ok(())
    }
}

/// A `str` for a URL. URLs are ASCII but for a custom endpoint's host, so most are copied
/// straight into a compact ASCII string, without the UTF-8 decoding `PyString::new` does.
#[cfg(not(any(PyPy, GraalPy, Py_LIMITED_API)))]
fn url_str<'py>(py: Python<'py>, url: &str) -> Bound<'py, PyString> {
    let Ok(len) = pyo3::ffi::Py_ssize_t::try_from(url.len()) else {
        return PyString::new(py, url);
    };
    if !url.is_ascii() {
        return PyString::new(py, url);
    }
    // SAFETY: PyUnicode_New(len, 127) makes a compact ASCII string of `len` one-byte
    // characters (NUL-terminated by CPython) or returns NULL with an exception set; its data
    // is written once here, from ASCII bytes, before anything else can see the object.
    unsafe {
        let obj = pyo3::ffi::PyUnicode_New(len, 127);
        if obj.is_null() {
            pyo3::ffi::PyErr_Clear();
            return PyString::new(py, url);
        }
        std::ptr::copy_nonoverlapping(
            url.as_ptr(),
            pyo3::ffi::PyUnicode_DATA(obj).cast::<u8>(),
            url.len(),
        );
        Bound::from_owned_ptr(py, obj).cast_into_unchecked::<PyString>()
    }
}

/// A `str` for a URL where CPython's compact-string layout is not available (PyPy, GraalPy,
/// the limited API): `PyString::new`'s UTF-8 copy.
#[cfg(any(PyPy, GraalPy, Py_LIMITED_API))]
fn url_str<'py>(py: Python<'py>, url: &str) -> Bound<'py, PyString> {
    PyString::new(py, url)
}

/// A list of `len` empty slots, filled by [`set_list_item`], then given to Python by
/// [`finish_list`]. Until then the garbage collector does not track it: the GIL is released
/// while it fills, and nothing else (a thread walking `gc.get_objects()`) may see an empty slot.
/// Dropped unfinished (an error), it is freed like any list (empty slots are skipped).
fn new_list(py: Python<'_>, len: usize) -> PyResult<Bound<'_, PyList>> {
    let len =
        pyo3::ffi::Py_ssize_t::try_from(len).map_err(|_| param_error("too many keys".into()))?;
    // SAFETY: PyList_New returns a new reference to a tracked list (or NULL with an exception
    // set); untracking an object that only this function references is always allowed.
    unsafe {
        let list = Bound::from_owned_ptr_or_err(py, pyo3::ffi::PyList_New(len))?;
        // PyPy's C API has no GC_UnTrack (pyo3-ffi leaves it out): there the list stays tracked.
        #[cfg(not(PyPy))]
        pyo3::ffi::PyObject_GC_UnTrack(list.as_ptr().cast());
        Ok(list.cast_into_unchecked::<PyList>())
    }
}

/// Fills slot `index` of a list from [`new_list`], once.
fn set_list_item(list: &Bound<'_, PyList>, index: usize, item: Bound<'_, PyString>) {
    assert!(index < list.len(), "index within the list made for it");
    // SAFETY: the index is in bounds and the slot is still empty (each is filled once, in
    // order); SET_ITEM / SetItem steal the reference `into_ptr` hands over, and SetItem cannot
    // fail for an in-bounds index of a list.
    unsafe {
        #[cfg(not(any(PyPy, GraalPy, Py_LIMITED_API)))]
        pyo3::ffi::PyList_SET_ITEM(
            list.as_ptr(),
            index as pyo3::ffi::Py_ssize_t,
            item.into_ptr(),
        );
        #[cfg(any(PyPy, GraalPy, Py_LIMITED_API))]
        pyo3::ffi::PyList_SetItem(
            list.as_ptr(),
            index as pyo3::ffi::Py_ssize_t,
            item.into_ptr(),
        );
    }
}

/// A list from [`new_list`] with every slot filled, tracked by the garbage collector again.
fn finish_list<'py>(list: Bound<'py, PyList>, filled: usize) -> Bound<'py, PyList> {
    assert_eq!(filled, list.len(), "every slot filled");
    // SAFETY: the list was untracked by `new_list` and is tracked once, here.
    #[cfg(not(PyPy))]
    unsafe {
        pyo3::ffi::PyObject_GC_Track(list.as_ptr().cast())
    };
    list
}

/// Buffers for the keys of a batch are pre-sized from `len(Keys)` up to this many keys.
const MAX_KEYS_PRESIZED: usize = 1 << 20;

/// While collecting or taking a batch's keys, signal handlers (Ctrl-C) run every this many.
const SIGNAL_CHECK_KEYS: usize = 1 << 12;

/// Up to this many `Params` entries are looked at in place for the key-only fast path.
const FAST_PARAMS: usize = 8;

impl Presigner {
    /// The core's key-only fast path, fed straight from a dict of str values: no conversion,
    /// and the URL is built in a reused buffer. `None` when it does not apply.
    fn like_last_call<'py>(
        &self,
        py: Python<'py>,
        client_method: &str,
        params: &Bound<'py, PyAny>,
        options: &PresignOptions<'_>,
    ) -> Option<PyResult<Bound<'py, PyString>>> {
        thread_local! {
            static URL: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let dict = params.cast_exact::<PyDict>().ok()?;
        if dict.len() > FAST_PARAMS {
            return None;
        }
        // The dict keeps the strings alive for as long as the borrowed slices are used.
        let mut items: [(&str, &str); FAST_PARAMS] = [("", ""); FAST_PARAMS];
        let mut owners: [Option<(Bound<'py, PyString>, Bound<'py, PyString>)>; FAST_PARAMS] =
            Default::default();
        for (slot, (name, value)) in owners.iter_mut().zip(dict.iter()) {
            *slot = Some((
                name.cast_into_exact::<PyString>().ok()?,
                value.cast_into_exact::<PyString>().ok()?,
            ));
        }
        let mut n = 0;
        for (name, value) in owners.iter().flatten() {
            items[n] = (name.to_str().ok()?, value.to_str().ok()?);
            n += 1;
        }
        URL.with_borrow_mut(|url| {
            let done = self.inner.generate_presigned_url_like_last(
                client_method,
                &items[..n],
                options,
                url,
            )?;
            Some(done.map(|()| url_str(py, url)).map_err(PyErr::from))
        })
    }
}

#[pymethods]
impl Presigner {
    #[new]
    #[pyo3(signature = (*, region_name=None, endpoint_url=None, aws_access_key_id=None,
        aws_secret_access_key=None, aws_session_token=None, config=None,
        boto3_signature_default=false, strict_expiry=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        region_name: Option<&Bound<'_, PyString>>,
        endpoint_url: Option<&Bound<'_, PyString>>,
        aws_access_key_id: Option<&Bound<'_, PyString>>,
        aws_secret_access_key: Option<&Bound<'_, PyString>>,
        aws_session_token: Option<&Bound<'_, PyString>>,
        config: Option<&Bound<'_, PyAny>>,
        boto3_signature_default: bool,
        strict_expiry: bool,
    ) -> PyResult<Self> {
        let mut options = config::client_options(
            text::config_owned(region_name, "region_name")?,
            text::config_owned(endpoint_url, "endpoint_url")?,
            text::config_owned(aws_access_key_id, "aws_access_key_id")?,
            text::config_owned(aws_secret_access_key, "aws_secret_access_key")?,
            text::config_owned(aws_session_token, "aws_session_token")?,
            config,
        )?;
        options.boto3_signature_default = boto3_signature_default;
        let resolved = crate::config::resolve(&options, &ProcessEnvironment)?;
        Ok(Presigner::with_core(
            CorePresigner::new(resolved)?,
            strict_expiry,
        ))
    }

    /// Private, for ``s3presign.from_boto3``: a presigner from what a boto3 client resolved,
    /// with no environment or file lookup. ``config`` is a dict of ``Config`` fields;
    /// ``refresher`` returns ``(access_key, secret_key, token, expiry, refresh_at)`` and is
    /// called before signing once ``refresh_at`` (epoch seconds) has passed; ``expiry`` is
    /// when the first keys expire. ``other_endpoint_ruleset``: the client's botocore evaluates
    /// another S3 endpoint ruleset or partitions, so ARN, directory-bucket and bucketless calls
    /// are refused with ``UnsupportedError``; so are calls with one of ``refused_members``
    /// (members the client's botocore serialises otherwise).
    #[staticmethod]
    #[pyo3(signature = (*, region_name, signing_region, endpoint_url, aws_access_key_id,
        aws_secret_access_key, aws_session_token, config, expiry=None, refresher=None,
        refresh_at=None, boto3_signature_default=false, strict_expiry=false,
        crt_query_order=false, sigv4a_available=false, other_endpoint_ruleset=false,
        refused_members=Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn _from_resolved(
        region_name: &Bound<'_, PyString>,
        signing_region: &Bound<'_, PyString>,
        endpoint_url: Option<&Bound<'_, PyString>>,
        aws_access_key_id: &Bound<'_, PyString>,
        aws_secret_access_key: &Bound<'_, PyString>,
        aws_session_token: Option<&Bound<'_, PyString>>,
        config: &Bound<'_, PyAny>,
        expiry: Option<f64>,
        refresher: Option<Py<PyAny>>,
        refresh_at: Option<f64>,
        boto3_signature_default: bool,
        strict_expiry: bool,
        crt_query_order: bool,
        sigv4a_available: bool,
        other_endpoint_ruleset: bool,
        refused_members: Vec<String>,
    ) -> PyResult<Self> {
        let mut options = config::client_options(
            text::config_owned(Some(region_name), "region_name")?,
            text::config_owned(endpoint_url, "endpoint_url")?,
            text::config_owned(Some(aws_access_key_id), "aws_access_key_id")?,
            text::config_owned(Some(aws_secret_access_key), "aws_secret_access_key")?,
            text::config_owned(aws_session_token, "aws_session_token")?.filter(|t| !t.is_empty()),
            Some(config),
        )?;
        options.boto3_signature_default = boto3_signature_default;
        let mut resolved = crate::config::resolve(&options, &crate::config::NoEnvironment)?;
        resolved.signing_region = text::config(signing_region, "signing_region")?.to_owned();
        resolved.crt_query_order = crt_query_order;
        resolved.sigv4a_available = sigv4a_available;
        resolved.other_endpoint_ruleset = other_endpoint_ruleset;
        resolved.refused_members = refused_members;
        resolved.credentials_expiry = expiry.filter(|e| e.is_finite()).map(|e| e.floor() as i64);
        let mut presigner = Presigner::with_core(CorePresigner::new(resolved)?, strict_expiry);
        presigner.refresher = refresher;
        presigner.refresh_at_ms = AtomicI64::new(epoch_ms(refresh_at));
        Ok(presigner)
    }

    /// Private (``s3presign._aio``): take the refresher's keys now, whatever the clock says.
    fn _refresh_credentials(&self, py: Python<'_>) -> PyResult<()> {
        match &self.refresher {
            Some(refresher) => self.refresh(py, refresher),
            None => Ok(()),
        }
    }

    /// Presign ``ClientMethod`` (boto3's snake_case S3 method name) with ``Params``.
    ///
    /// ``ExpiresIn`` must be 1 to 604800 seconds. ``signing_time`` (an aware datetime or
    /// epoch seconds) fixes ``X-Amz-Date``; the default is now. Each operation's ``Params`` is
    /// typed: a misspelt operation, a misspelt member or a value of the wrong type is a type
    /// error.
    #[pyo3(
        signature = (ClientMethod, Params=None, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Params=None, ExpiresIn=3600, HttpMethod=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case)]
    fn generate_presigned_url<'py>(
        &self,
        py: Python<'py>,
        ClientMethod: &Bound<'py, PyString>,
        Params: Option<&Bound<'py, PyAny>>,
        ExpiresIn: ExpiresInArg,
        HttpMethod: Option<&Bound<'py, PyString>>,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<Bound<'py, PyString>> {
        let ClientMethod = text::param(ClientMethod, "ClientMethod")?;
        let HttpMethod = HttpMethod
            .map(|m| text::param(m, "HttpMethod"))
            .transpose()?;
        let options = PresignOptions {
            expires_in: ExpiresIn.0,
            http_method: HttpMethod,
            signing_time: default_signing_time(py, signing_time),
        };
        self.before_signing(py, &options.signing_time, options.expires_in)?;
        let Some(Params) = Params.filter(|p| !p.is_none()) else {
            let url = self
                .inner
                .generate_presigned_url(ClientMethod, Vec::new(), &options)?;
            return Ok(url_str(py, &url));
        };
        if let Some(url) = self.like_last_call(py, ClientMethod, Params, &options) {
            return url;
        }
        let params = ParamsArg::extract(Params.as_borrowed())?.0;
        let url = self
            .inner
            .generate_presigned_url(ClientMethod, params, &options)?;
        Ok(url_str(py, &url))
    }

    /// One presigned URL per key in ``Keys``, each equal to ``generate_presigned_url``
    /// with ``Params`` (shared members such as ``ResponseContentDisposition``) plus that
    /// ``Bucket`` and key. The GIL is released while signing and large batches use every core.
    /// A bad key fails the whole call with an error naming its index (``Keys[3]: ...``).
    /// Ctrl-C stops a running batch; forked children sign on threads of their own.
    #[pyo3(
        signature = (ClientMethod, Bucket, Keys, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, Params=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Bucket, Keys, ExpiresIn=3600, HttpMethod=None, Params=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn generate_presigned_urls<'py>(
        &self,
        py: Python<'py>,
        ClientMethod: &Bound<'py, PyString>,
        Bucket: &Bound<'py, PyString>,
        Keys: &Bound<'py, PyAny>,
        ExpiresIn: ExpiresInArg,
        HttpMethod: Option<&Bound<'py, PyString>>,
        Params: Option<ParamsArg>,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ClientMethod = text::param(ClientMethod, "ClientMethod")?;
        let Bucket = text::param(Bucket, "Bucket")?;
        let HttpMethod = HttpMethod
            .map(|m| text::param(m, "HttpMethod"))
            .transpose()?;
        if Keys.is_instance_of::<PyString>() {
            return Err(param_error(
                "Keys must be an iterable of str keys, not a single str".into(),
            ));
        }
        // The key strings are borrowed, not copied: `owners` keeps them alive until the end.
        // `len()` is only a hint (a lazy cursor may over-report it): capped, never trusted.
        let hint = Keys.len().unwrap_or(0).min(MAX_KEYS_PRESIZED);
        let mut owners = Vec::with_capacity(hint);
        for (i, key) in Keys.try_iter()?.enumerate() {
            let key = key?;
            if i % SIGNAL_CHECK_KEYS == SIGNAL_CHECK_KEYS - 1 {
                // A long collection (a huge list, an endless generator) stays interruptible.
                py.check_signals()?;
            }
            let key = key.cast_into::<PyString>().map_err(|e| {
                param_error(format!(
                    "Keys[{i}] must be a str, not {}",
                    e.into_inner()
                        .get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?;
            owners.push(key);
        }
        let keys = owners
            .iter()
            .enumerate()
            .map(|(i, key)| {
                key.to_str().map_err(|_| {
                    param_error(format!("Keys[{i}] is not valid Unicode (lone surrogate)"))
                })
            })
            .collect::<PyResult<Vec<&str>>>()?;
        let Some(first) = keys.first() else {
            return Ok(PyList::empty(py));
        };
        let options = PresignOptions {
            expires_in: ExpiresIn.0,
            http_method: HttpMethod,
            signing_time: default_signing_time(py, signing_time),
        };
        // Once per batch: one refresh at most, one warning.
        self.before_signing(py, &options.signing_time, options.expires_in)?;
        let shared = Params.map(|p| p.0).unwrap_or_default();
        let inner = &self.inner;
        let batch_error = |(index, err): BatchError| -> PyErr {
            match index {
                Some(i) => err.prefixed(&format!("Keys[{i}]")).into(),
                None => err.into(),
            }
        };
        let batch = py
            .detach(|| inner.batch(ClientMethod, Bucket, first, &shared, &options))
            .map_err(batch_error)?;
        let list = new_list(py, keys.len())?;
        let mut filled = 0;
        let mut interrupted = None;
        // The pool signs while this thread makes the strings, which needs the GIL; it is
        // released whenever this thread signs or waits.
        batch
            .sign_in_order(
                &keys,
                |url| {
                    if filled % SIGNAL_CHECK_KEYS == SIGNAL_CHECK_KEYS - 1 {
                        // Ctrl-C (or any signal handler that raises) stops the batch here.
                        if let Err(err) = py.check_signals() {
                            interrupted = Some(err);
                            return ControlFlow::Break(());
                        }
                    }
                    set_list_item(&list, filled, url_str(py, url));
                    filled += 1;
                    ControlFlow::Continue(())
                },
                |sign| py.detach(sign),
            )
            .map_err(batch_error)?;
        if let Some(err) = interrupted {
            return Err(err);
        }
        Ok(finish_list(list, filled))
    }

    /// One presigned URL per key of an Arrow array or stream, each equal to
    /// ``generate_presigned_url`` for that key with ``Params`` shared; a null key gives a null
    /// URL. No Python object is made per URL and pyarrow is not needed.
    ///
    /// ``Keys`` is anything exporting the Arrow PyCapsule interface, with keys of type
    /// ``string``, ``large_string`` or ``string_view`` (record batches and tables: their column
    /// named ``key``, or their only column):
    ///
    /// - an array (``__arrow_c_array__``: a pyarrow Array or RecordBatch, a nanoarrow array)
    ///   gives a :class:`UrlArray`, signed now on every core;
    /// - a stream (``__arrow_c_stream__``: a pyarrow ChunkedArray, Table or RecordBatchReader,
    ///   e.g. over a Parquet dataset, a polars Series or DataFrame, a DuckDB result) gives a
    ///   :class:`UrlStream`, signed lazily one batch at a time as it is read, so memory stays
    ///   bounded by the batch size.
    ///
    /// The URLs have the keys' string type (``string`` becomes ``large_string`` past 2 GiB of
    /// URLs in one array). Record batches give record batches with one column, ``url``. The
    /// call (method, ``ExpiresIn``, ``Params``...) is checked at once; a bad key raises
    /// ``ParamValidationError`` naming its row (``Keys[12345]: ...``), for a stream when its
    /// batch is read. Without ``signing_time``, a stream's batches are signed at the time each
    /// is read.
    #[pyo3(
        signature = (ClientMethod, Bucket, Keys, ExpiresIn=ExpiresInArg(3600), HttpMethod=None, Params=None, *, signing_time=None),
        text_signature = "($self, /, ClientMethod, Bucket, Keys, ExpiresIn=3600, HttpMethod=None, Params=None, *, signing_time=None)"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn generate_presigned_urls_arrow<'py>(
        slf: &Bound<'py, Self>,
        ClientMethod: &str,
        Bucket: &str,
        Keys: &Bound<'py, PyAny>,
        ExpiresIn: ExpiresInArg,
        HttpMethod: Option<&str>,
        Params: Option<ParamsArg>,
        signing_time: Option<SigningTimeArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        arrow::generate_presigned_urls_arrow(
            slf,
            ClientMethod,
            Bucket,
            Keys,
            ExpiresIn.0,
            HttpMethod,
            Params.map(|p| p.0).unwrap_or_default(),
            signing_time.map(|t| t.0),
        )
    }

    /// Pickles the configuration and credentials, the secret key and token included (treat
    /// the pickle as you would the keys). The copy signs exactly as this presigner, without
    /// looking at the environment or files where it is unpickled. A presigner with refreshable
    /// credentials (``from_boto3`` with an assumed role, SSO...) raises ``UnsupportedError``:
    /// make one in each worker instead.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let state = pickle::state(py, self)?;
        let unpickle = py
            .import("s3presign._native")?
            .getattr("_presigner_from_state")?;
        Ok((unpickle, (state,)))
    }

    /// The same configuration and credentials (refreshable credentials stay shared).
    fn __copy__(&self) -> PyResult<Self> {
        pickle::copy(self)
    }

    /// As ``__copy__``.
    #[pyo3(signature = (memo, /))]
    fn __deepcopy__(&self, memo: &Bound<'_, PyAny>) -> PyResult<Self> {
        let _ = memo;
        pickle::copy(self)
    }

    /// boto3's ``generate_presigned_post``: ``{"url": ..., "fields": {...}}`` for a browser
    /// form upload (multipart/form-data POST, the file in the last part) of ``Key`` into
    /// ``Bucket``, equal to boto3's (same URL, fields in the same order, same policy bytes).
    ///
    /// ``Fields`` (str names, str or number values) are copied and returned with ``key`` and
    /// the signature fields added; ``Conditions`` are policy conditions such as
    /// ``{"acl": "public-read"}`` or ``["content-length-range", 1, 10485760]`` (any value
    /// ``json.dumps`` takes), followed by the bucket and key conditions. A ``Key`` ending in
    /// ``${filename}`` allows any key with that prefix. ``ExpiresIn`` (1 to 604800 seconds)
    /// sets the policy's expiration from ``signing_time`` (an aware datetime or epoch seconds;
    /// the default is now). Unlike boto3, the caller's ``Conditions`` list is not modified.
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
    ) -> PyResult<Bound<'py, PyDict>> {
        let bucket = post::str_arg(Bucket, "Bucket")?;
        let key = post::str_arg(Key, "Key")?;
        let fields = post::fields(py, Fields)?;
        let conditions = post::conditions(Conditions)?;
        let options = crate::post::PostOptions {
            expires_in: ExpiresIn.0,
            signing_time: default_signing_time(py, signing_time),
        };
        self.before_signing(py, &options.signing_time, options.expires_in)?;
        let signed = self
            .inner
            .generate_presigned_post(&bucket, &key, &conditions, &options)?;
        for (name, value) in signed.fields {
            fields.set_item(name, value)?;
        }
        let out = PyDict::new(py);
        out.set_item("url", signed.url)?;
        out.set_item("fields", fields)?;
        Ok(out)
    }

    /// The client's region.
    #[getter]
    fn region_name(&self) -> &str {
        &self.inner.config().region
    }

    /// The configured custom endpoint, if any.
    #[getter]
    fn endpoint_url(&self) -> Option<&str> {
        self.inner.config().endpoint_url.as_deref()
    }

    /// The access key id that signs (the secret is never exposed).
    #[getter]
    fn aws_access_key_id(&self) -> String {
        self.inner.credentials().access_key().to_owned()
    }

    /// When the signing credentials expire (aware, UTC), if they carry an expiry.
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

    /// Whether credentials expiring before a URL raise instead of warning.
    #[getter]
    fn strict_expiry(&self) -> bool {
        self.strict_expiry
    }

    /// Check ``url`` (a presigned URL from any SDK) against these credentials as S3 would
    /// when it receives it with ``HttpMethod`` and ``headers`` (the headers the client sends:
    /// Content-Type, x-amz-*...; ``Host`` is taken from the URL) at ``now`` (an aware
    /// datetime or epoch seconds; the default is now).
    ///
    /// The ``Verification`` says whether it is ``valid``; if not, ``part`` names what fails
    /// (``"access key"``, ``"scope"`` (date, region or service), ``"url"``,
    /// ``"not yet valid"``, ``"expired"``, ``"signed header"`` or ``"signature"``) and
    /// ``reason`` why. ``canonical_request`` (SigV4) and ``string_to_sign`` are in the form
    /// S3 prints in its ``SignatureDoesNotMatch`` error, to diff with it, and
    /// ``expected_signature`` is the signature these credentials give the request. A string
    /// that is not a presigned URL raises ``ParamValidationError``.
    #[pyo3(
        signature = (url, HttpMethod="GET", headers=None, *, now=None),
        text_signature = "($self, /, url, HttpMethod='GET', headers=None, *, now=None)"
    )]
    #[allow(non_snake_case)]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        url: &str,
        HttpMethod: &str,
        headers: Option<&Bound<'py, PyAny>>,
        now: Option<SigningTimeArg>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let credentials = self.inner.credentials();
        let verifier = crate::verify::Verifier {
            credentials: &credentials,
            region: &self.inner.config().signing_region,
        };
        doctor::verification(py, &verifier, url, HttpMethod, headers, now)
    }

    /// Private (``repr`` and the Jupyter view): what the presigner signs with, never the
    /// secret or the token.
    fn _describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        use crate::config::SignatureVersion;
        let c = self.inner.config();
        let credentials = self.inner.credentials();
        let out = PyDict::new(py);
        out.set_item("region_name", &c.region)?;
        out.set_item("endpoint_url", c.endpoint_url.as_deref())?;
        let version = match c.signature_version {
            SignatureVersion::S3V4 => "s3v4",
            SignatureVersion::S3 => "s3",
        };
        out.set_item("signature_version", version)?;
        out.set_item("addressing_style", c.addressing_style.as_str())?;
        out.set_item("aws_access_key_id", credentials.access_key())?;
        let source = if self.refresher.is_some() {
            "boto3 (refreshable)"
        } else {
            c.credential_source.method()
        };
        out.set_item("credentials", source)?;
        out.set_item("session_token", credentials.token().is_some())?;
        out.set_item("credentials_expiry", self.credentials_expiry(py)?)?;
        Ok(out)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let facts = slf.get()._describe(slf.py())?;
        slf.py()
            .import("s3presign._doctor")?
            .call_method1("presigner_repr", (facts,))?
            .extract()
    }

    /// The Jupyter view: a table of what ``repr`` shows.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let facts = slf.get()._describe(slf.py())?;
        slf.py()
            .import("s3presign._doctor")?
            .call_method1("presigner_html", (facts,))?
            .extract()
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
    m.add_function(wrap_pyfunction!(doctor::_inspect_url, m)?)?;
    m.add_function(wrap_pyfunction!(doctor::_operation_model, m)?)?;
    m.add_class::<arrow::UrlArray>()?;
    m.add_class::<arrow::UrlStream>()?;
    m.add_function(wrap_pyfunction!(pickle::_presigner_from_state, m)?)?;
    arrow::remember_main_thread();
    Ok(())
}
