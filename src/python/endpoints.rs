//! `s3presign.resolve_endpoint(params) -> dict` and the private `_partition_for_region`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};

use crate::endpoints::{self, ParamValue};
use crate::error::CoreError;

fn param_value(name: &str, value: &Bound<'_, PyAny>) -> Result<Option<ParamValue>, CoreError> {
    if value.is_none() {
        // botocore treats a None parameter as not given (its default applies).
        return Ok(None);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(ParamValue::Bool(b.is_true())));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(ParamValue::String(
            s.to_str().map_err(|_| bad_str(name))?.to_owned(),
        )));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in value.try_iter().map_err(|_| bad_type(name, value))? {
            let item = item.map_err(|_| bad_type(name, value))?;
            let s = item.cast::<PyString>().map_err(|_| bad_type(name, value))?;
            items.push(s.to_str().map_err(|_| bad_str(name))?.to_owned());
        }
        return Ok(Some(ParamValue::StringArray(items)));
    }
    Err(bad_type(name, value))
}

fn bad_str(name: &str) -> CoreError {
    CoreError::ParamValidation(format!(
        "Endpoint parameter {name} is not valid Unicode: it contains a lone surrogate"
    ))
}

fn bad_type(name: &str, value: &Bound<'_, PyAny>) -> CoreError {
    let ty = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    CoreError::ParamValidation(format!(
        "Endpoint parameter {name} must be str, bool or list[str], not {ty}"
    ))
}

fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Evaluate the official S3 endpoint ruleset for ``params`` (the ruleset's parameter names:
/// ``Bucket``, ``Region``, ``UseFIPS``, ``UseDualStack``, ``Endpoint``, ``ForcePathStyle``,
/// ``Accelerate``, ``UseGlobalEndpoint``, ``UseArnRegion``...).
///
/// Returns ``{"url": str, "properties": dict, "headers": dict[str, list[str]]}``. A rule error
/// raises ``EndpointResolutionError`` whose ``str()`` is the ruleset's message.
#[pyfunction]
pub fn resolve_endpoint<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut owned: Vec<(String, ParamValue)> = Vec::with_capacity(params.len());
    for (k, v) in super::convert::dict_items(params) {
        let name: String = k
            .cast::<PyString>()
            .map_err(|_| CoreError::ParamValidation("Endpoint parameter names must be str".into()))?
            .to_str()
            .map_err(|_| bad_str("name"))?
            .to_owned();
        if let Some(value) = param_value(&name, &v)? {
            owned.push((name, value));
        }
    }
    let borrowed: Vec<(&str, ParamValue)> =
        owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let endpoint = endpoints::resolve(&borrowed)?;
    let out = PyDict::new(py);
    out.set_item("url", &endpoint.url)?;
    let properties = PyDict::new(py);
    for (k, v) in &endpoint.properties {
        properties.set_item(k, json_to_py(py, v)?)?;
    }
    out.set_item("properties", properties)?;
    let headers = PyDict::new(py);
    for (k, values) in &endpoint.headers {
        headers.set_item(k, PyList::new(py, values)?)?;
    }
    out.set_item("headers", headers)?;
    Ok(out)
}

/// `client.meta.partition` boto3 computes for an S3 client in `region` (private; for tests).
#[pyfunction]
#[pyo3(name = "_partition_for_region")]
pub fn partition_for_region(region: &str) -> &'static str {
    endpoints::partition_for_region(region)
}

/// Private: ``client.meta.partition`` of an S3 client with these settings.
#[pyfunction]
#[pyo3(name = "_client_partition")]
pub fn client_partition(
    region: Option<&str>,
    use_dualstack_endpoint: bool,
    use_fips_endpoint: bool,
) -> PyResult<&'static str> {
    Ok(endpoints::client_partition(
        region,
        use_dualstack_endpoint,
        use_fips_endpoint,
    )?)
}
