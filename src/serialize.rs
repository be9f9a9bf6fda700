//! `Params` to the parts of an HTTP request, as botocore's rest-xml serialiser and S3 handlers do
//! before presigning.
//!
//! OWNER: serialisation helper.

use crate::error::{CoreError, Result};
use crate::operations::Operation;
use crate::value::Params;

/// The request botocore builds before signing, without the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SerializedRequest {
    pub method: &'static str,
    /// The requestUri template with labels filled in and percent-encoded, `/{Bucket}` removed as
    /// botocore removes it, and its literal query kept: `/photos/1.jpg?x-id=GetObject`, `/`.
    pub url_path: String,
    /// Query-string members, not yet percent-encoded, in botocore's order. A list member repeats
    /// its key.
    pub query: Vec<(String, String)>,
    /// Header members (names as the model spells them), values as botocore serialises them.
    pub headers: Vec<(String, String)>,
    /// The operation's `hostPrefix` endpoint trait, rendered (`{RequestRoute}.`).
    pub host_prefix: Option<String>,
}

/// botocore's `before-parameter-build` S3 handlers (SSE-C key and MD5, CopySource, EncodingType,
/// bucket-name validation, ...), applied in place before endpoint resolution.
pub fn apply_param_handlers(op: &'static Operation, params: &mut Params) -> Result<()> {
    let _ = (op, params);
    Ok(())
}

/// Validate `params` against the operation's input shape (botocore's ParamValidator) and
/// serialise them.
pub fn serialize(op: &'static Operation, params: &Params) -> Result<SerializedRequest> {
    let _ = (op, params);
    Err(CoreError::Unsupported(
        "serialisation is not built yet".into(),
    ))
}
