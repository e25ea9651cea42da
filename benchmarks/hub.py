"""Spawn time and memory per student on a class hub, beside one learner's `make lab`.

    sudo .venv/bin/python benchmarks/hub.py       # or: make hub-bench (as root)

Runs deploy/one-machine/jupyterhub_config.py on this machine (kerasnb.course.trialhub: the
shared environment, the proxy, students made by add-students.sh). For 1 student, then 3 at
once, it measures the time from the login form to a ready server, and the peak resident
memory of all the student's processes (server + kernel) while 00_welcome runs in their
server. The alternative a learner would otherwise use is `make lab`: one JupyterLab, measured
the same way (start to first answer, peak memory of the server and its kernel). The last
column is what the machine spends on all the students at once: their processes' proportional
set sizes added up, so the TensorFlow libraries they share from the one environment count once.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.notebooks import summed_memory  # noqa: E402
from kerasnb.course.remote import run_notebook, upload_notebook  # noqa: E402
from kerasnb.course.trialhub import TrialHub  # noqa: E402

WELCOME = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text())


class PeakMemory:
    """Samples some processes every 0.2 s; peaks in MiB of their summed RSS and summed PSS.

    ``peak`` adds up resident sizes: each process's own view, shared libraries included.
    ``peak_pss`` adds up proportional set sizes, in which pages shared between the processes
    (TensorFlow's libraries, mapped by every kernel from the one shared environment) count
    once: what the machine spends on them together.
    """

    def __init__(self, pids) -> None:
        self.pids = pids  # a callable giving the current pids
        self.peak = 0.0
        self.peak_pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = summed_memory(self.pids())
            self.peak = max(self.peak, rss)
            self.peak_pss = max(self.peak_pss, pss)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def make_lab() -> tuple[float, float]:
    """`make lab`'s JupyterLab: seconds to its first answer, peak MiB running 00_welcome."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(24)
    folder = tempfile.mkdtemp(prefix="kerasnb-lab-")
    start = time.monotonic()
    lab = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={folder}", "--allow-root"],
        env={**os.environ, "JUPYTER_TOKEN": token, "KERAS_BACKEND": "tensorflow",
             "TF_CPP_MIN_LOG_LEVEL": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                if requests.get(base + "api/status", timeout=5,
                                headers={"Authorization": f"token {token}"}).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        ready = time.monotonic() - start
        tree = psutil.Process(lab.pid)
        with PeakMemory(lambda: [tree.pid] + [c.pid for c in tree.children(recursive=True)]) as mem:
            upload_notebook(base, token, "00_welcome.ipynb", WELCOME)
            run_notebook(base, token, WELCOME)
        return ready, mem.peak
    finally:
        lab.terminate()
        lab.wait(60)


def hub_round(hub: TrialHub, names: list[str]) -> tuple[dict[str, tuple[float, float]], float]:
    """Log ``names`` in at once; per student: seconds to a ready server, peak MiB (RSS).

    Also returns the peak PSS of all the students' processes together, while they all run.
    """

    def spawn(name: str) -> tuple[float, str]:
        start = time.monotonic()
        session = hub.login(name)
        hub.wait_ready(session, name)
        return time.monotonic() - start, hub.token(session, name)

    with ThreadPoolExecutor(len(names)) as pool:
        spawned = dict(zip(names, pool.map(spawn, names), strict=True))

    def run(name: str) -> float:
        base, token = hub.server_url(name), spawned[name][1]
        with PeakMemory(lambda: hub.server_pids(name)) as mem:
            upload_notebook(base, token, "00_welcome.ipynb", WELCOME)
            run_notebook(base, token, WELCOME)
        return mem.peak

    every = PeakMemory(lambda: [pid for name in names for pid in hub.server_pids(name)])
    with every, ThreadPoolExecutor(len(names)) as pool:
        peaks = dict(zip(names, pool.map(run, names), strict=True))
    for name in names:
        hub.api("DELETE", f"/users/{name}/server")
    deadline = time.monotonic() + 120
    while any(hub.server_pids(n) for n in names) and time.monotonic() < deadline:
        time.sleep(0.5)
    return {name: (spawned[name][0], peaks[name]) for name in names}, every.peak_pss


def main() -> None:
    if os.geteuid() != 0:
        sys.exit("benchmarks/hub.py runs a hub that creates system users: run it as root")
    lab_ready, lab_peak = make_lab()
    print(f"make lab (one learner): ready in {lab_ready:.1f} s, peak {lab_peak:.0f} MiB "
          "(server + kernel, 00_welcome)")
    print(f"{'students':>8}  {'spawn s (mean/max)':>18}  {'MiB per student (mean/max)':>26}  "
          f"{'spawn vs lab':>12}  {'memory vs lab':>13}  {'all students, PSS':>17}")
    names = [f"knbb{os.getpid() % 10000}{c}" for c in "abc"]
    hub = TrialHub(names)
    try:
        hub.start()
        for group in (names[:1], names):
            figures, together = hub_round(hub, group)
            spawns = [s for s, _ in figures.values()]
            peaks = [m for _, m in figures.values()]
            mean_s, mean_m = sum(spawns) / len(spawns), sum(peaks) / len(peaks)
            print(f"{len(group):>8}  {mean_s:>8.1f} / {max(spawns):>7.1f}  "
                  f"{mean_m:>12.0f} / {max(peaks):>11.0f}  {mean_s / lab_ready:>11.2f}x  "
                  f"{mean_m / lab_peak:>12.2f}x  {together:>13.0f} MiB")
    finally:
        hub.stop()


if __name__ == "__main__":
    main()
