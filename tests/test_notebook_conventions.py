"""Every course notebook follows the conventions a learner relies on."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from tests.notebook_outputs import problems

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


def test_the_course_is_numbered_in_teaching_order() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert names and names[0] == "00_welcome"
    numbers = [int(n[:2]) for n in names]
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", n) for n in names), names
    assert numbers == sorted(set(numbers)), f"duplicate or unordered numbers: {names}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_sets_backend_quiet_logging_and_seed(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    from kerasnb.course.colab import is_colab_cell  # the Colab install cell comes before it

    first = next(c for c in nb.cells if c.cell_type == "code" and not is_colab_cell(c.source)).source
    assert 'os.environ["KERAS_BACKEND"] = "tensorflow"' in first, "backend must be chosen first"
    assert "TF_CPP_MIN_LOG_LEVEL" in first, "TensorFlow logging must be quieted"
    assert "keras.utils.set_random_seed(" in first, "seeds must be fixed"
    # the backend is chosen before Keras is imported, or it has no effect
    assert first.index("KERAS_BACKEND") < first.index("import keras")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs_except_checked_cells(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert problems(nb) == [], (
        f"{path.name}: {problems(nb)}. Fix with: python tests/notebook_outputs.py {path}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_are_valid_python_and_not_empty(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        assert cell.source.strip(), f"{path.name}: cell {index} is empty (no dead cells)"
        if cell.cell_type == "code":
            lines = [
                ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))
            ]
            ast.parse("\n".join(lines))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ends_with_exercises_checked_by_code(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prefix = path.name[:2]
    ids = re.findall(r'check\(\s*"(\d\d\.[^"]+)"', code)
    assert len(ids) >= 2, f"{path.name}: needs at least two exercises checked by code"
    assert all(i.startswith(prefix + ".") for i in ids), ids
    from kerasnb.exercises import get

    for exercise_id in ids:
        get(exercise_id)  # raises for an id that has no checker


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernel_metadata_names_python3(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
