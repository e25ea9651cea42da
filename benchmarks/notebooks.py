"""Time and peak memory of every course notebook, each run in a fresh Jupyter kernel.

    python benchmarks/notebooks.py                 # all notebooks
    python benchmarks/notebooks.py 02_cnn 05       # those whose names start with these

For each notebook it prints the wall time of a full run (kernel start included) and the peak
resident memory of the kernel process (VmHWM from /proc; worker processes that a notebook
starts itself are not included), beside the budget: 90 s and 1.5 GiB on a 2-core CPU machine
(Binder gives about 2 GiB). A learner would otherwise simply run the notebook: this is that run,
measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 90.0
BUDGET_MIB = 1536.0


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident memory of a process in MiB (Linux), or None where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(path: Path) -> tuple[float, float | None, str | None]:
    """Execute one notebook; returns (seconds, peak MiB, error or None)."""
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")
    km = KernelManager(kernel_name="python3")
    start = time.perf_counter()
    km.start_kernel(cwd=str(path.parent), env=env)
    error = None
    peak = None
    try:
        client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            try:
                client.execute()
            except Exception as exc:  # report and go on with the next notebook
                error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:160]}"
            pid = km.provisioner.pid if km.provisioner else None
            peak = peak_rss_mib(pid) if pid else None
    finally:
        elapsed = time.perf_counter() - start
        if km.is_alive():
            km.shutdown_kernel(now=True)
    return elapsed, peak, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time and peak memory of each notebook.")
    parser.add_argument("names", nargs="*", help="run only notebooks whose names start with these")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.name.startswith(tuple(args.names))]
    print(f"{'notebook':<28} {'wall s':>8} {'budget':>7} {'peak MiB':>9} {'budget':>7}  status")
    total_s = 0.0
    worst_mib = 0.0
    failures = 0
    for path in paths:
        seconds, mib, error = run(path)
        total_s += seconds
        worst_mib = max(worst_mib, mib or 0.0)
        over = seconds > BUDGET_S or (mib or 0.0) > BUDGET_MIB
        status = f"ERROR {error}" if error else ("OVER BUDGET" if over else "ok")
        failures += bool(error)
        mib_text = f"{mib:9.0f}" if mib is not None else f"{'n/a':>9}"
        print(
            f"{path.stem:<28} {seconds:8.1f} {BUDGET_S:7.0f} {mib_text} {BUDGET_MIB:7.0f}  {status}",
            flush=True,
        )
    print(f"{'total':<28} {total_s:8.1f} {'':>7} {worst_mib:9.0f} {'(max)':>7}")
    print(f"{len(paths)} notebooks, {failures} failed; machine: {os.cpu_count()} CPU cores")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
