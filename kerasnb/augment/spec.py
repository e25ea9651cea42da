"""A JSON-serialisable augmentation description in either form, with validation.

>>> from kerasnb.augment.spec import AugmentSpec
>>> spec = AugmentSpec.image_data_generator(rotation_range=40, horizontal_flip=True)
>>> spec.to_json()
'{"form": "ImageDataGenerator", "params": {"rotation_range": 40, "horizontal_flip": true}}'
>>> AugmentSpec.from_json(spec.to_json()) == spec
True
>>> AugmentSpec.image_data_generator(rotation_range=400)
Traceback (most recent call last):
...
kerasnb.augment.errors.AugmentError: rotation_range must be between 0 and 180 degrees; got 400 ...
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from kerasnb.augment.catalogue import (
    IDG_FORM,
    IDG_NOT_IN_PREVIEW,
    IDG_PARAMS,
    LAYERS,
    LAYERS_FORM,
    LAYERS_NOT_IN_PREVIEW,
    Param,
)
from kerasnb.augment.edit import Edits
from kerasnb.augment.errors import AugmentError
from kerasnb.builder.params import Invalid

__all__ = ["IDG_FORM", "LAYERS_FORM", "AugmentSpec", "check_value"]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _range_text(p: Param) -> str:
    units = f" {p.units}" if p.units else ""
    return f"between {p.min:g} and {p.max:g}{units}"


def check_value(p: Param, value: Any, where: str = "") -> str | None:
    """Return a readable problem with ``value`` for parameter ``p``, or None when it is valid.

    The check itself is the catalogue's (``Param.canonical``), the same one the model builder
    uses; this only words it for the preview.

    >>> check_value(IDG_PARAMS["zoom_range"], -2)
    'zoom_range must be a number z in [0, 1) (meaning scales [1-z, 1+z]) or a pair [low, high] \
with 0 < low <= high; got -2'
    >>> check_value(IDG_PARAMS["fill_mode"], "nearest") is None
    True
    """
    try:
        p.canonical(value)
    except Invalid as bad:
        needs = bad.needs
    else:
        return None
    name = f"{where}{p.name}"
    bounded = p.min is not None and p.max is not None
    if needs.endswith(("with low <= high", "with lower <= upper")):
        return f"{name}: low must not exceed high; got {value!r}"
    if bounded and "with values in" in needs:
        return f"{name} must lie {_range_text(p)}; got {value!r}"
    if bounded and needs.startswith(("at least", "at most", "above", "below")):
        return f"{name} must be {_range_text(p)}; got {value!r}"
    return f"{name} must be {needs}; got {value!r}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return _jsonable(value.tolist())  # a NumPy scalar or array: plain numbers, then checked
    return value


@dataclass
class AugmentSpec(Edits):
    """An augmentation in one of two forms, as plain JSON-ready data.

    ``form="ImageDataGenerator"``: ``params`` holds ImageDataGenerator arguments that differ
    from the defaults. ``form="layers"``: ``layers`` is a list of
    ``{"class_name": ..., "config": {...}}`` Keras 3 preprocessing layers, applied in order.

    >>> AugmentSpec.preprocessing_layers(("RandomFlip", {"mode": "horizontal"})).layers
    [{'class_name': 'RandomFlip', 'config': {'mode': 'horizontal'}}]

    Edits return a new spec (:meth:`with_value`, :meth:`with_layer`, :meth:`without_layer`,
    :meth:`with_layer_moved`); :meth:`problems` is the one place where a spec is checked.
    """

    form: str
    params: dict[str, Any] = field(default_factory=dict)
    layers: list[dict[str, Any]] = field(default_factory=list)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def image_data_generator(cls, **params: Any) -> AugmentSpec:
        """Validated ImageDataGenerator form.

        >>> AugmentSpec.image_data_generator(zoom_range=0.2).params
        {'zoom_range': 0.2}
        """
        spec = cls(form=IDG_FORM, params={k: _jsonable(v) for k, v in params.items()})
        spec.validate()
        return spec

    @classmethod
    def preprocessing_layers(cls, *layers: Any) -> AugmentSpec:
        """Validated layers form; each item is ``"Name"``, ``("Name", {config})`` or a dict.

        >>> AugmentSpec.preprocessing_layers("AutoContrast").layers[0]["class_name"]
        'AutoContrast'
        """
        items = []
        for item in layers:
            if isinstance(item, str):
                items.append({"class_name": item, "config": {}})
            elif isinstance(item, dict):
                items.append({"class_name": item.get("class_name"),
                              "config": dict(item.get("config", {}))})
            elif isinstance(item, (tuple, list)) and len(item) == 2:
                items.append({"class_name": item[0], "config": dict(item[1])})
            else:
                raise AugmentError(
                    f"each layer must be a name, a (name, config) pair or a dict with class_name "
                    f"and config; got {item!r}")
        for it in items:
            it["config"] = {k: _jsonable(v) for k, v in it["config"].items()}
        spec = cls(form=LAYERS_FORM, layers=items)
        spec.validate()
        return spec

    # -- JSON ---------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain dict (what to_json writes).

        >>> AugmentSpec.image_data_generator().to_dict()
        {'form': 'ImageDataGenerator', 'params': {}}
        """
        wrong = self.structure_problem()
        if wrong:
            raise AugmentError(wrong)
        if self.form == IDG_FORM:
            return {"form": self.form, "params": dict(self.params)}
        return {"form": self.form, "layers": [dict(x) for x in self.layers]}

    def structure_problem(self) -> str | None:
        """What is wrong with the shape of the data (form, params, layers), or None.

        >>> AugmentSpec(form="layers", layers=[("RandomFlip", {})]).structure_problem()
        "layers must be a list of dicts {'class_name': ..., 'config': {...}}; got \
[('RandomFlip', {})]"
        """
        if self.form not in (IDG_FORM, LAYERS_FORM):
            return f"form must be {IDG_FORM!r} or {LAYERS_FORM!r}; got {self.form!r:.60}"
        if self.form == IDG_FORM and not (isinstance(self.params, dict) and all(
                isinstance(k, str) for k in self.params)):
            return f"params must be a dict of ImageDataGenerator arguments; got {self.params!r:.60}"
        if self.form == LAYERS_FORM and not (isinstance(self.layers, list) and all(
                isinstance(x, dict) and isinstance(x.get("class_name"), str)
                and isinstance(x.get("config", {}), dict) for x in self.layers)):
            return ("layers must be a list of dicts {'class_name': ..., 'config': {...}}; got "
                    f"{self.layers!r:.60}")
        return None

    def to_json(self) -> str:
        """JSON text.

        >>> AugmentSpec.preprocessing_layers().to_json()
        '{"form": "layers", "layers": []}'
        """
        try:
            return json.dumps(self.to_dict(), allow_nan=False)
        except (TypeError, ValueError) as exc:  # NumPy arrays, NaN, objects in the values
            raise AugmentError(f"the spec cannot be written as JSON: {exc}; build it with "
                               "AugmentSpec.image_data_generator(...) or "
                               "preprocessing_layers(...), which check every value") from None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AugmentSpec:
        """Validated spec from a dict.

        >>> AugmentSpec.from_dict({"form": "layers", "layers": []}).form
        'layers'
        """
        if not isinstance(data, dict) or data.get("form") not in (IDG_FORM, LAYERS_FORM):
            raise AugmentError(
                f"an augmentation description is a dict with form {IDG_FORM!r} (and params) or "
                f"{LAYERS_FORM!r} (and layers); got {data!r}")
        params, layers = data.get("params", {}), data.get("layers", [])
        if data["form"] == IDG_FORM and not (isinstance(params, dict)
                                             and all(isinstance(k, str) for k in params)):
            raise AugmentError(f"params must be a dict of ImageDataGenerator arguments; "
                               f"got {params!r:.80}")
        if data["form"] == LAYERS_FORM and not isinstance(layers, list):
            raise AugmentError(f"layers must be a list of {{'class_name', 'config'}} dicts; "
                               f"got {layers!r:.80}")
        try:
            if data["form"] == IDG_FORM:
                return cls.image_data_generator(**params)
            return cls.preprocessing_layers(*layers)
        except AugmentError:
            raise
        except (TypeError, ValueError, AttributeError) as e:
            raise AugmentError(f"the augmentation description is malformed ({e!r:.100}); "
                               "each layer is {'class_name': name, 'config': {...}}") from None

    @classmethod
    def from_json(cls, text: str) -> AugmentSpec:
        """Validated spec from JSON text.

        >>> AugmentSpec.from_json('{"form": "ImageDataGenerator", "params": {}}').params
        {}
        """
        from kerasnb.builder.errors import SpecError
        from kerasnb.builder.specio import read_json

        try:  # strict and bounded: no NaN, no enormous numbers, no deep nesting
            data = read_json(text)
        except SpecError as e:
            raise AugmentError(f"not valid JSON: {e.message}") from None
        return cls.from_dict(data)

    # -- validation ---------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Every problem found, as sentences (empty when valid).

        >>> AugmentSpec(form="ImageDataGenerator", params={"zoom_range": -2}).problems()[0][:27]
        'zoom_range must be a number'
        """
        out: list[str] = []
        wrong = self.structure_problem()
        if wrong:
            return [wrong]
        if self.form == IDG_FORM:
            for name, value in self.params.items():
                p = IDG_PARAMS.get(name)
                if p is None:
                    why = IDG_NOT_IN_PREVIEW.get(name)
                    if why:
                        out.append(f"{name} is not part of the preview: {why}")
                    else:
                        out.append(f"ImageDataGenerator has no argument {name!r}; known: "
                                   f"{', '.join(IDG_PARAMS)}")
                    continue
                problem = check_value(p, value)
                if problem:
                    if name == "rotation_range" and _is_number(value) and value > 180:
                        problem += " (an angle is drawn from [-r, r], so 180 already allows any)"
                    out.append(problem)
            if (self.params.get("data_format") == "channels_first"
                    and self.params.get("brightness_range") is not None):
                out.append(
                    "brightness_range does not work with data_format='channels_first' in the "
                    "legacy ImageDataGenerator (it converts each picture to PIL as channels-last "
                    "and fails): use data_format='channels_last' or switch brightness_range off")
            return out
        if self.form != LAYERS_FORM:
            return [f"form must be {IDG_FORM!r} or {LAYERS_FORM!r}; got {self.form!r}"]
        for i, layer in enumerate(self.layers):
            name = layer.get("class_name")
            entry = LAYERS.get(name)  # type: ignore[arg-type]
            where = f"layer {i + 1} ({name}): "
            if entry is None:
                why = LAYERS_NOT_IN_PREVIEW.get(name)  # type: ignore[arg-type]
                if why:
                    out.append(f"layer {i + 1}: {name} is not offered in the preview: {why}")
                else:
                    out.append(f"layer {i + 1}: unknown preprocessing layer {name!r}; known: "
                               f"{', '.join(LAYERS)}")
                continue
            config = layer.get("config", {})
            for key, value in config.items():
                p = entry.params.get(key)
                if p is None:
                    known = ", ".join(entry.params) or "none"
                    out.append(f"{where}no parameter {key!r}; parameters: {known}")
                    continue
                problem = check_value(p, value, where)
                if problem:
                    out.append(problem)
            for key, p in entry.params.items():
                if p.required and key not in config:
                    out.append(f"{where}{key} is required ({p.help})")
        return out

    def validate(self) -> None:
        """Raise AugmentError listing every problem.

        >>> AugmentSpec(form="layers", layers=[{"class_name": "RandomRotation",
        ...     "config": {"factor": 2}}]).validate()
        Traceback (most recent call last):
        ...
        kerasnb.augment.errors.AugmentError: layer 1 (RandomRotation): factor must lie between \
-1 and 1 fraction of a full turn (1.0 = 360 degrees); got 2
        """
        problems = self.problems()
        if problems:
            raise AugmentError("; ".join(problems))

    def resolved_params(self) -> dict[str, Any]:
        """ImageDataGenerator arguments with every default filled in.

        >>> AugmentSpec.image_data_generator().resolved_params()["fill_mode"]
        'nearest'
        """
        if self.form != IDG_FORM:
            raise AugmentError("resolved_params() is for the ImageDataGenerator form")
        values = {name: p.default for name, p in IDG_PARAMS.items()}
        values.update(self.params)
        return values
