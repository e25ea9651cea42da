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

from kerasnb.builder.catalogue import Param, layer_type
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
    """One parameter's widget, drawn from ``Param.control``; ``get()`` gives the canonical
    value (or raises SpecError) and ``set()`` shows a value."""

    def __init__(self, param: Param, value: Any) -> None:
        self.param = param
        self.spec = param.control(value)
        self.widget = self._make(value)
        # a tooltip on a Box stops ipywidgets 8 from drawing it: put it on a leaf control
        getattr(self, "tip_widget", self.widget).tooltip = self.spec["tooltip"]

    def _make(self, value: Any) -> w.Widget:
        d = self.spec
        common = {"description": d["name"], "style": _STYLE, "layout": _WIDE}
        kind = d["widget"]
        if kind == "int":
            return w.BoundedIntText(value=value, min=d["min"], max=d["max"], **common)
        if kind == "float":
            return w.FloatText(value=value, step=d["step"], **common)
        if kind == "bool":
            return w.Checkbox(value=bool(value), indent=False, **common)
        if kind == "dropdown":
            return w.Dropdown(options=d["options"], value=value, **common)
        return w.Text(value=d.get("text", ""), continuous_update=False,
                      placeholder="None" if self.param.nullable else "", **common)

    def get(self) -> Any:
        value = self.widget.value
        if self.spec["widget"] == "numbers":
            numbers = parse_numbers(value, floats=self.spec["floats"])
            value = numbers[0] if numbers is not None and len(numbers) == 1 and (
                self.param.kind != "shape") else numbers
        return self.param.check(value, self.param.name)

    def set(self, value: Any) -> None:
        spec = self.param.control(value)
        self.widget.value = spec["text"] if "text" in spec else value

    def observe(self, fn: Callable[[], None]) -> None:
        self.widget.observe(lambda change: fn(), names="value")


class RegularizerControl(Control):
    """None / l1 / l2 / l1_l2 and a strength."""

    def _make(self, value: Any) -> w.Widget:
        d = self.spec
        self.kind = w.Dropdown(options=d["options"], value=d["choice"],
                               description=self.param.name, style=_STYLE,
                               layout=w.Layout(width="230px"))
        self.strength = w.FloatText(value=d["strength"], step=0.001,
                                    layout=w.Layout(width="95px"))
        self.tip_widget = self.kind
        return w.HBox([self.kind, self.strength])

    def get(self) -> Any:
        kind, x = self.kind.value, self.strength.value
        value = None if kind == "None" else ({"l1": x, "l2": x} if kind == "l1_l2"
                                             else {kind: x})
        return self.param.check(value, self.param.name)

    def set(self, value: Any) -> None:
        self.kind.value = self.param.control(value)["choice"]

    def observe(self, fn: Callable[[], None]) -> None:
        self.kind.observe(lambda change: fn(), names="value")
        self.strength.observe(lambda change: fn(), names="value")


class LayerControl(Control):
    """The wrapped layer of Bidirectional / TimeDistributed: its type and its own controls."""

    def _make(self, value: Any) -> w.Widget:
        self.type = w.Dropdown(options=self.spec["options"], value=value["type"],
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


_CONTROLS: dict[str, type[Control]] = {"regularizer": RegularizerControl,
                                       "layer": LayerControl}


def make_control(param: Param, value: Any) -> Control:
    """The control for one parameter, showing ``value`` (drawn from ``param.control``)."""
    return _CONTROLS.get(param.control(value)["widget"], Control)(param, value)
