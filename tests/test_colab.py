"""The Colab first cell: generated once for every notebook, and working in a Colab-like kernel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kerasnb.course.colab import colab_cell_source, is_colab_cell, stale_cells, write_cells

ROOT = Path(__file__).resolve().parents[1]
#: Colab's preinstalled packages that the course needs, besides TensorFlow and Keras
COLAB_PREINSTALLED = ["pandas", "scipy", "scikit-learn", "statsmodels", "matplotlib", "pillow",
                      "requests", "ipywidgets"]
#: what Colab lacks, so what the first cell installs after the package itself
NOT_ON_COLAB = ["wordfreq"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_first_cell_is_exactly_the_generated_colab_cell(path: Path) -> None:
    assert not stale_cells([path]), (
        f"{path.name}: run python -m kerasnb.course colab-cell --write"
    )
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "code" and not first.outputs and first.execution_count is None


def test_the_generator_is_idempotent_and_touches_nothing_else(tmp_path: Path) -> None:
    copy = tmp_path / "nb.ipynb"
    original = nbformat.read(ROOT / "notebooks" / "00_welcome.ipynb", as_version=4)
    original.cells = [c for c in original.cells if not is_colab_cell(c.source)]
    copy.write_text(nbformat.writes(original) + "\n")
    assert write_cells([copy]) == [copy]
    once = copy.read_text()
    assert write_cells([copy]) == [] and copy.read_text() == once
    updated = nbformat.reads(once, as_version=4)
    assert updated.cells[0].source == colab_cell_source()
    assert [c.source for c in updated.cells[1:]] == [c.source for c in original.cells]
    # a new repository address replaces the cell, it does not add a second one
    write_cells([copy], colab_cell_source("https://github.com/someone/kerasnb"))
    again = nbformat.read(copy, as_version=4)
    assert sum(is_colab_cell(c.source) for c in again.cells if c.cell_type == "code") == 1
    assert "someone/kerasnb" in again.cells[0].source


def test_the_cell_does_nothing_outside_colab() -> None:
    namespace: dict = {}
    exec(colab_cell_source(), namespace)  # noqa: S102 - the generated cell, as a notebook runs it
    assert namespace["ON_COLAB"] is False


# --------------------------------------------------------------------------- emulation

def _repository(tmp: Path) -> Path:
    """The course as a local git repository (what Colab would clone from GitHub)."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    repo = tmp / "course"
    for name in files:
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "course"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return repo


def _colab_like_python(tmp: Path) -> Path:
    """A fresh environment (made with uv, from its cache) holding what Colab preinstalls that the
    course uses, pip, and a stub ``google.colab`` module; the first cell then has only the
    course's own package (and what Colab lacks) to install with pip, as on Colab."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("the Colab emulation needs uv (it builds a fresh environment)")
    venv = tmp / "colab"
    subprocess.run([uv, "venv", "-q", "--seed", "-p", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    # Colab's TensorFlow is a GPU-capable build; the CPU wheel runs the same code here
    tensorflow = "tensorflow-cpu" if sys.platform == "linux" else "tensorflow"
    # compiled to .pyc, as Colab's preinstalled packages are (pip compiles them)
    subprocess.run([uv, "pip", "install", "-q", "--compile-bytecode", "-p", str(python), tensorflow, "keras",
                    "ipykernel", *COLAB_PREINSTALLED], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stub = Path(site) / "google" / "colab"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text('"""A stand-in for Colab\'s module, for tests."""\n')
    return python


def _dist(python: Path, name: str) -> str:
    code = (f"import importlib.metadata as m; d = m.distribution({name!r}); "
            "print(d.version, d._path.stat().st_ino)")
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.slow
def test_a_colab_like_kernel_installs_the_package_and_runs_two_notebooks(tmp_path, monkeypatch) -> None:
    from nbclient import NotebookClient

    repo = _repository(tmp_path)
    python = _colab_like_python(tmp_path)
    tensorflow = "tensorflow-cpu" if sys.platform == "linux" else "tensorflow"
    before = {name: _dist(python, name) for name in (tensorflow, "keras", *COLAB_PREINSTALLED)}
    kernels = tmp_path / "jupyter" / "kernels" / "colab-like"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python",
        "env": {"KERASNB_REPOSITORY": repo.as_uri()},
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    for name in ("00_welcome.ipynb", "02_cnn.ipynb"):
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        assert nb.cells[0].source == colab_cell_source()
        NotebookClient(nb, kernel_name="colab-like", timeout=900,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    installed = subprocess.run([str(python), "-m", "pip", "show", "kerasnb"],
                               capture_output=True, text=True, check=True).stdout
    assert "Name: kerasnb" in installed
    # what Colab lacks was added; Colab's own TensorFlow, Keras and other preinstalled
    # packages were neither replaced nor reinstalled
    for name in NOT_ON_COLAB:
        assert _dist(python, name)
    assert {name: _dist(python, name) for name in before} == before
