"""Augmentation preview: see what each augmentation does, in the old API and the new.

>>> from kerasnb.augment import AugmentSpec, augment_images, convert_augmentation, augmentation_code
>>> spec = AugmentSpec.image_data_generator(rotation_range=90, fill_mode="constant")
>>> convert_augmentation(spec).spec.layers[0]["config"]["factor"]
0.25

Core (no widgets, no TensorFlow at import): :class:`AugmentSpec` (JSON description in either
form, validated), :func:`augment_images` (apply with a seed, report the drawn values),
:func:`augmentation_code`, :func:`convert_augmentation`, :func:`load_images`.
Widget: :class:`AugmentationPreview`.
"""

from __future__ import annotations

from typing import Any

from kerasnb.augment.apply import AugmentResult, augment_images
from kerasnb.augment.codegen import augmentation_code
from kerasnb.augment.convert import Conversion, convert_augmentation
from kerasnb.augment.errors import AugmentError
from kerasnb.augment.grid import render_grid
from kerasnb.augment.images import as_image_batch, decode_image, load_images
from kerasnb.augment.spec import AugmentSpec

__all__ = [
    "AugmentError",
    "AugmentResult",
    "AugmentSpec",
    "AugmentationPreview",
    "Conversion",
    "as_image_batch",
    "augment_images",
    "convert_augmentation",
    "decode_image",
    "augmentation_code",
    "load_images",
    "render_grid",
]


def __getattr__(name: str) -> Any:
    if name == "AugmentationPreview":  # imports ipywidgets only when the widget is wanted
        from kerasnb.augment.widget import AugmentationPreview

        return AugmentationPreview
    raise AttributeError(f"module 'kerasnb.augment' has no attribute {name!r}")
