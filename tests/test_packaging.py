"""pip and conda install the same packages with the same ranges; the ranges are capped and the
environment check knows the floors; the commands hold."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


# pip's CPU-only TensorFlow wheel for Linux x86-64 is conda-forge's (CPU) `tensorflow`
PIP_TO_CONDA = {"tensorflow-cpu": "tensorflow"}


def _pip_ranges(requirements: list[str]) -> dict[str, str]:
    ranges: dict[str, str] = {}
    for requirement in map(Requirement, requirements):
        name = PIP_TO_CONDA.get(requirement.name.lower(), requirement.name.lower())
        spec = str(requirement.specifier)
        assert ranges.get(name, spec) == spec, f"{name}: two different ranges in pyproject.toml"
        ranges[name] = spec
    return ranges


def _conda_ranges(path: Path) -> dict[str, str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    ranges = {}
    for dep in deps:
        if not isinstance(dep, str):
            continue
        name, spec = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", dep).groups()
        if name not in {"python", "pip"}:
            ranges[name.lower()] = ",".join(sorted(s.strip() for s in spec.split(",") if s))
    return ranges


RUNTIME = _pip_ranges(PYPROJECT["project"]["dependencies"])


def _bounds(spec: str) -> tuple[Version | None, Version | None]:
    lower = upper = None
    for s in SpecifierSet(spec):
        if s.operator == ">=":
            lower = Version(s.version)
        elif s.operator == "<":
            upper = Version(s.version)
    return lower, upper


def test_runtime_dependencies_are_ranges_never_pins() -> None:
    assert RUNTIME, "pyproject.toml declares no dependencies"
    for name, spec in RUNTIME.items():
        assert spec and "==" not in spec, f"{name}: use a range (>=), never a pin: {spec!r}"
    for needed in ("jupyterlab", "ipywidgets", "matplotlib", "pandas"):
        assert needed in RUNTIME


@pytest.mark.parametrize("extra", [None, "test", "bench"])
def test_every_range_has_a_floor_and_stops_before_the_next_major(extra: str | None) -> None:
    requirements = (
        PYPROJECT["project"]["dependencies"]
        if extra is None
        else PYPROJECT["project"]["optional-dependencies"][extra]
    )
    for requirement in map(Requirement, requirements):
        spec = str(requirement.specifier)
        if requirement.name == "ruff" or requirement.name == "jupyter-repo2docker":
            continue  # a linter is pinned exactly; repo2docker's versions are dates
        lower, upper = _bounds(spec)
        assert lower is not None, f"{requirement.name}: no lower bound in {spec!r}"
        assert upper is not None, f"{requirement.name}: no cap on the next major in {spec!r}"
        assert upper > lower and upper.release[1:] in ((), (0,), (0, 0)), (
            f"{requirement.name}: the cap {upper} must be a next major version (X or X.0)"
        )


def test_linter_is_pinned_exactly() -> None:
    (ruff,) = (
        Requirement(r)
        for r in PYPROJECT["project"]["optional-dependencies"]["test"]
        if r.startswith("ruff")
    )
    assert str(ruff.specifier).startswith("=="), "ruff's rules change between releases"


def test_environment_check_knows_the_declared_floors() -> None:
    from kerasnb import env

    assert _bounds(RUNTIME["keras"])[0] == Version(".".join(map(str, env.MIN_KERAS)))
    assert _bounds(RUNTIME["tensorflow"])[0].release[:2] == env.MIN_TENSORFLOW
    assert PYPROJECT["project"]["requires-python"] == ">=" + ".".join(map(str, env.MIN_PYTHON))


def test_tensorflow_cpu_wheel_on_linux_x86_64_and_tensorflow_elsewhere() -> None:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    tf = {r.name: r for r in reqs if r.name.startswith("tensorflow")}
    linux = {"sys_platform": "linux", "platform_machine": "x86_64"}
    mac = {"sys_platform": "darwin", "platform_machine": "arm64"}
    assert tf["tensorflow-cpu"].marker.evaluate(linux) and not tf["tensorflow"].marker.evaluate(
        linux
    )
    assert tf["tensorflow"].marker.evaluate(mac) and not tf["tensorflow-cpu"].marker.evaluate(mac)


def test_test_extra_has_the_test_tools() -> None:
    extra = _pip_ranges(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert {"pytest", "nbval", "playwright", "hypothesis"} <= set(extra)


@pytest.mark.parametrize("path", ["environment.yml"])
def test_conda_environments_agree_with_pyproject(path: str) -> None:
    conda = _conda_ranges(ROOT / path)
    expected = {name: ",".join(sorted(spec.split(","))) for name, spec in RUNTIME.items()}
    missing = sorted(set(expected) - set(conda))
    extra = sorted(set(conda) - set(expected))
    differ = {
        n: (expected[n], conda[n]) for n in set(expected) & set(conda) if expected[n] != conda[n]
    }
    assert not missing and not extra and not differ, (
        f"{path} disagrees with pyproject.toml: missing {missing}, extra {extra}, "
        f"different ranges {differ}"
    )


def test_conda_python_is_one_tensorflow_supports() -> None:
    for path in ("environment.yml",):
        deps = yaml.safe_load((ROOT / path).read_text())["dependencies"]
        assert "python>=3.11,<3.14" in deps, path
        assert yaml.safe_load((ROOT / path).read_text())["channels"] == ["conda-forge"]


def test_conda_and_binder_install_the_package_from_the_repo() -> None:
    pip_section = next(
        d["pip"]
        for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
        if isinstance(d, dict)
    )
    assert any(line.startswith("-e .") for line in pip_section)
    assert "--no-deps -e ." in (ROOT / "binder/postBuild").read_text()


def test_make_lab_binds_loopback_keeps_token_and_opens_the_welcome_notebook() -> None:
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "--ServerApp.ip=$(BIND)" in lab and "HOST" not in lab
    assert (
        "override BIND := $(if $(filter command line,$(origin BIND)),$(BIND),127.0.0.1)" in makefile
    )
    assert "notebooks/00_welcome.ipynb" in lab
    assert "JUPYTER_TOKEN=$$token" in lab and "secrets.token_hex" in lab, "a fresh random token"
    assert "token=''" not in lab and 'token=""' not in lab, "token authentication must stay on"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "chromium" in ci and "make test-floors" in ci
    assert "make lab" in readme and "make test" in readme
    assert readme.index("make lab") < readme.index("conda") and readme.index(
        "make test"
    ) < readme.index("Binder")


def _install_lines(target: str) -> list[str]:
    """The install commands `make TARGET` would run on a machine with no environment yet."""
    dry = subprocess.run(["make", "-n", "-B", target, "VENV=build/no-such-venv"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return [line for line in dry.stdout.splitlines() if "requirements/install.sh" in line]


def test_make_lab_installs_the_course_alone_and_make_test_adds_its_tools() -> None:
    # a learner's first `make lab` downloads no test or class tools (Playwright, JupyterHub, ...)
    assert [line.split()[-2:] for line in _install_lines("lab")] == [["lock", '""']]
    assert [line.split()[-2:] for line in _install_lines("test")] == [["lock", "test,class"]]


@pytest.mark.parametrize("module", ["tensorflow", "keras", "jupyterlab"])
def test_the_installed_environment_is_compiled_to_bytecode(module: str) -> None:
    """The environment `make test` (and `make lab`) installed holds the .pyc files.

    uv does not write them unless asked (`--compile-bytecode` in requirements/install.sh);
    without them, where Python may not write them (PYTHONDONTWRITEBYTECODE, a read-only shared
    environment on a hub), every kernel compiles TensorFlow's sources again: about three times
    slower to start.
    """
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin, module
    compiled = Path(importlib.util.cache_from_source(spec.origin))
    assert compiled.exists(), f"{module} has no bytecode at {compiled}: install with uv's --compile-bytecode"


def test_install_script_compiles_bytecode_with_uv() -> None:
    script = (ROOT / "requirements" / "install.sh").read_text()
    installs = [line for line in script.splitlines() if re.search(r'"\$uv" pip install', line)]
    assert installs and all("--compile-bytecode" in line for line in installs), installs
