//! `Params` to the parts of an HTTP request, as botocore's rest-xml serialiser and S3 handlers do
//! before presigning.

use base64::Engine as _;
use md5::{Digest, Md5};

use crate::error::{CoreError, Result};
use crate::operations::{Location, Member, Operation, Shape, ShapeType};
use crate::pycompat::{
    isspace, quote as percent_encode, quote_keep_slash as percent_encode_keep_slash, repr_float,
    repr_str,
};
use crate::value::{DateTimeValue, Params, Value};

mod handlers;
mod timestamp;
mod validate;

pub use handlers::apply_param_handlers;
use handlers::*;
use timestamp::*;
use validate::*;

/// The request botocore builds before signing, without the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SerializedRequest {
    pub method: &'static str,
    /// The requestUri template with labels filled in and percent-encoded, `/{Bucket}` removed as
    /// botocore removes it, and its literal query kept: `/photos/1.jpg?x-id=GetObject`, `/`.
    pub url_path: String,
    /// Query-string members, not yet percent-encoded, in botocore's order. A list member repeats
    /// its key.
    pub query: Vec<(String, String)>,
    /// Header members (names as the model spells them), values as botocore serialises them.
    pub headers: Vec<(String, String)>,
    /// The expanded `endpoint.hostPrefix` (`{RequestRoute}.` filled in), to prepend to the host.
    pub host_prefix: Option<String>,
}

const PREFIX: &str = "Parameter validation failed:\n";

fn invalid(report: impl AsRef<str>) -> CoreError {
    CoreError::ParamValidation(format!("{PREFIX}{}", report.as_ref()))
}

// ---------------------------------------------------------------------------------------------
// Serialisation.

fn timestamp_of(name: &str, v: &Value) -> Result<Instant> {
    timestamp_epoch(v).map_err(|()| {
        invalid(format!(
            "Invalid type for parameter {name}, value: {}, type: {}, valid types: {}",
            py_str(v),
            py_class(v),
            valid_types(ShapeType::Timestamp)
        ))
    })
}

/// `_get_uri_and_query_string_value` then `str()` as `percent_encode`/`urlencode` do.
fn uri_or_query_value(m: &Member, shape: &Shape, v: &Value) -> Result<String> {
    match (shape.shape_type, v) {
        (ShapeType::Boolean, Value::Bool(b)) => Ok(b.to_string()),
        (ShapeType::Timestamp, _) => {
            let t = timestamp_of(m.name, v)?;
            format_timestamp(
                Instant {
                    seconds: t.seconds,
                    micros: t.micros,
                },
                shape.timestamp_format.unwrap_or("iso8601"),
            )
        }
        (ShapeType::Float | ShapeType::Double, _) => Err(CoreError::Unsupported(format!(
            "float member {} is not supported",
            m.name
        ))),
        (_, Value::Str(s)) => Ok(s.clone()),
        (_, v @ (Value::Int(_) | Value::Bool(_))) => Ok(py_str(v)),
        (_, other) => Err(invalid(format!(
            "Invalid type for parameter {}, value: {}, type: {}",
            m.name,
            py_str(other),
            py_class(other)
        ))),
    }
}

/// `_convert_header_value`.
fn header_value(m: &Member, shape: &Shape, v: &Value) -> Result<String> {
    match (shape.shape_type, v) {
        (ShapeType::Timestamp, _) => {
            // timegm(utctimetuple()) drops the microseconds, then the int is formatted.
            let t = timestamp_of(m.name, v)?;
            format_timestamp(
                Instant {
                    seconds: t.seconds,
                    micros: 0,
                },
                shape.timestamp_format.unwrap_or("rfc822"),
            )
        }
        (ShapeType::List, Value::List(items)) => {
            let mut parts = Vec::new();
            let member = shape.member.ok_or_else(|| {
                CoreError::Unsupported(format!("list header {} has no member shape", m.name))
            })?;
            for item in items {
                match (member.shape_type, item) {
                    (_, Value::Null) => {}
                    (ShapeType::String, Value::Str(s)) => {
                        if s.contains('"') || s.contains(',') {
                            parts.push(format!("\"{}\"", s.replace('"', "\\\"")));
                        } else {
                            parts.push(s.clone());
                        }
                    }
                    (_, item) => parts.push(header_value(m, member, item)?),
                }
            }
            Ok(parts.join(","))
        }
        (ShapeType::Boolean, Value::Bool(b)) => Ok(b.to_string()),
        (ShapeType::Float | ShapeType::Double, _) => Err(CoreError::Unsupported(format!(
            "float member {} is not supported",
            m.name
        ))),
        (_, Value::Str(s)) => Ok(s.clone()),
        (_, v @ (Value::Int(_) | Value::Bool(_))) => Ok(py_str(v)),
        (_, other) => Err(invalid(format!(
            "Invalid type for parameter {}, value: {}, type: {}",
            m.name,
            py_str(other),
            py_class(other)
        ))),
    }
}

/// `HOST_PREFIX_RE = ^[A-Za-z0-9\.\-]+$`
fn valid_host_label(s: &str) -> bool {
    let s = strip_final_newline(s);
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn render_labels(template: &str, mut value: impl FnMut(&str) -> Result<String>) -> Result<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| CoreError::Unsupported(format!("bad template {template}")))?;
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The `Key` checks: botocore's min length, and S3's 1024-byte limit (a deliberate difference:
/// boto3 signs longer keys, S3 refuses them).
pub fn check_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(invalid(
            "Invalid length for parameter Key, value: 0, valid min length: 1",
        ));
    }
    if key.len() > 1024 {
        return Err(invalid(format!(
            "Invalid length for parameter Key: {} UTF-8 bytes, S3 allows at most 1024",
            key.len()
        )));
    }
    Ok(())
}

/// For calls over keys of one operation: the operation's requestUri around its only label,
/// `{Key+}` (`("/", "")`, `("/", "?uploads")`). `None` when it has other labels; the caller then
/// serialises each key in full.
pub fn key_label_split(op: &'static Operation) -> Option<(&'static str, &'static str)> {
    let (before, after) = op.request_uri.split_once("{Key+}")?;
    if before.contains('{') || after.contains('{') {
        return None;
    }
    Some((before, after))
}

/// Validate `params` against the operation's input shape (botocore's ParamValidator) and
/// serialise them.
pub fn serialize(op: &'static Operation, params: &Params) -> Result<SerializedRequest> {
    validate(op, params)?;

    if let Some(Value::Str(key)) = get(params, "Key") {
        check_key(key)?;
    }

    // Body members cannot travel in a URL. boto3 fails too (JSONDecodeError / ValueError), except
    // for a string payload (PutBucketPolicy's Policy), which it drops from the URL.
    for (k, v) in params {
        let Some(m) = op.member(k) else { continue }; // unknown members failed validation
        if m.location != Location::Body {
            continue;
        }
        let string_payload = op.payload == Some(m.name) && m.shape.shape_type == ShapeType::String;
        if !string_payload && !matches!(v, Value::Null) {
            return Err(invalid(format!(
                "{k} is sent in the request body, which a presigned URL cannot carry"
            )));
        }
    }

    let mut req = SerializedRequest {
        method: op.http_method,
        ..Default::default()
    };

    if let Some(template) = op.host_prefix {
        let mut bad = Vec::new();
        let prefix = render_labels(template, |label| {
            let v = match get(params, label) {
                Some(Value::Str(s)) => s.clone(),
                Some(other) => py_str(other),
                None => String::new(),
            };
            if !valid_host_label(&v) {
                bad.push(label.to_string());
            }
            Ok(v)
        })?;
        if !bad.is_empty() {
            return Err(invalid(format!(
                "Invalid value for parameter(s): {}. Must contain only alphanumeric characters, \
                 hyphen, or period.",
                bad.join(", ")
            )));
        }
        req.host_prefix = Some(prefix);
    }

    let mut uri_values: Vec<(&str, String)> = Vec::new();
    for (k, v) in params {
        if matches!(v, Value::Null) {
            continue;
        }
        let Some(m) = op.member(k) else { continue };
        match m.location {
            Location::Uri => uri_values.push((m.location_name, uri_or_query_value(m, m.shape, v)?)),
            Location::Querystring => match (m.shape.shape_type, v) {
                (ShapeType::List, Value::List(items)) => {
                    let member = m.shape.member.ok_or_else(|| {
                        CoreError::Unsupported(format!("list {} has no member shape", m.name))
                    })?;
                    for item in items {
                        let s = uri_or_query_value(m, member, item)?;
                        req.query.push((m.location_name.to_string(), s));
                    }
                }
                (_, Value::Map(_)) => {
                    return Err(CoreError::Unsupported(format!(
                        "query map member {} is not supported",
                        m.name
                    )))
                }
                _ => {
                    let s = uri_or_query_value(m, m.shape, v)?;
                    set_ordered(&mut req.query, m.location_name.to_string(), s);
                }
            },
            Location::Header => {
                if let Value::List(items) = v {
                    if items.is_empty() {
                        continue;
                    }
                }
                let value = header_value(m, m.shape, v)?;
                set_ordered(&mut req.headers, m.location_name.to_string(), value);
            }
            Location::Headers => {
                if let Value::Map(entries) = v {
                    let headers = entries.iter().map(|(hk, hv)| {
                        let value = match hv {
                            Value::Str(s) => s.clone(),
                            other => py_str(other),
                        };
                        (format!("{}{hk}", m.location_name), value)
                    });
                    set_all_ordered(&mut req.headers, headers);
                }
            }
            Location::Body => {}
        }
    }

    for (name, value) in &req.headers {
        if value.contains(['\r', '\n']) || name.contains(['\r', '\n']) {
            let member = op
                .members
                .iter()
                .find(|m| match m.location {
                    Location::Header => m.location_name.eq_ignore_ascii_case(name),
                    Location::Headers => name
                        .to_ascii_lowercase()
                        .starts_with(&m.location_name.to_ascii_lowercase()),
                    _ => false,
                })
                .map_or("?", |m| m.name);
            return Err(invalid(format!(
                "Params['{member}'] (header {name:?}) contains a CR or LF character, which an \
                 HTTP header cannot carry"
            )));
        }
    }

    req.url_path = render_labels(op.request_uri, |label| {
        let (name, greedy) = match label.strip_suffix('+') {
            Some(n) => (n, true),
            None => (label, false),
        };
        let v = uri_values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| invalid(format!("Missing required parameter in input: \"{name}\"")))?;
        Ok(if greedy {
            percent_encode_keep_slash(v)
        } else {
            percent_encode(v)
        })
    })?;
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    fn p(items: &[(&str, Value)]) -> Params {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn label_encoding() {
        assert_eq!(percent_encode("a b/c~d_e.f-g"), "a%20b%2Fc~d_e.f-g");
        assert_eq!(percent_encode_keep_slash("a b/c+é"), "a%20b/c%2B%C3%A9");
        let op = find("get_object").unwrap();
        let req = serialize(op, &p(&[("Bucket", s("b")), ("Key", s("dir/a b+c"))])).unwrap();
        assert_eq!(req.url_path, "/dir/a%20b%2Bc");
        assert_eq!(req.method, "GET");
    }

    #[test]
    fn rfc822_and_iso8601() {
        // 2020-01-01T07:00:00Z, a Wednesday (checked with email.utils.formatdate).
        assert_eq!(
            format_rfc822(1_577_862_000),
            "Wed, 01 Jan 2020 07:00:00 GMT"
        );
        assert_eq!(format_rfc822(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(format_rfc822(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
        let t = Instant {
            seconds: 1_577_862_000,
            micros: 5,
        };
        assert_eq!(format_iso8601(t), "2020-01-01T07:00:00.000005Z");
        assert_eq!(
            parse_iso8601("2020-01-01T12:00:00+05:00"),
            Some(Instant {
                seconds: 1_577_862_000,
                micros: 0
            })
        );
        assert_eq!(parse_iso8601("2020-02-30"), None);
    }

    #[test]
    fn header_formats() {
        let op = find("put_object").unwrap();
        let dt = Value::DateTime(DateTimeValue {
            year: 2020,
            month: 1,
            day: 1,
            hour: 12,
            minute: 0,
            second: 0,
            microsecond: 999_999,
            utc_offset_seconds: Some(5 * 3600),
        });
        let params = p(&[
            ("Bucket", s("b")),
            ("Key", s("k")),
            ("ObjectLockRetainUntilDate", dt.clone()),
            ("Expires", dt),
            ("BucketKeyEnabled", Value::Bool(true)),
            ("ContentLength", Value::Int(5)),
        ]);
        let req = serialize(op, &params).unwrap();
        assert_eq!(
            req.headers,
            vec![
                (
                    "x-amz-object-lock-retain-until-date".into(),
                    "2020-01-01T07:00:00Z".into()
                ),
                ("Expires".into(), "Wed, 01 Jan 2020 07:00:00 GMT".into()),
                (
                    "x-amz-server-side-encryption-bucket-key-enabled".into(),
                    "true".into()
                ),
                ("Content-Length".into(), "5".into()),
            ]
        );
    }

    #[test]
    fn regexes() {
        assert!(valid_bucket("abc\n"));
        assert!(!valid_bucket("ab c"));
        assert!(valid_s3_arn(
            "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"
        ));
        assert!(valid_s3_arn(
            "arn:aws-cn:s3:x:y:s3:us-west-2:123456789012:accesspoint:ap.1"
        ));
        assert!(valid_s3_arn(
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01/accesspoint/ap"
        ));
        assert!(!valid_s3_arn(
            "arn:aws:s3:us-west-2:12345678901:accesspoint/ap"
        ));
        assert_eq!(version_id_suffix("b/k?versionId=1"), Some(3));
        assert_eq!(version_id_suffix("b/k?versionId=1 2"), None);
        assert_eq!(version_id_suffix("b/k?versionId=?versionId=x"), Some(3));
    }

    #[test]
    fn sse_and_errors() {
        let op = find("get_object").unwrap();
        let mut params = p(&[
            ("Bucket", s("b")),
            ("Key", s("k")),
            ("SSECustomerKey", s("key")),
        ]);
        apply_param_handlers(op, &mut params).unwrap();
        assert_eq!(get(&params, "SSECustomerKey"), Some(&s("a2V5")));
        let err = serialize(op, &p(&[("Bucket", s("b"))])).unwrap_err();
        assert_eq!(
            err,
            CoreError::ParamValidation(
                "Parameter validation failed:\nMissing required parameter in input: \"Key\"".into()
            )
        );
        let long = "k".repeat(1025);
        assert!(serialize(op, &p(&[("Bucket", s("b")), ("Key", s(&long))])).is_err());
        let crlf = p(&[("Bucket", s("b")), ("Key", s("k")), ("Range", s("a\r\nb"))]);
        assert!(serialize(op, &crlf).is_err());
    }
}
