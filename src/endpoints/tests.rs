use super::*;

fn s(v: &str) -> ParamValue {
    ParamValue::String(v.into())
}

fn b(v: bool) -> ParamValue {
    ParamValue::Bool(v)
}

/// Every case of the official S3 endpoint test vectors (`../shared/data/s3-endpoint-tests-1.json`
/// or `$S3_ENDPOINT_TESTS`), when the file is present.
#[test]
fn official_vectors() {
    let path = std::env::var("S3_ENDPOINT_TESTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/s3-endpoint-tests-1.json")
        });
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = doc["testCases"].as_array().unwrap();
    assert!(!cases.is_empty());
    eprintln!("{} official endpoint vectors", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let params: Vec<(String, ParamValue)> = case["params"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        let pv = match v {
                            serde_json::Value::Bool(x) => ParamValue::Bool(*x),
                            serde_json::Value::String(x) => ParamValue::String(x.clone()),
                            serde_json::Value::Array(items) => ParamValue::StringArray(
                                items
                                    .iter()
                                    .map(|x| x.as_str().unwrap().to_owned())
                                    .collect(),
                            ),
                            other => panic!("unexpected param {other}"),
                        };
                        (k.clone(), pv)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let borrowed: Vec<(&str, ParamValue)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        let got = resolve(&borrowed);
        let expect = &case["expect"];
        let ok = match (&got, expect.get("error")) {
            (Err(CoreError::EndpointResolution(m)), Some(want)) => want.as_str() == Some(m),
            (Ok(ep), None) => {
                let want = &expect["endpoint"];
                let want_props = want
                    .get("properties")
                    .cloned()
                    .unwrap_or(serde_json::json!({}));
                let want_headers = want
                    .get("headers")
                    .cloned()
                    .unwrap_or(serde_json::json!({}));
                let got_headers: serde_json::Map<String, serde_json::Value> = ep
                    .headers
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::json!(v)))
                    .collect();
                want["url"].as_str() == Some(&ep.url)
                    && serde_json::Value::Object(ep.properties.clone()) == want_props
                    && serde_json::Value::Object(got_headers) == want_headers
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("case {i}: got {got:?}, expected {expect}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn virtual_host_and_path_style() {
    let ep = resolve(&[("Bucket", s("my-bucket")), ("Region", s("us-west-2"))]).unwrap();
    assert_eq!(ep.url, "https://my-bucket.s3.us-west-2.amazonaws.com");
    let scheme = &ep.properties["authSchemes"][0];
    assert_eq!(scheme["name"], "sigv4");
    assert_eq!(scheme["signingRegion"], "us-west-2");
    let ep = resolve(&[
        ("Bucket", s("my.bucket")),
        ("Region", s("us-east-1")),
        ("ForcePathStyle", b(false)),
    ])
    .unwrap();
    assert_eq!(ep.url, "https://s3.us-east-1.amazonaws.com/my.bucket");
}

#[test]
fn rule_errors_and_param_checks() {
    assert_eq!(
        resolve(&[
            ("Region", s("us-east-1")),
            ("Accelerate", b(true)),
            ("UseFIPS", b(true))
        ]),
        Err(CoreError::EndpointResolution(
            "Accelerate cannot be used with FIPS".into()
        ))
    );
    assert!(matches!(
        resolve(&[("Nope", s("x"))]),
        Err(CoreError::ParamValidation(_))
    ));
    assert_eq!(
        resolve(&[("UseFIPS", s("true"))]),
        Err(CoreError::ParamValidation(
            "Value (UseFIPS) is the wrong type. Must be <class 'bool'>.".into()
        ))
    );
}

#[test]
fn partitions() {
    assert_eq!(partition_for_region("us-east-1"), "aws");
    assert_eq!(partition_for_region("cn-north-1"), "aws-cn");
    assert_eq!(partition_for_region("us-gov-west-1"), "aws-us-gov");
    assert_eq!(partition_for_region("fips-us-gov-west-1"), "aws-us-gov");
    assert_eq!(partition_for_region("us-isob-east-1"), "aws-iso-b");
    assert_eq!(partition_for_region("cn-foo-9"), "aws-cn");
    assert_eq!(partition_for_region("nowhere"), "aws");
    // endpoints.json does not list aws-cn-global; partitions.json does.
    assert_eq!(partition_for_region("aws-cn-global"), "aws");
    assert_eq!(ruleset_partition_name("aws-cn-global"), "aws-cn");
    assert_eq!(ruleset_partition_name("eusc-de-east-7"), "aws-eusc");
}

#[test]
fn library_edge_cases() {
    use stdlib::*;
    let st = |x: &str| V::Str(x.into());
    assert_eq!(
        substring(&st("abcdef"), &V::Int(0), &V::Int(3), &V::Bool(false)),
        Ok(st("abc"))
    );
    assert_eq!(
        substring(&st("abcdef"), &V::Int(0), &V::Int(3), &V::Bool(true)),
        Ok(st("def"))
    );
    assert_eq!(
        substring(&st("ab"), &V::Int(0), &V::Int(3), &V::Bool(false)),
        Ok(V::None)
    );
    assert_eq!(
        substring(&st("äbcdef"), &V::Int(0), &V::Int(3), &V::Bool(false)),
        Ok(V::None)
    );
    assert!(substring(&V::None, &V::Int(0), &V::Int(3), &V::Bool(false)).is_err());
    assert_eq!(uri_encode(&st("a b/c~")), st("a%20b%2Fc~"));
    assert_eq!(
        is_valid_host_label(&st("abc\n"), &V::Bool(false)),
        Ok(V::Bool(true))
    );
    assert_eq!(
        is_valid_host_label(&st("-abc"), &V::Bool(false)),
        Ok(V::Bool(false))
    );
    assert_eq!(
        is_valid_host_label(&st("a.b"), &V::Bool(true)),
        Ok(V::Bool(true))
    );
    assert_eq!(
        is_valid_host_label(&st("a..b"), &V::Bool(true)),
        Ok(V::Bool(false))
    );
    assert_eq!(
        is_virtual_hostable_s3_bucket(&st("Abc"), &V::Bool(false)),
        Ok(V::Bool(false))
    );
    assert_eq!(
        is_virtual_hostable_s3_bucket(&st("1.2.3.4"), &V::Bool(true)),
        Ok(V::Bool(false))
    );
    let arn = aws_parse_arn(&st("arn:aws:s3:us-west-2:123:accesspoint:my-ap")).unwrap();
    assert_eq!(
        arn.map_get("resourceId"),
        Some(&V::List(vec![st("accesspoint"), st("my-ap")].into(), false))
    );
    assert_eq!(aws_parse_arn(&st("arn:aws:s3:::")), Ok(V::None));
    let url = parse_url(&st("https://example.com:8443/a//b/../c")).unwrap();
    assert_eq!(url.map_get("normalizedPath"), Some(&st("/a/c/")));
    assert_eq!(url.map_get("authority"), Some(&st("example.com:8443")));
    assert_eq!(url.map_get("isIp"), Some(&V::Bool(false)));
    assert_eq!(parse_url(&st("https://example.com/?q")), Ok(V::None));
    assert_eq!(parse_url(&st("ftp://example.com/")), Ok(V::None));
    assert_eq!(parse_url(&st("https://example.com:x/")), Ok(V::None));
    assert_eq!(get_attr(&arn, &st("resourceId[1]")), Ok(st("my-ap")));
    assert_eq!(get_attr(&arn, &st("resourceId[5]")), Ok(V::None));
    assert_eq!(not(&st("")), V::Bool(true));
    assert!(is_template("{a#b}x") && !is_template("{a_b}") && !is_template("{}"));
}

/// Rough cost per `resolve` (run with `cargo test --release -- --ignored --nocapture timing`).
#[test]
#[ignore]
fn timing() {
    let cases: Vec<Vec<(&str, ParamValue)>> = vec![
        vec![("Bucket", s("my-bucket")), ("Region", s("us-west-2"))],
        vec![("Bucket", s("my.bucket")), ("Region", s("eu-central-1"))],
        vec![
            (
                "Bucket",
                s("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint"),
            ),
            ("Region", s("us-west-2")),
        ],
        vec![
            ("Bucket", s("bucket")),
            ("Region", s("us-east-1")),
            ("Endpoint", s("http://127.0.0.1:9000")),
            ("ForcePathStyle", b(true)),
        ],
    ];
    for params in &cases {
        let n = 20_000;
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(resolve(std::hint::black_box(params)).unwrap());
        }
        let per = start.elapsed() / n;
        eprintln!("{:?}: {per:?} per resolve", params[0]);
    }
}

#[test]
fn every_region_regex_compiles() {
    for table in [
        data::PARTITIONS.get("partitions").unwrap(),
        &data::CLIENT_PARTITIONS,
    ] {
        for p in table.as_arr() {
            let re = p.get("regionRegex").and_then(J::as_str).unwrap();
            assert!(
                pyregex::PyRegex::new(re).is_some(),
                "unsupported regex {re}"
            );
        }
    }
}
