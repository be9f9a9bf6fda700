//! The presigning pipeline: operation, handlers, endpoint, serialisation, signing.
