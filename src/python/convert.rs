//! `Params` (None or any Mapping) to the core's `Value` tree, checked once at the boundary.

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyDict,
    PyFloat, PyInt, PyList, PyMapping, PyString, PyTimeAccess, PyTuple,
};

use crate::error::CoreError;
use crate::value::{DateTimeValue, Params, Value};

/// Nesting deeper than this is refused (it also stops self-referencing containers).
const MAX_DEPTH: usize = 32;

/// `Params=` of `generate_presigned_url`: `None` or any Mapping with str keys.
#[derive(Debug, Clone, Default)]
pub struct ParamsArg(pub Params);

fn invalid(msg: String) -> PyErr {
    CoreError::ParamValidation(format!("Parameter validation failed:\n{msg}")).into()
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .fully_qualified_name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn key_string(key: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    let Ok(s) = key.cast::<PyString>() else {
        return Err(invalid(format!(
            "Invalid key in {path}: keys must be str, not {}",
            type_name(key)
        )));
    };
    s.to_str().map(str::to_owned).map_err(|_| {
        invalid(format!(
            "Invalid key in {path}: it is not valid Unicode (lone surrogate)"
        ))
    })
}

pub type Items<'py> = Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>;

/// A dict's items as they are now, to convert one by one. Converting runs user code (a
/// tzinfo's `utcoffset`, a list subclass's `__iter__`, a key's `__hash__`) that may change the
/// dict; iterating the dict itself would then panic. Collecting runs none, and holds the dict's
/// lock on a free-threaded interpreter, where another thread could change it too.
pub fn dict_items<'py>(d: &Bound<'py, PyDict>) -> Items<'py> {
    pyo3::sync::critical_section::with_critical_section(d, || d.iter().collect())
}

fn mapping_items<'py>(obj: &Bound<'py, PyAny>, path: &str) -> PyResult<Option<Items<'py>>> {
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(Some(dict_items(d)));
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let mut out = Vec::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.extract().map_err(|_| {
                invalid(format!(
                    "{path}.items() must give (key, value) pairs, not {}",
                    type_name(&item)
                ))
            })?;
            out.push((k, v));
        }
        return Ok(Some(out));
    }
    Ok(None)
}

fn datetime_value(dt: &Bound<'_, PyDateTime>, path: &str) -> PyResult<DateTimeValue> {
    let offset = dt.call_method0("utcoffset").map_err(|cause| {
        let err = invalid(format!(
            "Invalid value for {path}: the datetime's utcoffset() failed: {cause}"
        ));
        err.set_cause(dt.py(), Some(cause));
        err
    })?;
    let utc_offset_seconds = match offset.cast::<PyDelta>() {
        // Python keeps an offset strictly within a day.
        Ok(delta) => Some(delta.get_days() * 86_400 + delta.get_seconds()),
        Err(_) => None,
    };
    // The fields themselves, not attributes a subclass could override.
    Ok(DateTimeValue {
        year: dt.get_year(),
        month: dt.get_month(),
        day: dt.get_day(),
        hour: dt.get_hour(),
        minute: dt.get_minute(),
        second: dt.get_second(),
        microsecond: dt.get_microsecond(),
        utc_offset_seconds,
    })
}

/// One Python value to a `Value`; `path` names it in errors (`Params['Metadata']['a']`).
pub fn to_value(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(invalid(format!("{path} is nested too deeply")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return obj.extract::<i64>().map(Value::Int).map_err(|_| {
            invalid(format!(
                "Invalid value for {path}: the int does not fit in 64 bits"
            ))
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_str().map(|s| Value::Str(s.to_owned())).map_err(|_| {
            invalid(format!(
                "Invalid value for {path}: the str is not valid Unicode (lone surrogate)"
            ))
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Value::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Value::Bytes(b.to_vec()));
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return datetime_value(dt, path).map(Value::DateTime);
    }
    if obj.cast::<PyDate>().is_ok() {
        return Err(invalid(format!(
            "Invalid type for {path}: datetime.date is not a timestamp, pass a datetime.datetime"
        )));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(to_value(&item?, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::List(items));
    }
    if let Some(items) = mapping_items(obj, path)? {
        let mut out = Vec::with_capacity(items.len());
        for (k, v) in items {
            let key = key_string(&k, path)?;
            let child = format!("{path}['{key}']");
            out.push((key, to_value(&v, &child, depth + 1)?));
        }
        return Ok(Value::Map(out));
    }
    Err(invalid(format!(
        "Invalid type for {path}: {} is not supported",
        type_name(obj)
    )))
}

/// `Params` itself: `None` is `{}`, any Mapping with str keys, else a ParamValidation error.
pub fn params_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Params> {
    if obj.is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let Some(items) = mapping_items(obj, "Params")? else {
        return Err(invalid(format!(
            "Params must be a mapping (dict), not {}",
            type_name(obj)
        )));
    };
    out.reserve(items.len());
    for (k, v) in items {
        push_param(&mut out, &k, &v)?;
    }
    Ok(out)
}

fn push_param(out: &mut Params, k: &Bound<'_, PyAny>, v: &Bound<'_, PyAny>) -> PyResult<()> {
    let key = key_string(k, "Params")?;
    // Most members are plain str: convert them without building the error path.
    let value = match v.cast::<PyString>().map(|s| s.to_str()) {
        Ok(Ok(text)) => Value::Str(text.to_owned()),
        _ => to_value(v, &format!("Params['{key}']"), 1)?,
    };
    out.push((key, value));
    Ok(())
}

impl<'a, 'py> FromPyObject<'a, 'py> for ParamsArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        params_from_py(&obj.to_owned()).map(ParamsArg)
    }
}
