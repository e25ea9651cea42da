"""Every exercise of the course: its solution passes, and its wrong samples reach every explanation.

The explanations a checker can give are read from its source: every ``return`` of a string
(a literal or an f-string) in the checker function and in the module's functions it calls is one
explanation. Each must be produced by at least one of the exercise's wrong samples, so a checker
that can only ever say "wrong type" (or that accepts a wrong answer) makes a test fail.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from kerasnb.exercises import (
    Code,
    Exercise,
    UnknownExerciseError,
    Wrong,
    all_exercises,
    check,
    check_answer,
    evaluate,
    get,
)

EXERCISES = all_exercises()
IDS = [ex.id for ex in EXERCISES]
CRASHED = "could not be checked"  # what evaluate says when a checker raises


# --------------------------------------------------------------------------- explanation branches


@dataclass(frozen=True)
class Branch:
    """One ``return "..."`` of a checker: where it is and the messages it can produce."""

    function: str
    line: int
    pattern: re.Pattern[str]
    fixed: str  # the literal text of the message, without the interpolated parts

    def __str__(self) -> str:
        return f"{self.function}:{self.line} {self.fixed[:60]!r}"


def _pieces(node: ast.expr) -> list[str | None] | None:
    """The literal parts of a string expression (None for an interpolation), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.Constant) else None for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def branches_of_source(source: str, function: str) -> list[Branch]:
    """The string returns of ``function`` and of the module-level functions it calls."""
    tree = ast.parse(source)
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if function not in defs:
        raise LookupError(f"{function} is not a module-level function")
    todo, seen = [function], set()
    found: list[Branch] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(defs[name]):
            if isinstance(node, ast.Name) and node.id in defs:
                todo.append(node.id)
            if isinstance(node, ast.Return) and node.value is not None:
                for value in _alternatives(node.value):
                    pieces = _pieces(value)
                    if pieces is None:
                        continue
                    regex = "".join(".*?" if p is None else re.escape(p) for p in pieces)
                    fixed = "".join(p for p in pieces if p is not None)
                    found.append(Branch(name, value.lineno, re.compile(regex, re.DOTALL), fixed))
    return found


def _alternatives(node: ast.expr) -> list[ast.expr]:
    """The values a returned expression can take: both sides of ``a if c else b``, ``a or b``."""
    if isinstance(node, ast.IfExp):
        return _alternatives(node.body) + _alternatives(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [alt for value in node.values for alt in _alternatives(value)]
    return [node]


@cache
def branches(exercise_id: str) -> tuple[Branch, ...]:
    checker = get(exercise_id).checker
    source = inspect.getsource(sys.modules[checker.__module__])
    return tuple(branches_of_source(source, checker.__name__))


def branch_of(message: str, candidates: tuple[Branch, ...]) -> Branch | None:
    """The branch that wrote ``message``: the most specific one whose pattern matches it."""
    matching = [b for b in candidates if b.pattern.fullmatch(message)]
    return max(matching, key=lambda b: len(b.fixed), default=None)


def uncovered(messages: list[str], candidates: tuple[Branch, ...]) -> list[Branch]:
    reached = {branch_of(m, candidates) for m in messages}
    return [b for b in candidates if b not in reached]


def build(ex: Exercise, sample: Any) -> Any:
    """A wrong sample's answer; a :class:`Code` sample is run after the exercise's setup."""
    answer = sample.answer if isinstance(sample, Wrong) else sample
    if not isinstance(answer, Code):
        return answer
    namespace: dict[str, Any] = {}
    exec(compile(ex.setup + "\n" + answer, f"<wrong sample {ex.id}>", "exec"), namespace)
    return namespace["answer"]


# --------------------------------------------------------------------------- the exercises


def test_ids_are_unique_and_numbered_by_notebook() -> None:
    assert len(IDS) == len(set(IDS))
    for ex in EXERCISES:
        module = ex.checker.__module__.rsplit(".", 1)[-1]
        assert ex.id[:2].isdigit() and ex.id[2] == ".", ex.id
        assert module == f"nb{ex.id[:2]}", f"{ex.id} is registered in {module}"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_solution_passes_its_checker(ex: Exercise) -> None:
    namespace: dict = {}
    exec(compile(ex.setup + "\n" + ex.solution, f"<solution {ex.id}>", "exec"), namespace)
    assert "answer" in namespace, f"{ex.id}: the solution must set `answer`"
    verdict = evaluate(ex.id, namespace["answer"])
    assert verdict.ok, f"{ex.id}: solution rejected: {verdict.explanation}"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_wrong_samples_reach_every_explanation(ex: Exercise) -> None:
    assert ex.wrong, f"{ex.id}: list sample wrong answers so the checker is seen to fail"
    candidates = branches(ex.id)
    assert candidates, f"{ex.id}: the checker has no explanation in its source"
    short = [str(b) for b in candidates if len(b.fixed.strip()) < 25]
    assert not short, f"{ex.id}: explanations too short to say what is wrong: {short}"
    messages = []
    for sample in ex.wrong:
        verdict = evaluate(ex.id, build(ex, sample))
        shown = sample.answer if isinstance(sample, Wrong) else sample
        assert verdict.status == "wrong", f"{ex.id}: accepted a wrong answer {shown!r}"
        assert CRASHED not in verdict.explanation, (
            f"{ex.id}: the checker crashed on {shown!r} instead of explaining: "
            f"{verdict.explanation}"
        )
        if isinstance(sample, Wrong):
            assert sample.says in verdict.explanation, (
                f"{ex.id}: for {shown!r} expected an explanation with {sample.says!r}, "
                f"got {verdict.explanation!r}"
            )
        assert branch_of(verdict.explanation, candidates) is not None, verdict.explanation
        messages.append(verdict.explanation)
    missing = uncovered(messages, candidates)
    assert not missing, (
        f"{ex.id}: no wrong sample gets these explanations: {[str(b) for b in missing]}"
    )


# --------------------------------------------------------------------------- the branch finder


_TOY = '''
def _helper(x):
    if x < 0:
        return f"{x} is negative, a count is at least 0."
    return None

def _toy(answer):
    if not isinstance(answer, int):
        return "Expected a whole number" + " of things."
    if answer == 1:
        return None
    return _helper(answer) or f"You gave {answer}; expected exactly 1 thing."

def _other(answer):
    return "Not reachable from _toy, not counted."
'''


def test_branch_finder_sees_returns_of_the_checker_and_its_helpers() -> None:
    found = branches_of_source(_TOY, "_toy")
    assert sorted(b.function for b in found) == ["_helper", "_toy", "_toy"]
    assert {b.fixed for b in found} == {
        " is negative, a count is at least 0.", "Expected a whole number of things.",
        "You gave ; expected exactly 1 thing.",
    }


def test_branch_finder_reports_an_explanation_no_sample_reaches() -> None:
    found = tuple(branches_of_source(_TOY, "_toy"))
    messages = ["Expected a whole number of things.", "You gave 2; expected exactly 1 thing."]
    assert [b.function for b in uncovered(messages, found)] == ["_helper"]
    assert uncovered(messages + ["-3 is negative, a count is at least 0."], found) == []


def test_a_message_goes_to_its_most_specific_branch() -> None:
    source = (
        "def f(a):\n"
        "    if a:\n        return f'{a} is wrong.'\n"
        "    return f'{a} is wrong: the bias is missing.'\n"
    )
    found = tuple(branches_of_source(source, "f"))
    assert branch_of("3 is wrong: the bias is missing.", found).line == 4


# --------------------------------------------------------------------------- evaluate / check_answer


def test_evaluate_returns_a_verdict_that_explains() -> None:
    verdict = evaluate("00.params", 320)
    assert verdict.status == "wrong" and not verdict.ok and not verdict
    assert "biases" in verdict.explanation and verdict.message == verdict.explanation
    assert verdict.exercise_id == "00.params"
    assert evaluate("00.params", 330) and evaluate("00.params", 330).status == "correct"


def test_evaluate_shows_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    evaluate("00.params", 1)
    evaluate("00.params", ...)
    assert capsys.readouterr().out == ""


def test_unanswered_exercise_does_not_raise(capsys: pytest.CaptureFixture[str]) -> None:
    verdict = check("00.params", ...)
    assert verdict.status == "unanswered" and not verdict
    assert "Not answered yet" in capsys.readouterr().out


def test_check_is_check_answer() -> None:
    import kerasnb

    assert check is check_answer
    assert kerasnb.check is check_answer


def test_prints_text_under_a_shell_without_a_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()  # as in a script run by IPython, or another test
    assert not check_answer("00.params", 320)
    out = capsys.readouterr().out
    assert "You counted the weights" in out and "Hint:" in out


def test_a_checker_that_crashes_still_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from kerasnb.exercises import nb00

    def crashes(answer: Any) -> str | None:
        raise RuntimeError("boom")

    broken = [replace(ex, checker=crashes) for ex in nb00.EXERCISES]
    monkeypatch.setattr(nb00, "EXERCISES", broken)
    verdict = evaluate("00.params", object())
    assert verdict.status == "wrong"
    assert "RuntimeError: boom" in verdict.explanation and "object" in verdict.explanation


def test_unknown_exercise_lists_the_known_ids() -> None:
    from kerasnb.errors import KerasnbError

    with pytest.raises(UnknownExerciseError, match="00.params") as info:
        get("00.nope")
    assert isinstance(info.value, KeyError) and isinstance(info.value, KerasnbError)
    assert str(info.value).startswith("No exercise '00.nope'")


def test_solution_is_folded_in_the_notebook_view() -> None:
    page = evaluate("00.params", 1)._repr_html_()
    assert "<details><summary>Show solution</summary>" in page and "330" in page
    assert "Hint:" in page


def test_a_verdict_made_by_hand_still_renders() -> None:
    from kerasnb.exercises import Verdict

    verdict = Verdict("wrong", "Not quite.")
    assert "Not quite." in verdict._repr_html_() and "Not quite." in str(verdict)


def test_a_shell_without_a_kernel_gets_the_text_once(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from IPython.core.interactiveshell import InteractiveShell

    # A doctest run earlier in the same process leaves ``builtins._`` set, and IPython then
    # never rebinds ``_`` (it leaves a builtin ``_`` alone, as for gettext).
    monkeypatch.delattr(builtins, "_", raising=False)
    shell = InteractiveShell.instance()
    shell.run_cell("from kerasnb.exercises import check_answer", store_history=True)
    capsys.readouterr()
    shell.run_cell('check_answer("00.params", 320)', store_history=True)
    out = capsys.readouterr().out
    assert out.count("You counted the weights") == 1 and "HTML object" not in out
    shell.run_cell("_", store_history=True)  # the verdict asked for again, in a later cell
    assert capsys.readouterr().out.count("You counted the weights") == 1
