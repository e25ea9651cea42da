"""One object per kind of parameter value: check it, write it as source, pass it to Keras,
describe its control. ``Param.kind`` names one of :data:`KINDS`.

>>> from kerasnb.builder.params import Param
>>> KINDS["ints"].source(Param("k", "ints", 3, size=2), [3, 3])
'(3, 3)'
>>> Param("f", "factor", 0.1, min=-1, max=1).check([-0.2, 0.2], "RandomRotation")
0.2
"""

from __future__ import annotations

import json
import math
from typing import Any

from kerasnb.builder.params import ACTIVATIONS, Invalid, Param


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float(value: Any) -> float:
    if not _number(value):
        raise Invalid("a number")
    if not math.isfinite(value):
        raise Invalid("a finite number")
    return float(value)


class Kind:
    """How one kind of value is checked, written, passed to Keras and edited."""

    label = "value"

    def none(self, p: Param) -> Any:
        raise Invalid("a value (None is not allowed here)")

    def check(self, p: Param, value: Any) -> Any:
        return value

    def source(self, p: Param, value: Any) -> str:
        return json.dumps(value) if isinstance(value, str) else repr(value)

    def to_keras(self, p: Param, value: Any) -> Any:
        return value

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return {"widget": "text", "text": "" if value is None else str(value)}

    def expanded(self, p: Param, value: Any) -> Any:
        return value

    def describe(self, p: Param) -> str:
        return self.label


class Int(Kind):
    label = "int"

    def check(self, p: Param, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("a whole number")
        return p.in_range(value)

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        lo = int(p.min) if p.min is not None else -(10**9)
        hi = int(p.max) if p.max is not None else 10**9
        return {"widget": "int", "min": lo, "max": hi}

    def describe(self, p: Param) -> str:
        return "int" + (f" in {p.range_text()}" if p.min is not None or p.max is not None else "")


class Float(Kind):
    label = "float"

    def check(self, p: Param, value: Any) -> float:
        return p.in_range(_float(value))

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return {"widget": "float", "step": 0.05 if (p.max or 0) <= 1 else 1}

    def describe(self, p: Param) -> str:
        return "float" + (f" in {p.range_text()}" if p.min is not None or p.max is not None
                          else "")


class Bool(Kind):
    label = "True/False"

    def check(self, p: Param, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid("True or False")
        return value

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return {"widget": "bool"}


class Choice(Kind):
    def options(self, p: Param) -> tuple[Any, ...]:
        return p.choices

    def check(self, p: Param, value: Any) -> Any:
        options = self.options(p)
        if not isinstance(value, str | int | float | type(None)) or value not in options:
            raise Invalid("one of " + ", ".join(map(repr, options)))
        return value

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return {"widget": "dropdown", "options": list(self.options(p))}

    def describe(self, p: Param) -> str:
        return "one of " + ", ".join(map(str, self.options(p)))


class Activation(Choice):
    def options(self, p: Param) -> tuple[Any, ...]:
        return ACTIVATIONS

    def none(self, p: Param) -> Any:
        return "linear"

    def describe(self, p: Param) -> str:
        return "activation"


def _numbers_control(value: Any) -> dict[str, Any]:
    text = "" if value is None else ", ".join("None" if v is None else str(v) for v in value)
    return {"widget": "numbers", "text": text, "floats": False}


def _tuple_source(values: list[Any]) -> str:
    items = ", ".join("None" if v is None else repr(v) for v in values)
    return f"({items},)" if len(values) == 1 else f"({items})"


class Ints(Kind):
    label = "ints"

    def check(self, p: Param, value: Any) -> list[int]:
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value] * p.size
        if (not isinstance(value, list | tuple) or len(value) != p.size
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            raise Invalid(f"an int or {p.size} ints")
        for v in value:
            p.in_range(v)
        return list(value)

    def source(self, p: Param, value: Any) -> str:
        return _tuple_source(value)

    def to_keras(self, p: Param, value: Any) -> Any:
        return tuple(value)

    def expanded(self, p: Param, value: Any) -> Any:
        return [value] * p.size if isinstance(value, int) else value

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return _numbers_control(value)

    def describe(self, p: Param) -> str:
        return f"int or {p.size} ints"


class Shape(Kind):
    label = "shape"

    def check(self, p: Param, value: Any) -> list[int | None]:
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        allowed = "None" if p.nullable else "-1 (once)"
        ok = isinstance(value, list | tuple) and 1 <= len(value) <= 8 and all(
            (v is None and p.nullable) or (isinstance(v, int) and not isinstance(v, bool)
                                           and (1 <= v <= 10**7 or (v == -1 and not p.nullable)))
            for v in value)
        if not ok or (not p.nullable and list(value).count(-1) > 1):
            raise Invalid(f"a tuple of 1 to 8 positive ints (or {allowed}), e.g. (28, 28, 1)")
        return list(value)

    def source(self, p: Param, value: Any) -> str:
        return _tuple_source(value)

    def to_keras(self, p: Param, value: Any) -> Any:
        return tuple(value)

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return _numbers_control(value)


_REGULARIZER_SHORTHAND = {"l1": {"l1": 0.01}, "l2": {"l2": 0.01}, "l1_l2": {"l1": 0.01, "l2": 0.01}}


class Regularizer(Kind):
    label = "regularizer"

    def none(self, p: Param) -> Any:
        return None

    def check(self, p: Param, value: Any) -> dict[str, float]:
        if isinstance(value, str):
            value = _REGULARIZER_SHORTHAND.get(value.lower(), value)
        if (isinstance(value, dict) and value and set(value) <= {"l1", "l2"}
                and all(_number(v) and math.isfinite(v) and v >= 0 for v in value.values())):
            return {k: float(value[k]) for k in ("l1", "l2") if k in value}
        raise Invalid("None, 'l1', 'l2', or a dict like {'l2': 0.01}")

    def source(self, p: Param, value: Any) -> str:
        if set(value) == {"l1", "l2"}:
            return f"keras.regularizers.L1L2(l1={value['l1']!r}, l2={value['l2']!r})"
        key = "l1" if "l1" in value else "l2"
        return f"keras.regularizers.{key.upper()}({value[key]!r})"

    def to_keras(self, p: Param, value: Any) -> Any:
        import keras

        if set(value) == {"l1", "l2"}:
            return keras.regularizers.L1L2(l1=value["l1"], l2=value["l2"])
        if "l1" in value:
            return keras.regularizers.L1(value["l1"])
        return keras.regularizers.L2(value["l2"])

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        kind = "None" if not value else ("l1_l2" if len(value) == 2 else next(iter(value)))
        return {"widget": "regularizer", "options": ["None", "l1", "l2", "l1_l2"],
                "choice": kind, "strength": max(value.values()) if value else 0.01}


def _both_in_range(p: Param, lo: float, hi: float, what: str) -> None:
    """Both ends of a range within the parameter's range, or Invalid naming ``what`` is expected."""
    for v in (lo, hi):
        try:
            p.in_range(v)
        except Invalid:
            raise Invalid(f"{what} with values in {p.range_text()}") from None


class Factor(Kind):
    """A number f (meaning [-f, f], or [0, f] when not symmetric) or a pair [low, high]."""

    label = "factor"

    def check(self, p: Param, value: Any) -> float | list[float]:
        if _number(value):
            f = _float(value)
            lo, hi = (-abs(f), abs(f)) if p.symmetric else (0.0, f)
        elif isinstance(value, list | tuple) and len(value) == 2 and all(map(_number, value)):
            lo, hi = (_float(v) for v in value)
            if lo > hi:
                raise Invalid("a pair (lower, upper) with lower <= upper")
        else:
            raise Invalid("a number or a pair (lower, upper)")
        _both_in_range(p, lo, hi, "a number or a pair")
        if _number(value):
            return float(value)
        if p.symmetric and lo == -hi:
            return hi
        if not p.symmetric and lo == 0:
            return hi
        return [lo, hi]

    def source(self, p: Param, value: Any) -> str:
        return _tuple_source(value) if isinstance(value, list) else repr(value)

    def to_keras(self, p: Param, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list)
                                         else str(value))
        return {"widget": "numbers", "text": text, "floats": True}

    def describe(self, p: Param) -> str:
        return f"number or (lower, upper) in {p.range_text()}"


class Pair(Kind):
    """Two numbers [low, high] within the parameter's range."""

    label = "pair"

    def check(self, p: Param, value: Any) -> list[float]:
        if not (isinstance(value, list | tuple) and len(value) == 2
                and all(map(_number, value))):
            raise Invalid("a pair [low, high]")
        lo, hi = (_float(v) for v in value)
        if lo > hi:
            raise Invalid("a pair [low, high] with low <= high")
        _both_in_range(p, lo, hi, "a pair")
        return [lo, hi]

    def source(self, p: Param, value: Any) -> str:
        return _tuple_source(value)

    def to_keras(self, p: Param, value: Any) -> Any:
        return tuple(value)

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return _numbers_control(value) | {"floats": True}


class OptionalPair(Pair):
    def none(self, p: Param) -> Any:
        return None


class OptionalFloat(Float):
    def none(self, p: Param) -> Any:
        return None


class Zoom(Kind):
    """ImageDataGenerator's zoom_range: z (scales [1-z, 1+z]) or a pair of scales."""

    def check(self, p: Param, value: Any) -> Any:
        if _number(value) and math.isfinite(value) and 0 <= value < 1:
            return value
        if (isinstance(value, list | tuple) and len(value) == 2 and all(map(_number, value))
                and all(map(math.isfinite, value)) and 0 < value[0] <= value[1]):
            return list(value)
        raise Invalid("a number z in [0, 1) (meaning scales [1-z, 1+z]) or a pair "
                      "[low, high] with 0 < low <= high")


class LayerKind(Kind):
    """A wrapped layer {"type": ..., "params": {...}} (Bidirectional, TimeDistributed)."""

    label = "layer"

    def check(self, p: Param, value: Any) -> dict[str, Any]:
        from kerasnb.builder.catalogue import layer_type

        if not isinstance(value, dict) or value.get("type") not in p.choices:
            raise Invalid("a layer {'type': ..., 'params': {...}} of type "
                          + " / ".join(p.choices))
        inner = layer_type(value["type"])
        params = value.get("params") or {}
        if not isinstance(params, dict):
            raise Invalid("a dict of the wrapped layer's parameters")
        return {"type": inner.name, "params": inner.canonical(params, name=p.name)}

    def source(self, p: Param, value: Any) -> str:
        from kerasnb.builder.codegen import layer_call

        return layer_call(value["type"], value["params"], None)

    def to_keras(self, p: Param, value: Any) -> Any:
        from kerasnb.builder.build import keras_layer

        return keras_layer(value["type"], value["params"])

    def control(self, p: Param, value: Any) -> dict[str, Any]:
        return {"widget": "layer", "options": list(p.choices)}

    def describe(self, p: Param) -> str:
        return "one of " + ", ".join(p.choices)


KINDS: dict[str, Kind] = {
    "int": Int(), "float": Float(), "bool": Bool(), "choice": Choice(),
    "activation": Activation(), "ints": Ints(), "shape": Shape(),
    "regularizer": Regularizer(), "factor": Factor(), "layer": LayerKind(),
    "pair": Pair(), "optional_pair": OptionalPair(), "optional_float": OptionalFloat(),
    "zoom": Zoom(),
}
