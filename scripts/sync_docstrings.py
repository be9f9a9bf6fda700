"""Copy the docstrings of ``python/s3presign/_native.pyi`` into the ``///`` doc comments of the
pyo3 items in ``src/python/`` (the stub is the one source: the runtime ``__doc__`` is made from
the comments). ``--check`` only reports items whose comment differs, and exits 1 if any does;
``tests/test_docstrings.py`` checks the built module's ``__doc__`` against the stub.

Usage: python scripts/sync_docstrings.py [--check]
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "python" / "s3presign" / "_native.pyi"
BINDING = ROOT / "src" / "python"


# CPython type slots: their runtime docstrings are CPython's ("Implement next(self)."), so a
# `///` comment there would not reach Python.
SLOT_METHODS = frozenset(
    [
        "__len__",
        "__iter__",
        "__next__",
        "__repr__",
        "__str__",
        "__hash__",
        "__bool__",
        "__getitem__",
        "__contains__",
        "__eq__",
        "__call__",
    ]
)


def stub_docstrings() -> dict[str, str]:
    """``{"Presigner": ..., "Presigner.verify": ..., "resolve_endpoint": ...}``: every class,
    method, property and function of the stub that has a docstring."""
    tree = ast.parse(STUB.read_text())
    docs: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            if doc := ast.get_docstring(node):
                docs[node.name] = doc
            for member in node.body:
                if not isinstance(member, ast.FunctionDef) or member.name in SLOT_METHODS:
                    continue
                if doc := ast.get_docstring(member):
                    docs[f"{node.name}.{member.name}"] = doc
        elif isinstance(node, ast.FunctionDef) and (doc := ast.get_docstring(node)):
            docs[node.name] = doc
    return docs


def rust_name(stub_name: str) -> tuple[str, str]:
    """The Rust item a stub name is made from: ``("struct", "Presigner")`` or ``("fn", name)``
    (private functions drop the leading underscore where the Rust name has none)."""
    last = stub_name.rsplit(".", 1)[-1]
    if "." not in stub_name and last[:1].isupper():
        return "struct", last
    return "fn", last


def comment(doc: str, indent: str) -> str:
    return "".join(f"{indent}///{' ' + line if line else ''}\n" for line in doc.splitlines())


def pymethods_ranges(lines: list[str], class_name: str) -> list[range]:
    """The line ranges of the ``#[pymethods] impl <class_name> { ... }`` blocks."""
    ranges = []
    for index, line in enumerate(lines):
        if line.startswith(f"impl {class_name} ") and "#[pymethods]" in lines[index - 1]:
            end = next(
                (i for i in range(index + 1, len(lines)) if lines[i].rstrip() == "}"), len(lines)
            )
            ranges.append(range(index + 1, end))
    return ranges


def find_item(
    lines: list[str], kind: str, name: str, within: list[range] | None
) -> tuple[int, int, str] | None:
    """The line range of the ``///`` comment above ``kind name`` (empty when it has none),
    and the item's indentation: a method inside ``within`` (the class's ``#[pymethods]``),
    else a top-level item. Attributes (``#[...]``, possibly over several lines) may sit
    between the comment and the item."""
    indent = r"\s+" if within is not None else ""
    item = re.compile(rf"^({indent})(?:pub(?:\([a-z]+\))? )?{kind} {re.escape(name)}\b")
    candidates = [i for r in within for i in r] if within is not None else list(range(len(lines)))
    for index in candidates:
        match = item.match(lines[index])
        if not match:
            continue
        end = index
        while end > 0 and (above := lines[end - 1].strip()) and not above.startswith("///"):
            if above == "}" or above.endswith(("{", ";")):
                break
            end -= 1
        start = end
        while start > 0 and lines[start - 1].strip().startswith("///"):
            start -= 1
        return start, end, match[1]
    return None


def sync(check: bool) -> int:
    docs = stub_docstrings()
    sources = {path: path.read_text().splitlines(keepends=True) for path in BINDING.glob("*.rs")}
    stale: list[str] = []
    for stub_name, doc in docs.items():
        kind, name = rust_name(stub_name)
        candidates = [name, name.lstrip("_")] if kind == "fn" else [name]
        class_name = stub_name.split(".")[0] if "." in stub_name else None
        for path, lines in sorted(sources.items()):
            within = pymethods_ranges(lines, class_name) if class_name else None
            found = next(
                (f for c in candidates if (f := find_item(lines, kind, c, within)) is not None),
                None,
            )
            if found is None:
                continue
            start, end, indent = found
            wanted = comment(doc, indent).splitlines(keepends=True)
            if lines[start:end] != wanted:
                stale.append(f"{path.relative_to(ROOT)}: {stub_name}")
                lines[start:end] = wanted
            break
        else:
            stale.append(f"(no Rust item) {stub_name}")
    if check:
        for entry in stale:
            print(f"docstring differs from the stub: {entry}")
        return 1 if stale else 0
    for path, lines in sources.items():
        text = "".join(lines)
        if path.read_text() != text:
            path.write_text(text)
    for entry in stale:
        print(f"updated: {entry}")
    return 0


if __name__ == "__main__":
    sys.exit(sync("--check" in sys.argv[1:]))
