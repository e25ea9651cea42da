"""Widget controls generated from catalogue parameters (one control per parameter).

>>> from kerasnb.builder.catalogue import layer_type
>>> control = make_control(layer_type("Conv2D").param("kernel_size"), [3, 3])
>>> control.widget.value
'3, 3'
>>> control.widget.value = "5"
>>> control.get()
[5, 5]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kerasnb.builder.catalogue import ACTIVATIONS, Param, layer_type
from kerasnb.builder.errors import SpecError

_WIDE = w.Layout(width="330px")
_STYLE = {"description_width": "130px"}


def parse_numbers(text: str, floats: bool = False) -> list[Any] | None:
    """Numbers from text such as ``"3, 3"`` or ``"(28, 28, 1)"``; empty text gives None.

    >>> parse_numbers("(28, 28, 1)"), parse_numbers(""), parse_numbers("None, 5")
    ([28, 28, 1], None, [None, 5])
    """
    text = text.strip().strip("()[]").strip()
    if not text:
        return None
    out: list[Any] = []
    for part in text.replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part == "None":
            out.append(None)
            continue
        try:
            out.append(float(part) if floats else int(part))
        except ValueError:
            raise SpecError(f"cannot read {part!r} as a number", received=text,
                            needs="numbers separated by commas, e.g. 3, 3") from None
    return out


def _fmt(values: Any) -> str:
    if values is None:
        return ""
    if isinstance(values, list):
        return ", ".join("None" if v is None else str(v) for v in values)
    return str(values)


class Control:
    """One parameter's widget, with ``get()`` (canonical value or SpecError) and ``set()``."""

    def __init__(self, param: Param, value: Any) -> None:
        self.param = param
        self.widget = self._make(value)
        # a tooltip on a Box stops ipywidgets 8 from drawing it: put it on a leaf control
        getattr(self, "tip_widget", self.widget).tooltip = param.describe()

    def _make(self, value: Any) -> w.Widget:
        p, desc = self.param, self.param.name
        common = {"description": desc, "style": _STYLE, "layout": _WIDE}
        if p.kind == "int":
            lo = int(p.min) if p.min is not None else -(10**9)
            hi = int(p.max) if p.max is not None else 10**9
            return w.BoundedIntText(value=value, min=lo, max=hi, **common)
        if p.kind == "float":
            return w.FloatText(value=value, step=0.05 if (p.max or 0) <= 1 else 1, **common)
        if p.kind == "bool":
            return w.Checkbox(value=bool(value), indent=False, **common)
        if p.kind in ("choice", "activation"):
            return w.Dropdown(options=list(ACTIVATIONS if p.kind == "activation" else p.choices),
                              value=value, **common)
        return w.Text(value=_fmt(value), continuous_update=False,
                      placeholder="None" if p.nullable else "", **common)

    def get(self) -> Any:
        p, value = self.param, self.widget.value
        if p.kind in ("ints", "shape"):
            value = parse_numbers(value)
            if value is not None and p.kind == "ints" and len(value) == 1:
                value = value[0]
        elif p.kind == "factor":
            numbers = parse_numbers(value, floats=True)
            value = numbers[0] if numbers and len(numbers) == 1 else numbers
        return p.check(value, p.name)

    def set(self, value: Any) -> None:
        self.widget.value = _fmt(value) if isinstance(self.widget, w.Text) else value

    def observe(self, fn: Callable[[], None]) -> None:
        self.widget.observe(lambda change: fn(), names="value")


class RegularizerControl(Control):
    """None / l1 / l2 / l1_l2 and a strength."""

    def _make(self, value: Any) -> w.Widget:
        kind = "None" if not value else ("l1_l2" if len(value) == 2 else next(iter(value)))
        strength = max(value.values()) if value else 0.01
        self.kind = w.Dropdown(options=["None", "l1", "l2", "l1_l2"], value=kind,
                               description=self.param.name, style=_STYLE,
                               layout=w.Layout(width="230px"))
        self.strength = w.FloatText(value=strength, step=0.001, layout=w.Layout(width="95px"))
        self.tip_widget = self.kind
        return w.HBox([self.kind, self.strength])

    def get(self) -> Any:
        kind, x = self.kind.value, self.strength.value
        value = None if kind == "None" else ({"l1": x, "l2": x} if kind == "l1_l2"
                                             else {kind: x})
        return self.param.check(value, self.param.name)

    def set(self, value: Any) -> None:
        self.kind.value = "None" if not value else ("l1_l2" if len(value) == 2
                                                    else next(iter(value)))

    def observe(self, fn: Callable[[], None]) -> None:
        self.kind.observe(lambda change: fn(), names="value")
        self.strength.observe(lambda change: fn(), names="value")


class LayerControl(Control):
    """The wrapped layer of Bidirectional / TimeDistributed: its type and its own controls."""

    def _make(self, value: Any) -> w.Widget:
        self.type = w.Dropdown(options=list(self.param.choices), value=value["type"],
                               description=self.param.name, style=_STYLE, layout=_WIDE)
        self.tip_widget = self.type
        self.box = w.VBox(layout=w.Layout(margin="0 0 0 24px"))
        self._callbacks: list[Callable[[], None]] = []
        self._inner(value["type"], value["params"])
        self.type.observe(self._type_changed, names="value")
        return w.VBox([self.type, self.box])

    def _inner(self, type_name: str, params: dict[str, Any]) -> None:
        lt = layer_type(type_name)
        full = lt.full_params(lt.canonical(params or lt.suggested()))
        self.inner = {p.name: make_control(p, full[p.name]) for p in lt.params}
        self.box.children = [c.widget for c in self.inner.values()]
        for c in self.inner.values():
            for fn in self._callbacks:
                c.observe(fn)

    def _type_changed(self, change: dict[str, Any]) -> None:
        self._inner(change["new"], {})
        for fn in self._callbacks:
            fn()

    def get(self) -> Any:
        params = {name: c.get() for name, c in self.inner.items()}
        return self.param.check({"type": self.type.value, "params": params}, self.param.name)

    def set(self, value: Any) -> None:
        self.type.value = value["type"]

    def observe(self, fn: Callable[[], None]) -> None:
        self._callbacks.append(fn)
        for c in self.inner.values():
            c.observe(fn)


def make_control(param: Param, value: Any) -> Control:
    """The control for one parameter, showing ``value``."""
    if param.kind == "regularizer":
        return RegularizerControl(param, value)
    if param.kind == "layer":
        return LayerControl(param, value)
    return Control(param, value)
