#!/usr/bin/env python3
"""Generate src/generated/operations.rs, python/s3presign/_params.pyi, the
generate_presigned_url overloads in python/s3presign/_native.pyi and
python/s3presign/_operation_fingerprints.py from the installed botocore's S3 service model.

The stub types each presignable operation's `Params` (a TypedDict per operation, a `Literal`
overload of `generate_presigned_url` per operation) so type checkers catch a misspelt operation,
a misspelt member or a value of the wrong type. The fingerprints are a digest per operation of
what the table records (s3presign._botocore_compat.operation_fingerprint), which a patched
client compares with the installed botocore's model before serving an operation.

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
STUB_OUTPUT = ROOT / "python" / "s3presign" / "_params.pyi"
# Presigner.generate_presigned_url's overloads live in the extension's stub, between these lines.
NATIVE_STUB = ROOT / "python" / "s3presign" / "_native.pyi"
OVERLOADS_BEGIN = (
    "    # BEGIN generate_presigned_url overloads, written by scripts/generate_operations.py\n"
)
OVERLOADS_END = "    # END generate_presigned_url overloads\n"

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
    from s3presign._botocore_compat import (
        endpoint_data,
        operation_fingerprint,
        partition_regions,
        partitions_digest,
        ruleset_digest,
    )

    client = botocore.session.get_session().create_client(
        "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    model = client.meta.service_model
    ruleset, partitions = endpoint_data(client)
    lines = [
        (
            f'"""@generated by scripts/generate_operations.py from botocore {botocore.__version__}\'s'
            " S3 model.\n\nDo not edit: run `python scripts/generate_operations.py` after"
            ' changing botocore."""\n\n'
        ),
        f'GENERATED_FROM = "{botocore.__version__}"\n',
        "# Its S3 endpoint ruleset and partitions (_botocore_compat.endpoint_data_is).\n",
        f'ENDPOINT_RULESET_DIGEST = "{ruleset_digest(ruleset)}"\n',
        f'PARTITIONS_DIGEST = "{partitions_digest(partitions)}"\n',
        "PARTITION_REGIONS = {\n",
        *(
            f'    "{pid}": [\n' + "".join(f'        "{r}",\n' for r in regions) + "    ],\n"
            for pid, regions in partition_regions(partitions).items()
        ),
        "}\n",
        "FINGERPRINTS = {\n",
    ]
    for name in sorted(model.operation_names):
        operation, members = operation_fingerprint(model.operation_model(name))
        lines.append(f'    "{name}": (\n        "{operation}",\n        {{\n')
        lines.extend(f'            "{member}": "{digest}",\n' for member, digest in members.items())
        lines.append("        },\n    ),\n")
    lines.append("}\n")
    return "".join(lines)


# What each model type accepts in `Params` (what botocore's validator and s3presign both take).
_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "boolean": "bool",
    "timestamp": "datetime | str | float",
    "blob": "str | bytes | bytearray",
    "float": "float",
    "double": "float",
    "structure": "Mapping[str, Any]",
}
# Presigner() / client() keyword arguments, for the module-level one-off functions.
CLIENT_KWARGS = (
    "region_name: str | None = None",
    "endpoint_url: str | None = None",
    "aws_access_key_id: str | None = None",
    "aws_secret_access_key: str | None = None",
    "aws_session_token: str | None = None",
    "config: Any = None",
    "boto3_signature_default: bool = False",
    "strict_expiry: bool = False",
)
_URL_ARGS = (
    "ExpiresIn: int = 3600",
    "HttpMethod: str | None = None",
    "*",
    "signing_time: datetime | float | None = None",
)


def _py_type(shape) -> str:
    if shape.type_name == "list":
        item = _py_type(shape.member)
        return f"list[{item}] | tuple[{item}, ...]"
    if shape.type_name == "map":
        return f"Mapping[str, {_py_type(shape.value)}]"
    return _PY_TYPES[shape.type_name]


def _signature(indent: str, name: str, params: list[str], doc: str | None) -> str:
    inner = indent + "    "
    head = (
        f"{indent}def {name}(\n" + "".join(f"{inner}{p},\n" for p in params) + f"{indent}) -> str:"
    )
    if doc is None:
        return head + " ..."
    body = "\n".join(f"{inner}{line}" if line else "" for line in doc.split("\n"))
    return f'{head}\n{inner}"""{body.lstrip()}\n{inner}"""'


URL_DOC = """Presign ``ClientMethod`` (boto3's snake_case S3 method name) with ``Params``.

``ExpiresIn`` must be 1 to 604800 seconds. ``signing_time`` (an aware datetime or
epoch seconds) fixes ``X-Amz-Date``; the default is now. Each operation's ``Params`` is
typed: a misspelt operation, a misspelt member or a value of the wrong type is a type
error."""
ONE_OFF_DOC = """One-off presigned URL: ``client(**client_kwargs).generate_presigned_url(...)``,
the client keyword arguments being ``Presigner``'s."""


def generate_stubs() -> tuple[str, str]:
    """The text of _params.pyi, and Presigner.generate_presigned_url's overloads."""
    import botocore
    import botocore.session
    from botocore import xform_name

    model = botocore.session.get_session().get_service_model("s3")
    typed = []  # (python name, TypedDict name, has required members)
    unpresignable = []
    classes = []
    for op_name in model.operation_names:
        op = model.operation_model(op_name)
        inp = op.input_shape
        # The body cannot be presigned, but for a string payload (PutBucketPolicy's Policy),
        # which botocore drops from the URL; src/serialize rejects any other body member.
        payload = inp.serialization.get("payload")
        members = {
            n: m
            for n, m in inp.members.items()
            if m.serialization.get("location") or (n == payload and m.type_name == "string")
        }
        required = inp.metadata.get("required", [])
        if any(name not in members for name in required):
            # A required member goes in the request body, which a presigned URL cannot carry.
            unpresignable.append(xform_name(op_name))
            continue
        class_name = f"{op_name}Params"
        lines = [f"class {class_name}(TypedDict, total=False):"]
        lines += [f'    """``Params`` of ``{xform_name(op_name)}`` ({op_name})."""', ""]
        for name, shape in members.items():
            value = _py_type(shape)
            lines.append(f"    {name}: {f'Required[{value}]' if name in required else value}")
        classes.append("\n".join(lines) + "\n")
        typed.append((xform_name(op_name), class_name, bool(required)))
    typed.sort()
    unpresignable.sort()

    def overloads(
        indent: str, first: list[str], extra: tuple[str, ...], doc: str, prefix: str = ""
    ) -> str:
        out = []
        for index, (py_name, class_name, has_required) in enumerate(typed):
            params_arg = f"Params: {prefix}{class_name}" + (
                "" if has_required else " | None = None"
            )
            params = [*first, f'ClientMethod: Literal["{py_name}"]', params_arg, *_URL_ARGS, *extra]
            signature = _signature(
                indent, "generate_presigned_url", params, doc if index == 0 else None
            )
            # ruff format's blank line after a module-level function with a body.
            gap = "\n" if index == 0 and not indent else ""
            out.append(f"{indent}@overload\n{signature}{gap}")
        return "\n".join(out) + "\n"

    names = "".join(f'    "{py_name}",\n' for py_name, _, _ in typed)
    skipped = "".join(f"#   {name}\n" for name in unpresignable)
    return (
        f"# @generated by scripts/generate_operations.py from botocore {botocore.__version__}'s S3"
        " model. Do not edit.\n"
        "# Run `python scripts/generate_operations.py` after changing botocore.\n"
        "# Operations left out: a member they require is sent in the request body, which a\n"
        "# presigned URL cannot carry:\n"
        f"{skipped}"
        '"""Per-operation ``Params`` types and ``generate_presigned_url`` overloads."""\n\n'
        "from collections.abc import Mapping\n"
        "from datetime import datetime\n"
        "from typing import Any, Literal, overload\n\n"
        "from typing_extensions import Required, TypeAlias, TypedDict\n\n"
        "OperationName: TypeAlias = Literal[\n"
        f"{names}"
        "]\n"
        '"""Every S3 operation a presigned URL can carry (boto3\'s snake_case method names)."""\n\n'
        "class PresignedPost(TypedDict):\n"
        '    """``generate_presigned_post``\'s result: the form\'s ``url`` and its ``fields``."""\n\n'
        "    url: str\n"
        "    fields: dict[str, str | int | float]\n\n"
        + "\n".join(classes)
        + "\n"
        + overloads("", [], CLIENT_KWARGS, ONE_OFF_DOC)
    ), overloads("    ", ["self"], (), URL_DOC, "_params.")


def _write_or_check(path: Path, text: str, check: bool) -> bool:
    if check:
        if path.read_text() != text:
            print(f"{path} is stale: run scripts/generate_operations.py", file=sys.stderr)
            return False
        return True
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
    return True


def native_stub(method_overloads: str) -> str:
    """_native.pyi with the overloads between its markers replaced."""
    text = NATIVE_STUB.read_text()
    start = text.index(OVERLOADS_BEGIN) + len(OVERLOADS_BEGIN)
    end = text.index(OVERLOADS_END)
    return text[:start] + method_overloads + text[end:]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    params_stub, method_overloads = generate_stubs()
    ok = _write_or_check(OUTPUT, generate(), check)
    ok = _write_or_check(STUB_OUTPUT, params_stub, check) and ok
    ok = _write_or_check(NATIVE_STUB, native_stub(method_overloads), check) and ok
    ok = _write_or_check(FINGERPRINTS, generate_fingerprints(), check) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
