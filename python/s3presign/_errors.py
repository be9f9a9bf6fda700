"""Exceptions raised by s3presign; all derive from :class:`PresignError`."""


class PresignError(Exception):
    """Base class of every error s3presign raises."""


class ParamValidationError(PresignError, ValueError):
    """``Params``, ``ExpiresIn``, ``HttpMethod`` or another call argument is invalid."""


class UnknownClientMethodError(PresignError):
    """``ClientMethod`` names no S3 operation."""


class NoCredentialsError(PresignError):
    """No credentials were found (or only half of a key pair)."""


class EndpointResolutionError(PresignError):
    """The S3 endpoint ruleset rejected the parameters; ``str()`` is the ruleset's message."""


class UnsupportedError(PresignError):
    """Valid for boto3, but not supported by s3presign."""


class InvalidConfigError(PresignError, ValueError):
    """The client configuration (region, endpoint_url, addressing style...) is invalid."""


class CredentialsExpireBeforeUrlError(PresignError):
    """``strict_expiry=True``: the signing credentials expire before the URL would (the URL
    would stop working when the credentials expire, not when ``ExpiresIn`` says)."""


class CredentialsExpireBeforeUrlWarning(UserWarning):
    """The signing credentials expire before the URL would: the URL stops working then. The
    message says when (ISO 8601, UTC)."""
