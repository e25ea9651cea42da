"""The preview's widget tree: every ipywidgets part, its place, size and CSS class; no behaviour.

>>> from kerasnb.augment.layout import PreviewLayout
>>> view = PreviewLayout()
>>> "kerasnb-augment" in view.widget._dom_classes, sorted(view.idg_controls)[:2]
(True, ['brightness_range', 'channel_shift_range'])

:class:`~kerasnb.augment.widget.AugmentationPreview` builds on this and connects the parts to
its state. Only core ipywidgets (JupyterLab, Notebook 7, VS Code, Colab): sizes are Layout
values, and the one piece of CSS (slider readouts, see :mod:`kerasnb.augment.controls`) is
scoped to the preview.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS
from kerasnb.augment.controls import ParamControl, stylesheet, wrap_html
from kerasnb.augment.images import SOURCES

PANEL_WIDTH = "480px"


def small(text: str, color: str = "#555") -> str:
    """HTML of small grey prose that wraps."""
    return wrap_html(f"<small style='color:{color}'>{text}</small>")


class PreviewLayout:
    """The parts of the preview, placed: controls panel, pictures, drawn values, code panes."""

    def __init__(self) -> None:
        self.idg_params: dict[str, ParamControl] = {
            p.name: ParamControl(p, p.default) for p in IDG_PARAMS.values() if not p.advanced}
        self.idg_controls: dict[str, w.Widget] = {k: c.box for k, c in self.idg_params.items()}
        self.idg_hidden = w.HTML()
        idg_box = w.VBox([*(c.box for c in self.idg_params.values()), self.idg_hidden])
        self.layer_cards = w.VBox()
        self._layer_params: dict[tuple[int, str], ParamControl] = {}
        self.add_choice = w.Dropdown(options=list(LAYERS), value="RandomContrast",
                                     description="layer", layout=w.Layout(width="300px"),
                                     style={"description_width": "50px"},
                                     tooltip="a Keras 3 preprocessing layer to add at the end")
        self.add_button = w.Button(description="add", icon="plus", layout=w.Layout(width="80px"),
                                   tooltip="add the chosen layer after the others")
        layers_box = w.VBox([
            w.HTML(small("Layers run from top to bottom, each with training=True; the same "
                         "layer may appear more than once.")),
            self.layer_cards, w.HBox([self.add_choice, self.add_button])])
        # display:block: in a flex column the cards would be squeezed to fit the 520 px
        scroll = {"max_height": "520px", "overflow": "auto", "display": "block"}
        self.form_tabs = w.Tab(
            children=[w.VBox([idg_box], layout=w.Layout(**scroll)),
                      w.VBox([layers_box], layout=w.Layout(**scroll))],
            titles=("ImageDataGenerator (Keras 2)", "preprocessing layers (Keras 3)"),
            layout=w.Layout(width="100%"))
        self.help = w.HTML(small("Hover over a control for its help; the last one changed is "
                                 "explained here."), layout=w.Layout(width="100%"))
        self.source = w.Dropdown(options=[*SOURCES, "upload"], value="photos",
                                 description="pictures", tooltip="where the pictures come from",
                                 layout=w.Layout(width="220px"))
        self.picture = w.Dropdown(options=[("all", -1)], value=-1, description="picture",
                                  tooltip="augment one picture, or cycle through all of them",
                                  layout=w.Layout(width="170px"))
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="upload",
                                   tooltip="a PNG or JPEG of your own")
        self.new_draw = w.Button(description="new draw", icon="refresh",
                                 tooltip="draw new random values (next seed)")
        self.to_other = w.Button(description="other API", icon="exchange",
                                 tooltip="convert this setting to the other tab (units and "
                                         "defaults converted; what has no equivalent is listed)")
        self.seed_label = w.HTML()
        self.grid = w.Image(format="jpeg", layout=w.Layout(max_width="100%", height="auto",
                                                            object_fit="contain"))
        self.message = w.HTML(layout=w.Layout(width="100%"))
        self.drawn = w.HTML(layout=w.Layout(width="100%"))
        self.code_new = w.HTML(layout=w.Layout(width="100%"))
        self.code_old = w.HTML(layout=w.Layout(width="100%"))
        panel = w.VBox([self.form_tabs, self.help],
                       layout=w.Layout(width=PANEL_WIDTH, flex="0 0 auto"))
        pictures = w.VBox([self.grid, self.drawn],
                          layout=w.Layout(flex="1 1 360px", min_width="300px"))
        self.widget = w.VBox([
            w.HBox([self.source, self.picture, self.upload, self.new_draw, self.to_other,
                    self.seed_label], layout=w.Layout(flex_flow="row wrap")),
            self.message,
            w.HBox([panel, pictures], layout=w.Layout(flex_flow="row wrap",
                                                      align_items="flex-start")),
            self.code_new,
            self.code_old,
            stylesheet(),
        ])
        # CSS classes so the parts can be found in a page (tests, custom styling)
        self.widget.add_class("kerasnb-augment")
        for name, c in [*self.idg_controls.items(), ("grid", self.grid), ("upload", self.upload),
                        ("new-draw", self.new_draw), ("message", self.message),
                        ("picture", self.picture), ("source", self.source),
                        ("help", self.help), ("code-new", self.code_new),
                        ("code-old", self.code_old), ("add-choice", self.add_choice),
                        ("add", self.add_button), ("other-api", self.to_other),
                        ("panel", panel), ("drawn", self.drawn)]:
            c.add_class(f"kerasnb-augment-{name}")

    @property
    def layer_params(self) -> dict[tuple[int, str], ParamControl]:
        """The controls of the layers tab: (position, parameter) -> its ParamControl."""
        return self._layer_params

    @property
    def layer_controls(self) -> dict[tuple[int, str], w.Widget]:
        """The controls of the layers tab: (position, parameter) -> widget holding the value."""
        return {k: c.box for k, c in self.layer_params.items()}


def layer_card(i: int, item: dict[str, Any], on_move: Callable[[int, int], None],
               on_remove: Callable[[int], None]) -> tuple[w.Widget, dict[str, ParamControl]]:
    """The card of the layer at position ``i`` and its controls, drawn from its description.

    ``on_move(i, delta)`` and ``on_remove(i)`` are called by the card's buttons.

    >>> card, controls = layer_card(0, {"class_name": "RandomRotation",
    ...                                 "config": {"factor": 0.1}}, print, print)
    >>> controls["factor"].read()
    0.1
    """
    name, config = item["class_name"], item.get("config", {})
    entry = LAYERS[name]

    def button(icon: str, tip: str, fn: Callable[[], None]) -> w.Button:
        b = w.Button(icon=icon, tooltip=tip, layout=w.Layout(width="34px"))
        b.on_click(lambda _b: fn())
        return b

    title = w.HTML(f"<b>{i + 1}. {html.escape(name)}</b>", layout=w.Layout(flex="1 1 auto"))
    header = w.HBox([title,
                     button("arrow-up", "move up (runs earlier)", lambda: on_move(i, -1)),
                     button("arrow-down", "move down (runs later)", lambda: on_move(i, 1)),
                     button("times", "remove this layer", lambda: on_remove(i))],
                    layout=w.Layout(flex="0 0 auto"))
    rows: list[w.Widget] = [header, w.HTML(small(
        f"{html.escape(entry.help)} Keras 2: {html.escape(entry.keras2)}"))]
    controls: dict[str, ParamControl] = {}
    hidden = []
    for p in entry.params.values():
        if p.advanced:
            if p.name in config:
                hidden.append(f"{p.name}={config[p.name]!r}")
            continue
        controls[p.name] = ParamControl(p, config.get(p.name, p.default))
        rows.append(controls[p.name].box)
    if hidden:
        rows.append(w.HTML(small("advanced, kept as set: " + html.escape(", ".join(hidden)))))
    card = w.VBox(rows, layout=w.Layout(border="1px solid #ddd", padding="1px 4px 1px 1px",
                                        margin="0 0 6px 0", flex="0 0 auto"))
    card.add_class(f"kerasnb-augment-layer-{name}")
    return card, controls
