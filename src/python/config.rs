//! TEMPORARY minimal client options conversion (replaced by the config branch).
use pyo3::prelude::*;

use crate::config::ClientOptions;

pub fn client_options(
    _py: Python<'_>,
    region_name: Option<String>,
    endpoint_url: Option<String>,
    aws_access_key_id: Option<String>,
    aws_secret_access_key: Option<String>,
    aws_session_token: Option<String>,
    _config: Option<&Bound<'_, PyAny>>,
) -> PyResult<ClientOptions> {
    Ok(ClientOptions {
        region_name,
        endpoint_url,
        aws_access_key_id,
        aws_secret_access_key,
        aws_session_token,
        ..Default::default()
    })
}
