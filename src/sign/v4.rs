//! SigV4 query signing as botocore's `S3SigV4QueryAuth` does it: no path normalisation,
//! `UNSIGNED-PAYLOAD`, the canonical query string sorted from the already-encoded URL query.
//!
//! Key derivation and the final HMAC come from aws-sigv4 (`generate_signing_key`,
//! `calculate_signature`); the signing key is cached per (date, region, service), since only
//! those change it for one secret.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, RwLock};

use aws_sigv4::sign::v4::generate_signing_key;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::{PathSigner, SignedParts, SigningCredentials, SigningTime};
use crate::error::Result;
use crate::plan::EndpointPlan;
use crate::pycompat::{self, push_quoted, QUERY_ENCODE_SET};
use crate::serialize::SerializedRequest;
use crate::url::host_header;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers botocore never signs (`SIGNED_HEADERS_BLACKLIST`).
const UNSIGNED_HEADERS: &[&str] = &[
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// The credential scope without the access key: `20130524/us-east-1/s3/aws4_request`.
pub fn credential_scope(time: &SigningTime, region: &str, service: &str) -> String {
    format!("{}/{}/{}/aws4_request", time.date(), region, service)
}

/// Everything one (date, region, service) fixes for a client: the credential scope, the
/// `X-Amz-Credential` value already percent-encoded, and HMAC-SHA256 keyed with the signing key
/// (aws-sigv4's `generate_signing_key`), its key schedule done once and cloned per signature.
pub struct Scope {
    date: String,
    region: String,
    service: String,
    pub scope: String,
    pub credential_encoded: String,
    mac: Hmac<Sha256>,
}

impl Scope {
    /// The HMAC already fed the string to sign up to the canonical request's hash (algorithm,
    /// date and scope, constant for a signing second): cloned per signature, it saves hashing
    /// that prefix (one SHA-256 block) for every URL.
    pub fn string_to_sign_mac(&self, time: &SigningTime) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(ALGORITHM.as_bytes());
        mac.update(b"\n");
        mac.update(time.amz_date().as_bytes());
        mac.update(b"\n");
        mac.update(self.scope.as_bytes());
        mac.update(b"\n");
        mac
    }
}

/// The string to sign for a canonical request's hex hash:
/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hash>` (what [`Scope::string_to_sign_mac`] feeds the
/// HMAC), as S3 prints it in `SignatureDoesNotMatch`.
pub(crate) fn string_to_sign(time: &SigningTime, scope: &str, canonical_hash: &[u8; 64]) -> String {
    format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        time.amz_date(),
        std::str::from_utf8(canonical_hash).expect("hex is ASCII")
    )
}

/// Completes a [`Scope::string_to_sign_mac`] with the canonical request's hex hash.
pub fn finish_signature(mut mac: Hmac<Sha256>, canonical_hash: &[u8; 64]) -> [u8; 64] {
    mac.update(canonical_hash);
    hex_lower(&mac.finalize().into_bytes())
}

impl Scope {
    /// The hex signature of an arbitrary string to sign (a presigned POST's base64 policy).
    pub fn sign_string(&self, string_to_sign: &[u8]) -> [u8; 64] {
        let mut mac = self.mac.clone();
        mac.update(string_to_sign);
        hex_lower(&mac.finalize().into_bytes())
    }
}

/// Lower-case hex of a 32-byte digest.
pub fn hex_lower(digest: &[u8]) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in digest.iter().take(32).enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    out
}

/// Scopes for one access key / secret, most recent first; a handful of entries covers every
/// (region, service) a client signs for in one day.
pub struct ScopeCache {
    access_key: String,
    secret: String,
    entries: RwLock<Vec<Arc<Scope>>>,
}

const SCOPE_CACHE_SIZE: usize = 8;

impl ScopeCache {
    pub fn new(access_key: String, secret: String) -> ScopeCache {
        ScopeCache {
            access_key,
            secret,
            entries: RwLock::new(Vec::new()),
        }
    }

    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn get(&self, time: &SigningTime, region: &str, service: &str) -> Arc<Scope> {
        let date = time.date();
        let hit = |entries: &[Arc<Scope>]| {
            entries
                .iter()
                .find(|e| e.date == date && e.region == region && e.service == service)
                .cloned()
        };
        if let Some(found) = hit(&self.entries.read().unwrap_or_else(|p| p.into_inner())) {
            return found;
        }
        let key = generate_signing_key(&self.secret, time.system_time(), region, service);
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_ref())
            .expect("HMAC takes a key of any size");
        let scope = credential_scope(time, region, service);
        let credential = format!("{}/{}", self.access_key, scope);
        let entry = Arc::new(Scope {
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            credential_encoded: percent_encoding::utf8_percent_encode(
                &credential,
                QUERY_ENCODE_SET,
            )
            .to_string(),
            scope,
            mac,
        });
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.insert(0, Arc::clone(&entry));
        entries.truncate(SCOPE_CACHE_SIZE);
        entry
    }
}

/// Hex SHA-256 of the canonical request `method \n path tail`, where `tail` runs from the
/// newline after the path to the payload hash (what [`prepare`] fixes for every path).
pub fn canonical_request_hash(method: &str, path: &[u8], tail: &[u8]) -> [u8; 64] {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path);
    hasher.update(tail);
    hex_lower(&hasher.finalize())
}

/// `prepare_request_dict` + `S3SigV4QueryAuth` for one request but its path, which is all a key
/// changes: the query string (operation parameters, then the auth parameters) and the canonical
/// request after the path. `key_path` is the path around the key for key-only signing.
pub(crate) fn prepare(
    credentials: &SigningCredentials,
    plan: &EndpointPlan,
    request: &SerializedRequest,
    key_path: Option<(String, String)>,
    http_method: Option<&str>,
    time: &SigningTime,
    expires_in: u64,
) -> Result<SignedParts> {
    let mut origin = String::with_capacity(plan.scheme.len() + plan.netloc.len() + 16);
    origin.push_str(&plan.scheme);
    origin.push_str("://");
    let host = match &request.host_prefix {
        Some(prefix) => {
            origin.push_str(prefix);
            host_header(&plan.scheme, &format!("{prefix}{}", plan.netloc))?
        }
        None => plan.host.clone(),
    };
    origin.push_str(&plan.netloc);

    // S3SigV4QueryAuth re-parses the query into a dict (first position, first value wins),
    // and writes it back percent-encoded ahead of the auth parameters. The requestUri's
    // literal query (`?uploads`) rides in url_path; the endpoint's path has none.
    let literal_query = request.url_path.split_once('?').map(|(_, q)| q);
    let mut query: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(request.query.len() + 2);
    if let Some(literal) = literal_query {
        for pair in literal.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = pycompat::unquote_plus(k);
            if !query.iter().any(|(qk, _)| *qk == k) {
                query.push((k.into(), pycompat::unquote_plus(v).into()));
            }
        }
    }
    for (k, v) in &request.query {
        if !query.iter().any(|(qk, _)| qk == k) {
            query.push((k.as_str().into(), v.as_str().into()));
        }
    }

    let headers = signed_headers(&request.headers, &plan.headers, &host);
    let mut signed_header_names = String::with_capacity(64);
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            signed_header_names.push(';');
        }
        signed_header_names.push_str(name);
    }

    // The query as it goes into the URL; `pairs` remembers where each key and value sit so
    // the canonical query can be sorted without copying.
    let mut out = String::with_capacity(256);
    let mut pairs: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(query.len() + 6);
    // `raw_key`: the X-Amz-* names need no encoding; `encode_value`: false for values
    // that are encoded already or cannot need it.
    let mut push_pair =
        |out: &mut String, key: &str, value: &str, raw_key: bool, encode_value: bool| {
            if !out.is_empty() {
                out.push('&');
            }
            let k0 = out.len();
            if raw_key {
                out.push_str(key);
            } else {
                push_quoted(out, key);
            }
            let k1 = out.len();
            out.push('=');
            let v0 = out.len();
            if encode_value {
                push_quoted(out, value);
            } else {
                out.push_str(value);
            }
            pairs.push((k0..k1, v0..out.len()));
        };
    for (k, v) in &query {
        push_pair(&mut out, k, v, false, true);
    }
    let scope = credentials.scope(time, &plan.region, &plan.service);
    push_pair(&mut out, "X-Amz-Algorithm", ALGORITHM, true, false);
    push_pair(
        &mut out,
        "X-Amz-Credential",
        &scope.credential_encoded,
        true,
        false,
    );
    push_pair(&mut out, "X-Amz-Date", time.amz_date(), true, false);
    let mut expires = itoa::Buffer::new();
    push_pair(
        &mut out,
        "X-Amz-Expires",
        expires.format(expires_in),
        true,
        false,
    );
    push_pair(
        &mut out,
        "X-Amz-SignedHeaders",
        &signed_header_names,
        true,
        true,
    );
    if let Some(token) = credentials.token() {
        push_pair(&mut out, "X-Amz-Security-Token", token, true, true);
    }
    pairs.sort_by(|(ak, av), (bk, bv)| {
        (&out[ak.clone()], &out[av.clone()]).cmp(&(&out[bk.clone()], &out[bv.clone()]))
    });

    let mut tail = Vec::with_capacity(out.len() + 128);
    tail.push(b'\n');
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            tail.push(b'&');
        }
        tail.extend_from_slice(&out.as_bytes()[k.clone()]);
        tail.push(b'=');
        tail.extend_from_slice(&out.as_bytes()[v.clone()]);
    }
    tail.push(b'\n');
    for (name, values) in &headers {
        tail.extend_from_slice(name.as_bytes());
        tail.push(b':');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                tail.push(b',');
            }
            pycompat::push_split_joined(&mut tail, value);
        }
        tail.push(b'\n');
    }
    tail.push(b'\n');
    tail.extend_from_slice(signed_header_names.as_bytes());
    tail.push(b'\n');
    tail.extend_from_slice(UNSIGNED_PAYLOAD.as_bytes());

    Ok(SignedParts {
        origin,
        key_path,
        base_path: plan.path.clone(),
        query: out,
        signer: PathSigner::V4 {
            method: http_method.unwrap_or(request.method).to_ascii_uppercase(),
            canonical_tail: tail,
            sts_mac: scope.string_to_sign_mac(time),
        },
        generation: credentials.generation(),
    })
}

/// The headers botocore signs, grouped case-insensitively (first-seen order of values), without
/// the unsigned ones and botocore's default form content type, plus `host`; sorted by name.
fn signed_headers<'a>(
    request: &'a [(String, String)],
    endpoint: &'a [(String, String)],
    host: &'a str,
) -> Vec<(String, Vec<&'a str>)> {
    let mut named: Vec<(String, &str)> = request
        .iter()
        .chain(endpoint)
        .map(|(name, value)| (name.to_ascii_lowercase(), value.as_str()))
        .filter(|(lname, _)| !UNSIGNED_HEADERS.contains(&lname.as_str()))
        .collect();
    // Grouped by sorting (stable: a name's values keep their order), so that many headers
    // (100,000 `Metadata` entries) cost n log n, not n squared.
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut headers: Vec<(String, Vec<&str>)> = Vec::with_capacity(named.len() + 1);
    for (lname, value) in named {
        match headers.last_mut() {
            Some((last, values)) if *last == lname => values.push(value),
            _ => headers.push((lname, vec![value])),
        }
    }
    headers.retain(|(name, values)| {
        !(name == "content-type"
            && values.first() == Some(&"application/x-www-form-urlencoded; charset=utf-8"))
    });
    if let Err(at) = headers.binary_search_by(|(n, _)| n.as_str().cmp("host")) {
        headers.insert(at, ("host".to_owned(), vec![host]));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_amz_date() {
        let t = SigningTime::from_unix_seconds(1369353600).unwrap();
        assert_eq!(t.amz_date(), "20130524T000000Z");
        assert_eq!(t.date(), "20130524");
        assert!(SigningTime::from_unix_seconds(-1).is_none());
        assert!(SigningTime::from_unix_seconds(253402300800).is_none());
    }

    /// AWS's published example for query-string authentication ("Authenticating Requests:
    /// Using Query Parameters", GET examplebucket/test.txt, 86400 s).
    #[test]
    fn aws_published_presign_example() {
        let time = SigningTime::from_unix_seconds(1369353600).unwrap();
        let canonical = "GET\n/test.txt\n\
X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n\
host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD";
        let scope = credential_scope(&time, "us-east-1", "s3");
        let hash = hex::encode(Sha256::digest(canonical.as_bytes()));
        let sts = format!("{ALGORITHM}\n{}\n{scope}\n{hash}", time.amz_date());
        assert_eq!(
            sts,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"
        );
        let expected = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        let signing_key = generate_signing_key(
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            time.system_time(),
            "us-east-1",
            "s3",
        );
        assert_eq!(
            aws_sigv4::sign::v4::calculate_signature(signing_key, sts.as_bytes()),
            expected
        );
        let cache = ScopeCache::new(
            "AKIAIOSFODNN7EXAMPLE".into(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        );
        let canonical_hash: [u8; 64] = sts.as_bytes()[sts.len() - 64..].try_into().unwrap();
        for _ in 0..2 {
            // The second pass takes the cached scope and must agree.
            let scope = cache.get(&time, "us-east-1", "s3");
            assert_eq!(
                &finish_signature(scope.string_to_sign_mac(&time), &canonical_hash),
                expected.as_bytes()
            );
            assert_eq!(
                scope.credential_encoded,
                "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            );
        }
    }
}
