"""What the Sequential and Functional builders share: the parameter panel, the views
(summary, diagram, code), compile settings, save/load, the error box and the lazy model."""

from __future__ import annotations

import json
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
from kerasnb.builder.training import (
    DEFAULT_COMPILE,
    LOSSES,
    METRICS,
    OPTIMIZERS,
    compile_advice,
    output_activation,
    suggested_losses,
)
from kerasnb.builder.validate import Analysis, analyze
from kerasnb.builder.widgets.controls import Control, make_control

_COPY_JS = ("var t=this.parentNode.querySelector('textarea');t.focus();t.select();"
            "try{navigator.clipboard.writeText(t.value)}catch(e){};"
            "try{document.execCommand('copy')}catch(e){};"
            "this.textContent='Copied (also selected)';")


def error_box_html(errors: list[SpecError]) -> str:
    """The red box listing problems (empty text when there are none)."""
    if not errors:
        return ""
    items = "".join("<pre style='margin:2px 0;white-space:pre-wrap'>"
                    f"{escape(str(e), quote=False)}</pre>" for e in errors[:6])
    more = f"<div>... and {len(errors) - 6} more</div>" if len(errors) > 6 else ""
    return ("<div class='kerasnb-error' style='border:2px solid #c81e1e;background:#fdecec;"
            "color:#7f1d1d;padding:6px 10px;border-radius:4px;font-size:12px'>"
            f"<b>{len(errors)} problem{'s' if len(errors) > 1 else ''}:</b>{items}{more}</div>")


def code_html(code: str) -> str:
    """The code in a read-only text area with a button that selects (and copies) it."""
    rows = min(40, code.count("\n") + 2)
    return ("<div class='kerasnb-code'>"
            f"<button class='kerasnb-copy' onclick=\"{_COPY_JS}\" "
            "style='margin-bottom:4px'>Copy code</button><br>"
            f"<textarea readonly rows='{rows}' spellcheck='false' style='width:98%;"
            f"font-family:monospace;font-size:12px'>{escape(code)}</textarea></div>")


class BuilderBase:
    """Shared machinery; subclasses add the structure panel and the editing buttons."""

    title = "Model builder"

    def __init__(self, spec: ModelSpec) -> None:
        self._spec = spec
        self._busy = False
        self._model: Any = None
        self._model_key: str | None = None
        self._action_errors: list[SpecError] = []
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

        self.optimizer = w.Dropdown(options=list(OPTIMIZERS), description="optimizer")
        self.learning_rate = w.BoundedFloatText(value=0.001, min=1e-7, max=10.0, step=0.0005,
                                                description="learning rate")
        self.metrics = w.SelectMultiple(options=list(METRICS), description="metrics", rows=3)
        self.loss_box = w.VBox()
        self.losses: list[w.Dropdown] = []
        self._chosen_loss: dict[str, str] = {}
        self.advice_html = w.HTML()
        self.suggest_button = w.Button(description="Use suggested loss")
        self.suggest_button.on_click(self._guarded(lambda _: self.use_suggested_loss()))
        for control in (self.optimizer, self.learning_rate, self.metrics):
            control.observe(self._guarded(lambda change: self._on_compile()), names="value")

        self.path_text = w.Text(value="model_spec.json", description="file")
        self.save_button = w.Button(description="Save", icon="save")
        self.load_button = w.Button(description="Load", icon="folder-open")
        self.save_button.on_click(self._guarded(lambda _: self._file_action(self.save)))
        self.load_button.on_click(self._guarded(lambda _: self._file_action(self.load)))

        self.tabs = w.Tab(
            children=[self.summary_html, w.Box([self.diagram_html],
                                               layout=w.Layout(overflow="auto",
                                                               max_height="520px")),
                      w.VBox([self.build_button, self.code_html]),
                      w.VBox([self.optimizer, self.learning_rate, self.loss_box, self.metrics,
                              self.suggest_button, self.advice_html]),
                      w.VBox([self.path_text, w.HBox([self.save_button, self.load_button])])],
            titles=["Summary", "Diagram", "Code", "Compile", "Save / load"])
        for widget, css in ((self.type_picker, "kerasnb-type-picker"),
                            (self.error_html, "kerasnb-error-box"),
                            (self.summary_html, "kerasnb-summary-box"),
                            (self.code_html, "kerasnb-code-box"), (self.tabs, "kerasnb-tabs")):
            widget.add_class(css)
        self._load_compile_controls()

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
        """The Keras 3 code of the current design.

        >>> from kerasnb.builder import SequentialBuilder
        >>> "keras.Sequential(" in SequentialBuilder(input_shape=(4,)).code
        True
        """
        return to_code(self._spec)

    @property
    def model(self) -> Any:
        """The Keras model of the current design, built on first use after each change.

        >>> from kerasnb.builder import SequentialBuilder
        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2)
        >>> b.model.output_shape
        (None, 2)
        """
        key = self._spec.to_json()
        if self._model is None or key != self._model_key:
            self._model = self._spec.build()
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
        """Save the design as JSON (the path box's value by default).

        >>> import tempfile, os
        >>> from kerasnb.builder import SequentialBuilder
        >>> with tempfile.TemporaryDirectory() as d:
        ...     path = SequentialBuilder(input_shape=(4,)).save(os.path.join(d, "m.json"))
        ...     SequentialBuilder(str(path)).spec.inputs[0].shape
        [4]
        """
        out = self._spec.save(path or self.path_text.value)
        self.status_html.value = f"<span style='color:#166534'>Saved {escape(str(out))}</span>"
        return out

    def load(self, path: str | Path | None = None) -> None:
        """Replace the design by one saved with :meth:`save` (example: see :meth:`save`)."""
        self.set_spec(ModelSpec.load(path or self.path_text.value))
        self.status_html.value = "<span style='color:#166534'>Loaded</span>"

    def set_spec(self, spec: ModelSpec) -> None:
        self._check_kind(spec)
        self._spec = spec.copy()
        self.selected = self._spec.layers[-1].name if self._spec.layers else None
        self._load_compile_controls()
        self._changed(rebuild_panel=True)

    def use_suggested_loss(self) -> None:
        """Set each output's loss to the first one suggested for its activation.

        >>> from kerasnb.builder import SequentialBuilder
        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense", units=3, activation="softmax")
        >>> b.losses[0].value = "mse"; b.use_suggested_loss()
        >>> b.spec.compile["loss"]
        'sparse_categorical_crossentropy'
        """
        for out, dropdown in zip(self._spec.outputs, self.losses, strict=False):
            good = suggested_losses(output_activation(self._spec, out))
            if good:
                dropdown.value = good[0]

    @property
    def widget(self) -> w.Widget:
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self._widget._repr_mimebundle_(**kwargs)

    def _guarded(self, fn: Any) -> Any:
        """Wrap a widget callback so that any failure shows in the red box, not as a traceback."""
        def call(*args: Any) -> None:
            try:
                fn(*args)
            except Exception as exc:
                err = exc if isinstance(exc, SpecError) else SpecError(
                    f"unexpected problem ({type(exc).__name__}: {exc})",
                    fix="the design is kept; undo the last change")
                self._action_errors = [err]
                self.error_html.value = error_box_html(self.errors)
        return call

    # ------------------------------------------------------------------ for subclasses
    def _check_kind(self, spec: ModelSpec) -> None:
        """Raise SpecError if this builder cannot edit ``spec``."""

    def _refresh_structure(self) -> None:
        """Update the structure panel (layer list labels)."""

    def _try(self, action: Any, *args: Any, rebuild_panel: bool = True) -> bool:
        """Run an edit; if it fails, restore the design as it was and show why."""
        before, selected = self._spec.to_dict(), self.selected
        try:
            action(*args)
        except Exception as exc:  # shown in the red box, never as a traceback
            err = exc if isinstance(exc, SpecError) else SpecError(
                f"this change could not be made ({type(exc).__name__}: {exc})",
                fix="undo the last change; the design was kept as it was")
            self._spec = ModelSpec.from_dict(before)
            self.selected = selected
            self._action_errors = [err]
            self._changed(rebuild_panel=rebuild_panel)
            return False
        self._action_errors = []
        self._changed(rebuild_panel=rebuild_panel)
        return True

    def _changed(self, rebuild_panel: bool = False) -> None:
        if rebuild_panel:
            self._rebuild_panel()
        self._sync_compile()
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
        self.totals_html.value = (f"<b>{escape(totals_text(self.analysis))}</b>"
                                  if self._spec.layers else "")
        self.summary_html.value = summary_html(self._spec, self.analysis)
        self.diagram_html.value = diagram_svg(self._spec, self.analysis)
        code = to_code(self._spec)
        if self.analysis.errors:
            code = "# This design still has problems (see the red box); fix them first.\n" + code
        self.code_html.value = code_html(code)
        notes = compile_advice(self._spec, self.analysis)
        hints = []
        for out in self._spec.outputs:
            act = output_activation(self._spec, out)
            good = suggested_losses(act)
            if good:
                hints.append(f"{escape(out)} ends in {act}: suggested loss "
                             f"{' or '.join(good)}")
        self.advice_html.value = "<br>".join(
            [f"<span style='color:#92400e'>{escape(n)}</span>" for n in notes] + hints)

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
            self._action_errors = [SpecError(err.message, layer=self.selected,
                                             received=err.received, needs=err.needs,
                                             fix=err.fix)]
            self._render()
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

    # ------------------------------------------------------------------ compile
    def _load_compile_controls(self) -> None:
        settings = DEFAULT_COMPILE | (self._spec.compile or {})
        self._busy = True
        try:
            self.optimizer.value = settings["optimizer"]
            self.learning_rate.value = settings["learning_rate"]
            self.metrics.value = tuple(settings["metrics"])
        finally:
            self._busy = False
        loss = settings["loss"] if self._spec.compile else None
        outputs = self._spec.outputs
        if isinstance(loss, list):
            self._chosen_loss = dict(zip(outputs, loss, strict=False))
        else:
            self._chosen_loss = {o: loss for o in outputs} if loss else {}
        self._sync_compile()

    def _sync_compile(self) -> None:
        """One loss dropdown per output (a chosen loss, else the suggested one); write the
        settings into the spec."""
        outputs = list(self._spec.outputs)
        wanted = [self._chosen_loss.get(o) or
                  (suggested_losses(output_activation(self._spec, o)) or ["mse"])[0]
                  for o in outputs]
        if getattr(self, "_loss_outputs", None) != outputs:
            self._loss_outputs = outputs
            self.losses = []
            for out in outputs:
                dd = w.Dropdown(options=list(LOSSES), description=_short(out))
                dd.observe(self._guarded(lambda change, out=out: self._on_loss(out, change["new"])),
                           names="value")
                self.losses.append(dd)
            self.loss_box.children = [w.HTML("loss per output:")] + self.losses
        self._busy = True
        try:
            for dd, value in zip(self.losses, wanted, strict=True):
                dd.value = value
        finally:
            self._busy = False
        self._write_compile()

    def _on_loss(self, output: str, value: str) -> None:
        if self._busy:
            return
        self._chosen_loss[output] = value
        self._on_compile()

    def _write_compile(self) -> None:
        losses = [d.value for d in self.losses]
        loss: Any = losses[0] if len(set(losses)) == 1 else losses
        self._spec.compile = {"optimizer": self.optimizer.value,
                              "learning_rate": float(self.learning_rate.value),
                              "loss": loss if losses else "mse",
                              "metrics": list(self.metrics.value)}

    def _on_compile(self) -> None:
        if self._busy:
            return
        self._write_compile()
        self._render()

    # ------------------------------------------------------------------ actions
    def _file_action(self, action: Any) -> None:
        try:
            action()
        except SpecError as err:
            self._action_errors = [err]
            self.status_html.value = ""
            self._render()

    def _build_clicked(self) -> None:
        try:
            model = self.model
        except SpecError as err:
            self._action_errors = [err]
            self._render()
            return
        self._action_errors = []
        self._render()
        self.status_html.value = (f"<span style='color:#166534'>Built {escape(model.name)}: "
                                  f"{model.count_params():,} parameters; use "
                                  f"<code>builder.model</code></span>")


def _short(name: str) -> str:
    return name if len(name) <= 16 else name[:15] + "…"


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
            return ModelSpec.from_dict(json.loads(text))
        return ModelSpec.load(start)
    return ModelSpec.from_model(start)
