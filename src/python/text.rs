//! `str` arguments as UTF-8. A lone surrogate makes the conversion raise `UnicodeEncodeError`,
//! whose `.object` is the whole value (the secret key itself, for credentials): it is replaced
//! by the argument's named error, which says which argument and why, never its value.

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error::CoreError;

pub fn utf8<'a>(
    value: &'a Bound<'_, PyString>,
    name: &str,
    error: fn(String) -> CoreError,
) -> PyResult<&'a str> {
    value.to_str().map_err(|_| {
        error(format!(
            "{name} is not valid Unicode: it contains a lone surrogate (a str that cannot be \
             encoded as UTF-8)"
        ))
        .into()
    })
}

/// A call argument (`ClientMethod`, `HttpMethod`, `Bucket`...): `ParamValidationError`.
pub fn param<'a>(value: &'a Bound<'_, PyString>, name: &str) -> PyResult<&'a str> {
    utf8(value, name, CoreError::ParamValidation)
}

/// A client argument (region, endpoint, credentials, config): `InvalidConfigError`.
pub fn config<'a>(value: &'a Bound<'_, PyString>, name: &str) -> PyResult<&'a str> {
    utf8(value, name, CoreError::InvalidConfig)
}

/// An optional client argument, owned.
pub fn config_owned(value: Option<&Bound<'_, PyString>>, name: &str) -> PyResult<Option<String>> {
    value
        .map(|v| config(v, name).map(str::to_owned))
        .transpose()
}
