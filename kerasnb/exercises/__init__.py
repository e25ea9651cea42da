"""Exercises checked by code: a verdict that explains, a hint, and a solution kept folded.

>>> from kerasnb.exercises import evaluate
>>> evaluate("00.params", ...).status
'unanswered'
>>> verdict = evaluate("00.params", 5)
>>> verdict.ok, verdict.explanation[:10]
(False, 'You gave 5')

Two entry points, one per audience:

* ``check_answer(exercise_id, answer)`` is the learner's: it shows the verdict (green or red),
  the hint and a collapsed "Show solution" block, and returns the :class:`Verdict`, which is
  truthy when the answer is right. In a notebook the verdict is drawn once: the returned
  object adds nothing below it (no stray ``True``/``False``). ``check`` is the same function
  under the name the notebooks use.
* ``evaluate(exercise_id, answer)`` is for code (tests, autograders such as nbgrader): it
  returns the same :class:`Verdict` and shows nothing. It never raises for an answer, whatever
  its type; a checker that crashes on an answer still gives a "wrong" verdict that says so.
  Only an unknown exercise id raises :class:`UnknownExerciseError`.

Each notebook ``NN`` keeps its exercises in ``kerasnb/exercises/nbNN.py`` as a list
``EXERCISES`` of :class:`Exercise`, with ids that start with the notebook number (``"01.x"``).
Modules are found by file name, so adding ``nbNN.py`` is all it takes to register a notebook's
exercises.
"""

from __future__ import annotations

import html
import importlib
import numbers
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kerasnb.errors import KerasnbError

__all__ = [
    "Code", "Exercise", "UnknownExerciseError", "Verdict", "Wrong", "all_exercises", "check",
    "check_answer", "evaluate", "get", "received", "whole_number",
]

Checker = Callable[[Any], "str | None"]


class Code(str):
    """Source code that sets ``answer``, run after an exercise's ``setup``.

    >>> Code("answer = 1 + 1")
    Code('answer = 1 + 1')

    Used for sample wrong answers that are costly to build (models, callbacks), so that
    importing the exercises stays cheap.
    """

    def __repr__(self) -> str:
        return f"Code({str(self)!r})"


@dataclass(frozen=True)
class Wrong:
    """A sample wrong answer and a fragment of the explanation it must get.

    >>> Wrong(320, "counted the weights").says
    'counted the weights'

    ``answer`` may be a :class:`Code` that builds the answer after the exercise's setup.
    """

    answer: Any
    says: str


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
    sample wrong answers, each a :class:`Wrong` (answer and a fragment of its explanation) or a
    bare answer. The tests check that the solution passes, that every wrong sample is rejected
    with its explanation, and that the samples reach every explanation the checker can give.
    """

    id: str
    title: str
    checker: Checker
    solution: str
    hint: str = ""
    setup: str = ""
    wrong: tuple[Any, ...] = field(default_factory=tuple)


class UnknownExerciseError(KerasnbError, KeyError):
    """No exercise has this id; the message lists the ids that exist.

    >>> try:
    ...     get("00.nope")
    ... except UnknownExerciseError as err:
    ...     print(str(err).split(". ")[0])
    No exercise '00.nope'
    """

    __str__ = KerasnbError.__str__  # a KeyError would quote the whole message


Status = Literal["correct", "wrong", "unanswered"]


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer: truthy when it is right.

    >>> verdict = Verdict("correct", "Correct!", "00.params")
    >>> verdict.ok, bool(verdict), verdict.explanation
    (True, True, 'Correct!')

    ``status`` is ``"correct"``, ``"wrong"`` or ``"unanswered"``; ``explanation`` says why
    (``message`` is the same text under its older name). In a notebook a verdict displays as
    the coloured feedback box; one returned by :func:`check_answer` has already been shown,
    so it adds nothing when it is the last line of its cell.
    """

    status: Status
    explanation: str
    exercise_id: str = ""
    shown_in_cell: int | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == "correct"

    @property
    def message(self) -> str:
        return self.explanation

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return _text(self)

    def _repr_html_(self) -> str:
        return _html(self)

    def _ipython_display_(self) -> None:
        shell = _shell()
        if self.shown_in_cell is not None and self.shown_in_cell == getattr(
            shell, "execution_count", None
        ):
            return  # check_answer drew it a moment ago, in this very cell
        _show(self, shell)


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


def whole_number(value: Any) -> int | None:
    """``value`` as an int when it is a whole number (numpy integers too), else None.

    >>> whole_number(3), whole_number(True), whole_number(3.0), whole_number("3")
    (3, None, None, None)
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return None


# --------------------------------------------------------------------------- registry


def _modules() -> list[str]:
    """The exercise modules, found by file name: ``nb00`` ... ``nbNN``."""
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__)
        if info.name.startswith("nb") and info.name[2:].isdigit()
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
    raise UnknownExerciseError(
        f"No exercise {exercise_id!r}. Known ids: {', '.join(ids)}",
        received=repr(exercise_id), expected="one of the ids above",
    )


# --------------------------------------------------------------------------- verdicts


def evaluate(exercise_id: str, answer: Any) -> Verdict:
    """Check an answer and return the :class:`Verdict`, showing nothing (for code and graders).

    >>> evaluate("00.params", 330).ok
    True
    >>> evaluate("00.params", "330").explanation
    "Expected a whole number of parameters, you gave str '330'."
    """
    ex = get(exercise_id)
    if answer is Ellipsis:
        return Verdict("unanswered", "Not answered yet: replace the `...` with your answer.",
                       ex.id)
    try:
        problem = ex.checker(answer)
    except Exception as exc:  # a checker must explain, even on an answer of a surprising type
        problem = (
            f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
            f"You gave {received(answer)}."
        )
    if problem is None:
        return Verdict("correct", "Correct!", ex.id)
    return Verdict("wrong", problem, ex.id)


def _shell() -> Any:
    """The running IPython shell (a notebook kernel or a terminal), or None."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook extras
        return None
    return get_ipython()


def _show(verdict: Verdict, shell: Any) -> None:
    """Draw the verdict: HTML in a notebook kernel, text anywhere else."""
    if getattr(shell, "kernel", None) is None:
        print(_text(verdict))
        return
    from IPython.display import HTML, display

    display(HTML(_html(verdict)))


def check_answer(exercise_id: str, answer: Any) -> Verdict:
    """Show whether ``answer`` solves the exercise, with an explanation; return the Verdict.

    >>> verdict = check_answer("00.params", 330)
    ✔ Count the parameters of a Dense layer: Correct!
    (solution: kerasnb.exercises.get('00.params').solution)
    >>> bool(verdict)
    True

    In a notebook the feedback is drawn as HTML right away, wherever the call stands in the
    cell; elsewhere it is printed as text. It never raises for an answer, so an exercise nobody
    has answered yet (``answer = ...``) does not stop the notebook. The returned verdict is not
    drawn a second time when it is the value of the cell (IPython's display hook).
    """
    verdict = evaluate(exercise_id, answer)
    shell = _shell()
    _show(verdict, shell)
    cell = getattr(shell, "execution_count", None)
    return verdict if cell is None else replace(verdict, shown_in_cell=int(cell))


check = check_answer  # the name the notebooks call


# --------------------------------------------------------------------------- rendering

_COLOURS = {"correct": "#1b7f3b", "wrong": "#b3261e", "unanswered": "#8a6d00"}
_ICONS = {"correct": "✔", "wrong": "✘", "unanswered": "…"}


def _exercise(verdict: Verdict) -> Exercise:
    try:
        return get(verdict.exercise_id)
    except UnknownExerciseError:  # a verdict made by hand: show it without hint or solution
        return Exercise(verdict.exercise_id, verdict.exercise_id or "Exercise", lambda a: None, "")


def _html(verdict: Verdict) -> str:
    ex = _exercise(verdict)
    colour = _COLOURS[verdict.status]
    parts = [
        f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">',
        f'<b style="color:{colour}">{_ICONS[verdict.status]} {html.escape(ex.title)}</b>: '
        f"{html.escape(verdict.explanation)}",
    ]
    if ex.hint and not verdict.ok:
        parts.append(f"<div><i>Hint:</i> {html.escape(ex.hint)}</div>")
    if ex.solution:
        parts.append(
            "<details><summary>Show solution</summary>"
            f"<pre>{html.escape(ex.solution.strip())}</pre></details>"
        )
    return "".join(parts) + "</div>"


def _text(verdict: Verdict) -> str:
    ex = _exercise(verdict)
    lines = [f"{_ICONS[verdict.status]} {ex.title}: {verdict.explanation}"]
    if ex.hint and not verdict.ok:
        lines.append(f"Hint: {ex.hint}")
    if ex.solution:
        lines.append(f"(solution: kerasnb.exercises.get({ex.id!r}).solution)")
    return "\n".join(lines)
