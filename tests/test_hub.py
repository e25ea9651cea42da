"""A class on a real JupyterHub: three students log in, run 00_welcome, and stay apart.

JupyterHub from PyPI and configurable-http-proxy from npm, configured by
deploy/one-machine/jupyterhub_config.py (see kerasnb.course.trialhub). Needs root, because
the hub runs every student's server as that student; outside CI a non-root run is skipped,
under CI=true it fails.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kerasnb.course.remote import RemoteKernel, run_notebook, upload_notebook

ROOT = Path(__file__).resolve().parents[1]
WELCOME = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text())
STUDENTS = [f"knbs{os.getpid() % 10000}{letter}" for letter in "abc"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("the hub test needs root under CI (it creates system users)")
        pytest.skip("the hub test needs root: it creates three system users (run it as root or in CI)")
    from kerasnb.course.trialhub import TrialHub

    trial = TrialHub(STUDENTS)
    try:
        trial.start()
        yield trial
    finally:
        trial.stop()
    for name in STUDENTS:
        assert not trial.server_pids(name), f"{name} still has processes after the hub stopped"


@pytest.fixture(scope="module")
def students(hub):
    # the three students log in (and their servers start) at the same time, as in a class
    def arrive(name: str) -> str:
        session = hub.login(name)
        hub.wait_ready(session, name)
        return hub.token(session, name)

    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        return dict(zip(STUDENTS, pool.map(arrive, STUDENTS), strict=True))


def test_the_idle_culler_runs_as_a_hub_service(hub) -> None:
    reply = hub.api("GET", "/services")
    assert reply.status_code == 200, reply.text
    assert "idle-culler" in reply.json()


def test_each_student_runs_the_welcome_notebook_in_their_own_server(hub, students) -> None:
    def run(name: str) -> list:
        base = hub.server_url(name)
        upload_notebook(base, students[name], "00_welcome.ipynb", WELCOME)
        return run_notebook(base, students[name], WELCOME)

    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        results = dict(zip(STUDENTS, pool.map(run, STUDENTS), strict=True))
    code_cells = sum(c["cell_type"] == "code" for c in WELCOME["cells"])
    for name, cells in results.items():
        assert len(cells) == code_cells and all(c.status == "ok" for c in cells), name
        # the notebook ran in the student's own server, as the student, in their home
        assert (hub.home(name) / "00_welcome.ipynb").stat().st_uid == hub.home(name).stat().st_uid
        assert hub.server_pids(name), f"no process runs as {name}"


def test_a_student_cannot_read_another_students_files(hub, students) -> None:
    first, second = STUDENTS[0], STUDENTS[1]
    upload_notebook(hub.server_url(second), students[second], "mine.ipynb", WELCOME)
    kernel = RemoteKernel(hub.server_url(first), students[first])
    try:
        own = kernel.run("import getpass, os; print(getpass.getuser(), os.getcwd())")
        assert own.status == "ok" and own.stdout.split()[0] == first, own
        other = kernel.run(f"open({str(hub.home(second) / 'mine.ipynb')!r}).read()")
        assert other.status == "error" and other.error.startswith("PermissionError"), other
        listing = kernel.run(f"import os; os.listdir({str(hub.home(second))!r})")
        assert listing.status == "error" and listing.error.startswith("PermissionError"), listing
    finally:
        kernel.shutdown()
    # nor through the second student's server with the first student's token
    import requests

    reply = requests.get(hub.server_url(second) + "api/contents/mine.ipynb", timeout=60,
                         headers={"Authorization": f"token {students[first]}"},
                         allow_redirects=False)
    assert reply.status_code == 403, reply.status_code
