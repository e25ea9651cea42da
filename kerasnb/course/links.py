"""Links that open the course: nbgitpuller (a JupyterHub), Binder and Colab.

>>> from kerasnb.course.links import gitpull_link
>>> gitpull_link("https://hub.example.org", "https://github.com/me/kerasnb", "main",
...              "notebooks/00_welcome.ipynb")  # doctest: +NORMALIZE_WHITESPACE
'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fkerasnb&branch=main&urlpath=lab%2Ftree%2Fkerasnb%2Fnotebooks%2F00_welcome.ipynb'

A nbgitpuller link makes the student's hub server clone the repository into
``~/<target dir>`` on the first click and merge the teacher's new commits on later clicks
(the student's own edits are kept), then opens the notebook in JupyterLab.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

from kerasnb.course import settings

ROOT = Path(__file__).resolve().parents[2]

_GITHUB = re.compile(r"^(?:https?://github\.com/|git@github\.com:)([^/]+)/([^/]+?)(?:\.git)?/?$")


def course_notebooks(root: Path = ROOT) -> list[str]:
    """The course notebooks as repository paths, in teaching order.

    >>> course_notebooks()[0]
    'notebooks/00_welcome.ipynb'
    """
    return [f"notebooks/{p.name}" for p in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def github_name(repo: str) -> tuple[str, str] | None:
    """``(owner, repository)`` for a GitHub address, None for any other host.

    >>> github_name("https://github.com/me/kerasnb.git"), github_name("file:///srv/kerasnb")
    (('me', 'kerasnb'), None)
    """
    match = _GITHUB.match(repo.strip())
    return (match.group(1), match.group(2)) if match else None


def gitpull_link(hub: str, repo: str, branch: str, notebook: str,
                 target_dir: str = settings.TARGET_DIR) -> str:
    """The nbgitpuller link that pulls ``repo`` into ``~/target_dir`` and opens ``notebook``."""
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{target_dir}/{notebook}"},
        quote_via=quote, safe="",
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def server_default_url(repo: str, branch: str, notebook: str = "notebooks/00_welcome.ipynb",
                       target_dir: str = settings.TARGET_DIR) -> str:
    """The single-user server's default URL that pulls the course on every start.

    >>> server_default_url("https://github.com/me/kerasnb", "main")[:40]
    '/git-pull?repo=https%3A%2F%2Fgithub.com%'
    """
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{target_dir}/{notebook}"},
        quote_via=quote, safe="",
    )
    return f"/git-pull?{query}"


def binder_link(repo: str, branch: str, notebook: str) -> str:
    """mybinder.org's launch link for ``notebook``: ``gh/`` for GitHub, ``git/`` elsewhere.

    >>> binder_link("https://github.com/me/kerasnb", "main", "notebooks/00_welcome.ipynb")
    'https://mybinder.org/v2/gh/me/kerasnb/main?urlpath=lab/tree/notebooks/00_welcome.ipynb'
    """
    name = github_name(repo)
    if name:
        base = f"https://mybinder.org/v2/gh/{name[0]}/{name[1]}/{quote(branch, safe='')}"
    else:
        base = f"https://mybinder.org/v2/git/{quote(repo, safe='')}/{quote(branch, safe='')}"
    return f"{base}?urlpath=lab/tree/{notebook}"


def colab_link(repo: str, branch: str, notebook: str) -> str | None:
    """Colab's link for a notebook of a GitHub repository (Colab opens no other host).

    >>> colab_link("https://github.com/me/kerasnb", "main", "notebooks/02_cnn.ipynb")
    'https://colab.research.google.com/github/me/kerasnb/blob/main/notebooks/02_cnn.ipynb'
    """
    name = github_name(repo)
    if name is None:
        return None
    return f"https://colab.research.google.com/github/{name[0]}/{name[1]}/blob/{branch}/{notebook}"


def links_table(hub: str | None, repo: str, branch: str, root: Path = ROOT) -> str:
    """One block per notebook: its nbgitpuller, Binder and Colab links, as plain text.

    >>> print(links_table("https://hub.example.org", "https://github.com/me/kerasnb",
    ...                   "main").splitlines()[0])
    notebooks/00_welcome.ipynb
    """
    blocks = []
    for notebook in course_notebooks(root):
        lines = [notebook]
        if hub:
            lines.append(f"  hub:    {gitpull_link(hub, repo, branch, notebook)}")
        lines.append(f"  binder: {binder_link(repo, branch, notebook)}")
        colab = colab_link(repo, branch, notebook)
        lines.append(f"  colab:  {colab or '(Colab opens GitHub repositories only)'}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
