#!/usr/bin/env python3
"""Generate src/generated/operations.rs from the installed botocore's S3 service model, and
python/s3presign/_operation_fingerprints.py: a digest per operation of what the table records
(s3presign._botocore_compat.operation_fingerprint), which a patched client compares with the
installed botocore's model before serving an operation.

The table holds what serialisation and validation need for each S3 operation, as botocore sees
the model after loading it (the `service-2.sdk-extras.json` merge) and after the
`remove_bucket_from_url_paths_from_model` handler has rewritten `requestUri`.

Usage: python scripts/generate_operations.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "generated" / "operations.rs"
FINGERPRINTS = ROOT / "python" / "s3presign" / "_operation_fingerprints.py"

# botocore's validator types; anything else in an input member is a body-only shape.
_TYPES = {
    "string": "String",
    "integer": "Integer",
    "long": "Long",
    "boolean": "Boolean",
    "timestamp": "Timestamp",
    "blob": "Blob",
    "list": "List",
    "map": "Map",
    "structure": "Structure",
    "float": "Float",
    "double": "Double",
}
_LOCATIONS = {
    "uri": "Uri",
    "querystring": "Querystring",
    "header": "Header",
    "headers": "Headers",
    None: "Body",
}


def _rs_str(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\u{{{ord(ch):x}}}")
    out.append('"')
    return "".join(out)


def _opt_str(value) -> str:
    return "None" if value is None else f"Some({_rs_str(value)})"


def _opt_int(value) -> str:
    return "None" if value is None else f"Some({int(value)})"


def _ident(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).upper()


def _strip_bucket(request_uri: str):
    """botocore.handlers.remove_bucket_from_url_paths_from_model, as data."""
    bucket_path = "/{Bucket}"
    if not request_uri.startswith(bucket_path):
        return request_uri, None
    new_uri = request_uri[len(bucket_path) :]
    path = request_uri.split("?")[0]
    auth_path = f"{path}/" if path == bucket_path else path
    return new_uri, auth_path


class _Shapes:
    """Emits one static per distinct (shape name, member traits) that input members use."""

    def __init__(self):
        self.emitted: dict[str, str] = {}
        self.lines: list[str] = []

    def shape(self, shape, recurse: bool = True) -> str:
        ident = "SHAPE_" + _ident(shape.name)
        key = shape.name
        type_name = shape.type_name
        if type_name not in _TYPES:
            raise SystemExit(f"unexpected shape type {type_name} for {shape.name}")
        md = shape.metadata
        member = key_ = value = "None"
        if recurse and type_name == "list":
            member = f"Some(&{self.shape(shape.member)})"
        if recurse and type_name == "map":
            key_ = f"Some(&{self.shape(shape.key)})"
            value = f"Some(&{self.shape(shape.value)})"
        enum = ", ".join(_rs_str(v) for v in md.get("enum", []))
        text = (
            f"static {ident}: Shape = Shape {{\n"
            f"    name: {_rs_str(shape.name)},\n"
            f"    shape_type: ShapeType::{_TYPES[type_name]},\n"
            f"    min: {_opt_int(md.get('min'))},\n"
            f"    max: {_opt_int(md.get('max'))},\n"
            f"    enum_values: &[{enum}],\n"
            f"    timestamp_format: {_opt_str(shape.serialization.get('timestampFormat'))},\n"
            f"    member: {member},\n"
            f"    key: {key_},\n"
            f"    value: {value},\n"
            f"}};\n"
        )
        if key in self.emitted:
            # A shape is shared by several members: its traits must not depend on the member.
            if self.emitted[key] != text:
                raise SystemExit(f"shape {key} has member-specific traits")
            return ident
        self.emitted[key] = text
        self.lines.append(text)
        return ident


def generate() -> str:
    import botocore
    import botocore.session
    from botocore import xform_name

    session = botocore.session.get_session()
    model = session.get_service_model("s3")
    shapes = _Shapes()
    ops = []
    for op_name in model.operation_names:
        op = model.operation_model(op_name)
        request_uri, auth_path = _strip_bucket(op.http["requestUri"])
        inp = op.input_shape
        members = []
        required = []
        payload = None
        if inp is not None:
            required = list(inp.metadata.get("required", []))
            payload = inp.serialization.get("payload")
            for name, mshape in inp.members.items():
                ser = mshape.serialization
                loc = ser.get("location")
                if loc not in _LOCATIONS:
                    raise SystemExit(f"unexpected location {loc} in {op_name}.{name}")
                # Body members are never serialised (they cannot be presigned): only their type.
                ident = shapes.shape(mshape, recurse=loc is not None)
                ctx = mshape.metadata.get("contextParam", {}).get("name")
                if ser.get("jsonvalue"):
                    raise SystemExit(f"jsonvalue header {op_name}.{name} is not supported")
                members.append(
                    "        Member {\n"
                    f"            name: {_rs_str(name)},\n"
                    f"            location: Location::{_LOCATIONS[loc]},\n"
                    f"            location_name: {_rs_str(ser.get('name', name))},\n"
                    f"            shape: &{ident},\n"
                    f"            context_param: {_opt_str(ctx)},\n"
                    f"            host_label: {str(bool(ser.get('hostLabel'))).lower()},\n"
                    f"            idempotency_token: "
                    f"{str(bool(mshape.metadata.get('idempotencyToken'))).lower()},\n"
                    f"            streaming: {str(bool(ser.get('streaming'))).lower()},\n"
                    "        },\n"
                )
        static_ctx = []
        for p in op.static_context_parameters:
            if not isinstance(p.value, bool):
                raise SystemExit(f"non-boolean staticContextParam {p.name} in {op_name}")
            static_ctx.append(f"({_rs_str(p.name)}, {str(p.value).lower()})")
        endpoint = op.endpoint or {}
        checksum = op.http_checksum
        ops.append(
            (
                xform_name(op_name),
                (
                    "    Operation {\n"
                    f"        name: {_rs_str(op_name)},\n"
                    f"        python_name: {_rs_str(xform_name(op_name))},\n"
                    f"        http_method: {_rs_str(op.http.get('method', 'POST'))},\n"
                    f"        request_uri: {_rs_str(request_uri)},\n"
                    f"        auth_path: {_opt_str(auth_path)},\n"
                    f"        members: &[\n{''.join(members)}        ],\n"
                    f"        required: &[{', '.join(_rs_str(r) for r in required)}],\n"
                    f"        payload: {_opt_str(payload)},\n"
                    f"        static_context_params: &[{', '.join(static_ctx)}],\n"
                    f"        host_prefix: {_opt_str(endpoint.get('hostPrefix'))},\n"
                    f"        request_checksum_required: "
                    f"{str(bool(checksum.get('requestChecksumRequired'))).lower()},\n"
                    f"        request_algorithm_member: "
                    f"{_opt_str(checksum.get('requestAlgorithmMember'))},\n"
                    f"        request_validation_mode_member: "
                    f"{_opt_str(checksum.get('requestValidationModeMember'))},\n"
                    "    },\n"
                ),
            )
        )
    ops.sort(key=lambda item: item[0])
    out = [
        (
            "// @generated by scripts/generate_operations.py from botocore "
            f"{botocore.__version__}'s S3 model. Do not edit.\n"
        ),
        "// Run `python scripts/generate_operations.py` after changing botocore.\n\n",
        "use crate::operations::{Location, Member, Operation, Shape, ShapeType};\n\n",
    ]
    out.extend(shapes.lines)
    out.append("\n/// Every S3 operation, sorted by `python_name`.\n")
    out.append("pub static OPERATIONS: &[Operation] = &[\n")
    out.extend(body for _, body in ops)
    out.append("];\n")
    return "".join(out)


def generate_fingerprints() -> str:
    """The fingerprints of a client's model (after botocore's model-rewriting handlers)."""
    import botocore
    import botocore.session

    sys.path.insert(0, str(ROOT / "python"))
    from s3presign._botocore_compat import operation_fingerprint

    client = botocore.session.get_session().create_client(
        "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    model = client.meta.service_model
    lines = [
        (
            f'"""@generated by scripts/generate_operations.py from botocore {botocore.__version__}\'s'
            " S3 model.\n\nDo not edit: run `python scripts/generate_operations.py` after"
            ' changing botocore."""\n\n'
        ),
        f'GENERATED_FROM = "{botocore.__version__}"\n',
        "FINGERPRINTS = {\n",
    ]
    for name in sorted(model.operation_names):
        operation, members = operation_fingerprint(model.operation_model(name))
        lines.append(f'    "{name}": (\n        "{operation}",\n        {{\n')
        lines.extend(f'            "{member}": "{digest}",\n' for member, digest in members.items())
        lines.append("        },\n    ),\n")
    lines.append("}\n")
    return "".join(lines)


def main(argv: list[str]) -> int:
    outputs = {OUTPUT: generate(), FINGERPRINTS: generate_fingerprints()}
    if "--check" in argv:
        stale = [path for path, text in outputs.items() if path.read_text() != text]
        for path in stale:
            print(f"{path} is stale: run scripts/generate_operations.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
