//! botocore's S3 parameter handlers (`botocore.handlers`) and the regular expressions they use,
//! by hand; `Params` as a Python dict.

use super::*;

pub(super) fn get<'a>(params: &'a Params, key: &str) -> Option<&'a Value> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(super) fn set(params: &mut Params, key: &str, value: Value) {
    match params.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => params.push((key.to_string(), value)),
    }
}

pub(super) fn set_ordered(pairs: &mut Vec<(String, String)>, key: String, value: String) {
    match pairs.iter_mut().find(|(k, _)| *k == key) {
        Some((_, v)) => *v = value,
        None => pairs.push((key, value)),
    }
}

/// [`set_ordered`] for each pair in turn, in linear time: a map member's entries (100,000
/// `Metadata` headers) would otherwise each be compared with every one before them.
pub(super) fn set_all_ordered(
    pairs: &mut Vec<(String, String)>,
    new: impl ExactSizeIterator<Item = (String, String)>,
) {
    use std::collections::hash_map::{Entry, HashMap};
    if new.len() <= 8 {
        for (key, value) in new {
            set_ordered(pairs, key, value);
        }
        return;
    }
    let mut index: HashMap<String, usize> = pairs
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    for (key, value) in new {
        match index.entry(key) {
            Entry::Occupied(at) => pairs[*at.get()].1 = value,
            Entry::Vacant(slot) => {
                pairs.push((slot.key().clone(), value));
                slot.insert(pairs.len() - 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regular expressions of botocore.handlers, by hand. Python's `$` also matches before one final
// `\n`, so every anchored pattern accepts a trailing newline.

pub(super) fn strip_final_newline(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

pub(super) fn all_in(s: &str, min: usize, max: usize, ok: impl Fn(char) -> bool) -> bool {
    let n = s.chars().count();
    n >= min && n <= max && s.chars().all(ok)
}

/// `VALID_BUCKET = ^[a-zA-Z0-9.\-_]{1,255}$`
pub(super) fn valid_bucket(s: &str) -> bool {
    all_in(strip_final_newline(s), 1, 255, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
    })
}

pub(super) fn take_lit<'a>(s: &'a str, lit: &str) -> Option<&'a str> {
    s.strip_prefix(lit)
}

pub(super) fn take_sep(s: &str) -> Option<&str> {
    s.strip_prefix('/').or_else(|| s.strip_prefix(':'))
}

pub(super) fn take_digits12(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (b.len() >= 12 && b[..12].iter().all(u8::is_ascii_digit)).then(|| &s[12..])
}

/// `[class]*` or `[class]+` followed by `:`; the class never holds `:`.
pub(super) fn take_run_then_colon(s: &str, min: usize, ok: impl Fn(char) -> bool) -> Option<&str> {
    let end = s.find(|c: char| !ok(c)).unwrap_or(s.len());
    if end < min {
        return None;
    }
    s[end..].strip_prefix(':')
}

pub(super) fn lower_digit_dash(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

pub(super) fn alnum_dash(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// The part of `_ACCESSPOINT_ARN` after `.*`:
/// `:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}`
pub(super) fn accesspoint_tail(s: &str) -> bool {
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
pub(super) fn outpost_tail(s: &str) -> bool {
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

/// `VERSION_ID_SUFFIX = \?versionId=[^\s]+$`: where the leftmost match starts.
pub(super) fn version_id_suffix(s: &str) -> Option<usize> {
    let body = strip_final_newline(s);
    let mut from = 0;
    while let Some(pos) = body[from..].find("?versionId=") {
        let start = from + pos;
        let rest = &body[start + "?versionId=".len()..];
        if !rest.is_empty() && !rest.chars().any(isspace) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Handlers.

pub(super) fn is(op: &Operation, names: &[&str]) -> bool {
    names.contains(&op.name)
}

/// `handlers.handle_copy_source_param`.
pub(super) fn handle_copy_source(params: &mut Params) -> Result<()> {
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
pub(super) fn f_string_value(what: &str, v: &Value) -> Result<String> {
    match v {
        Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Null => Ok(py_str(v)),
        other => Err(invalid(format!(
            "{what} must be a str, not {}",
            py_class(other)
        ))),
    }
}

/// `handlers.validate_ascii_metadata`.
pub(super) fn validate_ascii_metadata(params: &Params) -> Result<()> {
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
pub(super) fn sse_md5(params: &mut Params, prefix: &str) -> Result<()> {
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
pub(super) fn validate_bucket_name(params: &Params) -> Result<()> {
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
pub(super) fn uuid4() -> String {
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
