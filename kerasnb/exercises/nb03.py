"""Exercises of 03_lstm.ipynb: padding, choosing maxlen, the mask an Embedding computes.

>>> [ex.id for ex in EXERCISES]
['03.pad-default', '03.maxlen', '03.mask']
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from kerasnb.exercises import Exercise, received


def _as_int_grid(answer: Any) -> np.ndarray | str:
    """The answer as a 2-D integer array, or a sentence saying why it is not one."""
    if hasattr(answer, "numpy"):  # a TensorFlow tensor
        answer = answer.numpy()
    try:
        grid = np.asarray(answer)
    except ValueError:
        return (
            "Expected a 2-D array (or a list of equally long lists), "
            f"you gave {received(answer)}."
        )
    if grid.ndim != 2 or grid.dtype.kind not in "iub":
        return (
            f"Expected a 2-D array of whole numbers, one row per sequence, "
            f"you gave {received(answer)}."
        )
    return grid


def _pad_default(answer: Any) -> str | None:
    grid = _as_int_grid(answer)
    if isinstance(grid, str):
        return grid
    expected = np.array([[1, 4, 1, 5], [0, 0, 9, 2]])
    if grid.shape != expected.shape:
        return (
            f"Your result has shape {grid.shape}; maxlen=4 makes every row 4 long, "
            "and there are 2 sequences, so the shape is (2, 4)."
        )
    if np.array_equal(grid, expected):
        return None
    if np.array_equal(grid, [[3, 1, 4, 1], [9, 2, 0, 0]]):
        return (
            "That is padding='post' and truncating='post'. The defaults are both 'pre': "
            "zeros go in front, and a long sequence loses its first values."
        )
    if np.array_equal(grid, [[3, 1, 4, 1], [0, 0, 9, 2]]):
        return (
            "The padding is right (zeros in front), but truncating also defaults to 'pre': "
            "[3, 1, 4, 1, 5] keeps its LAST 4 values."
        )
    if np.array_equal(grid, [[1, 4, 1, 5], [9, 2, 0, 0]]):
        return (
            "The truncation is right (the first value is dropped), but padding defaults to "
            "'pre': the zeros go in front of [9, 2]."
        )
    return (
        f"You gave {grid.tolist()}. Each row keeps the original values in order; "
        "a row longer than maxlen is cut, a shorter one gets zeros. Where? Check the defaults."
    )


@cache
def _train_word_lengths() -> np.ndarray:
    from kerasnb import data

    return np.array([len(w) for w in data.load("words").x_train])


def _smallest_covering(lengths: np.ndarray, share: float) -> int:
    return next(m for m in range(1, int(lengths.max()) + 1) if np.mean(lengths <= m) >= share)


def _maxlen(answer: Any) -> str | None:
    if isinstance(answer, np.integer):
        answer = int(answer)
    if not isinstance(answer, int) or isinstance(answer, bool):
        return f"Expected a whole number of characters, you gave {received(answer)}."
    lengths = _train_word_lengths()
    expected = _smallest_covering(lengths, 0.95)
    fits = float(np.mean(lengths <= answer))
    if answer == expected:
        return None
    if answer < expected:
        return (
            f"With maxlen={answer} only {fits:.1%} of the training words fit uncut; "
            "at least 95% should. Count how many words are at most that long."
        )
    return (
        f"maxlen={answer} fits {fits:.1%} of the training words, so it is long enough, "
        "but a smaller value already fits 95%: the question asks for the smallest one."
    )


def _mask(answer: Any) -> str | None:
    if hasattr(answer, "numpy"):
        answer = answer.numpy()
    try:
        grid = np.asarray(answer)
    except ValueError:
        return f"Expected a 2-D array of True/False, you gave {received(answer)}."
    expected = np.array([[0, 0, 7, 3, 9], [4, 2, 0, 0, 0]]) != 0
    if grid.shape != expected.shape:
        return (
            f"The mask has one entry per token, so its shape is that of x, (2, 5); "
            f"you gave {received(answer)}."
        )
    if grid.dtype.kind not in "biu" or not np.isin(grid, [0, 1]).all():
        return f"Each entry of the mask is True or False, you gave {grid.tolist()}."
    grid = grid.astype(bool)
    if np.array_equal(grid, expected):
        return None
    if np.array_equal(grid, ~expected):
        return (
            "That is the opposite: the mask is True where there is a real token (keep it) "
            "and False at the padding zeros (skip them)."
        )
    return (
        f"You gave {grid.astype(int).tolist()}. With mask_zero=True, position t is masked out "
        "exactly when the token id there is 0; look only at x."
    )


EXERCISES = [
    Exercise(
        id="03.pad-default",
        title="What pad_sequences does by default",
        checker=_pad_default,
        hint="pad_sequences has padding='pre' and truncating='pre' unless told otherwise.",
        setup="import keras",
        solution="answer = keras.utils.pad_sequences([[3, 1, 4, 1, 5], [9, 2]], maxlen=4)",
        wrong=(
            [[3, 1, 4, 1], [9, 2, 0, 0]],
            [[3, 1, 4, 1], [0, 0, 9, 2]],
            [[1, 4, 1, 5], [9, 2, 0, 0]],
            [[1, 4, 1, 5]],
            "[[1, 4, 1, 5], [0, 0, 9, 2]]",
            [[1, 4, 1, 5], [9, 2]],  # ragged: a list of unequal rows
            [[1, 4, 1, 5], [0, 0, 2, 9]],
        ),
    ),
    Exercise(
        id="03.maxlen",
        title="Choose maxlen so that 95% of the training words fit",
        checker=_maxlen,
        hint="np.mean(lengths <= m) is the share of words that fit in m steps; try m = 1, 2, ...",
        setup=(
            "import numpy as np\n"
            "from kerasnb import data\n"
            "words = data.load('words')\n"
            "lengths = np.array([len(w) for w in words.x_train])\n"
        ),
        solution="answer = next(m for m in range(1, 100) if np.mean(lengths <= m) >= 0.95)",
        wrong=(14, 9, 11, 9.5, "10"),
    ),
    Exercise(
        id="03.mask",
        title="The mask of Embedding(mask_zero=True)",
        checker=_mask,
        hint="The mask has the shape of x and says, for every position, 'is this a real token?'.",
        setup="import numpy as np\nx = np.array([[0, 0, 7, 3, 9], [4, 2, 0, 0, 0]])",
        solution=(
            "answer = x != 0\n"
            "# the same as keras.layers.Embedding(10, 2, mask_zero=True).compute_mask(x)"
        ),
        wrong=(
            [[True, True, False, False, False], [False, False, True, True, True]],
            [[False, False, True, True, True]],
            [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]],
            [[0, 0, 7, 3, 9], [4, 2, 0, 0, 0]],
            [[False, False, True, True, True], [True, True]],  # ragged
        ),
    ),
]
