//! `Params` to the parts of an HTTP request, as botocore's rest-xml serialiser and S3 handlers do
//! before presigning.
//!
//! OWNER: serialisation helper.

use base64::Engine as _;
use md5::{Digest, Md5};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{CoreError, Result};
use crate::operations::{Location, Member, Operation, Shape, ShapeType};
use crate::value::{DateTimeValue, Params, Value};

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
// Percent-encoding as botocore.utils.percent_encode (urllib.parse.quote with `safe`).

/// `quote(s, safe='-._~')`: only unreserved characters stay.
const SAFE_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// `quote(s, safe='/~')` (greedy labels) and `SAFE_CHARS + '/'` (CopySource): `/` stays too.
const SAFE_WITH_SLASH: &AsciiSet = &SAFE_UNRESERVED.remove(b'/');

pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, SAFE_UNRESERVED).to_string()
}

pub fn percent_encode_keep_slash(s: &str) -> String {
    utf8_percent_encode(s, SAFE_WITH_SLASH).to_string()
}

// ---------------------------------------------------------------------------------------------
// Python-like rendering, for error messages shaped like botocore's.

// Python's `repr()` of a str: one implementation, shared with the endpoint engine.
use crate::endpoints::pyurl::py_repr_str;

/// `repr(float)`: the shortest round-trip digits, fixed notation for exponents -4..16.
fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{f:e}"); // `-1.5e16`, `1e-7`, `0e0`
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let frac = &digits[1..];
        let m = if frac.is_empty() {
            digits[..1].to_string()
        } else {
            format!("{}.{frac}", &digits[..1])
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

fn py_datetime(d: &DateTimeValue) -> String {
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    );
    if d.microsecond != 0 {
        s.push_str(&format!(".{:06}", d.microsecond));
    }
    if let Some(off) = d.utc_offset_seconds {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60));
        if a % 60 != 0 {
            s.push_str(&format!(":{:02}", a % 60));
        }
    }
    s
}

/// `repr(value)`.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Str(s) => py_repr_str(s),
        Value::Bytes(b) => {
            let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
                b'"'
            } else {
                b'\''
            };
            let mut out = String::from("b");
            out.push(quote as char);
            for &c in b {
                match c {
                    b'\\' => out.push_str("\\\\"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c as char);
                    }
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x20..=0x7e => out.push(c as char),
                    _ => out.push_str(&format!("\\x{c:02x}")),
                }
            }
            out.push(quote as char);
            out
        }
        Value::DateTime(d) => format!("datetime({})", py_datetime(d)),
        other => py_str(other),
    }
}

/// `str(value)`.
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => py_float(*f),
        Value::Str(s) => s.clone(),
        Value::Bytes(_) => py_repr(v),
        Value::DateTime(d) => py_datetime(d),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn py_class(v: &Value) -> String {
    format!("<class '{}'>", v.python_type_name())
}

// ---------------------------------------------------------------------------------------------
// Params as a Python dict: assignment keeps an existing key's position.

fn get<'a>(params: &'a Params, key: &str) -> Option<&'a Value> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn set(params: &mut Params, key: &str, value: Value) {
    match params.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => params.push((key.to_string(), value)),
    }
}

fn set_ordered(pairs: &mut Vec<(String, String)>, key: String, value: String) {
    match pairs.iter_mut().find(|(k, _)| *k == key) {
        Some((_, v)) => *v = value,
        None => pairs.push((key, value)),
    }
}

/// [`set_ordered`] for each pair in turn, in linear time: a map member's entries (100,000
/// `Metadata` headers) would otherwise each be compared with every one before them.
fn set_all_ordered(
    pairs: &mut Vec<(String, String)>,
    new: impl ExactSizeIterator<Item = (String, String)>,
) {
    if new.len() <= 8 {
        for (key, value) in new {
            set_ordered(pairs, key, value);
        }
        return;
    }
    let mut index: std::collections::HashMap<String, usize> = pairs
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    for (key, value) in new {
        match index.entry(key) {
            std::collections::hash_map::Entry::Occupied(at) => pairs[*at.get()].1 = value,
            std::collections::hash_map::Entry::Vacant(slot) => {
                pairs.push((slot.key().clone(), value));
                slot.insert(pairs.len() - 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regular expressions of botocore.handlers, by hand. Python's `$` also matches before one final
// `\n`, so every anchored pattern accepts a trailing newline.

fn strip_final_newline(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

fn all_in(s: &str, min: usize, max: usize, ok: impl Fn(char) -> bool) -> bool {
    let n = s.chars().count();
    n >= min && n <= max && s.chars().all(ok)
}

/// `VALID_BUCKET = ^[a-zA-Z0-9.\-_]{1,255}$`
fn valid_bucket(s: &str) -> bool {
    all_in(strip_final_newline(s), 1, 255, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
    })
}

fn take_lit<'a>(s: &'a str, lit: &str) -> Option<&'a str> {
    s.strip_prefix(lit)
}

fn take_sep(s: &str) -> Option<&str> {
    s.strip_prefix('/').or_else(|| s.strip_prefix(':'))
}

fn take_digits12(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (b.len() >= 12 && b[..12].iter().all(u8::is_ascii_digit)).then(|| &s[12..])
}

/// `[class]*` or `[class]+` followed by `:`; the class never holds `:`.
fn take_run_then_colon(s: &str, min: usize, ok: impl Fn(char) -> bool) -> Option<&str> {
    let end = s.find(|c: char| !ok(c)).unwrap_or(s.len());
    if end < min {
        return None;
    }
    s[end..].strip_prefix(':')
}

fn lower_digit_dash(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

fn alnum_dash(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// The part of `_ACCESSPOINT_ARN` after `.*`:
/// `:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}`
fn accesspoint_tail(s: &str) -> bool {
    ["s3:", "s3-object-lambda:"].iter().any(|svc| {
        (|| {
            let s = take_lit(s, ":")?;
            let s = take_lit(s, svc)?;
            let s = take_run_then_colon(s, 0, lower_digit_dash)?;
            let s = take_digits12(s)?;
            let s = take_lit(s, ":accesspoint")?;
            let s = take_sep(s)?;
            all_in(s, 1, 63, |c| alnum_dash(c) || c == '.').then_some(())
        })()
        .is_some()
    })
}

/// The part of `_OUTPOST_ARN` after `.*`: `:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]
/// [a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}`
fn outpost_tail(s: &str) -> bool {
    (|| {
        let s = take_lit(s, ":s3-outposts:")?;
        let s = take_run_then_colon(s, 1, lower_digit_dash)?;
        let s = take_digits12(s)?;
        let s = take_lit(s, ":outpost")?;
        let s = take_sep(s)?;
        // `[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:]`: the class holds neither separator.
        let end = s.find(|c: char| !alnum_dash(c)).unwrap_or(s.len());
        if !(1..=63).contains(&end) {
            return None;
        }
        let s = take_sep(&s[end..])?;
        let s = take_lit(s, "accesspoint")?;
        let s = take_sep(s)?;
        all_in(s, 1, 63, alnum_dash).then_some(())
    })()
    .is_some()
}

/// `VALID_S3_ARN.search(s)`: `^arn:(aws).*<tail>$`, `.` matching anything but `\n`.
pub fn valid_s3_arn(s: &str) -> bool {
    let s = strip_final_newline(s);
    let Some(rest) = s.strip_prefix("arn:aws") else {
        return false;
    };
    let limit = rest.find('\n').unwrap_or(rest.len());
    rest.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .take_while(|&i| i <= limit)
        .any(|i| {
            let tail = &rest[i..];
            accesspoint_tail(tail) || outpost_tail(tail)
        })
}

/// Python's `\s` in a str pattern (`str.isspace()`).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `VERSION_ID_SUFFIX = \?versionId=[^\s]+$`: where the leftmost match starts.
fn version_id_suffix(s: &str) -> Option<usize> {
    let body = strip_final_newline(s);
    let mut from = 0;
    while let Some(pos) = body[from..].find("?versionId=") {
        let start = from + pos;
        let rest = &body[start + "?versionId=".len()..];
        if !rest.is_empty() && !rest.chars().any(py_space) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Handlers.

fn is(op: &Operation, names: &[&str]) -> bool {
    names.contains(&op.name)
}

/// `handlers.handle_copy_source_param`.
fn handle_copy_source(params: &mut Params) -> Result<()> {
    let Some(source) = get(params, "CopySource") else {
        return Ok(());
    };
    let quoted = match source {
        Value::Str(s) => match version_id_suffix(s) {
            None => percent_encode_keep_slash(s),
            Some(i) => format!("{}{}", percent_encode_keep_slash(&s[..i]), &s[i..]),
        },
        Value::Map(entries) => {
            let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            let (Some(bucket), Some(key)) = (field("Bucket"), field("Key")) else {
                let missing = if field("Bucket").is_none() {
                    "Bucket"
                } else {
                    "Key"
                };
                return Err(invalid(format!("Missing required parameter: '{missing}'")));
            };
            let Value::Str(bucket) = bucket else {
                return Err(invalid(format!(
                    "Invalid type for CopySource Bucket, value: {}, type: {}, valid types: \
                     <class 'str'>",
                    py_str(bucket),
                    py_class(bucket)
                )));
            };
            let key = f_string_value("CopySource Key", key)?;
            let joined = if valid_s3_arn(bucket) {
                format!("{bucket}/object/{key}")
            } else {
                format!("{bucket}/{key}")
            };
            let mut out = percent_encode_keep_slash(&joined);
            match field("VersionId") {
                None | Some(Value::Null) => {}
                Some(v) => {
                    out.push_str("?versionId=");
                    out.push_str(&f_string_value("CopySource VersionId", v)?);
                }
            }
            out
        }
        // Left for the validator to report.
        _ => return Ok(()),
    };
    set(params, "CopySource", Value::Str(quoted));
    Ok(())
}

/// `f'{value}'` for the values whose `str()` is simple; others are refused (deliberately).
fn f_string_value(what: &str, v: &Value) -> Result<String> {
    match v {
        Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Null => Ok(py_str(v)),
        other => Err(invalid(format!(
            "{what} must be a str, not {}",
            py_class(other)
        ))),
    }
}

/// `handlers.validate_ascii_metadata`.
fn validate_ascii_metadata(params: &Params) -> Result<()> {
    let Some(Value::Map(entries)) = get(params, "Metadata") else {
        return Ok(());
    };
    for (key, value) in entries {
        let Value::Str(value) = value else {
            return Err(invalid(format!(
                "Invalid type for parameter Metadata.{key}, value: {}, type: {}, valid types: \
                 <class 'str'>",
                py_str(value),
                py_class(value)
            )));
        };
        if !key.is_ascii() || !value.is_ascii() {
            return Err(invalid(format!(
                "Non ascii characters found in S3 metadata for key \"{key}\", value: \
                 \"{value}\".  \nS3 metadata can only contain ASCII characters. "
            )));
        }
    }
    Ok(())
}

/// `handlers._sse_md5`.
fn sse_md5(params: &mut Params, prefix: &str) -> Result<()> {
    let key_member = format!("{prefix}Key");
    let md5_member = format!("{prefix}KeyMD5");
    let key_bytes = match get(params, &key_member) {
        None | Some(Value::Null) => return Ok(()),
        Some(_) if get(params, &md5_member).is_some() => return Ok(()),
        Some(Value::Str(s)) => s.as_bytes().to_vec(),
        Some(Value::Bytes(b)) => b.clone(),
        Some(other) => {
            return Err(invalid(format!(
                "Invalid type for parameter {key_member}, value: {}, type: {}, valid types: \
                 <class 'str'>, <class 'bytes'>",
                py_str(other),
                py_class(other)
            )))
        }
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    let digest = Md5::digest(&key_bytes);
    set(params, &key_member, Value::Str(b64.encode(&key_bytes)));
    set(params, &md5_member, Value::Str(b64.encode(digest)));
    Ok(())
}

/// `handlers.validate_bucket_name`.
fn validate_bucket_name(params: &Params) -> Result<()> {
    let Some(bucket) = get(params, "Bucket") else {
        return Ok(());
    };
    let Value::Str(bucket) = bucket else {
        // boto3 raises TypeError from `re.search` here.
        return Err(invalid(format!(
            "Invalid type for parameter Bucket, value: {}, type: {}, valid types: <class 'str'>",
            py_str(bucket),
            py_class(bucket)
        )));
    };
    if valid_bucket(bucket) || valid_s3_arn(bucket) {
        return Ok(());
    }
    Err(invalid(format!(
        "Invalid bucket name \"{bucket}\": Bucket name must match the regex \
         \"^[a-zA-Z0-9.\\-_]{{1,255}}$\" or be an ARN matching the regex \
         \"^arn:(aws).*:(s3|s3-object-lambda):[a-z\\-0-9]*:[0-9]{{12}}:accesspoint[/:]\
         [a-zA-Z0-9\\-.]{{1,63}}$|^arn:(aws).*:s3-outposts:[a-z\\-0-9]+:[0-9]{{12}}:outpost[/:]\
         [a-zA-Z0-9\\-]{{1,63}}[/:]accesspoint[/:][a-zA-Z0-9\\-]{{1,63}}$\""
    )))
}

/// A random UUID4 (`str(uuid.uuid4())`) for idempotency tokens.
fn uuid4() -> String {
    let mut b = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut b))
        .is_ok();
    if !from_os {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in b.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
                h.write_u128(t.as_nanos());
            }
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// botocore's `before-parameter-build` S3 handlers (SSE-C key and MD5, CopySource, EncodingType,
/// bucket-name validation, ...), applied in place before endpoint resolution, in the order
/// botocore's event emitter runs them for a presign: operation-specific handlers in registration
/// order, then `before-parameter-build.s3`, then the global ones. The checksum handlers do not
/// touch a presign (`_handle_request_validation_mode_member` needs `client_config` in the
/// context, which `generate_presigned_url` does not pass).
pub fn apply_param_handlers(op: &'static Operation, params: &mut Params) -> Result<()> {
    if is(op, &["ListObjects", "ListObjectsV2", "ListObjectVersions"])
        && get(params, "EncodingType").is_none()
    {
        set(params, "EncodingType", Value::Str("url".into()));
    }
    if is(op, &["CopyObject", "UploadPartCopy"]) {
        handle_copy_source(params)?;
    }
    if is(op, &["CopyObject", "PutObject", "CreateMultipartUpload"]) {
        validate_ascii_metadata(params)?;
    }
    if is(
        op,
        &[
            "HeadObject",
            "GetObject",
            "PutObject",
            "CopyObject",
            "CreateMultipartUpload",
            "UploadPart",
            "UploadPartCopy",
            "CompleteMultipartUpload",
            "SelectObjectContent",
        ],
    ) {
        sse_md5(params, "SSECustomer")?;
    }
    if is(op, &["CopyObject", "UploadPartCopy"]) {
        sse_md5(params, "CopySourceSSECustomer")?;
    }
    validate_bucket_name(params)?;
    for m in op.members.iter().filter(|m| m.idempotency_token) {
        if get(params, m.name).is_none() {
            set(params, m.name, Value::Str(uuid4()));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Validation (botocore.validate.ParamValidator).

struct Errors(Vec<String>);

fn valid_types(t: ShapeType) -> &'static str {
    match t {
        ShapeType::String => "<class 'str'>",
        ShapeType::Integer | ShapeType::Long => "<class 'int'>",
        ShapeType::Boolean => "<class 'bool'>",
        ShapeType::Float | ShapeType::Double => {
            "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"
        }
        ShapeType::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
        ShapeType::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
        ShapeType::List => "<class 'list'>, <class 'tuple'>",
        ShapeType::Map | ShapeType::Structure => "<class 'dict'>",
    }
}

fn type_ok(v: &Value, t: ShapeType) -> bool {
    match t {
        ShapeType::String => matches!(v, Value::Str(_)),
        ShapeType::Integer | ShapeType::Long => matches!(v, Value::Int(_) | Value::Bool(_)),
        ShapeType::Boolean => matches!(v, Value::Bool(_)),
        ShapeType::Float | ShapeType::Double => {
            matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
        }
        ShapeType::Timestamp => timestamp_epoch(v).is_ok(),
        ShapeType::Blob => matches!(v, Value::Bytes(_) | Value::Str(_)),
        ShapeType::List => matches!(v, Value::List(_)),
        ShapeType::Map | ShapeType::Structure => matches!(v, Value::Map(_)),
    }
}

impl Errors {
    fn invalid_type(&mut self, name: &str, v: &Value, t: ShapeType) {
        self.0.push(format!(
            "Invalid type for parameter {name}, value: {}, type: {}, valid types: {}",
            py_str(v),
            py_class(v),
            valid_types(t)
        ));
    }

    /// `range_check`; `shown` is how botocore prints the value (`False` for a bool).
    fn range(
        &mut self,
        name: &str,
        value: i64,
        shown: &str,
        shape: &Shape,
        host_label: bool,
        length: bool,
    ) {
        let min = match shape.min {
            Some(min) => min,
            None if host_label => 1,
            None => return,
        };
        if value < min {
            self.0.push(if length {
                format!(
                    "Invalid length for parameter {name}, value: {shown}, valid min length: {min}"
                )
            } else {
                format!(
                    "Invalid value for parameter {name}, value: {shown}, valid min value: {min}"
                )
            });
        }
    }

    fn validate(&mut self, v: &Value, shape: &Shape, name: &str, host_label: bool) {
        if !type_ok(v, shape.shape_type) {
            self.invalid_type(name, v, shape.shape_type);
            return;
        }
        match (shape.shape_type, v) {
            (ShapeType::String, Value::Str(s)) => {
                let n = s.chars().count() as i64;
                self.range(name, n, &n.to_string(), shape, host_label, true)
            }
            (ShapeType::Integer | ShapeType::Long, _) => {
                let n = match v {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i64,
                    _ => 0,
                };
                self.range(name, n, &py_str(v), shape, host_label, false)
            }
            (ShapeType::List, Value::List(items)) => {
                let n = items.len() as i64;
                self.range(name, n, &n.to_string(), shape, false, true);
                if let Some(member) = shape.member {
                    for (i, item) in items.iter().enumerate() {
                        self.validate(item, member, &format!("{name}[{i}]"), false);
                    }
                }
            }
            (ShapeType::Map, Value::Map(entries)) => {
                for (k, item) in entries {
                    if let Some(ks) = shape.key {
                        let key = Value::Str(k.clone());
                        self.validate(&key, ks, &format!("{name} (key: {k})"), false);
                    }
                    if let Some(vs) = shape.value {
                        self.validate(item, vs, &format!("{name}.{k}"), false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// botocore's `ParamValidator.validate(params, input_shape)` at the top level.
fn validate(op: &Operation, params: &Params) -> Result<()> {
    let mut errors = Errors(Vec::new());
    for required in op.required {
        if get(params, required).is_none() {
            errors.0.push(format!(
                "Missing required parameter in input: \"{required}\""
            ));
        }
    }
    let mut known: Vec<(&Member, &Value)> = Vec::new();
    for (k, v) in params {
        match op.member(k) {
            Some(m) => known.push((m, v)),
            None => {
                let names: Vec<&str> = op.members.iter().map(|m| m.name).collect();
                errors.0.push(format!(
                    "Unknown parameter in input: \"{k}\", must be one of: {}",
                    names.join(", ")
                ));
            }
        }
    }
    for (m, v) in known {
        errors.validate(v, m.shape, m.name, m.host_label);
    }
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(invalid(errors.0.join("\n")))
    }
}

// ---------------------------------------------------------------------------------------------
// Timestamps.

/// An instant with microseconds, as `parse_to_aware_datetime` leaves it (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Instant {
    seconds: i64,
    micros: u32,
}

const MIN_EPOCH: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
const MAX_EPOCH: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

fn checked(seconds: i64, micros: u32) -> Result<Instant, ()> {
    if (MIN_EPOCH..=MAX_EPOCH).contains(&seconds) {
        Ok(Instant { seconds, micros })
    } else {
        Err(())
    }
}

fn from_epoch_float(f: f64) -> Result<Instant, ()> {
    if !f.is_finite() {
        return Err(());
    }
    let secs = f.floor();
    let mut us = ((f - secs) * 1e6).round_ties_even_compat();
    let mut secs = secs as i64;
    if us >= 1e6 {
        secs += 1;
        us = 0.0;
    }
    checked(secs, us as u32)
}

trait RoundTiesEven {
    fn round_ties_even_compat(self) -> f64;
}

impl RoundTiesEven for f64 {
    fn round_ties_even_compat(self) -> f64 {
        let r = self.round();
        if (self - self.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
            r - self.signum()
        } else {
            r
        }
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn from_fields(
    year: i64,
    month: u32,
    day: u32,
    hms: (u32, u32, u32),
    micros: u32,
    offset: i64,
) -> Result<Instant, ()> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > dim[month as usize - 1]
        || hms.0 > 23
        || hms.1 > 59
        || hms.2 > 59
        || micros > 999_999
    {
        return Err(());
    }
    let days = days_from_civil(year, month as i64, day as i64);
    let secs = days * 86_400 + (hms.0 * 3600 + hms.1 * 60 + hms.2) as i64 - offset;
    checked(secs, micros)
}

fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if head.bytes().all(|b| b.is_ascii_digit()) {
        Some((head.parse().ok()?, &s[n..]))
    } else {
        None
    }
}

/// The ISO 8601 forms `dateutil` reads the same way: `YYYY-MM-DD`, optionally `[T ]HH:MM`,
/// `:SS`, `.ffffff` (digits past six ignored), then `Z`, `+HH:MM` or `+HHMM`.
fn parse_iso8601(s: &str) -> Option<Instant> {
    let (y, s) = digits(s, 4)?;
    let s = s.strip_prefix('-')?;
    let (mo, s) = digits(s, 2)?;
    let s = s.strip_prefix('-')?;
    let (d, mut s) = digits(s, 2)?;
    let (mut h, mut mi, mut sec, mut us) = (0, 0, 0, 0);
    let mut offset = 0i64;
    if let Some(rest) = s.strip_prefix('T').or_else(|| s.strip_prefix(' ')) {
        let (hh, rest) = digits(rest, 2)?;
        let rest = rest.strip_prefix(':')?;
        let (mm, mut rest) = digits(rest, 2)?;
        h = hh;
        mi = mm;
        if let Some(r) = rest.strip_prefix(':') {
            let (ss, r) = digits(r, 2)?;
            sec = ss;
            rest = r;
            if let Some(r) = rest.strip_prefix('.') {
                // dateutil keeps the first six fraction digits.
                let n = r.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return None;
                }
                let kept = n.min(6);
                let (f, _) = digits(r, kept)?;
                us = f * 10u32.pow(6 - kept as u32);
                rest = &r[n..];
            }
        }
        if let Some(r) = rest.strip_prefix('Z') {
            rest = r;
        } else if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
            let r = &rest[1..];
            let (oh, r) = digits(r, 2)?;
            let r = r.strip_prefix(':').unwrap_or(r);
            let (om, r) = digits(r, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            offset = (oh * 3600 + om * 60) as i64;
            if sign == '-' {
                offset = -offset;
            }
            rest = r;
        }
        s = rest;
    }
    if !s.is_empty() {
        return None;
    }
    from_fields(y as i64, mo, d, (h, mi, sec), us, offset).ok()
}

/// `parse_to_aware_datetime(value)`: datetime (naive = UTC), epoch number, numeric string or
/// ISO 8601 string. Other strings `dateutil` might read are refused.
fn timestamp_epoch(v: &Value) -> Result<Instant, ()> {
    match v {
        Value::DateTime(d) => from_fields(
            d.year as i64,
            d.month as u32,
            d.day as u32,
            (d.hour as u32, d.minute as u32, d.second as u32),
            d.microsecond,
            d.utc_offset_seconds.unwrap_or(0) as i64,
        ),
        Value::Int(i) => checked(*i, 0),
        Value::Bool(b) => checked(*b as i64, 0),
        Value::Float(f) => from_epoch_float(*f),
        Value::Str(s) => {
            let t = s.trim_matches(py_space);
            if let Ok(f) = t.parse::<f64>() {
                if t.bytes()
                    .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                {
                    return from_epoch_float(f);
                }
            }
            parse_iso8601(s).ok_or(())
        }
        _ => Err(()),
    }
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn split(seconds: i64) -> (i64, u32, u32, i64, i64, i64, usize) {
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        days.rem_euclid(7) as usize,
    )
}

/// `Serializer._timestamp_iso8601` (default precision; `strftime('%Y')` does not pad on Linux).
fn format_iso8601(t: Instant) -> String {
    let (y, m, d, hh, mm, ss, _) = split(t.seconds);
    if t.micros > 0 {
        format!("{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:06}Z", t.micros)
    } else {
        format!("{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    }
}

/// `email.utils.formatdate(seconds, usegmt=True)`.
fn format_rfc822(seconds: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = split(seconds);
    format!(
        "{}, {d:02} {} {y:04} {hh:02}:{mm:02}:{ss:02} GMT",
        DAYS[wd],
        MONTHS[m as usize - 1]
    )
}

fn format_timestamp(t: Instant, format: &str) -> Result<String> {
    match format.to_ascii_lowercase().as_str() {
        "iso8601" => Ok(format_iso8601(t)),
        "rfc822" => Ok(format_rfc822(t.seconds)),
        "unixtimestamp" => Ok(t.seconds.to_string()),
        other => Err(CoreError::Unsupported(format!(
            "timestamp format {other} is not supported"
        ))),
    }
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
    fn python_float_repr() {
        // Values and reprs from CPython 3.11.
        let cases = [
            (1.5, "1.5"),
            (0.0, "0.0"),
            (-2.0, "-2.0"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-1.25e-7, "-1.25e-07"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ];
        for (f, want) in cases {
            assert_eq!(py_float(f), want);
        }
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
