//! `s3presign.inspect` and `Presigner.verify`: the core reads and checks the URL, this module
//! hands the facts to `s3presign/_doctor.py` as a dict, which makes the `UrlInfo` /
//! `Verification` objects (and their Jupyter views).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::SigningTimeArg;
use crate::inspect::{self, PresignedUrl};
use crate::sign::SigningTime;

/// Unix seconds of `now`, or of the clock.
pub(super) fn now_seconds(now: Option<SigningTimeArg>) -> i64 {
    now.map_or_else(SigningTime::now, |t| t.0).unix_seconds()
}

/// The facts `UrlInfo` is made of (epoch seconds for times).
pub(super) fn url_info_dict<'py>(
    py: Python<'py>,
    url: &str,
    info: &PresignedUrl,
    now: i64,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("url", url)?;
    out.set_item("signature_version", info.signature_version.as_str())?;
    out.set_item("bucket", info.bucket.as_deref())?;
    out.set_item("key", info.key.as_deref())?;
    out.set_item("region", info.region())?;
    out.set_item("service", info.service())?;
    out.set_item("access_key_id", &info.access_key_id)?;
    out.set_item("signed_at", info.signed_at)?;
    out.set_item("expires_in", info.expires_in)?;
    out.set_item("expires_at", info.expires_at)?;
    out.set_item("expired", info.expired(now))?;
    out.set_item("signed_headers", PyList::new(py, &info.signed_headers)?)?;
    out.set_item("has_session_token", info.has_session_token)?;
    out.set_item("addressing_style", info.addressing_style)?;
    let query = PyDict::new(py);
    for (name, value) in &info.query {
        if !query.contains(name)? {
            query.set_item(name, value)?;
        }
    }
    out.set_item("query", query)?;
    out.set_item("warnings", PyList::new(py, info.warnings(now))?)?;
    out.set_item("endpoint", info.endpoint_kind.as_str())?;
    out.set_item("host", &info.host)?;
    out.set_item("scheme", &info.scheme)?;
    out.set_item("inspected_at", now)?;
    Ok(out)
}

/// Private (``s3presign.inspect``): the facts of a presigned URL as a dict.
#[pyfunction]
#[pyo3(signature = (url, now=None))]
pub fn _inspect_url<'py>(
    py: Python<'py>,
    url: &str,
    now: Option<SigningTimeArg>,
) -> PyResult<Bound<'py, PyDict>> {
    let now = now_seconds(now);
    let info = inspect::inspect(url)?;
    url_info_dict(py, url, &info, now)
}

/// Private (the CLI): the operation's HTTP method and ``{member: shape type}``.
#[pyfunction]
pub fn _operation_model<'py>(
    py: Python<'py>,
    client_method: &str,
) -> PyResult<(&'static str, Bound<'py, PyDict>)> {
    use crate::operations::{self, ShapeType};
    let op = operations::find(client_method).ok_or_else(|| {
        crate::error::CoreError::UnknownClientMethod(format!(
            "Client does not have method: {client_method}"
        ))
    })?;
    let members = PyDict::new(py);
    for member in op.members {
        let kind = match member.shape.shape_type {
            ShapeType::String => "string",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Boolean => "boolean",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Blob => "blob",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
        };
        members.set_item(member.name, kind)?;
    }
    Ok((op.http_method, members))
}

/// `Presigner.verify`: the verdict as a `Verification`.
pub(super) fn verification<'py>(
    py: Python<'py>,
    verifier: &crate::verify::Verifier<'_>,
    url: &str,
    method: &str,
    headers: Option<&Bound<'py, PyAny>>,
    now: Option<SigningTimeArg>,
) -> PyResult<Bound<'py, PyAny>> {
    let headers = header_pairs(headers)?;
    let now = now_seconds(now);
    let request = crate::verify::Request {
        method,
        headers: &headers,
        now,
    };
    let (info, verdict) = verifier.verify(url, &request)?;
    let facts = PyDict::new(py);
    facts.set_item("valid", verdict.valid)?;
    facts.set_item("reason", &verdict.reason)?;
    facts.set_item("part", verdict.part)?;
    facts.set_item("canonical_request", &verdict.canonical_request)?;
    facts.set_item("string_to_sign", &verdict.string_to_sign)?;
    facts.set_item("expected_signature", &verdict.expected_signature)?;
    facts.set_item("signature", &verdict.signature)?;
    facts.set_item("method", &verdict.method)?;
    let info = url_info_dict(py, url, &info, now)?;
    py.import("s3presign._doctor")?
        .getattr("Verification")?
        .call_method1("_from_facts", (facts, info))
}

/// `headers`: a mapping of str to str (or None).
fn header_pairs(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(Vec::new());
    };
    let bad = || -> PyErr {
        crate::error::CoreError::ParamValidation(
            "headers must be a mapping of header names to str values".into(),
        )
        .into()
    };
    let items = headers.call_method0("items").map_err(|_| bad())?;
    let mut out = Vec::new();
    for item in items.try_iter().map_err(|_| bad())? {
        let (name, value): (String, String) = item?.extract().map_err(|_| bad())?;
        out.push((name, value));
    }
    Ok(out)
}
