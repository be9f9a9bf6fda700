"""The stubs catch mistakes before run time: mypy --strict and pyright (basedpyright, which bundles
its own node) report an error on exactly the lines of tests/typing/mistakes.py marked
``# error``: misspelt operations, misspelt or missing Params keys, values of the wrong type,
unknown client keyword arguments; and nothing on its correct calls."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

TYPING = Path(__file__).resolve().parent / "typing"
MISTAKES = TYPING / "mistakes.py"


def marked_lines() -> set[int]:
    lines = MISTAKES.read_text().splitlines()
    marked = {n for n, line in enumerate(lines, 1) if line.endswith("# error")}
    assert len(marked) >= 15
    return marked


def test_mypy_strict_flags_exactly_the_marked_lines() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(MISTAKES)],
        check=False,
        capture_output=True,
        text=True,
        cwd=TYPING,
    )
    flagged = {
        int(match.group(1))
        for match in re.finditer(r"^[^\n]*mistakes\.py:(\d+): error:", result.stdout, re.MULTILINE)
    }
    assert flagged == marked_lines(), result.stdout


def test_pyright_flags_exactly_the_marked_lines() -> None:
    basedpyright = shutil.which("basedpyright", path=str(Path(sys.executable).parent))
    assert basedpyright is not None, "basedpyright (the Makefile's TEST_DEPS) is not installed"
    result = subprocess.run(
        [basedpyright, "--outputjson", "-p", str(TYPING / "pyrightconfig.json")]
        + ["--pythonpath", sys.executable, str(MISTAKES)],
        check=False,
        capture_output=True,
        text=True,
        cwd=TYPING,
    )
    report = json.loads(result.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    flagged = {d["range"]["start"]["line"] + 1 for d in errors}
    assert flagged == marked_lines(), json.dumps(errors, indent=1)
