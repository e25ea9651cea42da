"""Exercises checked by code: a message that explains, a hint, and a solution kept folded.

>>> from kerasnb.exercises import evaluate
>>> evaluate("00.params", ...).status
'unanswered'
>>> evaluate("00.params", 5).status
'wrong'

In a notebook, ``check(exercise_id, answer)`` shows the verdict (green or red), the hint and a
collapsed "Show solution" block, and returns True when the answer is right. It never raises, so
an exercise nobody has answered yet (``answer = ...``) does not stop the notebook.

Each notebook ``NN`` keeps its exercises in ``kerasnb/exercises/nbNN.py`` as a list
``EXERCISES`` of :class:`Exercise`; an exercise id starts with the notebook number (``"01.x"``).
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Exercise", "Verdict", "all_exercises", "check", "evaluate", "get", "received"]

Checker = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: a checker that explains, a hint, and a solution that passes the checker.

    >>> ex = Exercise("99.double", "Double 21", lambda a: None if a == 42 else "Not 42.",
    ...               solution="answer = 21 * 2")
    >>> ex.checker(42) is None
    True

    ``checker(answer)`` returns None when the answer is right, otherwise one or two sentences
    that say what was received, what was expected and where to look. ``solution`` is code that
    sets ``answer``; ``setup`` is code run before it in tests (keep it cheap); ``wrong`` holds
    sample wrong answers that the checker must explain (the tests check both).
    """

    id: str
    title: str
    checker: Checker
    solution: str
    hint: str = ""
    setup: str = ""
    wrong: tuple[Any, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer.

    >>> Verdict("correct", "Right.").ok
    True
    """

    status: Literal["correct", "wrong", "unanswered"]
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "correct"


def received(value: Any, limit: int = 80) -> str:
    """A short description of what the learner gave, for checker messages.

    >>> received([1, 2, 3])
    'list [1, 2, 3]'
    """
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, type):
        return f"{type(value).__name__} of shape {tuple(shape)}"
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{type(value).__name__} {text}"


def _modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("nb")
    )


def all_exercises() -> list[Exercise]:
    """Every exercise of every notebook, in notebook order.

    >>> all(ex.id[:2].isdigit() for ex in all_exercises())
    True
    """
    found: list[Exercise] = []
    for name in _modules():
        found.extend(importlib.import_module(f"{__name__}.{name}").EXERCISES)
    return found


def get(exercise_id: str) -> Exercise:
    """The exercise with this id (``"NN.name"``); the error lists the ids that exist.

    >>> get("00.params").title
    'Count the parameters of a Dense layer'
    """
    prefix = str(exercise_id).split(".", 1)[0]
    module = f"nb{prefix}"
    candidates: list[Exercise] = []
    if module in _modules():
        candidates = importlib.import_module(f"{__name__}.{module}").EXERCISES
        for ex in candidates:
            if ex.id == exercise_id:
                return ex
    ids = [ex.id for ex in (candidates or all_exercises())]
    raise KeyError(f"No exercise {exercise_id!r}. Known ids: {', '.join(ids)}")


def evaluate(exercise_id: str, answer: Any) -> Verdict:
    """Check an answer without displaying anything.

    >>> evaluate("00.params", 330).ok
    True
    """
    ex = get(exercise_id)
    if answer is Ellipsis:
        return Verdict("unanswered", "Not answered yet: replace the `...` with your answer.")
    try:
        problem = ex.checker(answer)
    except Exception as exc:  # a checker must explain, even on an answer of a surprising type
        problem = (
            f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
            f"You gave {received(answer)}."
        )
    if problem is None:
        return Verdict("correct", "Correct!")
    return Verdict("wrong", problem)


_COLOURS = {"correct": "#1b7f3b", "wrong": "#b3261e", "unanswered": "#8a6d00"}
_ICONS = {"correct": "✔", "wrong": "✘", "unanswered": "…"}


def _html(ex: Exercise, verdict: Verdict) -> str:
    colour = _COLOURS[verdict.status]
    parts = [
        f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">',
        f'<b style="color:{colour}">{_ICONS[verdict.status]} {html.escape(ex.title)}</b>: '
        f"{html.escape(verdict.message)}",
    ]
    if ex.hint and not verdict.ok:
        parts.append(f"<div><i>Hint:</i> {html.escape(ex.hint)}</div>")
    parts.append(
        "<details><summary>Show solution</summary>"
        f"<pre>{html.escape(ex.solution.strip())}</pre></details></div>"
    )
    return "".join(parts)


def _text(ex: Exercise, verdict: Verdict) -> str:
    lines = [f"{_ICONS[verdict.status]} {ex.title}: {verdict.message}"]
    if ex.hint and not verdict.ok:
        lines.append(f"Hint: {ex.hint}")
    lines.append(f"(solution: kerasnb.exercises.get({ex.id!r}).solution)")
    return "\n".join(lines)


def check(exercise_id: str, answer: Any) -> bool:
    """Show whether ``answer`` solves the exercise, with an explanation; True when it does.

    >>> check("00.params", 330)
    ✔ Count the parameters of a Dense layer: Correct!
    (solution: kerasnb.exercises.get('00.params').solution)
    True
    """
    ex = get(exercise_id)
    verdict = evaluate(exercise_id, answer)
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if getattr(shell, "kernel", None) is not None:  # a notebook front end draws the HTML
        from IPython.display import HTML, display

        display(HTML(_html(ex, verdict)))
    else:
        print(_text(ex, verdict))
    return verdict.ok
