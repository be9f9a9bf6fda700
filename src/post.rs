//! Presigned POST, as boto3's `generate_presigned_post` builds it (botocore `signers.py`
//! `generate_presigned_post` / `S3PostPresigner`, `auth.py` `S3SigV4PostAuth` and
//! `HmacV1PostAuth`):
//!
//! - the URL is CreateBucket's request URL for the bucket (the ruleset's bucket endpoint);
//! - the policy is `json.dumps({"expiration": ..., "conditions": [...]})` with Python's
//!   defaults (`", "` and `": "` separators, `ensure_ascii`, float `repr`), base64-encoded;
//! - the conditions are the caller's, then `{"bucket": B}`, then `{"key": K}` (or
//!   `["starts-with", "$key", prefix]` when `K` ends with `${filename}`), then the signer's own;
//! - the fields are the caller's, then `key`, then the signer's, with Python dict semantics (a
//!   name the caller already gave keeps its place and takes the new value).

use base64::Engine as _;

use crate::client::{check_expires_in, Presigner};
use crate::config::SignatureVersion;
use crate::error::{CoreError, Result};
use crate::sign::{v2, v4, SigningCredentials, SigningTime};

/// A JSON value as `json.dumps` sees Python objects: what a POST policy condition may hold.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyValue {
    /// `None` -> `null`.
    Null,
    /// `True` / `False` -> `true` / `false`.
    Bool(bool),
    /// An `int` that fits in i64.
    Int(i64),
    /// An `int` beyond i64, as its decimal text (`int.__repr__`).
    BigInt(String),
    /// A `float`, written as `float.__repr__` (`NaN`, `Infinity`, `-Infinity` as `json.dumps`).
    Float(f64),
    Str(String),
    /// A list or tuple.
    List(Vec<PolicyValue>),
    /// A dict with str keys, in insertion order.
    Map(Vec<(String, PolicyValue)>),
}

/// What `generate_presigned_post` needs besides the bucket, key and conditions.
#[derive(Debug, Clone, Copy)]
pub struct PostOptions {
    pub expires_in: u64,
    pub signing_time: SigningTime,
}

/// A presigned POST: the URL and the fields s3presign adds to the caller's, in boto3's order
/// (`key`, then the signature's). The binding sets them into a copy of the caller's fields as a
/// Python dict would (an existing name keeps its place and takes the new value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedPost {
    pub url: String,
    pub fields: Vec<(&'static str, String)>,
    /// The policy document before base64 (what `json.dumps` gave boto3).
    pub policy_json: String,
}

const FILENAME_VARIABLE: &str = "${filename}";

impl Presigner {
    /// boto3's `client.generate_presigned_post(Bucket, Key, Fields, Conditions, ExpiresIn)`; the
    /// caller's `Fields` are not needed to sign (the binding merges them).
    pub fn generate_presigned_post(
        &self,
        bucket: &str,
        key: &str,
        conditions: &[PolicyValue],
        options: &PostOptions,
    ) -> Result<PresignedPost> {
        check_expires_in(options.expires_in)?;
        check_post_key(key)?;
        let time = &options.signing_time;
        let (url, scope, credentials) = self.post_target(bucket, time)?;
        let config = self.config();
        let expiration = expiration(time, options.expires_in)?;
        let mut policy = PolicyWriter::new(&expiration, conditions);
        policy.map(&[("bucket", bucket)]);
        match key.strip_suffix(FILENAME_VARIABLE) {
            Some(prefix) => policy.list(&["starts-with", "$key", prefix]),
            None => policy.map(&[("key", key)]),
        }
        let mut fields: Vec<(&'static str, String)> = vec![("key", key.to_owned())];
        match config.signature_version {
            SignatureVersion::S3V4 => {
                let credential = format!("{}/{}", credentials.access_key(), scope.scope);
                let date = time.amz_date();
                policy.map(&[("x-amz-algorithm", v4::ALGORITHM)]);
                policy.map(&[("x-amz-credential", &credential)]);
                policy.map(&[("x-amz-date", date)]);
                if let Some(token) = credentials.token() {
                    policy.map(&[("x-amz-security-token", token)]);
                }
                let policy_json = policy.finish();
                let encoded = base64::engine::general_purpose::STANDARD.encode(&policy_json);
                let signature = scope.sign_string(encoded.as_bytes());
                fields.push(("x-amz-algorithm", v4::ALGORITHM.to_owned()));
                fields.push(("x-amz-credential", credential));
                fields.push(("x-amz-date", date.to_owned()));
                if let Some(token) = credentials.token() {
                    fields.push(("x-amz-security-token", token.to_owned()));
                }
                fields.push(("policy", encoded));
                fields.push((
                    "x-amz-signature",
                    String::from_utf8_lossy(&signature).into_owned(),
                ));
                Ok(PresignedPost {
                    url,
                    fields,
                    policy_json,
                })
            }
            SignatureVersion::S3 => {
                let (v2_fields, policy_json) = sigv2_post_fields(&credentials, policy);
                fields.extend(v2_fields);
                Ok(PresignedPost {
                    url,
                    fields,
                    policy_json,
                })
            }
        }
    }
}

/// `HmacV1PostAuth`: `AWSAccessKeyId`, the session token if any (also as a condition),
/// `policy`, and `signature` = base64(HMAC-SHA1(secret, base64 policy)). Returns the fields and
/// the policy JSON.
fn sigv2_post_fields(
    credentials: &SigningCredentials,
    mut policy: PolicyWriter,
) -> (Vec<(&'static str, String)>, String) {
    let mut fields = vec![("AWSAccessKeyId", credentials.access_key().to_owned())];
    if let Some(token) = credentials.token() {
        policy.map(&[("x-amz-security-token", token)]);
        fields.push(("x-amz-security-token", token.to_owned()));
    }
    let policy_json = policy.finish();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&policy_json);
    let signature = v2::sign_string(credentials.secret_key(), &encoded);
    fields.push(("policy", encoded));
    fields.push(("signature", signature));
    (fields, policy_json)
}

/// S3 takes keys of 1 to 1024 UTF-8 bytes (botocore does not check; S3 refuses the upload).
fn check_post_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 1024 {
        return Err(CoreError::ParamValidation(format!(
            "Key must be 1 to 1024 bytes of UTF-8, got {} bytes",
            key.len()
        )));
    }
    Ok(())
}

/// `(now + timedelta(seconds=expires_in)).strftime('%Y-%m-%dT%H:%M:%SZ')`.
fn expiration(time: &SigningTime, expires_in: u64) -> Result<String> {
    let at = time::OffsetDateTime::from_unix_timestamp(time.unix_seconds() + expires_in as i64)
        .ok()
        .filter(|dt| dt.year() <= 9999)
        .ok_or_else(|| {
            CoreError::ParamValidation("the policy would expire after the year 9999".into())
        })?;
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    ))
}

/// The policy document, written as `json.dumps` writes the dict botocore builds.
struct PolicyWriter {
    out: String,
}

impl PolicyWriter {
    fn new(expiration: &str, conditions: &[PolicyValue]) -> PolicyWriter {
        let mut out = String::with_capacity(512);
        out.push_str("{\"expiration\": ");
        write_json_str(&mut out, expiration);
        out.push_str(", \"conditions\": [");
        for (i, c) in conditions.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_json(&mut out, c);
        }
        PolicyWriter { out }
    }

    fn separator(&mut self) {
        if !self.out.ends_with('[') {
            self.out.push_str(", ");
        }
    }

    fn map(&mut self, items: &[(&str, &str)]) {
        self.separator();
        self.out.push('{');
        for (i, (k, v)) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            write_json_str(&mut self.out, k);
            self.out.push_str(": ");
            write_json_str(&mut self.out, v);
        }
        self.out.push('}');
    }

    fn list(&mut self, items: &[&str]) {
        self.separator();
        self.out.push('[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            write_json_str(&mut self.out, v);
        }
        self.out.push(']');
    }

    fn finish(mut self) -> String {
        self.out.push_str("]}");
        self.out
    }
}

/// `json.dumps(value)` with Python's defaults.
#[cfg(test)]
fn to_json(value: &PolicyValue) -> String {
    let mut out = String::new();
    write_json(&mut out, value);
    out
}

fn write_json(out: &mut String, value: &PolicyValue) {
    match value {
        PolicyValue::Null => out.push_str("null"),
        PolicyValue::Bool(true) => out.push_str("true"),
        PolicyValue::Bool(false) => out.push_str("false"),
        PolicyValue::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        PolicyValue::BigInt(digits) => out.push_str(digits),
        PolicyValue::Float(f) => {
            if f.is_nan() {
                out.push_str("NaN");
            } else if f.is_infinite() {
                out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" });
            } else {
                out.push_str(&crate::pycompat::repr_float(*f));
            }
        }
        PolicyValue::Str(s) => write_json_str(out, s),
        PolicyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(out, item);
            }
            out.push(']');
        }
        PolicyValue::Map(items) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json_str(out, k);
                out.push_str(": ");
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

/// `json.encoder.py_encode_basestring_ascii`: printable ASCII as is (but `"` and `\`), the
/// short escapes, everything else `\uXXXX` (lower-case hex, UTF-16 surrogate pairs).
fn write_json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(HEX[usize::from((*unit >> shift) & 15)]));
                    }
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_like_python() {
        let v = PolicyValue::List(vec![
            PolicyValue::Str("é\u{1F600}\"\\\n\u{7f}\u{1}".into()),
            PolicyValue::Map(vec![("a".into(), PolicyValue::Null)]),
            PolicyValue::Bool(true),
            PolicyValue::Int(-3),
            PolicyValue::Float(f64::NAN),
            PolicyValue::Float(f64::NEG_INFINITY),
        ]);
        // json.dumps(["é😀\"\\\n\x7f\x01", {"a": None}, True, -3, float("nan"), -float("inf")])
        assert_eq!(
            to_json(&v),
            r#"["\u00e9\ud83d\ude00\"\\\n\u007f\u0001", {"a": null}, true, -3, NaN, -Infinity]"#
        );
    }

    #[test]
    fn sigv2_signature_matches_aws_example() {
        let policy = "eyAiZXhwaXJhdGlvbiI6ICIyMDA3LTEyLTAxVDEyOjAwOjAwLjAwMFoiLAogICJjb25kaXRpb25zIjogWwogICAgeyJidWNrZXQiOiAiam9obnNtaXRoIn0sCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci9lcmljLyJdLAogICAgeyJhY2wiOiAicHVibGljLXJlYWQifSwKICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL2pvaG5zbWl0aC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwKICAgIFsic3RhcnRzLXdpdGgiLCAiJENvbnRlbnQtVHlwZSIsICJpbWFnZS8iXSwKICAgIHsieC1hbXotbWV0YS11dWlkIjogIjE0MzY1MTIzNjUxMjc0In0sCiAgICBbInN0YXJ0cy13aXRoIiwgIiR4LWFtei1tZXRhLXRhZyIsICIiXQogIF0KfQo=";
        assert_eq!(
            v2::sign_string("uV3F3YluFJax1cknvbcGwgjvx4QpvB+leU8dUj2o", policy),
            "0RavWzkygo6QX9caELEqKi9kDbU="
        );
    }
}
