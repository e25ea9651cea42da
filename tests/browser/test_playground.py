"""The playground in a real JupyterLab and as a Voilà page: Train, watch the map move, Stop."""

from __future__ import annotations

import secrets
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser.conftest import REPO, free_port
from tests.browser.jlab import (
    FIRST_CELL,
    NOTEBOOK,
    error_outputs,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_kernel_idle,
    write_notebook,
)
from tests.browser.server import running_server, server_env

VIEW = "img.kerasnb-playground-view"
STATUS = ".kerasnb-playground-status"


def _button(page, scope: str, label: str):
    return page.locator(f"{scope} .kerasnb-playground button", has_text=label).first


def _train_watch_stop(page, scope: str) -> list[str]:
    """Press Train, collect the map's sources while it runs, press Stop; the sources seen."""
    page.wait_for_selector(f"{scope} {VIEW}", timeout=120_000)
    _button(page, scope, "Train").click()
    seen: list[str] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(seen) < 4:
        status = page.locator(f"{scope} {STATUS}").first.inner_text()
        src = page.locator(f"{scope} {VIEW}").first.get_attribute("src") or ""
        if "running" in status and src and src not in seen:
            seen.append(src)
        page.wait_for_timeout(100)
    _button(page, scope, "Stop").click()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = page.locator(f"{scope} {STATUS}").first.inner_text()
        if "idle" in status and "stopped after" in status:
            break
        page.wait_for_timeout(200)
    assert "stopped after" in status, status
    halted = page.locator(f"{scope} {VIEW}").first.get_attribute("src")
    page.wait_for_timeout(2000)
    assert page.locator(f"{scope} {VIEW}").first.get_attribute("src") == halted  # nothing moves
    return seen


def test_train_moves_the_map_and_stop_halts_it_in_jupyterlab(lab, page, tmp_path: Path) -> None:
    source = ('from kerasnb import Playground\n'
              'pg = Playground("circles", seed=0, hidden=[8, 8], epochs=3000)\npg')
    open_notebook(page, lab, write_notebook(lab.root, "playground_check.ipynb", FIRST_CELL, source))
    run_all_cells(page)
    wait_kernel_idle(page, timeout_s=300)
    seen = _train_watch_stop(page, NOTEBOOK)
    assert len(seen) >= 3, f"the map changed {len(seen) - 1} times while training ran"
    assert page.locator(f"{NOTEBOOK} .kerasnb-playground").count() == 1  # one output
    assert error_outputs(page) == []
    screenshot(page, tmp_path / "playground.png")


def test_voila_page_loads_trains_and_stops(browser, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "demo").mkdir(parents=True)
    shutil.copy(REPO / "demo" / "playground.ipynb", root / "demo" / "playground.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    log_path = tmp_path / "voila.log"
    argv = [sys.executable, "-m", "voila", "demo/playground.ipynb", "--no-browser",
            "--Voila.ip=127.0.0.1", f"--port={port}", f"--Voila.token={token}"]
    # the page itself runs the notebook in a new kernel: wait for the server, not the page
    with running_server(argv, cwd=root, env=server_env(tmp_path / "runtime"), log_path=log_path,
                        ready=lambda: "is running at" in log_path.read_text(errors="replace"),
                        timeout=120):
        base = f"http://127.0.0.1:{port}/"
        # without the token the page is refused
        try:
            with urllib.request.urlopen(base, timeout=120) as response:
                refused = "login" in response.geturl()  # sent to the token page
        except urllib.error.HTTPError as exc:
            refused = exc.code in (401, 403)
        assert refused, "the demo must need its token"
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(f"{base}?token={token}", timeout=300_000)
        page.wait_for_selector(VIEW, timeout=300_000)
        assert "set_random_seed" not in page.inner_text("body")  # no code on the page
        seen = _train_watch_stop(page, "body")
        assert len(seen) >= 2, "the map did not change while training ran"
        screenshot(page, tmp_path / "voila.png")
        context.close()
