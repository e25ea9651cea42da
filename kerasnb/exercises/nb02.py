"""Exercises of 02_cnn.ipynb: a Conv2D output shape, its parameter count, the loss for a label form.

>>> [ex.id for ex in EXERCISES]
['02.conv-shape', '02.conv-params', '02.labels']
>>> from kerasnb.exercises import evaluate
>>> evaluate("02.conv-shape", (12, 12, 16)).ok, evaluate("02.conv-params", 18496).ok
(True, True)
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Exercise, received, whole_number

# --------------------------------------------------------------------------- 02.conv-shape
# Conv2D(16, kernel_size=5, strides=2), padding "valid", on (None, 28, 28, 3):
# (28 - 5) // 2 + 1 = 12  ->  (None, 12, 12, 16)

_SHAPE = (12, 12, 16)


def _conv_shape(answer: Any) -> str | None:
    if not isinstance(answer, tuple | list):
        return f"Expected a tuple such as (height, width, channels), you gave {received(answer)}."
    shape = tuple(answer)
    if len(shape) == 4 and shape[0] is None:
        shape = shape[1:]
    if len(shape) != 3 or any(whole_number(n) is None for n in shape):
        return (
            "Expected three whole numbers (height, width, channels), optionally after a "
            f"leading None; you gave {received(answer)}."
        )
    shape = tuple(int(n) for n in shape)
    if shape == _SHAPE:
        return None
    height, width, channels = shape
    if channels != 16:
        return (
            f"The last axis is {channels}, but a Conv2D layer outputs one channel per filter: "
            "16 here (the input's 3 channels are summed inside each filter)."
        )
    if (height, width) == (24, 24):
        return "24 x 24 is the size with strides=1; with strides=2 the window moves 2 pixels."
    if (height, width) == (14, 14):
        return (
            "14 x 14 is ceil(28 / 2), the size with padding='same'. The default padding is "
            "'valid': (28 - 5) // 2 + 1."
        )
    return (
        f"{height} x {width} is not right. With padding='valid', each side is "
        "(n - kernel_size) // strides + 1."
    )


# --------------------------------------------------------------------------- 02.conv-params

_PARAMS = (3 * 3 * 32 + 1) * 64  # 18496


def _conv_params(answer: Any) -> str | None:
    if whole_number(answer) is None:
        return f"Expected a whole number of parameters, you gave {received(answer)}."
    answer = whole_number(answer)
    if answer == _PARAMS:
        return None
    if answer == 3 * 3 * 32 * 64:
        return f"{answer} counts the weights only; each of the 64 filters also has one bias."
    if answer == (3 * 3 + 1) * 64:
        return (
            f"{answer} would be right for a 1-channel input. Each filter covers all 32 input "
            "channels: 3 x 3 x 32 weights."
        )
    if answer == (3 * 3 * 64 + 1) * 64:
        return f"{answer} is the count for 64 input channels; this layer reads 32."
    return (
        f"You gave {answer}. Each of the 64 filters has kernel_height x kernel_width x "
        "input_channels weights and one bias."
    )


# --------------------------------------------------------------------------- 02.labels

_LOSSES = {
    "integers": "sparse_categorical_crossentropy",
    "one_hot": "categorical_crossentropy",
}


def _labels(answer: Any) -> str | None:
    if not isinstance(answer, dict):
        return (
            "Expected a dict {'integers': loss name, 'one_hot': loss name}, "
            f"you gave {received(answer)}."
        )
    for key, loss in _LOSSES.items():
        if key not in answer:
            return f"Your dict has no {key!r} entry; give a loss name for both label forms."
        given = answer[key]
        if given is Ellipsis:
            return f"{key!r} still holds `...`: write the loss name as a string."
        name = str(given).strip().lower()
        if name == loss:
            continue
        if name == "binary_crossentropy":
            return (
                f"{key!r}: binary_crossentropy is for yes/no outputs with a sigmoid; a softmax "
                "over 5 classes needs a categorical cross-entropy."
            )
        if name in _LOSSES.values():
            return (
                f"{key!r}: {given!r} expects the other label form. "
                "sparse_categorical_crossentropy takes integers, categorical_crossentropy "
                "takes one-hot rows."
            )
        return f"{key!r}: {given!r} is not the loss for {key.replace('_', '-')} labels."
    return None


EXERCISES = [
    Exercise(
        id="02.conv-shape",
        title="Predict the output shape of a Conv2D layer",
        checker=_conv_shape,
        hint="padding='valid' (the default): each side becomes (n - kernel_size) // strides + 1; "
        "the channels become the number of filters.",
        solution="answer = (None, (28 - 5) // 2 + 1, (28 - 5) // 2 + 1, 16)  # (None, 12, 12, 16)",
        wrong=((24, 24, 16), (14, 14, 16), (12, 12, 3), (None, 13, 13, 16), "12, 12, 16", (12, 12)),
    ),
    Exercise(
        id="02.conv-params",
        title="Count the parameters of a Conv2D layer",
        checker=_conv_params,
        hint="Parameters of Conv2D = (kernel_height x kernel_width x input_channels + 1) x filters.",
        solution="answer = (3 * 3 * 32 + 1) * 64  # 18496",
        wrong=(18432, 640, 36928, 18496.0, 100),
    ),
    Exercise(
        id="02.labels",
        title="Match the loss to the form of the labels",
        checker=_labels,
        hint="'sparse' means the labels are plain integers; one-hot rows go with the loss "
        "without 'sparse'.",
        solution=(
            'answer = {"integers": "sparse_categorical_crossentropy",\n'
            '          "one_hot": "categorical_crossentropy"}'
        ),
        wrong=(
            {"integers": "categorical_crossentropy", "one_hot": "sparse_categorical_crossentropy"},
            {"integers": "sparse_categorical_crossentropy", "one_hot": "binary_crossentropy"},
            {"integers": ..., "one_hot": ...},
            {"integers": "mse", "one_hot": "categorical_crossentropy"},
            {"one_hot": "categorical_crossentropy"},
            "sparse_categorical_crossentropy",
        ),
    ),
]
