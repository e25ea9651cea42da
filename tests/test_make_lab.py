"""`make lab` serves JupyterLab on the loopback address, token required, on the welcome notebook."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def make_lab(tmp_path: Path):
    port = free_port()
    log = tmp_path / "lab.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["make", "-s", "lab", f"PORT={port}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    deadline = time.monotonic() + 120
    url = None
    while url is None and time.monotonic() < deadline and process.poll() is None:
        match = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=\w+", log.read_text())
        url = match.group(0) if match else None
        time.sleep(0.5)
    try:
        assert url, f"make lab printed no URL with a token:\n{log.read_text()}"
        status = f"http://127.0.0.1:{port}/api/status?token={url.rsplit('token=', 1)[1]}"
        while True:
            try:
                urllib.request.urlopen(status, timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, log.read_text()
                time.sleep(0.5)
        yield port, url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_lab_requires_the_token_and_serves_the_welcome_notebook(make_lab) -> None:
    port, url = make_lab
    token = url.rsplit("token=", 1)[1]
    api = f"http://127.0.0.1:{port}/api/contents/notebooks/00_welcome.ipynb"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(api, timeout=10)
    assert refused.value.code == 403
    with urllib.request.urlopen(f"{api}?token={token}", timeout=10) as response:
        assert response.status == 200 and b"Welcome to kerasnb" in response.read()
    assert "/lab/tree/notebooks/00_welcome.ipynb" in url
