//! The presigning pipeline, in botocore's order (`signers.generate_presigned_url` for S3):
//! operation lookup, parameter handlers, validation and serialisation, endpoint ruleset with
//! the presign-specific builtins, URL assembly as `prepare_request_dict` and `S3SigV4QueryAuth`
//! do it, and the SigV4 query signature (or SigV2, `HmacV1QueryAuth`, see `crate::sigv2`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use hmac::Hmac;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::config::{AddressingStyle, ClientConfig, Credentials, SignatureVersion};
use crate::endpoints::{self, Endpoint, ParamValue};
use crate::error::{CoreError, Result};
use crate::operations::{self, Operation};
use crate::pipeline::{self, Stopped};
use crate::serialize::{self, SerializedRequest};
use crate::sigv2;
use crate::sigv4::{self, SigningCredentials, SigningTime};
use crate::value::{Params, Value};

/// S3 refuses presigned URLs valid for longer than seven days.
pub const MAX_EXPIRES_IN: u64 = 604_800;

/// botocore's `percent_encode`: everything but `A-Za-z0-9-_.~`.
pub(crate) const QUERY_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

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
    /// `signers._should_use_global_endpoint`.
    use_global_endpoint: bool,
    /// SigV2 (`s3-query`) instead of SigV4. SigV2 URLs take the full path for every call (no
    /// key-only template reuse); the endpoint-plan cache still applies.
    sigv2: bool,
    /// `compute_endpoint_resolver_builtin_defaults`, before per-call customisation.
    base_builtins: Builtins,
    /// The keys that sign with their signing-key cache, swapped whole by `set_credentials`
    /// (refreshable credentials); their generation and expiry are mirrored in atomics so that
    /// the hot path takes no lock to see whether cached signed parts are still current.
    credentials: RwLock<Arc<SigningCredentials>>,
    credentials_generation: AtomicU64,
    /// Unix seconds; `i64::MAX` when the credentials carry no expiry.
    credentials_expiry: AtomicI64,
    /// Endpoint resolutions by (operation, bucket): the ruleset's answer depends on nothing else
    /// that varies between calls (it never reads `Key`, `Prefix` or `CopySource`).
    endpoints: RwLock<HashMap<usize, HashMap<String, Arc<EndpointPlan>>>>,
    /// The last single call's serialised request, for calls that differ only in `Key`.
    last_template: Mutex<Option<Arc<Template>>>,
}

/// A serialised request and its endpoint, reusable for any other `Key`.
struct Template {
    op: &'static Operation,
    /// The caller's parameters, before the handlers ran.
    params: Params,
    request: SerializedRequest,
    plan: Arc<EndpointPlan>,
    /// Signed parts for the last (signing second, expiry, method) used with it.
    parts: Mutex<Option<(PartsKey, Arc<SignedParts>)>>,
}

type PartsKey = (i64, u64, Option<String>);

/// A batch's shared work (see [`Presigner::batch`]).
pub struct Batch<'s> {
    presigner: &'s Presigner,
    client_method: &'s str,
    bucket: &'s str,
    shared: &'s Params,
    options: PresignOptions<'s>,
    /// `None` while the batch is being made, and for SigV2 (every key takes the full path).
    parts: Option<SignedParts>,
}

impl Batch<'_> {
    fn params_for(&self, key: &str) -> Params {
        let mut params = Vec::with_capacity(self.shared.len() + 2);
        params.push(("Bucket".to_owned(), Value::Str(self.bucket.to_owned())));
        params.push(("Key".to_owned(), Value::Str(key.to_owned())));
        params.extend(
            self.shared
                .iter()
                .filter(|(k, _)| k != "Bucket" && k != "Key")
                .cloned(),
        );
        params
    }

    /// Signs `keys` on this thread and, for large batches, on the other threads of rayon's
    /// pool, handing each URL to `take` in key order on this thread (see
    /// [`pipeline::sign_in_order`], which also says what `unlocked` is for). On failure, the
    /// index of the first failing key.
    pub fn sign_in_order<K: AsRef<str> + Sync>(
        &self,
        keys: &[K],
        take: impl FnMut(&str),
        unlocked: impl FnMut(&mut (dyn FnMut() + Send)),
    ) -> std::result::Result<(), BatchError> {
        // Inside rayon's own pool (a caller already running on it), this thread's waits for
        // helpers could hold up the very work they wait for: sign alone there.
        let in_pool = rayon::current_thread_index().is_some();
        let helpers = if keys.len() >= PARALLEL_BATCH_THRESHOLD && !in_pool {
            rayon::current_num_threads().saturating_sub(1)
        } else {
            0
        };
        let sign = |key: &K, out: &mut String| self.sign_into(key.as_ref(), out);
        pipeline::sign_in_order(keys, helpers, &sign, take, unlocked).map_err(|stopped| {
            match stopped {
                Stopped::Failed(index, error) => (Some(index), error),
                Stopped::HelperPanicked => (
                    None,
                    CoreError::Unsupported("a batch signing thread panicked".into()),
                ),
            }
        })
    }

    /// Appends the URL for `key` to `out`.
    fn sign_into(&self, key: &str, out: &mut String) -> Result<()> {
        let start = out.len();
        match self
            .parts
            .as_ref()
            .and_then(|parts| parts.append_key(key, out, start))
        {
            Some(result) => result,
            None => {
                let url = self.presigner.generate_presigned_url(
                    self.client_method,
                    self.params_for(key),
                    &self.options,
                )?;
                out.push_str(&url);
                Ok(())
            }
        }
    }
}

/// A batch failure: the index of the first failing key (none when the whole call is wrong,
/// e.g. an unknown operation) and the error.
pub type BatchError = (Option<usize>, CoreError);

/// Below this many keys a batch is signed on the calling thread alone. From two chunks on, a
/// helper pays for its wake-up even when the pool was asleep (per URL, isolated calls of 256
/// keys: 0.93 us with one, 1.01 without).
const PARALLEL_BATCH_THRESHOLD: usize = 2 * pipeline::CHUNK;

/// Bounds the endpoint cache; a client signing for more buckets than this re-resolves.
const ENDPOINT_CACHE_SIZE: usize = 4096;

/// One endpoint resolution, in the shape URL assembly and signing want it.
#[derive(Debug)]
struct EndpointPlan {
    scheme: String,
    netloc: String,
    path: String,
    /// The Host header for `netloc` (no host prefix).
    host: String,
    service: String,
    /// The credential-scope region.
    region: String,
    /// Endpoint headers, first value each (S3 Express only).
    headers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Builtins {
    region: String,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint: Option<String>,
    force_path_style: bool,
    accelerate: bool,
    use_global_endpoint: bool,
    use_arn_region: bool,
    disable_mrap: bool,
}

impl Presigner {
    pub fn new(config: ClientConfig) -> Result<Presigner> {
        let partition = endpoints::client_partition(
            Some(&config.region),
            config.use_dualstack_endpoint,
            config.use_fips_endpoint,
        )?;
        let use_global_endpoint = partition == "aws"
            && !config.use_dualstack_endpoint
            && !(config.us_east_1_regional && config.region == "us-east-1")
            && config.addressing_style != AddressingStyle::Virtual;

        let endpoint = config.endpoint_url.clone();
        let force_path_style = if config.use_accelerate_endpoint {
            false
        } else if endpoint
            .as_deref()
            .is_some_and(|u| !is_s3_accelerate_url(u))
        {
            config.addressing_style != AddressingStyle::Virtual
        } else {
            config.addressing_style == AddressingStyle::Path
        };
        let base_builtins = Builtins {
            region: config.region.clone(),
            use_fips: endpoint.is_none() && config.use_fips_endpoint,
            use_dual_stack: endpoint.is_none() && config.use_dualstack_endpoint,
            endpoint,
            force_path_style,
            accelerate: config.use_accelerate_endpoint,
            use_global_endpoint: config.region == "us-east-1" && !config.us_east_1_regional,
            use_arn_region: config.use_arn_region,
            disable_mrap: config.disable_multiregion_access_points,
        };
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
            config,
            use_global_endpoint,
            base_builtins,
            credentials_expiry: AtomicI64::new(credentials_expiry),
            credentials: RwLock::new(Arc::new(credentials)),
            credentials_generation: AtomicU64::new(0),
            endpoints: RwLock::new(HashMap::new()),
            last_template: Mutex::new(None),
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
        let op = operations::find(client_method).ok_or_else(|| {
            CoreError::UnknownClientMethod(format!("Client does not have method: {client_method}"))
        })?;
        // Calls that differ from the previous one only in `Key` reuse its serialised request and
        // endpoint, re-rendering just the path (as batches do). SigV4 only.
        if let Some((template, key)) = self.matching_template(op, &params) {
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
        let plan = self.endpoint_plan(op, &params, bucket_param(&params))?;
        let url = if self.sigv2 {
            self.sign_v2(
                op,
                &plan,
                &request,
                &params,
                http_method.as_deref(),
                options,
            )?
        } else {
            self.sign(op, &plan, &request, http_method.as_deref(), options)?
        };
        self.remember_template(op, original, request, plan);
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
        let template = self.last_template.try_lock().ok()?.clone()?;
        if template.op.python_name != client_method || template.params.len() != params.len() {
            return None;
        }
        let mut key = None;
        for ((name, value), (t_name, t_value)) in params.iter().zip(&template.params) {
            if name != t_name {
                return None;
            }
            if *name == "Key" {
                key = Some(*value);
            } else if !matches!(t_value, Value::Str(t) if t == value) {
                return None;
            }
        }
        let key = key?;
        let parts = check_expires_in(options.expires_in)
            .and_then(|()| options.http_method.map(check_http_method).transpose())
            .and_then(|method| self.template_parts(&template, method.as_deref(), options));
        match parts {
            Ok(parts) => parts.finish_key_into(key, out),
            Err(e) => Some(Err(e)),
        }
    }

    /// The last call's template when `params` equal its parameters except for a str `Key`.
    fn matching_template<'p>(
        &self,
        op: &'static Operation,
        params: &'p Params,
    ) -> Option<(Arc<Template>, &'p str)> {
        let template = self.last_template.try_lock().ok()?.clone()?;
        if !std::ptr::eq(template.op, op) || template.params.len() != params.len() {
            return None;
        }
        let mut key = None;
        for ((name, value), (t_name, t_value)) in params.iter().zip(&template.params) {
            if name != t_name {
                return None;
            }
            if name == "Key" {
                key = match value {
                    Value::Str(k) => Some(k.as_str()),
                    _ => return None,
                };
            } else if value != t_value {
                return None;
            }
        }
        Some((template, key?))
    }

    /// The template's `SignedParts` for this signing second, expiry and method, made once.
    fn template_parts(
        &self,
        template: &Template,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<Arc<SignedParts>> {
        let key = (
            options.signing_time.unix_seconds(),
            options.expires_in,
            http_method.map(str::to_owned),
        );
        if let Ok(cached) = template.parts.try_lock() {
            if let Some((k, parts)) = cached.as_ref() {
                if k.0 == key.0
                    && k.1 == key.1
                    && k.2.as_deref() == http_method
                    && parts.generation == self.credentials_generation.load(Ordering::Acquire)
                {
                    return Ok(Arc::clone(parts));
                }
            }
        }
        let parts = Arc::new(self.prepare_parts(
            template.op,
            &template.plan,
            &template.request,
            bucket_param(&template.params),
            http_method,
            options,
        )?);
        if let Ok(mut cached) = template.parts.try_lock() {
            *cached = Some((key, Arc::clone(&parts)));
        }
        Ok(parts)
    }

    fn remember_template(
        &self,
        op: &'static Operation,
        params: Params,
        request: SerializedRequest,
        plan: Arc<EndpointPlan>,
    ) {
        // Random idempotency tokens must be drawn afresh for every call.
        if op.members.iter().any(|m| m.idempotency_token)
            || !matches!(find_param(&params, "Key"), Some(Value::Str(_)))
        {
            return;
        }
        if let Ok(mut last) = self.last_template.try_lock() {
            *last = Some(Arc::new(Template {
                op,
                params,
                request,
                plan,
                parts: Mutex::new(None),
            }));
        }
    }

    /// One URL per key: `generate_presigned_url(client_method, shared + {Bucket, Key})` for each,
    /// signed in parallel for large batches. The first failing key's index comes with the error.
    pub fn generate_presigned_urls<K: AsRef<str> + Sync>(
        &self,
        client_method: &str,
        bucket: &str,
        keys: &[K],
        shared: &Params,
        options: &PresignOptions<'_>,
    ) -> std::result::Result<Vec<String>, BatchError> {
        let Some(first) = keys.first() else {
            return Ok(Vec::new());
        };
        let batch = self.batch(client_method, bucket, first.as_ref(), shared, options)?;
        let mut urls = Vec::with_capacity(keys.len());
        batch.sign_in_order(keys, |url| urls.push(url.to_owned()), |sign| sign())?;
        Ok(urls)
    }

    /// Everything a batch shares, worked out once with its first key: the operation, the
    /// serialised request and endpoint, and the signed parts; each key then only re-renders
    /// the path (`SignedParts::finish_key`).
    pub fn batch<'s>(
        &'s self,
        client_method: &'s str,
        bucket: &'s str,
        first_key: &str,
        shared: &'s Params,
        options: &PresignOptions<'s>,
    ) -> std::result::Result<Batch<'s>, BatchError> {
        check_expires_in(options.expires_in).map_err(|e| (None, e))?;
        let http_method = options
            .http_method
            .map(check_http_method)
            .transpose()
            .map_err(|e| (None, e))?;
        let op = operations::find(client_method).ok_or_else(|| {
            let msg = format!("Client does not have method: {client_method}");
            (None, CoreError::UnknownClientMethod(msg))
        })?;
        let batch = |parts| Batch {
            presigner: self,
            client_method,
            bucket,
            shared,
            options: *options,
            parts,
        };
        // SigV2 signs every key on the full path.
        let mut params = batch(None).params_for(first_key);
        serialize::apply_param_handlers(op, &mut params).map_err(|e| (Some(0), e))?;
        let template = serialize::serialize(op, &params).map_err(|e| (Some(0), e))?;
        let plan = self
            .endpoint_plan(op, &params, Some(bucket))
            .map_err(|e| (Some(0), e))?;
        let method = http_method.as_deref();
        let parts = self
            .prepare_parts(op, &plan, &template, Some(bucket), method, options)
            .map_err(|e| (Some(0), e))?;
        Ok(batch(Some(parts)))
    }

    fn endpoint_plan(
        &self,
        op: &'static Operation,
        params: &Params,
        bucket: Option<&str>,
    ) -> Result<Arc<EndpointPlan>> {
        // By operation (its address in the static table), then bucket; no bucket is "" (an
        // empty bucket name never gets this far).
        let op_key = op as *const Operation as usize;
        let bucket_key = bucket.unwrap_or("");
        if let Some(plan) = self
            .endpoints
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&op_key)
            .and_then(|by_bucket| by_bucket.get(bucket_key))
        {
            return Ok(Arc::clone(plan));
        }
        let bucket_is_arn = bucket.is_some_and(is_arn);
        let endpoint = self.resolve_endpoint(op, params, bucket, bucket_is_arn)?;
        // SigV2 too refuses the endpoints S3 only serves with SigV4a or S3 Express session auth
        // (a configured "s3" matches none of the ruleset's auth schemes, so botocore signs SigV2
        // URLs for them, which S3 refuses).
        let (service, region) = signing_context(&endpoint, bucket_is_arn)?;
        let base = SplitUrl::parse(&endpoint.url)?;
        let plan = Arc::new(EndpointPlan {
            host: host_header(&base.scheme, base.netloc)?,
            scheme: base.scheme.clone(),
            netloc: base.netloc.to_owned(),
            path: base.path.to_owned(),
            service: service.to_owned(),
            region: region.unwrap_or(&self.config.signing_region).to_owned(),
            headers: endpoint
                .headers
                .iter()
                .filter_map(|(k, v)| v.first().map(|first| (k.clone(), first.clone())))
                .collect(),
        });
        let mut cache = self.endpoints.write().unwrap_or_else(|p| p.into_inner());
        if cache.values().map(HashMap::len).sum::<usize>() >= ENDPOINT_CACHE_SIZE {
            cache.clear();
        }
        cache
            .entry(op_key)
            .or_default()
            .insert(bucket_key.to_owned(), Arc::clone(&plan));
        Ok(plan)
    }

    fn resolve_endpoint(
        &self,
        op: &'static Operation,
        params: &Params,
        bucket: Option<&str>,
        bucket_is_arn: bool,
    ) -> Result<Endpoint> {
        // handlers.customize_endpoint_resolver_builtins
        let mut b = self.base_builtins.clone();
        if op.name == "GetBucketLocation" {
            b.force_path_style = true;
        } else if bucket_is_arn {
            b.force_path_style = false;
        }
        let path_style_required = bucket.is_some_and(|b| !is_valid_host_label(b));
        if self.use_global_endpoint
            && !path_style_required
            && !b.force_path_style
            && !bucket_is_arn
            && !bucket.is_some_and(|b| b.ends_with("--x-s3"))
        {
            b.region = "aws-global".into();
            b.use_global_endpoint = true;
        }

        // Context parameters win over builtins (EndpointRulesetResolver._get_provider_params).
        let mut provider: Vec<(&str, ParamValue)> = operations::checked_context_params(op, params)?;
        let mut builtin = |name: &'static str, value: ParamValue| {
            if !provider.iter().any(|(n, _)| *n == name) {
                provider.push((name, value));
            }
        };
        builtin("Region", ParamValue::String(b.region));
        builtin("UseFIPS", ParamValue::Bool(b.use_fips));
        builtin("UseDualStack", ParamValue::Bool(b.use_dual_stack));
        if let Some(endpoint) = b.endpoint {
            builtin("Endpoint", ParamValue::String(endpoint));
        }
        builtin("ForcePathStyle", ParamValue::Bool(b.force_path_style));
        builtin("Accelerate", ParamValue::Bool(b.accelerate));
        builtin("UseGlobalEndpoint", ParamValue::Bool(b.use_global_endpoint));
        builtin("UseArnRegion", ParamValue::Bool(b.use_arn_region));
        builtin(
            "DisableMultiRegionAccessPoints",
            ParamValue::Bool(b.disable_mrap),
        );
        endpoints::resolve(&provider)
    }

    /// The `SignedParts` of this client's signature version; `bucket` only matters to SigV2.
    fn prepare_parts(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        bucket: Option<&str>,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<SignedParts> {
        if self.sigv2 {
            Ok(self.prepare_v2(op, plan, request, bucket, http_method, options))
        } else {
            self.prepare(op, plan, request, http_method, options)
        }
    }

    /// `prepare_request_dict` + `HmacV1QueryAuth` (with the `before-sign` handler
    /// `remove_arn_from_signing_path`) for one request.
    fn sign_v2(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        params: &Params,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<String> {
        let parts = self.prepare_v2(op, plan, request, None, http_method, options);
        let PathSigner::V2 { auth, .. } = &parts.signer else {
            unreachable!("prepare_v2 makes SigV2 parts");
        };
        let mut url = String::with_capacity(parts.origin.len() + request.url_path.len() * 2 + 256);
        url.push_str(&parts.origin);
        let path_start = url.len();
        push_joined_path(&mut url, &plan.path, &request.url_path);
        if let Some(literal_query) = url[path_start..].find('?') {
            url.truncate(path_start + literal_query);
        }
        let auth_path = sigv2_auth_path(op, params);
        let signature = auth.signature(&[auth_path.as_deref().unwrap_or(&url[path_start..])]);
        url.push_str(&parts.query);
        auth.push_query(&mut url, &signature);
        Ok(url)
    }

    /// SigV2's `SignedParts` for this request: everything but the path and the signed resource.
    /// Without a `key_path` (so every key takes the full path) when there is no `bucket`, the
    /// operation has other labels, or its signed `authPath` is not `/{Bucket}/{Key+}` with a
    /// plain bucket name (an ARN's is rewritten by `remove_arn_from_signing_path`).
    fn prepare_v2(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        bucket: Option<&str>,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> SignedParts {
        // One generation of keys for every URL made from these parts.
        let credentials = self.credentials();
        let mut origin = format!("{}://", plan.scheme);
        if let Some(prefix) = &request.host_prefix {
            origin.push_str(prefix);
        }
        origin.push_str(&plan.netloc);
        let key_path = match bucket {
            Some(bucket) if op.auth_path == Some("/{Bucket}/{Key+}") && !is_arn(bucket) => {
                key_path(op, plan)
                    .map(|path| (path, format!("/{}/", serialize::percent_encode(bucket))))
            }
            _ => None,
        };
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
        let auth = sigv2::QueryAuth::new(&sigv2::QueryRequest {
            method: http_method.unwrap_or(request.method),
            headers: &headers,
            resource_path: "",
            query: query.as_deref().unwrap_or(""),
            expires: options.signing_time.unix_seconds() + options.expires_in as i64,
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

    /// `prepare_request_dict` + `S3SigV4QueryAuth` for one request.
    fn sign(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<String> {
        let parts = self.prepare(op, plan, request, http_method, options)?;
        Ok(parts.finish(&request.url_path))
    }

    /// Everything of the signed URL but its path, which is all a key changes: the query string
    /// (operation parameters, then the auth parameters) and the canonical request after the path.
    fn prepare(
        &self,
        op: &'static Operation,
        plan: &EndpointPlan,
        request: &SerializedRequest,
        http_method: Option<&str>,
        options: &PresignOptions<'_>,
    ) -> Result<SignedParts> {
        // One generation of keys for the whole URL.
        let credentials = self.credentials();
        let time = &options.signing_time;

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
        let mut query: Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> =
            Vec::with_capacity(request.query.len() + 2);
        if let Some(literal) = literal_query {
            for pair in literal.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let k = decode_query_component(k);
                if !query.iter().any(|(qk, _)| *qk == k) {
                    query.push((k.into(), decode_query_component(v).into()));
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
        let mut pairs: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> =
            Vec::with_capacity(query.len() + 6);
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
                    push_encoded(out, key);
                }
                let k1 = out.len();
                out.push('=');
                let v0 = out.len();
                if encode_value {
                    push_encoded(out, value);
                } else {
                    out.push_str(value);
                }
                pairs.push((k0..k1, v0..out.len()));
            };
        for (k, v) in &query {
            push_pair(&mut out, k, v, false, true);
        }
        let scope = credentials.scope(time, &plan.region, &plan.service);
        push_pair(&mut out, "X-Amz-Algorithm", sigv4::ALGORITHM, true, false);
        push_pair(
            &mut out,
            "X-Amz-Credential",
            &scope.credential_encoded,
            true,
            false,
        );
        push_pair(&mut out, "X-Amz-Date", time.amz_date(), true, false);
        let mut expires = itoa::Buffer::new();
        let expires = expires.format(options.expires_in);
        if self.config.crt_query_order {
            push_pair(
                &mut out,
                "X-Amz-SignedHeaders",
                &signed_header_names,
                true,
                true,
            );
            push_pair(&mut out, "X-Amz-Expires", expires, true, false);
        } else {
            push_pair(&mut out, "X-Amz-Expires", expires, true, false);
            push_pair(
                &mut out,
                "X-Amz-SignedHeaders",
                &signed_header_names,
                true,
                true,
            );
        }
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
                push_trimmed(&mut tail, value);
            }
            tail.push(b'\n');
        }
        tail.push(b'\n');
        tail.extend_from_slice(signed_header_names.as_bytes());
        tail.push(b'\n');
        tail.extend_from_slice(sigv4::UNSIGNED_PAYLOAD.as_bytes());

        Ok(SignedParts {
            origin,
            key_path: key_path(op, plan),
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
}

/// The URL path around the key for any key: `_urljoin` of the endpoint path and
/// `before{Key+}after`, which is never empty nor "/"; `None` when the operation has other labels.
fn key_path(op: &'static Operation, plan: &EndpointPlan) -> Option<(String, String)> {
    serialize::key_label_split(op).map(|(before, after)| {
        let base = plan.path.as_str();
        let mut prefix = if base.ends_with('/') && before.starts_with('/') {
            format!("{}{before}", &base[..base.len() - 1])
        } else {
            format!("{base}{before}")
        };
        if !prefix.starts_with('/') {
            prefix.insert(0, '/');
        }
        let suffix = after.split_once('?').map_or(after, |(path, _)| path);
        (prefix, suffix.to_owned())
    })
}

/// A signed URL but for its path: see `Presigner::prepare`.
struct SignedParts {
    /// `scheme://` and the netloc, with any host prefix.
    origin: String,
    /// The endpoint's own path (custom endpoints with a base path, path-style buckets).
    base_path: String,
    /// The path around the key, when the operation's only label is `{Key+}`.
    key_path: Option<(String, String)>,
    /// Percent-encoded, without `?` and without the signature (SigV4) or the auth parameters
    /// (SigV2).
    query: String,
    /// The credentials generation the signing key (or secret) and the token come from.
    generation: u64,
    signer: PathSigner,
}

/// What signs a path once the rest of the request is fixed.
enum PathSigner {
    V4 {
        /// Upper-cased, as botocore puts it in the canonical request.
        method: String,
        /// The canonical request from the newline after the path to `UNSIGNED-PAYLOAD`.
        canonical_tail: Vec<u8>,
        /// The signing key's HMAC, already fed the constant head of the string to sign.
        sts_mac: Hmac<Sha256>,
    },
    /// `query` holds everything between the path and the auth parameters (`?`, or `?query&`).
    V2 {
        auth: sigv2::QueryAuth,
        /// The signed resource (`authPath`, `/{Bucket}/`) before the encoded key.
        resource_prefix: String,
    },
}

impl SignedParts {
    /// The URL for `url_path` (the serialised path, whose literal query, if any, is the one
    /// `prepare` saw).
    fn finish(&self, url_path: &str) -> String {
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

    /// The URL for `key` (checked as `serialize` checks it), or `None` when the operation has
    /// labels besides `{Key+}`.
    fn finish_key(&self, key: &str) -> Option<Result<String>> {
        let mut url = String::new();
        self.finish_key_into(key, &mut url)
            .map(|done| done.map(|()| url))
    }

    /// [`Self::finish_key`] into a reused buffer.
    fn finish_key_into(&self, key: &str, url: &mut String) -> Option<Result<()>> {
        url.clear();
        self.append_key(key, url, 0)
    }

    /// Appends the URL for `key` to `url`, whose own text before `start` is not part of it.
    fn append_key(&self, key: &str, url: &mut String, start: usize) -> Option<Result<()>> {
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
        push_encoded_keep_slash(url, key);
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
            unreachable!("SigV2 parts sign keys only (append_key)");
        };
        let mut hasher = Sha256::new();
        hasher.update(method.as_bytes());
        hasher.update(b"\n");
        hasher.update(&url.as_bytes()[path_start..]);
        hasher.update(canonical_tail);
        let canonical_hash = sigv4::hex_lower(&hasher.finalize());
        let signature = sigv4::finish_signature(sts_mac.clone(), &canonical_hash);
        url.reserve(self.query.len() + 20 + signature.len());
        url.push('?');
        url.push_str(&self.query);
        url.push_str("&X-Amz-Signature=");
        url.push_str(std::str::from_utf8(&signature).expect("hex is ASCII"));
    }
}

/// `_urljoin(endpoint, url_path)`'s path (with `url_path`'s literal query), appended, then
/// urlunsplit's '/' between the netloc and a relative path.
fn push_joined_path(url: &mut String, base: &str, url_path: &str) {
    let path_start = url.len();
    if url_path.is_empty() || url_path == "/" {
        url.push_str(if base.is_empty() { "/" } else { base });
    } else if base.ends_with('/') && url_path.starts_with('/') {
        url.push_str(&base[..base.len() - 1]);
        url.push_str(url_path);
    } else {
        url.push_str(base);
        url.push_str(url_path);
    }
    if url.as_bytes().get(path_start) != Some(&b'/') {
        url.insert(path_start, '/');
    }
}

/// The `authPath` botocore's serialiser renders (`remove_bucket_from_url_paths_from_model` keeps
/// `/{Bucket}/...` there for SigV2), after `remove_arn_from_signing_path`; `None` for the
/// operations without one (the URL path is signed then).
fn sigv2_auth_path(op: &'static Operation, params: &Params) -> Option<String> {
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
            serialize::percent_encode_keep_slash(value)
        } else {
            serialize::percent_encode(value)
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if out.starts_with("/arn%3A") {
        let parts: Vec<&str> = out.split('/').collect();
        if parts.len() > 1 && is_arn(&decode_percent(parts[1])) {
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

/// `urllib.parse.unquote`.
fn decode_percent(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The headers botocore signs, grouped case-insensitively (first-seen order of values), without
/// the unsigned ones and botocore's default form content type, plus `host`; sorted by name.
fn signed_headers<'a>(
    request: &'a [(String, String)],
    endpoint: &'a [(String, String)],
    host: &'a str,
) -> Vec<(String, Vec<&'a str>)> {
    let mut headers: Vec<(String, Vec<&str>)> = Vec::with_capacity(request.len() + 1);
    for (name, value) in request.iter().chain(endpoint) {
        let lname = name.to_ascii_lowercase();
        if UNSIGNED_HEADERS.contains(&lname.as_str()) {
            continue;
        }
        match headers.iter_mut().find(|(n, _)| *n == lname) {
            Some((_, values)) => values.push(value),
            None => headers.push((lname, vec![value.as_str()])),
        }
    }
    headers.retain(|(name, values)| {
        !(name == "content-type"
            && values.first() == Some(&"application/x-www-form-urlencoded; charset=utf-8"))
    });
    if !headers.iter().any(|(n, _)| n == "host") {
        headers.push(("host".to_owned(), vec![host]));
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

/// Python's `' '.join(value.split())`, appended: str.split() splits on Unicode whitespace
/// plus the information separators U+001C..U+001F.
fn push_trimmed(out: &mut Vec<u8>, value: &str) {
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    for (i, word) in value.split(is_space).filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(word.as_bytes());
    }
}

/// `percent_encode(key, safe='/~')`, botocore's greedy label encoding.
fn push_encoded_keep_slash(out: &mut String, s: &str) {
    const KEY_ENCODE_SET: &AsciiSet = &QUERY_ENCODE_SET.remove(b'/');
    let safe = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/');
    if s.bytes().all(safe) {
        out.push_str(s);
        return;
    }
    for chunk in utf8_percent_encode(s, KEY_ENCODE_SET) {
        out.push_str(chunk);
    }
}

fn push_encoded(out: &mut String, s: &str) {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
    if s.bytes().all(unreserved) {
        out.push_str(s);
        return;
    }
    for chunk in utf8_percent_encode(s, QUERY_ENCODE_SET) {
        out.push_str(chunk);
    }
}

impl Presigner {
    /// For presigned POST (`post.rs`): the URL botocore's `generate_presigned_post` posts to
    /// (CreateBucket's request URL for `bucket`, through the same handlers, validation and
    /// ruleset) and the signing scope.
    pub(crate) fn post_target(
        &self,
        bucket: &str,
        time: &SigningTime,
    ) -> Result<(String, Arc<sigv4::Scope>, Arc<SigningCredentials>)> {
        let op = operations::find("create_bucket")
            .ok_or_else(|| CoreError::UnknownClientMethod("create_bucket".into()))?;
        let mut params: Params = vec![("Bucket".to_owned(), Value::Str(bucket.to_owned()))];
        serialize::apply_param_handlers(op, &mut params)?;
        let request = serialize::serialize(op, &params)?;
        let plan = self.endpoint_plan(op, &params, bucket_param(&params))?;
        let mut url = format!("{}://{}", plan.scheme, plan.netloc);
        push_joined_path(&mut url, &plan.path, &request.url_path);
        // One generation of keys for the whole form (scope, access key, token).
        let credentials = self.credentials();
        let scope = credentials.scope(time, &plan.region, &plan.service);
        Ok((url, scope, credentials))
    }
}

fn find_param<'a>(params: &'a Params, name: &str) -> Option<&'a Value> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `Bucket` when it is a string (a wrongly typed one is refused by validation).
fn bucket_param(params: &Params) -> Option<&str> {
    match find_param(params, "Bucket") {
        Some(Value::Str(bucket)) => Some(bucket),
        _ => None,
    }
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
fn check_http_method(method: &str) -> Result<String> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(CoreError::ParamValidation(format!(
            "HttpMethod must be an HTTP method token such as GET or PUT, got {method:?}"
        )));
    }
    Ok(method.to_owned())
}

/// `ArnParser.is_arn`: starts with `arn:` and has at least six `:`-separated parts.
fn is_arn(value: &str) -> bool {
    value.starts_with("arn:") && value.splitn(6, ':').count() == 6
}

/// botocore's `VALID_HOST_LABEL_RE`, `^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$`.
fn is_valid_host_label(label: &str) -> bool {
    // Python's `$` also matches before one trailing newline.
    let label = label.strip_suffix('\n').unwrap_or(label);
    let n = label.chars().count();
    (1..=63).contains(&n)
        && !label.starts_with('-')
        && !label.ends_with('-')
        // ASCII only: validate_bucket_name has already refused other characters.
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `utils.is_s3_accelerate_url`.
fn is_s3_accelerate_url(url: &str) -> bool {
    let Ok(split) = SplitUrl::parse(url) else {
        return false;
    };
    if !split.netloc.ends_with("amazonaws.com")
        || !matches!(split.scheme.as_str(), "http" | "https")
    {
        return false;
    }
    let parts: Vec<&str> = split.netloc.split('.').collect();
    if parts[0] != "s3-accelerate" || parts.len() < 3 {
        return false;
    }
    let features = &parts[1..parts.len() - 2];
    let mut seen = std::collections::HashSet::new();
    features
        .iter()
        .all(|p| seen.insert(*p) && *p == "dualstack")
}

fn scheme_name(scheme: &serde_json::Value) -> &str {
    scheme.get("name").and_then(|n| n.as_str()).unwrap_or("")
}

/// The signing name and, for ARN buckets only, region from the endpoint's `authSchemes`.
fn signing_context(endpoint: &Endpoint, bucket_is_arn: bool) -> Result<(&str, Option<&str>)> {
    let Some(schemes) = endpoint
        .properties
        .get("authSchemes")
        .and_then(|s| s.as_array())
    else {
        return Ok(("s3", None));
    };
    // botocore, asked for s3v4, takes the first `sigv4` scheme (so an Outposts endpoint that
    // offers sigv4a then sigv4 signs with sigv4).
    let Some(scheme) = schemes.iter().find(|s| scheme_name(s) == "sigv4") else {
        return Err(match schemes.first().map(scheme_name) {
            Some("sigv4a") => CoreError::Unsupported(
                "this endpoint needs SigV4a (multi-region access points), which s3presign does \
                 not support"
                    .into(),
            ),
            Some("sigv4-s3express") => CoreError::Unsupported(
                "S3 Express One Zone directory buckets (sigv4-s3express session auth) are not \
                 supported"
                    .into(),
            ),
            other => CoreError::Unsupported(format!(
                "the endpoint's auth scheme {:?} is not supported",
                other.unwrap_or("")
            )),
        });
    };
    let service = scheme
        .get("signingName")
        .and_then(|n| n.as_str())
        .unwrap_or("s3");
    let region = if bucket_is_arn {
        scheme.get("signingRegion").and_then(|r| r.as_str())
    } else {
        None
    };
    Ok((service, region))
}

/// `urllib.parse.unquote_plus`, as `parse_qs` applies it.
fn decode_query_component(s: &str) -> String {
    let plus_as_space = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8_lossy()
        .into_owned()
}

/// `auth._host_from_url`: `urlsplit`'s lower-cased `hostname` (bracketed again when it is an
/// IPv6 address), with the port only when it is not the scheme's default.
fn host_header(scheme: &str, netloc: &str) -> Result<String> {
    // urllib.parse's _hostinfo, including its reading of a '[' anywhere in the host.
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let (hostname, port) = match hostinfo.split_once('[') {
        Some((_, bracketed)) => {
            let (host, rest) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            (host, rest.split_once(':').map(|(_, p)| p))
        }
        None => match hostinfo.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostinfo, None),
        },
    };
    let hostname = hostname.to_lowercase();
    let unzoned = hostname.split('%').next().unwrap_or("");
    let host = if unzoned.parse::<std::net::Ipv6Addr>().is_ok() {
        format!("[{hostname}]")
    } else {
        hostname
    };
    let port = match port.filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    CoreError::InvalidConfig(format!("invalid port in endpoint {netloc:?}"))
                })?,
        ),
    };
    let default = match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    Ok(match port {
        Some(p) if Some(p) != default => format!("{host}:{p}"),
        _ => host,
    })
}

/// `urllib.parse.urlsplit` for the absolute URLs the ruleset produces.
struct SplitUrl<'a> {
    scheme: String,
    netloc: &'a str,
    path: &'a str,
}

impl<'a> SplitUrl<'a> {
    fn parse(url: &'a str) -> Result<SplitUrl<'a>> {
        let bad = || CoreError::InvalidConfig(format!("invalid endpoint URL {url:?}"));
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (netloc, path) = rest.split_at(end);
        if path.contains(['?', '#']) {
            return Err(CoreError::InvalidConfig(format!(
                "endpoint URL {url:?} must not have a query or fragment"
            )));
        }
        Ok(SplitUrl {
            scheme: scheme.to_ascii_lowercase(),
            netloc,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_drops_default_ports_and_lowercases() {
        assert_eq!(
            host_header("https", "B.s3.amazonaws.com").unwrap(),
            "b.s3.amazonaws.com"
        );
        assert_eq!(host_header("https", "h:443").unwrap(), "h");
        assert_eq!(host_header("http", "h:443").unwrap(), "h:443");
        assert_eq!(
            host_header("http", "127.0.0.1:8333").unwrap(),
            "127.0.0.1:8333"
        );
        assert_eq!(host_header("http", "[::1]:80").unwrap(), "[::1]");
        assert_eq!(host_header("http", "u:p@h:81").unwrap(), "h:81");
        // urlsplit reads a bracket anywhere in the host (an access point on an IPv6 endpoint).
        assert_eq!(
            host_header("http", "ap-1.[::1]:9000").unwrap(),
            "[::1]:9000"
        );
        assert_eq!(host_header("http", "[V1.x]:9000").unwrap(), "v1.x:9000");
    }

    #[test]
    fn header_values_are_trimmed_like_python_split_join() {
        let trimmed = |v: &str| {
            let mut out = Vec::new();
            push_trimmed(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(trimmed("  a \t b\u{1f}c  "), "a b c");
        assert_eq!(trimmed(""), "");
    }

    #[test]
    fn encodes_like_botocore_percent_encode() {
        let mut out = String::new();
        push_encoded(&mut out, "a b+c/~é");
        assert_eq!(out, "a%20b%2Bc%2F~%C3%A9");
    }

    #[test]
    fn arn_detection_matches_arnparser() {
        assert!(is_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/x"));
        assert!(!is_arn("arn:aws:s3"));
        assert!(!is_arn("bucket"));
    }

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
