#!/usr/bin/env python3
"""Extract the S3 endpoint data s3presign embeds from the installed botocore.

Writes, minified, into ``src/generated/``:

- ``s3_endpoint_ruleset.json``: botocore's ``data/s3/2006-03-01/endpoint-rule-set-1.json.gz``
  without its ``documentation`` strings (they never reach an endpoint).
- ``partitions.json``: botocore's ``data/partitions.json`` (what the ruleset's ``aws.partition``
  reads).
- ``s3_client_partitions.json``: from botocore's ``data/endpoints.json``, per partition in file order,
  the ``partition`` id, ``regionRegex``, ``regions``, the ``s3`` service's endpoint names and the
  endpoint variant tag sets (``fips``, ``dualstack``) defined per endpoint and by default. This
  is what ``client.meta.partition`` is computed from (``ClientEndpointBridge.resolve`` ->
  ``EndpointResolver.construct_endpoint``), which presigning uses for ``use_global_endpoint``.
- ``python_unicode.json``: the code point ranges Python's ``re`` module treats as ``\\w`` and ``\\d``
  in str patterns (the partition regexes use them), and the characters whose NFKC form holds one of
  ``/?#@:`` (``urllib.parse`` rejects such netlocs), from this Python's ``unicodedata``.

``build.rs`` turns these files into static Rust data at compile time. Re-run this script after
upgrading botocore:  ``python scripts/generate_endpoints.py``
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "generated"


def _botocore_data_dir() -> Path:
    import botocore

    return Path(botocore.__file__).parent / "data"


def _strip_documentation(node):
    if isinstance(node, dict):
        return {k: _strip_documentation(v) for k, v in node.items() if k != "documentation"}
    if isinstance(node, list):
        return [_strip_documentation(v) for v in node]
    return node


def _dump(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, sort_keys=False) + "\n"


def _ranges(predicate) -> list:
    out = []
    start = None
    for cp in range(sys.maxunicode + 2):
        ok = cp <= sys.maxunicode and predicate(chr(cp))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append([start, cp - 1])
            start = None
    return out


def _python_unicode_tables() -> dict:
    import re
    import unicodedata

    word = re.compile(r"\w")
    digit = re.compile(r"\d")
    return {
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "word": _ranges(lambda c: word.match(c) is not None),
        "digit": _ranges(lambda c: digit.match(c) is not None),
        # urllib.parse._checknetloc: characters whose NFKC form contains one of "/?#@:".
        "nfkc_netloc": _ranges(
            lambda c: (
                c not in "/?#@:" and any(d in unicodedata.normalize("NFKC", c) for d in "/?#@:")
            )
        ),
    }


def generate() -> dict[str, str]:
    """Return {file name: content} for every generated file."""
    data = _botocore_data_dir()
    with gzip.open(data / "s3" / "2006-03-01" / "endpoint-rule-set-1.json.gz", "rt") as f:
        ruleset = json.load(f)
    with open(data / "partitions.json") as f:
        partitions = json.load(f)
    with open(data / "endpoints.json") as f:
        endpoints = json.load(f)

    def tag_sets(data):
        return sorted({",".join(sorted(v["tags"])) for v in data.get("variants", [])})

    client_partitions = []
    for p in endpoints["partitions"]:
        s3 = p["services"].get("s3", {})
        client_partitions.append(
            {
                "partition": p["partition"],
                "regionRegex": p.get("regionRegex"),
                "regions": list(p.get("regions", {})),
                # endpoint name -> the variant tag sets it defines ("dualstack,fips", ...)
                "s3Endpoints": {k: tag_sets(v) for k, v in s3.get("endpoints", {}).items()},
                "s3DefaultVariants": tag_sets(s3.get("defaults", {})),
                "defaultVariants": tag_sets(p.get("defaults", {})),
                "s3PartitionEndpoint": s3.get("partitionEndpoint"),
                "s3IsRegionalized": s3.get("isRegionalized", True),
            }
        )
    return {
        "s3_endpoint_ruleset.json": _dump(_strip_documentation(ruleset)),
        "partitions.json": _dump(partitions),
        "s3_client_partitions.json": _dump(client_partitions),
        "python_unicode.json": _dump(_python_unicode_tables()),
    }


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, content in generate().items():
        (OUT_DIR / name).write_text(content)
        print(f"wrote {OUT_DIR / name} ({len(content)} bytes)")


if __name__ == "__main__":
    main()
