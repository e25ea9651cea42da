"""The exercise verdict in a real kernel (nbclient): one feedback box per cell, no stray True/False."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

CELLS = [
    # as the notebooks write it: the call is the cell's last line
    'from kerasnb.exercises import check\n\nanswer = 320\ncheck("00.params", answer)',
    'answer = ...\ncheck("00.params", answer)',
    # the new name, a right answer, and a call that is not the last line
    'from kerasnb.exercises import check_answer\nverdict = check_answer("00.params", 330)\n'
    'print(bool(verdict), verdict.status)',
    # the verdict shown again on purpose, in a later cell
    "verdict",
    # for graders: evaluate shows nothing, its verdict reads like any value
    'from kerasnb.exercises import evaluate\nv = evaluate("00.params", 1)\n'
    'print(v.ok, v.status, v.explanation[:8])',
]


def run_cells() -> list:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    return nb.cells


def html_outputs(cell) -> list[str]:
    return [o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]


def test_verdict_is_drawn_once_and_leaves_no_bool_behind() -> None:
    wrong, unanswered, right, again, graded = run_cells()

    for cell in (wrong, unanswered, right):
        kinds = [o["output_type"] for o in cell.outputs]
        assert "execute_result" not in kinds, f"a stray value under {cell.source!r}: {kinds}"
        assert len(html_outputs(cell)) == 1, cell.outputs
    assert "You counted the weights" in html_outputs(wrong)[0]
    assert "Show solution" in html_outputs(wrong)[0]
    assert "Not answered yet" in html_outputs(unanswered)[0]
    assert "Correct!" in html_outputs(right)[0]
    assert any("True correct" in o.get("text", "") for o in right.outputs)

    assert len(html_outputs(again)) == 1 and "Correct!" in html_outputs(again)[0]

    assert html_outputs(graded) == []
    assert [o.get("text") for o in graded.outputs] == ["False wrong You gave\n"]
