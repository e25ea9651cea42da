"""Exercises of 05_functional_api.ipynb.

>>> [ex.id for ex in EXERCISES]
['05.two-heads', '05.history-key', '05.custom-metric']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Exercise, received


def _activation_name(layer: Any) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))


def _two_heads(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.Model):
        return (
            "Expected a keras.Model built with keras.Model(inputs, outputs), "
            f"you gave {received(answer)}."
        )
    shapes = sorted(tuple(t.shape) for t in answer.inputs)
    wanted = sorted([(None, 8, 8, 1), (None, 16)])
    if shapes != wanted:
        return (
            f"The model's inputs have shapes {shapes}; expected two inputs, (None, 8, 8, 1) for "
            "the image and (None, 16) for the ink profile: keras.Input(shape=(8, 8, 1)) and "
            "keras.Input(shape=(16,))."
        )
    names = list(answer.output_names)
    if sorted(names) != ["digit", "ink"]:
        return (
            f"The model's outputs are named {names}; expected two outputs named 'digit' and "
            "'ink'. Give the last layer of each head name='digit' / name='ink'."
        )
    by_name = dict(zip(names, answer.outputs, strict=True))
    if tuple(by_name["digit"].shape) != (None, 10):
        return f"The 'digit' output has shape {tuple(by_name['digit'].shape)}; expected (None, 10)."
    if tuple(by_name["ink"].shape) != (None, 1):
        shape = tuple(by_name["ink"].shape)
        return f"The 'ink' output has shape {shape}; expected (None, 1): one number per image."
    if _activation_name(answer.get_layer("digit")) != "softmax":
        return (
            "The 'digit' layer should use activation='softmax' so its 10 outputs are "
            "probabilities that add up to 1."
        )
    ink_activation = _activation_name(answer.get_layer("ink"))
    if ink_activation != "linear":
        return (
            f"The 'ink' layer uses activation '{ink_activation}'. A regression output needs no "
            "activation (the default, 'linear'), so it can take any value."
        )
    return None


def _history_key(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"Expected a string such as 'loss', you gave {received(answer)}."
    key = answer.strip()
    if key == "val_parity_accuracy":
        return None
    if key in ("val_acc", "val_parity_acc", "parity_acc"):
        return (
            f"{key!r} is how Keras 2.2 spelt it. Keras 3 keeps the metric name you typed "
            "('accuracy') and prefixes the output's name."
        )
    if key == "parity_accuracy":
        return "That is the accuracy on the training data; validation keys start with 'val_'."
    if key == "val_accuracy":
        return "With several outputs each metric is prefixed with its output's name."
    if key == "parity_val_accuracy":
        return "The 'val_' prefix comes first, before the output's name."
    return (
        f"{key!r} is not a key Keras would write. Keys are [val_]<output name>_<metric name>, "
        "as in 'digit_loss' or 'val_digit_accuracy'."
    )


def _custom_metric(answer: Any) -> str | None:
    import numpy as np
    from keras import ops

    if not callable(answer):
        return (
            f"Expected a function parity_hits(y_true, y_pred), you gave {received(answer)}. "
            "Put the function itself in answer, without calling it."
        )
    y_true = np.array([[1.0], [0.0], [1.0], [0.0], [1.0], [0.0], [1.0], [1.0]], "float32")
    y_pred = np.array([[0.9], [0.2], [0.4], [0.7], [0.6], [0.1], [0.51], [0.05]], "float32")
    expected = 5 / 8  # right: 0.9, 0.2, 0.6, 0.1, 0.51; wrong: 0.4, 0.7, 0.05
    try:
        value = answer(ops.convert_to_tensor(y_true), ops.convert_to_tensor(y_pred))
    except Exception as exc:
        return (
            f"Calling your function on tensors of shape (8, 1) raised {type(exc).__name__}: {exc}. "
            "Use keras.ops functions (ops.greater, ops.cast, ops.equal, ops.mean)."
        )
    got = float(np.mean(ops.convert_to_numpy(value)))
    if abs(got - expected) < 1e-6:
        return None
    mean_of_predictions = float(y_pred.mean())
    if abs(got - mean_of_predictions) < 1e-6:
        return (
            "Your function returns the mean prediction (the Keras 2 guide's mean_pred), not the share of "
            "correct answers: compare (y_pred > 0.5) with y_true first."
        )
    return (
        f"On 8 samples with 5 correct predictions at threshold 0.5 your function gave {got:.3f}; "
        f"expected {expected}. Threshold y_pred at 0.5, compare with y_true, cast to float, "
        "then average."
    )


def _seed_mean_pred(y_true: Any, y_pred: Any) -> Any:
    from keras import ops

    return ops.mean(y_pred)


EXERCISES = [
    Exercise(
        id="05.two-heads",
        title="Two inputs, a classifier and a regressor",
        checker=_two_heads,
        hint="Two keras.Input, call layers on them, Concatenate, then two Dense heads with "
        "name='digit' (softmax) and name='ink' (1 unit, no activation).",
        setup="import keras\nfrom keras import layers",
        solution=(
            "image = keras.Input(shape=(8, 8, 1), name='image')\n"
            "profile = keras.Input(shape=(16,), name='ink_profile')\n"
            "x = layers.Flatten()(image)\n"
            "x = layers.Concatenate()([x, profile])\n"
            "x = layers.Dense(32, activation='relu')(x)\n"
            "digit = layers.Dense(10, activation='softmax', name='digit')(x)\n"
            "ink = layers.Dense(1, name='ink')(x)\n"
            "answer = keras.Model(inputs=[image, profile], outputs=[digit, ink])"
        ),
        wrong=(None, "model", 3),
    ),
    Exercise(
        id="05.history-key",
        title="Read the history of a two-output model",
        checker=_history_key,
        hint="Validation keys start with 'val_', then the output's name, then the metric's name.",
        solution='answer = "val_parity_accuracy"',
        wrong=("val_acc", "parity_accuracy", "val_accuracy", "parity_val_accuracy", "acc", 1),
    ),
    Exercise(
        id="05.custom-metric",
        title="A metric of your own with keras.ops",
        checker=_custom_metric,
        hint="ops.cast(ops.greater(y_pred, 0.5), y_true.dtype) gives 0/1 predictions; "
        "compare them with ops.equal and average with ops.mean.",
        setup="from keras import ops",
        solution=(
            "def parity_hits(y_true, y_pred):\n"
            "    predicted = ops.cast(ops.greater(y_pred, 0.5), y_true.dtype)\n"
            "    return ops.mean(ops.cast(ops.equal(predicted, y_true), 'float32'))\n"
            "\n"
            "answer = parity_hits"
        ),
        wrong=(
            "accuracy",
            _seed_mean_pred,
            lambda y_true, y_pred: 1.0,
        ),
    ),
]

