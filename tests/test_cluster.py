"""LocalCluster starts workers with their TF_CONFIG and always stops them and removes its files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from kerasnb.cluster import ClusterError, LocalCluster, WorkerError, tf_config

SLEEPER = "import time\nprint('ready', flush=True)\ntime.sleep(600)\n"
ROOT = Path(__file__).resolve().parents[1]


def running(pid: int) -> bool:
    """Is there a live (not zombie) process with this id?"""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        if sys.platform == "linux":
            return False
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return "State:\tZ" not in state


def wait_gone(pids: list[int], timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in pids if running(p)]
        if not alive:
            return []
        time.sleep(0.1)
    return [p for p in pids if running(p)]


def test_each_worker_gets_its_own_tf_config() -> None:
    with LocalCluster(workers=2) as cluster:
        cluster.write("show.py", "import os; print(os.environ['TF_CONFIG'])")
        assert cluster.run("show.py", timeout=60) == [0, 0]
        configs = [json.loads(cluster.log(i)) for i in range(2)]
    assert [c["task"] for c in configs] == [
        {"type": "worker", "index": 0},
        {"type": "worker", "index": 1},
    ]
    assert configs[0]["cluster"] == configs[1]["cluster"] == {"worker": cluster.addresses}
    assert all(a.startswith("127.0.0.1:") for a in cluster.addresses)
    assert len(set(cluster.addresses)) == 2


def test_a_failing_cell_inside_with_stops_workers_and_removes_files() -> None:
    cluster = LocalCluster(workers=2)
    cluster.write("sleep.py", SLEEPER)
    with pytest.raises(RuntimeError, match="the cell failed"):
        with cluster:
            cluster.start("sleep.py")
            cluster.wait_for(0, "ready", timeout=60)
            pids = cluster.pids
            assert all(running(p) for p in pids)
            raise RuntimeError("the cell failed")
    assert wait_gone(pids) == []
    assert not cluster.folder.exists()
    assert cluster.closed


def test_running_block_stops_workers_but_keeps_the_folder_for_a_resume() -> None:
    with LocalCluster(workers=2) as cluster:
        cluster.write("sleep.py", SLEEPER)
        with pytest.raises(KeyboardInterrupt):
            with cluster.running("sleep.py"):
                cluster.wait_for(1, "ready", timeout=60)
                pids = cluster.pids
                raise KeyboardInterrupt  # the learner pressed "interrupt kernel"
        assert wait_gone(pids) == []
        assert cluster.alive == [False, False]
        assert (cluster.folder / "sleep.py").exists()  # a second run can resume from here
        folder = cluster.folder
    assert not folder.exists()


def test_killed_worker_is_seen_and_the_others_stopped() -> None:
    with LocalCluster(workers=2) as cluster:
        cluster.write("sleep.py", SLEEPER)
        cluster.start("sleep.py")
        cluster.wait_for(1, "ready", timeout=60)
        cluster.kill(1)
        assert cluster.wait_for_exit(1, timeout=10) == -9
        assert cluster.alive == [True, False]
        with pytest.raises(WorkerError, match="still runs after 0.2 s"):
            cluster.wait_for_exit(0, timeout=0.2)
        cluster.stop()
        assert cluster.alive == [False, False]


def test_a_failed_worker_raises_with_its_log_and_stops_the_rest() -> None:
    with LocalCluster(workers=2) as cluster:
        cluster.write(
            "fail.py",
            "import json, os, time\n"
            "if json.loads(os.environ['TF_CONFIG'])['task']['index'] == 0:\n"
            "    raise SystemExit('worker 0 could not find its data')\n"
            "time.sleep(600)\n",
        )
        cluster.start("fail.py")
        pids = cluster.pids
        with pytest.raises(WorkerError, match="could not find its data") as info:
            cluster.wait(timeout=60)
        assert "exited with status 1" in str(info.value)
        assert wait_gone(pids) == []


def test_a_worker_that_does_not_finish_in_time_is_stopped() -> None:
    with LocalCluster(workers=1) as cluster:
        cluster.write("sleep.py", SLEEPER)
        cluster.start("sleep.py")
        pids = cluster.pids
        with pytest.raises(WorkerError, match="did not finish in 0.5 s"):
            cluster.wait(timeout=0.5)
        assert wait_gone(pids) == []


def test_workers_and_files_go_when_python_exits_after_an_error() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from kerasnb.cluster import LocalCluster
        cluster = LocalCluster(workers=2)
        cluster.write("sleep.py", {SLEEPER!r})
        cluster.start("sleep.py")
        cluster.wait_for(0, "ready", timeout=60)
        cluster.wait_for(1, "ready", timeout=60)
        print(cluster.folder, *cluster.pids, flush=True)
        raise RuntimeError("a cell failed and nobody called stop()")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert "nobody called stop()" in out.stderr
    folder, *pids = out.stdout.split()
    assert wait_gone([int(p) for p in pids]) == []
    assert not Path(folder).exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux only")
def test_workers_end_when_their_parent_is_killed_and_the_folder_goes_later() -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from kerasnb.cluster import LocalCluster
        cluster = LocalCluster(workers=2)
        cluster.write("sleep.py", {SLEEPER!r})
        cluster.start("sleep.py")
        cluster.wait_for(0, "ready", timeout=60)
        cluster.wait_for(1, "ready", timeout=60)
        print(cluster.folder, *cluster.pids, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        folder, *pids = parent.stdout.readline().split()
        parent.kill()  # like a kernel killed by the out-of-memory killer: no clean-up code runs
        parent.wait()
        assert wait_gone([int(p) for p in pids]) == []
        assert Path(folder).exists()  # nothing could run in the killed parent ...
        with LocalCluster(workers=1):
            assert not Path(folder).exists()  # ... so the next cluster removes its folder
    finally:
        parent.kill()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def test_a_failing_notebook_cell_leaves_no_workers_or_files() -> None:
    """The real thing: a Jupyter kernel, a cell that fails, then the kernel shut down."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from kerasnb.cluster import LocalCluster\n"
            "cluster = LocalCluster(workers=2)\n"
            f"cluster.write('sleep.py', {SLEEPER!r})\n"
            "print('FOLDER', cluster.folder)"
        ),
        nbformat.v4.new_code_cell(
            "with cluster.running('sleep.py'):\n"
            "    cluster.wait_for(1, 'ready', timeout=60)\n"
            "    print('PIDS', *cluster.pids)\n"
            "    1 / 0  # a mistake in the learner's cell\n"
        ),
        nbformat.v4.new_code_cell("print('ALIVE', cluster.alive)"),
    ]
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    text = "\n".join(
        o.get("text", "") for c in nb.cells for o in c.outputs if o.get("output_type") == "stream"
    )
    assert any(o.get("ename") == "ZeroDivisionError" for o in nb.cells[1].outputs)
    folder = text.split("FOLDER ", 1)[1].split()[0]
    pids = [int(p) for p in text.split("PIDS ", 1)[1].split("\n", 1)[0].split()]
    assert "ALIVE [False, False]" in text
    assert wait_gone(pids) == []
    # the kernel has been shut down: its clean-up at exit removed the folder
    deadline = time.monotonic() + 20
    while Path(folder).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(folder).exists()


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda: LocalCluster(workers=0), "workers must be a whole number"),
        (lambda: LocalCluster(workers=2.0), "workers must be a whole number"),
        (lambda: tf_config(["127.0.0.1:1"], 3), "worker index out of range"),
    ],
)
def test_bad_arguments_name_what_was_received(make, needle) -> None:
    with pytest.raises(ClusterError, match=needle) as info:
        make()
    assert "received" in str(info.value) and "expected" in str(info.value)


def test_bad_scripts_and_indexes_are_explained() -> None:
    with LocalCluster(workers=2) as cluster:
        with pytest.raises(ClusterError, match="no such script"):
            cluster.start("missing.py")
        with pytest.raises(ClusterError, match="relative to the cluster's folder"):
            cluster.write("../escape.py", "print(1)")
        with pytest.raises(ClusterError, match="no such worker"):
            cluster.log(2)
        cluster.write("sleep.py", SLEEPER)
        cluster.start("sleep.py")
        with pytest.raises(ClusterError, match="already running"):
            cluster.start("sleep.py")
    with pytest.raises(ClusterError, match="closed"):
        cluster.start("sleep.py")


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"workers": 10**6}, "workers"), ({"host": None}, "host"), ({"host": "256.1.1.1"}, "host"),
    ({"env": {"SEED": 1}}, "env"), ({"env": "SEED=1"}, "env")])
def test_bad_cluster_options_are_named_before_anything_starts(kwargs, word) -> None:
    from kerasnb.cluster import ClusterError, LocalCluster

    with pytest.raises(ClusterError, match=word):
        LocalCluster(**kwargs)
