//! SigV4 query signing as botocore's `S3SigV4QueryAuth`.
