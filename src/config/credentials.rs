//! Where botocore finds credentials (`credentials.py` `create_credential_resolver`): explicit
//! keys, the environment, the shared files, and their expiry.

use super::*;

pub(super) fn partial(provider: &str, missing: &str) -> CoreError {
    CoreError::NoCredentials(format!(
        "Partial credentials found in {provider}, missing: {missing}"
    ))
}

pub(super) fn unsupported_source(what: &str, profile: &str) -> CoreError {
    CoreError::Unsupported(format!(
        "The profile ({profile}) uses {what}; s3presign only reads static access keys \
         (explicit arguments, environment variables, shared credentials/config files)"
    ))
}

pub(super) fn make_credentials(
    access_key: String,
    secret_key: String,
    token: Option<String>,
) -> Credentials {
    Credentials {
        access_key,
        secret_key,
        token: token.filter(|t| !t.is_empty()),
    }
}

/// Static keys from an ini section (SharedCredentialProvider / ConfigProvider).
pub(super) fn section_credentials(section: &Section, method: &str) -> Result<Option<Credentials>> {
    let Some(access) = ini::section_get(section, "aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = ini::section_get(section, "aws_secret_access_key") else {
        return Err(partial(method, "aws_secret_access_key"));
    };
    let token = ["aws_security_token", "aws_session_token"]
        .iter()
        .find_map(|k| ini::section_get(section, k));
    let text = |v: &IniValue, name: &str| -> Result<String> {
        v.as_str().map(str::to_string).ok_or_else(|| {
            CoreError::InvalidConfig(format!("{name} in {method} is a nested section"))
        })
    };
    Ok(Some(make_credentials(
        text(access, "aws_access_key_id")?,
        text(secret, "aws_secret_access_key")?,
        token.map(|t| text(t, "aws_session_token")).transpose()?,
    )))
}

/// botocore's default credential chain, static sources only.
pub(super) fn resolve_credentials(
    options: &ClientOptions,
    env: &dyn Environment,
    files: &SharedFiles,
) -> Result<(Credentials, CredentialSource)> {
    // session.create_client: explicit arguments.
    match (&options.aws_access_key_id, &options.aws_secret_access_key) {
        (Some(a), Some(s)) => {
            return Ok((
                make_credentials(a.clone(), s.clone(), options.aws_session_token.clone()),
                CredentialSource::Explicit,
            ))
        }
        (Some(_), None) => return Err(partial("explicit", "aws_secret_access_key")),
        (None, Some(_)) => return Err(partial("explicit", "aws_access_key_id")),
        (None, None) => {}
    }
    let nonempty = |name: &str| env.var(name).filter(|v| !v.is_empty());
    // EnvProvider.
    if let Some(access) = nonempty("AWS_ACCESS_KEY_ID") {
        let secret = nonempty("AWS_SECRET_ACCESS_KEY")
            .ok_or_else(|| partial("env", "AWS_SECRET_ACCESS_KEY"))?;
        let token = nonempty("AWS_SECURITY_TOKEN").or_else(|| nonempty("AWS_SESSION_TOKEN"));
        return Ok((
            make_credentials(access, secret, token),
            CredentialSource::Environment,
        ));
    }
    let profile_name = files.credential_profile();
    let empty = Section::new();
    let profile = files.profiles.get(profile_name).unwrap_or(&empty);
    let has = |k: &str| ini::section_get(profile, k).is_some();
    // AssumeRoleProvider.
    if has("role_arn") && !has("web_identity_token_file") {
        return Err(unsupported_source("assume-role (role_arn)", profile_name));
    }
    // AssumeRoleWithWebIdentityProvider.
    let web_identity = match env.var("AWS_WEB_IDENTITY_TOKEN_FILE") {
        Some(v) => !v.is_empty(),
        None => ini::section_get(profile, "web_identity_token_file")
            .is_some_and(|v| v.as_str() != Some("")),
    };
    if web_identity {
        return Err(unsupported_source(
            "web identity (web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE)",
            profile_name,
        ));
    }
    // SSOProvider.
    if has("sso_role_name") || has("sso_account_id") {
        return Err(unsupported_source("SSO", profile_name));
    }
    // SharedCredentialProvider.
    if let Some(sections) = &files.credentials {
        if let Some((_, section)) = sections.iter().find(|(n, _)| n == profile_name) {
            if let Some(c) = section_credentials(section, "shared-credentials-file")? {
                return Ok((c, CredentialSource::SharedCredentialsFile));
            }
        }
    }
    // LoginProvider, ProcessProvider.
    if has("login_session") {
        return Err(unsupported_source("login_session", profile_name));
    }
    if has("credential_process") {
        return Err(unsupported_source("credential_process", profile_name));
    }
    // ConfigProvider.
    if let Some(section) = files
        .config
        .as_ref()
        .and_then(|c| c.profiles.get(profile_name))
    {
        if let Some(c) = section_credentials(section, "config-file")? {
            return Ok((c, CredentialSource::ConfigFile));
        }
    }
    // OriginalEC2Provider.
    if let Some(path) = env.var("AWS_CREDENTIAL_FILE") {
        let path = expand_user(&path, env);
        let Some(text) = env.read_file(&path) else {
            return Err(CoreError::InvalidConfig(format!(
                "The config file ({path}) could not be found"
            )));
        };
        let mut pairs: BTreeMap<String, String> = BTreeMap::new();
        for line in text.lines() {
            if let Some((k, v)) = line.split_once('=') {
                pairs.insert(
                    crate::pycompat::strip(k).into(),
                    crate::pycompat::strip(v).into(),
                );
            }
        }
        if let Some(access) = pairs.get("AWSAccessKeyId") {
            let secret = pairs.get("AWSSecretKey").ok_or_else(|| {
                CoreError::NoCredentials(format!("AWSSecretKey missing in {path}"))
            })?;
            return Ok((
                make_credentials(access.clone(), secret.clone(), None),
                CredentialSource::Ec2CredentialsFile,
            ));
        }
    }
    // BotoProvider.
    let boto_paths: Vec<String> = match env.var("BOTO_CONFIG") {
        Some(p) => vec![p],
        None => vec!["/etc/boto.cfg".into(), "~/.boto".into()],
    };
    for p in boto_paths {
        let path = expand_path(&p, env);
        let Some(text) = env.read_file(&path) else {
            continue;
        };
        let parsed = ini::raw_config_parse(&text).map_err(|e| {
            CoreError::InvalidConfig(format!("Unable to parse config file: {path}, {}", e.0))
        })?;
        if let Some((_, section)) = parsed.iter().find(|(n, _)| n == "Credentials") {
            if let Some(access) = ini::section_get(section, "aws_access_key_id") {
                let secret = ini::section_get(section, "aws_secret_access_key")
                    .ok_or_else(|| partial("boto-config", "aws_secret_access_key"))?;
                if let (Some(a), Some(s)) = (access.as_str(), secret.as_str()) {
                    return Ok((
                        make_credentials(a.into(), s.into(), None),
                        CredentialSource::BotoConfig,
                    ));
                }
            }
        }
    }
    // ContainerProvider.
    if env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
    {
        return Err(CoreError::Unsupported(
            "Container credentials (AWS_CONTAINER_CREDENTIALS_*_URI) are not supported; \
             s3presign only reads static access keys"
                .into(),
        ));
    }
    Err(CoreError::NoCredentials(format!(
        "Unable to locate credentials. Looked for static keys in: the aws_access_key_id/\
         aws_secret_access_key arguments, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared \
         credentials file ({}) and the config file ({}) for profile {:?}. s3presign does not \
         query instance metadata, containers, SSO or credential processes.",
        files.credentials_path, files.config_path, profile_name
    )))
}

/// `AWS_CREDENTIAL_EXPIRATION` for environment credentials (botocore's EnvProvider makes them
/// refreshable; once expired, `get_frozen_credentials` raises "Credentials were refreshed, but
/// the refreshed credentials are still expired.").
pub(super) fn credential_expiry(env: &dyn Environment) -> Result<Option<i64>> {
    use time::format_description::well_known::{Iso8601, Rfc3339};
    let Some(raw) = env
        .var("AWS_CREDENTIAL_EXPIRATION")
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let parsed = time::OffsetDateTime::parse(&raw, &Rfc3339)
        .or_else(|_| time::OffsetDateTime::parse(&raw, &Iso8601::DEFAULT));
    // botocore fails too (dateutil cannot parse it); it takes more formats than ISO 8601.
    let Ok(when) = parsed else {
        return Err(CoreError::InvalidConfig(format!(
            "AWS_CREDENTIAL_EXPIRATION {raw:?} is not an ISO 8601 date and time with a UTC \
             offset (e.g. 2026-11-28T18:20:00Z)"
        )));
    };
    if when <= time::OffsetDateTime::now_utc() {
        return Err(CoreError::NoCredentials(format!(
            "The environment credentials expired at {raw} (AWS_CREDENTIAL_EXPIRATION)"
        )));
    }
    Ok(Some(when.unix_timestamp()))
}
