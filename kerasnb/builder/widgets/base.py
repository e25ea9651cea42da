"""What the Sequential and Functional builders share: the parameter panel, the views
(summary, diagram, code), save/load, the error box and the lazy model. The compile tab is in
:mod:`kerasnb.builder.widgets.compiling`, the callback guard in
:mod:`kerasnb.builder.widgets.guard`.

The builder's only state is its spec (plus which layer is selected): every control shows
the spec and every edit goes through a ModelSpec method.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from kerasnb.builder.catalogue import LAYER_TYPES, layer_type
from kerasnb.builder.codegen import to_code
from kerasnb.builder.diagram import diagram_svg
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.summary import summary_html, totals_text
from kerasnb.builder.validate import Analysis, analyze
from kerasnb.builder.widgets.compiling import CompilePanel
from kerasnb.builder.widgets.controls import Control, make_control
from kerasnb.builder.widgets.guard import code_html, error_box_html, guarded, notes_html

__all__ = ["BuilderBase", "code_html", "error_box_html", "start_spec"]


class BuilderBase(CompilePanel):
    """Shared machinery; subclasses add the structure panel and the editing buttons."""

    title = "Model builder"

    def __init__(self, spec: ModelSpec) -> None:
        self._spec = spec
        self._busy = False
        self._model: Any = None
        self._model_key: str | None = None
        self._action_errors: list[SpecError] = []
        self.internal_errors: list[str] = []
        self.analysis: Analysis = Analysis()
        self.selected: str | None = None
        self.controls: dict[str, Control] = {}

        self.type_picker = w.Dropdown(options=list(LAYER_TYPES), value="Dense",
                                      description="layer type", layout=w.Layout(width="260px"))
        self.layer_name = w.Text(description="name", continuous_update=False,
                                 layout=w.Layout(width="330px"),
                                 style={"description_width": "130px"})
        self.layer_name.observe(self._guarded(self._on_rename), names="value")
        self.param_title = w.HTML()
        self.param_box = w.VBox()
        self.error_html = w.HTML()
        self.totals_html = w.HTML()
        self.summary_html = w.HTML()
        self.diagram_html = w.HTML()
        self.code_html = w.HTML()
        self.status_html = w.HTML()
        self.build_button = w.Button(description="Build model", icon="cogs")
        self.build_button.on_click(self._guarded(lambda _: self._build_clicked()))
        compile_panel = self._make_compile_panel()

        self.path_text = w.Text(value="model_spec.json", description="file")
        self.save_button = w.Button(description="Save", icon="save")
        self.load_button = w.Button(description="Load", icon="folder-open")
        self.save_button.on_click(self._guarded(lambda _: self.save()))
        self.load_button.on_click(self._guarded(lambda _: self.load()))

        self.tabs = w.Tab(
            children=[self.summary_html, w.Box([self.diagram_html],
                                               layout=w.Layout(overflow="auto",
                                                               max_height="520px")),
                      w.VBox([self.build_button, self.code_html]), compile_panel,
                      w.VBox([self.path_text, w.HBox([self.save_button, self.load_button])])],
            titles=["Summary", "Diagram", "Code", "Compile", "Save / load"])
        for widget, css in ((self.type_picker, "kerasnb-type-picker"),
                            (self.error_html, "kerasnb-error-box"),
                            (self.summary_html, "kerasnb-summary-box"),
                            (self.code_html, "kerasnb-code-box"), (self.tabs, "kerasnb-tabs")):
            widget.add_class(css)

    # ------------------------------------------------------------------ public API
    @property
    def spec(self) -> ModelSpec:
        """A copy of the current design (a ModelSpec).

        >>> from kerasnb.builder import SequentialBuilder
        >>> SequentialBuilder(input_shape=(4,)).spec.inputs[0].shape
        [4]
        """
        return self._spec.copy()

    @property
    def code(self) -> str:
        """The Keras 3 code of the current design, compiled with the settings in use.

        >>> from kerasnb.builder import SequentialBuilder
        >>> "keras.Sequential(" in SequentialBuilder(input_shape=(4,)).code
        True
        """
        return to_code(self._spec.with_compile())

    @property
    def model(self) -> Any:
        """The Keras model of the current design, compiled with the settings in use (chosen,
        else suggested), built on first use after each change.

        >>> from kerasnb.builder import SequentialBuilder
        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2)
        >>> b.model.output_shape
        (None, 2)
        """
        spec = self._spec.with_compile()
        key = spec.to_json()
        if self._model is None or key != self._model_key:
            self._model = spec.build()
            self._model_key = key
        return self._model

    @property
    def errors(self) -> list[SpecError]:
        """Problems of the design and of the last action (SpecErrors).

        >>> from kerasnb.builder import SequentialBuilder
        >>> b = SequentialBuilder(input_shape=(28, 28, 1))
        >>> b.add("Dense")
        >>> b.errors[0].layer
        'dense'
        """
        return self._action_errors + self.analysis.errors

    def save(self, path: str | Path | None = None) -> Path:
        """Save the design as JSON (the path box's value by default), atomically.

        >>> import tempfile, os
        >>> from kerasnb.builder import SequentialBuilder
        >>> with tempfile.TemporaryDirectory() as d:
        ...     path = SequentialBuilder(input_shape=(4,)).save(os.path.join(d, "m.json"))
        ...     SequentialBuilder(str(path)).spec.inputs[0].shape
        [4]
        """
        out = self._spec.save(self.path_text.value if path is None else path)
        self._action_errors = []
        self._render()
        self.status_html.value = f"<span style='color:#166534'>Saved {escape(str(out))}</span>"
        return out

    def load(self, path: str | Path | None = None) -> None:
        """Replace the design by one saved with :meth:`save` (example: see :meth:`save`)."""
        self.set_spec(ModelSpec.load(self.path_text.value if path is None else path))
        self.status_html.value = "<span style='color:#166534'>Loaded</span>"

    def set_spec(self, spec: ModelSpec) -> None:
        """Show another design (a copy of ``spec``)."""
        if not isinstance(spec, ModelSpec):
            raise SpecError("set_spec needs a ModelSpec", received=f"spec={spec!r:.60}",
                            needs="ModelSpec.sequential(...), ModelSpec.load(path) or "
                                  "ModelSpec.from_model(model)")
        self._check_kind(spec)
        self._spec = spec.copy()
        self.selected = self._spec.layers[-1].name if self._spec.layers else None
        self._action_errors = []
        self._changed(rebuild_panel=True)

    @property
    def widget(self) -> w.Widget:
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self._widget._repr_mimebundle_(**kwargs)

    def show_problem(self, err: SpecError) -> None:
        """Show ``err`` in the red box (the design is kept)."""
        self._action_errors = [err]
        self.status_html.value = ""
        try:
            self._render()
        finally:
            self.error_html.value = error_box_html(self.errors)

    def _guarded(self, fn: Any) -> Any:
        """``fn`` wrapped so that no exception leaves it (see :func:`guarded`)."""
        wrapped = guarded(lambda self_, *args: fn(*args))
        return lambda *args: wrapped(self, *args)

    # ------------------------------------------------------------------ for subclasses
    def _check_kind(self, spec: ModelSpec) -> None:
        """Raise SpecError if this builder cannot edit ``spec``."""

    def _refresh_structure(self) -> None:
        """Update the structure panel (layer list labels)."""

    def _try(self, action: Any, *args: Any, rebuild_panel: bool = True) -> bool:
        """Run an edit; if it fails, restore the design as it was and show why."""
        before, selected = self._spec.copy(), self.selected
        try:
            action(*args)
        except Exception as exc:  # shown in the red box, never as a traceback
            self._spec, self.selected = before, selected
            if not isinstance(exc, SpecError):
                self.internal_errors.append(f"{type(exc).__name__}: {exc}")
                exc = SpecError(f"internal error: this change could not be made "
                                f"({type(exc).__name__}: {exc})",
                                fix="this is a bug in kerasnb; the design was kept as it was")
            self._action_errors = [exc]
            self._changed(rebuild_panel=rebuild_panel)
            return False
        self._action_errors = []
        self._changed(rebuild_panel=rebuild_panel)
        return True

    def _changed(self, rebuild_panel: bool = False) -> None:
        if rebuild_panel:
            self._rebuild_panel()
        self._render()

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        self.analysis = analyze(self._spec)
        self._busy = True
        try:
            self._refresh_structure()
        finally:
            self._busy = False
        self.error_html.value = error_box_html(self.errors)
        if self._spec.layers:
            self.totals_html.value = (f"<b>{escape(totals_text(self.analysis))}</b>"
                                      + ("<br>" + notes_html(self.analysis.warnings)
                                         if self.analysis.warnings else ""))
        else:
            self.totals_html.value = ("<i>An empty design: pick a layer type and press "
                                      "<b>Add</b> to start.</i>")
        self.summary_html.value = summary_html(self._spec, self.analysis)
        self.diagram_html.value = diagram_svg(self._spec, self.analysis)
        try:
            code = to_code(self._spec.with_compile())
        except SpecError:
            code = to_code(self._spec)
        if self.analysis.errors:
            code = "# This design still has problems (see the red box); fix them first.\n" + code
        self.code_html.value = code_html(code)
        self._show_compile()

    def _rebuild_panel(self) -> None:
        self.controls = {}
        name = self.selected
        layer = next((x for x in self._spec.layers if x.name == name), None)
        if layer is None:
            self.param_title.value = "<i>Add a layer, or select one to edit it.</i>"
            self.param_box.children = []
            return
        lt = layer_type(layer.type)
        full = lt.full_params(layer.params)
        self.param_title.value = (f"<b>{escape(layer.name)}</b> ({lt.name}): "
                                  f"{escape(lt.help)}")
        self._busy = True
        self.layer_name.value = layer.name
        self._busy = False
        for p in lt.params:
            control = make_control(p, full[p.name])
            control.observe(self._guarded(lambda key=p.name: self._on_param(key)))
            self.controls[p.name] = control
        self.param_box.children = [self.layer_name] + [c.widget for c in self.controls.values()]

    def _on_param(self, key: str) -> None:
        if self._busy or self.selected is None:
            return
        try:
            value = self.controls[key].get()
        except SpecError as err:
            self.show_problem(SpecError(err.message, layer=self.selected,
                                        received=err.received, needs=err.needs, fix=err.fix))
            return
        self._try(self._spec.set_param, self.selected, key, value, rebuild_panel=False)

    def _on_rename(self, change: dict[str, Any]) -> None:
        if self._busy or self.selected is None or change["new"] == self.selected:
            return
        old = self.selected

        def rename() -> None:
            self._spec.rename(old, change["new"])
            self.selected = change["new"].strip()

        self._try(rename)

    # ------------------------------------------------------------------ actions
    def _build_clicked(self) -> None:
        model = self.model
        self._action_errors = []
        self._render()
        self.status_html.value = (f"<span style='color:#166534'>Built {escape(model.name)}: "
                                  f"{model.count_params():,} parameters; use "
                                  f"<code>builder.model</code></span>")


def start_spec(start: Any, default: ModelSpec) -> ModelSpec:
    """A spec from what a builder was given: None, a ModelSpec, a dict, a file path or a model."""
    if start is None:
        return default
    if isinstance(start, ModelSpec):
        return start.copy()
    if isinstance(start, dict):
        return ModelSpec.from_dict(start)
    if isinstance(start, str | Path):
        text = str(start)
        if text.lstrip().startswith("{"):
            return ModelSpec.from_json(text)
        return ModelSpec.load(start)
    return ModelSpec.from_model(start)
