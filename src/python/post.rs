//! `generate_presigned_post`'s Python arguments: `Fields` (a dict with str keys and str or
//! number values, returned as a copy with the signed fields set into it) and `Conditions` (a
//! list of JSON-able values: what `json.dumps` writes, s3presign writes the same).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::error::CoreError;
use crate::post::PolicyValue;

/// Nesting deeper than this is refused (it also stops self-referencing containers, which
/// `json.dumps` refuses too).
const MAX_DEPTH: usize = 64;

fn invalid(msg: String) -> PyErr {
    CoreError::ParamValidation(msg).into()
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn text(obj: &Bound<'_, PyString>, what: &str) -> PyResult<String> {
    obj.to_str()
        .map(str::to_owned)
        .map_err(|_| invalid(format!("{what} is not valid Unicode (lone surrogate)")))
}

/// A str argument (`Bucket`, `Key`) as a ParamValidationError when it is not one.
pub fn str_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => text(s, name),
        Err(_) => Err(invalid(format!(
            "{name} must be a str, not {}",
            type_name(obj)
        ))),
    }
}

/// `Conditions`: `None` or a list (or tuple) of JSON-able values.
pub fn conditions(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PolicyValue>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if obj.cast::<PyList>().is_err() && obj.cast::<PyTuple>().is_err() {
        return Err(invalid(format!(
            "Conditions must be a list of conditions, not {}",
            type_name(obj)
        )));
    }
    let mut out = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        out.push(policy_value(&item?, &format!("Conditions[{i}]"), 1)?);
    }
    Ok(out)
}

/// One condition value, as `json.dumps` would take it.
fn policy_value(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<PolicyValue> {
    if depth > MAX_DEPTH {
        return Err(invalid(format!("{path} is nested too deeply")));
    }
    if obj.is_none() {
        return Ok(PolicyValue::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(PolicyValue::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(PolicyValue::Int(i));
        }
        // json.dumps writes int.__repr__(o), whatever the subclass.
        let repr = obj
            .py()
            .get_type::<PyInt>()
            .getattr("__repr__")?
            .call1((obj,))?;
        return Ok(PolicyValue::BigInt(repr.extract()?));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(PolicyValue::Float(f.value()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s, path).map(PolicyValue::Str);
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(policy_value(&item?, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(PolicyValue::List(items));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut items = Vec::with_capacity(d.len());
        for (k, v) in super::convert::dict_items(d) {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(invalid(format!(
                    "{path} has a key of type {}; condition keys must be str",
                    type_name(&k)
                )));
            };
            let key = text(key, &format!("a key of {path}"))?;
            let value = policy_value(&v, &format!("{path}[{key:?}]"), depth + 1)?;
            items.push((key, value));
        }
        return Ok(PolicyValue::Map(items));
    }
    Err(invalid(format!(
        "{path} is a {}; conditions hold only str, int, float, bool, None, lists and dicts",
        type_name(obj)
    )))
}

/// `Fields`: `None` or a dict with str keys and str or number values, copied (boto3 copies it
/// too and leaves the caller's dict alone).
pub fn fields<'py>(
    py: Python<'py>,
    obj: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(PyDict::new(py));
    };
    let Ok(d) = obj.cast::<PyDict>() else {
        return Err(invalid(format!(
            "Fields must be a dict of form fields, not {}",
            type_name(obj)
        )));
    };
    let out = PyDict::new(py);
    for (k, v) in super::convert::dict_items(d) {
        let Ok(key) = k.cast::<PyString>() else {
            return Err(invalid(format!(
                "Fields has a key of type {}; field names must be str",
                type_name(&k)
            )));
        };
        let name = text(key, "a key of Fields")?;
        let is_number = !v.is_instance_of::<PyBool>()
            && (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>());
        if let Ok(s) = v.cast::<PyString>() {
            text(s, &format!("Fields[{name:?}]"))?;
        } else if !is_number {
            return Err(invalid(format!(
                "Fields[{name:?}] is a {}; field values must be str (or a number)",
                type_name(&v)
            )));
        }
        out.set_item(k, v)?;
    }
    Ok(out)
}
