"""Exercises of 01_mlp.ipynb: parameter counts, last layer and loss per task, a Keras 2 compile.

>>> [ex.id for ex in EXERCISES]
['01.seed-params', '01.last-layer', '01.fix-compile']
>>> from kerasnb.exercises import evaluate
>>> evaluate("01.seed-params", 6154).ok
True
"""

from __future__ import annotations

import math
from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received, whole_number

# --------------------------------------------------------------------------- 01.seed-params

_SEED_LAYERS = [(20, 64), (64, 64), (64, 10)]
_SEED_PARAMS = sum(n * m + m for n, m in _SEED_LAYERS)  # 1344 + 4160 + 650 = 6154
_NO_BIASES = sum(n * m for n, m in _SEED_LAYERS)  # 6016


def _seed_params(answer: Any) -> str | None:
    if whole_number(answer) is None:
        return f"Expected a whole number of parameters, you gave {received(answer)}."
    answer = whole_number(answer)
    if answer == _SEED_PARAMS:
        return None
    if answer == _NO_BIASES:
        return (
            f"{answer} counts the weights only. Each Dense unit also has one bias: "
            "add 64 + 64 + 10."
        )
    if answer == 64 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10:
        return (
            f"{answer} is the count for 64 inputs (the digits MLP). The Keras 2 guide's network takes "
            "20 inputs, so the first layer has 20 x 64 weights."
        )
    return (
        f"You gave {answer}. Add up the three Dense layers, each n_inputs x units + units "
        "(Dropout has no parameters): 20 -> 64, 64 -> 64, 64 -> 10."
    )


# --------------------------------------------------------------------------- 01.last-layer

_TASKS = {
    "spam": ("sigmoid", {"binary_crossentropy"}, "a yes/no answer: one sigmoid unit"),
    "price": ("linear", {"mse", "mae"},
              "a number with no fixed range: a linear Dense(1) and a regression loss"),
    "species": ("softmax", {"sparse_categorical_crossentropy"},
                "one class out of 5 with integer labels: softmax and the sparse loss"),
}


def _norm(name: Any) -> str:
    """An activation or loss as a lower-case name: a string, a Keras function or loss object."""
    if not isinstance(name, str):
        name = getattr(name, "name", None) or getattr(name, "__name__", None) or str(name)
    text = str(name).strip().lower()
    aliases = {"none": "linear", "meansquarederror": "mse", "mean_squared_error": "mse",
               "meanabsoluteerror": "mae", "mean_absolute_error": "mae",
               "binarycrossentropy": "binary_crossentropy",
               "categoricalcrossentropy": "categorical_crossentropy",
               "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy"}
    return aliases.get(text, text)


def _last_layer(answer: Any) -> str | None:
    if not isinstance(answer, dict):
        return (
            "Expected a dict {'spam': (activation, loss), 'price': ..., 'species': ...}, "
            f"you gave {received(answer)}."
        )
    missing = sorted(set(_TASKS) - set(answer))
    if missing:
        return f"Your dict has no entry for {', '.join(missing)}; give all three tasks."
    for task, (activation, losses, why) in _TASKS.items():
        pair = answer[task]
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            return f"{task!r}: expected a pair (activation, loss), you gave {received(pair)}."
        if any(part is Ellipsis for part in pair):
            return f"{task!r} still holds `...`: fill in both the activation and the loss."
        got_activation, got_loss = _norm(pair[0]), _norm(pair[1])
        if got_activation != activation:
            return (
                f"{task!r}: the last layer should use {activation!r}, not {pair[0]!r} "
                f"({why})."
            )
        if task == "species" and got_loss == "categorical_crossentropy":
            return (
                f"{task!r}: the loss {pair[1]!r} does not fit ({why}). "
                "categorical_crossentropy expects one-hot labels, these are integers."
            )
        if got_loss not in losses:
            return f"{task!r}: the loss {pair[1]!r} does not fit ({why})."
    return None


# --------------------------------------------------------------------------- 01.fix-compile


def _fix_compile(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.Model):
        return f"Expected the compiled keras model (answer = model), you gave {received(answer)}."
    optimizer = getattr(answer, "optimizer", None)
    if not getattr(answer, "compiled", False) or optimizer is None:
        return "The model is not compiled yet: call model.compile(...) before answer = model."
    if not isinstance(optimizer, keras.optimizers.SGD):
        return (
            f"The optimizer is {type(optimizer).__name__}; keep the tutorial's SGD, written "
            "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)."
        )
    learning_rate = float(optimizer.learning_rate)
    if not math.isclose(learning_rate, 0.01, rel_tol=1e-3):
        return (
            f"The learning rate is {learning_rate:g}, expected 0.01 (Keras 2's lr=0.01 is "
            "learning_rate=0.01 in Keras 3)."
        )
    if not math.isclose(float(optimizer.momentum), 0.9, rel_tol=1e-6):
        return f"momentum is {optimizer.momentum}, the tutorial uses momentum=0.9."
    if not optimizer.nesterov:
        return "nesterov is False; the tutorial uses nesterov=True."
    if getattr(optimizer, "weight_decay", None):
        return (
            f"weight_decay={optimizer.weight_decay} is not Keras 2's decay: decay lowered the "
            "learning rate over time, weight_decay shrinks the weights. Drop it, or give "
            "learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, 1, 1e-6)."
        )
    loss = answer.loss
    name = loss if isinstance(loss, str) else getattr(loss, "name", None)
    name = name or getattr(loss, "__name__", type(loss).__name__)
    if name not in {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}:
        return (
            f"The loss is {name!r}. With integer labels 0-9 use "
            "'sparse_categorical_crossentropy' (categorical_crossentropy wants one-hot rows)."
        )
    return None


_FIX_SETUP = """\
import keras
model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
"""

_SGD = "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)"


def _compiled(optimizer: str, loss: str = "sparse_categorical_crossentropy") -> str:
    """Code that compiles the setup's model with this optimizer and loss."""
    return f"model.compile(optimizer={optimizer}, loss={loss!r})\nanswer = model\n"


EXERCISES = [
    Exercise(
        id="01.seed-params",
        title="Count the parameters of the Keras 2 guide's MLP",
        checker=_seed_params,
        hint="A Dense layer with n inputs and m units has n x m weights plus m biases.",
        solution=(
            "# 20 -> 64: 20*64 + 64 = 1344; 64 -> 64: 4160; 64 -> 10: 650; Dropout: 0\n"
            "answer = (20 * 64 + 64) + (64 * 64 + 64) + (64 * 10 + 10)  # 6154"
        ),
        wrong=(
            Wrong(6016, "counts the weights only"),
            Wrong(8970, "count for 64 inputs"),
            Wrong(6154.0, "Expected a whole number"),
            Wrong("6154", "Expected a whole number"),
            Wrong(100, "Add up the three Dense layers"),
        ),
    ),
    Exercise(
        id="01.last-layer",
        title="Pick the last layer and loss for each task",
        checker=_last_layer,
        hint="Yes/no: sigmoid; a number: linear; one of K classes: softmax. Look at the labels' "
        "form to choose between the two categorical losses.",
        solution=(
            "answer = {\n"
            '    "spam": ("sigmoid", "binary_crossentropy"),\n'
            '    "price": ("linear", "mse"),\n'
            '    "species": ("softmax", "sparse_categorical_crossentropy"),\n'
            "}"
        ),
        wrong=(
            {"spam": ("softmax", "categorical_crossentropy"), "price": ("linear", "mse"),
             "species": ("softmax", "sparse_categorical_crossentropy")},
            {"spam": ("sigmoid", "binary_crossentropy"), "price": ("relu", "mse"),
             "species": ("softmax", "sparse_categorical_crossentropy")},
            {"spam": ("sigmoid", "binary_crossentropy"), "price": ("linear", "mse"),
             "species": ("softmax", "categorical_crossentropy")},
            {"spam": (..., ...), "price": (..., ...), "species": (..., ...)},
            {"spam": ("sigmoid", "binary_crossentropy")},
            [("sigmoid", "binary_crossentropy")],
            Wrong({"spam": "sigmoid", "price": ("linear", "mse"),
                   "species": ("softmax", "sparse_categorical_crossentropy")},
                  "expected a pair (activation, loss)"),
            Wrong({"spam": ("sigmoid", "binary_crossentropy"), "price": ("linear", "hinge"),
                   "species": ("softmax", "sparse_categorical_crossentropy")},
                  "the loss 'hinge' does not fit"),
        ),
    ),
    Exercise(
        id="01.fix-compile",
        title="Fix a Keras 2 compile call",
        checker=_fix_compile,
        hint="lr= is learning_rate= in Keras 3; decay is gone (drop it or use an "
        "InverseTimeDecay schedule); integer labels need the sparse loss.",
        setup=_FIX_SETUP,
        solution=(
            "model.compile(\n"
            "    optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),\n"
            '    loss="sparse_categorical_crossentropy",\n'
            '    metrics=["accuracy"],\n'
            ")\n"
            "answer = model"
        ),
        wrong=(
            Wrong("model", "Expected the compiled keras model"),
            Wrong(None, "Expected the compiled keras model"),
            Wrong(Code("answer = model"), "not compiled yet"),
            Wrong(Code(_compiled("keras.optimizers.Adam(0.01)")), "The optimizer is Adam"),
            Wrong(Code(_compiled("keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)")),
                  "The learning rate is 0.1"),
            Wrong(Code(_compiled("'sgd'")), "momentum is 0.0"),
            Wrong(Code(_compiled("keras.optimizers.SGD(0.01, momentum=0.9)")),
                  "nesterov is False"),
            # accepted before: decay=1e-6 translated into weight_decay
            Wrong(Code(_compiled("keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True, "
                                 "weight_decay=1e-6)")), "is not Keras 2's decay"),
            Wrong(Code(_compiled(_SGD, loss="categorical_crossentropy")),
                  "The loss is 'categorical_crossentropy'"),
        ),
    ),
]
