"""The ``%%keras2`` cell magic: check a cell, show findings and the rewrite, then run it.

>>> from kerasnb.migrate.magic import check_cell
>>> print(check_cell("opt = SGD(lr=0.1)").rewritten)
opt = SGD(learning_rate=0.1)

In a notebook: ``%load_ext kerasnb``, then a cell whose first line is ``%%keras2``.

What runs: by default the **rewritten** cell (the safe Keras 3 rewrites applied; findings
without a safe rewrite stay as written, so they fail or misbehave as in plain Keras 3).
Options on the magic line: ``--original`` runs the cell exactly as written, ``--no-run``
only checks. The display always says which version ran.
"""

from __future__ import annotations

import html
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.findings import Finding
from kerasnb.migrate.notebooks import mask_magics
from kerasnb.migrate.rewriter import rewrite_source

_COLOURS = {"error": "#b00020", "silent": "#b26a00", "deprecated": "#555555"}
_BACKTICKS = re.compile(r"`([^`]+)`")
# column widths of the findings table: the two explanation columns share most of the width
_COLUMNS = (("where", 7), ("code", 8), ("kind", 9), ("what happens in Keras 3", 40),
            ("Keras 3", 26), ("action", 10))
_CELL = "padding:2px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere"


def markdown_code(text: str) -> str:
    """Escape text for HTML and show its `backtick` spans as code.

    >>> markdown_code("use `keras.ops.sum` & <b>")
    'use <code>keras.ops.sum</code> &amp; &lt;b&gt;'
    """
    return _BACKTICKS.sub(r"<code>\1</code>", html.escape(text, quote=False))


def findings_table(findings: list[Finding]) -> str:
    """The findings as an HTML table with fixed column shares (readable at any width).

    >>> from kerasnb.migrate import check_keras2
    >>> table = findings_table(check_keras2("SGD(lr=1)"))
    >>> "<colgroup>" in table, "<code>learning_rate=</code>" in table, "`" in table
    (True, True, False)
    """
    cols = "".join(f"<col style='width:{width}%'>" for _, width in _COLUMNS)
    head = "".join(f"<th style='{_CELL}'>{name}</th>" for name, _ in _COLUMNS)
    rows = "".join(
        f"<tr><td style='{_CELL}'>{f.line}:{f.col}</td>"
        f"<td style='{_CELL}'><code>{f.code}</code></td>"
        f"<td style='{_CELL};color:{_COLOURS[f.severity]}'>{f.severity}</td>"
        f"<td style='{_CELL}'>{markdown_code(f.message)}</td>"
        f"<td style='{_CELL}'>{markdown_code(f.replacement)}</td>"
        f"<td style='{_CELL}'>{'rewritten' if f.fixable else 'left as is'}</td></tr>"
        for f in findings)
    return ("<table class='kerasnb-keras2-findings' style='table-layout:fixed;width:100%;"
            f"border-collapse:collapse'><colgroup>{cols}</colgroup><thead><tr>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table>")


@dataclass
class CellReport:
    """Findings for one cell, the rewritten cell, and which version ran.

    >>> print(CellReport("SGD(lr=1)", "SGD(learning_rate=1)", ran="rewritten"))
    Keras 2 check: no findings
    Rewritten cell:
    SGD(learning_rate=1)
    Ran: the rewritten cell
    """

    original: str
    rewritten: str
    findings: list[Finding] = field(default_factory=list)
    applied: list[Finding] = field(default_factory=list)
    ran: str | None = None
    error: str | None = None

    def _ran_text(self) -> str:
        return {"rewritten": "the rewritten cell", "original": "the original cell"}.get(
            self.ran or "", "nothing (check only)")

    def __str__(self) -> str:
        if self.error:
            return f"Keras 2 check: {self.error}\nRan: nothing"
        lines = [f"Keras 2 check: {len(self.findings)} finding(s)" if self.findings
                 else "Keras 2 check: no findings"]
        for f in self.findings:
            state = "rewritten" if any(a.code == f.code and a.line == f.line
                                       for a in self.applied) else "left as is"
            lines.append(f"  {f} ({state})")
        if self.rewritten != self.original:
            lines += ["Rewritten cell:", self.rewritten.rstrip("\n")]
        lines.append(f"Ran: {self._ran_text()}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if self.error:
            return (f"<div><b>Keras 2 check:</b> {html.escape(self.error)}<br>"
                    "<b>Ran:</b> nothing</div>")
        table = (findings_table(self.findings) if self.findings
                 else "<p>No Keras 2 idioms found.</p>")
        code = ""
        if self.rewritten != self.original:
            code = f"<p><b>Rewritten cell:</b></p><pre>{html.escape(self.rewritten)}</pre>"
        return f"<div>{table}{code}<p><b>Ran:</b> {self._ran_text()}</p></div>"


def check_cell(cell: str) -> CellReport:
    """Check and rewrite one cell's text (IPython lines kept as they are)."""
    masked, restore = mask_magics(cell)
    if masked is None:
        return CellReport(cell, cell, error="the cell is not Python")
    try:
        result = rewrite_source(masked)
        from kerasnb.migrate.checker import analyze

        findings = analyze(masked).findings
    except MigrateError as err:
        return CellReport(cell, cell, error=str(err))
    return CellReport(cell, restore(result.source), findings, result.applied)


def keras2_magic(line: str, cell: str, shell: Any) -> CellReport:
    """Body of ``%%keras2``: check, display, then run (see the module docstring)."""
    from IPython.display import display

    options = set(shlex.split(line))
    unknown = options - {"--original", "--no-run"}
    report = check_cell(cell)
    if unknown:
        report.error = (f"unknown option(s) {sorted(unknown)}; use --original or --no-run")
    if report.error is None and "--no-run" not in options:
        report.ran = "original" if "--original" in options else "rewritten"
    display(report)
    if report.ran:
        shell.run_cell(report.original if report.ran == "original" else report.rewritten)
    return report


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%%keras2`` cell magic on an IPython shell.

    >>> from IPython.core.interactiveshell import InteractiveShell
    >>> load_ipython_extension(InteractiveShell.instance())
    >>> "keras2" in InteractiveShell.instance().magics_manager.magics["cell"]
    True
    """

    def keras2(line: str, cell: str) -> None:
        keras2_magic(line, cell, ipython)

    keras2.__doc__ = __doc__
    ipython.register_magic_function(keras2, magic_kind="cell", magic_name="keras2")
