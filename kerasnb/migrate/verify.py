"""Proof that a rewrite is still Python, by parsing only the statements it changed.

>>> import ast
>>> from kerasnb.migrate.findings import Edit
>>> text = "import os\\nx = f(a=1)\\n\\ndef g():\\n    return 2\\n"
>>> tree = ast.parse(text)
>>> edits_parse(tree, text, [Edit(16, 17, "b")])  # a= -> b=, inside statement 2
True
>>> edits_parse(tree, text, [Edit(16, 17, "(")])
False

A module is a sequence of top-level statements, each starting at column 0 on its own
line(s). The edits of a rewrite fall inside some of them; the text of every other
statement is unchanged. So the new module parses exactly when each changed group of
lines parses on its own -- which costs in proportion to what changed, not to the file.
An edit outside every statement (in a comment between them) makes the check parse the
whole new text instead, so the answer is always the same as ``ast.parse`` of everything.
"""

from __future__ import annotations

import ast
from bisect import bisect_right

from kerasnb.migrate.findings import Edit, Source


def _ranges(tree: ast.Module, src: Source) -> list[tuple[int, int]]:
    """Character ranges of the top-level statements, whole lines, merged where they touch."""
    starts, size = src.starts, len(src.text)
    ranges: list[tuple[int, int]] = []
    for stmt in tree.body:
        first = stmt.lineno
        decorators = getattr(stmt, "decorator_list", None)
        if decorators:
            first = min(first, *(d.lineno for d in decorators))  # the @ line
        last = stmt.end_lineno or stmt.lineno
        start = starts[first - 1]
        end = starts[last] if last < len(starts) else size
        if ranges and start < ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def edits_parse(tree: ast.Module, text: str, edits: list[Edit],
                src: Source | None = None) -> bool:
    """True when ``text`` with ``edits`` applied (non-overlapping) is valid Python.

    ``src`` is ``Source(text)`` when the caller already has it.
    """
    if src is None:
        src = Source(text)
    ranges = _ranges(tree, src)
    range_starts = [r[0] for r in ranges]
    groups: dict[int, list[Edit]] = {}
    for edit in edits:
        index = bisect_right(range_starts, edit.start) - 1
        if index < 0 or edit.end > ranges[index][1] or (
                edit.start == ranges[index][1] and edit.start != edit.end):
            return _parses(apply_edits(text, edits))  # not inside one statement: check it all
        groups.setdefault(index, []).append(edit)
    for index, group in groups.items():
        start, end = ranges[index]
        local = [Edit(e.start - start, e.end - start, e.text) for e in group]
        if not _parses(apply_edits(text[start:end], local)):
            return False
    return True


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits in one pass (pieces joined once, not re-sliced per edit)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position:edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
