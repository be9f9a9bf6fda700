//! `generate_presigned_urls_arrow`: keys from any object exporting the Arrow PyCapsule
//! interface (`__arrow_c_array__` or `__arrow_c_stream__`), URLs out as an object exporting the
//! same, built from the batch pipeline's chunks (see `crate::arrow`). pyarrow is never
//! imported: everything goes through the C Data and C Stream interfaces (arrow-rs's `ffi`).

use std::ffi::CStr;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::ThreadId;

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{make_array, Array, ArrayReader, ArrayRef};
use arrow_schema::{ArrowError, Field, FieldRef};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use super::{param_error, Presigner};
use crate::arrow::{self as core_arrow, ArrowStop, KeyColumn};
use crate::client::PresignOptions;
use crate::error::CoreError;
use crate::sign::SigningTime;
use crate::value::Params;

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";
const STREAM: &CStr = c"arrow_array_stream";

/// The thread that imported the module (the main thread): the only one where Python runs
/// signal handlers, so the only one where a stream checks for Ctrl-C.
static MAIN_THREAD: OnceLock<ThreadId> = OnceLock::new();

pub(super) fn remember_main_thread() {
    MAIN_THREAD.get_or_init(|| std::thread::current().id());
}

fn on_main_thread() -> bool {
    MAIN_THREAD.get() == Some(&std::thread::current().id())
}

/// What the call signs besides the keys, owned so a stream can sign after the call returns.
struct Call {
    client_method: String,
    bucket: String,
    shared: Params,
    expires_in: u64,
    http_method: Option<String>,
    /// `None`: each batch is signed at the time it is signed.
    signing_time: Option<SigningTime>,
}

impl Call {
    fn options(&self, signing_time: SigningTime) -> PresignOptions<'_> {
        PresignOptions {
            expires_in: self.expires_in,
            http_method: self.http_method.as_deref(),
            signing_time,
        }
    }
}

/// `Presigner.generate_presigned_urls_arrow`.
#[allow(clippy::too_many_arguments)]
pub(super) fn generate_presigned_urls_arrow<'py>(
    presigner: &Bound<'py, Presigner>,
    client_method: &str,
    bucket: &str,
    keys: &Bound<'py, PyAny>,
    expires_in: u64,
    http_method: Option<&str>,
    shared: Params,
    signing_time: Option<SigningTime>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = presigner.py();
    let call = Call {
        client_method: client_method.to_owned(),
        bucket: bucket.to_owned(),
        shared,
        expires_in,
        http_method: http_method.map(str::to_owned),
        signing_time,
    };
    if keys.hasattr("__arrow_c_array__")? {
        let array = import_array(keys)?;
        let column = core_arrow::key_column(array.data_type())?;
        let signing_time = call.signing_time.unwrap_or_else(SigningTime::now);
        presigner
            .get()
            .before_signing(py, &signing_time, call.expires_in)?;
        let inner = &presigner.get().inner;
        let urls = py.detach(|| sign_array(inner, &call, signing_time, &array, &column, 0))?;
        return Ok(Bound::new(py, UrlArray { array: urls })?.into_any());
    }
    if keys.hasattr("__arrow_c_stream__")? {
        let input = import_stream(keys)?;
        let column = core_arrow::key_column(input.field().data_type())?;
        // The whole call is checked now, with a stand-in key: only the keys are left to fail
        // while the stream is read.
        let signing_time = call.signing_time.unwrap_or_else(SigningTime::now);
        let options = call.options(signing_time);
        presigner
            .get()
            .inner
            .batch(
                &call.client_method,
                &call.bucket,
                "key",
                &call.shared,
                &options,
            )
            .map_err(|(_, e)| PyErr::from(e))?;
        let field = core_arrow::url_field(input.field(), &column, column.kind);
        let stream = SignedStream {
            input,
            column,
            field,
            presigner: presigner.clone().unbind(),
            call,
            rows: 0,
        };
        return Ok(Bound::new(
            py,
            UrlStream {
                stream: Mutex::new(Some(stream)),
            },
        )?
        .into_any());
    }
    Err(param_error(format!(
        "Keys must export Arrow data (__arrow_c_array__ or __arrow_c_stream__: a pyarrow Array, \
         ChunkedArray or RecordBatchReader, a polars Series...), not {}",
        keys.get_type().name()?
    )))
}

/// How signing stopped: a core error (a bad key, named by its row), or a Python exception
/// (Ctrl-C, a failed credentials refresh) with its message taken while it could be.
enum SignError {
    Core(CoreError),
    Python {
        err: PyErr,
        message: String,
        interrupted: bool,
    },
}

impl SignError {
    fn python(py: Python<'_>, err: PyErr) -> SignError {
        let message = match err.get_type(py).name() {
            Ok(name) => format!("{name}: {}", err.value(py)),
            Err(_) => err.value(py).to_string(),
        };
        let interrupted = err.is_instance_of::<PyKeyboardInterrupt>(py);
        SignError::Python {
            err,
            message,
            interrupted,
        }
    }

    /// What a C stream consumer sees (its own exception type, with this message).
    fn message(&self) -> String {
        match self {
            SignError::Core(err) => format!("{}: {err}", class_name(err)),
            SignError::Python { message, .. } => message.clone(),
        }
    }
}

impl From<SignError> for PyErr {
    fn from(err: SignError) -> PyErr {
        match err {
            SignError::Core(err) => err.into(),
            SignError::Python { err, .. } => err,
        }
    }
}

/// The Python class `From<CoreError> for PyErr` raises for this error.
fn class_name(err: &CoreError) -> &'static str {
    match err {
        CoreError::ParamValidation(_) => "ParamValidationError",
        CoreError::UnknownClientMethod(_) => "UnknownClientMethodError",
        CoreError::NoCredentials(_) => "NoCredentialsError",
        CoreError::EndpointResolution(_) => "EndpointResolutionError",
        CoreError::Unsupported(_) => "UnsupportedError",
        CoreError::InvalidConfig(_) => "InvalidConfigError",
    }
}

/// Runs `f` without holding the GIL: released around it when this thread holds it.
fn without_gil<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    // SAFETY: PyGILState_Check only reads this thread's state.
    if unsafe { pyo3::ffi::PyGILState_Check() } == 1 {
        Python::attach(|py| py.detach(f))
    } else {
        f()
    }
}

/// Ctrl-C, on the main thread (elsewhere Python runs no signal handlers).
fn check_signals() -> Result<(), SignError> {
    if !on_main_thread() {
        return Ok(());
    }
    Python::attach(|py| py.check_signals().map_err(|e| SignError::python(py, e)))
}

/// Signs one array of keys (no GIL needed); `first_row` names failing keys by stream row.
fn sign_array(
    inner: &crate::client::Presigner,
    call: &Call,
    signing_time: SigningTime,
    array: &ArrayRef,
    column: &KeyColumn,
    first_row: usize,
) -> Result<ArrayRef, SignError> {
    let keys = core_arrow::keys(array.as_ref(), column).map_err(SignError::Core)?;
    let options = call.options(signing_time);
    let urls = core_arrow::sign_keys(
        inner,
        &call.client_method,
        &call.bucket,
        &call.shared,
        &options,
        &keys,
        check_signals,
    )
    .map_err(|stop| match stop {
        ArrowStop::Failed((Some(row), err)) => {
            SignError::Core(err.prefixed(&format!("Keys[{}]", first_row + row)))
        }
        ArrowStop::Failed((None, err)) => SignError::Core(err),
        ArrowStop::Stopped(err) => err,
    })?;
    Ok(core_arrow::in_shape_of(array.as_ref(), column, urls))
}

impl From<SignError> for ArrowError {
    fn from(err: SignError) -> ArrowError {
        ArrowError::InvalidArgumentError(err.message())
    }
}

/// Calls `__arrow_c_array__()` and takes the array it exports.
fn import_array(obj: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let exported = obj.call_method0("__arrow_c_array__")?;
    let (schema, array) = exported
        .cast::<PyTuple>()
        .ok()
        .filter(|t| t.len() == 2)
        .map(|t| (t.get_item(0), t.get_item(1)))
        .ok_or_else(|| param_error("Keys.__arrow_c_array__() must return two capsules".into()))?;
    let schema = schema?.cast_into::<PyCapsule>()?;
    let array = array?.cast_into::<PyCapsule>()?;
    let schema_ptr = schema.pointer_checked(Some(SCHEMA))?;
    let array_ptr = array.pointer_checked(Some(ARRAY))?;
    // SAFETY: the capsules hold an Arrow C schema and array (their names say so); the array is
    // moved out (its capsule is left released), the schema only borrowed.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast());
        from_ffi(array, &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>())
    }
    .map_err(|e| param_error(format!("Keys: cannot read its Arrow array: {e}")))?;
    Ok(make_array(data))
}

/// Calls `__arrow_c_stream__()` and takes the stream it exports.
fn import_stream(obj: &Bound<'_, PyAny>) -> PyResult<ArrayStreamReader> {
    let capsule = obj
        .call_method0("__arrow_c_stream__")?
        .cast_into::<PyCapsule>()?;
    let ptr = capsule.pointer_checked(Some(STREAM))?;
    // SAFETY: the capsule holds an Arrow C stream (its name says so), moved out here.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    ArrayStreamReader::try_new(stream)
        .map_err(|e| param_error(format!("Keys: cannot read its Arrow stream: {e}")))
}

/// Presigned URLs as an Arrow array (``__arrow_c_array__``): ``pyarrow.array(urls)`` and
/// other Arrow consumers take it without copying (``polars.Series(urls)`` too for
/// ``string_view`` URLs; polars converts other string types to its own).
#[pyclass(frozen, module = "s3presign")]
pub(super) struct UrlArray {
    array: ArrayRef,
}

#[pymethods]
impl UrlArray {
    /// The Arrow PyCapsule interface: a schema and an array capsule (the URLs keep their
    /// string type whatever ``requested_schema`` asks).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // A requested type is a hint the producer may ignore (the PyCapsule protocol); the
        // URLs come in the keys' string type.
        let _ = requested_schema;
        // Exported as a nullable field named "url": consumers that honour the nullable flag
        // (nanoarrow) would otherwise read null URLs as empty strings.
        let data = self.array.to_data();
        let field = Field::new("url", data.data_type().clone(), true);
        let schema = FFI_ArrowSchema::try_from(&field)
            .map_err(|e| param_error(format!("cannot export the URLs: {e}")))?;
        let array = FFI_ArrowArray::new(&data);
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.array.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<s3presign.UrlArray: {} URLs, {} null, {}>",
            self.array.len(),
            self.array.null_count(),
            self.array.data_type()
        )
    }
}

/// Keys read and signed one batch at a time, as the consumer asks.
struct SignedStream {
    input: ArrayStreamReader,
    column: KeyColumn,
    field: FieldRef,
    presigner: Py<Presigner>,
    call: Call,
    /// Rows signed so far, to name a failing key by its row in the whole stream.
    rows: usize,
}

impl SignedStream {
    fn next_urls(&mut self) -> Result<Option<ArrayRef>, SignError> {
        let array = match self.input.next() {
            None => return Ok(None),
            Some(Ok(array)) => array,
            Some(Err(e)) => {
                return Err(SignError::Core(CoreError::ParamValidation(format!(
                    "Keys: reading its stream failed after {} rows: {e}",
                    self.rows
                ))))
            }
        };
        let presigner = self.presigner.get();
        let signing_time = self.call.signing_time.unwrap_or_else(SigningTime::now);
        // Python only when there is something to do there: Ctrl-C on the main thread, a
        // credentials refresh or an expiry warning; a consumer on another thread may be
        // reading this stream while the GIL's holder waits for it.
        if on_main_thread() || presigner.needs_python(&signing_time, self.call.expires_in) {
            Python::attach(|py| {
                if on_main_thread() {
                    py.check_signals()?;
                }
                presigner.before_signing(py, &signing_time, self.call.expires_in)
            })
            .map_err(|e| Python::attach(|py| SignError::python(py, e)))?;
        }
        let (call, column, rows) = (&self.call, &self.column, self.rows);
        let urls =
            without_gil(|| sign_array(&presigner.inner, call, signing_time, &array, column, rows))?;
        if urls.data_type() != self.field.data_type() {
            return Err(SignError::Core(CoreError::ParamValidation(format!(
                "the URLs of one batch of Keys (rows {} to {}) pass 2 GiB, more than an Arrow \
                 string array holds: use large_string keys or smaller batches",
                self.rows,
                self.rows + array.len()
            ))));
        }
        self.rows += array.len();
        Ok(Some(urls))
    }
}

impl Iterator for SignedStream {
    type Item = Result<ArrayRef, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_urls() {
            Ok(urls) => urls.map(Ok),
            Err(err) => {
                if let SignError::Python {
                    interrupted: true, ..
                } = err
                {
                    // The consumer only passes a message on: have Python raise
                    // KeyboardInterrupt again as soon as it runs.
                    // SAFETY: callable from any thread, with or without the GIL.
                    unsafe { pyo3::ffi::PyErr_SetInterrupt() };
                }
                Some(Err(err.into()))
            }
        }
    }
}

impl ArrayReader for SignedStream {
    fn field(&self) -> &FieldRef {
        &self.field
    }
}

/// Presigned URLs as an Arrow stream (``__arrow_c_stream__``), signed one batch of keys at a
/// time as it is read: by an Arrow consumer (``pyarrow.RecordBatchReader.from_stream``,
/// ``pyarrow.chunked_array``, ``polars.Series``...) or by iterating over it, which gives one
/// :class:`UrlArray` per batch. It can be read once. An Arrow consumer reports a failure with
/// its own exception type, the message naming s3presign's (``ParamValidationError: ...``);
/// iterating raises s3presign's exception itself.
#[pyclass(frozen, module = "s3presign")]
pub(super) struct UrlStream {
    stream: Mutex<Option<SignedStream>>,
}

impl UrlStream {
    fn take(&self) -> PyResult<SignedStream> {
        self.stream
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| param_error("this stream of URLs was already read".into()))
    }
}

#[pymethods]
impl UrlStream {
    /// The Arrow PyCapsule interface: a stream capsule.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let stream = core_arrow::export::export_array_reader(Box::new(self.take()?));
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next batch's URLs, as a `UrlArray`.
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<UrlArray>> {
        // Out of the lock while it signs: signing may need the GIL, which a thread waiting
        // for the lock would hold.
        let mut stream = self.take()?;
        match py.detach(|| stream.next_urls()) {
            Ok(Some(array)) => {
                *self.stream.lock().unwrap_or_else(PoisonError::into_inner) = Some(stream);
                Ok(Some(UrlArray { array }))
            }
            Ok(None) => {
                *self.stream.lock().unwrap_or_else(PoisonError::into_inner) = Some(stream);
                Ok(None)
            }
            Err(err) => Err(err.into()),
        }
    }

    fn __repr__(&self) -> String {
        match &*self.stream.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(stream) => format!("<s3presign.UrlStream of {}>", stream.field.data_type()),
            None => "<s3presign.UrlStream, read>".into(),
        }
    }
}
