//! SigV4 query signing as botocore's `S3SigV4QueryAuth` does it: no path normalisation,
//! `UNSIGNED-PAYLOAD`, the canonical query string sorted from the already-encoded URL query.
//!
//! Key derivation and the final HMAC come from aws-sigv4 (`generate_signing_key`,
//! `calculate_signature`); the signing key is cached per (date, region, service), since only
//! those change it for one secret.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
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
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        SigningTime::from_unix_seconds(secs).expect("the clock is between 1970 and 9999")
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

#[derive(Clone)]
struct CachedKey {
    date: String,
    region: String,
    service: String,
    key: Vec<u8>,
}

/// Signing keys for one secret, most recent first; a handful of entries covers every
/// (region, service) a client signs for in one day.
pub struct SigningKeyCache {
    secret: String,
    entries: Mutex<Vec<CachedKey>>,
}

const KEY_CACHE_SIZE: usize = 8;

impl SigningKeyCache {
    pub fn new(secret: String) -> SigningKeyCache {
        SigningKeyCache {
            secret,
            entries: Mutex::new(Vec::new()),
        }
    }

    /// The hex signature of `string_to_sign`.
    pub fn sign(&self, time: &SigningTime, region: &str, service: &str, sts: &str) -> String {
        let date = time.date();
        {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(hit) = entries
                .iter()
                .find(|e| e.date == date && e.region == region && e.service == service)
            {
                return calculate_signature(&hit.key, sts.as_bytes());
            }
        }
        let key = generate_signing_key(&self.secret, time.system_time(), region, service)
            .as_ref()
            .to_vec();
        let signature = calculate_signature(&key, sts.as_bytes());
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.insert(
            0,
            CachedKey {
                date: date.to_owned(),
                region: region.to_owned(),
                service: service.to_owned(),
                key,
            },
        );
        entries.truncate(KEY_CACHE_SIZE);
        signature
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
        let cache = SigningKeyCache::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into());
        let expected = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        assert_eq!(cache.sign(&time, "us-east-1", "s3", &sts), expected);
        // Second call takes the cached key and must agree.
        assert_eq!(cache.sign(&time, "us-east-1", "s3", &sts), expected);
    }
}
