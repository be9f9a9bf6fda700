//! The merged `s3` config dict (`args.py` `compute_s3_config`) and the configured endpoint URL
//! (`_compute_configured_endpoint_url`).

use super::*;

/// A value of the merged s3 config dict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum S3Val {
    Str(String),
    Bool(bool),
}

impl S3Val {
    pub(super) fn truthy(&self) -> bool {
        match self {
            S3Val::Str(s) => !s.is_empty(),
            S3Val::Bool(b) => *b,
        }
    }
}

/// `client.meta.config.s3` before the dualstack tag: the profile's `s3` section with the
/// env/top-level overrides of `DEFAULT_S3_CONFIG_VARS`, updated by `Config.s3`.
pub(super) fn merged_s3_config(
    options: &ConfigOptions,
    env: &dyn Environment,
    scoped: &Section,
) -> Result<Option<Vec<(String, S3Val)>>> {
    let section = ini::section_get(scoped, "s3");
    let nested = |key: &str| section.and_then(|s| s.nested_get(key));
    let top = |key: &str| ini::section_get(scoped, key);
    // (name, env var, top-level key, nested lookup, convert with ensure_boolean)
    let env_or = |name: &str| env.var(name);
    let mut overrides: Vec<(&str, S3Val)> = Vec::new();
    let boolish = |v: Option<String>| v.map(|s| S3Val::Bool(ensure_boolean(&s)));
    let raw = |v: Option<String>| v.map(S3Val::Str);
    let top_str = |k: &str| top(k).map(|v| v.as_str().map(str::to_string));
    let pick_top = |k: &str| -> Option<Option<String>> { top_str(k) };
    if let Some(v) = raw(nested("addressing_style").map(str::to_string)) {
        overrides.push(("addressing_style", v));
    }
    if let Some(v) = boolish(nested("use_accelerate_endpoint").map(str::to_string)) {
        overrides.push(("use_accelerate_endpoint", v));
    }
    if let Some(v) = boolish(nested("use_dualstack_endpoint").map(str::to_string)) {
        overrides.push(("use_dualstack_endpoint", v));
    }
    // use_arn_region: env, top-level s3_use_arn_region, nested.
    let arn = match env_or("AWS_S3_USE_ARN_REGION") {
        Some(v) => Some(S3Val::Bool(ensure_boolean(&v))),
        None => match pick_top("s3_use_arn_region") {
            Some(v) => Some(S3Val::Bool(v.as_deref().is_some_and(ensure_boolean))),
            None => boolish(nested("use_arn_region").map(str::to_string)),
        },
    };
    if let Some(v) = arn {
        overrides.push(("use_arn_region", v));
    }
    let regional = match env_or("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT") {
        Some(v) => Some(Some(v)),
        None => match pick_top("s3_us_east_1_regional_endpoint") {
            Some(v) => Some(v),
            None => nested("us_east_1_regional_endpoint").map(|s| Some(s.to_string())),
        },
    };
    if let Some(v) = regional {
        let v = v.ok_or_else(|| {
            CoreError::InvalidConfig(
                "s3_us_east_1_regional_endpoint must be a string, not a nested section".into(),
            )
        })?;
        overrides.push(("us_east_1_regional_endpoint", S3Val::Str(v)));
    }
    let mrap = match env_or("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS") {
        Some(v) => Some(S3Val::Bool(ensure_boolean(&v))),
        None => boolish(nested("s3_disable_multiregion_access_points").map(str::to_string)),
    };
    if let Some(v) = mrap {
        overrides.push(("s3_disable_multiregion_access_points", v));
    }

    // SectionConfigProvider.provide
    let mut merged: Option<Vec<(String, S3Val)>> = match section {
        None => None,
        Some(IniValue::Nested(pairs)) => Some(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), S3Val::Str(v.clone())))
                .collect(),
        ),
        Some(IniValue::Str(s)) => {
            // Not a dict. botocore's ClientEndpointBridge then calls `.get` on the string
            // (AttributeError) unless Config.s3 sets use_dualstack_endpoint; an empty string
            // also breaks the merge with any other s3 setting. A non-empty string is otherwise
            // ignored altogether, env overrides included.
            if s.is_empty() || options.s3.use_dualstack_endpoint.is_none() {
                return Err(CoreError::InvalidConfig(format!(
                    "The profile's `s3` setting must be a nested section, not {s:?} \
                     (botocore fails on it with AttributeError)"
                )));
            }
            return merge_config_s3(None, &options.s3);
        }
    };
    for (k, v) in overrides {
        let m = merged.get_or_insert_with(Vec::new);
        set_s3(m, k, v);
    }
    merge_config_s3(merged, &options.s3)
}

pub(super) fn set_s3(m: &mut Vec<(String, S3Val)>, key: &str, value: S3Val) {
    if let Some(slot) = m.iter_mut().find(|(k, _)| k == key) {
        slot.1 = value;
    } else {
        m.push((key.to_string(), value));
    }
}

/// `compute_s3_config`: `Config.s3` updates the profile's dict.
pub(super) fn merge_config_s3(
    merged: Option<Vec<(String, S3Val)>>,
    s3: &S3Options,
) -> Result<Option<Vec<(String, S3Val)>>> {
    if s3.is_empty() {
        return Ok(merged);
    }
    let mut m = merged.unwrap_or_default();
    if let Some(v) = &s3.addressing_style {
        set_s3(&mut m, "addressing_style", S3Val::Str(v.clone()));
    }
    if let Some(v) = s3.use_accelerate_endpoint {
        set_s3(&mut m, "use_accelerate_endpoint", S3Val::Bool(v));
    }
    if let Some(v) = s3.use_dualstack_endpoint {
        set_s3(&mut m, "use_dualstack_endpoint", S3Val::Bool(v));
    }
    if let Some(v) = &s3.us_east_1_regional_endpoint {
        set_s3(&mut m, "us_east_1_regional_endpoint", S3Val::Str(v.clone()));
    }
    if let Some(v) = s3.use_arn_region {
        set_s3(&mut m, "use_arn_region", S3Val::Bool(v));
    }
    if let Some(v) = s3.s3_disable_multiregion_access_points {
        set_s3(
            &mut m,
            "s3_disable_multiregion_access_points",
            S3Val::Bool(v),
        );
    }
    Ok(Some(m))
}

pub(super) fn s3_get<'a>(m: &'a Option<Vec<(String, S3Val)>>, key: &str) -> Option<&'a S3Val> {
    m.as_ref()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `ConfigChainFactory` chain for a boolean session variable: env var (present, even empty),
/// then the profile's top-level key.
pub(super) fn session_bool(
    env: &dyn Environment,
    scoped: &Section,
    env_name: &str,
    key: &str,
) -> Option<bool> {
    match env.var(env_name) {
        Some(v) => Some(ensure_boolean(&v)),
        None => ini::section_get(scoped, key).map(ini_bool),
    }
}

/// `ConfiguredEndpointProvider` (env service, env global, services section, profile).
pub(super) fn configured_endpoint(
    env: &dyn Environment,
    files: &SharedFiles,
    scoped: &Section,
) -> Result<Option<String>> {
    for name in ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"] {
        if let Some(v) = env.var(name).filter(|v| !v.is_empty()) {
            return Ok(Some(v));
        }
    }
    if let Some(services) = ini::section_get(scoped, "services") {
        let Some(name) = services.as_str() else {
            return Err(CoreError::InvalidConfig(
                "The profile's `services` setting must name a services section".into(),
            ));
        };
        let section = files
            .config
            .as_ref()
            .and_then(|c| c.services.get(name))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                CoreError::InvalidConfig(format!(
                    "The profile is configured to use the services section but the \"{name}\" \
                     services configuration does not exist."
                ))
            })?;
        match ini::section_get(section, "s3") {
            None => {}
            Some(IniValue::Nested(_)) => {
                if let Some(url) = ini::section_get(section, "s3")
                    .and_then(|v| v.nested_get("endpoint_url"))
                    .filter(|v| !v.is_empty())
                {
                    return Ok(Some(url.to_string()));
                }
            }
            Some(IniValue::Str(_)) => {
                return Err(CoreError::InvalidConfig(format!(
                    "The services section \"{name}\" has an `s3` setting that is not a nested \
                     section"
                )))
            }
        }
    }
    match ini::section_get(scoped, "endpoint_url") {
        Some(IniValue::Str(v)) if !v.is_empty() => Ok(Some(v.clone())),
        Some(IniValue::Nested(_)) => Err(CoreError::InvalidConfig(
            "The profile's endpoint_url is a nested section".into(),
        )),
        _ => Ok(None),
    }
}
