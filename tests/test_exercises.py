"""Every exercise of the course: its solution passes its checker, and wrong answers are explained."""

from __future__ import annotations

import pytest

from kerasnb.exercises import Exercise, all_exercises, check, evaluate, get

EXERCISES = all_exercises()


def test_ids_are_unique_and_numbered_by_notebook() -> None:
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) == len(set(ids))
    assert all(ex.id[:2].isdigit() and ex.id[2] == "." for ex in EXERCISES)


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.id for ex in EXERCISES])
def test_solution_passes_its_checker(ex: Exercise) -> None:
    namespace: dict = {}
    exec(compile(ex.setup + "\n" + ex.solution, f"<solution {ex.id}>", "exec"), namespace)
    assert "answer" in namespace, f"{ex.id}: the solution must set `answer`"
    verdict = evaluate(ex.id, namespace["answer"])
    assert verdict.ok, f"{ex.id}: solution rejected: {verdict.message}"


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.id for ex in EXERCISES])
def test_wrong_answers_get_an_explanation(ex: Exercise) -> None:
    assert ex.wrong, f"{ex.id}: list sample wrong answers so the checker is seen to fail"
    for wrong in ex.wrong:
        verdict = evaluate(ex.id, wrong)
        assert verdict.status == "wrong", f"{ex.id}: accepted a wrong answer {wrong!r}"
        assert len(verdict.message) > 20, f"{ex.id}: explain what is wrong, got {verdict.message!r}"


def test_unanswered_exercise_does_not_raise(capsys: pytest.CaptureFixture[str]) -> None:
    assert check("00.params", ...) is False
    assert "Not answered yet" in capsys.readouterr().out


def test_prints_text_under_a_shell_without_a_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()  # as in a script run by IPython, or another test
    assert check("00.params", 320) is False
    out = capsys.readouterr().out
    assert "You counted the weights" in out and "Hint:" in out


def test_a_checker_that_crashes_still_explains() -> None:
    verdict = evaluate("00.same-network", object())
    assert verdict.status == "wrong" and "object" in verdict.message


def test_unknown_exercise_lists_the_known_ids() -> None:
    with pytest.raises(KeyError, match="00.params"):
        get("00.nope")


def test_solution_is_folded_in_the_notebook_view() -> None:
    from kerasnb.exercises import _html

    page = _html(get("00.params"), evaluate("00.params", 1))
    assert "<details><summary>Show solution</summary>" in page and "330" in page
    assert "Hint:" in page
