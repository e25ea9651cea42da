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
    assert any("Keras 2.15.0 is installed" in p and "keras >= 3.0" in p for p in problems)
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
