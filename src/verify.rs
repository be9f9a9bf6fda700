//! Checking a presigned URL as S3 does when it receives it: who signed it, for which scope,
//! whether it is still valid, and whether the signature of the request (the URL's path and
//! query, the method, the signed headers as the client sends them) matches the credentials'.
//!
//! The canonical request is rebuilt from the received request as a server does (the path and
//! query decoded and re-encoded, the signed headers taken from what the client sends); the
//! string to sign and the signature come from the signers in `sign`.

use crate::error::Result;
use crate::inspect::{self, EndpointKind, PresignedUrl, SignatureVersion};
use crate::pycompat;
use crate::sign::{self, SigningCredentials, SigningTime};

/// S3 accepts a request signed up to this many seconds in the future (clock skew).
pub const MAX_CLOCK_SKEW: i64 = 15 * 60;

/// The verdict on a presigned URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub valid: bool,
    /// `""` when valid, else the part that fails: `url`, `access key`, `scope`,
    /// `not yet valid`, `expired`, `signed header` or `signature`.
    pub part: &'static str,
    /// Empty when valid, else a sentence on what fails and why.
    pub reason: String,
    /// SigV4's canonical request, as S3 prints it in `SignatureDoesNotMatch` (empty for SigV2).
    pub canonical_request: String,
    pub string_to_sign: String,
    /// What these credentials sign the request with.
    pub expected_signature: String,
    /// The URL's own signature.
    pub signature: String,
    /// Upper-cased.
    pub method: String,
}

/// The request as the client will send it.
pub struct Request<'a> {
    pub method: &'a str,
    /// Header names in any case.
    pub headers: &'a [(String, String)],
    /// Unix seconds.
    pub now: i64,
}

/// The key's credentials and the region a server for this endpoint expects in the scope
/// (used when the host does not name one, e.g. a custom endpoint).
pub struct Verifier<'a> {
    pub credentials: &'a SigningCredentials,
    pub region: &'a str,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `uri-encode` of every path byte but `/` and the unreserved ones, from the decoded path.
fn canonical_uri(raw_path: &str) -> String {
    pycompat::quote_keep_slash(&pycompat::unquote(raw_path))
}

/// The sorted, re-encoded query without the signature.
fn canonical_query(url: &PresignedUrl, skip: &str) -> String {
    let mut pairs: Vec<(String, String)> = url
        .raw_params
        .iter()
        .map(|(k, v)| (pycompat::unquote_plus(k), pycompat::unquote_plus(v)))
        .filter(|(k, _)| k != skip)
        .map(|(k, v)| (pycompat::quote(&k), pycompat::quote(&v)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

impl Verifier<'_> {
    /// Verifies `url` for `request`. A string that is not a presigned URL is an error.
    pub fn verify(&self, url: &str, request: &Request<'_>) -> Result<(PresignedUrl, Verification)> {
        let info = inspect::inspect(url)?;
        let verification = match info.signature_version {
            SignatureVersion::V4 => self.verify_v4(&info, request),
            SignatureVersion::V2 => self.verify_v2(&info, request),
        };
        Ok((info, verification))
    }

    fn verify_v4(&self, info: &PresignedUrl, request: &Request<'_>) -> Verification {
        let method = request.method.to_ascii_uppercase();
        let scope = info.scope.clone().expect("SigV4 URLs have a scope");
        let signed_at = info.signed_at.expect("SigV4 URLs have X-Amz-Date");
        let expires_in = info.expires_in.unwrap_or(0);

        // The canonical request from the request as received.
        let host = header(request.headers, "host")
            .map(str::to_owned)
            .or_else(|| crate::url::host_header(&info.scheme, &info.netloc).ok())
            .unwrap_or_else(|| info.host.clone());
        let mut missing_headers = Vec::new();
        let mut canonical_headers = String::new();
        for name in &info.signed_headers {
            let value = if name == "host" {
                Some(host.as_str())
            } else {
                header(request.headers, name)
            };
            if value.is_none() {
                missing_headers.push(name.clone());
            }
            let mut trimmed = Vec::new();
            pycompat::push_split_joined(&mut trimmed, value.unwrap_or(""));
            canonical_headers.push_str(name);
            canonical_headers.push(':');
            canonical_headers.push_str(&String::from_utf8_lossy(&trimmed));
            canonical_headers.push('\n');
        }
        let signed_header_names = info
            .raw_params
            .iter()
            .find(|(k, _)| k == "X-Amz-SignedHeaders")
            .map(|(_, v)| pycompat::unquote_plus(v))
            .unwrap_or_default();
        let payload = info
            .raw_params
            .iter()
            .find(|(k, _)| k == "X-Amz-Content-Sha256")
            .map_or_else(
                || sign::v4::UNSIGNED_PAYLOAD.to_owned(),
                |(_, v)| pycompat::unquote_plus(v),
            );
        let path = canonical_uri(&info.raw_path);
        let tail = format!(
            "\n{}\n{canonical_headers}\n{signed_header_names}\n{payload}",
            canonical_query(info, "X-Amz-Signature")
        );
        let canonical_request = format!("{method}\n{path}{tail}");

        let time = SigningTime::from_unix_seconds(signed_at);
        let (string_to_sign, expected_signature) = match time {
            Some(time) => {
                let hash =
                    sign::v4::canonical_request_hash(&method, path.as_bytes(), tail.as_bytes());
                let scope_string = scope.to_scope_string();
                let sts = sign::v4::string_to_sign(&time, &scope_string, &hash);
                let key = self.credentials.scope(&time, &scope.region, &scope.service);
                let signature = sign::v4::finish_signature(key.string_to_sign_mac(&time), &hash);
                (sts, String::from_utf8_lossy(&signature).into_owned())
            }
            None => (String::new(), String::new()),
        };

        let mut verdict = Verification {
            valid: false,
            part: "",
            reason: String::new(),
            canonical_request,
            string_to_sign,
            expected_signature,
            signature: info.signature.clone(),
            method,
        };
        let fail = |verdict: &mut Verification, part: &'static str, reason: String| {
            verdict.part = part;
            verdict.reason = reason;
        };
        let expected_region = match (info.endpoint_kind, info.host_region.as_deref()) {
            (EndpointKind::Global | EndpointKind::Accelerate, _) => None,
            (EndpointKind::Custom, _) => Some(self.region),
            (_, host_region) => host_region,
        };
        let s3_services = ["s3", "s3-object-lambda", "s3-outposts"];
        if let Some(why) = key_problem(info, self.credentials, "X-Amz-Security-Token") {
            fail(&mut verdict, "access key", why);
        } else if let Some(why) =
            scope_problem(info, &scope, signed_at, expected_region, &s3_services)
        {
            fail(&mut verdict, "scope", why);
        } else if time.is_none() {
            fail(
                &mut verdict,
                "url",
                "X-Amz-Date is outside the years 1970 to 9999".into(),
            );
        } else if !(1..=inspect::MAX_SIGV4_EXPIRES).contains(&expires_in) {
            fail(
                &mut verdict,
                "url",
                format!(
                    "X-Amz-Expires={expires_in}: S3 takes 1 to {} seconds (7 days) \
                     (400 AuthorizationQueryParametersError)",
                    inspect::MAX_SIGV4_EXPIRES
                ),
            );
        } else if signed_at > request.now + MAX_CLOCK_SKEW {
            fail(
                &mut verdict,
                "not yet valid",
                format!(
                    "signed at {}, {} from now: S3 answers 403 \"Request is not valid yet\"",
                    inspect::iso_utc(signed_at),
                    inspect::human_duration(signed_at - request.now)
                ),
            );
        } else if info.expired(request.now) {
            fail(
                &mut verdict,
                "expired",
                format!(
                    "expired at {} ({} ago): S3 answers 403 AccessDenied \"Request has expired\"",
                    inspect::iso_utc(info.expires_at),
                    inspect::human_duration(request.now - info.expires_at)
                ),
            );
        } else if !info.signed_headers.iter().any(|h| h == "host") {
            fail(
                &mut verdict,
                "signed header",
                "X-Amz-SignedHeaders does not include host: S3 refuses it".into(),
            );
        } else if !missing_headers.is_empty() {
            fail(
                &mut verdict,
                "signed header",
                format!(
                    "the signed header{} {} {} not sent: S3 answers 403 SignatureDoesNotMatch",
                    if missing_headers.len() > 1 { "s" } else { "" },
                    missing_headers.join(", "),
                    if missing_headers.len() > 1 {
                        "are"
                    } else {
                        "is"
                    },
                ),
            );
        } else if verdict.expected_signature != info.signature {
            let sent: Vec<String> = info
                .signed_headers
                .iter()
                .filter(|h| *h != "host")
                .map(|h| format!("{h}: {}", header(request.headers, h).unwrap_or("")))
                .collect();
            let headers_note = if sent.is_empty() {
                String::new()
            } else {
                format!(
                    ", or a signed header's value differs from the one signed (sent: {})",
                    sent.join(", ")
                )
            };
            let method = verdict.method.clone();
            fail(
                &mut verdict,
                "signature",
                format!(
                    "the signature does not match (S3: 403 SignatureDoesNotMatch): the URL was \
                     changed after signing (path, query, expiry), signed for another method than \
                     {method} or with another secret key{headers_note}; compare the canonical \
                     request and string to sign with S3's"
                ),
            );
        } else {
            verdict.valid = true;
        }
        verdict
    }

    fn verify_v2(&self, info: &PresignedUrl, request: &Request<'_>) -> Verification {
        let method = request.method.to_ascii_uppercase();
        // S3 signs the headers the client sends; boto3 also copies them into the query.
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(k, v)| (k.trim(), v.as_str()))
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                k == "content-md5" || k == "content-type" || k.starts_with("x-amz-")
            })
            .collect();
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-security-token"));
        let token = info
            .raw_params
            .iter()
            .find(|(k, _)| k == "x-amz-security-token")
            .map(|(_, v)| pycompat::unquote_plus(v));
        let mut resource = String::new();
        if info.addressing_style == "virtual" {
            if let Some(bucket) = &info.bucket {
                resource.push('/');
                resource.push_str(bucket);
            }
        }
        resource.push_str(&canonical_uri(&info.raw_path));
        // A bucket-level path-style URL (`/bucket`): S3 and botocore sign `/bucket/`.
        if info.key.is_none() && info.bucket.is_some() && !resource.ends_with('/') {
            resource.push('/');
        }
        let raw_query = info
            .raw_params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let secret = self.credentials.secret_key();
        let req = sign::v2::QueryRequest {
            method: &method,
            headers: &headers,
            query: &raw_query,
            expires: info.expires_at,
            access_key: self.credentials.access_key(),
            secret_key: secret,
            token: token.as_deref(),
        };
        let string_to_sign = sign::v2::string_to_sign(&req, &resource);
        let expected_signature = sign::v2::sign_string(secret, &string_to_sign);

        let mut verdict = Verification {
            valid: false,
            part: "",
            reason: String::new(),
            canonical_request: String::new(),
            string_to_sign,
            expected_signature,
            signature: info.signature.clone(),
            method,
        };
        let missing: Vec<&str> = info
            .signed_header_values
            .iter()
            .filter(|(k, _)| header(request.headers, k).is_none())
            .map(|(k, _)| k.as_str())
            .collect();
        let different: Vec<String> = info
            .signed_header_values
            .iter()
            .filter_map(|(k, signed)| {
                let sent = header(request.headers, k)?;
                (pycompat::strip(sent) != pycompat::strip(signed))
                    .then(|| format!("{k}: sent {sent:?}, signed {signed:?}"))
            })
            .collect();
        if let Some(why) = key_problem(info, self.credentials, "x-amz-security-token") {
            verdict.part = "access key";
            verdict.reason = why;
        } else if info.expired(request.now) {
            verdict.part = "expired";
            verdict.reason = format!(
                "expired at {} ({} ago): S3 answers 403 AccessDenied \"Request has expired\"",
                inspect::iso_utc(info.expires_at),
                inspect::human_duration(request.now - info.expires_at)
            );
        } else if verdict.expected_signature == info.signature {
            verdict.valid = true;
        } else if !missing.is_empty() {
            verdict.part = "signed header";
            verdict.reason = format!(
                "the signed header{} {} {} not sent (the URL says it was signed with {}): S3 \
                 answers 403 SignatureDoesNotMatch",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                if missing.len() > 1 { "are" } else { "is" },
                info.signed_header_values
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        } else if !different.is_empty() {
            verdict.part = "signed header";
            verdict.reason = format!(
                "a signed header differs from the value signed ({}): S3 answers 403 \
                 SignatureDoesNotMatch",
                different.join("; ")
            );
        } else {
            verdict.part = "signature";
            verdict.reason = format!(
                "the signature does not match (S3: 403 SignatureDoesNotMatch): the URL was \
                 changed after signing (path, query, Expires), signed for another method than \
                 {}, with another secret key, or with headers (Content-Type, Content-MD5, \
                 x-amz-*) other than the ones sent; compare the string to sign with S3's",
                verdict.method
            );
        }
        verdict
    }
}

/// Why S3 would refuse the URL's access key or session token for these credentials.
fn key_problem(
    info: &PresignedUrl,
    credentials: &SigningCredentials,
    token_param: &str,
) -> Option<String> {
    if info.access_key_id != credentials.access_key() {
        return Some(format!(
            "signed with access key {}, not with these credentials' {}: S3 answers 403 \
             InvalidAccessKeyId (or SignatureDoesNotMatch when that key exists)",
            info.access_key_id,
            credentials.access_key()
        ));
    }
    let url_token = info
        .raw_params
        .iter()
        .find(|(k, _)| k == token_param)
        .map(|(_, v)| pycompat::unquote_plus(v));
    match (url_token.as_deref(), credentials.token()) {
        (None, Some(_)) => Some(format!(
            "the URL has no {token_param} but these credentials are temporary (they have a \
             session token): S3 answers 403 InvalidAccessKeyId"
        )),
        (Some(_), None) => Some(format!(
            "the URL carries a session token ({token_param}) but these credentials have none"
        )),
        (Some(sent), Some(own)) if sent != own => Some(format!(
            "the URL's session token ({token_param}) is not these credentials' token: S3 \
             answers 400 InvalidToken or 403 ExpiredToken"
        )),
        _ => None,
    }
}

/// Why S3 would refuse the credential scope, if it would.
fn scope_problem(
    info: &PresignedUrl,
    scope: &inspect::CredentialScope,
    signed_at: i64,
    expected_region: Option<&str>,
    services: &[&str],
) -> Option<String> {
    let amz_day = inspect::iso_utc(signed_at).replace('-', "");
    if !amz_day.starts_with(&scope.date) {
        return Some(format!(
            "the credential scope's date {} is not X-Amz-Date's day: S3 answers 403 \
             SignatureDoesNotMatch",
            scope.date
        ));
    }
    if scope.terminator != "aws4_request" {
        return Some(format!(
            "the credential scope ends in {:?}, not aws4_request",
            scope.terminator
        ));
    }
    if !services.contains(&scope.service.as_str()) {
        return Some(format!(
            "the credential scope's service is {:?}, not s3",
            scope.service
        ));
    }
    match expected_region {
        Some(region) if region != scope.region => Some(format!(
            "signed for region {} but {} expects {region}: S3 answers 400 \
             AuthorizationQueryParametersError (\"the region '{}' is wrong; expecting \
             '{region}'\")",
            scope.region, info.host, scope.region
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(token: Option<&str>) -> SigningCredentials {
        SigningCredentials::new(
            "AKIAIOSFODNN7EXAMPLE".into(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            token.map(str::to_owned),
            None,
            0,
        )
    }

    /// AWS's published query-string example (GET examplebucket/test.txt, signed
    /// 2013-05-24T00:00:00Z for 86400 s): valid within the day, for GET only.
    #[test]
    fn aws_published_presign_example() {
        let url =
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        let signed = 1_369_353_600;
        let keys = credentials(None);
        let verifier = Verifier {
            credentials: &keys,
            region: "us-east-1",
        };
        let check = |verifier: &Verifier<'_>, method, now| {
            let request = Request {
                method,
                headers: &[],
                now,
            };
            verifier.verify(url, &request).unwrap().1
        };
        let ok = check(&verifier, "GET", signed + 60);
        assert!(ok.valid, "{ok:?}");
        assert_eq!(
            ok.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"
        );
        let put = check(&verifier, "PUT", signed + 60);
        assert_eq!((put.valid, put.part), (false, "signature"));
        let late = check(&verifier, "GET", signed + 86_401);
        assert_eq!((late.valid, late.part), (false, "expired"));
        let temporary = credentials(Some("token"));
        let verifier = Verifier {
            credentials: &temporary,
            region: "us-east-1",
        };
        let temp = check(&verifier, "GET", signed);
        assert_eq!((temp.valid, temp.part), (false, "access key"));
    }
}
