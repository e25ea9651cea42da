"""One ipywidgets control per catalogue parameter, showing a value and reading it back.

>>> from kerasnb.augment.catalogue import LAYERS
>>> from kerasnb.augment.controls import ParamControl
>>> c = ParamControl(LAYERS["RandomRotation"].params["factor"], [-0.1, 0.3])
>>> c.widget.value, c.read()
((-0.1, 0.3), [-0.1, 0.3])
>>> c.show(0.2); c.widget.value, c.read()
((-0.2, 0.2), 0.2)

The value shown is whatever the spec holds: a range slider widens its limits to show a value
beyond them, and reading back gives the same value (``read(show(v)) == v`` for every valid v,
up to the spelling of a symmetric range as one number). Only core ipywidgets.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kerasnb.augment.catalogue import Param

DESCRIPTION_WIDTH = "170px"
CONTROL_WIDTH = 420  # px at most: label 170 + track + readout; narrower when the panel is
SWITCH_WIDTH = 52  # px of the "on" box in front of an optional range
INT_SLIDER_MAX = 512  # RandomCrop sizes beyond this are shown by widening the slider

# ipywidgets caps a slider's readout at 72 px (--jp-widgets-inline-width-short) and offers no
# style option for it, so "−0.20 – 0.20" is cut. Inside the preview the readout takes the width
# of its text and the track gives way. Plain CSS in the widget's own HTML, scoped to the preview:
# it applies wherever core ipywidgets render (JupyterLab, Notebook 7, VS Code, Colab).
READOUT_CSS = (".kerasnb-augment .widget-inline-hbox .widget-readout,"
               ".kerasnb-augment .jupyter-widget-inline-hbox .jupyter-widget-readout"
               "{max-width:none;flex:0 0 auto}")


def stylesheet() -> w.HTML:
    """An invisible widget holding the preview's CSS (display it inside the preview)."""
    return w.HTML(f"<style>{READOUT_CSS}</style>", layout=w.Layout(display="none"))


def _style() -> dict[str, Any]:
    return {"description_width": DESCRIPTION_WIDTH}


def _layout() -> w.Layout:
    # as wide as the card or tab that holds it, up to CONTROL_WIDTH: nothing sticks out
    return w.Layout(width="100%", max_width=f"{CONTROL_WIDTH}px")


def nice(v: float) -> str:
    """A readable label for a rescale value.

    >>> nice(1 / 255), nice(0.5)
    ('1/255', '0.5')
    """
    for text, value in (("1/255", 1 / 255), ("1/127.5", 1 / 127.5)):
        if v == value:
            return text
    return f"{v:g}"


def label(p: Param) -> str:
    """The control's description: the name, with short units."""
    return p.name + (f" [{p.units}]" if p.units and len(p.units) < 12 else "")


def _round(v: float) -> float:
    return round(float(v), 6)


def kind(p: Param) -> str:
    """The control kind: a nullable factor (None or a range) is drawn like an optional pair.

    >>> from kerasnb.augment.catalogue import LAYERS
    >>> kind(LAYERS["RandomZoom"].params["width_factor"])
    'optional_pair'
    """
    return "optional_pair" if p.kind == "factor" and p.nullable else p.kind


class ParamControl:
    """The control of one parameter: ``box`` to show, ``widget`` holding the value.

    ``read()`` gives the value in the spec's terms, ``show(value)`` displays a value from the
    spec, ``observe(fn)`` calls ``fn()`` when the learner changes the control.
    """

    def __init__(self, p: Param, value: Any) -> None:
        self.p = p
        tip = p.describe()
        common = {"description": label(p), "tooltip": tip}
        slider = {"continuous_update": False, "style": _style(), "layout": _layout(), **common}
        self.on: w.Checkbox | None = None
        k = kind(p)
        if k == "bool":
            self.widget: w.Widget = w.Checkbox(value=False, indent=False, **common)
        elif k == "choice":
            self.widget = w.Dropdown(options=list(p.choices), style=_style(), layout=_layout(),
                                     **common)
        elif k == "optional_float":
            # a Dropdown cannot show None as a choice: 0 stands for "off" (as in the legacy class)
            options = [("None (off)", 0.0)] + [(nice(v), v) for v in p.choices if v is not None]
            self.widget = w.Dropdown(options=options, value=0.0, style=_style(),
                                     layout=_layout(), **common)
        elif k == "int":
            self.widget = w.IntSlider(min=int(p.slider_range[0]),
                                      max=int(min(p.slider_range[1], INT_SLIDER_MAX)),
                                      step=int(p.step) or 1, **slider)
        elif k == "float":
            self.widget = w.FloatSlider(min=p.slider_range[0], max=p.slider_range[1], step=p.step,
                                        readout_format=".3g", **slider)
        elif k in ("factor", "zoom", "pair", "optional_pair"):
            self.widget = w.FloatRangeSlider(min=p.slider_range[0], max=p.slider_range[1], step=p.step,
                                             readout_format=".2f", **slider)
            if k == "optional_pair":
                self.on = w.Checkbox(value=False, description="on", indent=False, tooltip=tip,
                                     layout=w.Layout(width=f"{SWITCH_WIDTH}px",
                                                     flex=f"0 0 {SWITCH_WIDTH}px"))
                # the range takes what the switch leaves of the row
                self.widget.layout = w.Layout(width="auto", flex="1 1 0%", min_width="0")
        else:  # pragma: no cover - catalogue bug
            raise AssertionError(k)
        self.box: w.Widget = self.widget
        if self.on is not None:
            self.box = w.HBox([self.on, self.widget], layout=w.Layout(
                width="100%", max_width=f"{CONTROL_WIDTH + SWITCH_WIDTH}px"))
        if self.on is not None:
            # the widget tests reach the parts as before: control.on, control.range
            self.box.on, self.box.range = self.on, self.widget  # type: ignore[attr-defined]
        self.show(value)

    # -- value in, value out --------------------------------------------------------------------
    def _widen(self, *values: float) -> None:
        lo, hi = min(values), max(values)
        if lo < self.widget.min:
            self.widget.min = lo
        if hi > self.widget.max:
            self.widget.max = hi

    def show(self, value: Any) -> None:
        """Display ``value`` (a valid value of the parameter, or None for the off state)."""
        p, c = self.p, self.widget
        k = kind(p)
        if k == "bool":
            c.value = bool(value)
        elif k == "choice":
            c.value = value if value is not None else p.default
        elif k == "optional_float":
            value = value or 0.0
            if value not in [v for _, v in c.options]:
                c.options = [*c.options, (nice(value), value)]
            c.value = value
        elif k in ("int", "float"):
            value = p.start if value is None else value
            self._widen(value)
            c.value = value
        elif k == "optional_pair":
            self.on.value = value is not None  # type: ignore[union-attr]
            pair = list(self._pair(value) if value is not None else
                        self._pair(p.start) if p.start is not None else p.slider_range)
            self._widen(*pair)
            c.value = (min(pair), max(pair))
        else:
            pair = self._pair(value)
            self._widen(*pair)
            c.value = pair

    def _pair(self, value: Any) -> tuple[float, float]:
        p = self.p
        if value is None:
            value = p.start if p.default is None else p.default
        if p.kind == "zoom":
            if isinstance(value, (list, tuple)):
                return float(value[0]), float(value[1])
            return 1 - float(value), 1 + float(value)
        if isinstance(value, (list, tuple)):
            return float(value[0]), float(value[1])
        if p.kind == "factor":
            v = float(value)
            return (-abs(v), abs(v)) if p.symmetric else (0.0, v)
        return float(value), float(value)  # pragma: no cover - a pair is always a pair

    def read(self) -> Any:
        """The value shown, in the spec's terms."""
        p, c = self.p, self.widget
        k = kind(p)
        if k == "optional_float":
            return c.value or None
        if k == "float":
            return _round(c.value)
        if k in ("bool", "choice", "int"):
            return c.value
        lo, hi = (_round(v) for v in c.value)
        if k == "optional_pair":
            return [lo, hi] if self.on.value else None  # type: ignore[union-attr]
        if k == "pair":
            return [lo, hi]
        if k == "zoom":
            if (lo, hi) == (1.0, 1.0):
                return 0.0
            if math.isclose(1 - lo, hi - 1, abs_tol=1e-6) and hi - 1 < 1:
                return _round(hi - 1)
            return [lo, hi]
        # factor: one number when it means the same range
        if p.symmetric and math.isclose(lo, -hi, abs_tol=1e-9):
            return hi
        if not p.symmetric and lo == 0:
            return hi
        return [lo, hi]

    def observe(self, fn: Callable[[], None]) -> None:
        """Call ``fn()`` whenever the learner changes this control."""
        for target in (self.on, self.widget):
            if target is not None:
                target.observe(lambda _change: fn(), "value")

    def help_html(self) -> str:
        """The parameter's help as HTML that wraps at word boundaries."""
        return wrap_html(f"<small>{html.escape(self.p.describe())}</small>")


def wrap_html(inner: str) -> str:
    """HTML for a w.HTML value that wraps like prose (ipywidgets' default is one line)."""
    return f"<div style='white-space:normal;overflow-wrap:break-word;line-height:1.35'>{inner}</div>"
