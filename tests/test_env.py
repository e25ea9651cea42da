"""The environment check reports old Keras and other backends in plain words."""

from __future__ import annotations

import pytest

from kerasnb.env import EnvironmentProblem, check_environment, find_problems


def test_current_environment_is_fine(capsys: pytest.CaptureFixture[str]) -> None:
    versions = check_environment()
    out = capsys.readouterr().out
    assert versions.backend == "tensorflow" and "All good" in out
    assert int(versions.keras.split(".")[0]) >= 3


def test_keras_2_is_reported_with_the_fix() -> None:
    problems = find_problems("3.11.7", "2.15.0", "2.15.0", "tensorflow")
    assert any("Keras 2.15.0 is installed" in p and "keras >= 3.15" in p for p in problems)
    assert any("TensorFlow 2.15.0" in p for p in problems)


def test_other_backend_is_reported_with_the_fix() -> None:
    (problem,) = find_problems("3.12.1", "2.21.0", "3.15.1", "jax")
    assert '"jax"' in problem and 'os.environ["KERAS_BACKEND"] = "tensorflow"' in problem


def test_missing_packages_and_old_python() -> None:
    problems = find_problems("3.9.0", None, None, None)
    assert len(problems) == 3 and "Python 3.9.0 is too old" in problems[0]


def test_check_environment_raises_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from kerasnb import env

    monkeypatch.setattr(
        env, "current_versions", lambda: env.Versions("3.11.7", "2.21.0", "3.15.1", "torch")
    )
    with pytest.raises(EnvironmentProblem, match="cannot run the course"):
        check_environment()
    assert check_environment(raise_on_problem=False).backend == "torch"


def test_keras_3_older_than_the_floor_is_reported() -> None:
    (problem,) = find_problems("3.11.7", "2.16.1", "3.0.5", "tensorflow")
    assert "Keras 3.0.5 is older than this course needs (keras >= 3.15" in problem
    assert find_problems("3.11.7", "2.16.1", "3.15.0", "tensorflow") == []


def test_wait_until_answering_stops_when_the_server_process_ends() -> None:
    import subprocess
    import sys
    import time

    from kerasnb.env import wait_until_answering

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    start = time.monotonic()
    assert not wait_until_answering("http://127.0.0.1:9/", pid=process.pid, timeout=60)
    assert time.monotonic() - start < 30, "a finished process must end the wait"


def test_wait_until_answering_sees_a_server_that_answers() -> None:
    import http.server
    import threading

    from kerasnb.env import main

    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/nothing-here"  # a 404 is an answer
        assert main(["wait", url, "--timeout", "30"]) == 0
    finally:
        server.shutdown()
