"""Command line: ``python -m kerasnb.migrate PATH... [--diff | --write | --json]``.

>>> from kerasnb.migrate.cli import main
>>> main(["--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0

Exit status: 0 when nothing was found; 1 when there are findings (with ``--diff``: also
when a rewrite is proposed; after ``--write``: findings that remain); 2 when some path could
not be read, checked or written, whatever else was found. Each such path gets one line
``path: error: reason`` on stderr and the other files are still checked (and written).
``--write`` replaces each file atomically: a failed write leaves the old file as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from kerasnb.migrate.files import FileReport, check_file, iter_files, write_rewrite


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kerasnb.migrate",
        description="Find Keras 2 idioms in Python files and notebooks, and rewrite the ones "
                    "with a safe Keras 3 replacement.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print the rewrite as a unified diff")
    mode.add_argument("--write", action="store_true", help="apply the rewrite to the files")
    mode.add_argument("--json", action="store_true", help="print findings as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    rewrite = args.diff or args.write
    reports: list[FileReport] = []
    for path in iter_files(args.paths):
        report = check_file(path, rewrite=rewrite)
        if args.write:
            write_rewrite(report)
        reports.append(report)
    errors = [r for r in reports if r.error]
    for report in errors:
        print(f"{report.path}: error: {report.error}", file=sys.stderr)
    if args.json:
        payload = {
            "findings": [dict(path=str(r.path), cell=cell, **f.to_dict())
                         for r in reports for cell, f in r.findings],
            "errors": [{"path": str(r.path), "message": r.error} for r in errors],
        }
        print(json.dumps(payload, indent=2))
    elif args.diff:
        for report in reports:
            diff = report.diff()
            if diff:
                sys.stdout.write(diff)
    else:
        for report in reports:
            if report.written:
                print(f"{report.path}: rewrote {report.applied} finding(s), "
                      f"{len(report.findings)} left")
            for line in report.lines():
                print(line)
    if errors:
        return 2
    if any(r.findings for r in reports) or (args.diff and any(r.diff() for r in reports)):
        return 1
    return 0
