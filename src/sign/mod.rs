//! The only place that signs. `v4` (`S3SigV4QueryAuth`) and `v2` (`HmacV1QueryAuth`) turn an
//! endpoint plan, a serialised request, the keys and the time into [`SignedParts`]: everything
//! of a presigned URL but its path, which [`SignedParts`] then signs for any path or key.

pub(crate) mod v2;
pub(crate) mod v4;

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::Hmac;
use sha2::Sha256;

use crate::error::Result;
use crate::pycompat;
use crate::serialize;
use crate::url::push_joined_path;

/// A UTC signing time, as botocore formats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningTime {
    unix_seconds: i64,
    /// `%Y%m%dT%H%M%SZ`
    amz_date: [u8; 16],
}

impl SigningTime {
    /// `None` outside years 1970..=9999 (botocore's `strftime` cannot express others, and S3
    /// would refuse them anyway).
    pub fn from_unix_seconds(unix_seconds: i64) -> Option<SigningTime> {
        let dt = time::OffsetDateTime::from_unix_timestamp(unix_seconds).ok()?;
        if !(1970..=9999).contains(&dt.year()) {
            return None;
        }
        let text = format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        );
        let mut amz_date = [0u8; 16];
        amz_date.copy_from_slice(text.as_bytes());
        Some(SigningTime {
            unix_seconds,
            amz_date,
        })
    }

    pub fn now() -> SigningTime {
        thread_local! {
            // Formatting the date costs more than reading the clock: once per second will do.
            static LAST: Cell<Option<SigningTime>> = const { Cell::new(None) };
        }
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        LAST.with(|last| match last.get() {
            Some(time) if time.unix_seconds == secs => time,
            _ => {
                let time = SigningTime::from_unix_seconds(secs)
                    .expect("the clock is between 1970 and 9999");
                last.set(Some(time));
                time
            }
        })
    }

    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// `20130524T000000Z`
    pub fn amz_date(&self) -> &str {
        std::str::from_utf8(&self.amz_date).expect("ASCII")
    }

    /// `20130524`
    pub fn date(&self) -> &str {
        &self.amz_date()[..8]
    }

    pub(crate) fn system_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.unix_seconds as u64)
    }
}

/// The keys that sign and the signing-key cache made from them, swapped as one value (behind an
/// `Arc`) when refreshable credentials rotate: a URL is never signed with one generation's access
/// key and another's secret or token.
pub struct SigningCredentials {
    scopes: v4::ScopeCache,
    token: Option<String>,
    /// When these keys stop working (unix seconds), if known.
    expiry: Option<i64>,
    /// Increases with every swap; signed parts made from these keys carry it.
    generation: u64,
}

impl SigningCredentials {
    pub fn new(
        access_key: String,
        secret_key: String,
        token: Option<String>,
        expiry: Option<i64>,
        generation: u64,
    ) -> SigningCredentials {
        SigningCredentials {
            scopes: v4::ScopeCache::new(access_key, secret_key),
            token,
            expiry,
            generation,
        }
    }

    pub fn access_key(&self) -> &str {
        self.scopes.access_key()
    }

    /// For the signers that need the secret itself (SigV2's HMAC-SHA1); SigV4 uses `scope`.
    pub(crate) fn secret_key(&self) -> &str {
        self.scopes.secret()
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn expiry(&self) -> Option<i64> {
        self.expiry
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether these are the same keys (the expiry aside).
    pub fn same_keys(&self, access_key: &str, secret_key: &str, token: Option<&str>) -> bool {
        self.scopes.access_key() == access_key
            && self.scopes.secret() == secret_key
            && self.token.as_deref() == token
    }

    pub(crate) fn scope(&self, time: &SigningTime, region: &str, service: &str) -> Arc<v4::Scope> {
        self.scopes.get(time, region, service)
    }
}

impl std::fmt::Debug for SigningCredentials {
    // Never print the secret or the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key", &self.scopes.access_key())
            .field("expiry", &self.expiry)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

/// A signed URL but for its path: made by [`v4::prepare`] or [`v2::prepare`].
pub(crate) struct SignedParts {
    /// `scheme://` and the netloc, with any host prefix.
    pub(super) origin: String,
    /// The endpoint's own path (custom endpoints with a base path, path-style buckets).
    pub(super) base_path: String,
    /// The path around the key, when the operation's only label is `{Key+}`.
    pub(super) key_path: Option<(String, String)>,
    /// Percent-encoded, without `?` and without the signature (SigV4); for SigV2, everything
    /// between the path and the auth parameters (`?`, or `?query&`).
    pub(super) query: String,
    /// The credentials generation the signing key (or secret) and the token come from.
    pub(super) generation: u64,
    pub(super) signer: PathSigner,
}

/// What signs a path once the rest of the request is fixed.
pub(super) enum PathSigner {
    V4 {
        /// Upper-cased, as botocore puts it in the canonical request.
        method: String,
        /// The canonical request from the newline after the path to `UNSIGNED-PAYLOAD`.
        canonical_tail: Vec<u8>,
        /// The signing key's HMAC, already fed the constant head of the string to sign.
        sts_mac: Hmac<Sha256>,
    },
    V2 {
        auth: v2::QueryAuth,
        /// The signed resource (`authPath`, `/{Bucket}/`) before the encoded key.
        resource_prefix: String,
    },
}

impl SignedParts {
    /// The credentials generation these parts were signed with.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    /// The SigV4 URL for `url_path` (the serialised path, whose literal query, if any, is the
    /// one `v4::prepare` saw). SigV2 signs a resource that is not always the path: see
    /// [`Self::finish_v2`].
    pub(crate) fn finish(&self, url_path: &str) -> String {
        let mut url =
            String::with_capacity(self.origin.len() + url_path.len() * 3 + self.query.len() + 96);
        url.push_str(&self.origin);
        let path_start = url.len();
        push_joined_path(&mut url, &self.base_path, url_path);
        if let Some((_, literal)) = url_path.split_once('?') {
            url.truncate(url.len() - literal.len() - 1);
        }
        self.append_query_and_signature(&mut url, path_start);
        url
    }

    /// The SigV2 URL for `url_path`, signing `auth_path` (the rendered `authPath`) or, when
    /// there is none, the URL path.
    pub(crate) fn finish_v2(&self, url_path: &str, auth_path: Option<&str>) -> String {
        let PathSigner::V2 { auth, .. } = &self.signer else {
            unreachable!("finish_v2 takes SigV2 parts");
        };
        let mut url = String::with_capacity(self.origin.len() + url_path.len() * 2 + 256);
        url.push_str(&self.origin);
        let path_start = url.len();
        push_joined_path(&mut url, &self.base_path, url_path);
        if let Some(literal_query) = url[path_start..].find('?') {
            url.truncate(path_start + literal_query);
        }
        let signature = auth.signature(&[auth_path.unwrap_or(&url[path_start..])]);
        url.push_str(&self.query);
        auth.push_query(&mut url, &signature);
        url
    }

    /// The URL for `key` (checked as `serialize` checks it), or `None` when the operation has
    /// labels besides `{Key+}`.
    pub(crate) fn finish_key(&self, key: &str) -> Option<Result<String>> {
        let mut url = String::new();
        self.finish_key_into(key, &mut url)
            .map(|done| done.map(|()| url))
    }

    /// [`Self::finish_key`] into a reused buffer.
    pub(crate) fn finish_key_into(&self, key: &str, url: &mut String) -> Option<Result<()>> {
        url.clear();
        self.append_key(key, url, 0)
    }

    /// Appends the URL for `key` to `url`, whose own text before `start` is not part of it.
    pub(crate) fn append_key(
        &self,
        key: &str,
        url: &mut String,
        start: usize,
    ) -> Option<Result<()>> {
        let (prefix, suffix) = self.key_path.as_ref()?;
        if let Err(e) = serialize::check_key(key) {
            return Some(Err(e));
        }
        url.truncate(start);
        url.reserve(
            self.origin.len() + prefix.len() + key.len() * 3 + suffix.len() + self.query.len() + 96,
        );
        url.push_str(&self.origin);
        let path_start = url.len();
        url.push_str(prefix);
        pycompat::push_quoted_keep_slash(url, key);
        let key_end = url.len();
        url.push_str(suffix);
        if let PathSigner::V2 {
            auth,
            resource_prefix,
        } = &self.signer
        {
            let key_start = path_start + prefix.len();
            let signature = auth.signature(&[resource_prefix, &url[key_start..key_end]]);
            url.push_str(&self.query);
            auth.push_query(url, &signature);
            return Some(Ok(()));
        }
        self.append_query_and_signature(url, path_start);
        Some(Ok(()))
    }

    /// Hashes the canonical request for the path `url[path_start..]`, then appends the query
    /// and the signature.
    fn append_query_and_signature(&self, url: &mut String, path_start: usize) {
        let PathSigner::V4 {
            method,
            canonical_tail,
            sts_mac,
        } = &self.signer
        else {
            unreachable!("SigV2 parts sign through finish_v2 and append_key");
        };
        let canonical_hash =
            v4::canonical_request_hash(method, &url.as_bytes()[path_start..], canonical_tail);
        let signature = v4::finish_signature(sts_mac.clone(), &canonical_hash);
        url.reserve(self.query.len() + 20 + signature.len());
        url.push('?');
        url.push_str(&self.query);
        url.push_str("&X-Amz-Signature=");
        url.push_str(std::str::from_utf8(&signature).expect("hex is ASCII"));
    }
}
