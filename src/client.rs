//! The client: boto3's `generate_presigned_url` for S3, in botocore's order
//! (`signers.generate_presigned_url`): operation lookup, parameter handlers, validation and
//! serialisation, the endpoint plan (`plan`), then signing (`sign`), reusing the last call's
//! work when only `Key` changes (`reuse`). Batches are in `batch`, presigned POST in `post`.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::config::{ClientConfig, Credentials, SignatureVersion};
use crate::error::{CoreError, Result};
use crate::operations::{self, Operation};
use crate::plan::{EndpointPlan, Plans};
use crate::reuse::{LastCall, Template};
use crate::serialize::{self, SerializedRequest};
use crate::sign::{v2, v4, SignedParts, SigningCredentials, SigningTime};
use crate::url::{key_path, push_joined_path};
use crate::value::{bucket_param, Params, Value};

/// S3 refuses presigned URLs valid for longer than seven days.
pub const MAX_EXPIRES_IN: u64 = 604_800;

/// One presigning call's options besides the operation and its parameters.
#[derive(Debug, Clone, Copy)]
pub struct PresignOptions<'a> {
    pub expires_in: u64,
    pub http_method: Option<&'a str>,
    pub signing_time: SigningTime,
}

/// A configured client: everything that does not change between calls is worked out once.
pub struct Presigner {
    config: ClientConfig,
    /// SigV2 (`s3-query`) instead of SigV4. Both take every path: the endpoint-plan cache, the
    /// last-call template and key-only signing (SigV2 when the signed resource is the
    /// `/{Bucket}/{Key+}` path, see `v2::key_resource`).
    sigv2: bool,
    plans: Plans,
    /// The keys that sign with their signing-key cache, swapped whole by `set_credentials`
    /// (refreshable credentials); their generation and expiry are mirrored in atomics so that
    /// the hot path takes no lock to see whether cached signed parts are still current.
    credentials: RwLock<Arc<SigningCredentials>>,
    credentials_generation: AtomicU64,
    /// Unix seconds; `i64::MAX` when the credentials carry no expiry.
    credentials_expiry: AtomicI64,
    last_call: LastCall,
}

impl Presigner {
    pub fn new(config: ClientConfig) -> Result<Presigner> {
        let credentials_expiry = config.credentials_expiry.unwrap_or(i64::MAX);
        let credentials = SigningCredentials::new(
            config.credentials.access_key.clone(),
            config.credentials.secret_key.clone(),
            config.credentials.token.clone(),
            config.credentials_expiry,
            0,
        );
        Ok(Presigner {
            sigv2: config.signature_version == SignatureVersion::S3,
            plans: Plans::new(&config)?,
            config,
            credentials_expiry: AtomicI64::new(credentials_expiry),
            credentials: RwLock::new(Arc::new(credentials)),
            credentials_generation: AtomicU64::new(0),
            last_call: LastCall::default(),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The credentials that sign now (one consistent generation).
    pub fn credentials(&self) -> Arc<SigningCredentials> {
        Arc::clone(&self.credentials.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Sign with `credentials` from now on (refreshable credentials rotated), `expiry` in unix
    /// seconds. The keys, token and signing-key cache change together; URLs being signed
    /// meanwhile use the old generation whole. Same keys: only the expiry is updated.
    pub fn set_credentials(&self, credentials: &Credentials, expiry: Option<i64>) {
        let mut current = self.credentials.write().unwrap_or_else(|p| p.into_inner());
        let generation = if current.same_keys(
            &credentials.access_key,
            &credentials.secret_key,
            credentials.token.as_deref(),
        ) {
            current.generation()
        } else {
            current.generation() + 1
        };
        *current = Arc::new(SigningCredentials::new(
            credentials.access_key.clone(),
            credentials.secret_key.clone(),
            credentials.token.clone(),
            expiry,
            generation,
        ));
        self.credentials_expiry
            .store(expiry.unwrap_or(i64::MAX), Ordering::Relaxed);
        // After the swap: a reader that sees the new generation finds the new keys.
        self.credentials_generation
            .store(generation, Ordering::Release);
    }

    /// When the signing credentials expire (unix seconds), if they carry an expiry.
    pub fn credentials_expiry(&self) -> Option<i64> {
        let expiry = self.credentials_expiry.load(Ordering::Relaxed);
        (expiry != i64::MAX).then_some(expiry)
    }

    /// The credentials' expiry when it comes before the URL's (`signing_time + expires_in`):
    /// the URL stops working then, not when `X-Amz-Expires` says.
    pub fn expires_before_url(&self, signing_time: &SigningTime, expires_in: u64) -> Option<i64> {
        let expiry = self.credentials_expiry()?;
        let url_expiry = signing_time
            .unix_seconds()
            .saturating_add(i64::try_from(expires_in).unwrap_or(i64::MAX));
        (expiry < url_expiry).then_some(expiry)
    }

    /// boto3's `generate_presigned_url`.
    pub fn generate_presigned_url(
        &self,
        client_method: &str,
        params: Params,
        options: &PresignOptions<'_>,
    ) -> Result<String> {
        check_expires_in(options.expires_in)?;
        let http_method = options.http_method.map(check_http_method).transpose()?;
        let op = find_operation(client_method)?;
        // Calls that differ from the previous one only in `Key` reuse its serialised request and
        // endpoint, re-rendering just the path (as batches do).
        if let Some((template, key)) = self
            .last_call
            .matching(|last| std::ptr::eq(last, op), &params)
        {
            let parts = self.template_parts(&template, http_method.as_deref(), options)?;
            if let Some(url) = parts.finish_key(key) {
                return url;
            }
        }
        let original = params.clone();
        let mut params = params;
        serialize::apply_param_handlers(op, &mut params)?;
        // Validate before resolving the endpoint (boto3 resolves first), so that a wrongly typed
        // member is a ParamValidationError rather than a ruleset type error.
        let request = serialize::serialize(op, &params)?;
        let plan = self.plans.get(op, &params, bucket_param(&params))?;
        let method = http_method.as_deref();
        let url = if self.sigv2 {
            // `prepare_request_dict` + `HmacV1QueryAuth` (with the `before-sign` handler
            // `remove_arn_from_signing_path`).
            let parts = self.prepare_parts(op, &plan, &request, None, method, options)?;
            parts.finish_v2(&request.url_path, v2::auth_path(op, &params).as_deref())
        } else {
            let parts = self.prepare_parts(op, &plan, &request, None, method, options)?;
            parts.finish(&request.url_path)
        };
        self.last_call.remember(op, original, request, plan);
        Ok(url)
    }

    /// The key-only fast path for a call whose parameters are all strings, borrowed from the
    /// caller: when it repeats the last call but for `Key`, the URL is written into `out` with
    /// no other allocation. `None` means "not that case": take `generate_presigned_url`.
    pub fn generate_presigned_url_like_last(
        &self,
        client_method: &str,
        params: &[(&str, &str)],
        options: &PresignOptions<'_>,
        out: &mut String,
    ) -> Option<Result<()>> {
        let (template, key) = self
            .last_call
            .matching(|last| last.python_name == client_method, params)?;
        let parts = check_expires_in(options.expires_in)
            .and_then(|()| options.http_method.map(check_http_method).transpose())
            .and_then(|method| self.template_parts(&template, method.as_deref(), options));
        match parts {
            Ok(parts) => parts.finish_key_into(key, out),
            Err(e) => Some(Err(e)),
        }
    }

    /// The template's `SignedParts` for this signing second, expiry and method, made once.
    fn template_parts(
        &self,
        template: &Template,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<Arc<SignedParts>> {
        template.parts(
            options.signing_time.unix_seconds(),
            options.expires_in,
            http_method,
            self.credentials_generation.load(Ordering::Acquire),
            || {
                self.prepare_parts(
                    template.op,
                    &template.plan,
                    &template.request,
                    bucket_param(&template.params),
                    http_method,
                    options,
                )
            },
        )
    }

    /// The endpoint plan for `op` on `bucket` (`params` after the handlers).
    pub(crate) fn plan(
        &self,
        op: &'static Operation,
        params: &Params,
        bucket: Option<&str>,
    ) -> Result<Arc<EndpointPlan>> {
        self.plans.get(op, params, bucket)
    }

    /// The `SignedParts` of this client's signature version, with one generation of keys. With
    /// a `bucket`, they also sign any other key (`SignedParts::finish_key`) when the operation's
    /// only label is `{Key+}` (and, for SigV2, it signs the `/{Bucket}/{Key+}` resource).
    pub(crate) fn prepare_parts(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        bucket: Option<&str>,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<SignedParts> {
        let credentials = self.credentials();
        let key_path = || {
            serialize::key_label_split(op)
                .map(|(before, after)| key_path(&plan.path, before, after))
        };
        let time = &options.signing_time;
        if self.sigv2 {
            let key_path = bucket
                .and_then(|bucket| v2::key_resource(op, bucket))
                .and_then(|resource| Some((key_path()?, resource)));
            let expires = time.unix_seconds() + options.expires_in as i64;
            Ok(v2::prepare(
                &credentials,
                plan,
                request,
                key_path,
                http_method,
                expires,
            ))
        } else {
            v4::prepare(
                &credentials,
                plan,
                request,
                key_path(),
                http_method,
                time,
                options.expires_in,
            )
        }
    }

    /// For presigned POST (`post.rs`): the URL botocore's `generate_presigned_post` posts to
    /// (CreateBucket's request URL for `bucket`, through the same handlers, validation and
    /// ruleset) and the signing scope.
    pub(crate) fn post_target(
        &self,
        bucket: &str,
        time: &SigningTime,
    ) -> Result<(String, Arc<v4::Scope>, Arc<SigningCredentials>)> {
        let op = find_operation("create_bucket")?;
        let mut params: Params = vec![("Bucket".to_owned(), Value::Str(bucket.to_owned()))];
        serialize::apply_param_handlers(op, &mut params)?;
        let request = serialize::serialize(op, &params)?;
        let plan = self.plans.get(op, &params, bucket_param(&params))?;
        let mut url = format!("{}://{}", plan.scheme, plan.netloc);
        push_joined_path(&mut url, &plan.path, &request.url_path);
        // One generation of keys for the whole form (scope, access key, token).
        let credentials = self.credentials();
        let scope = credentials.scope(time, &plan.region, &plan.service);
        Ok((url, scope, credentials))
    }
}

/// The operation boto3's client method `client_method` calls.
pub(crate) fn find_operation(client_method: &str) -> Result<&'static Operation> {
    operations::find(client_method).ok_or_else(|| {
        CoreError::UnknownClientMethod(format!("Client does not have method: {client_method}"))
    })
}

pub fn check_expires_in(expires_in: u64) -> Result<()> {
    if expires_in == 0 || expires_in > MAX_EXPIRES_IN {
        return Err(CoreError::ParamValidation(format!(
            "ExpiresIn must be between 1 and {MAX_EXPIRES_IN} seconds (7 days), got {expires_in}"
        )));
    }
    Ok(())
}

/// An RFC 9110 token; botocore upper-cases it for the canonical request.
pub(crate) fn check_http_method(method: &str) -> Result<String> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(CoreError::ParamValidation(format!(
            "HttpMethod must be an HTTP method token such as GET or PUT, got {method:?}"
        )));
    }
    Ok(method.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_bounds() {
        assert!(check_expires_in(1).is_ok());
        assert!(check_expires_in(MAX_EXPIRES_IN).is_ok());
        assert!(check_expires_in(0).is_err());
        assert!(check_expires_in(MAX_EXPIRES_IN + 1).is_err());
    }

    fn presigner(access: &str, secret: &str, token: Option<&str>) -> Presigner {
        presigner_v(access, secret, token, "s3v4")
    }

    fn presigner_v(access: &str, secret: &str, token: Option<&str>, version: &str) -> Presigner {
        let mut options = crate::config::ClientOptions {
            region_name: Some("eu-central-1".into()),
            aws_access_key_id: Some(access.into()),
            aws_secret_access_key: Some(secret.into()),
            aws_session_token: token.map(str::to_owned),
            ..Default::default()
        };
        options.config.signature_version = Some(version.into());
        Presigner::new(crate::config::resolve(&options, &crate::config::NoEnvironment).unwrap())
            .unwrap()
    }

    fn get(p: &Presigner, key: &str, options: &PresignOptions<'_>) -> String {
        let params = vec![
            ("Bucket".to_owned(), Value::Str("bucket".into())),
            ("Key".to_owned(), Value::Str(key.into())),
        ];
        p.generate_presigned_url("get_object", params, options)
            .unwrap()
    }

    /// After `set_credentials`, every path (fresh call, reused template, batch) signs exactly
    /// as a presigner made with the new keys does, and no cached part keeps the old ones.
    #[test]
    fn rotated_credentials_sign_like_a_fresh_presigner() {
        let options = PresignOptions {
            expires_in: 3600,
            http_method: None,
            signing_time: SigningTime::from_unix_seconds(1_700_000_000).unwrap(),
        };
        let rotating = presigner("AKIDOLD", "old-secret", None);
        let old = presigner("AKIDOLD", "old-secret", None);
        let new = presigner("AKIDNEW", "new-secret", Some("token/+="));
        // Warm every cache with the old keys: endpoint plan, template, signed parts, scope.
        for key in ["a", "b", "a"] {
            assert_eq!(get(&rotating, key, &options), get(&old, key, &options));
        }
        let creds = Credentials {
            access_key: "AKIDNEW".into(),
            secret_key: "new-secret".into(),
            token: Some("token/+=".into()),
        };
        rotating.set_credentials(&creds, Some(1_700_000_600));
        assert_eq!(rotating.credentials().generation(), 1);
        for key in ["a", "c", "c/d e"] {
            let url = get(&rotating, key, &options);
            assert_eq!(url, get(&new, key, &options));
            assert!(url.contains("AKIDNEW") && url.contains("X-Amz-Security-Token=token%2F%2B%3D"));
        }
        // The binding's key-only path for dicts of str.
        let mut out = String::new();
        let done = rotating.generate_presigned_url_like_last(
            "get_object",
            &[("Bucket", "bucket"), ("Key", "z/1")],
            &options,
            &mut out,
        );
        assert!(matches!(done, Some(Ok(()))));
        assert_eq!(out, get(&new, "z/1", &options));
        let keys: Vec<String> = vec!["x".into(), "y".into()];
        assert_eq!(
            rotating
                .generate_presigned_urls("get_object", "bucket", &keys, &Vec::new(), &options)
                .unwrap(),
            new.generate_presigned_urls("get_object", "bucket", &keys, &Vec::new(), &options)
                .unwrap()
        );
        // The same keys again: the generation (and so every cached part) stays.
        rotating.set_credentials(&creds, Some(1_700_000_900));
        assert_eq!(rotating.credentials().generation(), 1);
        assert_eq!(rotating.credentials_expiry(), Some(1_700_000_900));
    }

    /// The same for SigV2, whose key-only parts hold the secret's HMAC and the token.
    #[test]
    fn rotated_credentials_sign_like_a_fresh_presigner_sigv2() {
        let options = PresignOptions {
            expires_in: 3600,
            http_method: None,
            signing_time: SigningTime::from_unix_seconds(1_700_000_000).unwrap(),
        };
        let rotating = presigner_v("AKIDOLD", "old-secret", None, "s3");
        let old = presigner_v("AKIDOLD", "old-secret", None, "s3");
        let new = presigner_v("AKIDNEW", "new-secret", Some("token/+="), "s3");
        for key in ["a", "b", "a"] {
            assert_eq!(get(&rotating, key, &options), get(&old, key, &options));
        }
        rotating.set_credentials(
            &Credentials {
                access_key: "AKIDNEW".into(),
                secret_key: "new-secret".into(),
                token: Some("token/+=".into()),
            },
            None,
        );
        for key in ["a", "c", "c/d e"] {
            let url = get(&rotating, key, &options);
            assert_eq!(url, get(&new, key, &options));
            assert!(url.contains("AWSAccessKeyId=AKIDNEW"));
        }
        let keys: Vec<String> = vec!["x".into(), "y".into()];
        assert_eq!(
            rotating
                .generate_presigned_urls("get_object", "bucket", &keys, &Vec::new(), &options)
                .unwrap(),
            new.generate_presigned_urls("get_object", "bucket", &keys, &Vec::new(), &options)
                .unwrap()
        );
    }

    #[test]
    fn credentials_expiring_before_the_url_are_reported() {
        let p = presigner("AKID", "secret", None);
        let time = SigningTime::from_unix_seconds(1_000_000).unwrap();
        assert_eq!(p.expires_before_url(&time, 3600), None);
        let creds = p.config().credentials.clone();
        p.set_credentials(&creds, Some(1_000_000 + 600));
        assert_eq!(p.expires_before_url(&time, 3600), Some(1_000_600));
        assert_eq!(p.expires_before_url(&time, 600), None);
        assert_eq!(p.expires_before_url(&time, 601), Some(1_000_600));
        p.set_credentials(&creds, None);
        assert_eq!(p.expires_before_url(&time, 604_800), None);
    }

    #[test]
    fn http_method_must_be_a_token() {
        assert!(check_http_method("GET").is_ok());
        assert!(check_http_method("get").is_ok());
        for bad in ["", "GE T", "G\r\n", "G\u{0}"] {
            assert!(check_http_method(bad).is_err(), "{bad:?}");
        }
    }
}
