//! The signing path: our `Presigner::generate_presigned_url` beside aws-sigv4's own query signer
//! on the same GET, and the bare SigV4 key derivation + HMAC as the floor.
//!
//! `cargo bench --bench signing` (or `make bench-rust`).

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use divan::Bencher;

use s3presign::{
    resolve_config, ClientOptions, ConfigOptions, NoEnvironment, Params, PresignOptions, Presigner,
    SigningTime, Value,
};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";
const UNIX_SECONDS: u64 = 1_700_000_000;

fn main() {
    divan::main();
}

fn presigner() -> Presigner {
    let options = ClientOptions {
        region_name: Some(REGION.into()),
        aws_access_key_id: Some(ACCESS_KEY.into()),
        aws_secret_access_key: Some(SECRET_KEY.into()),
        config: ConfigOptions {
            signature_version: Some("s3v4".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let config = resolve_config(&options, &NoEnvironment).expect("config");
    Presigner::new(config).expect("presigner")
}

fn object(extra: &[(&str, &str)]) -> Params {
    let mut params: Params = vec![
        ("Bucket".into(), Value::Str("examplebucket".into())),
        (
            "Key".into(),
            Value::Str("photos/2024/summer holiday.jpg".into()),
        ),
    ];
    params.extend(
        extra
            .iter()
            .map(|(k, v)| (k.to_string(), Value::Str(v.to_string()))),
    );
    params
}

fn presign_options() -> PresignOptions<'static> {
    PresignOptions {
        expires_in: 3600,
        http_method: None,
        signing_time: SigningTime::from_unix_seconds(UNIX_SECONDS as i64).expect("time"),
    }
}

/// Time one `generate_presigned_url` call (the `Params` are built outside the timing).
fn bench_presign(bencher: Bencher, client_method: &str, extra: &[(&str, &str)]) {
    let presigner = presigner();
    let options = presign_options();
    let params = object(extra);
    bencher
        .with_inputs(|| params.clone())
        .bench_local_values(|params| {
            presigner
                .generate_presigned_url(black_box(client_method), params, &options)
                .expect("url")
        });
}

#[divan::bench]
fn s3presign_get(bencher: Bencher) {
    bench_presign(bencher, "get_object", &[]);
}

#[divan::bench]
fn s3presign_put_content_type(bencher: Bencher) {
    bench_presign(bencher, "put_object", &[("ContentType", "image/jpeg")]);
}

#[divan::bench]
fn s3presign_get_response_content_disposition(bencher: Bencher) {
    bench_presign(
        bencher,
        "get_object",
        &[(
            "ResponseContentDisposition",
            "attachment; filename=\"summer holiday.jpg\"",
        )],
    );
}

/// aws-sigv4's `sign()` on the request `s3presign_get` signs: the URI is parsed, the canonical
/// request built and signed, the signing key derived every time (aws-sigv4 caches nothing).
/// It returns the query parameters; it does not assemble the URL.
#[divan::bench]
fn aws_sigv4_sign_get(bencher: Bencher) {
    let identity = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench").into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.expires_in = Some(Duration::from_secs(3600));
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("s3")
        .time(UNIX_EPOCH + Duration::from_secs(UNIX_SECONDS))
        .settings(settings)
        .build()
        .expect("params")
        .into();
    let uri = "https://examplebucket.s3.us-west-2.amazonaws.com/photos/2024/summer%20holiday.jpg";
    bencher.bench_local(|| {
        let request = SignableRequest::new(
            "GET",
            black_box(uri),
            std::iter::empty(),
            SignableBody::UnsignedPayload,
        )
        .expect("request");
        sign(request, &params).expect("signed")
    });
}

/// A string to sign of the real length (algorithm, date, scope, hex hash).
const STRING_TO_SIGN: &str =
    "AWS4-HMAC-SHA256\n20231114T221320Z\n20231114/us-west-2/s3/aws4_request\n\
    3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04";

fn signing_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(UNIX_SECONDS)
}

/// The floor with no key cache: four HMACs to derive the key, one to sign.
#[divan::bench]
fn floor_derive_key_and_hmac() -> String {
    let key = v4::generate_signing_key(
        black_box(SECRET_KEY),
        signing_time(),
        black_box(REGION),
        "s3",
    );
    v4::calculate_signature(key, black_box(STRING_TO_SIGN.as_bytes()))
}

/// The floor with a cached key: the one HMAC every call must pay.
#[divan::bench]
fn floor_hmac_only(bencher: Bencher) {
    let key = v4::generate_signing_key(SECRET_KEY, signing_time(), REGION, "s3")
        .as_ref()
        .to_vec();
    bencher.bench_local(|| v4::calculate_signature(&key, black_box(STRING_TO_SIGN.as_bytes())));
}

// Where `s3presign_get`'s time goes, stage by stage (each through the module's public API).

/// `apply_param_handlers` + `serialize` for the GET.
#[divan::bench]
fn stage_serialize_get(bencher: Bencher) {
    let op = s3presign::find_operation("get_object").expect("operation");
    let params = object(&[]);
    bencher
        .with_inputs(|| params.clone())
        .bench_local_values(|mut params| {
            s3presign::apply_param_handlers(op, &mut params).expect("handlers");
            s3presign::serialize(op, &params).expect("serialized")
        });
}

/// The endpoint ruleset for the GET, with the builtins a us-west-2 client passes.
#[divan::bench]
fn stage_endpoint_ruleset_get(bencher: Bencher) {
    use s3presign::{resolve_endpoint as resolve, ParamValue};
    let text = |s: &str| ParamValue::String(s.into());
    let provider = [
        ("Bucket", text("examplebucket")),
        ("Key", text("photos/2024/summer holiday.jpg")),
        ("Region", text(REGION)),
        ("UseFIPS", ParamValue::Bool(false)),
        ("UseDualStack", ParamValue::Bool(false)),
        ("ForcePathStyle", ParamValue::Bool(false)),
        ("Accelerate", ParamValue::Bool(false)),
        ("UseGlobalEndpoint", ParamValue::Bool(false)),
        ("UseArnRegion", ParamValue::Bool(true)),
        ("DisableMultiRegionAccessPoints", ParamValue::Bool(false)),
    ];
    bencher.bench_local(|| resolve(black_box(&provider)).expect("endpoint"));
}
