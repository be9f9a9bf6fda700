//! TEMPORARY minimal Params conversion (replaced by the serialisation branch).
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::error::CoreError;
use crate::value::{Params, Value};

pub struct ParamsArg(pub Params);

impl<'a, 'py> FromPyObject<'a, 'py> for ParamsArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            return Ok(ParamsArg(Vec::new()));
        }
        let dict = obj
            .cast::<PyDict>()
            .map_err(|_| CoreError::ParamValidation("Params must be a mapping".into()))?;
        let mut out = Vec::new();
        for (k, v) in dict.iter() {
            let k: String = k.extract()?;
            let v = if let Ok(s) = v.cast::<PyString>() {
                Value::Str(s.to_str()?.to_owned())
            } else {
                return Err(CoreError::ParamValidation(format!("unsupported type for {k}")).into());
            };
            out.push((k, v));
        }
        Ok(ParamsArg(out))
    }
}
