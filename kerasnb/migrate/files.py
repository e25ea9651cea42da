"""Files and folders: find what to check, read it, and report one file at a time.

>>> from kerasnb.migrate.files import check_file
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "train.py")
...     _ = path.write_text("model.fit_generator(gen, steps_per_epoch=2)\\n")
...     report = check_file(path)
>>> [f.code for _, f in report.findings], report.error
(['K2301'], None)
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kerasnb.files import atomic_write_text
from kerasnb.migrate.checker import analyze
from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.findings import Finding
from kerasnb.migrate.notebooks import check_notebook, rewrite_notebook
from kerasnb.migrate.rewriter import rewrite_source

MAX_BYTES = 20_000_000  # a source file or notebook larger than this is not read (memory)
SKIP_DIRS = frozenset({".git", ".venv", "venv", "__pycache__", ".ipynb_checkpoints",
                       "node_modules", "build", "dist", ".tox", ".mypy_cache", ".ruff_cache"})


@dataclass
class FileReport:
    """What happened to one file: findings as (cell or None, finding), or an error."""

    path: Path
    findings: list[tuple[int | None, Finding]] = field(default_factory=list)
    error: str | None = None
    original: str = ""
    rewritten: str | None = None
    applied: int = 0
    written: bool = False
    encoding: str = "utf-8"  # "utf-8-sig" when the file opened with a byte-order mark: kept

    def lines(self) -> list[str]:
        """``path:line:col: CODE message`` lines (``path:cell_N:line:col:`` in notebooks)."""
        out = []
        for cell, f in self.findings:
            where = f"{self.path}:cell_{cell}" if cell is not None else str(self.path)
            out.append(f"{where}:{f.line}:{f.col}: {f.code} [{f.severity}] {f.message} "
                       f"-> {f.replacement}")
        return out

    def diff(self) -> str:
        """Unified diff of the rewrite ('' when nothing changed)."""
        if self.rewritten is None or self.rewritten == self.original:
            return ""
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.rewritten.splitlines(keepends=True),
            fromfile=f"{self.path}", tofile=f"{self.path} (Keras 3)"))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into their ``.py`` and ``.ipynb`` files; keep files as given."""
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:  # e.g. a name too long: reported by check_file as that file's error
            is_dir = False
        if is_dir:
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(p in SKIP_DIRS or p.startswith(".") for p in parts[:-1]):
                    continue
                if child.suffix in (".py", ".ipynb") and child.is_file():
                    yield child
        else:
            yield path


def _read(path: Path) -> tuple[str, str]:
    """The file's text and encoding, or a MigrateError naming why it cannot be checked."""
    try:
        return _read_checked(path)
    except OSError as err:  # a name too long, a loop of links, no permission...
        raise MigrateError(f"cannot read the file: {err.strerror or err}") from None


def _read_checked(path: Path) -> tuple[str, str]:
    if not path.exists():
        raise MigrateError("no such file or directory")
    if path.suffix not in (".py", ".ipynb"):
        raise MigrateError("not a Python file (.py) or notebook (.ipynb)")
    if not path.is_file():
        raise MigrateError("not a regular file (a folder, device or pipe)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise MigrateError(f"the file is {size / 1e6:.0f} MB; files up to "
                               f"{MAX_BYTES / 1e6:.0f} MB are checked")
        data = path.read_bytes()
    except OSError as err:
        raise MigrateError(f"cannot read the file: {err.strerror or err}") from None
    if b"\x00" in data:
        raise MigrateError("a binary file (it contains NUL bytes), not Python source or a "
                           "notebook")
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as err:
        raise MigrateError(f"not UTF-8 text (byte {err.start}), so not Python source or a "
                           "notebook") from None


def write_rewrite(report: FileReport) -> None:
    """Replace the file with its rewrite atomically; on failure the old file stays.

    Sets ``report.error`` (and raises nothing) when the write fails.
    """
    if report.rewritten is None or report.error is not None or \
            report.rewritten == report.original:
        return
    try:
        atomic_write_text(report.path, report.rewritten, encoding=report.encoding)
    except OSError as err:
        report.error = (f"could not write the rewritten file ({err.strerror or err}); the "
                        "original is unchanged")
    else:
        report.written = True


def check_file(path: Path, *, rewrite: bool = False) -> FileReport:
    """Check (and with ``rewrite=True`` also rewrite, in memory) one file."""
    report = FileReport(path)
    try:
        text, report.encoding = _read(path)
        report.original = text
        if path.suffix == ".ipynb":
            if rewrite:
                new, applied, remaining = rewrite_notebook(text)
                report.rewritten, report.applied = new, len(applied)
                report.findings = [(cell, f) for cell, f in remaining]
            else:
                report.findings = [(cell, f) for cell, f in check_notebook(text)]
        elif rewrite:
            result = rewrite_source(text)
            report.rewritten, report.applied = result.source, len(result.applied)
            report.findings = [(None, f) for f in result.remaining]
        else:
            report.findings = [(None, f) for f in analyze(text).findings]
    except MigrateError as err:
        report.error = str(err)
        report.findings = [(cell, f) for cell, f in err.findings]
    except (RecursionError, MemoryError) as err:
        report.error = (f"the file is too large or too deeply nested to check "
                        f"({type(err).__name__})")
    return report
