"""Graded exercises through nbgrader's own command line: release, a submission, autograde.

nbgrader runs fully on one machine (its autograder executes notebooks with a local kernel);
otter-grader's `otter grade` needs Docker, which this machine does not have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kerasnb.course.grading import exercise_cells, grade_id

ROOT = Path(__file__).resolve().parents[1]
NBGRADER = Path(sys.executable).parent / "nbgrader"
WELCOME = ROOT / "notebooks" / "00_welcome.ipynb"

pytestmark = pytest.mark.slow  # nbgrader autograde runs the notebook


def _nbgrader(course: Path, *args: str) -> str:
    # nbgrader runs `alembic` (its database migrations) from PATH
    env = {**os.environ, "PATH": f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(NBGRADER), *args], cwd=course, capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    if not NBGRADER.exists():
        pytest.fail("nbgrader is not installed: pip install -e '.[class]'")
    course = tmp_path_factory.mktemp("course")
    subprocess.run([sys.executable, "-m", "kerasnb.course", "nbgrader-source", "--out",
                    str(course), str(WELCOME)], check=True, cwd=ROOT)
    _nbgrader(course, "generate_assignment", "00_welcome", "--create", "--force")
    return course


def test_source_has_a_solution_and_a_one_point_test_per_exercise(course) -> None:
    source = nbformat.read(course / "source" / "00_welcome" / "00_welcome.ipynb", as_version=4)
    ids = [exercise_id for _, exercise_id in exercise_cells(nbformat.read(WELCOME, as_version=4))]
    graded = [c.metadata["nbgrader"] for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [g["grade_id"] for g in graded] == [grade_id(i) for i in ids]
    assert all(g["points"] == 1 and g["locked"] for g in graded)


def test_release_gives_students_the_course_cells_unchanged(course) -> None:
    release = nbformat.read(course / "release" / "00_welcome" / "00_welcome.ipynb", as_version=4)
    original = nbformat.read(WELCOME, as_version=4)
    released = [c.source for c in release.cells if "nbgrader" not in c.metadata or
                not c.metadata["nbgrader"].get("grade")]
    # the same cells; an exercise cell only gains the empty line where the solution was
    assert [s.replace("\n\n", "\n") for s in released] == [
        s.replace("\n\n", "\n") for s in (c.source for c in original.cells)]
    exercises = [released[i] for i, _ in exercise_cells(original)]
    assert exercises == [original.cells[i].source.replace("\ncheck(", "\n\ncheck(")
                         for i, _ in exercise_cells(original)]
    assert "BEGIN SOLUTION" not in "".join(c.source for c in release.cells)
    assert not any(c.get("outputs") for c in release.cells if c.cell_type == "code")


def test_a_submission_with_one_right_and_one_wrong_answer_scores_per_exercise(course) -> None:
    release = course / "release" / "00_welcome" / "00_welcome.ipynb"
    nb = nbformat.read(release, as_version=4)
    answers = {
        "00.params": "answer = 32 * 10 + 10",  # right
        # wrong: a Sequential model, where the exercise asks for the functional API
        "00.same-network": "answer = sequential",
    }
    for index, exercise_id in exercise_cells(nb):
        cell = nb.cells[index]
        cell.source = cell.source.replace("answer = ...", answers[exercise_id])
    submitted = course / "submitted" / "alice" / "00_welcome" / "00_welcome.ipynb"
    submitted.parent.mkdir(parents=True)
    nbformat.write(nb, submitted)

    _nbgrader(course, "autograde", "00_welcome", "--create", "--force")
    _nbgrader(course, "export", "--to", str(course / "grades.csv"))

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {
            g: gradebook.find_grade(g, "00_welcome", "00_welcome", "alice").score
            for g in (grade_id("00.params"), grade_id("00.same-network"))
        }
    assert scores == {grade_id("00.params"): 1.0, grade_id("00.same-network"): 0.0}
    grades = (course / "grades.csv").read_text().splitlines()
    assert any(line.startswith("00_welcome,") and ",alice," in line and ",1.0,2.0" in line
               for line in grades), grades
    shutil.rmtree(course / "autograded", ignore_errors=True)
