//! `_native._serialize`: the serialisation pipeline without endpoint or signature, so tests can
//! compare it with botocore's request dict.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::convert::ParamsArg;
use crate::endpoints::ParamValue;
use crate::{operations, serialize};

fn pairs<'py>(py: Python<'py>, items: &[(String, String)]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, items.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `_serialize(ClientMethod, Params=None) -> dict` with `method`, `url_path`, `query`,
/// `headers` (lists of pairs), `host_prefix`, `context_params` (list of pairs) and `params` (the
/// Params after botocore's handlers, as a list of member names).
#[pyfunction]
#[pyo3(name = "_serialize", signature = (ClientMethod, Params = None))]
#[allow(non_snake_case)]
pub fn serialize_debug<'py>(
    py: Python<'py>,
    ClientMethod: &str,
    Params: Option<ParamsArg>,
) -> PyResult<Bound<'py, PyDict>> {
    let op = crate::client::find_operation(ClientMethod)?;
    let mut params = Params.map(|p| p.0).unwrap_or_default();
    serialize::apply_param_handlers(op, &mut params)?;
    let context = operations::checked_context_params(op, &params)?;
    let req = serialize::serialize(op, &params)?;
    let out = PyDict::new(py);
    out.set_item("method", req.method)?;
    out.set_item("url_path", &req.url_path)?;
    out.set_item("query", pairs(py, &req.query)?)?;
    out.set_item("headers", pairs(py, &req.headers)?)?;
    out.set_item("host_prefix", req.host_prefix.as_deref())?;
    let ctx = PyList::empty(py);
    for (name, value) in context {
        let v = match value {
            ParamValue::String(s) => s.into_pyobject(py)?.into_any(),
            ParamValue::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            ParamValue::StringArray(a) => a.into_pyobject(py)?.into_any(),
        };
        ctx.append((name, v))?;
    }
    out.set_item("context_params", ctx)?;
    out.set_item(
        "params",
        PyList::new(py, params.iter().map(|(k, _)| k.as_str()))?,
    )?;
    Ok(out)
}
