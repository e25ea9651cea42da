"""nbgitpuller for real: a student's first pull, their edit, a teacher's new commit, a second pull.

The links tool's hub link names the same repository, branch and notebook the pull serves.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
GITPULLER = Path(sys.executable).parent / "gitpuller"
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "teacher@example.org",
           "GIT_COMMITTER_NAME": "Teacher", "GIT_COMMITTER_EMAIL": "teacher@example.org"}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True,
                          capture_output=True, text=True).stdout


def _pull(repo: Path, target: Path) -> None:
    subprocess.run([str(GITPULLER), repo.as_uri(), "main", str(target)], env=GIT_ENV,
                   check=True, capture_output=True, text=True)


@pytest.fixture
def teacher(tmp_path: Path) -> Path:
    if not GITPULLER.exists():
        pytest.fail("nbgitpuller is not installed: pip install -e '.[class]'")
    repo = tmp_path / "teacher"
    (repo / "notebooks").mkdir(parents=True)
    for name in ("00_welcome.ipynb", "01_mlp.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, repo / "notebooks" / name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "The course")
    return repo


def test_students_edit_survives_and_the_teachers_new_notebook_arrives(teacher, tmp_path) -> None:
    student = tmp_path / "home" / "kerasnb"
    _pull(teacher, student)
    welcome = student / "notebooks" / "00_welcome.ipynb"
    assert welcome.read_text() == (teacher / "notebooks" / "00_welcome.ipynb").read_text()

    # the student answers an exercise in their copy
    nb = json.loads(welcome.read_text())
    cell = next(c for c in nb["cells"] if "check(\"00.params\"" in "".join(c["source"]))
    cell["source"] = 'answer = 330\ncheck("00.params", answer)'
    welcome.write_text(json.dumps(nb, indent=1))
    edited = welcome.read_text()

    # the teacher publishes a new notebook and changes another one the student did not touch
    new = teacher / "notebooks" / "11_new.ipynb"
    shutil.copy(teacher / "notebooks" / "01_mlp.ipynb", new)
    mlp = teacher / "notebooks" / "01_mlp.ipynb"
    mlp.write_text(mlp.read_text().replace("Multi-layer perceptrons", "Multi-layer perceptrons (v2)", 1))
    _git(teacher, "add", ".")
    _git(teacher, "commit", "-q", "-m", "Notebook 11")

    _pull(teacher, student)
    assert welcome.read_text() == edited, "the student's answer was lost"
    assert (student / "notebooks" / "11_new.ipynb").read_text() == new.read_text()
    assert (student / "notebooks" / "01_mlp.ipynb").read_text() == mlp.read_text()


def test_the_hub_link_names_the_repository_branch_and_notebook(teacher, tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kerasnb.course", "links", "--hub", "https://hub.example.org",
         "--repo", teacher.as_uri(), "--branch", "main"],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout
    hub_links = [line.split(None, 1)[1] for line in out.splitlines() if line.strip().startswith("hub:")]
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(hub_links) == len(notebooks)
    link = urlparse(hub_links[0])
    assert link.path == "/hub/user-redirect/git-pull"
    query = parse_qs(link.query)
    assert query["repo"] == [teacher.as_uri()] and query["branch"] == ["main"]
    # the link opens the notebook where nbgitpuller puts it
    home = tmp_path / "home"
    urlpath = query["urlpath"][0]
    assert urlpath.startswith("lab/tree/")
    target_dir, notebook = urlpath.removeprefix("lab/tree/").split("/", 1)
    _pull(teacher, home / target_dir)
    assert (home / target_dir / notebook).exists() and notebook.endswith(notebooks[0])
    assert "colab:  (Colab opens GitHub repositories only)" in out


def test_links_without_a_repository_say_how_to_set_it() -> None:
    from kerasnb.course import settings

    if settings.REPOSITORY:
        pytest.skip("kerasnb.course.settings.REPOSITORY is set in this copy")
    env = {k: v for k, v in os.environ.items() if k != "KERASNB_REPOSITORY"}
    result = subprocess.run([sys.executable, "-m", "kerasnb.course", "links"], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "not set" in result.stderr and "--repo" in result.stderr
