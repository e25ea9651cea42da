"""Rule families, each a module, and the tables that route syntax nodes to them.

>>> from kerasnb.migrate.families import CALLEES, METHODS
>>> [h.__name__ for h in CALLEES["SGD"]], [h.__name__ for h in METHODS["fit"]]
(['optimizer'], ['data_method'])

A family module may define ``METHODS`` (``obj.name(...)`` calls, by name), ``CALLEES``
(``Name(...)`` or ``module.Name(...)`` calls whose root is not a foreign import, by name),
``ATTRIBUTES`` (``obj.name``, by name), ``MODULES`` (``keras.x.name``, by module path) and
``PASSES`` (functions of the whole file). Adding a rule is one handler and one table entry.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from kerasnb.migrate.families import (
    backend,
    callbacks,
    classes,
    imports,
    layers,
    metrics,
    models,
    optimizers,
    saving,
    training,
)

FAMILIES: tuple[ModuleType, ...] = (imports, backend, training, optimizers, callbacks, metrics,
                                    layers, saving, models, classes)


def _merge(table: str) -> dict[str, tuple[Callable[..., Any], ...]]:
    merged: dict[str, tuple[Callable[..., Any], ...]] = {}
    for family in FAMILIES:
        for key, handler in getattr(family, table, {}).items():
            merged[key] = (*merged.get(key, ()), handler)
    return merged


METHODS = _merge("METHODS")
CALLEES = _merge("CALLEES")
ATTRIBUTES = _merge("ATTRIBUTES")
MODULES = _merge("MODULES")
PASSES: tuple[Callable[..., Any], ...] = tuple(p for f in FAMILIES for p in getattr(f, "PASSES", ()))
