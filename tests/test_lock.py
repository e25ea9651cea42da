"""The lock, the floors and Binder's requirements agree with pyproject.toml and with each other.

requirements/lock.txt is one universal file (Python 3.11 to 3.13, Linux and macOS) of the exact
versions `make test` passed with; requirements/floors.txt pins every lower bound of
pyproject.toml; binder/requirements.txt is the lock's slice for mybinder.org's Linux x86-64 and
binder/runtime.txt's Python. `make lock` writes the lock and Binder's copy.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
DECLARED = [
    Requirement(r) for r in PYPROJECT["project"]["dependencies"] + EXTRAS["test"] + EXTRAS["bench"]
    + EXTRAS["class"]
]
BINDER_PYTHON = (ROOT / "binder/runtime.txt").read_text().strip().removeprefix("python-")
PLATFORMS = {"linux": ("linux", "x86_64", "Linux"), "macos": ("darwin", "arm64", "Darwin")}
SUPPORTED = [(py, os_) for py in ("3.11", "3.12", "3.13") for os_ in PLATFORMS]


def _environment(python: str, os_: str) -> dict[str, str]:
    sys_platform, machine, system = PLATFORMS[os_]
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": sys_platform,
        "platform_machine": machine,
        "platform_system": system,
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def _pins(path: Path) -> list[tuple[str, Version, Marker | None]]:
    pins = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{path.name}: {line!r} is not an exact pin"
        pins.append(
            (canonicalize_name(requirement.name), Version(spec.version), requirement.marker)
        )
    assert pins, f"{path} pins nothing"
    return pins


def _resolved(path: Path, environment: dict[str, str]) -> dict[str, Version]:
    chosen: dict[str, Version] = {}
    for name, version, marker in _pins(path):
        if marker is None or marker.evaluate(environment):
            assert name not in chosen, f"{path.name}: two versions of {name} for {environment}"
            chosen[name] = version
    return chosen


LOCK = ROOT / "requirements/lock.txt"
FLOORS = ROOT / "requirements/floors.txt"
BINDER = ROOT / "binder/requirements.txt"


def test_lock_is_universal_and_written_by_make_lock() -> None:
    header = LOCK.read_text().split("\n", 3)[:3]
    assert "uv pip compile" in header[1] and "--universal" in header[1], header
    makefile = (ROOT / "Makefile").read_text()
    assert "--universal --python-version 3.11" in makefile and "-o $(LOCK)" in makefile


@pytest.mark.parametrize(("python", "os_"), SUPPORTED, ids=[f"{p}-{o}" for p, o in SUPPORTED])
def test_lock_pins_every_declared_package_within_its_range(python: str, os_: str) -> None:
    environment = _environment(python, os_)
    locked = _resolved(LOCK, environment)
    for requirement in DECLARED:
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is declared but not locked for {python} on {os_}: make lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{name}: the lock has {locked[name]}, pyproject.toml allows {requirement.specifier}:"
            " run make lock"
        )
    for name in ("keras", "jupyterlab", "numpy"):
        assert name in locked
    assert ("tensorflow-cpu" if os_ == "linux" else "tensorflow") in locked


def test_every_cap_is_the_major_after_the_locked_version() -> None:
    locked = _resolved(LOCK, _environment("3.11", "linux"))
    for requirement in DECLARED:
        upper = [Version(s.version) for s in requirement.specifier if s.operator == "<"]
        name = canonicalize_name(requirement.name)
        if not upper or name not in locked:
            continue
        version = locked[name]
        expected = Version(f"{version.major + 1}") if version.major else Version("1")
        assert upper[0] == expected, f"{name}: locked {version}, capped below {upper[0]}"


def test_floors_pin_exactly_the_declared_lower_bounds() -> None:
    floors = {(name, str(marker)): version for name, version, marker in _pins(FLOORS)}
    expected = {}
    for requirement in DECLARED:
        name = canonicalize_name(requirement.name)
        lower = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")]
        assert lower, f"{name} has no lower bound"
        expected[(name, str(requirement.marker))] = lower[0]
    assert floors == expected, (
        "requirements/floors.txt must pin each lower bound of pyproject.toml: "
        f"only in floors {sorted(set(floors) - set(expected))}, "
        f"only in pyproject {sorted(set(expected) - set(floors))}, "
        f"different {[(k, floors[k], expected[k]) for k in floors.keys() & expected.keys() if floors[k] != expected[k]]}"
    )


def test_binder_requirements_are_the_lock_for_linux_and_binders_python() -> None:
    assert re.fullmatch(r"3\.1[1-3]", BINDER_PYTHON), BINDER_PYTHON
    environment = _environment(BINDER_PYTHON, "linux")
    locked = _resolved(LOCK, environment)
    binder = _resolved(BINDER, environment)
    differ = {n: (v, locked.get(n)) for n, v in binder.items() if locked.get(n) != v}
    assert not differ, f"binder/requirements.txt differs from the lock: {differ}; run make lock"
    for requirement in map(Requirement, PYPROJECT["project"]["dependencies"]):
        if requirement.marker is None or requirement.marker.evaluate(environment):
            assert canonicalize_name(requirement.name) in binder, requirement.name


def test_this_environment_has_the_versions_it_was_installed_with() -> None:
    """`make test` installs the lock and `make test-floors` the floors: check they are in place."""
    source = os.environ.get("KERASNB_DEPS")
    if source not in {"lock", "floors"}:
        pytest.skip("not run by make test or make test-floors (KERASNB_DEPS unset)")
    import platform

    environment = _environment(f"{sys.version_info.major}.{sys.version_info.minor}", "linux")
    environment.update(
        python_full_version=platform.python_version(),
        sys_platform=sys.platform,
        platform_machine=platform.machine(),
        platform_system=platform.system(),
    )
    wanted = _resolved(LOCK if source == "lock" else FLOORS, environment)
    wrong = {}
    for name, version in wanted.items():
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            continue  # an extra this run did not install
        if installed != version:
            wrong[name] = (str(installed), str(version))
    assert not wrong, f"installed vs {source}: {wrong}"


def _uv() -> str:
    uv = str(Path(sys.executable).with_name("uv"))
    uv = uv if Path(uv).exists() else (shutil.which("uv") or uv)
    if not Path(uv).exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("Under CI=true uv must be there (it is in the test extra)", pytrace=False)
        pytest.skip("uv is not installed (pip install uv)")
    return uv


@pytest.mark.slow
@pytest.mark.parametrize(("python", "os_"), SUPPORTED, ids=[f"{p}-{o}" for p, o in SUPPORTED])
def test_the_lock_installs_from_wheels_on_each_supported_python_and_platform(
    python: str, os_: str
) -> None:
    """A TensorFlow release without a wheel for a platform (tensorflow-cpu 2.20.0 on Linux)
    would make the lock uninstallable there; uv resolves the lock against PyPI's files."""
    platform_tag = {"linux": "x86_64-manylinux_2_28", "macos": "aarch64-apple-darwin"}[os_]
    result = subprocess.run(
        [_uv(), "pip", "compile", "--quiet", "--no-header", "--python-version", python,
         "--python-platform", platform_tag, "--only-binary", "tensorflow",
         "--only-binary", "tensorflow-cpu", "--extra", "test", "--extra", "bench",
         "-c", str(LOCK), str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    if result.returncode and "network" in result.stderr.lower() and not os.environ.get("CI"):
        pytest.skip(f"PyPI cannot be reached: {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stderr
    environment = _environment(python, os_)
    resolved = {
        canonicalize_name(n): Version(v)
        for n, v in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", result.stdout, re.M)
    }
    locked = _resolved(LOCK, environment)
    differ = {n: (str(v), str(locked[n])) for n, v in resolved.items() if locked.get(n, v) != v}
    assert not differ, f"resolved for {python} on {os_} vs the lock: {differ}"
    tf = "tensorflow-cpu" if os_ == "linux" else "tensorflow"
    assert resolved[tf] == locked[tf]
