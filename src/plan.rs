//! Endpoint plans: the endpoint ruleset's answer for an (operation, bucket), with the
//! presign-specific builtins botocore passes it, turned into what URL assembly and signing
//! need, and cached per client.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::config::{AddressingStyle, ClientConfig};
use crate::endpoints::{self, Endpoint, ParamValue};
use crate::error::{CoreError, Result};
use crate::operations::{self, Operation};
use crate::url::{host_header, SplitUrl};
use crate::value::{find_param, Params};

/// Bounds the endpoint cache; a client signing for more buckets than this re-resolves.
const ENDPOINT_CACHE_SIZE: usize = 4096;

type Planned = std::result::Result<Arc<EndpointPlan>, CoreError>;

/// One endpoint resolution, in the shape URL assembly and signing want it.
#[derive(Debug)]
pub(crate) struct EndpointPlan {
    pub scheme: String,
    pub netloc: String,
    pub path: String,
    /// The Host header for `netloc` (no host prefix).
    pub host: String,
    /// The signing name.
    pub service: String,
    /// The credential-scope region.
    pub region: String,
    /// Endpoint headers, first value each (S3 Express only).
    pub headers: Vec<(String, String)>,
}

/// `compute_endpoint_resolver_builtin_defaults`, before per-call customisation.
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

/// A client's endpoint plans by (operation, bucket). The ruleset's answer depends on nothing
/// else that varies between calls: it never reads `Key`, `Prefix` or `CopySource` (`build.rs`
/// refuses a ruleset that does).
pub(crate) struct Plans {
    base_builtins: Builtins,
    /// `signers._should_use_global_endpoint`.
    use_global_endpoint: bool,
    /// The configured signing region, for endpoints whose auth scheme names none.
    signing_region: String,
    /// `ClientConfig::sigv4a_available`: endpoints listing SigV4a first are refused.
    sigv4a_available: bool,
    /// `ClientConfig::other_endpoint_ruleset`.
    other_endpoint_ruleset: bool,
    /// `ClientConfig::refused_members`.
    refused_members: Vec<String>,
    /// Plans, and the endpoints refused for their auth scheme (decided once, so a patched
    /// client hands those calls to botocore without resolving them again).
    cache: RwLock<HashMap<usize, HashMap<String, Planned>>>,
}

impl Plans {
    pub fn new(config: &ClientConfig) -> Result<Plans> {
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
        Ok(Plans {
            base_builtins,
            use_global_endpoint,
            signing_region: config.signing_region.clone(),
            sigv4a_available: config.sigv4a_available,
            other_endpoint_ruleset: config.other_endpoint_ruleset,
            refused_members: config.refused_members.clone(),
            cache: RwLock::new(HashMap::new()),
        })
    }

    /// The plan for `op` on `bucket` (`params` after the parameter handlers), resolved once.
    pub fn get(
        &self,
        op: &'static Operation,
        params: &Params,
        bucket: Option<&str>,
    ) -> Result<Arc<EndpointPlan>> {
        if let Some(member) = self
            .refused_members
            .iter()
            .find(|m| find_param(params, m).is_some())
        {
            return Err(CoreError::Unsupported(format!(
                "the boto3 client's botocore serialises {member} otherwise than s3presign"
            )));
        }
        // By operation (its address in the static table), then bucket; no bucket is "" (an
        // empty bucket name never gets this far).
        let op_key = op as *const Operation as usize;
        let bucket_key = bucket.unwrap_or("");
        if let Some(planned) = self
            .cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&op_key)
            .and_then(|by_bucket| by_bucket.get(bucket_key))
        {
            return planned.clone();
        }
        let bucket_is_arn = bucket.is_some_and(is_arn);
        if self.other_endpoint_ruleset
            && bucket
                .is_none_or(|b| bucket_is_arn || b.ends_with("--x-s3") || b.ends_with("--xa-s3"))
        {
            let refused = CoreError::Unsupported(
                "the boto3 client's botocore evaluates another release of the S3 endpoint \
                 ruleset, which resolves access point ARNs, directory buckets and calls without \
                 a bucket differently"
                    .into(),
            );
            self.remember(op_key, bucket_key, Err(refused.clone()));
            return Err(refused);
        }
        let endpoint = self.resolve(op, params, bucket, bucket_is_arn)?;
        // SigV2 too refuses the endpoints S3 only serves with SigV4a or S3 Express session auth
        // (a configured "s3" matches none of the ruleset's auth schemes, so botocore signs SigV2
        // URLs for them, which S3 refuses).
        let scheme = match AuthScheme::of(&endpoint, self.sigv4a_available) {
            Ok(scheme) => scheme,
            Err(refused) => {
                self.remember(op_key, bucket_key, Err(refused.clone()));
                return Err(refused);
            }
        };
        let base = SplitUrl::parse(&endpoint.url)?;
        let region = match scheme.signing_region {
            Some(region) if bucket_is_arn => region,
            _ => self.signing_region.clone(),
        };
        let plan = Arc::new(EndpointPlan {
            host: host_header(&base.scheme, base.netloc)?,
            scheme: base.scheme.clone(),
            netloc: base.netloc.to_owned(),
            path: base.path.to_owned(),
            service: scheme.signing_name,
            region,
            headers: endpoint
                .headers
                .iter()
                .filter_map(|(k, v)| v.first().map(|first| (k.clone(), first.clone())))
                .collect(),
        });
        self.remember(op_key, bucket_key, Ok(Arc::clone(&plan)));
        Ok(plan)
    }

    fn remember(&self, op_key: usize, bucket_key: &str, planned: Planned) {
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        if cache.values().map(HashMap::len).sum::<usize>() >= ENDPOINT_CACHE_SIZE {
            cache.clear();
        }
        cache
            .entry(op_key)
            .or_default()
            .insert(bucket_key.to_owned(), planned);
    }

    fn resolve(
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
}

/// The endpoint's SigV4 auth scheme, parsed once from its `authSchemes` property.
#[derive(Debug, PartialEq, Eq)]
struct AuthScheme {
    signing_name: String,
    signing_region: Option<String>,
}

impl AuthScheme {
    /// botocore, asked for s3v4, takes the first `sigv4` scheme (so an Outposts endpoint that
    /// offers sigv4a then sigv4 signs with sigv4); an endpoint with no `authSchemes` signs as
    /// `s3` in the client's region. Endpoints that offer only SigV4a or S3 Express session auth
    /// are refused, and so are those offering SigV4a first when `sigv4a_available` (botocore
    /// with awscrt and no configured signature version takes the first scheme it supports).
    fn of(endpoint: &Endpoint, sigv4a_available: bool) -> Result<AuthScheme> {
        let name = |scheme: &serde_json::Value| -> String {
            scheme
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let Some(schemes) = endpoint
            .properties
            .get("authSchemes")
            .and_then(|s| s.as_array())
        else {
            return Ok(AuthScheme {
                signing_name: "s3".into(),
                signing_region: None,
            });
        };
        let first = schemes.first().map(name);
        if sigv4a_available && first.as_deref() == Some("sigv4a") {
            return Err(CoreError::Unsupported(
                "botocore signs this endpoint (S3 on Outposts or a multi-region access point) \
                 with SigV4a, as awscrt is installed and the client configures no signature \
                 version; s3presign does not support SigV4a"
                    .into(),
            ));
        }
        let Some(scheme) = schemes.iter().find(|s| name(s) == "sigv4") else {
            return Err(match first.as_deref() {
                Some("sigv4a") => CoreError::Unsupported(
                    "this endpoint needs SigV4a (multi-region access points), which s3presign \
                     does not support"
                        .into(),
                ),
                Some("sigv4-s3express") => CoreError::Unsupported(
                    "S3 Express One Zone directory buckets (sigv4-s3express session auth) are \
                     not supported"
                        .into(),
                ),
                other => CoreError::Unsupported(format!(
                    "the endpoint's auth scheme {:?} is not supported",
                    other.unwrap_or("")
                )),
            });
        };
        let text = |key: &str| scheme.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(AuthScheme {
            signing_name: text("signingName").unwrap_or_else(|| "s3".into()),
            signing_region: text("signingRegion"),
        })
    }
}

/// `ArnParser.is_arn`: starts with `arn:` and has at least six `:`-separated parts.
pub(crate) fn is_arn(value: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_detection_matches_arnparser() {
        assert!(is_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/x"));
        assert!(!is_arn("arn:aws:s3"));
        assert!(!is_arn("bucket"));
    }

    const OUTPOSTS_AP: &str =
        "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap";

    fn outposts_plan(sigv4a_available: bool) -> (Plans, Result<Arc<EndpointPlan>>) {
        let options = crate::config::ClientOptions {
            region_name: Some("us-west-2".into()),
            aws_access_key_id: Some("AKID".into()),
            aws_secret_access_key: Some("SECRET".into()),
            ..Default::default()
        };
        let mut config = crate::config::resolve(&options, &crate::config::NoEnvironment).unwrap();
        config.sigv4a_available = sigv4a_available;
        let plans = Plans::new(&config).unwrap();
        let op = crate::client::find_operation("get_object").unwrap();
        let params: Params = vec![(
            "Bucket".into(),
            crate::value::Value::Str(OUTPOSTS_AP.into()),
        )];
        let planned = plans.get(op, &params, Some(OUTPOSTS_AP));
        (plans, planned)
    }

    #[test]
    fn outposts_sign_sigv4_unless_botocore_would_take_sigv4a() {
        let (_, planned) = outposts_plan(false);
        let plan = planned.unwrap();
        assert_eq!(
            (plan.service.as_str(), plan.region.as_str()),
            ("s3-outposts", "us-west-2")
        );

        let (plans, planned) = outposts_plan(true);
        let refused = planned.unwrap_err();
        assert!(matches!(&refused, CoreError::Unsupported(m) if m.contains("SigV4a")));
        // The refusal is cached with the plans: the next call is not resolved again.
        let cache = plans.cache.read().unwrap();
        let cached: Vec<&Planned> = cache.values().flat_map(HashMap::values).collect();
        assert!(matches!(cached.as_slice(), [Err(e)] if *e == refused));
    }
}
