//! The Python binding: the only module that touches pyo3 types. Input is converted and checked
//! once here, then the pure core does the work.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::error::CoreError;

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

#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(debug::serialize_debug, m)?)?;
    Ok(())
}
