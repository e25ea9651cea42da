"""Memory of a Binder-sized session: one JupyterLab server, three notebooks open at once.

    python benchmarks/binder_session.py                       # 00, 02, 07 with the course's settings
    python benchmarks/binder_session.py 01_mlp 05 --cull-after 30

A learner on mybinder.org (about 2 GiB) opens the welcome notebook, then the CNN notebook, then
augmentation, running each to the end without shutting the earlier kernels down. This starts the
course's JupyterLab (with the settings `make lab` and Binder install, from .venv), opens each
notebook as JupyterLab does (a session per notebook, through the server's REST API), runs every
cell in that kernel, and prints the memory of the server with all its kernels after each
notebook: the resident set summed over the processes (RSS, what the machine holds) and the
proportional set (PSS, shared libraries counted once, closest to what Binder's limit counts),
with the peak sampled every 0.2 s, next to the 2 GiB budget. With ``--cull-after S`` the server
culls kernels idle for S seconds, and the figures are read again after that.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
from jupyter_client import BlockingKernelClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MIB = 2048.0
DEFAULT = ["00_welcome", "02_cnn", "07_augmentation"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mib(root: psutil.Process) -> tuple[float, float, int]:
    """(RSS MiB, PSS MiB, processes) of a process and all its descendants."""
    rss = pss = 0.0
    processes = [root, *root.children(recursive=True)]
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20, len(processes)


class Sampler(threading.Thread):
    def __init__(self, root: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_pss, self.peak_rss, self.stop = root, 0.0, 0.0, False

    def run(self) -> None:
        while not self.stop:
            rss, pss, _ = memory_mib(self.root)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            time.sleep(0.2)


def api(base: str, token: str, path: str, body: dict | None = None, method: str = "GET") -> dict:
    request = urllib.request.Request(
        f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
    return json.loads(text) if text else {}


def run_notebook(path: Path, connection_file: Path) -> list[str]:
    """Run every code cell in the kernel of that connection file; returns the errors."""
    client = BlockingKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels(hb=False)  # no heartbeat: the server watches its kernels
    errors: list[str] = []
    try:
        client.wait_for_ready(timeout=300)
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue

            def hook(msg: dict) -> None:
                if msg["msg_type"] == "error":
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue'][:160]}")

            client.execute_interactive(cell.source, timeout=900, output_hook=hook)
    finally:
        client.stop_channels()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=DEFAULT, help="notebooks, in the order opened")
    parser.add_argument("--cull-after", type=int, default=0, help="cull kernels idle this long")
    args = parser.parse_args(argv)
    paths = [next((ROOT / "notebooks").glob(f"{name}*.ipynb")) for name in args.names]
    jupyter = Path(sys.executable).with_name("jupyter")
    token, port = secrets.token_hex(24), free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="kerasnb-session-") as runtime:
        env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTER_RUNTIME_DIR=runtime)
        command = [
            str(jupyter), "lab", "--no-browser", f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}",
        ]  # fmt: skip
        if args.cull_after:
            command += [
                f"--MappingKernelManager.cull_idle_timeout={args.cull_after}",
                "--MappingKernelManager.cull_interval=5",
                "--MappingKernelManager.cull_connected=True",
            ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    api(base, token, "/api/status")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("JupyterLab did not start") from None
                    time.sleep(0.3)
            root = psutil.Process(server.pid)
            rss, pss, _ = memory_mib(root)
            print(
                f"{'after':<28} {'RSS MiB':>8} {'PSS MiB':>8} {'peak PSS':>9} {'budget':>7}  kernels"
            )
            print(
                f"{'server started':<28} {rss:>8.0f} {pss:>8.0f} {pss:>9.0f} {BUDGET_MIB:>7.0f}  0"
            )
            sampler = Sampler(root)
            sampler.start()
            failures = 0
            for count, path in enumerate(paths, start=1):
                session = api(
                    base, token, "/api/sessions", method="POST",
                    body={"path": f"notebooks/{path.name}", "type": "notebook",
                          "name": path.name, "kernel": {"name": "python3"}},
                )  # fmt: skip
                kernel_id = session["kernel"]["id"]
                errors = run_notebook(path, Path(runtime) / f"kernel-{kernel_id}.json")
                failures += bool(errors)
                rss, pss, _ = memory_mib(root)
                status = "ok" if not errors else f"errors: {errors[:2]}"
                print(
                    f"{'running ' + path.stem:<28} {rss:>8.0f} {pss:>8.0f} "
                    f"{sampler.peak_pss:>9.0f} {BUDGET_MIB:>7.0f}  {count}  {status}",
                    flush=True,
                )
            if args.cull_after:
                time.sleep(args.cull_after + 15)
                alive = len(api(base, token, "/api/kernels"))
                rss, pss, _ = memory_mib(root)
                print(
                    f"{'idle ' + str(args.cull_after) + ' s (culled)':<28} {rss:>8.0f} {pss:>8.0f} "
                    f"{sampler.peak_pss:>9.0f} {BUDGET_MIB:>7.0f}  {alive}"
                )
            sampler.stop = True
            print(
                f"\nPeak of the session: PSS {sampler.peak_pss:.0f} MiB, RSS {sampler.peak_rss:.0f} MiB"
                f" ({sampler.peak_pss / BUDGET_MIB:.2f}x Binder's 2 GiB by PSS);"
                f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
