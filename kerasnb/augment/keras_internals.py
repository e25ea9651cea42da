"""The one place the preview reaches into Keras' private modules, and why.

>>> from kerasnb.augment.keras_internals import draws_separately
>>> import keras
>>> draws_separately(keras.layers.RandomFlip()), draws_separately(keras.layers.Rescaling(0.5))
(True, False)

To report the values a random layer drew for each picture, the preview calls the two halves of
``layer(x, training=True)`` itself: ``get_random_transformation`` then ``transform_images``. That
is only the same as calling the layer when the layer's class does not override ``call`` of
Keras' ``BaseImagePreprocessingLayer``, a class Keras does not export publicly (``keras.layers``
has no name for it). No public API tells whether a layer splits its work this way, so the check
lives here, alone; ``tests/test_augment_properties.py::test_every_control_value_is_applied_or_explained_never_an_internal_error`` fails
loudly when a Keras release moves or changes the class.
"""

from __future__ import annotations

from typing import Any

_PRIVATE_MODULE = "keras.src.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer"


def base_class() -> type:
    """Keras' ``BaseImagePreprocessingLayer`` (private): raises ImportError if it moved.

    >>> base_class().__name__
    'BaseImagePreprocessingLayer'
    """
    import importlib

    return importlib.import_module(_PRIVATE_MODULE).BaseImagePreprocessingLayer


def draws_separately(layer: Any) -> bool:
    """True when ``layer(x, training=True)`` is exactly its random draw and then its transform.

    Layers outside the base class (``Rescaling``, ``Normalization``) or overriding ``call``
    are called as a whole instead (their draws are not reported).
    """
    base = base_class()
    return isinstance(layer, base) and type(layer).call is base.call
