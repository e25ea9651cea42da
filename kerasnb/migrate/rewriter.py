"""The rewriter: applies the safe edits the checker proposes, as text edits.

>>> from kerasnb.migrate.rewriter import rewrite_source
>>> result = rewrite_source("opt = SGD(lr=0.1)  # as in the 2018 tutorial\\n")
>>> print(result.source, end="")
opt = SGD(learning_rate=0.1)  # as in the 2018 tutorial

Only the characters of each finding's edit change, so comments and formatting elsewhere are
kept. Edits that overlap are applied in later rounds, each round re-checking the new text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field, replace
from itertools import accumulate

from kerasnb.migrate.checker import analyze
from kerasnb.migrate.core import paused_gc
from kerasnb.migrate.findings import Edit, Finding, Source
from kerasnb.migrate.verify import apply_edits as _apply
from kerasnb.migrate.verify import edits_parse

_MAX_ROUNDS = 8
# rewrites whose result other rules still have to look at (positional optimizer arguments
# become ``decay=``/``epsilon=`` keywords), so the text is checked again after them
_RECHECK = frozenset({"K2410"})


@dataclass
class RewriteResult:
    """The rewritten source, the findings it fixed, and those left for a person.

    ``applied`` findings are located in the text they were fixed in (the original text for
    everything fixed in the first round); ``remaining`` findings are located in ``source``.

    >>> r = rewrite_source("model.fit_generator(gen, steps_per_epoch=5)")
    >>> (r.source, [f.code for f in r.applied], r.remaining)
    ('model.fit(gen, steps_per_epoch=5)', ['K2301'], [])
    """

    source: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    original: str = ""

    @property
    def changed(self) -> bool:
        """True when the rewrite changed the text."""
        return self.source != self.original


class _Taken:
    """Chosen edits kept sorted, so an overlap test is a binary search."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, edit: Edit) -> bool:
        spans = self.spans
        index = bisect_left(spans, (edit.start, edit.end))
        for neighbour in spans[max(index - 1, 0): index + 1]:
            start, end = neighbour
            if edit.start < end and start < edit.end:
                return True
            if edit.start == edit.end == start == end:
                return True
        return False

    def add(self, edit: Edit) -> None:
        insort(self.spans, (edit.start, edit.end))


def _self_overlap(edits: tuple[Edit, ...]) -> bool:
    spans = sorted((e.start, e.end) for e in edits)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))


def _shift(findings: list[Finding], edits: list[Edit], before: Source,
           new: str) -> list[Finding] | None:
    """Move findings to their place in the edited text; None if an edit covers one of them."""
    if not findings:
        return []
    after = Source(new)
    ordered = sorted(edits, key=lambda e: (e.end, e.start))
    ends = [e.end for e in ordered]
    deltas = list(accumulate(len(e.text) - (e.end - e.start) for e in ordered))
    by_start = sorted((e.start, e.end) for e in edits)
    moved = []
    for finding in findings:
        offset = before.starts[finding.line - 1] + finding.col - 1
        cover = bisect_left(by_start, (offset, -1)) - 1
        if cover >= 0 and by_start[cover][1] > offset:
            return None
        index = bisect_right(ends, offset)
        position = offset + (deltas[index - 1] if index else 0)
        line = bisect_right(after.starts, position) - 1
        moved.append(replace(finding, line=line + 1, col=position - after.starts[line] + 1))
    return moved


def rewrite_source(text: str) -> RewriteResult:
    """Rewrite Python source; raise MigrateError when it does not parse.

    Each round applies every edit that does not overlap another; when one round fixes all
    that can be fixed, the findings left are moved to their new positions (the statements
    the edits changed are parsed again, see :mod:`kerasnb.migrate.verify`, so the result
    is valid Python), otherwise the new text is checked again.
    """
    with paused_gc():
        return _rewrite(text)


def _rewrite(text: str) -> RewriteResult:
    current = text
    applied: list[Finding] = []
    analysis = analyze(current)
    for _ in range(_MAX_ROUNDS):
        chosen: list[Edit] = []
        taken = _Taken()
        fixed: list[Finding] = []
        skipped = False
        for finding in analysis.findings:
            if not finding.edits:
                continue
            if any(taken.overlaps(e) for e in finding.edits) or _self_overlap(finding.edits):
                skipped = True
                continue
            for edit in finding.edits:
                taken.add(edit)
            chosen.extend(finding.edits)
            fixed.append(finding)
            skipped = skipped or finding.code in _RECHECK
        if not chosen:
            break
        wanted = sorted({e.needs_module for e in chosen if e.needs_module}
                        - analysis.bound_modules)
        if any(e.needs_keras for e in chosen) and not analysis.keras_bound:
            wanted.append("keras")
        if wanted:
            offset = analysis.import_offset
            prefix = "" if offset == 0 or current[offset - 1] == "\n" else "\n"
            lines = "".join(f"import {m}\n" for m in wanted)
            chosen.append(Edit(offset, offset, prefix + lines))
        new = _apply(current, chosen)
        if not skipped:
            unsafe = [e for e in chosen if not e.safe]
            if analysis.tree is None or (
                    unsafe and not edits_parse(analysis.tree, current, unsafe, analysis.src)):
                break
            left = _shift([f for f in analysis.findings if not f.edits], chosen,
                          analysis.src or Source(current), new)
            if left is not None:
                return RewriteResult(new, applied + fixed, left, text)
        try:
            analysis = analyze(new)
        except ValueError:
            break
        current = new
        applied.extend(fixed)
    return RewriteResult(source=current, applied=applied, remaining=analysis.findings,
                         original=text)
