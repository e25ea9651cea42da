"""Model builders on one spec: catalogue, shape checks, Keras model, code, summary, diagram,
and the Sequential/Functional builder widgets.

>>> from kerasnb.builder import ModelSpec
>>> spec = ModelSpec.sequential((28, 28, 1), [("Conv2D", {"filters": 8, "kernel_size": 3}),
...                                           ("Flatten", {}), ("Dense", {"units": 10})])
>>> spec.analyze().infos["dense"].shape_text
'(None, 10)'
"""

from __future__ import annotations

from typing import Any

from kerasnb.builder.catalogue import CATALOGUE, LAYER_TYPES, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import InputSpec, LayerSpec, ModelSpec

__all__ = ["CATALOGUE", "LAYER_TYPES", "FunctionalBuilder", "InputSpec", "LayerSpec",
           "ModelSpec", "SequentialBuilder", "SpecError", "layer_type"]


def __getattr__(name: str) -> Any:  # the widgets import ipywidgets only when asked for
    if name == "SequentialBuilder":
        from kerasnb.builder.widgets.sequential import SequentialBuilder

        return SequentialBuilder
    if name == "FunctionalBuilder":
        from kerasnb.builder.widgets.functional import FunctionalBuilder

        return FunctionalBuilder
    raise AttributeError(f"module 'kerasnb.builder' has no attribute {name!r}")
