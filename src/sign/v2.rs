//! SigV2 query signing as botocore's `HmacV1QueryAuth` (`signature_version="s3"`, presigned as
//! `s3-query`) does it (the regions where boto3 presigns with SigV2 by default are config's
//! concern: `config::sigv2_regions`).
//!
//! The string to sign is `HmacV1Auth.canonical_string`: the upper-cased method, the
//! `Content-MD5`, `Content-Type` and `Date` header values (the `Date` being the `Expires`
//! timestamp), the sorted `x-amz-*` headers, then the resource: the operation's `authPath`
//! (`/{Bucket}/{Key+}`, the bucket always in it) or the URL path, with the sub-resources and
//! `response-*` overrides of the query. The signature is base64 HMAC-SHA1 of it; the auth
//! parameters (`AWSAccessKeyId`, `Signature`, `content-md5`/`content-type`/`x-amz-*` headers,
//! `x-amz-security-token`, `Expires`) are appended to the URL's query.

use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use super::{PathSigner, SignedParts, SigningCredentials};
use crate::operations::Operation;
use crate::plan::{is_arn, EndpointPlan};
use crate::pycompat::{self, push_quoted as push_encoded, strip as py_strip};
use crate::serialize::SerializedRequest;
use crate::value::{find_param, Params, Value};

/// `HmacV1Auth.QSAOfInterest`: the query keys that go into the string to sign.
const QSA_OF_INTEREST: &[&str] = &[
    "accelerate",
    "acl",
    "cors",
    "defaultObjectAcl",
    "location",
    "logging",
    "partNumber",
    "policy",
    "requestPayment",
    "torrent",
    "versioning",
    "versionId",
    "versions",
    "website",
    "uploads",
    "uploadId",
    "response-content-type",
    "response-content-language",
    "response-expires",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "delete",
    "lifecycle",
    "tagging",
    "restore",
    "storageClass",
    "notification",
    "replication",
    "analytics",
    "metrics",
    "inventory",
    "select",
    "select-type",
    "object-lock",
];

/// What `HmacV1QueryAuth` reads from the request it signs.
#[derive(Debug, Clone, Copy)]
pub struct QueryRequest<'a> {
    /// The HTTP method as given (upper-cased here).
    pub method: &'a str,
    /// The request headers in order (serialised headers, then endpoint headers), names as
    /// given; `Date` and `x-amz-security-token` are replaced as botocore does.
    pub headers: &'a [(&'a str, &'a str)],
    /// The URL's query before signing (already percent-encoded), `""` when none.
    pub query: &'a str,
    /// `int(time.time() + expires_in)`.
    pub expires: i64,
    pub access_key: &'a str,
    pub secret_key: &'a str,
    pub token: Option<&'a str>,
}

/// The headers as `HTTPHeaders` holds them when the signer reads them: the request's, without
/// any `Date` / `x-amz-security-token`, then the token, then `Date`.
fn signing_headers<'a>(req: &QueryRequest<'a>, expires: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(k, _)| {
            !k.eq_ignore_ascii_case("date") && !k.eq_ignore_ascii_case("x-amz-security-token")
        })
        .copied()
        .collect();
    if let Some(token) = req.token {
        headers.push(("x-amz-security-token", token));
    }
    headers.push(("Date", expires));
    headers
}

/// `HTTPHeaders[name]` for every name at once: the lower-cased name to its first value. One
/// pass, so that many headers (100,000 `Metadata` entries) are not each searched for.
fn first_values<'a>(headers: &[(&'a str, &'a str)]) -> HashMap<String, &'a str> {
    let mut first = HashMap::with_capacity(headers.len());
    for (k, v) in headers {
        first.entry(k.to_ascii_lowercase()).or_insert(*v);
    }
    first
}

/// The canonical string before the resource path: method, standard and `x-amz-*` headers.
fn canonical_head(req: &QueryRequest<'_>, headers: &[(&str, &str)]) -> String {
    let mut cs = String::with_capacity(128);
    cs.push_str(&req.method.to_uppercase());
    cs.push('\n');
    // canonical_standard_headers: one line per interesting header (a value per matching entry).
    let first = first_values(headers);
    for (i, wanted) in ["content-md5", "content-type", "date"].iter().enumerate() {
        if i > 0 {
            cs.push('\n');
        }
        let mut found = false;
        for (k, _) in headers {
            if k.eq_ignore_ascii_case(wanted) {
                if found {
                    cs.push('\n');
                }
                cs.push_str(py_strip(first.get(*wanted).copied().unwrap_or("")));
                found = true;
            }
        }
    }
    cs.push('\n');
    // canonical_custom_headers: x-amz-* by lower-cased name, all values stripped and joined.
    let mut custom: Vec<(String, Vec<&str>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (k, v) in headers {
        let lk = k.to_ascii_lowercase();
        if !lk.starts_with("x-amz-") {
            continue;
        }
        match at.get(&lk) {
            Some(&i) => custom[i].1.push(py_strip(v)),
            None => {
                at.insert(lk.clone(), custom.len());
                custom.push((lk, vec![py_strip(v)]));
            }
        }
    }
    custom.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, values) in &custom {
        cs.push_str(k);
        cs.push(':');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                cs.push(',');
            }
            cs.push_str(v);
        }
        cs.push('\n');
    }
    cs
}

/// The canonical string after the resource path: the sub-resources and `response-*`
/// overrides of the query, sorted.
fn canonical_sub_resources(query: &str) -> String {
    let mut cs = String::new();
    if !query.is_empty() {
        let mut qsa: Vec<(&str, Option<String>)> = query
            .split('&')
            .filter_map(|pair| {
                let (k, v) = match pair.split_once('=') {
                    Some((k, v)) => (k, Some(v)),
                    None => (pair, None),
                };
                QSA_OF_INTEREST.contains(&k).then(|| {
                    let v = v.map(|v| {
                        percent_encoding::percent_decode_str(v)
                            .decode_utf8_lossy()
                            .into_owned()
                    });
                    (k, v)
                })
            })
            .collect();
        if !qsa.is_empty() {
            // A stable sort by key, as `qsa.sort(key=itemgetter(0))`.
            qsa.sort_by(|a, b| a.0.cmp(b.0));
            cs.push('?');
            for (i, (k, v)) in qsa.iter().enumerate() {
                if i > 0 {
                    cs.push('&');
                }
                cs.push_str(k);
                if let Some(v) = v {
                    cs.push('=');
                    cs.push_str(v);
                }
            }
        }
    }
    cs
}

/// SigV2 auth for one request but its resource path, to sign many paths (keys) with the
/// same method, headers, query and expiry: the canonical string around the resource, the auth
/// query around the signature, and HMAC-SHA1 keyed with the secret.
#[derive(Clone)]
pub struct QueryAuth {
    canonical_head: String,
    canonical_tail: String,
    /// `AWSAccessKeyId=...&Signature=`
    query_head: String,
    /// The header parameters, the token and `Expires`, each with its leading `&`.
    query_tail: String,
    mac: Hmac<Sha1>,
}

/// Base64 of a 20-byte HMAC-SHA1.
pub type Signature = [u8; 28];

impl QueryAuth {
    /// For `req`, signing any resource path.
    pub fn new(req: &QueryRequest<'_>) -> QueryAuth {
        let mut expires = itoa::Buffer::new();
        let expires = expires.format(req.expires);
        let headers = signing_headers(req, expires);

        // The query dict: insertion order, the first value of each header; the access key and
        // the signature always come first.
        let first = first_values(&headers);
        let mut dict: Vec<(String, &str)> = Vec::with_capacity(headers.len());
        let mut in_dict: HashSet<String> = HashSet::with_capacity(headers.len());
        for (k, _) in &headers {
            let lk = k.to_ascii_lowercase();
            let name = if *k == "Date" {
                "Expires".to_owned()
            } else if lk.starts_with("x-amz-") || lk == "content-md5" || lk == "content-type" {
                lk.clone()
            } else {
                continue;
            };
            if in_dict.insert(name.clone()) {
                dict.push((name, first.get(&lk).copied().unwrap_or("")));
            }
        }
        let mut query_head = String::from("AWSAccessKeyId=");
        push_encoded(&mut query_head, req.access_key);
        query_head.push_str("&Signature=");
        let mut query_tail = String::with_capacity(64 + req.token.map_or(0, |t| t.len() * 2));
        for (k, v) in &dict {
            query_tail.push('&');
            push_encoded(&mut query_tail, k);
            query_tail.push('=');
            push_encoded(&mut query_tail, v);
        }
        QueryAuth {
            canonical_head: canonical_head(req, &headers),
            canonical_tail: canonical_sub_resources(req.query),
            query_head,
            query_tail,
            mac: <Hmac<Sha1> as KeyInit>::new_from_slice(req.secret_key.as_bytes())
                .expect("HMAC takes keys of any length"),
        }
    }

    /// `HmacV1Auth.sign_string` of the canonical string for the resource path made of `pieces`.
    pub fn signature(&self, pieces: &[&str]) -> Signature {
        let mut mac = self.mac.clone();
        mac.update(self.canonical_head.as_bytes());
        for piece in pieces {
            mac.update(piece.as_bytes());
        }
        mac.update(self.canonical_tail.as_bytes());
        let mut out = [0u8; 28];
        base64::engine::general_purpose::STANDARD
            .encode_slice(mac.finalize().into_bytes(), &mut out)
            .expect("28 bytes hold the base64 of 20");
        out
    }

    /// Appends the auth query with `signature`.
    pub fn push_query(&self, out: &mut String, signature: &Signature) {
        out.push_str(&self.query_head);
        push_encoded(
            out,
            std::str::from_utf8(signature).expect("base64 is ASCII"),
        );
        out.push_str(&self.query_tail);
    }
}

/// `HmacV1Auth.canonical_string`, the string to sign, for the signed resource `resource_path`
/// (what `QueryAuth` signs piecewise; a verifier rebuilds it whole).
pub(crate) fn string_to_sign(req: &QueryRequest<'_>, resource_path: &str) -> String {
    let mut expires = itoa::Buffer::new();
    let expires = expires.format(req.expires);
    let mut cs = canonical_head(req, &signing_headers(req, expires));
    cs.push_str(resource_path);
    cs.push_str(&canonical_sub_resources(req.query));
    cs
}

/// `HmacV1Auth.sign_string`: base64 of HMAC-SHA1 keyed with the secret (a presigned POST's
/// policy, a verified URL's string to sign; URLs sign through [`QueryAuth`]).
pub(crate) fn sign_string(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `prepare_request_dict` + `HmacV1QueryAuth` for one request but its signed resource:
/// everything but the path. `key_path` is the path around the key and the signed resource
/// before it (`/{Bucket}/`) for key-only signing; see [`key_resource`].
pub(crate) fn prepare(
    credentials: &SigningCredentials,
    plan: &EndpointPlan,
    request: &SerializedRequest,
    key_path: Option<((String, String), String)>,
    http_method: Option<&str>,
    expires: i64,
) -> SignedParts {
    let mut origin = format!("{}://", plan.scheme);
    if let Some(prefix) = &request.host_prefix {
        origin.push_str(prefix);
    }
    origin.push_str(&plan.netloc);
    // The URL's query before the auth parameters: the requestUri's literal query, then the
    // serialised members.
    let literal = request.url_path.split_once('?').map(|(_, q)| q);
    let mut query: Option<String> = literal.map(str::to_owned);
    if !request.query.is_empty() {
        let q = query.get_or_insert_with(String::new);
        if literal.is_some() {
            q.push('&');
        }
        for (i, (k, v)) in request.query.iter().enumerate() {
            if i > 0 {
                q.push('&');
            }
            push_encoded(q, k);
            q.push('=');
            push_encoded(q, v);
        }
    }
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .chain(&plan.headers)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let auth = QueryAuth::new(&QueryRequest {
        method: http_method.unwrap_or(request.method),
        headers: &headers,
        query: query.as_deref().unwrap_or(""),
        expires,
        access_key: credentials.access_key(),
        secret_key: credentials.secret_key(),
        token: credentials.token(),
    });
    // Between the path and the auth parameters.
    let between = match query.as_deref() {
        Some(q) if !q.is_empty() => format!("?{q}&"),
        Some(_) => "??".to_owned(),
        None => "?".to_owned(),
    };
    let (key_path, resource_prefix) = match key_path {
        Some((path, resource)) => (Some(path), resource),
        None => (None, String::new()),
    };
    SignedParts {
        origin,
        key_path,
        base_path: plan.path.clone(),
        query: between,
        generation: credentials.generation(),
        signer: PathSigner::V2 {
            auth,
            resource_prefix,
        },
    }
}

/// The signed resource before the key (`/{Bucket}/`) when a key-only URL signs the same
/// resource as the full path: the operation's `authPath` is `/{Bucket}/{Key+}` and the bucket
/// is a plain name (an ARN's is rewritten by `remove_arn_from_signing_path`).
pub(crate) fn key_resource(op: &Operation, bucket: &str) -> Option<String> {
    (op.auth_path == Some("/{Bucket}/{Key+}") && !is_arn(bucket))
        .then(|| format!("/{}/", pycompat::quote(bucket)))
}

/// The `authPath` botocore's serialiser renders (`remove_bucket_from_url_paths_from_model` keeps
/// `/{Bucket}/...` there for SigV2), after `remove_arn_from_signing_path`; `None` for the
/// operations without one (the URL path is signed then).
pub(crate) fn auth_path(op: &Operation, params: &Params) -> Option<String> {
    let template = op.auth_path?;
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}')?;
        let label = &rest[start + 1..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(n) => (n, true),
            None => (label, false),
        };
        let Some(Value::Str(value)) = find_param(params, name) else {
            return None;
        };
        out.push_str(&if greedy {
            pycompat::quote_keep_slash(value)
        } else {
            pycompat::quote(value)
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if out.starts_with("/arn%3A") {
        let parts: Vec<&str> = out.split('/').collect();
        if parts.len() > 1 && is_arn(&pycompat::unquote(parts[1])) {
            let mut stripped = String::with_capacity(out.len());
            for part in &parts[2..] {
                stripped.push('/');
                stripped.push_str(part);
            }
            return Some(stripped);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The auth query `HmacV1QueryAuth._inject_signature` appends to the URL's query (joined to it
    /// with `&`, or after `?` when there is none), percent-encoded.
    fn auth_query(req: &QueryRequest<'_>, resource_path: &str) -> String {
        let auth = QueryAuth::new(req);
        let mut out = String::with_capacity(160 + req.token.map_or(0, |t| t.len() * 2));
        auth.push_query(&mut out, &auth.signature(&[resource_path]));
        out
    }

    fn request<'a>(headers: &'a [(&'a str, &'a str)], query: &'a str) -> QueryRequest<'a> {
        QueryRequest {
            method: "get",
            headers,
            query,
            expires: 1_175_139_620,
            access_key: "AKIAIOSFODNN7EXAMPLE",
            secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            token: None,
        }
    }

    /// The query-string authentication example of Amazon's "Signing and Authenticating REST
    /// Requests" (S3 developer guide, SigV2): GET /johnsmith/photos/puppy.jpg, Expires
    /// 1175139620, signature `NpgCjnDzrM+WFzoENXmpNDUsSn8=`.
    #[test]
    fn aws_documentation_query_string_example() {
        let req = request(&[], "");
        let path = "/johnsmith/photos/puppy.jpg";
        assert_eq!(
            string_to_sign(&req, path),
            "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg"
        );
        assert_eq!(
            auth_query(&req, path),
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D\
             &Expires=1175139620"
        );
    }

    /// Expected output: botocore 1.43.11's `HmacV1QueryAuth(creds(token="tok")).add_auth` on an
    /// `AWSRequest` with these headers, this query and `auth_path="/b/k"`, `time.time` frozen at
    /// 1175139620.5 and expires=0.
    #[test]
    fn headers_token_and_sub_resources_match_botocore() {
        let headers = [
            ("Content-Type", " text/plain "),
            ("x-amz-meta-B", "2"),
            ("x-amz-meta-a", " 1 "),
            ("X-Amz-Meta-A", "3"),
            ("Date", "ignored"),
        ];
        let mut req = request(
            &headers,
            "x-id=GetObject&uploadId=u%20v&partNumber=2&uploads&response-content-type=a%2Fb",
        );
        req.token = Some("tok");
        assert_eq!(
            auth_query(&req, "/b/k"),
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=RckCSo7TlLTJMrA8FOsYkjl6%2Fyk%3D\
             &content-type=%20text%2Fplain%20&x-amz-meta-b=2&x-amz-meta-a=%201%20\
             &x-amz-security-token=tok&Expires=1175139620"
        );
    }
}
