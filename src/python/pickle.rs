//! Pickling a `Presigner` (Dask workers, Spark executors, `multiprocessing` spawn pools): its
//! resolved configuration and credentials, the secret included, as a dict of plain values. The
//! copy re-resolves nothing (no environment or files on the other side) and signs exactly as the
//! original. Presigners with refreshable credentials (`from_boto3`) are refused: their refresh
//! callback belongs to this process's botocore session.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::Presigner;
use crate::config::{
    AddressingStyle, ClientConfig, CredentialSource, Credentials, SignatureVersion,
};
use crate::error::CoreError;

/// Bumped whenever the state's fields change meaning; older pickles are then refused.
const FORMAT: u32 = 1;

const SOURCES: [CredentialSource; 6] = [
    CredentialSource::Explicit,
    CredentialSource::Environment,
    CredentialSource::SharedCredentialsFile,
    CredentialSource::ConfigFile,
    CredentialSource::Ec2CredentialsFile,
    CredentialSource::BotoConfig,
];

const STYLES: [AddressingStyle; 3] = [
    AddressingStyle::Auto,
    AddressingStyle::Virtual,
    AddressingStyle::Path,
];

/// The state `__reduce__` hands to `_presigner_from_state`.
pub(super) fn state<'py>(py: Python<'py>, presigner: &Presigner) -> PyResult<Bound<'py, PyDict>> {
    if presigner.refresher.is_some() {
        return Err(CoreError::Unsupported(
            "a Presigner with refreshable credentials (from_boto3 with an assumed role, SSO, \
             instance or container credentials...) cannot be pickled: its keys are refreshed by \
             this process's botocore session. Make the presigner where it is used (e.g. \
             s3presign.from_boto3(boto3.client(\"s3\")) in each worker), or pickle one made \
             with fixed keys"
                .into(),
        )
        .into());
    }
    let c = presigner.inner.config();
    let state = PyDict::new(py);
    state.set_item("format", FORMAT)?;
    state.set_item("region", &c.region)?;
    state.set_item("signing_region", &c.signing_region)?;
    state.set_item("endpoint_url", &c.endpoint_url)?;
    state.set_item("sigv2", c.signature_version == SignatureVersion::S3)?;
    state.set_item(
        "signature_version_configured",
        c.signature_version_configured,
    )?;
    state.set_item("boto3_signature_default", c.boto3_signature_default)?;
    state.set_item("crt_query_order", c.crt_query_order)?;
    state.set_item("sigv4a_available", c.sigv4a_available)?;
    state.set_item("other_endpoint_ruleset", c.other_endpoint_ruleset)?;
    state.set_item("refused_members", &c.refused_members)?;
    state.set_item("addressing_style", c.addressing_style.as_str())?;
    state.set_item("use_accelerate_endpoint", c.use_accelerate_endpoint)?;
    state.set_item("use_dualstack_endpoint", c.use_dualstack_endpoint)?;
    state.set_item("use_fips_endpoint", c.use_fips_endpoint)?;
    state.set_item("us_east_1_regional", c.us_east_1_regional)?;
    state.set_item("use_arn_region", c.use_arn_region)?;
    state.set_item(
        "disable_multiregion_access_points",
        c.disable_multiregion_access_points,
    )?;
    state.set_item("aws_access_key_id", &c.credentials.access_key)?;
    state.set_item("aws_secret_access_key", &c.credentials.secret_key)?;
    state.set_item("aws_session_token", &c.credentials.token)?;
    state.set_item("credential_source", c.credential_source.method())?;
    state.set_item("credentials_expiry", c.credentials_expiry)?;
    state.set_item("strict_expiry", presigner.strict_expiry)?;
    Ok(state)
}

fn item<'py, T: FromPyObjectOwned<'py>>(state: &Bound<'py, PyDict>, name: &str) -> PyResult<T> {
    let value = state
        .get_item(name)?
        .ok_or_else(|| bad_state(&format!("no {name:?}")))?;
    value
        .extract::<T>()
        .map_err(|_| bad_state(&format!("{name:?} has the wrong type")))
}

fn bad_state(what: &str) -> PyErr {
    CoreError::InvalidConfig(format!(
        "not a pickled s3presign.Presigner of this version ({what})"
    ))
    .into()
}

/// Unpickles a `Presigner` from [`state`].
#[pyfunction]
pub(super) fn _presigner_from_state(state: &Bound<'_, PyDict>) -> PyResult<Presigner> {
    if item::<u32>(state, "format")? != FORMAT {
        return Err(bad_state("another format"));
    }
    let style: String = item(state, "addressing_style")?;
    let source: String = item(state, "credential_source")?;
    let config = ClientConfig {
        region: item(state, "region")?,
        signing_region: item(state, "signing_region")?,
        endpoint_url: item(state, "endpoint_url")?,
        signature_version: if item(state, "sigv2")? {
            SignatureVersion::S3
        } else {
            SignatureVersion::S3V4
        },
        signature_version_configured: item(state, "signature_version_configured")?,
        boto3_signature_default: item(state, "boto3_signature_default")?,
        crt_query_order: item(state, "crt_query_order")?,
        sigv4a_available: item(state, "sigv4a_available")?,
        other_endpoint_ruleset: item(state, "other_endpoint_ruleset")?,
        refused_members: item(state, "refused_members")?,
        addressing_style: STYLES
            .into_iter()
            .find(|s| s.as_str() == style)
            .ok_or_else(|| bad_state("unknown addressing style"))?,
        use_accelerate_endpoint: item(state, "use_accelerate_endpoint")?,
        use_dualstack_endpoint: item(state, "use_dualstack_endpoint")?,
        use_fips_endpoint: item(state, "use_fips_endpoint")?,
        us_east_1_regional: item(state, "us_east_1_regional")?,
        use_arn_region: item(state, "use_arn_region")?,
        disable_multiregion_access_points: item(state, "disable_multiregion_access_points")?,
        credentials: Credentials {
            access_key: item(state, "aws_access_key_id")?,
            secret_key: item(state, "aws_secret_access_key")?,
            token: item(state, "aws_session_token")?,
        },
        credential_source: SOURCES
            .into_iter()
            .find(|s| s.method() == source)
            .ok_or_else(|| bad_state("unknown credential source"))?,
        credentials_expiry: item(state, "credentials_expiry")?,
    };
    Ok(Presigner::with_core(
        crate::Presigner::new(config)?,
        item(state, "strict_expiry")?,
    ))
}

/// `copy.copy` / `copy.deepcopy`: the same configuration and credentials, fresh caches; a
/// refreshable presigner's copy shares its refresh callback and asks it for the current keys
/// before its first signature.
pub(super) fn copy(presigner: &Presigner) -> PyResult<Presigner> {
    let mut copy = Presigner::with_core(
        crate::Presigner::new(presigner.inner.config().clone())?,
        presigner.strict_expiry,
    );
    if let Some(refresher) = &presigner.refresher {
        copy.refresher = Some(Python::attach(|py| refresher.clone_ref(py)));
        copy.refresh_at_ms = std::sync::atomic::AtomicI64::new(i64::MIN);
    }
    Ok(copy)
}
