"""Notebook hygiene: which outputs a committed notebook may hold, and a tool to refresh them.

Committed notebooks hold no outputs and no execution counts, except cells marked
``# NBVAL_CHECK_OUTPUT``, whose (deterministic) output nbval compares on every run. A marked
cell keeps its execution count too: nbval treats a cell without one as never run, and then
refuses its stored output instead of comparing it.

    python tests/notebook_outputs.py notebooks/02_cnn.ipynb      # execute, keep marked outputs
    python tests/notebook_outputs.py --strip notebooks/*.ipynb   # only strip, no execution
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import nbformat

MARK = "NBVAL_CHECK_OUTPUT"


def is_marked(cell: Any) -> bool:
    return cell.cell_type == "code" and MARK in cell.source


def problems(nb: Any) -> list[str]:
    """What breaks the output convention in a notebook (empty when it is clean)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None and not is_marked(cell):
            found.append(f"cell {index}: has an execution count")
        if cell.get("outputs") and not is_marked(cell):
            found.append(f"cell {index}: has outputs but is not marked # {MARK}")
        if is_marked(cell) and not cell.get("outputs"):
            found.append(f"cell {index}: is marked # {MARK} but holds no reference output")
        if is_marked(cell) and cell.get("execution_count") is None:
            found.append(f"cell {index}: is marked # {MARK} but has no execution count")
        if is_marked(cell) and any(o.get("name") == "stderr" for o in cell.get("outputs", [])):
            found.append(f"cell {index}: its reference output holds stderr (logs differ by machine)")
    return found


def strip(nb: Any) -> Any:
    """Remove outputs and execution counts, except those of marked cells.

    A marked cell keeps its output without stderr: warnings and TensorFlow's logs depend on
    the machine, and the output checked must be the same everywhere.
    """
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_marked(cell):
            cell.execution_count = None
            cell.outputs = []
        elif cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
        cell.get("metadata", {}).pop("execution", None)
    return nb


def refresh(path: Path, timeout: int = 600) -> None:
    """Execute the notebook in a fresh kernel, then keep only the marked cells' outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(strip(nb), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--strip", action="store_true", help="strip only, do not execute")
    args = parser.parse_args(argv)
    for path in args.paths:
        if args.strip:
            nbformat.write(strip(nbformat.read(path, as_version=4)), path)
        else:
            refresh(path)
        print(f"{path}: {'clean' if not problems(nbformat.read(path, as_version=4)) else 'check'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
