"""Exercises of 09_backbones.ipynb.

>>> [ex.id for ex in EXERCISES]
['09.caffe-pixel', '09.frozen-trainable']
"""

from __future__ import annotations

import math
from typing import Any

from kerasnb.exercises import Exercise, Wrong, received, whole_number

_BGR_MEAN = (103.939, 116.779, 123.68)
_CAFFE = [128 - m for m in _BGR_MEAN]  # [24.061, 11.221, 4.32], stored as B, G, R


def _close(values: list[float], expected: list[float]) -> bool:
    return all(math.isclose(v, e, abs_tol=1e-2) for v, e in zip(values, expected, strict=True))


def _caffe_pixel(answer: Any) -> str | None:
    try:
        values = [float(v) for v in answer]
    except (TypeError, ValueError):
        return f"Expected a list of 3 numbers, you gave {received(answer)}."
    if len(values) != 3:
        return f"Expected 3 numbers (one per channel), you gave {len(values)}."
    if _close(values, _CAFFE):
        return None
    if _close(values, _CAFFE[::-1]):
        return (
            "Right numbers, wrong order: 'caffe' mode also turns RGB into BGR, so the blue "
            "channel (128 - 103.939) comes first."
        )
    if _close(values, [128 / 127.5 - 1] * 3):
        return "That is the 'tf' mode (x / 127.5 - 1) of Inception and Xception; VGG uses 'caffe'."
    return (
        f"You gave {[round(v, 3) for v in values]}. 'caffe' mode reorders to B, G, R and "
        "subtracts the ImageNet means (103.939, 116.779, 123.68) without scaling."
    )


def _frozen_trainable(answer: Any) -> str | None:
    if whole_number(answer) is None:
        return f"Expected a whole number of parameters, you gave {received(answer)}."
    answer = whole_number(answer)
    if answer == 2048 * 10 + 10:
        return None
    if answer == 2048 * 10:
        return "You counted the weights (2048 x 10) but not the 10 biases."
    if answer >= 23_587_712:
        return (
            "That includes the frozen ResNet50; after trainable = False only the new Dense "
            "layer is trained."
        )
    return (
        f"You gave {answer}. Only the Dense(10) head is trainable; its input is the "
        "backbone's feature vector (how many channels does ResNet50 output?)."
    )


EXERCISES = [
    Exercise(
        id="09.caffe-pixel",
        title="A gray pixel through VGG16's preprocess_input",
        checker=_caffe_pixel,
        hint="'caffe' mode: RGB -> BGR, then subtract (103.939, 116.779, 123.68) channel by channel.",
        solution="answer = [128 - 103.939, 128 - 116.779, 128 - 123.68]  # B, G, R",
        wrong=(
            Wrong([4.32, 11.221, 24.061], "wrong order"),
            Wrong([0.0039, 0.0039, 0.0039], "'tf' mode"),
            Wrong([1, 2], "Expected 3 numbers"),
            Wrong("24, 11, 4", "Expected a list of 3 numbers"),
            Wrong(None, "Expected a list of 3 numbers"),
            Wrong([128, 128, 128], "subtracts the ImageNet means"),
        ),
    ),
    Exercise(
        id="09.frozen-trainable",
        title="Trainable parameters above a frozen ResNet50",
        checker=_frozen_trainable,
        hint="ResNet50 without its top, pooled, gives 2048 features; a Dense layer has "
        "inputs x units weights plus units biases.",
        solution="answer = 2048 * 10 + 10  # 20490: only the new head is trainable",
        wrong=(
            Wrong(20480, "not the 10 biases"),
            Wrong(23_608_202, "includes the frozen ResNet50"),
            Wrong(10, "Only the Dense(10) head is trainable"),
            Wrong("20490", "Expected a whole number"),
            Wrong(20490.0, "Expected a whole number"),
        ),
    ),
]
