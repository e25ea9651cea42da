"""Starting a Jupyter server for a browser test (JupyterLab, Voilà) and stopping it again.

Both servers run this checkout's ``kerasnb`` in a TensorFlow kernel, listen on 127.0.0.1 with a
token, write their log to a file (shown when they do not start) and are stopped at the end.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def server_env(runtime_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a server whose kernels import this checkout's ``kerasnb``."""
    env = dict(os.environ)
    env.update(
        JUPYTER_RUNTIME_DIR=str(runtime_dir),
        KERAS_BACKEND="tensorflow",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        **extra,
    )
    return env


@contextmanager
def running_server(argv: list[str], *, cwd: Path, env: dict[str, str], log_path: Path,
                   ready: Callable[[], bool], timeout: float = 240) -> Iterator[subprocess.Popen]:
    """Start ``argv``, wait until ``ready()`` (a loaded 2-core machine may take minutes), yield
    the process, and stop it at the end; RuntimeError with the server's log if it never gets
    ready or exits."""
    log = open(log_path, "wb")
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv[2]} did not start; its log:\n"
                                   + log_path.read_text(errors="replace"))
            time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
