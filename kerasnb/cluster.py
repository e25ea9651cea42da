"""A few worker processes on this machine, wired together with ``TF_CONFIG``, always stopped.

>>> from kerasnb.cluster import LocalCluster
>>> with LocalCluster(workers=2) as cluster:
...     _ = cluster.write("hello.py", "import json, os\\n"
...                       "print(json.loads(os.environ['TF_CONFIG'])['task'])\\n")
...     cluster.run("hello.py", timeout=60)
...     print(cluster.log(1).strip())
[0, 0]
{'type': 'worker', 'index': 1}

``tf.distribute.MultiWorkerMirroredStrategy`` finds its peers through the ``TF_CONFIG``
environment variable: the address of every worker and the index of the one reading it. On a
real cluster a scheduler (Kubernetes, Slurm, a cloud training service) starts one process per
machine with that variable set. ``LocalCluster`` does the same on ``127.0.0.1`` so a notebook
can show it for real: it picks free ports, writes the workers' script into a temporary folder,
starts one Python process per worker with its own ``TF_CONFIG``, keeps each worker's output in
a log file, and stops them again.

Stopping is not left to the learner's care: a ``with`` block (or :meth:`LocalCluster.running`)
stops the workers when the block ends, also when a cell fails or is interrupted; whatever is
still running when the object is garbage collected or Python exits is stopped then, and on
Linux a worker also ends when the process that started it dies. The temporary folder (the
script, logs, checkpoints) is removed by :meth:`LocalCluster.close`, at the end of a ``with``
block, or at exit. A folder left by a kernel that was killed outright is removed the next time
a ``LocalCluster`` is made.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kerasnb.errors import KerasnbError

__all__ = [
    "ClusterError", "LocalCluster", "WorkerError", "free_ports", "remove_stale_folders", "tf_config",
]


class ClusterError(KerasnbError):
    """A cluster was asked for something it cannot do (bad worker count, index, script).

    >>> str(ClusterError("workers must be at least 1", received=0, expected="1, 2, 3, ..."))
    'workers must be at least 1 (received: 0; expected: 1, 2, 3, ...)'
    """


class WorkerError(RuntimeError):
    """A worker process failed or did not finish in time; the message ends with its log.

    >>> WorkerError("worker 1 exited with status 1").args[0]
    'worker 1 exited with status 1'
    """


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` distinct TCP ports that are free on ``host`` right now.

    >>> ports = free_ports(2)
    >>> len(set(ports)) == 2 and all(1024 <= p < 65536 for p in ports)
    True
    """
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            sockets.append(sock)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tf_config(addresses: Sequence[str], index: int) -> dict[str, Any]:
    """The ``TF_CONFIG`` of worker ``index`` in a cluster of workers at ``addresses``.

    >>> tf_config(["127.0.0.1:2222", "127.0.0.1:2223"], 1)
    {'cluster': {'worker': ['127.0.0.1:2222', '127.0.0.1:2223']}, 'task': {'type': 'worker', 'index': 1}}
    """
    if not 0 <= index < len(addresses):
        raise ClusterError(
            "worker index out of range", received=index, expected=f"0 to {len(addresses) - 1}"
        )
    return {"cluster": {"worker": list(addresses)}, "task": {"type": "worker", "index": index}}


def _stop_processes(processes: list[subprocess.Popen[bytes]], grace: float = 5.0) -> None:
    """Ask every process (and its process group) to end, then kill what is left."""
    for proc in processes:
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in processes:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # a worker may have started children of its own in its group: end those too
    for proc in processes:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)


def _cleanup(processes: list[subprocess.Popen[bytes]], folder: str) -> None:
    _stop_processes(processes)
    processes.clear()
    shutil.rmtree(folder, ignore_errors=True)


def _owner_alive(folder: Path) -> bool:
    try:
        pid = int((folder / "owner.pid").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def remove_stale_folders() -> list[Path]:
    """Remove cluster folders left by a process that was killed (SIGKILL runs no clean-up).

    >>> isinstance(remove_stale_folders(), list)
    True
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob("kerasnb-cluster-*"):
        if folder.is_dir() and (folder / "owner.pid").exists() and not _owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, have the kernel send SIGTERM to the worker when its parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


MAX_WORKERS = 16
"""The most worker processes a LocalCluster starts (each one loads TensorFlow)."""


class LocalCluster:
    """``workers`` Python processes on 127.0.0.1, each with its own ``TF_CONFIG``.

    >>> with LocalCluster(workers=2) as cluster:
    ...     _ = cluster.write("task.py", "import os; print(os.environ['TF_CONFIG'][:11])")
    ...     cluster.run("task.py", timeout=60)
    ...     cluster.log(0).strip()
    [0, 0]
    '{"cluster":'

    Args:
        workers: how many worker processes (at least 1).
        host: the address the workers listen on; keep the loopback address so nothing is
            reachable from other machines.
        env: extra environment variables for every worker.

    The folder (``cluster.folder``) holds the script, one log per worker
    (``worker-0.log``, ...) and whatever the workers write (checkpoints, backups). It lives
    until :meth:`close`, so a second run can resume from what the first one saved.
    """

    def __init__(
        self, workers: int = 2, host: str = "127.0.0.1", env: dict[str, str] | None = None
    ) -> None:
        if not isinstance(workers, int) or isinstance(workers, bool) or not (
                1 <= workers <= MAX_WORKERS):
            raise ClusterError(
                "workers must be a whole number of processes", received=repr(workers)[:60],
                expected=f"1 to {MAX_WORKERS} (each worker is a TensorFlow process)",
            )
        if not isinstance(host, str) or not host:
            raise ClusterError("host must be an address", received=f"host={host!r:.60}",
                               expected="'127.0.0.1' (only this machine can connect)")
        if env is not None and not (isinstance(env, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in env.items())):
            raise ClusterError("env must map variable names to texts",
                               received=f"env={env!r:.60}", expected="e.g. {'SEED': '1'}")
        self.workers = workers
        self.host = host
        self.env = dict(env or {})
        try:
            free_ports(1, host)
        except OSError as err:  # an unknown or foreign address: nothing is started
            raise ClusterError(f"cannot listen on host {host!r:.60}: {err.strerror or err}",
                               received=f"host={host!r:.60}",
                               expected="'127.0.0.1' (only this machine can connect)") from None
        remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix="kerasnb-cluster-"))
        (self.folder / "owner.pid").write_text(str(os.getpid()))
        self.addresses = [f"{host}:{port}" for port in free_ports(workers, host)]
        self._processes: list[subprocess.Popen[bytes]] = []
        self._finalizer = weakref.finalize(self, _cleanup, self._processes, str(self.folder))

    def tf_config(self, index: int) -> dict[str, Any]:
        """The ``TF_CONFIG`` worker ``index`` is started with (as a dict)."""
        self._check_index(index)
        return tf_config(self.addresses, index)

    # -- files -----------------------------------------------------------------------------
    def write(self, name: str, source: str) -> Path:
        """Write a file (the workers' script) into the cluster's folder; returns its path."""
        path = self._path(name)
        path.write_text(source, encoding="utf-8")
        return path

    def _path(self, name: str) -> Path:
        path = (self.folder / name).resolve()
        if self.folder.resolve() not in path.parents:
            raise ClusterError(
                "file names are relative to the cluster's folder", received=name,
                expected="a plain name such as 'worker.py'",
            )
        return path

    def log(self, index: int) -> str:
        """Everything worker ``index`` has printed so far (stdout and stderr)."""
        self._check_index(index)
        path = self.folder / f"worker-{index}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def show_logs(self, last: int = 12) -> None:
        """Print the last ``last`` lines of each worker's log under a heading."""
        for index in range(self.workers):
            lines = self.log(index).rstrip().splitlines()
            print(f"--- worker {index} ({self.addresses[index]}), last {min(last, len(lines))} lines")
            print("\n".join(lines[-last:]))

    # -- processes -------------------------------------------------------------------------
    @property
    def alive(self) -> list[bool]:
        """For each worker: is its process running?"""
        if not self._processes:
            return [False] * self.workers
        return [proc.poll() is None for proc in self._processes]

    @property
    def pids(self) -> list[int]:
        """The process ids of the current workers (empty when none was started)."""
        return [proc.pid for proc in self._processes]

    def start(self, script: str, *args: str) -> None:
        """Start one process per worker running ``python script args...`` in the folder."""
        if self._finalizer.alive is False:
            raise ClusterError("this cluster was closed", received="start()",
                               expected="a new LocalCluster")
        if any(self.alive):
            raise ClusterError("workers are already running", received=f"pids {self.pids}",
                               expected="stop() before starting again")
        path = self._path(script)
        if not path.is_file():
            raise ClusterError("no such script in the cluster's folder", received=script,
                               expected=f"a file written with cluster.write() into {self.folder}")
        self._processes.clear()
        for index in range(self.workers):
            env = {k: v for k, v in os.environ.items() if k != "TF_CONFIG"}
            env.update(self.env)
            env["TF_CONFIG"] = json.dumps(self.tf_config(index))
            env["PYTHONUNBUFFERED"] = "1"
            env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            with open(self.folder / f"worker-{index}.log", "wb") as log:
                self._processes.append(
                    subprocess.Popen(
                        [sys.executable, str(path), *map(str, args)],
                        cwd=self.folder, env=env, stdin=subprocess.DEVNULL, stdout=log,
                        stderr=subprocess.STDOUT, start_new_session=True,
                        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                    )
                )

    def wait_for(self, index: int, text: str, timeout: float = 120.0) -> None:
        """Wait until worker ``index`` has printed ``text``; WorkerError if it ends first."""
        self._check_index(index)
        deadline = time.monotonic() + timeout
        while text not in self.log(index):
            proc = self._processes[index] if self._processes else None
            if proc is None or proc.poll() is not None:
                raise WorkerError(self._report(index, f"ended before printing {text!r}"))
            if time.monotonic() > deadline:
                raise WorkerError(self._report(index, f"did not print {text!r} in {timeout:g} s"))
            time.sleep(0.1)

    def wait_for_exit(self, index: int, timeout: float = 120.0) -> int:
        """Wait until worker ``index`` has ended; its exit status (-9 when it was killed)."""
        self._check_index(index)
        if not self._processes:
            raise ClusterError("no worker was started", received="wait_for_exit()",
                               expected="start() first")
        try:
            return self._processes[index].wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise WorkerError(self._report(index, f"still runs after {timeout:g} s")) from None

    def kill(self, index: int) -> None:
        """Kill worker ``index`` at once (SIGKILL), as a crashed machine would stop."""
        self._check_index(index)
        if self._processes and self._processes[index].poll() is None:
            os.killpg(self._processes[index].pid, signal.SIGKILL)
            self._processes[index].wait()

    def wait(self, timeout: float = 300.0) -> list[int]:
        """Wait for every worker to finish; their exit statuses, or WorkerError with the log.

        On a failure or a timeout the other workers are stopped before the error is raised.
        """
        deadline = time.monotonic() + timeout
        for index, proc in enumerate(self._processes):
            try:
                code = proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stop()
                raise WorkerError(self._report(index, f"did not finish in {timeout:g} s")) from None
            if code != 0:
                self.stop()
                raise WorkerError(self._report(index, f"exited with status {code}"))
        return [proc.returncode for proc in self._processes]

    def stop(self) -> None:
        """Stop every worker that still runs (SIGTERM, then SIGKILL after 5 s)."""
        _stop_processes(self._processes)

    @contextlib.contextmanager
    def running(self, script: str, *args: str) -> Iterator[LocalCluster]:
        """Start the workers for the length of a ``with`` block; they are stopped at its end."""
        self.start(script, *args)
        try:
            yield self
        finally:
            self.stop()

    def run(self, script: str, *args: str, timeout: float = 300.0) -> list[int]:
        """Start the workers, wait for all of them, and always stop them."""
        with self.running(script, *args):
            return self.wait(timeout)

    def close(self) -> None:
        """Stop the workers and remove the folder with everything in it."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"alive={self.alive}"
        return f"LocalCluster(workers={self.workers}, addresses={self.addresses}, {state})"

    # -- helpers ---------------------------------------------------------------------------
    def _check_index(self, index: int) -> None:
        if not isinstance(index, int) or not 0 <= index < self.workers:
            raise ClusterError("no such worker", received=repr(index),
                               expected=f"an index from 0 to {self.workers - 1}")

    def _report(self, index: int, what: str) -> str:
        tail = "\n".join(self.log(index).rstrip().splitlines()[-15:])
        return f"worker {index} ({self.addresses[index]}) {what}. Last lines of its log:\n{tail}"
