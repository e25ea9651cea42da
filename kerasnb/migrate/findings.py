"""What the checker reports: findings, and the text edits that fix them.

>>> from kerasnb.migrate import check_keras2
>>> finding = check_keras2("SGD(lr=0.1)")[0]
>>> str(finding).split(" [")[0], finding.replacement
('1:5: K2401', '`learning_rate=`')
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from typing import Any

from kerasnb.migrate.rules import RULES, Severity

# anything with a position: expressions, statements, keyword arguments, import names
Node = ast.expr | ast.stmt | ast.keyword | ast.alias | ast.arg


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` (character offsets) with ``text``.

    >>> Edit(0, 2, "learning_rate").text
    'learning_rate'
    """

    start: int
    end: int
    text: str
    needs_keras: bool = False  # the new text uses the name ``keras``
    needs_module: str = ""  # the new text uses this standard-library module (``math``)
    # the edit cannot make the module fail to parse (a name for a name, a plain string for
    # a string): the rewriter parses again only the statements that unsafe edits touch
    safe: bool = False


@dataclass(frozen=True)
class Finding:
    """One Keras 2 idiom found in source text (line and column count from 1).

    >>> from kerasnb.migrate import check_keras2
    >>> f = check_keras2("model.fit_generator(gen, steps_per_epoch=10)")[0]
    >>> (f.line, f.col, f.code, f.severity, f.fixable)
    (1, 1, 'K2301', 'error', True)
    """

    line: int
    col: int
    code: str
    severity: Severity
    message: str
    replacement: str
    fact: str
    edits: tuple[Edit, ...] = field(default=(), compare=False, repr=False)

    @property
    def fixable(self) -> bool:
        """True when the rewriter has a safe mechanical replacement for this finding."""
        return bool(self.edits)

    @property
    def title(self) -> str:
        """The rule's short title."""
        return RULES[self.code].title

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (without the edits)."""
        data = asdict(self)
        del data["edits"]
        data["fixable"] = self.fixable
        return data

    def __str__(self) -> str:
        return (f"{self.line}:{self.col}: {self.code} [{self.severity}] {self.message}"
                f" -> {self.replacement}")


class Source:
    """Source text with conversions between AST positions and character offsets.

    >>> src = Source("x = 1\\ny = 'é' + z\\n")
    >>> src.offset(2, 11)  # byte column 11 on line 2 is the character at index 10
    16
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0, *accumulate(map(len, self.lines))]

    def offset(self, lineno: int, col_bytes: int) -> int:
        """Character offset of an AST (1-based line, UTF-8 byte column) position."""
        if lineno - 1 >= len(self.lines):
            return len(self.text)
        line = self.lines[lineno - 1]
        if not line.isascii():
            col_bytes = len(line.encode("utf-8")[:col_bytes].decode("utf-8", errors="ignore"))
        return self.starts[lineno - 1] + col_bytes

    def span(self, node: Node) -> tuple[int, int]:
        """(start, end) character offsets of a node."""
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno or node.lineno, node.end_col_offset or 0))

    def segment(self, node: Node) -> str:
        """The source text of a node."""
        start, end = self.span(node)
        return self.text[start:end]

    def column(self, node: Node) -> int:
        """1-based character column of a node's start."""
        start = self.offset(node.lineno, node.col_offset)
        return start - self.starts[node.lineno - 1] + 1
