"""Fresh clone to a JupyterLab that answers: `make lab` with uv, next to the same with pip.

    python benchmarks/install.py                  # uv (on PATH), uv from PyPI, pip
    python benchmarks/install.py --only pip --runs 2

Each run clones this repository (its last commit) into a temporary folder and runs `make lab`
there, as a learner would, with ``INSTALLER`` choosing how requirements/install.sh installs
the lock: ``uv`` (the uv on PATH), ``uv-from-pypi`` (what a machine without uv gets: pip
installs uv from PyPI, then uv installs the course) or ``pip`` (what a plain ``pip install``
would take). It prints the seconds to a finished install, to the printed address and to the
first answer of that address, and each figure as a ratio to pip's. The package caches are
used as found (uv's and pip's); run twice (``--runs 2``) to see them warm.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLERS = ("uv", "uv-from-pypi", "pip")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(installer: str, timeout: float = 1800) -> dict[str, float]:
    """Clone, `make lab`, wait for the address to answer; seconds from the start of the clone."""
    with tempfile.TemporaryDirectory(prefix="kerasnb-install-") as tmp:
        clone = Path(tmp) / "kerasnb"
        port = free_port()
        env = dict(os.environ, INSTALLER=installer, JUPYTER_RUNTIME_DIR=f"{tmp}/runtime")
        env.pop("VIRTUAL_ENV", None)
        log = Path(tmp) / "make.log"
        start = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        with open(log, "wb") as out:
            make = subprocess.Popen(
                ["make", "-s", "lab", f"PORT={port}"], cwd=clone, env=env,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        times: dict[str, float] = {}
        try:
            while "answering" not in times:
                now = time.perf_counter() - start
                if make.poll() is not None or now > timeout:
                    raise RuntimeError(f"make lab ended or timed out:\n{log.read_text()[-3000:]}")
                if "installed" not in times and (clone / ".venv/.kerasnb-installed").exists():
                    times["installed"] = now
                match = re.search(r"Open the course at (\S+)", log.read_text())
                if match:
                    times.setdefault("address", now)
                    token = match.group(1).rsplit("token=", 1)[1]
                    status = f"http://127.0.0.1:{port}/api/status?token={token}"
                    try:
                        urllib.request.urlopen(status, timeout=5).close()
                        times["answering"] = time.perf_counter() - start
                    except OSError:
                        pass
                time.sleep(0.05)
        finally:
            os.killpg(make.pid, signal.SIGTERM)
            make.wait(timeout=60)
        return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=INSTALLERS, action="append", help="installers to run")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (the first warms caches)")
    args = parser.parse_args(argv)
    installers = args.only or list(INSTALLERS)
    results: dict[str, list[dict[str, float]]] = {}
    for installer in installers:
        for run in range(args.runs):
            times = one_run(installer)
            results.setdefault(installer, []).append(times)
            print(
                f"{installer} run {run + 1}: installed {times.get('installed', float('nan')):.1f} s,"
                f" address {times['address']:.1f} s, answering {times['answering']:.1f} s",
                flush=True,
            )
    best = {name: min(runs, key=lambda t: t["answering"]) for name, runs in results.items()}
    print()
    print("fresh clone -> `make lab` (best of the runs; seconds from the start of the clone)")
    print(f"{'installer':<14} {'installed':>10} {'address':>9} {'answering':>10} {'vs pip':>8}")
    for name, times in best.items():
        ratio = f"{times['answering'] / best['pip']['answering']:.2f}x" if "pip" in best else "-"
        print(
            f"{name:<14} {times.get('installed', float('nan')):>10.1f} {times['address']:>9.1f}"
            f" {times['answering']:>10.1f} {ratio:>8}"
        )
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
