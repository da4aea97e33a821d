"""Build ansible-test's sanity venvs with uv instead of pip (used by tests/scripts/setup.sh).

Run with the python of an ansible-core venv, from a copy of the collection, with HOME set to the
home ansible-test keeps its venvs in and CSOPS_UV naming the uv binary:
    CSOPS_UV=.venv/uv/bin/uv HOME=.venv/ansible-test-home .venv/newest/bin/python uv_sanity_venvs.py 3.13

It runs `ansible-test sanity --prime-venvs --local --python X` in this process, with ansible-test's
own run_pip (the one that creates each sanity venv's packages) replaced by one that runs the same
pip commands through uv. Everything else is ansible-test's: which venvs a test needs, their
requirement and constraint files, their paths (~/.ansible/test/venv/sanity.<test>/<python>/<hash of
the pip commands>), their marker files and the PyYAML check; `ansible-test sanity --venv` later finds
them complete and reuses them. A pip command this replacement does not know (or pre-build
instructions, which only ansible-core's own requirements use) goes to ansible-test's pip as before.

Bytecode: with UV_COMPILE_BYTECODE, uv walks and compiles the whole site-packages after each of a
venv's two or three installs (bootstrap, requirements, constraints), the bootstrap packages included.
So the installs here compile nothing, and each venv is compiled once at the end, without the bootstrap
packages (pip, setuptools, wheel: no sanity test imports them; for 2.17 they are 1,720 of the venvs'
3,493 files). The .pyc are still needed: compiled at first import instead, old packages' invalid
escapes print SyntaxWarnings on stderr (docutils 0.18.1 on Python 3.13), which fails sanity tests.
(Measured: the 3.13 venvs took 33 CPU-seconds with uv's compile, 12 without it; both versions' venvs
with the one pass here, ~21 CPU-seconds.)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from ansible_test._internal import main as ansible_test_main
from ansible_test._internal import python_requirements as requirements
from ansible_test._internal.commands import sanity

UV = os.environ["CSOPS_UV"]
_pip_run_pip = sanity.run_pip
# the interpreters of the venvs built here, compiled once at the end (compile_venvs)
BUILT: list[str] = []
# files no sanity test imports: the packages ansible-test's pip bootstrap puts into every venv
NOT_COMPILED = r"[\\/](pip|setuptools|pkg_resources|_distutils_hack|wheel)[\\/]"
COMPILE = (
    "import compileall, re, sys, sysconfig\n"
    "compileall.compile_dir(sysconfig.get_path('purelib'), quiet=1, workers=0, rx=re.compile(sys.argv[1]))\n"
)


def _uv(python_path: str, *args: str) -> None:
    subprocess.run([UV, "pip", *args, "--python", python_path], check=True, env=dict(os.environ, UV_COMPILE_BYTECODE="0"))
    if python_path not in BUILT:
        BUILT.append(python_path)


def compile_venvs() -> None:
    """Compile each venv built here once (quiet=1: only errors and warnings are printed)."""
    for python_path in BUILT:
        print(f"Compiling the bytecode of {python_path}", flush=True)
        # a file that does not compile is not fatal (uv ignores those too): ansible-test reports what matters
        subprocess.run([python_path, "-c", COMPILE, NOT_COMPILED], check=False)


def _uv_command(python_path: str, command: requirements.PipCommand) -> bool:
    """Run one pip command through uv; False if it is of a kind left to pip."""
    if isinstance(command, requirements.PipBootstrap):
        packages = [f"pip=={command.pip_version}", *command.packages]
        # 2.21 asks for setuptools/wheel by flag (2.17 lists them in packages)
        if getattr(command, "setuptools", False):
            packages.append("setuptools")
        if getattr(command, "wheel", False):
            packages.append("wheel")
        _uv(python_path, "install", "-q", *packages)
        return True
    if isinstance(command, requirements.PipInstall):
        if any("# pre-build " in content for _path, content in command.requirements):
            return False
        with tempfile.TemporaryDirectory(prefix="csops-uv-") as tmp:
            options: list[str] = []
            for kind, files in (("-r", command.requirements), ("-c", command.constraints)):
                for path, content in files:
                    full = os.path.join(tmp, kind.strip("-"), path)
                    os.makedirs(os.path.dirname(full), exist_ok=True)
                    with open(full, "w", encoding="utf-8") as handle:
                        handle.write(content)
                    options += [kind, full]
            if options or command.packages:
                _uv(python_path, "install", "-q", *options, *command.packages)
        return True
    if isinstance(command, requirements.PipUninstall):
        if command.packages:
            try:
                _uv(python_path, "uninstall", "-q", *command.packages)
            except subprocess.CalledProcessError:
                if not command.ignore_errors:
                    raise
        return True
    if isinstance(command, requirements.PipVersion):
        return True
    return False


def uv_run_pip(args, python, commands, connection):
    """ansible-test's run_pip, through uv for the commands it knows, in order."""
    if connection is not None:
        return _pip_run_pip(args, python, commands, connection)
    print(f"Installing requirements for Python {python.version} with uv: {python.path}", flush=True)
    for index, command in enumerate(commands):
        if not _uv_command(python.path, command):
            return _pip_run_pip(args, python, commands[index:], connection)
    return None


if __name__ == "__main__":
    sanity.run_pip = uv_run_pip
    sys.argv = ["ansible-test", "sanity", "--prime-venvs", "--local", "--python", sys.argv[1], "--color", "no"]
    try:
        ansible_test_main()
    finally:
        compile_venvs()
