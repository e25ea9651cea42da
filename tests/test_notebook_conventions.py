"""Every course notebook follows the conventions a learner relies on.

What is checked is the notebook as committed (git's index: the last commit plus what is staged
for the next one), not the working copy: running the course in JupyterLab autosaves outputs
into the notebooks, and using the course must not break its tests. Outside a git checkout (a
downloaded archive) the files themselves are checked.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from tests.notebook_outputs import problems

ROOT = Path(__file__).resolve().parents[1]


def committed_notebooks(root: Path) -> list[Path]:
    """The notebooks git tracks under ``notebooks/`` (every file there outside git)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "notebooks/*.ipynb"],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    if listed.returncode != 0:
        return sorted((root / "notebooks").glob("*.ipynb"))
    return sorted(root / name for name in listed.stdout.split("\0") if name)


def read_committed(path: Path, root: Path = ROOT) -> nbformat.NotebookNode:
    """The notebook as git's index holds it, or the file itself outside git."""
    shown = subprocess.run(
        ["git", "show", f":{path.relative_to(root).as_posix()}"],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    if shown.returncode != 0:
        return nbformat.read(path, as_version=4)
    return nbformat.reads(shown.stdout, as_version=4)


NOTEBOOKS = committed_notebooks(ROOT)
IDS = [p.name for p in NOTEBOOKS]


def test_the_course_is_numbered_in_teaching_order() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert names and names[0] == "00_welcome"
    numbers = [int(n[:2]) for n in names]
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", n) for n in names), names
    assert numbers == sorted(set(numbers)), f"duplicate or unordered numbers: {names}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_sets_backend_quiet_logging_and_seed(path: Path) -> None:
    nb = read_committed(path)
    from kerasnb.course.colab import is_colab_cell  # the Colab install cell comes before it

    first = next(c for c in nb.cells if c.cell_type == "code" and not is_colab_cell(c.source)).source
    assert 'os.environ["KERAS_BACKEND"] = "tensorflow"' in first, "backend must be chosen first"
    assert "TF_CPP_MIN_LOG_LEVEL" in first, "TensorFlow logging must be quieted"
    assert "keras.utils.set_random_seed(" in first, "seeds must be fixed"
    # the backend is chosen before Keras is imported, or it has no effect
    assert first.index("KERAS_BACKEND") < first.index("import keras")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs_except_checked_cells(path: Path) -> None:
    nb = read_committed(path)
    assert problems(nb) == [], (
        f"{path.name}: {problems(nb)}. Fix with: python tests/notebook_outputs.py {path}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_are_valid_python_and_not_empty(path: Path) -> None:
    nb = read_committed(path)
    for index, cell in enumerate(nb.cells):
        assert cell.source.strip(), f"{path.name}: cell {index} is empty (no dead cells)"
        if cell.cell_type == "code":
            lines = [
                ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))
            ]
            ast.parse("\n".join(lines))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ends_with_exercises_checked_by_code(path: Path) -> None:
    nb = read_committed(path)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prefix = path.name[:2]
    ids = re.findall(r'check(?:_answer)?\(\s*"(\d\d\.[^"]+)"', code)
    assert len(ids) >= 2, f"{path.name}: needs at least two exercises checked by code"
    assert all(i.startswith(prefix + ".") for i in ids), ids
    from kerasnb.exercises import get

    for exercise_id in ids:
        get(exercise_id)  # raises for an id that has no checker


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernel_metadata_names_python3(path: Path) -> None:
    nb = read_committed(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_outputs_saved_while_using_the_course_do_not_count(tmp_path: Path) -> None:
    """A learner runs a notebook and JupyterLab autosaves it: the committed one is checked."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / "00_welcome.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    nbformat.write(nb, path)
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(git + ["add", "notebooks"], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "a notebook"], cwd=tmp_path, check=True)
    nb.cells[0].execution_count = 1
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nbformat.write(nb, path)  # the autosave
    assert problems(nbformat.read(path, as_version=4)), "the working copy has outputs"
    assert committed_notebooks(tmp_path) == [path]
    assert problems(read_committed(path, tmp_path)) == []
    subprocess.run(git + ["add", "notebooks"], cwd=tmp_path, check=True)  # staged: checked
    assert problems(read_committed(path, tmp_path))


def echoed_values(source: str) -> list[str]:
    """The expressions a cell calling ``check(...)`` would echo below the verdict.

    >>> echoed_values('answer = 3\\ncheck("00.params", answer);')
    []
    >>> echoed_values('check("00.params", answer)\\nanswer == 330')
    ['answer == 330']

    A cell's value is shown under its output unless the cell ends with ``;``. The verdict that
    ``check`` returns shows nothing more, but any other last expression (a comparison, ``bool``,
    ``verdict.ok``) would print ``True``/``False`` under the coloured verdict.
    """
    if "check(" not in source and "check_answer(" not in source:
        return []
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or source.rstrip().endswith(";"):
        return []
    call = last.value
    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id in ("check", "check_answer")):
        return []  # the verdict itself: drawn once
    return [ast.get_source_segment("\n".join(lines), last) or ast.dump(last)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercise_cells_show_only_the_verdict(path: Path) -> None:
    nb = read_committed(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "check(" in source or "check_answer(" in source:
            assert echoed_values(source) == [], (
                f"{path.name} cell {index}: its last line would print a value under the verdict")
            # the course's one style: the check call closes with `;`, nothing echoed at all
            assert source.rstrip().endswith(";"), (
                f"{path.name} cell {index}: end the check(...) line with ';'")


def test_welcome_says_when_idle_kernels_are_shut_down_and_why() -> None:
    """00 names the idle timeout of the course's server settings, the figure they hold."""
    import json

    settings = json.loads((ROOT / "binder" / "jupyter-prefix" / "etc" / "jupyter"
                           / "jupyter_server_config.json").read_text())["MappingKernelManager"]
    minutes = settings["cull_idle_timeout"] / 60
    assert minutes == int(minutes), settings
    nb = read_committed(ROOT / "notebooks" / "00_welcome.ipynb")
    prose = " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    assert f"shut down after {int(minutes)} minutes" in prose
    assert "2 GiB" in prose  # why: Binder's memory per session


ASIDE = "> **Coming from Keras 2:**"
# an aside written some other way: "`Keras 2` aside:", "Keras 2 aside -", "Aside (Keras 2):"
OTHER_ASIDE = re.compile(r"(keras 2`?\s*aside|aside\s*\(?\s*keras 2)\s*\)?\s*[:\-–—]", re.I)


def markdown_paragraphs(path: Path) -> list[tuple[int, str]]:
    """(cell index, paragraph) for every paragraph of the notebook's prose."""
    nb = read_committed(path)
    return [(index, paragraph.strip())
            for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
            for paragraph in re.split(r"\n\s*\n", cell.source) if paragraph.strip()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_keras2_asides_have_one_style(path: Path) -> None:
    """A beginner skips the Keras 2 asides and a migrating user finds them: one marked style.

    Block quotes are reserved for them, each opening with "Coming from Keras 2:", and no aside
    is written inline in another way.
    """
    for index, paragraph in markdown_paragraphs(path):
        if paragraph.startswith(">"):
            assert paragraph.startswith(ASIDE), (
                f"{path.name} cell {index}: a block quote is a Keras 2 aside; open it with "
                f"{ASIDE!r}: {paragraph[:80]!r}")
        else:
            assert not OTHER_ASIDE.search(paragraph), (
                f"{path.name} cell {index}: write this aside as a block quote opening with "
                f"{ASIDE!r}: {paragraph[:80]!r}")


def test_the_aside_check_refuses_other_styles() -> None:
    for other in ("`Keras 2` aside: the optimizer", "Keras 2 aside - old names", "Aside (Keras 2): lr"):
        assert OTHER_ASIDE.search(other), other
    for fine in ("Keras 2 spellings sit in asides marked **Coming from Keras 2**, next to",
                 "Older tutorials use Keras 2 spellings; each sits in an aside."):
        assert not OTHER_ASIDE.search(fine), fine
