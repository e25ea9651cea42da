"""Edits of an AugmentSpec, as its methods: each returns a new, validated spec.

>>> from kerasnb.augment import AugmentSpec
>>> spec = AugmentSpec.preprocessing_layers("RandomFlip").with_layer("RandomRotation")
>>> spec = spec.with_value(1, "factor", [-0.1, 0.3])
>>> [x["class_name"] for x in spec.with_layer_moved(1, -1).layers]
['RandomRotation', 'RandomFlip']

The preview widget holds an AugmentSpec as its state and changes it only through these
methods, so a description set from code (layer order, repeated layers, asymmetric ranges,
values beyond a slider's usual range, parameters not shown as controls) is kept exactly. The
spec an edit is called on is left as it was, and an edit that would make it invalid raises an
AugmentError (the checks are :meth:`AugmentSpec.problems`, the one place of validation).
"""

from __future__ import annotations

import copy
from typing import Any, Self

from kerasnb.augment.catalogue import IDG_FORM, IDG_PARAMS, LAYERS, LAYERS_FORM
from kerasnb.augment.errors import AugmentError

MAX_LAYERS = 16  # a preview of more layers than this is unreadable and slow


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


class Edits:
    """The editing methods of :class:`~kerasnb.augment.spec.AugmentSpec`."""

    form: str
    params: dict[str, Any]
    layers: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - AugmentSpec's
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:  # pragma: no cover - AugmentSpec's
        raise NotImplementedError

    def _data(self) -> dict[str, Any]:
        return copy.deepcopy(self.to_dict())

    def _index(self, index: Any) -> int:
        if self.form != LAYERS_FORM:
            raise AugmentError("layers can only be edited in the layers form",
                               received=repr(self.form), expected=repr(LAYERS_FORM))
        if isinstance(index, bool) or not isinstance(index, int) or not (
            0 <= index < len(self.layers)
        ):
            raise AugmentError("index: no layer at this position", received=repr(index),
                               expected=f"0 to {len(self.layers) - 1}" if self.layers
                               else "a layer added first")
        return index

    def with_layer(self, name: str, config: dict[str, Any] | None = None,
                   index: int | None = None) -> Self:
        """This spec with the layer ``name`` inserted at ``index`` (default: at the end).

        >>> from kerasnb.augment import AugmentSpec
        >>> AugmentSpec.preprocessing_layers().with_layer("RandomContrast").layers
        [{'class_name': 'RandomContrast', 'config': {'factor': 0.3}}]
        """
        if self.form != LAYERS_FORM:
            raise AugmentError("layers can only be added in the layers form",
                               received=repr(self.form), expected=repr(LAYERS_FORM))
        if len(self.layers) >= MAX_LAYERS:
            raise AugmentError(f"the preview takes at most {MAX_LAYERS} layers",
                               received=f"{len(self.layers)} layers already",
                               expected="remove a layer first")
        data = self._data()
        item = {"class_name": name,
                "config": starting_config(name) if config is None else config}
        where = len(self.layers) if index is None else max(0, min(int(index), len(self.layers)))
        data["layers"].insert(where, item)
        return type(self).from_dict(data)

    def without_layer(self, index: int) -> Self:
        """This spec without the layer at ``index``.

        >>> from kerasnb.augment import AugmentSpec
        >>> AugmentSpec.preprocessing_layers("RandomFlip").without_layer(0).layers
        []
        """
        i = self._index(index)
        data = self._data()
        del data["layers"][i]
        return type(self).from_dict(data)

    def with_layer_moved(self, index: int, delta: int) -> Self:
        """This spec with the layer at ``index`` moved ``delta`` places (clamped to the ends).

        >>> from kerasnb.augment import AugmentSpec
        >>> s = AugmentSpec.preprocessing_layers("RandomFlip", "AutoContrast")
        >>> [x["class_name"] for x in s.with_layer_moved(0, 1).layers]
        ['AutoContrast', 'RandomFlip']
        """
        i = self._index(index)
        data = self._data()
        item = data["layers"].pop(i)
        data["layers"].insert(max(0, min(i + int(delta), len(self.layers) - 1)), item)
        return type(self).from_dict(data)

    def with_value(self, where: str | int, name: str, value: Any) -> Self:
        """This spec with one parameter changed; a value equal to the default is left out.

        ``where`` is ``"ImageDataGenerator"`` for the legacy form, else the layer's position.

        >>> from kerasnb.augment import AugmentSpec
        >>> AugmentSpec.image_data_generator().with_value("ImageDataGenerator",
        ...                                               "rotation_range", 30).params
        {'rotation_range': 30}
        >>> AugmentSpec.preprocessing_layers("RandomFlip").with_value(0, "mode", "vertical").layers
        [{'class_name': 'RandomFlip', 'config': {'mode': 'vertical'}}]
        """
        data = self._data()
        if where == IDG_FORM:
            if self.form != IDG_FORM:
                raise AugmentError("ImageDataGenerator arguments belong to that form",
                                   received=repr(self.form), expected=repr(IDG_FORM))
            p = IDG_PARAMS.get(name)
            if p is not None and value == p.default:
                data["params"].pop(name, None)
            else:
                data["params"][name] = value
            return type(self).from_dict(data)
        i = self._index(where)
        config = data["layers"][i]["config"]
        p = LAYERS[data["layers"][i]["class_name"]].params.get(name)
        if (p is not None and p.default is not None and value == p.default) or value is None:
            config.pop(name, None)
        else:
            config[name] = value
        return type(self).from_dict(data)
