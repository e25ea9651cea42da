"""The rewriter: applies the safe edits the checker proposes, as text edits.

>>> from kerasnb.migrate.rewriter import rewrite_source
>>> result = rewrite_source("opt = SGD(lr=0.1)  # as in the 2018 tutorial\\n")
>>> print(result.source, end="")
opt = SGD(learning_rate=0.1)  # as in the 2018 tutorial

Only the characters of each finding's edit change, so comments and formatting elsewhere are
kept. Edits that overlap are applied in later rounds, each round re-checking the new text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kerasnb.migrate.checker import analyze
from kerasnb.migrate.findings import Edit, Finding

_MAX_ROUNDS = 8


@dataclass
class RewriteResult:
    """The rewritten source, the findings it fixed, and those left for a person.

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


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    for other in taken:
        if edit.start < other.end and other.start < edit.end:
            return True
        if edit.start == edit.end == other.start == other.end:
            return True
    return False


def rewrite_source(text: str) -> RewriteResult:
    """Rewrite Python source; raise MigrateError when it does not parse."""
    current = text
    applied: list[Finding] = []
    analysis = analyze(current)
    for _ in range(_MAX_ROUNDS):
        chosen: list[Edit] = []
        fixed: list[Finding] = []
        for finding in analysis.findings:
            if finding.edits and not any(_overlaps(e, chosen) for e in finding.edits):
                chosen.extend(finding.edits)
                fixed.append(finding)
        if not chosen:
            break
        new = current
        for edit in sorted(chosen, key=lambda e: (e.start, e.end), reverse=True):
            new = new[: edit.start] + edit.text + new[edit.end:]
        if any(e.needs_keras for e in chosen) and not analysis.keras_bound:
            offset = analysis.import_offset
            prefix = "" if offset == 0 or new[offset - 1] == "\n" else "\n"
            new = new[:offset] + prefix + "import keras\n" + new[offset:]
        try:
            analysis = analyze(new)
        except ValueError:
            break
        current = new
        applied.extend(fixed)
    return RewriteResult(source=current, applied=applied, remaining=analysis.findings,
                         original=text)
