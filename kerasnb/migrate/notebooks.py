"""Notebooks: check and rewrite the code cells of an ``.ipynb`` file.

>>> import json
>>> from kerasnb.migrate.notebooks import check_notebook
>>> nb = {"cells": [{"cell_type": "markdown", "source": "Old: `SGD(lr=0.1)`"},
...                 {"cell_type": "code", "source": "opt = SGD(lr=0.1)"}]}
>>> [(cell, f.code) for cell, f in check_notebook(json.dumps(nb))]
[(2, 'K2401')]

Markdown and raw cells are prose, never code. IPython lines (``%magic``, ``!shell``) are
masked before parsing; cells run by a non-Python cell magic (``%%bash``, ``%%html``, ...)
and ``%%keras2`` cells (whose body is input for the checker) are skipped. All code cells
are checked together, so a ``compile`` in one cell informs a rewrite in another.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

from kerasnb.migrate.checker import analyze
from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.findings import Finding
from kerasnb.migrate.rewriter import rewrite_source

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_BOUNDARY = "# --- kerasnb.migrate cell boundary ---"
_MASKED = re.compile(r"^([ \t]*)pass  # kerasnb-magic-(\d+)$", re.M)
CellFinding = tuple[int, Finding]


def mask_magics(source: str) -> tuple[str | None, Callable[[str], str]]:
    """Replace IPython-only lines with ``pass`` so the cell parses as Python.

    >>> masked, restore = mask_magics("%matplotlib inline\\nx = 1")
    >>> masked
    'pass  # kerasnb-magic-0\\nx = 1'
    >>> restore(masked)
    '%matplotlib inline\\nx = 1'

    Returns ``(None, ...)`` for a cell that is not Python (a ``%%bash`` cell, say).
    """
    lines = source.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if magic not in PYTHON_CELL_MAGICS:
            return None, lambda text: text
    saved: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            indent = line[: len(line) - len(stripped)]
            lines[index] = f"{indent}pass  # kerasnb-magic-{len(saved)}"
            saved.append(line)

    def restore(text: str) -> str:
        return _MASKED.sub(lambda m: saved[int(m.group(2))], text)

    return "\n".join(lines), restore


def load_notebook(text: str) -> dict[str, Any]:
    """Parse notebook JSON, raising MigrateError with a one-line reason when it is not one."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as err:
        raise MigrateError(f"invalid notebook JSON: {err}") from None
    except RecursionError:
        raise MigrateError("invalid notebook: the JSON is nested too deeply") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(
            isinstance(c, dict) and isinstance(c.get("cell_type"), str)
            and _is_source(c.get("source")) for c in cells):
        raise MigrateError("invalid notebook: expected a JSON object with a 'cells' list whose "
                           "items have 'cell_type' and 'source' (a text or a list of texts)")
    return notebook


def _is_source(source: Any) -> bool:
    return isinstance(source, str) or (isinstance(source, list)
                                       and all(isinstance(x, str) for x in source))


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


@dataclasses.dataclass
class _Joined:
    text: str
    numbers: list[int]  # 1-based cell number of each checked cell
    first_lines: list[int]  # first line of each checked cell in the joined text
    restores: list[Callable[[str], str]]


def _join(notebook: dict[str, Any]) -> _Joined:
    parts: list[str] = []
    joined = _Joined("", [], [], [])
    line = 1
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        masked, restore = mask_magics(_cell_text(cell))
        if masked is None:
            continue
        body = masked if masked.endswith("\n") else masked + "\n"
        joined.numbers.append(number)
        joined.first_lines.append(line)
        joined.restores.append(restore)
        parts.append(body + _BOUNDARY + "\n")
        line += body.count("\n") + 1
    joined.text = "".join(parts)
    return joined


def _locate(joined: _Joined, finding: Finding) -> CellFinding:
    index = bisect.bisect_right(joined.first_lines, finding.line) - 1
    line = finding.line - joined.first_lines[index] + 1
    return joined.numbers[index], dataclasses.replace(finding, line=line, edits=())


def _per_cell(notebook: dict[str, Any]) -> tuple[list[CellFinding], list[str]]:
    """Fallback when the cells do not parse together: check each one alone."""
    findings: list[CellFinding] = []
    errors: list[str] = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        masked, _ = mask_magics(_cell_text(cell))
        if masked is None:
            continue
        try:
            findings.extend((number, f) for f in analyze(masked).findings)
        except MigrateError as err:
            errors.append(f"cell {number}: {err}")
    return findings, errors


def check_notebook(text: str) -> list[CellFinding]:
    """Findings in a notebook's code cells as (cell number, finding with cell-relative line).

    Raises MigrateError for invalid JSON or a cell with a syntax error (after checking the
    other cells, whose findings are in the error's ``findings`` attribute).
    """
    notebook = load_notebook(text)
    joined = _join(notebook)
    try:
        return [_locate(joined, f) for f in analyze(joined.text).findings]
    except MigrateError:
        findings, errors = _per_cell(notebook)
        error = MigrateError("; ".join(errors))
        error.findings = findings
        raise error from None


def _dump_like(notebook: dict[str, Any], original: str) -> str:
    """JSON in the original file's layout (nbformat's is indent=1 with sorted keys)."""
    before = json.loads(original)
    for sort_keys in (True, False):
        for indent in (1, 2, 4):
            if json.dumps(before, indent=indent, sort_keys=sort_keys,
                          ensure_ascii=False).strip() == original.strip():
                return json.dumps(notebook, indent=indent, sort_keys=sort_keys,
                                  ensure_ascii=False) + "\n"
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def rewrite_notebook(text: str) -> tuple[str, list[CellFinding], list[CellFinding]]:
    """Rewrite a notebook's code cells; return (new JSON text, applied, remaining)."""
    notebook = load_notebook(text)
    joined = _join(notebook)
    result = rewrite_source(joined.text)
    applied = [_locate(joined, f) for f in result.applied]
    pieces = result.source.split(_BOUNDARY + "\n")
    if not result.changed or len(pieces) != len(joined.numbers) + 1:
        return text, applied if result.changed else [], check_notebook(text)
    for number, restore, piece in zip(joined.numbers, joined.restores, pieces, strict=False):
        cell = notebook["cells"][number - 1]
        old = _cell_text(cell)
        new = restore(piece if old.endswith("\n") else piece[:-1] if piece.endswith(
            "\n") else piece)
        if new != old:
            cell["source"] = new.splitlines(keepends=True) if isinstance(
                cell["source"], list) else new
    new_text = _dump_like(notebook, text)
    rejoined = _join(notebook)
    remaining = [_locate(rejoined, f) for f in analyze(rejoined.text).findings]
    return new_text, applied, remaining
