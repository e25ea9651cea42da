"""``python -m kerasnb.course``: links for a class, the Colab cell, the k8s config, nbgrader.

>>> from kerasnb.course.__main__ import main
>>> main(["links", "--repo", "https://github.com/me/kerasnb", "--hub", "https://hub.example.org"])
... # doctest: +ELLIPSIS
notebooks/00_welcome.ipynb
  hub:    https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com...
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kerasnb.course import colab, grading, links, settings, z2jh
from kerasnb.errors import KerasnbError
from kerasnb.files import atomic_write_text

ROOT = links.ROOT


def _notebooks(names: list[str]) -> list[Path]:
    return [Path(n) for n in names] or [ROOT / p for p in links.course_notebooks()]


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (1 when a check finds something stale)."""
    parser = argparse.ArgumentParser(prog="python -m kerasnb.course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("links", help="nbgitpuller, Binder and Colab links for every notebook")
    p.add_argument("--hub", help="the JupyterHub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", help="the course repository (default: settings.REPOSITORY)")
    p.add_argument("--branch", default=settings.BRANCH)
    p = sub.add_parser("colab-cell", help="the Colab first cell of every notebook")
    p.add_argument("--write", action="store_true", help="insert or update it in the notebooks")
    p.add_argument("--check", action="store_true", help="exit 1 when a notebook's is stale")
    p.add_argument("notebooks", nargs="*")
    p = sub.add_parser("z2jh-config", help="deploy/kubernetes/config.yaml")
    p.add_argument("--write", action="store_true")
    p.add_argument("--check", action="store_true")
    p = sub.add_parser("nbgrader-source", help="nbgrader's course folder with source notebooks")
    p.add_argument("--out", default=str(ROOT / "build" / "nbgrader"))
    p.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KerasnbError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "links":
        repo = settings.repository(args.repo)
        print(links.links_table(args.hub, repo, args.branch))
        return 0
    if args.command == "colab-cell":
        paths = _notebooks(args.notebooks)
        if args.write:
            for path in colab.write_cells(paths):
                print(f"updated {path}")
            return 0
        if args.check:
            stale = colab.stale_cells(paths)
            for path in stale:
                print(f"stale Colab cell: {path}")
            return 1 if stale else 0
        print(colab.colab_cell_source())
        return 0
    if args.command == "z2jh-config":
        text = z2jh.render()
        if args.write:
            z2jh.CONFIG.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(z2jh.CONFIG, text)
            print(f"wrote {z2jh.CONFIG}")
            return 0
        if args.check:
            same = z2jh.CONFIG.exists() and z2jh.CONFIG.read_text() == text
            if not same:
                print(f"stale: {z2jh.CONFIG}")
            return 0 if same else 1
        print(text, end="")
        return 0
    assignments = grading.write_course(Path(args.out), _notebooks(args.notebooks))
    print(" ".join(assignments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
