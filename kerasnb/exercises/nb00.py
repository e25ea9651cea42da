"""Exercises of 00_welcome.ipynb.

>>> [ex.id for ex in EXERCISES]
['00.params', '00.same-network']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received, whole_number


def _params(answer: Any) -> str | None:
    count = whole_number(answer)
    if count is None:
        return f"Expected a whole number of parameters, you gave {received(answer)}."
    if count == 330:
        return None
    if count == 320:
        return "You counted the weights (32 x 10) but not the 10 biases, one per unit."
    if count == 352:
        return "That is (32 + 1) x ... with the wrong factor: there are 10 units, each with 32 weights and 1 bias."
    return (
        f"You gave {count}. A Dense layer with n inputs and m units has n x m weights "
        "plus m biases."
    )


def _same_network(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.Model):
        return f"Expected a keras.Model built with the functional API, you gave {received(answer)}."
    if isinstance(answer, keras.Sequential):
        return "This is a Sequential model; build it with keras.Input(...) and keras.Model(inputs, outputs)."
    if getattr(answer, "inputs", None) is None:
        return (
            f"{type(answer).__name__} is a subclass of keras.Model with its own call(); build the "
            "network with keras.Input(...) and keras.Model(inputs, outputs) instead."
        )
    if len(answer.inputs or []) != 1 or len(answer.outputs or []) != 1:
        return (
            f"Your model has {len(answer.inputs or [])} input(s) and {len(answer.outputs or [])} "
            "output(s); the network above has one of each: keras.Model(inputs, outputs)."
        )
    shape = tuple(answer.inputs[0].shape)
    if shape != (None, 4):
        return f"The input should take 4 features per sample, shape (None, 4); yours is {shape}."
    layers = [layer for layer in answer.layers if not isinstance(layer, keras.layers.InputLayer)]
    kinds = [type(layer).__name__ for layer in layers]
    if kinds != ["Dense", "Dense"]:
        return (
            f"Your model's layers are {kinds}; the network above has exactly two, "
            "Dense(16) then Dense(3), with nothing in between."
        )
    if [d.units for d in layers] != [16, 3]:
        return (
            "Expected two Dense layers with 16 and 3 units (like the Sequential model above), "
            f"found Dense layers with units {[d.units for d in layers]}."
        )
    if layers[0].activation.__name__ != "relu":
        return (
            f"The hidden Dense(16) uses activation {layers[0].activation.__name__!r}; the "
            "network above uses activation='relu' there."
        )
    if layers[1].activation.__name__ != "softmax":
        return "The last layer should use activation='softmax' so the 3 outputs are probabilities."
    if answer.count_params() != 4 * 16 + 16 + 16 * 3 + 3:
        return (
            f"Your model has {answer.count_params()} parameters, the network above 131: keep "
            "the biases (use_bias=True) and feed the Dense(16) output into the Dense(3)."
        )
    return None


_SEQUENTIAL = """\
answer = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                           keras.layers.Dense(3, activation="softmax")])
"""


_SUBCLASSED = """\
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(3, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))

answer = Net()
"""


def _net(features: int = 4, units: int = 16, hidden: str | None = "relu", last: str = "softmax",
         bias: bool = True, extra: str = "") -> str:
    """Code for a functional network like the solution's, changed in one place."""
    return (
        f"inputs = keras.Input(shape=({features},))\n"
        f"x = keras.layers.Dense({units}, activation={hidden!r}, use_bias={bias})(inputs)\n"
        f"{extra}"
        f"outputs = keras.layers.Dense(3, activation={last!r})(x)\n"
        "answer = keras.Model(inputs, outputs)\n"
    )


EXERCISES = [
    Exercise(
        id="00.params",
        title="Count the parameters of a Dense layer",
        checker=_params,
        hint="Every unit has one weight per input and one bias.",
        solution="answer = 32 * 10 + 10  # weights + biases = 330",
        wrong=(
            Wrong(320, "counted the weights"),
            Wrong(352, "wrong factor"),
            Wrong("330", "Expected a whole number"),
            Wrong(3.3, "Expected a whole number"),
            Wrong(100, "n x m weights plus m biases"),
        ),
    ),
    Exercise(
        id="00.same-network",
        title="Build the same network with the functional API",
        checker=_same_network,
        hint="Start from inputs = keras.Input(shape=(4,)), call each layer on the previous tensor.",
        setup="import keras",
        solution=(
            "inputs = keras.Input(shape=(4,))\n"
            "x = keras.layers.Dense(16, activation='relu')(inputs)\n"
            "outputs = keras.layers.Dense(3, activation='softmax')(x)\n"
            "answer = keras.Model(inputs, outputs)"
        ),
        wrong=(
            Wrong(None, "Expected a keras.Model"),
            Wrong("model", "Expected a keras.Model"),
            Wrong(Code(_SEQUENTIAL), "This is a Sequential model"),
            Wrong(Code(_SUBCLASSED), "is a subclass of keras.Model"),
            Wrong(Code(_net(hidden="relu") + "answer = keras.Model(inputs, [outputs, x])"),
                  "1 input(s) and 2 output(s)"),
            Wrong(Code(_net(features=5)), "4 features per sample"),
            Wrong(Code(_net(extra="x = keras.layers.Dropout(0.5)(x)\n")), "nothing in between"),
            Wrong(Code(_net(units=32)), "units [32, 3]"),
            # accepted before: a hidden layer without relu
            Wrong(Code(_net(hidden=None)), "activation 'linear'"),
            Wrong(Code(_net(last="sigmoid")), "activation='softmax'"),
            Wrong(Code(_net(bias=False)), "keep the biases"),
        ),
    ),
]
