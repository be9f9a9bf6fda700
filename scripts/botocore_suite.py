#!/usr/bin/env python3
"""Run botocore's own presigning tests unpatched and with ``s3presign.patch()`` applied to every
client; fail when a test that passes unpatched fails patched.

botocore's sdist (its tests are not in the wheel) for the installed version is downloaded once
with pip into ``.venv/botocore-suite/`` (or ``--cache``). Both runs get the same fake keys in
the environment, so clients made without credentials find some and the fast path serves them.
The patched run loads this file as a pytest plugin (``-p botocore_suite``), which patches at
start-up, before any test makes a client.

Usage: python scripts/botocore_suite.py [--cache DIR] [pytest args...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# botocore's tests that presign (URLs, POST forms, their docs) or exercise what presigning reads.
SUITE = [
    "tests/unit/test_signers.py",
    "tests/unit/auth/test_signers.py",
    "tests/unit/test_handlers.py",
    "tests/functional/test_s3.py",
    "tests/functional/test_s3express.py",
    "tests/functional/test_s3_control.py",
    "tests/functional/test_s3_control_redirects.py",
    "tests/functional/test_disable_s3_express_auth.py",
    # Each docs test renders every S3 method (seconds each): the one about presigning.
    "tests/functional/docs/test_s3.py::TestS3Docs::test_generate_presigned_url_documented",
]
FAKE_KEYS = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}


# ---------------------------------------------------------------------------------------------
# The plugin (patched run)


def pytest_configure(config):
    import s3presign

    s3presign.patch()


# ---------------------------------------------------------------------------------------------
# The driver


def sdist(cache: Path) -> Path:
    """botocore's source tree for the installed version, downloaded and unpacked once."""
    import botocore

    version = botocore.__version__
    tree = cache / f"botocore-{version}"
    if (tree / "tests").is_dir():
        return tree
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--disable-pip-version-check",
            "--no-binary",
            ":all:",
            "--no-deps",
            "-d",
            str(cache),
            f"botocore=={version}",
        ],
        check=True,
    )
    with tarfile.open(cache / f"botocore-{version}.tar.gz") as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(cache, filter="data")
        else:  # Python before 3.9.17 / 3.10.12 / 3.11.4: PyPI's own sdist, unfiltered
            archive.extractall(cache)
    return tree


def outcomes(report: Path) -> dict[str, str]:
    out = {}
    for case in ET.parse(report).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            out[name] = "failed"
        elif "skipped" in kinds:
            out[name] = "skipped"
        else:
            out[name] = "passed"
    return out


def run(tree: Path, patched: bool, extra: list[str]) -> dict[str, str]:
    report = tree / ("patched.xml" if patched else "unpatched.xml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(FAKE_KEYS)
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parent)] + env.get("PYTHONPATH", "").split(os.pathsep)
    ).rstrip(os.pathsep)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"]
    cmd += ["-o", "addopts=", "-W", "ignore::DeprecationWarning"]
    if patched:
        cmd += ["-p", "botocore_suite"]
    subprocess.run(cmd + extra + SUITE, cwd=tree, env=env, check=False, stdout=subprocess.DEVNULL)
    return outcomes(report)


def main(argv: list[str]) -> int:
    cache = ROOT / ".venv" / "botocore-suite"
    if argv[:1] == ["--cache"]:
        cache, argv = Path(argv[1]), argv[2:]
    tree = sdist(cache)
    plain = run(tree, False, argv)
    patched = run(tree, True, argv)
    regressions = sorted(
        n for n, o in plain.items() if o == "passed" and patched.get(n) != "passed"
    )
    counts = {k: sum(1 for o in plain.values() if o == k) for k in ("passed", "failed", "skipped")}
    print(
        f"botocore {tree.name.split('-', 1)[1]}'s presigning tests: {len(plain)} run unpatched "
        f"({counts}); patched: {len(regressions)} that pass unpatched do not pass"
    )
    for name in regressions:
        print(f"  {patched.get(name, 'missing')}: {name}")
    return 1 if regressions or not counts["passed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
