"""AugmentationPreview: the spec is the state; controls, grid, drawn values and code follow it.

>>> from kerasnb.augment.widget import AugmentationPreview
>>> preview = AugmentationPreview(source="digits")
>>> preview.idg_controls["rotation_range"].value = 90   # the grid is redrawn
>>> bytes(preview.grid.value[:2])  # JPEG
b'\\xff\\xd8'

Only core ipywidgets. ``preview.widget`` is the box to display (the preview also displays itself
in a notebook). The preview keeps one :class:`AugmentSpec` per tab (``preview.spec`` is the one of
the tab shown) and changes it only through the spec's edit methods; the controls are drawn
from it, so a description set from code keeps its layer order, repeated layers, ranges and
hidden parameters exactly. No exception leaves a callback: the package's own errors for bad
input are shown in the widget, anything else is shown as an internal error and recorded in
``preview.internal_errors``.
"""

from __future__ import annotations

import functools
import html
import traceback
from collections.abc import Callable
from typing import Any

from kerasnb.augment.apply import augment_images, check_count, check_seed
from kerasnb.augment.controls import ParamControl, wrap_html
from kerasnb.augment.convert import convert_augmentation
from kerasnb.augment.errors import AugmentError
from kerasnb.augment.grid import display_range, render_grid
from kerasnb.augment.images import MIN_SIDE, SOURCES
from kerasnb.augment.layout import PreviewLayout, layer_card, small
from kerasnb.augment.panes import code_panes
from kerasnb.augment.pictures import OWN, PreviewPictures
from kerasnb.augment.spec import IDG_FORM, LAYERS_FORM, AugmentSpec
from kerasnb.errors import KerasnbError

DEFAULT_IDG = {"rotation_range": 20, "zoom_range": [0.8, 1.2], "horizontal_flip": True}
DEFAULT_LAYERS = [("RandomFlip", {"mode": "horizontal"}), ("RandomRotation", {"factor": 0.05}),
                  ("RandomZoom", {"height_factor": 0.2})]


class AugmentationPreview(PreviewLayout):
    """See N augmented versions of a picture, the values drawn for each, and the code.

    Parameters: ``images`` a NumPy batch or picture of your own (else the bundled ``source``:
    "photos" or "digits"), ``spec`` an AugmentSpec to start from, ``n`` pictures in the grid
    (1-64), ``seed``, ``size`` the side the photographs and uploads are resized to.

    >>> p = AugmentationPreview(source="digits", n=4)
    >>> p.new_draw.click(); p.seed
    1
    """

    def __init__(
        self,
        images: Any = None,
        source: str = "photos",
        spec: AugmentSpec | dict[str, Any] | str | None = None,
        n: int = 9,
        seed: int = 0,
        size: int = 128,
    ) -> None:
        check_count(n)
        check_seed(seed)
        if isinstance(size, bool) or not isinstance(size, int) or not MIN_SIDE <= size <= 512:
            raise AugmentError(f"size must be a whole number of pixels from {MIN_SIDE} to 512",
                               received=repr(size), expected="e.g. 128")
        if source not in SOURCES:
            raise AugmentError("source: unknown picture source", received=repr(source),
                               expected=" or ".join(repr(s) for s in SOURCES))
        start = _as_spec(spec) if spec is not None else None  # bad input raises here, not later
        self.n, self.size, self.seed = n, size, seed
        self.result = None
        self.internal_errors: list[str] = []
        self._state = {IDG_FORM: AugmentSpec.image_data_generator(**DEFAULT_IDG),
                       LAYERS_FORM: AugmentSpec.preprocessing_layers(*DEFAULT_LAYERS)}
        self._quiet = True  # controls being set from the state: their observers stay silent
        self._pictures = PreviewPictures(size)
        self._conversion_note = ""
        self._converted: tuple[AugmentSpec, AugmentSpec] | None = None
        self._cards_drawn = False
        super().__init__()
        self._connect()
        if start is not None:
            self._state[start.form] = start
            self.form_tabs.selected_index = 0 if start.form == IDG_FORM else 1
        self._show_state()
        if images is not None:
            self._quiet = False
            self.set_images(images)  # loads the pictures and draws once
        else:
            self.source.value = source
            self._use_source(source)
            self._quiet = False
            self.refresh()

    def _connect(self) -> None:
        for name, c in self.idg_params.items():
            c.observe(self._guard(functools.partial(self._control_changed, IDG_FORM, name)))
        self.form_tabs.observe(self._guard(self._tab_changed), "selected_index")
        self.picture.observe(self._guard(self._redraw), "value")
        self.source.observe(self._guard(self._source_changed), "value")
        self.upload.observe(self._guard(self._uploaded_file), "value")
        self.new_draw.on_click(self._guard(self._next_seed))
        self.to_other.on_click(self._guard(self._open_converted))
        self.add_button.on_click(self._guard(lambda _b: self._add(self.add_choice.value)))

    def _card(self, i: int, item: dict[str, Any]) -> Any:
        card, controls = layer_card(i, item, self._guard(self._move), self._guard(self._remove))
        for name, c in controls.items():
            c.observe(self._guard(functools.partial(self._control_changed, i, name)))
            self._layer_params[(i, name)] = c
        return card

    def _draw_cards(self) -> None:
        """Draw the layer cards from the state (silently), once per change of the state.

        The cards are drawn when the layers tab is shown or its controls are asked for, not
        before: a preview opening on the ImageDataGenerator tab draws its grid sooner.
        """
        if self._cards_drawn:
            return
        quiet, self._quiet = self._quiet, True
        try:
            self._layer_params = {}
            self.layer_cards.children = [self._card(i, item) for i, item in
                                         enumerate(self._state[LAYERS_FORM].layers)]
            self._cards_drawn = True
        finally:
            self._quiet = quiet

    @property
    def layer_params(self) -> dict[tuple[int, str], ParamControl]:
        """The controls of the layers tab: (position, parameter) -> its ParamControl."""
        self._draw_cards()
        return self._layer_params

    # -- public ---------------------------------------------------------------------------------
    @property
    def form(self) -> str:
        """IDG_FORM or LAYERS_FORM, from the selected tab."""
        return IDG_FORM if self.form_tabs.selected_index in (0, None) else LAYERS_FORM

    @property
    def spec(self) -> AugmentSpec:
        """The description of the tab shown: exactly what was set, changed only by the controls."""
        return AugmentSpec.from_dict(self._state[self.form].to_dict())

    def set_spec(self, spec: AugmentSpec | dict[str, Any] | str) -> None:
        """Show a spec (an AugmentSpec, a dict or JSON text) exactly, in its tab, and redraw.

        An invalid description (rotation 400°, zoom -2, ...) is reported in the widget and
        the controls and the preview stay as they were.
        """
        self._guard(self._set_spec)(spec)

    def set_images(self, images: Any) -> None:
        """Use your own picture(s); bad input shows a message and keeps the current preview."""
        self._guard(self._set_images)(images)

    def refresh(self) -> None:
        """Redraw the grid, drawn values and code; on a problem show it and keep the old grid."""
        self._guard(self._refresh)()

    def add_layer(self, name: str) -> None:
        """Add a preprocessing layer at the end of the layers tab (and show that tab)."""
        self._guard(self._add)(name)

    # -- the guard ------------------------------------------------------------------------------
    def _guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn`` that never raises: bad input is shown, anything else is an internal error."""

        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except KerasnbError as e:
                self._show_error(str(e))
            except Exception as e:  # a bug: say so, keep the widget working
                self.internal_errors.append(traceback.format_exc())
                self.message.value = wrap_html(
                    f"<div style='color:#b00020'><b>Internal error</b> (a bug in kerasnb, not "
                    f"in your settings): {html.escape(type(e).__name__)}: "
                    f"{html.escape(str(e))}. The preview below is the last one that worked.</div>")
            return None

        return guarded

    # -- state changes --------------------------------------------------------------------------
    def _set_spec(self, spec: Any) -> None:
        spec = _as_spec(spec)
        self._state[spec.form] = spec
        self._conversion_note = ""
        self._show_state(form=spec.form)
        self._refresh()

    def _control_changed(self, where: str | int, name: str) -> None:
        if self._quiet:
            return
        form = IDG_FORM if where == IDG_FORM else LAYERS_FORM
        control: ParamControl = (self.idg_params[name] if where == IDG_FORM
                                 else self.layer_params[(where, name)])  # type: ignore[index]
        self.help.value = control.help_html()
        try:
            self._state[form] = self._state[form].with_value(where, name, control.read())
        except KerasnbError:
            self._show_state()  # the controls show the state, which the refused value left as is
            raise
        self._refresh()

    def _add(self, name: str) -> None:
        self._state[LAYERS_FORM] = self._state[LAYERS_FORM].with_layer(name)
        self._show_state(form=LAYERS_FORM)
        self._refresh()

    def _remove(self, i: int) -> None:
        self._state[LAYERS_FORM] = self._state[LAYERS_FORM].without_layer(i)
        self._show_state(form=LAYERS_FORM)
        self._refresh()

    def _move(self, i: int, delta: int) -> None:
        self._state[LAYERS_FORM] = self._state[LAYERS_FORM].with_layer_moved(i, delta)
        self._show_state(form=LAYERS_FORM)
        self._refresh()

    def _show_state(self, form: str | None = None) -> None:
        """Draw every control from the state (silently), and select ``form``'s tab."""
        quiet, self._quiet = self._quiet, True
        try:
            idg = self._state[IDG_FORM].resolved_params()
            for name, c in self.idg_params.items():
                c.show(idg[name])
            hidden = [f"{k}={v!r}" for k, v in self._state[IDG_FORM].params.items()
                      if k not in self.idg_params]
            self.idg_hidden.value = (small("advanced, kept as set: " + html.escape(
                ", ".join(hidden))) if hidden else "")
            self._cards_drawn = False
            if form is not None:
                self.form_tabs.selected_index = 0 if form == IDG_FORM else 1
            if self.form == LAYERS_FORM:
                self._draw_cards()
        finally:
            self._quiet = quiet

    def _redraw(self, _change: Any = None) -> None:
        if not self._quiet:
            self._refresh()

    def _tab_changed(self, _change: Any = None) -> None:
        if self.form == LAYERS_FORM:
            self._draw_cards()
        self._redraw()

    def _next_seed(self, _button: Any = None) -> None:
        check_seed(self.seed + 1)
        self.seed += 1
        self._refresh()

    def _open_converted(self, _button: Any = None) -> None:
        current = self._state[self.form]
        if self._converted is not None and self._converted[0] == current:
            back = self._converted[1]  # unchanged since the last conversion: go back exactly
            self._state[back.form] = back
            self._converted = None
            self._conversion_note = "back to the setting as it was before the conversion"
        else:
            conversion = convert_augmentation(current)
            target = conversion.spec
            self._state[target.form] = target
            self._converted = (target, current)
            lost = "".join(f"<li>{html.escape(m)}</li>" for m in conversion.missing)
            self._conversion_note = (
                "converted to the other API." + (
                    f" <b>Not carried over</b> (no equivalent; press <i>other API</i> again "
                    f"before changing anything to get them back):<ul>{lost}</ul>" if lost
                    else " Every setting has an equivalent (notes under the code)."))
            back = target
        self._show_state(form=back.form)
        self._refresh()

    def _show_error(self, text: str) -> None:
        self.message.value = wrap_html(
            f"<div style='color:#b00020'><b>Not applied:</b> {html.escape(text)} (the preview "
            f"below is the last valid one)</div>")

    # -- pictures -------------------------------------------------------------------------------
    def _set_images(self, images: Any) -> None:
        self._pictures.set_own(images)
        self._select_source(OWN)

    def _uploaded_file(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self._pictures.set_upload(str(item.get("name", "the upload")), item["content"])
        self._select_source("upload")

    def _select_source(self, value: str) -> None:
        quiet, self._quiet = self._quiet, True
        self.source.options = self._pictures.sources
        self.source.value = value
        self._quiet = quiet
        self._use_source(value)
        self._refresh()

    def _source_changed(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._use_source(change["new"])
        self._refresh()

    def _use_source(self, source: str) -> None:
        self._pictures.use(source)
        quiet, self._quiet = self._quiet, True
        count = len(self._pictures.batch)
        self.picture.options = [("all", -1)] + [(str(i + 1), i) for i in range(count)]
        self.picture.value = -1
        self._quiet = quiet

    # -- drawing --------------------------------------------------------------------------------
    def _refresh(self) -> None:
        if self._quiet:
            return
        spec, images = self._state[self.form], self._pictures.batch
        chosen = images if self.picture.value < 0 else images[[self.picture.value]]
        result = augment_images(spec, chosen, n=self.n, seed=self.seed)
        code_new, code_old = self._code(spec)  # may refuse: then nothing is half-updated
        self.result = result
        captions = result.captions()
        self.grid.value = render_grid(chosen, result.images, fmt="jpeg")
        _, stretched = display_range(result.images)
        notes = self._pictures.notes + result.notes + ([stretched] if stretched else [])
        text = "".join(f"<div>note: {html.escape(n)}</div>" for n in notes)
        if self._conversion_note:
            text += f"<div>{self._conversion_note}</div>"
        self.message.value = small(text) if text else ""
        self.seed_label.value = f"seed <b>{self.seed}</b>"
        self.drawn.value = wrap_html(
            "<details open><summary>drawn for each picture (numbered as in the grid)</summary>"
            "<ol style='margin:2px 0;padding-left:28px'>"
            + "".join(f"<li>{html.escape(c)}</li>" for c in captions) + "</ol></details>")
        self.code_new.value, self.code_old.value = code_new, code_old

    def _code(self, spec: AugmentSpec) -> tuple[str, str]:
        images_code = self._pictures.code
        if self.picture.value >= 0:
            images_code += f"\nimages = images[[{self.picture.value}]]  # the chosen picture"
        return code_panes(spec, self.n, self.seed, images_code)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _as_spec(spec: Any) -> AugmentSpec:
    """An AugmentSpec from a spec, a dict or JSON text (validated), else an AugmentError."""
    if isinstance(spec, str):
        return AugmentSpec.from_json(spec)
    if isinstance(spec, dict):
        return AugmentSpec.from_dict(spec)
    if isinstance(spec, AugmentSpec):
        return AugmentSpec.from_dict(spec.to_dict())
    raise AugmentError("spec must be an AugmentSpec, a dict or JSON text",
                       received=type(spec).__name__,
                       expected="AugmentSpec.image_data_generator(...) or "
                                "AugmentSpec.preprocessing_layers(...)")
