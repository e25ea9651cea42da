"""Exercises of 04_conv1d_timeseries.ipynb: counting windows, Conv1D shapes, a naive forecast.

>>> [ex.id for ex in EXERCISES]
['04.windows', '04.conv-shape', '04.naive-last']
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from kerasnb.exercises import Exercise, Wrong, received, whole_number

# the call the window exercise asks about
_N, _LENGTH, _STRIDE, _RATE, _BATCH = 100, 10, 3, 2, 8


def count_windows(n: int, sequence_length: int, sequence_stride: int = 1,
                  sampling_rate: int = 1) -> int:
    """How many windows ``keras.utils.timeseries_dataset_from_array`` cuts from n time steps.

    >>> count_windows(10, 3), count_windows(10, 3, sequence_stride=2), count_windows(10, 3, 1, 2)
    (8, 4, 6)

    A window spans ``(sequence_length - 1) * sampling_rate + 1`` steps; windows start at
    0, stride, 2 * stride, ... as long as the whole span fits.
    """
    span = (sequence_length - 1) * sampling_rate + 1
    return max(0, (n - span) // sequence_stride + 1)


def _windows(answer: Any) -> str | None:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return (
            "Expected a pair (number of windows, number of batches), "
            f"you gave {received(answer)}."
        )
    windows, batches = answer
    if not all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in answer):
        return f"Both counts are whole numbers, you gave {received(answer)}."
    expected = count_windows(_N, _LENGTH, _STRIDE, _RATE)
    if windows != expected:
        if windows == count_windows(_N, _LENGTH, _STRIDE):
            return (
                f"{windows} windows ignores sampling_rate=2: a window takes every 2nd step, "
                "so its 10 values span 19 time steps, not 10."
            )
        if windows == count_windows(_N, _LENGTH, 1, _RATE):
            return (
                f"{windows} windows ignores sequence_stride=3: consecutive windows start "
                "3 steps apart (0, 3, 6, ...), not 1."
            )
        return (
            f"You counted {windows} windows. A window covers (10 - 1) * 2 + 1 = 19 steps; "
            "count the start positions 0, 3, 6, ... whose window still ends inside the 100 steps."
        )
    if batches != math.ceil(expected / _BATCH):
        if batches == expected // _BATCH:
            return (
                f"{expected} windows is right. The last batch is not dropped: it is smaller "
                f"({expected % _BATCH} windows), so there are {expected // _BATCH} + 1 batches."
            )
        return (
            f"{expected} windows is right, but {batches} batches is not: batches hold "
            f"batch_size={_BATCH} windows each, and the last one may be smaller."
        )
    return None


def _conv_shape(answer: Any) -> str | None:
    if not isinstance(answer, tuple | list):
        return f"Expected a shape as a tuple like (steps, channels), you gave {received(answer)}."
    shape = tuple(answer)
    if len(shape) == 3 and shape[0] is None:
        shape = shape[1:]
    if len(shape) != 2:
        return (
            f"A Conv1D output has 2 dimensions per sample (steps, channels); you gave {shape}. "
            "Leave out the batch dimension or write it as None."
        )
    steps, channels = shape
    if steps is None or channels is None:
        return (
            f"You gave {tuple(answer)}: None stands only for the batch dimension, which comes "
            "first; the shape per sample is (steps, channels), two numbers."
        )
    if whole_number(steps) is None or whole_number(channels) is None:
        return f"Both sizes are whole numbers (steps, channels); you gave {received(answer)}."
    if shape == (10, 16):
        return None
    if channels != 16:
        return (
            f"The channels are the number of filters of the LAST Conv1D, 16, not {channels}."
        )
    if steps == 20:
        return "20 is the length after the first Conv1D; MaxPooling1D(2) then halves it."
    if steps == 8:
        return (
            "padding='same' keeps the length: the second Conv1D outputs as many steps as it "
            "gets (10); only 'valid' would shrink it by kernel_size - 1."
        )
    if steps == 24:
        return "The first Conv1D (kernel_size=5, padding 'valid') shortens 24 steps to 24 - 5 + 1."
    return (
        f"{steps} steps is not it. Follow the length: 'valid' Conv1D gives L - k + 1, "
        "MaxPooling1D(2) gives L // 2, 'same' keeps L."
    )


@cache
def _naive_last_mae() -> float:
    from kerasnb import data

    df = data.load("co2")
    y = df["co2"].to_numpy()
    test = np.flatnonzero(df["split"].to_numpy() == "test")
    return float(np.mean(np.abs(y[test] - y[test - 1])))


def _naive_last(answer: Any) -> str | None:
    if hasattr(answer, "numpy"):
        answer = answer.numpy()
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if not isinstance(answer, int | float | np.floating) or isinstance(answer, bool):
        return f"Expected one number, the mean absolute error in ppm, you gave {received(answer)}."
    expected = _naive_last_mae()
    if abs(answer - expected) <= 1e-3:
        return None
    if answer < 0:
        return "A mean ABSOLUTE error cannot be negative: take np.abs of the errors first."
    return (
        f"You gave {answer:.4f}. Predict each test month by the month just before it "
        "(y[t - 1], which may lie in the validation months for the first test month) and "
        "average |y[t] - y[t - 1]| over the test months only."
    )


EXERCISES = [
    Exercise(
        id="04.windows",
        title="Count the windows and batches of timeseries_dataset_from_array",
        checker=_windows,
        hint=(
            "A window spans (sequence_length - 1) * sampling_rate + 1 steps; "
            "windows start every sequence_stride steps."
        ),
        setup="import math",
        solution=(
            "span = (10 - 1) * 2 + 1            # 19 time steps under one window\n"
            "windows = (100 - span) // 3 + 1    # start positions 0, 3, ..., 81\n"
            "answer = (windows, math.ceil(windows / 8))  # (28, 4)"
        ),
        wrong=(
            Wrong((31, 4), "ignores sampling_rate=2"),
            Wrong((82, 11), "ignores sequence_stride=3"),
            Wrong((28, 3), "The last batch is not dropped"),
            Wrong((28, 5), "5 batches is not"),
            Wrong(28, "Expected a pair"),
            Wrong(("28", "4"), "Both counts are whole numbers"),
            Wrong((30, 4), "You counted 30 windows"),
        ),
    ),
    Exercise(
        id="04.conv-shape",
        title="Predict the output shape of a Conv1D stack",
        checker=_conv_shape,
        hint="'valid' Conv1D: L - kernel_size + 1; MaxPooling1D(2): L // 2; 'same': L.",
        setup="",
        solution="answer = (10, 16)  # 24 -> Conv1D(8, 5): 20 -> pool: 10 -> 'same': 10",
        wrong=(
            Wrong((20, 16), "MaxPooling1D(2) then halves it"),
            Wrong((8, 16), "padding='same' keeps the length"),
            Wrong((10, 8), "not 8"),
            Wrong((24, 16), "shortens 24 steps"),
            Wrong((None, 10), "None stands only for the batch dimension"),
            Wrong("10, 16", "Expected a shape as a tuple"),
            Wrong((5, 16), "5 steps is not it"),
            Wrong((10,), "2 dimensions per sample"),
            Wrong((10.0, 16), "Both sizes are whole numbers"),
        ),
    ),
    Exercise(
        id="04.naive-last",
        title="The error of the 'same as last month' forecast",
        checker=_naive_last,
        hint="Use the positions of the test months in the whole series, so y[t - 1] exists.",
        setup=(
            "import numpy as np\n"
            "from kerasnb import data\n"
            "co2 = data.load('co2')\n"
            "y = co2['co2'].to_numpy()\n"
            "test = np.flatnonzero(co2['split'].to_numpy() == 'test')\n"
        ),
        solution="answer = np.mean(np.abs(y[test] - y[test - 1]))",
        wrong=(
            Wrong(1.7012, "You gave 1.7012"),
            Wrong(0.0, "You gave 0.0000"),
            Wrong(-1.1268, "cannot be negative"),
            Wrong("1.13", "Expected one number"),
            Wrong([1.1268, 1.7], "Expected one number"),
        ),
    ),
]
