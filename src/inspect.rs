//! Reading a presigned URL made by any SDK, without credentials: which signature (SigV4 query
//! parameters or SigV2's `AWSAccessKeyId`/`Signature`/`Expires`), who signed it and when, for
//! which bucket, key and region, and what will make S3 refuse it.
//!
//! The URL is split by hand rather than with the `url` crate: S3 signs the path exactly as it
//! is sent, and `url` would normalise it (dot segments, re-encoding) before we could read it.

use crate::error::{CoreError, Result};
use crate::pycompat::{unquote, unquote_plus};

/// S3 refuses SigV4 presigned URLs valid for longer than seven days.
pub const MAX_SIGV4_EXPIRES: i64 = 604_800;

const SIGV4_ALGORITHM: &str = "AWS4-HMAC-SHA256";
const SIGV4A_ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The SigV4 query parameters a presigned URL must carry.
const SIGV4_PARAMS: [&str; 6] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];
const SIGV4_TOKEN: &str = "X-Amz-Security-Token";

/// The SigV2 query parameters a presigned URL must carry.
const SIGV2_PARAMS: [&str; 3] = ["AWSAccessKeyId", "Signature", "Expires"];
const SIGV2_TOKEN: &str = "x-amz-security-token";

/// AWS domains, longest first, and their partition.
const AWS_DOMAINS: &[(&str, &str)] = &[
    ("amazonaws.com.cn", "aws-cn"),
    ("sc2s.sgov.gov", "aws-iso-b"),
    ("csp.hci.ic.gov", "aws-iso-f"),
    ("cloud.adc-e.uk", "aws-iso-e"),
    ("amazonaws.com", "aws"),
    ("amazonaws.eu", "aws-eusc"),
    ("c2s.ic.gov", "aws-iso"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `X-Amz-Algorithm=AWS4-HMAC-SHA256`.
    V4,
    /// `AWSAccessKeyId`, `Signature` and `Expires`.
    V2,
}

impl SignatureVersion {
    /// boto3's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVersion::V4 => "s3v4",
            SignatureVersion::V2 => "s3",
        }
    }
}

/// What kind of S3 endpoint the host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    /// `s3.amazonaws.com` (and `bucket.s3.amazonaws.com`): us-east-1, or a 307 redirect to the
    /// bucket's region.
    Global,
    /// `s3.<region>.amazonaws.com`, `s3-<region>`, dualstack and FIPS forms.
    Regional,
    /// `s3-accelerate[.dualstack].amazonaws.com`.
    Accelerate,
    /// `<name>-<account>.s3-accesspoint[-fips][.dualstack].<region>.amazonaws.com`.
    AccessPoint,
    /// `<name>-<account>.s3-object-lambda.<region>.amazonaws.com`.
    ObjectLambda,
    /// `<name>-<account>.<outpost>.s3-outposts.<region>.amazonaws.com`.
    Outposts,
    /// `<alias>.accesspoint.s3-global.amazonaws.com` (signed with SigV4a).
    MultiRegionAccessPoint,
    /// `<bucket>.s3express-<zone>.<region>.amazonaws.com`.
    Express,
    /// Not an AWS host: a custom endpoint (MinIO, SeaweedFS, R2...); read as path-style.
    Custom,
}

impl EndpointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointKind::Global => "global",
            EndpointKind::Regional => "regional",
            EndpointKind::Accelerate => "accelerate",
            EndpointKind::AccessPoint => "access point",
            EndpointKind::ObjectLambda => "object lambda access point",
            EndpointKind::Outposts => "outposts access point",
            EndpointKind::MultiRegionAccessPoint => "multi-region access point",
            EndpointKind::Express => "directory bucket (S3 Express)",
            EndpointKind::Custom => "custom",
        }
    }
}

/// The SigV4 credential scope: `<date>/<region>/<service>/aws4_request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialScope {
    pub date: String,
    pub region: String,
    pub service: String,
    pub terminator: String,
}

impl CredentialScope {
    pub fn to_scope_string(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.date, self.region, self.service, self.terminator
        )
    }
}

/// A presigned URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    /// Lower-cased.
    pub scheme: String,
    /// As in the URL (user info, host, port).
    pub netloc: String,
    /// Lower-cased host name, without the port.
    pub host: String,
    /// The path exactly as in the URL (`/` when empty), still percent-encoded.
    pub raw_path: String,
    /// Every query parameter in URL order: (name, value) as in the URL, still encoded.
    pub raw_params: Vec<(String, String)>,
    pub signature_version: SignatureVersion,
    pub access_key_id: String,
    /// `X-Amz-Signature` / `Signature`, decoded.
    pub signature: String,
    /// SigV4 only.
    pub scope: Option<CredentialScope>,
    /// `X-Amz-Date` (SigV4), unix seconds.
    pub signed_at: Option<i64>,
    /// `X-Amz-Expires` (SigV4).
    pub expires_in: Option<i64>,
    /// When S3 stops accepting it, unix seconds: `X-Amz-Date + X-Amz-Expires`, or `Expires`.
    pub expires_at: i64,
    /// Lower-cased header names: `X-Amz-SignedHeaders` (SigV4); for SigV2 the headers boto3
    /// copies into the query (`content-type`, `content-md5`, `x-amz-*`).
    pub signed_headers: Vec<String>,
    /// SigV2: the signed header values the URL carries in its query, by lower-cased name.
    pub signed_header_values: Vec<(String, String)>,
    pub has_session_token: bool,
    pub bucket: Option<String>,
    /// Decoded (`unquote`); `None` for a bucket-level URL.
    pub key: Option<String>,
    /// "virtual" or "path".
    pub addressing_style: &'static str,
    pub endpoint_kind: EndpointKind,
    /// The region the host names (`us-east-1` for the global endpoint), if it names one.
    pub host_region: Option<String>,
    /// The AWS partition of the host, `None` for a custom endpoint.
    pub partition: Option<&'static str>,
    /// The parameters that are neither auth nor signed headers, decoded, in URL order.
    pub query: Vec<(String, String)>,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::ParamValidation(message.into())
}

/// `2026-11-28T18:20:00Z`.
pub fn iso_utc(unix_seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{unix_seconds} (epoch seconds)"),
    }
}

/// `2 d 3 h`, `5 h 20 min`, `4 min 10 s`, `12 s`.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {sec} s")
    } else {
        format!("{sec} s")
    }
}

/// `20130524T000000Z` as unix seconds.
fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let date = time::Date::from_calendar_date(
        digits(0..4)? as i32,
        time::Month::try_from(digits(4..6)? as u8).ok()?,
        digits(6..8)? as u8,
    )
    .ok()?;
    let clock = time::Time::from_hms(
        digits(9..11)? as u8,
        digits(11..13)? as u8,
        digits(13..15)? as u8,
    )
    .ok()?;
    Some(date.with_time(clock).assume_utc().unix_timestamp())
}

/// The scheme, netloc, path and query of an absolute http(s) URL (the fragment dropped).
fn split(url: &str) -> Result<(String, &str, &str, &str)> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        invalid("not a presigned URL: expected an absolute http:// or https:// URL")
    })?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(invalid(format!(
            "not a presigned URL: the scheme is {scheme:?}, expected http or https"
        )));
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (netloc, after) = rest.split_at(end);
    let (path, query) = after.split_once('?').unwrap_or((after, ""));
    if netloc.is_empty() {
        return Err(invalid("not a presigned URL: it has no host"));
    }
    Ok((scheme, netloc, path, query))
}

/// The host name of a netloc, lower-cased, without user info and port.
fn host_name(netloc: &str) -> String {
    let host = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = if let Some(bracketed) = host.strip_prefix('[') {
        bracketed.split_once(']').map_or(bracketed, |(h, _)| h)
    } else {
        host.split_once(':').map_or(host, |(h, _)| h)
    };
    host.to_ascii_lowercase()
}

fn missing(params: &[(String, String)], wanted: &[&str]) -> Vec<String> {
    wanted
        .iter()
        .filter(|name| !params.iter().any(|(k, _)| k == *name))
        .map(|name| (*name).to_owned())
        .collect()
}

fn first<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Parses `url`.
pub fn inspect(url: &str) -> Result<PresignedUrl> {
    let (scheme, netloc, path, query) = split(url)?;
    let raw_params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect();
    let decoded: Vec<(String, String)> = raw_params
        .iter()
        .map(|(k, v)| (unquote_plus(k), unquote_plus(v)))
        .collect();

    let has = |name: &str| decoded.iter().any(|(k, _)| k == name);
    let v4_seen = SIGV4_PARAMS.iter().any(|p| has(p));
    let v2_seen = SIGV2_PARAMS.iter().any(|p| has(p)) && !v4_seen;
    let host = host_name(netloc);
    let endpoint = classify_host(&host);

    let mut info = PresignedUrl {
        scheme,
        netloc: netloc.to_owned(),
        host,
        raw_path: if path.is_empty() { "/" } else { path }.to_owned(),
        raw_params,
        signature_version: SignatureVersion::V4,
        access_key_id: String::new(),
        signature: String::new(),
        scope: None,
        signed_at: None,
        expires_in: None,
        expires_at: 0,
        signed_headers: Vec::new(),
        signed_header_values: Vec::new(),
        has_session_token: false,
        bucket: None,
        key: None,
        addressing_style: "path",
        endpoint_kind: endpoint.kind,
        host_region: endpoint.region.clone(),
        partition: endpoint.partition,
        query: Vec::new(),
    };

    if v4_seen {
        let algorithm = first(&decoded, "X-Amz-Algorithm");
        if algorithm == Some(SIGV4A_ALGORITHM) {
            return Err(CoreError::Unsupported(format!(
                "X-Amz-Algorithm={SIGV4A_ALGORITHM} (SigV4a, multi-region access points) \
                 URLs cannot be read"
            )));
        }
        let absent = missing(&decoded, &SIGV4_PARAMS);
        if !absent.is_empty() {
            return Err(invalid(format!(
                "not a complete SigV4 presigned URL: missing the query parameter{} {}",
                if absent.len() > 1 { "s" } else { "" },
                absent.join(", ")
            )));
        }
        if algorithm != Some(SIGV4_ALGORITHM) {
            return Err(invalid(format!(
                "X-Amz-Algorithm must be {SIGV4_ALGORITHM}, got {:?}",
                algorithm.unwrap_or("")
            )));
        }
        let credential = first(&decoded, "X-Amz-Credential").unwrap_or("");
        let parts: Vec<&str> = credential.split('/').collect();
        let [access_key, date, region, service, terminator] = parts[..] else {
            return Err(invalid(format!(
                "X-Amz-Credential must be <access key>/<YYYYMMDD>/<region>/<service>/aws4_request, \
                 got {credential:?}"
            )));
        };
        let amz_date = first(&decoded, "X-Amz-Date").unwrap_or("");
        let signed_at = parse_amz_date(amz_date).ok_or_else(|| {
            invalid(format!(
                "X-Amz-Date must be YYYYMMDDTHHMMSSZ (UTC), got {amz_date:?}"
            ))
        })?;
        let expires = first(&decoded, "X-Amz-Expires").unwrap_or("");
        let expires_in: i64 = expires
            .parse()
            .ok()
            .filter(|_| expires.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                invalid(format!(
                    "X-Amz-Expires must be a whole number of seconds, got {expires:?}"
                ))
            })?;
        info.access_key_id = access_key.to_owned();
        info.scope = Some(CredentialScope {
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            terminator: terminator.to_owned(),
        });
        info.signed_at = Some(signed_at);
        info.expires_in = Some(expires_in);
        info.expires_at = signed_at.saturating_add(expires_in);
        info.signature = first(&decoded, "X-Amz-Signature").unwrap_or("").to_owned();
        info.signed_headers = first(&decoded, "X-Amz-SignedHeaders")
            .unwrap_or("")
            .split(';')
            .filter(|h| !h.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        info.has_session_token = has(SIGV4_TOKEN);
        info.query = decoded
            .iter()
            .filter(|(k, _)| !SIGV4_PARAMS.contains(&k.as_str()) && k != SIGV4_TOKEN)
            .cloned()
            .collect();
    } else if v2_seen {
        let absent = missing(&decoded, &SIGV2_PARAMS);
        if !absent.is_empty() {
            return Err(invalid(format!(
                "not a complete SigV2 presigned URL: missing the query parameter{} {}",
                if absent.len() > 1 { "s" } else { "" },
                absent.join(", ")
            )));
        }
        let expires = first(&decoded, "Expires").unwrap_or("");
        info.expires_at = expires
            .parse()
            .ok()
            .filter(|_| expires.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                invalid(format!(
                    "Expires must be a whole number of epoch seconds, got {expires:?}"
                ))
            })?;
        info.signature_version = SignatureVersion::V2;
        info.access_key_id = first(&decoded, "AWSAccessKeyId").unwrap_or("").to_owned();
        info.signature = first(&decoded, "Signature").unwrap_or("").to_owned();
        info.has_session_token = has(SIGV2_TOKEN);
        for (k, v) in &decoded {
            let lower = k.to_ascii_lowercase();
            if SIGV2_PARAMS.contains(&k.as_str()) || lower == SIGV2_TOKEN {
                continue;
            }
            if lower == "content-type" || lower == "content-md5" || lower.starts_with("x-amz-") {
                if !info.signed_headers.contains(&lower) {
                    info.signed_headers.push(lower.clone());
                    info.signed_header_values.push((lower, v.clone()));
                }
            } else {
                info.query.push((k.clone(), v.clone()));
            }
        }
    } else {
        return Err(invalid(if query.is_empty() {
            "not a presigned URL: it has no query string (a SigV4 URL carries X-Amz-Algorithm, \
             X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and \
             X-Amz-Signature; a SigV2 URL AWSAccessKeyId, Signature and Expires)"
                .to_owned()
        } else {
            "not a presigned URL: its query has no X-Amz-Signature, X-Amz-Credential... \
             (SigV4) nor AWSAccessKeyId, Signature, Expires (SigV2) parameters"
                .to_owned()
        }));
    }

    // Bucket and key: from the host for virtual-hosted URLs, else the first path segment.
    let path = info.raw_path.trim_start_matches('/');
    match endpoint.bucket {
        Some(bucket) => {
            info.bucket = Some(bucket);
            info.addressing_style = "virtual";
            info.key = (!path.is_empty()).then(|| unquote(path));
        }
        None => {
            let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
            info.bucket = (!bucket.is_empty()).then(|| unquote(bucket));
            info.key = (!key.is_empty()).then(|| unquote(key));
        }
    }
    Ok(info)
}

/// What the host says about the endpoint.
struct HostInfo {
    kind: EndpointKind,
    region: Option<String>,
    partition: Option<&'static str>,
    /// Set for virtual-hosted hosts: the bucket, or the access point ARN.
    bucket: Option<String>,
}

fn looks_like_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts
            .last()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `<name>-<12-digit account>` split in two.
fn name_and_account(label: &str) -> Option<(&str, &str)> {
    let (name, account) = label.rsplit_once('-')?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some((name, account))
}

fn classify_host(host: &str) -> HostInfo {
    let custom = HostInfo {
        kind: EndpointKind::Custom,
        region: None,
        partition: None,
        bucket: None,
    };
    let Some((domain, partition)) = AWS_DOMAINS.iter().find(|(d, _)| {
        host.strip_suffix(d)
            .is_some_and(|before| before.ends_with('.'))
    }) else {
        return custom;
    };
    let labels: Vec<&str> = host[..host.len() - domain.len() - 1].split('.').collect();
    let Some(service_at) = labels.iter().rposition(|l| l.starts_with("s3")) else {
        return custom;
    };
    let service = labels[service_at];
    let before = &labels[..service_at];
    let after: Vec<&str> = labels[service_at + 1..]
        .iter()
        .copied()
        .filter(|l| *l != "dualstack")
        .collect();
    let mut region = after.first().map(|r| (*r).to_owned());
    let mut partition = *partition;
    let kind = if service.starts_with("s3-accelerate") {
        region = None;
        EndpointKind::Accelerate
    } else if service.starts_with("s3-accesspoint") {
        EndpointKind::AccessPoint
    } else if service.starts_with("s3-object-lambda") {
        EndpointKind::ObjectLambda
    } else if service == "s3-outposts" {
        EndpointKind::Outposts
    } else if service == "s3-global" {
        EndpointKind::MultiRegionAccessPoint
    } else if service.starts_with("s3express") {
        EndpointKind::Express
    } else if region.is_none() && matches!(service, "s3" | "s3-external-1") {
        region = Some("us-east-1".to_owned());
        if service == "s3" {
            EndpointKind::Global
        } else {
            EndpointKind::Regional
        }
    } else {
        // s3-<region> and s3-fips-<region>, the legacy dashed forms.
        if region.is_none() {
            let rest = service
                .strip_prefix("s3-fips-")
                .or_else(|| service.strip_prefix("s3-"));
            region = rest.filter(|r| looks_like_region(r)).map(str::to_owned);
        }
        EndpointKind::Regional
    };
    if partition == "aws" && region.as_deref().is_some_and(|r| r.starts_with("us-gov-")) {
        partition = "aws-us-gov";
    }
    let arn_region = region.as_deref().unwrap_or("");
    let bucket = match (kind, before) {
        (_, []) => None,
        (EndpointKind::AccessPoint, [label]) => Some(match name_and_account(label) {
            Some((name, account)) => {
                format!("arn:{partition}:s3:{arn_region}:{account}:accesspoint/{name}")
            }
            None => (*label).to_owned(),
        }),
        (EndpointKind::ObjectLambda, [label]) => Some(match name_and_account(label) {
            Some((name, account)) => format!(
                "arn:{partition}:s3-object-lambda:{arn_region}:{account}:accesspoint/{name}"
            ),
            None => (*label).to_owned(),
        }),
        (EndpointKind::Outposts, [label, outpost]) => Some(match name_and_account(label) {
            Some((name, account)) => format!(
                "arn:{partition}:s3-outposts:{arn_region}:{account}:outpost/{outpost}/accesspoint/{name}"
            ),
            None => before.join("."),
        }),
        (EndpointKind::MultiRegionAccessPoint, [alias, "accesspoint"]) => Some((*alias).to_owned()),
        _ => Some(before.join(".")),
    };
    HostInfo {
        kind,
        region,
        partition: Some(partition),
        bucket,
    }
}

impl PresignedUrl {
    /// The region S3 checks the signature against: the credential scope's (SigV4), else the
    /// one the host names.
    pub fn region(&self) -> Option<&str> {
        match &self.scope {
            Some(scope) => Some(&scope.region),
            None => self.host_region.as_deref(),
        }
    }

    /// "s3", or the scope's service (`s3-object-lambda`, `s3-outposts`).
    pub fn service(&self) -> &str {
        self.scope.as_ref().map_or("s3", |s| s.service.as_str())
    }

    /// Whether S3 refuses it as expired at `now` (unix seconds).
    pub fn expired(&self, now: i64) -> bool {
        now > self.expires_at
    }

    /// What will make S3 (or the client) fail with this URL at `now`, one sentence each.
    pub fn warnings(&self, now: i64) -> Vec<String> {
        let mut out = Vec::new();
        if self.expired(now) {
            out.push(format!(
                "expired at {} ({} ago): S3 answers 403 AccessDenied \"Request has expired\"",
                iso_utc(self.expires_at),
                human_duration(now - self.expires_at)
            ));
        }
        if let Some(signed_at) = self.signed_at {
            if signed_at > now {
                out.push(format!(
                    "signed at {}, {} in the future: S3 answers 403 \"Request is not valid yet\" \
                     until then (is the signing machine's clock right?)",
                    iso_utc(signed_at),
                    human_duration(signed_at - now)
                ));
            }
        }
        if let Some(expires_in) = self.expires_in {
            if expires_in > MAX_SIGV4_EXPIRES {
                out.push(format!(
                    "X-Amz-Expires={expires_in} is longer than 7 days ({MAX_SIGV4_EXPIRES} s): \
                     S3 refuses it (AuthorizationQueryParametersError)"
                ));
            } else if expires_in == 0 {
                out.push("X-Amz-Expires=0: the URL was never valid".to_owned());
            }
        }
        if let (Some(scope), Some(signed_at)) = (&self.scope, self.signed_at) {
            let amz_date = iso_utc(signed_at).replace('-', "");
            if !amz_date.starts_with(&scope.date) {
                out.push(format!(
                    "the credential scope's date {} is not X-Amz-Date's day: S3 refuses it",
                    scope.date
                ));
            }
            if scope.terminator != "aws4_request" {
                out.push(format!(
                    "the credential scope ends in {:?} instead of aws4_request: S3 refuses it",
                    scope.terminator
                ));
            }
            match (self.endpoint_kind, self.host_region.as_deref()) {
                (EndpointKind::Global, _) if scope.region != "us-east-1" => out.push(format!(
                    "signed for {} but addressed to the global endpoint {}: S3 answers a \
                     request for a bucket outside us-east-1 there with a redirect (301 for \
                     path-style URLs; 307 for up to a day after a virtual-hosted bucket is \
                     created), and the redirected request's signature no longer matches; presign with \
                     endpoint_url=\"https://s3.{}.amazonaws.com\" to name the regional endpoint",
                    scope.region, self.host, scope.region
                )),
                (EndpointKind::Regional | EndpointKind::AccessPoint, Some(host_region))
                    if host_region != scope.region =>
                {
                    out.push(format!(
                        "signed for region {} but the host {} is in {host_region}: S3 refuses it \
                         (\"the region '{}' is wrong; expecting '{host_region}'\")",
                        scope.region, self.host, scope.region
                    ))
                }
                _ => {}
            }
        }
        if self.signature_version == SignatureVersion::V2 {
            out.extend(self.sigv2_warning());
        }
        let must_send: Vec<String> = match self.signature_version {
            SignatureVersion::V4 => self
                .signed_headers
                .iter()
                .filter(|h| *h != "host")
                .cloned()
                .collect(),
            SignatureVersion::V2 => self
                .signed_header_values
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect(),
        };
        if !must_send.is_empty() {
            out.push(format!(
                "the client must send the signed header{} {} with the value{} it was signed \
                 with, or S3 answers 403 SignatureDoesNotMatch",
                if must_send.len() > 1 { "s" } else { "" },
                must_send.join(", "),
                if must_send.len() > 1 { "s" } else { "" },
            ));
        }
        if self.scheme == "http" {
            out.push(
                "plain http: the URL, which grants access until it expires, and the data \
                 travel unencrypted"
                    .to_owned(),
            );
        }
        out
    }

    fn sigv2_warning(&self) -> Option<String> {
        let refused = |why: String| {
            Some(format!(
                "SigV2 {why}: S3 refuses it (400 InvalidRequest \"Please use AWS4-HMAC-SHA256\"); \
                 presign with signature_version=\"s3v4\""
            ))
        };
        match self.endpoint_kind {
            EndpointKind::Custom => None,
            EndpointKind::Regional | EndpointKind::Global => {
                let region = self.host_region.as_deref().unwrap_or("us-east-1");
                let partition = self.partition.unwrap_or("aws");
                if crate::config::sigv2_regions::is_default_sigv2_region(partition, region) {
                    Some(
                        "SigV2: S3 refuses it for buckets created since June 2020 and for \
                         SSE-KMS objects; SigV4 (signature_version=\"s3v4\") works everywhere"
                            .to_owned(),
                    )
                } else {
                    refused(format!("in {region}, a region that only takes SigV4"))
                }
            }
            kind => refused(format!("on an {} endpoint", kind.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aws_documented_sigv4_example() {
        let url =
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        let info = inspect(url).unwrap();
        assert_eq!(info.signature_version, SignatureVersion::V4);
        assert_eq!(info.bucket.as_deref(), Some("examplebucket"));
        assert_eq!(info.key.as_deref(), Some("test.txt"));
        assert_eq!(info.region(), Some("us-east-1"));
        assert_eq!(info.signed_at, Some(1_369_353_600));
        assert_eq!(info.expires_at, 1_369_353_600 + 86_400);
        assert_eq!(info.endpoint_kind, EndpointKind::Global);
        assert_eq!(info.addressing_style, "virtual");
        assert!(info.warnings(1_369_353_600).is_empty());
        assert!(info.expired(1_369_353_600 + 86_401));
    }

    #[test]
    fn reads_aws_documented_sigv2_example() {
        let url = "http://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE\
&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D";
        let info = inspect(url).unwrap();
        assert_eq!(info.signature_version, SignatureVersion::V2);
        assert_eq!(info.signature, "NpgCjnDzrM+WFzoENXmpNDUsSn8=");
        assert_eq!(info.expires_at, 1_175_139_620);
        assert_eq!(info.key.as_deref(), Some("photos/puppy.jpg"));
        assert_eq!(info.host_region.as_deref(), Some("us-east-1"));
    }

    #[test]
    fn names_what_is_missing() {
        let err = inspect("https://b.s3.amazonaws.com/k").unwrap_err();
        assert!(err.to_string().contains("no query string"), "{err}");
        let err =
            inspect("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=x")
                .unwrap_err();
        assert!(
            err.to_string().contains("X-Amz-Credential, X-Amz-Expires"),
            "{err}"
        );
        let err = inspect("ftp://b/k?Signature=x").unwrap_err();
        assert!(err.to_string().contains("scheme"), "{err}");
        let err = inspect("https://h/b/k?Signature=x&Expires=1").unwrap_err();
        assert!(err.to_string().ends_with("AWSAccessKeyId"), "{err}");
    }

    #[test]
    fn classifies_hosts() {
        let cases = [
            (
                "b.s3.eu-west-1.amazonaws.com",
                EndpointKind::Regional,
                Some("eu-west-1"),
                Some("b"),
            ),
            (
                "s3.dualstack.us-west-2.amazonaws.com",
                EndpointKind::Regional,
                Some("us-west-2"),
                None,
            ),
            (
                "b.s3-fips.dualstack.us-gov-west-1.amazonaws.com",
                EndpointKind::Regional,
                Some("us-gov-west-1"),
                Some("b"),
            ),
            (
                "a.b.s3-us-west-2.amazonaws.com",
                EndpointKind::Regional,
                Some("us-west-2"),
                Some("a.b"),
            ),
            (
                "b.s3-accelerate.dualstack.amazonaws.com",
                EndpointKind::Accelerate,
                None,
                Some("b"),
            ),
            (
                "s3.cn-north-1.amazonaws.com.cn",
                EndpointKind::Regional,
                Some("cn-north-1"),
                None,
            ),
            (
                "myap-123456789012.s3-accesspoint.us-west-2.amazonaws.com",
                EndpointKind::AccessPoint,
                Some("us-west-2"),
                Some("arn:aws:s3:us-west-2:123456789012:accesspoint/myap"),
            ),
            ("localhost", EndpointKind::Custom, None, None),
        ];
        for (host, kind, region, bucket) in cases {
            let info = classify_host(host);
            assert_eq!(info.kind, kind, "{host}");
            assert_eq!(info.region.as_deref(), region, "{host}");
            assert_eq!(info.bucket.as_deref(), bucket, "{host}");
        }
    }
}
