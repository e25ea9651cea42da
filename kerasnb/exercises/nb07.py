"""Exercises of 07_augmentation.ipynb.

>>> [ex.id for ex in EXERCISES]
['07.rotation-factor', '07.augmentation-layers']
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received


def _rotation_factor(answer: Any) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return f"Expected a number (the factor), you gave {received(answer)}."
    value = float(answer)
    if math.isclose(value, 25 / 360, rel_tol=1e-3):
        return None
    if math.isclose(value, 25.0):
        return "25 is in degrees; RandomRotation's factor is a fraction of a full turn (360°)."
    if math.isclose(value, 25 / 180, rel_tol=1e-3):
        return "A full turn is 360°, not 180°: divide the degrees by 360."
    if math.isclose(value, math.radians(25), rel_tol=1e-3):
        return "That is 25° in radians; RandomRotation wants a fraction of a full turn (degrees / 360)."
    return f"You gave {value:g}; the factor is rotation_range / 360 (a fraction of a full turn)."


def _bounds(lower: float, upper: float, expected: float) -> bool:
    return math.isclose(lower, -expected, rel_tol=1e-3) and math.isclose(
        upper, expected, rel_tol=1e-3
    )


_NEEDED = ("RandomRotation", "RandomTranslation", "RandomZoom", "RandomFlip")


def _augmentation_layers(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.Sequential):
        return f"Expected a keras.Sequential of preprocessing layers, you gave {received(answer)}."
    names = [type(layer).__name__ for layer in answer.layers]
    missing = [name for name in _NEEDED if name not in names]
    if missing:
        return (
            f"Missing layer(s): {', '.join(missing)}. You have: {', '.join(names) or 'none'}. "
            "One layer per transformation: rotation, shift, zoom and flip."
        )
    extra = [name for name in names if name not in _NEEDED]
    if extra:
        return (
            f"Layer(s) the old generator had no counterpart for: {', '.join(extra)}. "
            "Keep only RandomRotation, RandomTranslation, RandomZoom and RandomFlip."
        )
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        return (
            f"{', '.join(twice)} appear(s) more than once: the transformations would add up. "
            "One layer per kind of transformation."
        )
    layers = {type(layer).__name__: layer for layer in answer.layers}
    rotation = layers["RandomRotation"]
    lower, upper = rotation.factor if isinstance(rotation.factor, tuple | list) else (
        -rotation.factor, rotation.factor)
    if not _bounds(lower, upper, 10 / 360):
        return f"RandomRotation's range is {(lower, upper)}; 10° is a factor of 10 / 360."
    shift = layers["RandomTranslation"]
    if not (
        _bounds(shift.height_lower, shift.height_upper, 0.1)
        and _bounds(shift.width_lower, shift.width_upper, 0.1)
    ):
        return "RandomTranslation should shift by up to 10 % both ways: (0.1, 0.1)."
    zoom = layers["RandomZoom"]
    if not _bounds(zoom.height_lower, zoom.height_upper, 0.1):
        return (
            f"RandomZoom's height range is {(zoom.height_lower, zoom.height_upper)}; zoom_range=.1 "
            "is the scale 0.9..1.1, that is a factor from -0.1 to 0.1."
        )
    if zoom.width_factor is not None and not _bounds(zoom.width_lower, zoom.width_upper, 0.1):
        return (
            f"RandomZoom's width range is {(zoom.width_lower, zoom.width_upper)}; zoom_range=.1 "
            "zooms the width by the same -0.1..0.1: leave width_factor out (the height's "
            "zoom is used) or pass 0.1."
        )
    if layers["RandomFlip"].mode != "horizontal":
        return f"RandomFlip should be 'horizontal' only, yours is {layers['RandomFlip'].mode!r}."
    for name in ("RandomRotation", "RandomTranslation", "RandomZoom"):
        if layers[name].fill_mode != "nearest":
            return (
                f"{name} uses fill_mode={layers[name].fill_mode!r}; ImageDataGenerator's default "
                "was 'nearest', so pass fill_mode='nearest'."
            )
    return None


_LAYERS = {
    "rotation": "keras.layers.RandomRotation(10 / 360, fill_mode='nearest')",
    "shift": "keras.layers.RandomTranslation(0.1, 0.1, fill_mode='nearest')",
    "zoom": "keras.layers.RandomZoom(0.1, fill_mode='nearest')",
    "flip": "keras.layers.RandomFlip('horizontal')",
}


def _augmentation(extra: str = "", **changed: str) -> Code:
    """Code for the solution's Sequential with some layers changed (an empty string drops one)."""
    layers = [changed.get(kind, code) for kind, code in _LAYERS.items()]
    body = ", ".join(code for code in [*layers, extra] if code)
    return Code(f"answer = keras.Sequential([{body}])\n")


EXERCISES = [
    Exercise(
        id="07.rotation-factor",
        title="rotation_range in degrees as a RandomRotation factor",
        checker=_rotation_factor,
        hint="RandomRotation(factor) rotates by up to factor x 360 degrees.",
        solution="answer = 25 / 360  # about 0.0694 of a full turn",
        wrong=(
            Wrong(25, "25 is in degrees"),
            Wrong(25 / 180, "A full turn is 360°"),
            Wrong(math.radians(25), "in radians"),
            Wrong("25/360", "Expected a number"),
            Wrong(None, "Expected a number"),
            Wrong(0.5, "You gave 0.5"),
        ),
    ),
    Exercise(
        id="07.augmentation-layers",
        title="The emotion model's ImageDataGenerator as Keras 3 layers",
        checker=_augmentation_layers,
        hint="RandomRotation(10 / 360), RandomTranslation(0.1, 0.1), RandomZoom(0.1), "
        "RandomFlip('horizontal'); add fill_mode='nearest' to the first three.",
        setup="import keras",
        solution=(
            "answer = keras.Sequential([\n"
            "    keras.layers.RandomRotation(10 / 360, fill_mode='nearest'),\n"
            "    keras.layers.RandomTranslation(0.1, 0.1, fill_mode='nearest'),\n"
            "    keras.layers.RandomZoom(0.1, fill_mode='nearest'),\n"
            "    keras.layers.RandomFlip('horizontal'),\n"
            "])"
        ),
        wrong=(
            Wrong(None, "Expected a keras.Sequential"),
            Wrong("ImageDataGenerator(rotation_range=10)", "Expected a keras.Sequential"),
            Wrong(_augmentation(flip=""), "Missing layer(s): RandomFlip"),
            # accepted before: layers beyond the four, a layer twice, any zoom of the width
            Wrong(_augmentation(extra="keras.layers.RandomContrast(0.2)"),
                  "no counterpart for: RandomContrast"),
            Wrong(_augmentation(extra=_LAYERS["flip"]), "RandomFlip appear(s) more than once"),
            Wrong(_augmentation(zoom="keras.layers.RandomZoom(0.1, width_factor=0.5, "
                                     "fill_mode='nearest')"), "width range is (-0.5, 0.5)"),
            Wrong(_augmentation(rotation="keras.layers.RandomRotation(10 / 180, fill_mode='nearest')"),
                  "10° is a factor of 10 / 360"),
            Wrong(_augmentation(shift="keras.layers.RandomTranslation(0.2, 0.1, "
                                      "fill_mode='nearest')"), "up to 10 % both ways"),
            Wrong(_augmentation(zoom="keras.layers.RandomZoom(0.2, fill_mode='nearest')"),
                  "height range is (-0.2, 0.2)"),
            Wrong(_augmentation(flip="keras.layers.RandomFlip()"), "'horizontal' only"),
            Wrong(_augmentation(zoom="keras.layers.RandomZoom(0.1)"),
                  "RandomZoom uses fill_mode='reflect'"),
        ),
    ),
]
