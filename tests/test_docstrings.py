"""The runtime docstrings of the Rust extension are the stub's: ``help(Presigner.verify)`` and
an IDE reading ``_native.pyi`` say the same thing (``scripts/sync_docstrings.py`` copies the stub
into the pyo3 ``///`` comments)."""

from __future__ import annotations

import ast
import inspect
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest
import s3presign
from s3presign import _native

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "python" / "s3presign" / "_native.pyi"
SKIPPED = {"__new__", "__len__", "__iter__", "__next__"}


def stub_docstrings() -> dict[str, str]:
    tree = ast.parse(STUB.read_text())
    docs: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            docs[node.name] = ast.get_docstring(node) or ""
            for member in node.body:
                # __new__ and the type slots (__len__...) keep CPython's docstrings at runtime.
                if isinstance(member, ast.FunctionDef) and member.name not in SKIPPED:
                    # Of a method's overloads, the first carries the docstring.
                    name = f"{node.name}.{member.name}"
                    docs[name] = docs.get(name) or ast.get_docstring(member) or ""
        elif isinstance(node, ast.FunctionDef):
            docs[node.name] = ast.get_docstring(node) or ""
    return docs


STUB_DOCS = stub_docstrings()


def test_the_stub_documents_every_public_item() -> None:
    undocumented = [name for name, doc in STUB_DOCS.items() if not doc]
    assert not undocumented
    assert {"Presigner", "Presigner.generate_presigned_url", "Presigner.verify"} <= set(STUB_DOCS)


@pytest.mark.parametrize("name", sorted(STUB_DOCS))
def test_runtime_docstring_is_the_stubs(name: str) -> None:
    obj: object = _native
    for part in name.split("."):
        obj = inspect.getattr_static(obj, part) if isinstance(obj, type) else getattr(obj, part)
    if isinstance(obj, staticmethod):
        obj = obj.__func__
    assert inspect.cleandoc(obj.__doc__ or "") == STUB_DOCS[name]


def test_help_shows_the_method_docstring_and_signature() -> None:
    text = pydoc.render_doc(s3presign.Presigner.generate_presigned_url, renderer=pydoc.plaintext)
    assert "generate_presigned_url(self, /, ClientMethod, Params=None, ExpiresIn=3600" in text
    assert "Presign ``ClientMethod`` (boto3's snake_case S3 method name)" in text
    assert s3presign.Presigner.__doc__.startswith("A configured S3 presigner")


def test_the_rust_comments_are_in_sync_with_the_stub() -> None:
    script = ROOT / "scripts" / "sync_docstrings.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
