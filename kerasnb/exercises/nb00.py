"""Exercises of 00_welcome.ipynb.

>>> [ex.id for ex in EXERCISES]
['00.params', '00.same-network']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Exercise, received


def _params(answer: Any) -> str | None:
    if not isinstance(answer, int) or isinstance(answer, bool):
        return f"Expected a whole number of parameters, you gave {received(answer)}."
    if answer == 330:
        return None
    if answer == 320:
        return "You counted the weights (32 x 10) but not the 10 biases, one per unit."
    if answer == 352:
        return "That is (32 + 1) x ... with the wrong factor: there are 10 units, each with 32 weights and 1 bias."
    return (
        f"You gave {answer}. A Dense layer with n inputs and m units has n x m weights "
        "plus m biases."
    )


def _same_network(answer: Any) -> str | None:
    try:
        import keras
    except ImportError:  # pragma: no cover - keras is a dependency
        return "Keras is not installed."
    if not isinstance(answer, keras.Model):
        return f"Expected a keras.Model built with the functional API, you gave {received(answer)}."
    if isinstance(answer, keras.Sequential):
        return "This is a Sequential model; build it with keras.Input(...) and keras.Model(inputs, outputs)."
    dense = [layer for layer in answer.layers if isinstance(layer, keras.layers.Dense)]
    if [d.units for d in dense] != [16, 3]:
        return (
            "Expected two Dense layers with 16 and 3 units (like the Sequential model above), "
            f"found Dense layers with units {[d.units for d in dense]}."
        )
    if tuple(answer.input_shape) != (None, 4):
        return f"The input should take 4 features per sample, shape (None, 4); yours is {answer.input_shape}."
    if dense[-1].activation.__name__ != "softmax":
        return "The last layer should use activation='softmax' so the 3 outputs are probabilities."
    return None


EXERCISES = [
    Exercise(
        id="00.params",
        title="Count the parameters of a Dense layer",
        checker=_params,
        hint="Every unit has one weight per input and one bias.",
        solution="answer = 32 * 10 + 10  # weights + biases = 330",
        wrong=(320, 352, "330", 3.3),
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
            None,
            "model",
        ),
    ),
]
