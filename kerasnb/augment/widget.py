"""AugmentationPreview: catalogue controls, a seeded grid, drawn values, code for both APIs.

>>> from kerasnb.augment.widget import AugmentationPreview
>>> preview = AugmentationPreview(source="digits")
>>> preview.idg_controls["rotation_range"].value = 90   # the grid is redrawn
>>> bytes(preview.grid.value[:2])  # JPEG
b'\\xff\\xd8'

Only core ipywidgets. ``preview.widget`` is the box to display (the preview also displays itself
in a notebook). All the work happens in the pure functions of kerasnb.augment; this module only
maps controls to an AugmentSpec and results to widgets.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import numpy as np

from kerasnb.augment.apply import augment_images
from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS, Param
from kerasnb.augment.codegen import augmentation_code
from kerasnb.augment.convert import convert_augmentation
from kerasnb.augment.errors import AugmentError
from kerasnb.augment.grid import display_range, render_grid
from kerasnb.augment.images import as_image_batch, decode_image, fit_to_square, load_images
from kerasnb.augment.spec import IDG_FORM, LAYERS_FORM, AugmentSpec

MAX_PICTURES = 24
DEFAULT_IDG = {"rotation_range": 20, "zoom_range": [0.8, 1.2], "horizontal_flip": True}
DEFAULT_LAYERS = [("RandomFlip", {"mode": "horizontal"}), ("RandomRotation", {"factor": 0.05}),
                  ("RandomZoom", {"height_factor": 0.2})]
_SLIDER = {"continuous_update": False, "style": {"description_width": "190px"},
           "layout": w.Layout(width="420px")}


def _optional_pair(p: Param) -> bool:  # None or a range: optional pairs, nullable factors
    return p.kind == "optional_pair" or (p.kind == "factor" and p.nullable)


def _control(p: Param, prefix: str = "") -> tuple[w.Widget, w.Widget]:
    """(container to show, widget holding the value) for one catalogue parameter."""
    label = f"{prefix}{p.name}" + (f" [{p.units}]" if p.units and len(p.units) < 12 else "")
    tip = p.describe()
    start = p.start if p.default is None else p.default
    if p.kind == "bool":
        c: w.Widget = w.Checkbox(value=bool(p.default), description=label, tooltip=tip,
                                 indent=False)
        return c, c
    if p.kind == "choice":
        c = w.Dropdown(options=list(p.choices), value=start, description=label, tooltip=tip,
                       style=_SLIDER["style"], layout=_SLIDER["layout"])
        return c, c
    if p.kind == "optional_float":
        # a Dropdown cannot show None as a choice: 0 stands for "off" (as in ImageDataGenerator)
        options = [("None (off)", 0.0)] + [(_nice(v), v) for v in p.choices if v is not None]
        c = w.Dropdown(options=options, value=0.0, description=label, tooltip=tip,
                       style=_SLIDER["style"], layout=_SLIDER["layout"])
        return c, c
    if p.kind == "int":
        c = w.IntSlider(value=int(start), min=int(p.slider_range[0]),
                        max=int(min(p.slider_range[1], 512)),
                        step=int(p.step) or 1, description=label, tooltip=tip, **_SLIDER)
        return c, c
    if p.kind in ("float", "factor") and not _optional_pair(p):
        lo = 0.0 if p.kind == "factor" else p.slider_range[0]
        value = float(start if not isinstance(start, list) else max(map(abs, start)))
        c = w.FloatSlider(value=value, min=lo, max=p.slider_range[1], step=p.step, description=label,
                          tooltip=tip, readout_format=".3g", **_SLIDER)
        return c, c
    if p.kind == "zoom":
        c = w.FloatRangeSlider(value=[1.0, 1.0], min=p.slider_range[0], max=p.slider_range[1], step=p.step,
                               description=label, tooltip=tip, readout_format=".2f", **_SLIDER)
        return c, c
    if p.kind in ("pair", "optional_pair") or _optional_pair(p):
        value = start if isinstance(start, list) else (
            [-start, start] if start is not None else list(p.slider_range))
        c = w.FloatRangeSlider(value=list(value), min=p.slider_range[0], max=p.slider_range[1], step=p.step,
                               description=label, tooltip=tip, readout_format=".2f", **_SLIDER)
        if p.kind == "pair":
            return c, c
        on = w.Checkbox(value=False, description="on", tooltip=tip, indent=False,
                        layout=w.Layout(width="60px"))
        box = w.HBox([on, c])
        box.on, box.range = on, c  # type: ignore[attr-defined]
        return box, box
    raise AssertionError(p.kind)  # pragma: no cover - catalogue bug


def _nice(v: float) -> str:
    for text, value in (("1/255", 1 / 255), ("1/127.5", 1 / 127.5)):
        if v == value:
            return text
    return f"{v:g}"


def _read(p: Param, c: w.Widget) -> Any:
    if _optional_pair(p):
        return [round(v, 6) for v in c.range.value] if c.on.value else None
    if p.kind == "pair":
        return [round(v, 6) for v in c.value]
    if p.kind == "zoom":
        lo, hi = (round(v, 6) for v in c.value)
        if (lo, hi) == (1.0, 1.0):
            return 0.0
        if round(1 - lo, 6) == round(hi - 1, 6) and hi - 1 < 1:
            return round(hi - 1, 6)
        return [lo, hi]
    if p.kind in ("float", "factor"):
        return round(float(c.value), 6)
    if p.kind == "optional_float":
        return c.value or None
    return c.value


def _write(p: Param, c: w.Widget, value: Any) -> None:
    if _optional_pair(p):
        c.on.value = value is not None
        if value is not None:
            c.range.value = [min(value), max(value)] if isinstance(value, list) else [
                -abs(value), abs(value)]
    elif p.kind == "zoom":
        c.value = [1 - value, 1 + value] if not isinstance(value, list) else list(value)
    elif p.kind == "factor" and isinstance(value, list):
        c.value = max(abs(v) for v in value)
    elif p.kind == "optional_float":
        value = value or 0.0
        if value not in [v for _, v in c.options]:
            c.options = [*c.options, (_nice(value), value)]
        c.value = value
    else:
        c.value = value


class AugmentationPreview:
    """See N augmented versions of a picture, the values drawn for each, and the code.

    Parameters: ``images`` a NumPy batch or picture of your own (else the bundled ``source``:
    "photos" or "digits"), ``spec`` an AugmentSpec to start from, ``n`` pictures in the grid,
    ``seed``, ``size`` the side the photographs and uploads are resized to.

    >>> p = AugmentationPreview(source="digits", n=4)
    >>> p.new_draw.click(); p.seed
    1
    """

    def __init__(
        self,
        images: Any = None,
        source: str = "photos",
        spec: AugmentSpec | None = None,
        n: int = 9,
        seed: int = 0,
        size: int = 128,
    ) -> None:
        self.n, self.size, self.seed = n, size, seed
        self.result = None
        self._updating = False
        self._own: np.ndarray | None = None
        self._uploaded: np.ndarray | None = None
        self._images = np.zeros((1, size, size, 3), "float32")
        self._images_code = ""
        self._notes: list[str] = []

        # -- controls -----------------------------------------------------------------------
        self.idg_controls: dict[str, w.Widget] = {}
        idg_rows = []
        for p in IDG_PARAMS.values():
            if p.advanced:
                continue
            box, value = _control(p)
            self.idg_controls[p.name] = value
            idg_rows.append(box)
        self.layer_toggles: dict[str, w.Checkbox] = {}
        self.layer_controls: dict[tuple[str, str], w.Widget] = {}
        sections, titles = [], []
        for entry in LAYERS.values():
            toggle = w.Checkbox(value=False, description=f"use {entry.name}", tooltip=entry.help,
                                indent=False)
            self.layer_toggles[entry.name] = toggle
            rows: list[w.Widget] = [toggle, w.HTML(f"<small>{html.escape(entry.help)} "
                                                   f"Keras 2: {html.escape(entry.keras2)}</small>")]
            for p in entry.params.values():
                if p.advanced:
                    continue
                box, value = _control(p)
                self.layer_controls[(entry.name, p.name)] = value
                rows.append(box)
            sections.append(w.VBox(rows))
            titles.append(entry.name)
        self.layers_panel = w.Accordion(children=sections, titles=tuple(titles))
        self.form_tabs = w.Tab(
            children=[w.VBox(idg_rows, layout=w.Layout(max_height="520px", overflow="auto")),
                      w.VBox([w.HTML("<small>Layers run in this order, each with "
                                     "training=True.</small>"), self.layers_panel],
                             layout=w.Layout(max_height="520px", overflow="auto"))],
            titles=("ImageDataGenerator (Keras 2)", "preprocessing layers (Keras 3)"),
        )
        self.help = w.HTML("<small>Hover over a control for its help; the last one changed is "
                           "explained here.</small>", layout=w.Layout(width="440px"))
        sources = ["photos", "digits"] + (["your images"] if images is not None else [])
        self.source = w.Dropdown(options=sources + ["upload"], value="photos",
                                 description="pictures", tooltip="where the pictures come from")
        self.picture = w.Dropdown(options=[("all", -1)], value=-1, description="picture",
                                  tooltip="augment one picture, or cycle through all of them")
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="upload",
                                   tooltip="a PNG or JPEG of your own")
        self.new_draw = w.Button(description="new draw", icon="refresh",
                                 tooltip="draw new random values (next seed)")
        self.to_other = w.Button(description="other API", icon="exchange",
                                 tooltip="convert this setting to the other tab (units and "
                                         "defaults converted; what has no equivalent is listed "
                                         "under the code)")
        self.seed_label = w.HTML()
        self.grid = w.Image(format="jpeg", layout=w.Layout(max_width="100%", height="auto",
                                                            object_fit="contain"))
        self.message = w.HTML()
        self.drawn = w.HTML()
        self.code_old = w.HTML(layout=w.Layout(width="50%"))
        self.code_new = w.HTML(layout=w.Layout(width="50%"))
        self.widget = w.VBox([
            w.HBox([self.source, self.picture, self.upload, self.new_draw, self.to_other,
                    self.seed_label]),
            self.message,
            w.HBox([w.VBox([self.form_tabs, self.help]), self.grid],
                   layout=w.Layout(align_items="flex-start")),
            self.drawn,
            w.HBox([self.code_old, self.code_new]),
        ])

        # CSS classes so the parts can be found in a page (tests, custom styling)
        self.widget.add_class("kerasnb-augment")
        for name, c in [*self.idg_controls.items(), ("grid", self.grid), ("upload", self.upload),
                        ("new-draw", self.new_draw), ("message", self.message),
                        ("picture", self.picture), ("source", self.source)]:
            c.add_class(f"kerasnb-augment-{name}")
        for name, toggle in self.layer_toggles.items():
            toggle.add_class(f"kerasnb-augment-use-{name}")

        # -- wiring ------------------------------------------------------------------------
        for name, c in self.idg_controls.items():
            self._watch(c, IDG_PARAMS[name])
        for (layer, name), c in self.layer_controls.items():
            self._watch(c, LAYERS[layer].params[name])
        for toggle in self.layer_toggles.values():
            toggle.observe(self._mark_titles, "value")
            toggle.observe(self._changed, "value")
        self.form_tabs.observe(self._changed, "selected_index")
        self.picture.observe(self._changed, "value")
        self.source.observe(self._source_changed, "value")
        self.upload.observe(self._uploaded_file, "value")
        self.new_draw.on_click(self._next_seed)
        self.to_other.on_click(self._open_converted)

        self._updating = True
        self.set_spec(AugmentSpec.preprocessing_layers(*DEFAULT_LAYERS))
        self.set_spec(AugmentSpec.image_data_generator(**DEFAULT_IDG))
        if spec is not None:
            self.set_spec(spec)
        if images is not None:
            self.set_images(images)
        elif source != "photos":
            self.source.value = source
        self._updating = False
        self._load_source(self.source.value)
        self.refresh()

    # -- public ---------------------------------------------------------------------------------
    @property
    def form(self) -> str:
        """IDG_FORM or LAYERS_FORM, from the selected tab."""
        return IDG_FORM if self.form_tabs.selected_index in (0, None) else LAYERS_FORM

    @property
    def spec(self) -> AugmentSpec:
        """The AugmentSpec the controls describe (raises AugmentError if invalid)."""
        if self.form == IDG_FORM:
            params = {}
            for name, c in self.idg_controls.items():
                p = IDG_PARAMS[name]
                value = _read(p, c)
                if value != p.default:
                    params[name] = value
            return AugmentSpec.image_data_generator(**params)
        layers = []
        for name, entry in LAYERS.items():
            if not self.layer_toggles[name].value:
                continue
            config = {}
            for pname, p in entry.params.items():
                c = self.layer_controls.get((name, pname))
                if c is None:
                    continue
                value = _read(p, c)
                if value != p.default or p.default is None:
                    if value is not None:
                        config[pname] = value
            layers.append((name, config))
        return AugmentSpec.preprocessing_layers(*layers)

    def set_spec(self, spec: AugmentSpec | dict[str, Any] | str) -> None:
        """Set the controls (and the tab) from a spec, a dict or JSON text, then redraw.

        An invalid description (rotation 400°, zoom -2, ...) is reported in the widget and
        the controls and the preview stay as they were.
        """
        try:
            if isinstance(spec, str):
                spec = AugmentSpec.from_json(spec)
            elif isinstance(spec, dict):
                spec = AugmentSpec.from_dict(spec)
            spec.validate()
        except AugmentError as e:
            self._show_error(str(e))
            return
        quiet, self._updating = self._updating, True
        try:
            if spec.form == IDG_FORM:
                for name, value in spec.resolved_params().items():
                    if name in self.idg_controls:
                        _write(IDG_PARAMS[name], self.idg_controls[name], value)
                self.form_tabs.selected_index = 0
            else:
                for t in self.layer_toggles.values():
                    t.value = False
                for item in spec.layers:
                    name = item["class_name"]
                    self.layer_toggles[name].value = True
                    for pname, p in LAYERS[name].params.items():  # unset = Keras default
                        c = self.layer_controls.get((name, pname))
                        if c is not None:
                            optional = p.kind.startswith("optional") or p.nullable
                            _write(p, c, p.start if p.default is None and not optional
                                   else p.default)
                    for pname, value in item.get("config", {}).items():
                        c = self.layer_controls.get((name, pname))
                        if c is not None:
                            _write(LAYERS[name].params[pname], c, value)
                self.form_tabs.selected_index = 1
        finally:
            self._updating = quiet
        self.refresh()

    def set_images(self, images: Any) -> None:
        """Use your own picture(s); bad input shows a message and keeps the current preview."""
        try:
            batch, notes = as_image_batch(images)
        except AugmentError as e:
            self._show_error(f"These pictures cannot be used: {e}")
            return
        if len(batch) > MAX_PICTURES:
            batch = batch[:MAX_PICTURES]
            notes.append(f"only the first {MAX_PICTURES} pictures are offered")
        if max(batch.shape[1:3]) > 2 * self.size:
            batch = np.stack([fit_to_square(im, self.size) for im in batch])
            notes.append(f"large pictures were centre-cropped and resized to "
                         f"{self.size}x{self.size} to keep the preview fast")
        self._own = batch
        if "your images" not in self.source.options:
            self.source.options = list(self.source.options[:-1]) + ["your images", "upload"]
        self._notes = notes
        self._set_source_value("your images")

    def refresh(self) -> None:
        """Redraw the grid, drawn values and code; on a problem show it and keep the old grid."""
        if self._updating:
            return
        try:
            spec = self.spec
            chosen = self._images if self.picture.value < 0 else self._images[[self.picture.value]]
            result = augment_images(spec, chosen, n=self.n, seed=self.seed)
        except AugmentError as e:
            self._show_error(str(e))
            return
        self.result = result
        captions = result.captions()
        self.grid.value = render_grid(chosen, result.images, captions, fmt="jpeg")
        _, stretched = display_range(result.images)
        notes = self._notes + result.notes + ([stretched] if stretched else [])
        self.message.value = "".join(f"<div style='color:#555'>note: {html.escape(n)}</div>"
                                     for n in notes)
        self.seed_label.value = f"seed <b>{self.seed}</b>"
        self.drawn.value = ("<details open><summary>drawn for each picture</summary><ol>"
                            + "".join(f"<li>{html.escape(c)}</li>" for c in captions)
                            + "</ol></details>")
        self._show_code(spec)

    # -- internals ------------------------------------------------------------------------------
    def _watch(self, c: w.Widget, p: Param) -> None:
        def changed(change: dict[str, Any]) -> None:
            self.help.value = f"<small>{html.escape(p.describe())}</small>"
            self._changed(change)

        targets = [c.on, c.range] if hasattr(c, "range") else [c]
        for t in targets:
            t.observe(changed, "value")

    def _mark_titles(self, _change: Any = None) -> None:
        self.layers_panel.titles = tuple(
            f"✔ {name}" if toggle.value else name for name, toggle in self.layer_toggles.items())

    def _changed(self, _change: Any = None) -> None:
        self.refresh()

    def _next_seed(self, _button: Any = None) -> None:
        self.seed += 1
        self.refresh()

    def _open_converted(self, _button: Any = None) -> None:
        try:
            self.set_spec(convert_augmentation(self.spec).spec)
        except AugmentError as e:
            self._show_error(str(e))

    def _show_error(self, text: str) -> None:
        self.message.value = (f"<div style='color:#b00020'><b>Not applied:</b> "
                              f"{html.escape(text)} (the preview below is the last valid one)"
                              f"</div>")

    def _set_source_value(self, value: str) -> None:
        if self.source.value == value:
            self._source_changed({"new": value})
        else:
            self.source.value = value

    def _source_changed(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        self._load_source(change["new"])
        self.refresh()

    def _load_source(self, source: str) -> None:
        if source in ("photos", "digits"):
            self._images = load_images(source, size=self.size)
            self._notes = ["digits are 8x8 pictures, shown enlarged"] if source == "digits" else []
            self._images_code = ("from kerasnb.augment import load_images\n"
                                 f"images = load_images({source!r}, size={self.size})")
        elif source == "your images" and self._own is not None:
            self._images = self._own
            self._images_code = "images = ...  # your pictures: (n, height, width, 3), 0-255"
        elif source == "upload":
            if self._uploaded is None:
                self.message.value = ("<div>Choose a picture with the upload button.</div>")
                return
            self._images = self._uploaded
            self._images_code = ("from kerasnb.augment import decode_image\n"
                                 "images, _ = decode_image(open('your_picture.png', 'rb').read(), "
                                 f"size={self.size})")
        options = [("all", -1)] + [(str(i + 1), i) for i in range(len(self._images))]
        quiet, self._updating = self._updating, True
        self.picture.options = options
        self.picture.value = -1
        self._updating = quiet

    def _uploaded_file(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            batch, notes = decode_image(item["content"], size=self.size)
        except AugmentError as e:
            self._show_error(f"{item.get('name', 'the upload')}: {e}")
            return
        self._uploaded = batch
        self._set_source_value("upload")
        self._notes = notes
        self.refresh()

    def _show_code(self, spec: AugmentSpec) -> None:
        conversion = convert_augmentation(spec)
        other = conversion.spec
        old, new = (spec, other) if spec.form == IDG_FORM else (other, spec)
        report = html.escape(conversion.report())
        where = ("converted from the layers" if spec.form == LAYERS_FORM
                 else "converted from ImageDataGenerator")

        images_code = self._images_code
        if self.picture.value >= 0:
            images_code += f"\nimages = images[[{self.picture.value}]]  # the chosen picture"

        def block(title: str, s: AugmentSpec, converted: bool) -> str:
            code = html.escape(augmentation_code(s, self.n, self.seed, images_code))
            extra = (f"<div style='color:#555'><small>{where}:</small><pre "
                     f"style='white-space:pre-wrap;font-size:11px'>{report}</pre></div>"
                     if converted else "")
            return (f"<b>{title}</b><pre style='font-size:11px;white-space:pre;overflow:auto'>"
                    f"{code}</pre>{extra}")

        self.code_old.value = block("Keras 2: ImageDataGenerator (legacy)", old,
                                    spec.form != IDG_FORM)
        self.code_new.value = block("Keras 3: preprocessing layers", new, spec.form == IDG_FORM)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
