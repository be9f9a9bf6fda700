"""boto3-identical Amazon S3 presigned URLs from a Rust core."""

from ._errors import (
    EndpointResolutionError,
    InvalidConfigError,
    NoCredentialsError,
    ParamValidationError,
    PresignError,
    UnknownClientMethodError,
    UnsupportedError,
)
from ._native import __version__
from ._native import resolve_endpoint

__all__ = [
    "EndpointResolutionError",
    "InvalidConfigError",
    "NoCredentialsError",
    "ParamValidationError",
    "PresignError",
    "UnknownClientMethodError",
    "UnsupportedError",
    "__version__",
    "resolve_endpoint",
]
