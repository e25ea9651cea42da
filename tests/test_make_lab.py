"""`make lab` serves JupyterLab on the loopback address, token required, on the welcome notebook.

The server is started the way a learner starts it, in a shell whose environment says
``HOST=0.0.0.0`` and ``BIND=0.0.0.0`` (tcsh exports HOST; container images often set it): only
the command line may change the address. The address is printed once the server answers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def make_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    tmp_path = tmp_path_factory.mktemp("make_lab")
    port = free_port()
    log = tmp_path / "lab.log"
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        HOST="0.0.0.0",
        BIND="0.0.0.0",
        PORT="1",  # only the command line's PORT counts
    )
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["make", "-s", "lab", f"PORT={port}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 300
    url = None
    try:
        while url is None and time.monotonic() < deadline and process.poll() is None:
            match = re.search(
                rf"Open the course at (http://127\.0\.0\.1:{port}/\S*)", log.read_text()
            )
            url = match.group(1) if match else None
            time.sleep(0.1)
        assert url, f"make lab printed no URL with a token:\n{log.read_text()}"
        token = url.rsplit("token=", 1)[1]
        # printed only once the server answers: the very first request succeeds
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/status?token={token}", timeout=10
        ) as response:
            assert response.status == 200
        yield port, url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_make_lab_requires_the_token_and_serves_the_welcome_notebook(make_lab) -> None:
    port, url = make_lab
    token = url.rsplit("token=", 1)[1]
    assert re.fullmatch(r"[0-9a-f]{48}", token), "a fresh random token"
    api = f"http://127.0.0.1:{port}/api/contents/notebooks/00_welcome.ipynb"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(api, timeout=10)
    assert refused.value.code == 403
    with urllib.request.urlopen(f"{api}?token={token}", timeout=10) as response:
        assert response.status == 200 and b"Welcome to kerasnb" in response.read()
    assert "/lab/tree/notebooks/00_welcome.ipynb" in url


@pytest.mark.skipif(sys.platform != "linux", reason="reads the listening sockets from /proc")
def test_make_lab_listens_on_loopback_only_whatever_the_environment_says(make_lab) -> None:
    port, _ = make_lab
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                listening.add(address)
    assert listening, f"nothing listens on port {port}"
    loopback = {"0100007F", "00000000000000000000000001000000"}
    assert listening <= loopback, f"JupyterLab listens beyond the loopback address: {listening}"


def test_the_course_settings_switch_off_the_jupyter_news_question(make_lab) -> None:
    port, url = make_lab
    token = url.rsplit("token=", 1)[1]
    plugin = "@jupyterlab/apputils-extension:notification"
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/lab/api/settings/{plugin}?token={token}", timeout=30
    ) as response:
        settings = json.load(response)
    properties = settings["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false", "JupyterLab would ask about news"
    assert properties["checkForUpdates"]["default"] is False


def test_the_course_server_settings_cull_idle_kernels() -> None:
    """Three TensorFlow kernels outgrow Binder's 2 GiB (benchmarks/binder_session.py): the
    server `make lab` and Binder start reads the course's settings and culls idle kernels."""
    config_dir = ROOT / "binder/jupyter-prefix/etc/jupyter"
    code = (
        "import json\n"
        "from jupyter_server.serverapp import ServerApp\n"
        "app = ServerApp()\n"
        "app.load_config_file()\n"
        "print(json.dumps(dict(app.config.MappingKernelManager)))"
    )
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(config_dir))
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    config = json.loads(shown.stdout)
    assert 0 < config["cull_idle_timeout"] <= 3600 and config["cull_interval"] > 0
    assert config["cull_connected"] is True, "open tabs keep kernels connected: cull them too"
    assert config["cull_busy"] is False, "a kernel that is training is never culled"
