//! SigV4 query signing as botocore's `S3SigV4QueryAuth` does it: no path normalisation,
//! `UNSIGNED-PAYLOAD`, the canonical query string sorted from the already-encoded URL query.
//!
//! Key derivation and the final HMAC come from aws-sigv4 (`generate_signing_key`,
//! `calculate_signature`); the signing key is cached per (date, region, service), since only
//! those change it for one secret.

use std::cell::Cell;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::sign::v4::generate_signing_key;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

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

    fn system_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.unix_seconds as u64)
    }
}

/// The credential scope without the access key: `20130524/us-east-1/s3/aws4_request`.
pub fn credential_scope(time: &SigningTime, region: &str, service: &str) -> String {
    format!("{}/{}/{}/aws4_request", time.date(), region, service)
}

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(time: &SigningTime, scope: &str, canonical_request: &str) -> String {
    let hash = hex::encode(Sha256::digest(canonical_request.as_bytes()));
    format!("{ALGORITHM}\n{}\n{scope}\n{hash}", time.amz_date())
}

/// The same, from the canonical request's hex SHA-256 (the caller streamed it into the hasher).
pub fn string_to_sign_from_hash(time: &SigningTime, scope: &str, canonical_hash: &str) -> String {
    format!(
        "{ALGORITHM}\n{}\n{scope}\n{canonical_hash}",
        time.amz_date()
    )
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

    /// The hex signature of the string to sign for `canonical_hash` (hex SHA-256 of the
    /// canonical request), as `calculate_signature(signing_key, sts)` gives it.
    pub fn signature(&self, time: &SigningTime, canonical_hash: &[u8; 64]) -> [u8; 64] {
        finish_signature(self.string_to_sign_mac(time), canonical_hash)
    }
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
                crate::presign::QUERY_ENCODE_SET,
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

/// The keys that sign and the signing-key cache made from them, swapped as one value (behind an
/// `Arc`) when refreshable credentials rotate: a URL is never signed with one generation's access
/// key and another's secret or token.
pub struct SigningCredentials {
    scopes: ScopeCache,
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
            scopes: ScopeCache::new(access_key, secret_key),
            token,
            expiry,
            generation,
        }
    }

    pub fn access_key(&self) -> &str {
        &self.scopes.access_key
    }

    /// For the signers that need the secret itself (SigV2's HMAC-SHA1); SigV4 uses `scope`.
    pub(crate) fn secret_key(&self) -> &str {
        &self.scopes.secret
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
        self.scopes.access_key == access_key
            && self.scopes.secret == secret_key
            && self.token.as_deref() == token
    }

    pub fn scope(&self, time: &SigningTime, region: &str, service: &str) -> Arc<Scope> {
        self.scopes.get(time, region, service)
    }
}

impl std::fmt::Debug for SigningCredentials {
    // Never print the secret or the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key", &self.scopes.access_key)
            .field("expiry", &self.expiry)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
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
        let sts = string_to_sign(&time, &scope, canonical);
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
                &scope.signature(&time, &canonical_hash),
                expected.as_bytes()
            );
            assert_eq!(
                scope.credential_encoded,
                "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            );
        }
    }
}
