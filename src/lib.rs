//! s3presign: boto3-identical Amazon S3 presigned URLs.
//!
//! The core (everything but `python`) has no pyo3 types, so `cargo test` and benches link it
//! directly. `python` is the only place where Python objects are converted. Imports go one way:
//! `pycompat` and `url` are leaves; `plan` resolves endpoints; `sign` signs; `reuse` keeps the
//! last call; `client` composes them; `batch` and `post` build on `client`.

// Without the binding, the items only it uses are unused; the python feature's build (also
// linted) still reports dead code.
#![cfg_attr(not(feature = "python"), allow(dead_code))]

mod arrow;
mod batch;
mod client;
mod config;
mod endpoints;
mod error;
mod inspect;
mod operations;
mod plan;
mod pool;
mod post;
mod pycompat;
mod reuse;
mod serialize;
mod sign;
mod url;
mod value;
mod verify;

#[cfg(feature = "python")]
mod python;

pub use batch::{Batch, BatchError, CHUNK};
pub use client::{PresignOptions, Presigner, MAX_EXPIRES_IN};
pub use config::{
    resolve as resolve_config, ClientConfig, ClientOptions, ConfigOptions, Credentials,
    NoEnvironment,
};
pub use endpoints::{resolve as resolve_endpoint, ParamValue};
pub use error::CoreError;
pub use inspect::{inspect as inspect_url, PresignedUrl};
pub use operations::{find as find_operation, Operation};
pub use post::{PolicyValue, PostOptions, PresignedPost};
pub use serialize::{apply_param_handlers, serialize, SerializedRequest};
pub use sign::{SigningCredentials, SigningTime};
pub use value::{Params, Value};
pub use verify::{Request as VerifyRequest, Verification, Verifier};
