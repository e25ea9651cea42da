"""kerasnb: the helper package of a hands-on Keras 3 course.

>>> import kerasnb
>>> sorted(kerasnb.data.available())[:2]
['breast_cancer', 'co2']

Names are imported lazily, so ``import kerasnb`` stays fast and does not start TensorFlow
until a helper that needs it is used.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it (one obvious place for each concept)
_LAZY: dict[str, str] = {
    # environment check (welcome notebook)
    "check_environment": "kerasnb.env",
    # the base class of every error the package raises for bad input
    "KerasnbError": "kerasnb.errors",
    # exercises checked by code
    "check": "kerasnb.exercises",
    "check_answer": "kerasnb.exercises",
    # plots: History plots, run comparison, live training curves
    "plot_history": "kerasnb.plots",
    "compare_runs": "kerasnb.plots",
    "LivePlot": "kerasnb.plots",
    # model builders on one spec
    "ModelSpec": "kerasnb.builder",
    "SpecError": "kerasnb.builder",
    "SequentialBuilder": "kerasnb.builder",
    "FunctionalBuilder": "kerasnb.builder",
    "Playground": "kerasnb.playground",  # train what you build, and watch it learn
    # augmentation preview
    "AugmentationPreview": "kerasnb.augment",
    "AugmentSpec": "kerasnb.augment",
    "AugmentError": "kerasnb.augment",
    "augment_images": "kerasnb.augment",
    "augmentation_code": "kerasnb.augment",
    "convert_augmentation": "kerasnb.augment",
    # Keras 2 -> 3 checker and rewriter
    "check_keras2": "kerasnb.migrate",
    "rewrite_keras2": "kerasnb.migrate",
}

_SUBMODULES = {"data", "env", "errors", "exercises", "files", "plots", "builder", "augment", "migrate"}

__all__ = sorted(_LAZY) + sorted(_SUBMODULES)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"kerasnb.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kerasnb' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%%keras2`` cell magic (``%load_ext kerasnb``).

    >>> # In a notebook:  %load_ext kerasnb
    """
    from kerasnb.migrate.magic import load_ipython_extension as _load

    _load(ipython)
