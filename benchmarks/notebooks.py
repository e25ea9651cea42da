"""Time and peak memory of every course notebook, each run in a fresh Jupyter kernel.

    python benchmarks/notebooks.py                 # all notebooks
    python benchmarks/notebooks.py 02_cnn 05       # those whose names start with these

For each notebook it prints the wall time of a full run (kernel start included), the peak
resident memory of the kernel process (VmHWM from /proc), and the peak memory of the kernel
together with every process it started (the worker processes of 11_scaling_out, a served model
loaded in a fresh process), sampled every 0.2 s with psutil. That last figure adds up each
process's *proportional* set size (PSS): TensorFlow's shared libraries, mapped by every process
that imports it, are counted once, as the machine (and a container's memory limit, Binder's
2 GiB) counts them; adding up resident sizes would count them once per process. Both are shown
beside the budget: 90 s and 1.5 GiB on a 2-core CPU machine. A learner would otherwise simply
run the notebook: this is that run, measured.

Machines differ mostly in how long importing TensorFlow takes, which every notebook pays once
(and 11_scaling_out once per process it starts): the first line gives that time on this machine,
so figures from two machines can be compared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
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


def summed_memory(pids: Iterable[int]) -> tuple[float, float]:
    """(RSS, PSS) of these processes added up, in MiB; processes that have ended are skipped.

    PSS (from smaps_rollup) counts a page shared by several of them once; without PSS (outside
    Linux) RSS stands in.
    """
    import psutil

    rss = pss = 0
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


class TreeSampler:
    """Samples the memory of a process and all its descendants; keeps the peaks (MiB)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every = pid, every
        self.peak = 0.0  # the largest sum of proportional set sizes (PSS), MiB
        self.peak_rss = 0.0  # the largest sum of resident set sizes, MiB (shared pages repeated)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        try:
            import psutil
        except ImportError:  # the bench extra is not installed: no sampling
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                pids = [root.pid, *(child.pid for child in root.children(recursive=True))]
            except psutil.Error:
                return
            rss, pss = summed_memory(pids)
            self.peak = max(self.peak, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.every)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def tensorflow_import_seconds() -> float:
    """Wall time of ``import tensorflow`` in a fresh Python process: this machine's fixed cost."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tensorflow"], check=True, capture_output=True,
                   env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"))
    return time.perf_counter() - start


def run(path: Path) -> tuple[float, float | None, tuple[float, float] | None, str | None]:
    """Execute one notebook.

    Returns (seconds, kernel peak MiB, (peak PSS, peak RSS sum) with children in MiB, error).
    """
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")
    km = KernelManager(kernel_name="python3")
    start = time.perf_counter()
    km.start_kernel(cwd=str(path.parent), env=env)
    error = None
    peak = None
    tree = None
    try:
        client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(path.parent)}})
        pid = km.provisioner.pid if km.provisioner else None
        with client.setup_kernel(), TreeSampler(pid) as sampler:
            try:
                client.execute()
            except Exception as exc:  # report and go on with the next notebook
                error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:160]}"
            peak = peak_rss_mib(pid) if pid else None
        tree = (sampler.peak, sampler.peak_rss) if sampler.peak else None
    finally:
        elapsed = time.perf_counter() - start
        if km.is_alive():
            km.shutdown_kernel(now=True)
    return elapsed, peak, tree, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time and peak memory of each notebook.")
    parser.add_argument("names", nargs="*", help="run only notebooks whose names start with these")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.name.startswith(tuple(args.names))]
    print(f"machine: {os.cpu_count()} CPU cores; a fresh `import tensorflow` takes "
          f"{tensorflow_import_seconds():.1f} s here")
    print(f"{'notebook':<28} {'wall s':>8} {'budget':>7} {'kernel MiB':>10} {'+children':>9} "
          f"{'(RSS sum)':>9} {'budget':>7}  status")
    total_s = 0.0
    worst_mib = 0.0
    failures = 0
    for path in paths:
        seconds, mib, tree, error = run(path)
        total_s += seconds
        pss = tree[0] if tree else 0.0
        worst_mib = max(worst_mib, mib or 0.0, pss)
        over = seconds > BUDGET_S or max(mib or 0.0, pss) > BUDGET_MIB
        status = f"ERROR {error}" if error else ("OVER BUDGET" if over else "ok")
        failures += bool(error)
        mib_text = f"{mib:10.0f}" if mib is not None else f"{'n/a':>10}"
        tree_text = f"{tree[0]:9.0f} {tree[1]:9.0f}" if tree else f"{'n/a':>9} {'n/a':>9}"
        print(
            f"{path.stem:<28} {seconds:8.1f} {BUDGET_S:7.0f} {mib_text} {tree_text} "
            f"{BUDGET_MIB:7.0f}  {status}",
            flush=True,
        )
    print(f"{'total':<28} {total_s:8.1f} {'':>7} {worst_mib:10.0f} {'(max)':>9}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(paths)} notebooks, {failures} failed; machine: {os.cpu_count()} CPU cores, "
          f"load average {load:.1f} at the end")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
