"""mybinder.org builds the course from the lock, and the course runs in what it builds.

Two checks: the Dockerfile repo2docker (the builder mybinder.org runs) would build, printed
without Docker by ``jupyter-repo2docker --no-build``; and a simulated build: a fresh environment
with binder/runtime.txt's Python and binder/requirements.txt, binder/postBuild run in a copy of
the committed repository, then notebooks executed by kernels started through binder/start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PYTHON = (ROOT / "binder/runtime.txt").read_text().strip().removeprefix("python-")
NOTEBOOKS = ["00_welcome.ipynb", "07_augmentation.ipynb"]


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; under CI=true the Binder tests must run."""
    if IN_CI:
        pytest.fail(f"Under CI=true the Binder tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        _unavailable(f"{name} is not installed (pip install -e '.[test]')")
    return found


@pytest.mark.slow
def test_repo2docker_builds_from_runtime_requirements_postbuild_and_start() -> None:
    result = subprocess.run(
        [_tool("jupyter-repo2docker"), "--no-build", "--no-run", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert f"Building conda environment for python={PYTHON}" in out, out[:2000]
    # one environment: the server and the kernels share the lock's JupyterLab and packages
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in out
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in out
    assert "environment.yml" not in out.split("FROM ", 1)[1], "a second, conda solve"
    assert "RUN ./binder/postBuild" in out
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in out


def _committed_copy(dest: Path) -> Path:
    """The repository as committed (git's index), as mybinder.org clones it."""
    subprocess.run(["git", "checkout-index", "-a", "-f", f"--prefix={dest}/"], cwd=ROOT, check=True)
    return dest


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A fresh environment built as repo2docker builds it (uv stands in for pip's install)."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = _committed_copy(tmp / "repo")
    home = tmp / "home"
    home.mkdir()
    prefix = tmp / "env"
    uv = _tool("uv")
    made = subprocess.run(
        [uv, "venv", "--quiet", "--seed", "--no-python-downloads", "-p", PYTHON, str(prefix)],
        capture_output=True, text=True,
    )  # fmt: skip
    if made.returncode:
        _unavailable(f"no Python {PYTHON} (binder/runtime.txt) here: {made.stderr.strip()}")
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--compile-bytecode", "-p", str(prefix / "bin/python"),
         "-r", str(repo / "binder/requirements.txt")],
        check=True, timeout=1200,
    )  # fmt: skip
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KERAS_", "TF_", "VIRTUAL_ENV", "PYTHON", "JUPYTER", "MPL"))
    }
    env.update(HOME=str(home), NB_PYTHON_PREFIX=str(prefix), PATH=f"{prefix}/bin:{env['PATH']}")
    subprocess.run(["binder/postBuild"], cwd=repo, env=env, check=True, timeout=900)
    return {"repo": repo, "home": home, "prefix": prefix, "env": env}  # type: ignore[dict-item]


@pytest.mark.slow
def test_postbuild_installs_the_course_and_its_jupyter_settings(binder_env) -> None:
    prefix, repo = binder_env["prefix"], binder_env["repo"]
    overrides = prefix / "share/jupyter/lab/settings/overrides.json"
    assert (
        overrides.read_text()
        == (ROOT / "binder/jupyter-prefix/share/jupyter/lab/settings/overrides.json").read_text()
    )
    keras_json = json.loads((binder_env["home"] / ".keras/keras.json").read_text())
    assert keras_json["backend"] == "tensorflow"
    shown = subprocess.run(
        [str(prefix / "bin/python"), "-c", "import kerasnb; print(kerasnb.__file__)"],
        capture_output=True, text=True, check=True, cwd=binder_env["home"],
    )  # fmt: skip
    assert shown.stdout.strip() == str(repo / "kerasnb/__init__.py")


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_the_binder_environment_through_start(binder_env, name: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    repo, prefix = binder_env["repo"], binder_env["prefix"]
    specs = binder_env["home"] / "kernels"
    spec_dir = specs / "binder"
    spec_dir.mkdir(parents=True, exist_ok=True)
    argv = [str(repo / "binder/start"), str(prefix / "bin/python"), "-m", "ipykernel_launcher"]
    (spec_dir / "kernel.json").write_text(
        json.dumps({"argv": [*argv, "-f", "{connection_file}"], "display_name": "Binder",
                    "language": "python"})
    )  # fmt: skip
    nb = nbformat.read(repo / "notebooks" / name, as_version=4)
    probe = (
        "import os, sys\n"
        "print(os.environ.get('KERAS_BACKEND'), os.environ.get('TF_CPP_MIN_LOG_LEVEL'))\n"
        "print(sys.prefix)"
    )
    nb.cells.insert(0, nbformat.v4.new_code_cell(probe))
    ksm = KernelSpecManager(kernel_dirs=[str(specs)])
    km = KernelManager(kernel_name="binder", kernel_spec_manager=ksm)
    km.start_kernel(cwd=str(repo / "notebooks"), env=binder_env["env"])
    try:
        client = NotebookClient(
            nb, km=km, timeout=900, resources={"metadata": {"path": str(repo / "notebooks")}}
        )
        with client.setup_kernel():
            client.execute()
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=True)
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert printed.split() == ["tensorflow", "2", str(prefix)], printed
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
