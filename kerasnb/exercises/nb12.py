"""Exercises of 12_playground.ipynb: each answer is a playground's ``runs`` table.

>>> [ex.id for ex in EXERCISES]
['12.circles-features', '12.too-high', '12.spiral']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Exercise, received

_NEEDS = {"run", "data", "design", "params", "learning_rate", "test_accuracy", "status"}


def _table_problem(answer: Any) -> str | None:
    """Why the answer is not a runs table with the columns the checkers read, or None."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return (f"Give the playground's runs table (`pg.runs`, a pandas DataFrame); "
                f"you gave {received(answer)}.")
    table = answer.reset_index() if answer.index.name == "run" else answer
    missing = sorted(_NEEDS - set(table.columns))
    if missing:
        return (f"That table lacks the columns {', '.join(missing)}: give `pg.runs` of a "
                "playground that has trained at least once.")
    return None


def _table(answer: Any) -> tuple[Any, str | None]:
    """The runs as a DataFrame with a ``run`` column, or why the answer is not one."""
    problem = _table_problem(answer)
    if problem:
        return None, problem
    return (answer.reset_index() if answer.index.name == "run" else answer), None


def _hidden_layers(design: str) -> int:
    """``"2 → 8 tanh → 1 sigmoid"`` has 1 hidden Dense layer."""
    parts = [p.strip() for p in str(design).split("→")[1:-1]]
    return sum(1 for p in parts if p and p[0].isdigit())


def _circles_features(answer: Any) -> str | None:
    table, problem = _table(answer)
    if problem:
        return problem
    runs = table[table["data"] == "circles"]
    if runs.empty:
        return "None of these runs is on the circles data: use Playground('circles', ...)."
    flat = runs[[_hidden_layers(d) == 0 for d in runs["design"]]]
    if flat.empty:
        return ("Every circles run here has a hidden layer. The point is to do it with none: "
                "hidden=[] (the output neuron alone draws one straight line in feature space).")
    if (flat["test_accuracy"] >= 0.95).any():
        return None
    best = float(flat["test_accuracy"].max())
    return (f"Without a hidden layer your best test accuracy is {best:.2f}; 0.95 is needed. "
            "With only x1 and x2 the boundary is a straight line across the plane: which "
            "features make 'inside the circle' a straight-line question?")


def _too_high(answer: Any) -> str | None:
    table, problem = _table(answer)
    if problem:
        return problem
    high = table[table["learning_rate"] >= 1.0]
    if high.empty:
        return ("No run here has a learning rate of 1 or more. Try a very high one "
                "(pg.set(learning_rate=5.0); pg.reset(); pg.train()).")
    broken = high[(high["status"] == "NaN loss") | (high["test_accuracy"] <= 0.6)]
    if broken.empty:
        return ("Your high learning rates still trained well here. Go higher, or use "
                "optimizer='sgd', until the run ends with NaN loss or test accuracy <= 0.6.")
    return None


def _spiral(answer: Any) -> str | None:
    table, problem = _table(answer)
    if problem:
        return problem
    runs = table[table["data"] == "spiral"]
    if runs.empty:
        return "None of these runs is on the spiral: use Playground('spiral', ...)."
    good = runs[runs["test_accuracy"] >= 0.9]
    if good.empty:
        best = float(runs["test_accuracy"].max())
        return (f"Your best spiral run reaches test accuracy {best:.2f}; 0.9 is needed. "
                "Add the sin features, or another hidden layer, and train longer.")
    small = good[good["params"] <= 150]
    if small.empty:
        return (f"Accurate, but your smallest accurate model has {int(good['params'].min())} "
                "parameters; at most 150 are allowed. Use fewer units, or better features.")
    return None


def _runs(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    base = {"design": "2 → 1 sigmoid", "params": 3, "learning_rate": 0.03, "status": "done",
            "data": "circles", "test_accuracy": 0.5}
    return pd.DataFrame([base | {"run": f"run {i + 1}"} | row for i, row in enumerate(rows)])


_SETUP = "from kerasnb.playground.core import Playground"

EXERCISES = [
    Exercise(
        "12.circles-features",
        "Separate the circles with no hidden layer",
        _circles_features,
        solution=("pg = Playground('circles', seed=0, hidden=[], features=['x1^2', 'x2^2'],\n"
                  "                epochs=20, learning_rate=0.1, n_samples=200)\n"
                  "pg.train()\nanswer = pg.runs"),
        hint="x1² + x2² is the squared distance from the centre; a line in (x1², x2²) is a "
             "circle in (x1, x2).",
        setup=_SETUP,
        wrong=(None, _runs([]), _runs([{"test_accuracy": 0.55}]),
               _runs([{"data": "xor", "test_accuracy": 0.99}]),
               _runs([{"design": "2 → 8 tanh → 1 sigmoid", "test_accuracy": 1.0}])),
    ),
    Exercise(
        "12.too-high",
        "Break training with a learning rate that is too high",
        _too_high,
        solution=("pg = Playground('circles', seed=0, hidden=[8, 8], activation='relu',\n"
                  "                optimizer='sgd', learning_rate=10.0, epochs=5, n_samples=200)\n"
                  "pg.train()\nanswer = pg.runs"),
        hint="A step far bigger than the valley overshoots it, again and again.",
        setup=_SETUP,
        wrong=(_runs([{"learning_rate": 0.03, "test_accuracy": 0.99}]),
               _runs([{"learning_rate": 2.0, "test_accuracy": 0.97}]), "0.03", _runs([])),
    ),
    Exercise(
        "12.spiral",
        "The spiral with at most 150 parameters",
        _spiral,
        solution=("pg = Playground('spiral', seed=0, hidden=[8, 8],\n"
                  "                features=['x1', 'x2', 'sin_x1', 'sin_x2'], epochs=40)\n"
                  "pg.train()\nanswer = pg.runs"),
        hint="sin x1 and sin x2 already wind around the plane; two small hidden layers do the rest.",
        setup=_SETUP,
        wrong=(_runs([{"data": "spiral", "test_accuracy": 0.7}]),
               _runs([{"data": "spiral", "test_accuracy": 0.95, "params": 1200}]),
               _runs([{"data": "xor", "test_accuracy": 0.99}]), None, _runs([])),
    ),
]
