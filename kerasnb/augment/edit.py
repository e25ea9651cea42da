"""Edits of an AugmentSpec as pure functions: each returns a new, validated spec.

>>> from kerasnb.augment import AugmentSpec
>>> from kerasnb.augment.edit import add_layer, move_layer, set_value
>>> spec = add_layer(AugmentSpec.preprocessing_layers("RandomFlip"), "RandomRotation")
>>> spec = set_value(spec, 1, "factor", [-0.1, 0.3])
>>> [x["class_name"] for x in move_layer(spec, 1, -1).layers]
['RandomRotation', 'RandomFlip']

The preview widget holds an AugmentSpec as its state and changes it only through these
functions, so a description set from code (layer order, repeated layers, asymmetric ranges,
values beyond a slider's usual range, parameters not shown as controls) is kept exactly.
"""

from __future__ import annotations

import copy
from typing import Any

from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS
from kerasnb.augment.errors import AugmentError
from kerasnb.augment.spec import IDG_FORM, LAYERS_FORM, AugmentSpec

MAX_LAYERS = 16  # a preview of more layers than this is unreadable and slow


def _copy(spec: AugmentSpec) -> dict[str, Any]:
    return copy.deepcopy(spec.to_dict())


def starting_config(name: str) -> dict[str, Any]:
    """The config a newly added layer starts with: its required parameters at their start value.

    >>> starting_config("RandomRotation")
    {'factor': 0.05}
    """
    entry = LAYERS.get(name)
    if entry is None:
        raise AugmentError("unknown preprocessing layer", received=repr(name),
                           expected=", ".join(LAYERS))
    return {p.name: copy.deepcopy(p.start) for p in entry.params.values()
            if p.default is None and p.start is not None
            and not p.nullable and p.kind not in ("optional_pair", "optional_float")}


def _index(spec: AugmentSpec, index: Any) -> int:
    if spec.form != LAYERS_FORM:
        raise AugmentError("layers can only be edited in the layers form",
                           received=repr(spec.form), expected=repr(LAYERS_FORM))
    if isinstance(index, bool) or not isinstance(index, int) or not (
        0 <= index < len(spec.layers)
    ):
        raise AugmentError("index: no layer at this position", received=repr(index),
                           expected=f"0 to {len(spec.layers) - 1}" if spec.layers
                           else "a layer added first")
    return index


def add_layer(spec: AugmentSpec, name: str, config: dict[str, Any] | None = None,
              index: int | None = None) -> AugmentSpec:
    """``spec`` with the layer ``name`` inserted at ``index`` (default: at the end).

    >>> add_layer(AugmentSpec.preprocessing_layers(), "RandomContrast").layers
    [{'class_name': 'RandomContrast', 'config': {'factor': 0.3}}]
    """
    data = _copy(spec)
    if spec.form != LAYERS_FORM:
        raise AugmentError("layers can only be added in the layers form",
                           received=repr(spec.form), expected=repr(LAYERS_FORM))
    if len(spec.layers) >= MAX_LAYERS:
        raise AugmentError(f"the preview takes at most {MAX_LAYERS} layers",
                           received=f"{len(spec.layers)} layers already",
                           expected="remove a layer first")
    item = {"class_name": name, "config": starting_config(name) if config is None else config}
    where = len(spec.layers) if index is None else max(0, min(int(index), len(spec.layers)))
    data["layers"].insert(where, item)
    return AugmentSpec.from_dict(data)


def remove_layer(spec: AugmentSpec, index: int) -> AugmentSpec:
    """``spec`` without the layer at ``index``.

    >>> remove_layer(AugmentSpec.preprocessing_layers("RandomFlip"), 0).layers
    []
    """
    i = _index(spec, index)
    data = _copy(spec)
    del data["layers"][i]
    return AugmentSpec.from_dict(data)


def move_layer(spec: AugmentSpec, index: int, delta: int) -> AugmentSpec:
    """``spec`` with the layer at ``index`` moved ``delta`` places (clamped to the ends).

    >>> s = AugmentSpec.preprocessing_layers("RandomFlip", "AutoContrast")
    >>> [x["class_name"] for x in move_layer(s, 0, 1).layers]
    ['AutoContrast', 'RandomFlip']
    """
    i = _index(spec, index)
    data = _copy(spec)
    item = data["layers"].pop(i)
    data["layers"].insert(max(0, min(i + int(delta), len(spec.layers) - 1)), item)
    return AugmentSpec.from_dict(data)


def set_value(spec: AugmentSpec, where: str | int, name: str, value: Any) -> AugmentSpec:
    """``spec`` with one parameter changed; a value equal to the default is left out.

    ``where`` is ``"ImageDataGenerator"`` for the legacy form, else the layer's position.

    >>> set_value(AugmentSpec.image_data_generator(), "ImageDataGenerator",
    ...           "rotation_range", 30).params
    {'rotation_range': 30}
    >>> set_value(AugmentSpec.preprocessing_layers("RandomFlip"), 0, "mode", "vertical").layers
    [{'class_name': 'RandomFlip', 'config': {'mode': 'vertical'}}]
    """
    data = _copy(spec)
    if where == IDG_FORM:
        if spec.form != IDG_FORM:
            raise AugmentError("ImageDataGenerator arguments belong to that form",
                               received=repr(spec.form), expected=repr(IDG_FORM))
        p = IDG_PARAMS.get(name)
        if p is not None and value == p.default:
            data["params"].pop(name, None)
        else:
            data["params"][name] = value
        return AugmentSpec.from_dict(data)
    i = _index(spec, where)
    config = data["layers"][i]["config"]
    p = LAYERS[data["layers"][i]["class_name"]].params.get(name)
    if p is not None and p.default is not None and value == p.default:
        config.pop(name, None)
    elif value is None:
        config.pop(name, None)
    else:
        config[name] = value
    return AugmentSpec.from_dict(data)
