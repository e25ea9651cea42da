"""Browser test harness: a real JupyterLab server and Debian's Chromium driven by Playwright.

Fixtures
- ``lab``: a JupyterLab server on a free 127.0.0.1 port with a random token, serving a
  temporary copy of ``notebooks/`` (``lab.root``); tests may write their own notebooks there.
  ``lab.url("lab/tree/00_welcome.ipynb")`` gives an address with the token.
- ``page``: a fresh Playwright page in Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``).

Without a browser the tests are skipped on a developer's machine, but under ``CI=true`` a
missing browser is a failure: CI must never pass by skipping them.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.server import REPO, running_server, server_env

__all__ = ["REPO", "Lab", "free_port", "require_browser"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _browser_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's `chromium` or set $CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip without a browser, except under CI=true, where a missing browser fails the test."""
    reason = _browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"Under CI=true the browser tests must run, but {reason}.", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests run last: they reuse one JupyterLab server and are the slowest to start.
    browser_items = [i for i in items if "/tests/browser/" in str(i.path).replace(os.sep, "/")]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    others = [i for i in items if i not in browser_items]
    items[:] = others + browser_items


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server."""

    root: Path
    port: int
    token: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str = "lab") -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def shutdown_kernels(self) -> None:
        """Stop every kernel the tests started, so each test begins with a quiet server."""
        with urllib.request.urlopen(self.url("api/sessions"), timeout=10) as response:
            sessions = json.load(response)
        for session in sessions:
            request = urllib.request.Request(self.url(f"api/sessions/{session['id']}"), method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()


def _quiet_lab_settings(settings_dir: Path) -> None:
    # No news or update pop-ups: the machine is offline and toasts would cover the page.
    target = settings_dir / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True, exist_ok=True)
    (target / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    # Render every cell: with windowing, cells scrolled out of view are not in the page.
    notebook = settings_dir / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True, exist_ok=True)
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require_browser()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = base / "user-settings"
    _quiet_lab_settings(settings)
    env = server_env(base / "runtime", JUPYTERLAB_SETTINGS_DIR=str(settings),
                     JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"))
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None", *(["--allow-root"] if os.geteuid() == 0 else [])]
    server = Lab(root=root, port=port, token=token)

    def ready() -> bool:
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    with running_server(argv, cwd=root, env=env, log_path=base / "jupyterlab.log", ready=ready):
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, lab: Lab) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
    lab.shutdown_kernels()
