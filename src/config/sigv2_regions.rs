//! The regions where boto3 presigns with SigV2 when no signature version is configured.

/// The S3 endpoints of botocore 1.43.11's `data/endpoints.json` (partition, endpoint name) that
/// are regional (listed in the partition's `regions`) and whose `signatureVersions` (after the
/// service defaults) include `s3`. `ClientCreator._set_s3_presign_signature_version` makes a
/// client with no configured signature version presign with SigV2 in these regions and in
/// `aws-global`. `tests/test_sigv2.py` checks every region of every partition against boto3.
const SIGV2_DEFAULT_REGIONS: &[(&str, &str)] = &[
    ("aws", "ap-northeast-1"),
    ("aws", "ap-southeast-1"),
    ("aws", "ap-southeast-2"),
    ("aws", "eu-west-1"),
    ("aws", "sa-east-1"),
    ("aws", "us-east-1"),
    ("aws", "us-west-1"),
    ("aws", "us-west-2"),
    ("aws-us-gov", "us-gov-east-1"),
    ("aws-us-gov", "us-gov-west-1"),
];

/// Whether boto3, with no signature version configured, presigns with SigV2 for a client whose
/// `meta.region_name` is `region` and `meta.partition` is `partition`.
pub(crate) fn is_default_sigv2_region(partition: &str, region: &str) -> bool {
    region == "aws-global"
        || SIGV2_DEFAULT_REGIONS
            .iter()
            .any(|(p, r)| *p == partition && *r == region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_regions() {
        assert!(is_default_sigv2_region("aws", "us-east-1"));
        assert!(is_default_sigv2_region("aws", "aws-global"));
        assert!(is_default_sigv2_region("aws-us-gov", "us-gov-west-1"));
        assert!(!is_default_sigv2_region("aws", "eu-central-1"));
        assert!(!is_default_sigv2_region("aws-cn", "us-east-1"));
    }
}
