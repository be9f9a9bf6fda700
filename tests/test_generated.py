"""The committed operation table is what scripts/generate_operations.py makes from this botocore."""

import importlib.util
from pathlib import Path

import botocore.session

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_operations", ROOT / "scripts" / "generate_operations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_operations_table_is_current():
    expected = _generator().generate()
    committed = (ROOT / "src" / "generated" / "operations.rs").read_text()
    assert committed == expected, (
        "src/generated/operations.rs differs from botocore's model: "
        "run scripts/generate_operations.py"
    )


def test_generated_operation_fingerprints_are_current():
    expected = _generator().generate_fingerprints()
    committed = (ROOT / "python" / "s3presign" / "_operation_fingerprints.py").read_text()
    assert committed == expected, (
        "python/s3presign/_operation_fingerprints.py differs from botocore's model: "
        "run scripts/generate_operations.py"
    )


def test_every_botocore_operation_is_in_the_table():
    from s3presign import _native

    session = botocore.session.get_session()
    client = session.create_client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )
    names = dict(client._PY_TO_OP_NAME)
    assert len(names) == len(client.meta.service_model.operation_names)
    for py_name in names:
        try:
            _native._serialize(py_name, {})
        except Exception as e:  # noqa: BLE001 - missing required members are fine, unknown methods are not
            assert type(e).__name__ == "ParamValidationError", (py_name, e)
