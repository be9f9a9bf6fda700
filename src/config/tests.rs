//! Unit tests with a hand-built environment. Expected values are what boto3/botocore 1.43.11
//! returned for the same setup (checked by tests/test_config.py against the real boto3).

use std::collections::HashMap;

use super::credentials::make_credentials;
use super::*;

#[derive(Default)]
struct FakeEnv {
    vars: HashMap<String, String>,
    files: HashMap<String, String>,
}

impl FakeEnv {
    fn new() -> Self {
        FakeEnv::default()
    }
    fn var(mut self, k: &str, v: &str) -> Self {
        self.vars.insert(k.into(), v.into());
        self
    }
    fn config(mut self, text: &str) -> Self {
        self.files.insert("/home/u/.aws/config".into(), text.into());
        self
    }
    fn creds(mut self, text: &str) -> Self {
        self.files
            .insert("/home/u/.aws/credentials".into(), text.into());
        self
    }
}

impl Environment for FakeEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
    fn read_file(&self, path: &str) -> Option<String> {
        self.files.get(path).cloned()
    }
    fn home_dir(&self) -> Option<String> {
        Some("/home/u".into())
    }
}

fn keys() -> ClientOptions {
    ClientOptions {
        aws_access_key_id: Some("AKID".into()),
        aws_secret_access_key: Some("SECRET".into()),
        ..Default::default()
    }
}

fn ok(options: &ClientOptions, env: &FakeEnv) -> ClientConfig {
    resolve(options, env).expect("resolves")
}

fn err(options: &ClientOptions, env: &FakeEnv) -> CoreError {
    resolve(options, env).expect_err("fails")
}

#[test]
fn defaults() {
    let c = ok(&keys(), &FakeEnv::new());
    assert_eq!(c.region, "us-east-1");
    assert_eq!(c.endpoint_url, None);
    assert_eq!(c.signature_version, SignatureVersion::S3V4);
    assert!(!c.signature_version_configured);
    assert_eq!(c.addressing_style, AddressingStyle::Auto);
    assert!(c.use_arn_region);
    assert!(!c.use_dualstack_endpoint && !c.use_fips_endpoint && !c.us_east_1_regional);
    assert_eq!(c.credential_source, CredentialSource::Explicit);
    assert_eq!(c.credentials.token, None);
}

#[test]
fn no_credentials_and_partials() {
    let e = err(&ClientOptions::default(), &FakeEnv::new());
    assert!(matches!(e, CoreError::NoCredentials(ref m) if m.contains("Unable to locate")));
    let o = ClientOptions {
        aws_access_key_id: Some("A".into()),
        ..Default::default()
    };
    assert_eq!(
        err(&o, &FakeEnv::new()),
        CoreError::NoCredentials(
            "Partial credentials found in explicit, missing: aws_secret_access_key".into()
        )
    );
    let env = FakeEnv::new().var("AWS_ACCESS_KEY_ID", "EA");
    assert_eq!(
        err(&ClientOptions::default(), &env),
        CoreError::NoCredentials(
            "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY".into()
        )
    );
    let env = FakeEnv::new().creds("[default]\naws_access_key_id=FA\n");
    assert!(matches!(
        err(&ClientOptions::default(), &env),
        CoreError::NoCredentials(m) if m.contains("shared-credentials-file")
    ));
}

#[test]
fn credential_chain_order() {
    let env = FakeEnv::new()
        .var("AWS_ACCESS_KEY_ID", "EA")
        .var("AWS_SECRET_ACCESS_KEY", "ES")
        .var("AWS_SESSION_TOKEN", "ST")
        .var("AWS_SECURITY_TOKEN", "SEC")
        .creds("[default]\naws_access_key_id=FA\naws_secret_access_key=FS\n");
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(c.credentials.access_key, "EA");
    assert_eq!(c.credentials.token.as_deref(), Some("SEC"));
    // Empty AWS_ACCESS_KEY_ID falls through to the files; creds file before config file.
    let env = FakeEnv::new()
        .var("AWS_ACCESS_KEY_ID", "")
        .creds("[default]\naws_access_key_id=FA\naws_secret_access_key=FS\n")
        .config("[default]\naws_access_key_id=CA\naws_secret_access_key=CS\n");
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(c.credentials.access_key, "FA");
    assert_eq!(c.credential_source, CredentialSource::SharedCredentialsFile);
    let env = FakeEnv::new().config(
        "[default]\naws_access_key_id=CA\naws_secret_access_key=CS\naws_session_token=T1\n\
         aws_security_token=T2\n",
    );
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(c.credentials.access_key, "CA");
    assert_eq!(c.credentials.token.as_deref(), Some("T2"));
    // credential_process comes after the credentials file but before the config file.
    let env = FakeEnv::new()
        .config("[default]\ncredential_process=/bin/false\naws_access_key_id=CA\naws_secret_access_key=CS\n");
    assert!(matches!(
        err(&ClientOptions::default(), &env),
        CoreError::Unsupported(_)
    ));
    let env = env.creds("[default]\naws_access_key_id=FA\naws_secret_access_key=FS\n");
    assert_eq!(
        ok(&ClientOptions::default(), &env).credentials.access_key,
        "FA"
    );
    // role_arn wins over static keys in the same profile.
    let env = FakeEnv::new()
        .config("[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=x\n")
        .creds("[default]\naws_access_key_id=FA\naws_secret_access_key=FS\n");
    assert!(matches!(
        err(&ClientOptions::default(), &env),
        CoreError::Unsupported(_)
    ));
}

#[test]
fn profiles() {
    let cfg = "[profile a]\nregion=eu-west-1\n[profile b]\nregion=eu-west-2\n";
    let env = FakeEnv::new()
        .var("AWS_PROFILE", "a")
        .var("AWS_DEFAULT_PROFILE", "b")
        .config(cfg);
    assert_eq!(ok(&keys(), &env).region, "eu-west-2");
    let env = FakeEnv::new().var("AWS_PROFILE", "nope");
    assert_eq!(
        err(&keys(), &env),
        CoreError::InvalidConfig("The config profile (nope) could not be found".into())
    );
    // A credentials-file section is a profile too (its region counts), by its raw name.
    let env = FakeEnv::new()
        .var("AWS_PROFILE", "c")
        .creds("[c]\nregion=ap-south-1\naws_access_key_id=CA\naws_secret_access_key=CS\n");
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(
        (c.region.as_str(), c.credentials.access_key.as_str()),
        ("ap-south-1", "CA")
    );
    let env = FakeEnv::new()
        .var("AWS_PROFILE", "x")
        .creds("[profile x]\naws_access_key_id=A\naws_secret_access_key=S\n");
    assert!(matches!(err(&keys(), &env), CoreError::InvalidConfig(_)));
    // Later of [default] / [profile default] wins.
    let env =
        FakeEnv::new().config("[default]\nregion=eu-west-1\n[profile default]\nregion=eu-west-2\n");
    assert_eq!(ok(&keys(), &env).region, "eu-west-2");
}

#[test]
fn region_precedence_and_validation() {
    let env = FakeEnv::new()
        .var("AWS_DEFAULT_REGION", "eu-west-3")
        .var("AWS_REGION", "eu-north-1")
        .config("[default]\nregion=sa-east-1\n");
    assert_eq!(ok(&keys(), &env).region, "eu-west-3");
    let mut o = keys();
    o.config.region_name = Some("ap-east-1".into());
    assert_eq!(ok(&o, &env).region, "ap-east-1");
    o.region_name = Some("us-west-1".into());
    assert_eq!(ok(&o, &env).region, "us-west-1");
    let env = FakeEnv::new().var("AWS_REGION", "eu-north-1");
    assert_eq!(ok(&keys(), &env).region, "us-east-1");
    for bad in ["bad_region", "-a", "a-", "123", &"a".repeat(64)] {
        let mut o = keys();
        o.region_name = Some(bad.to_string());
        assert!(
            matches!(err(&o, &FakeEnv::new()), CoreError::InvalidConfig(_)),
            "{bad}"
        );
    }
    let mut o = keys();
    o.region_name = Some(String::new());
    assert_eq!(
        err(&o, &FakeEnv::new()),
        CoreError::InvalidConfig(
            "Provided region_name \"\" doesn't match a supported format.".into()
        )
    );
    o.endpoint_url = Some("http://localhost:9000".into());
    assert_eq!(ok(&o, &FakeEnv::new()).region, "");
    let env = FakeEnv::new().var("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "regional");
    assert_eq!(ok(&keys(), &env).region, "aws-global");
    let env = env.var("AWS_USE_DUALSTACK_ENDPOINT", "true");
    assert_eq!(ok(&keys(), &env).region, "us-east-1");
}

#[test]
fn endpoint_url_order() {
    let cfg = "[default]\nendpoint_url=http://profile:1\nservices = svc\n[services svc]\ns3 =\n  \
               endpoint_url = http://services:2\n";
    let all = FakeEnv::new()
        .var("AWS_ENDPOINT_URL_S3", "http://envs3:3")
        .var("AWS_ENDPOINT_URL", "http://envglobal:4")
        .config(cfg);
    assert_eq!(
        ok(&keys(), &all).endpoint_url.as_deref(),
        Some("http://envs3:3")
    );
    let env = FakeEnv::new()
        .var("AWS_ENDPOINT_URL", "http://envglobal:4")
        .config(cfg);
    assert_eq!(
        ok(&keys(), &env).endpoint_url.as_deref(),
        Some("http://envglobal:4")
    );
    let env = FakeEnv::new().var("AWS_ENDPOINT_URL_S3", "").config(cfg);
    assert_eq!(
        ok(&keys(), &env).endpoint_url.as_deref(),
        Some("http://services:2")
    );
    let env = FakeEnv::new().config("[default]\nendpoint_url=http://profile:1\n");
    assert_eq!(
        ok(&keys(), &env).endpoint_url.as_deref(),
        Some("http://profile:1")
    );
    let env = all.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
    assert_eq!(ok(&keys(), &env).endpoint_url, None);
    let mut o = keys();
    o.config.ignore_configured_endpoint_urls = Some(false);
    assert_eq!(ok(&o, &env).endpoint_url.as_deref(), Some("http://envs3:3"));
    o.endpoint_url = Some("http://explicit:5".into());
    o.config.ignore_configured_endpoint_urls = Some(true);
    assert_eq!(
        ok(&o, &env).endpoint_url.as_deref(),
        Some("http://explicit:5")
    );
    let env = FakeEnv::new().config("[default]\nservices = nope\n");
    assert!(matches!(err(&keys(), &env), CoreError::InvalidConfig(m) if m.contains("\"nope\"")));
    let mut o = keys();
    o.endpoint_url = Some("localhost:9000".into());
    assert_eq!(
        err(&o, &FakeEnv::new()),
        CoreError::InvalidConfig("Invalid endpoint: localhost:9000".into())
    );
}

#[test]
fn s3_merge() {
    let cfg = "[default]\ns3 =\n  addressing_style = path\n  Use_Accelerate_Endpoint = true\n  \
               use_dualstack_endpoint = True\n  use_arn_region = false\n  \
               us_east_1_regional_endpoint = regional\n  \
               s3_disable_multiregion_access_points = TRUE\n";
    let c = ok(&keys(), &FakeEnv::new().config(cfg));
    assert_eq!(c.addressing_style, AddressingStyle::Path);
    assert!(!c.use_accelerate_endpoint, "nested keys are case-sensitive");
    assert!(c.use_dualstack_endpoint && c.us_east_1_regional);
    assert!(!c.use_arn_region && c.disable_multiregion_access_points);
    assert_eq!(c.region, "us-east-1");

    let env = FakeEnv::new()
        .var("AWS_S3_USE_ARN_REGION", "false")
        .var("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "regional")
        .config(
            "[default]\ns3_use_arn_region=true\ns3_us_east_1_regional_endpoint=legacy\ns3 =\n  \
             addressing_style = path\n  use_accelerate_endpoint = true\n",
        );
    let mut o = keys();
    o.config.s3.use_accelerate_endpoint = Some(false);
    o.config.s3.addressing_style = Some("virtual".into());
    let c = ok(&o, &env);
    assert!(!c.use_arn_region && c.us_east_1_regional && !c.use_accelerate_endpoint);
    assert_eq!(c.addressing_style, AddressingStyle::Virtual);
    assert_eq!(c.region, "aws-global");

    let env = FakeEnv::new().var("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "Regional");
    assert!(matches!(err(&keys(), &env), CoreError::InvalidConfig(m) if m.contains("Regional")));
    let env = FakeEnv::new().config("[default]\ns3 =\n  addressing_style = foo\n");
    assert_eq!(
        err(&keys(), &env),
        CoreError::InvalidConfig(
            "S3 addressing style foo is invalid. Valid options are: 'auto', 'virtual', and 'path'"
                .into()
        )
    );
    // A non-nested `s3 = path` breaks botocore unless Config.s3 sets use_dualstack_endpoint;
    // then it is ignored altogether, env overrides included.
    let env = FakeEnv::new()
        .var("AWS_S3_USE_ARN_REGION", "false")
        .config("[default]\ns3 = path\n");
    assert!(matches!(err(&keys(), &env), CoreError::InvalidConfig(_)));
    let mut o = keys();
    o.config.s3.use_dualstack_endpoint = Some(false);
    assert!(ok(&o, &env).use_arn_region);
}

#[test]
fn dualstack_and_fips() {
    let env = FakeEnv::new().var("AWS_USE_FIPS_ENDPOINT", "TRUE");
    assert!(ok(&keys(), &env).use_fips_endpoint);
    let env = FakeEnv::new()
        .var("AWS_USE_FIPS_ENDPOINT", "")
        .config("[default]\nuse_fips_endpoint=true\nuse_dualstack_endpoint=true\n");
    let c = ok(&keys(), &env);
    assert!(!c.use_fips_endpoint && c.use_dualstack_endpoint);
    let mut o = keys();
    o.config.use_dualstack_endpoint = Some(true);
    o.config.s3.use_dualstack_endpoint = Some(false);
    assert!(!ok(&o, &FakeEnv::new()).use_dualstack_endpoint);
    o.config.use_fips_endpoint = Some(false);
    let env = FakeEnv::new().var("AWS_USE_FIPS_ENDPOINT", "true");
    assert!(!ok(&o, &env).use_fips_endpoint);
}

#[test]
fn signature_versions() {
    let mut o = keys();
    o.config.signature_version = Some("v4".into());
    let c = ok(&o, &FakeEnv::new());
    assert!(c.signature_version_configured);
    o.config.signature_version = Some("s3".into());
    let c = ok(&o, &FakeEnv::new());
    assert!(c.signature_version_configured);
    assert_eq!(c.signature_version, SignatureVersion::S3);
    o.config.signature_version = Some("foo".into());
    assert!(matches!(
        err(&o, &FakeEnv::new()),
        CoreError::InvalidConfig(_)
    ));
    o.config.signature_version = None;
    o.config.signature_version_unsigned = true;
    assert!(matches!(
        err(&o, &FakeEnv::new()),
        CoreError::Unsupported(_)
    ));
    let env = FakeEnv::new().config("[default]\ns3 =\n  signature_version = s3\n");
    let c = ok(&keys(), &env);
    assert!(c.signature_version_configured);
    assert_eq!(c.signature_version, SignatureVersion::S3V4);
    // ... even when asked for boto3's default (a configured version disables it).
    let mut o = keys();
    o.boto3_signature_default = true;
    assert_eq!(ok(&o, &env).signature_version, SignatureVersion::S3V4);
}

/// boto3 1.43.11 presigns with SigV2 when nothing is configured in us-east-1 (also the
/// default region), us-west-2, aws-global (`us_east_1_regional_endpoint=regional`, no region)
/// and us-gov-west-1, and with SigV4 in eu-central-1 and cn-north-1.
#[test]
fn boto3_default_signature_version() {
    let version = |region: Option<&str>, regional: bool, boto3: bool| {
        let mut o = keys();
        o.region_name = region.map(str::to_owned);
        o.boto3_signature_default = boto3;
        if regional {
            o.config.s3.us_east_1_regional_endpoint = Some("regional".into());
        }
        let c = ok(&o, &FakeEnv::new());
        assert!(!c.signature_version_configured);
        assert_eq!(c.boto3_signature_default, boto3);
        c.signature_version
    };
    use SignatureVersion::{S3, S3V4};
    for region in ["us-east-1", "us-west-2", "us-gov-west-1", "fips-us-east-1"] {
        assert_eq!(version(Some(region), false, true), S3, "{region}");
        assert_eq!(version(Some(region), false, false), S3V4, "{region}");
    }
    assert_eq!(version(None, false, true), S3);
    assert_eq!(version(None, true, true), S3);
    for region in ["eu-central-1", "cn-north-1", "us-east-2"] {
        assert_eq!(version(Some(region), false, true), S3V4, "{region}");
    }
}

#[test]
fn paths_and_parse_errors() {
    let env = FakeEnv::new()
        .var("MYDIR", "/home/u/.aws")
        .var("AWS_CONFIG_FILE", "$MYDIR/config")
        .config("[default]\nregion=eu-west-1\n");
    assert_eq!(ok(&keys(), &env).region, "eu-west-1");
    let env = FakeEnv::new()
        .var("AWS_CONFIG_FILE", "~/.aws/config")
        .config("[default]\nfoo\n");
    assert!(
        matches!(err(&keys(), &env), CoreError::InvalidConfig(m) if m.starts_with("Unable to parse config file: /home/u/.aws/config"))
    );
}

#[test]
fn other_static_sources_and_container() {
    let env = FakeEnv::new()
        .var("AWS_CREDENTIAL_FILE", "~/ec2")
        .var("BOTO_CONFIG", "/home/u/boto");
    let mut env = env;
    env.files.insert(
        "/home/u/ec2".into(),
        "AWSAccessKeyId = EC2\nAWSSecretKey=s\n".into(),
    );
    env.files.insert(
        "/home/u/boto".into(),
        "[Credentials]\naws_access_key_id = BOTO\naws_secret_access_key = s\n".into(),
    );
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(c.credential_source, CredentialSource::Ec2CredentialsFile);
    env.vars.remove("AWS_CREDENTIAL_FILE");
    let c = ok(&ClientOptions::default(), &env);
    assert_eq!(c.credentials.access_key, "BOTO");
    env.vars.insert("BOTO_CONFIG".into(), "/nowhere".into());
    env.vars.insert(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI".into(),
        "/creds".into(),
    );
    assert!(matches!(
        err(&ClientOptions::default(), &env),
        CoreError::Unsupported(_)
    ));
}

#[test]
fn env_credential_expiration() {
    let env = FakeEnv::new()
        .var("AWS_ACCESS_KEY_ID", "EA")
        .var("AWS_SECRET_ACCESS_KEY", "ES")
        .var("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z");
    assert_eq!(
        ok(&ClientOptions::default(), &env).credentials_expiry,
        Some(4_070_908_800)
    );
    let env = env.var("AWS_CREDENTIAL_EXPIRATION", "2000-01-01T00:00:00Z");
    assert!(matches!(
        err(&ClientOptions::default(), &env),
        CoreError::NoCredentials(_)
    ));
    assert_eq!(ok(&keys(), &env).credentials_expiry, None);
}

#[test]
fn credentials_debug_hides_secrets() {
    let c = make_credentials(
        "AKID".into(),
        "SECRETVALUE".into(),
        Some("TOKENVALUE".into()),
    );
    let shown = format!("{c:?}");
    assert!(
        shown.contains("AKID") && !shown.contains("SECRETVALUE") && !shown.contains("TOKENVALUE")
    );
}
