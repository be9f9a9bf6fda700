//! s3presign: boto3-identical Amazon S3 presigned URLs.
//!
//! The core (everything but `python`) has no pyo3 types, so `cargo test` and benches link it
//! directly. `python` is the only place where Python objects are converted.

pub mod config;
pub mod endpoints;
pub mod error;
pub mod inspect;
pub mod operations;
pub mod pipeline;
pub mod post;
pub mod presign;
pub mod serialize;
pub mod sigv2;
pub mod sigv4;
pub mod value;

#[cfg(feature = "python")]
mod python;

pub use error::CoreError;
