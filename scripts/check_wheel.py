"""Check the wheel `make wheel` built: `auditwheel show` must find it manylinux2014
(manylinux_2_17) compatible on Linux, and it must install into a fresh venv, with no Rust on
the PATH and no source build allowed, and pass scripts/smoke_wheel.py there.

Usage: python scripts/check_wheel.py DIST_DIR [PIP_REQUIREMENT ...]
(the requirements, e.g. the pinned boto3, are installed beside the wheel for the smoke test).
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SCRIPTS = pathlib.Path(__file__).resolve().parent
# auditwheel's verdict for a wheel that runs on glibc 2.17 and later (CentOS 7, Amazon Linux 2).
MANYLINUX2014 = re.compile(r'is consistent with the following platform tag:\s*"manylinux_2_17_')


def this_interpreters_wheel(dist: pathlib.Path) -> pathlib.Path:
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    wheels = sorted(dist.glob(f"s3presign-*-{tag}-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one {tag} wheel in {dist}, found {[w.name for w in wheels]}")
    return wheels[0]


def check_manylinux2014(wheel: pathlib.Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if not MANYLINUX2014.search(" ".join(shown.split())):
        raise SystemExit(
            f"auditwheel does not find {wheel.name} manylinux2014-compatible:\n{shown}"
        )
    print(f"auditwheel: {wheel.name} is manylinux_2_17 (manylinux2014) compatible")


def path_without_rust() -> str:
    """PATH minus every directory that holds cargo or rustc."""
    kept = []
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if not any(shutil.which(tool, path=entry) for tool in ("cargo", "rustc")):
            kept.append(entry)
    path = os.pathsep.join(kept)
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    return path


def main() -> int:
    dist = pathlib.Path(sys.argv[1])
    requirements = sys.argv[2:]
    wheel = this_interpreters_wheel(dist)
    if sys.platform.startswith("linux"):
        check_manylinux2014(wheel)
    env = {**os.environ, "PATH": path_without_rust()}
    for variable in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CARGO", "RUSTC"):
        env.pop(variable, None)
    with tempfile.TemporaryDirectory(prefix="s3presign-wheel-") as venv:
        # The base interpreter, so the fresh venv inherits nothing from the project's venv.
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", venv], check=True, env=env)
        bindir = "Scripts" if os.name == "nt" else "bin"
        python = str(pathlib.Path(venv, bindir, "python"))
        subprocess.run(
            [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            + ["--only-binary", ":all:", str(wheel), *requirements],
            check=True,
            env=env,
        )
        subprocess.run([python, str(SCRIPTS / "smoke_wheel.py")], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
