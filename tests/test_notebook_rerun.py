"""Every cell of the notebooks that write files can be run twice in a row with the same result.

A learner re-runs cells all the time: after an edit, after a mistake, by pressing Shift+Enter
once too often. Each code cell is executed, then executed again at once in the same kernel; the
second run must not fail and must print the same text as the first (timings such as ``3ms/step``
are masked). Files a cell writes (``CSVLogger(append=True)``, ``save_to_dir``, TensorBoard event
files, folders made with ``mkdir``) are where a second run most often goes wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["06_generators", "07_augmentation", "08_callbacks"]

# progress bars and timings change from run to run; everything else printed must not
_TIMING = re.compile(r"\d+(\.\d+)?\s*(ms|s|us|µs)(/step|/sample)?\b|[━─=>.]{3,}|\x1b\[[0-9;]*m")


def _printed(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            parts.append(out["text"])
        elif out.get("output_type") in ("execute_result",):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    # an animated progress bar redraws itself with \r or backspaces; how many frames are drawn
    # depends on timing, so only the last frame of each line counts
    lines = [re.split(r"[\r\x08]+", line)[-1] for line in "".join(parts).split("\n")]
    return "\n".join(_TIMING.sub("<t>", line).rstrip() for line in lines if line.strip())


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_cell_runs_twice_with_the_same_result(name: str) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = ROOT / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    problems = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            runs = []
            for attempt in (1, 2):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    lines = str(error).strip().splitlines()
                    pytest.fail(f"{name} cell {index}, run {attempt} failed: {lines[-1] if lines else error}")
                runs.append(_printed(cell))
            if runs[0] != runs[1]:
                first, second = runs[0].splitlines(), runs[1].splitlines()
                diff = next(
                    (f"{a!r} then {b!r}" for a, b in zip(first, second, strict=False) if a != b),
                    f"{len(first)} lines then {len(second)} lines",
                )
                problems.append(f"cell {index}: second run printed differently: {diff}")
    assert problems == [], f"{name}: " + "; ".join(problems)
