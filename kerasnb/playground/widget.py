"""The playground's widget: controls that edit the lesson, buttons that steer training, views.

>>> from kerasnb.playground import Playground
>>> pg = Playground("xor", hidden=[4], epochs=1, n_samples=60)
>>> ui = pg.widget                                   # an ipywidgets VBox
>>> controls = pg._widget
>>> controls.noise.value = 0.2; pg.lesson.noise
0.2

Only the core ipywidgets set. Every control writes the lesson through ``Playground.set`` and is
redrawn from it (the lesson is the state; the widget keeps none of its own). Training runs in a
background thread of the kernel, so the buttons stay live: Stop and Pause act within one batch.
The views are two ``Image`` widgets whose bytes are replaced in place, throttled like
``LivePlot``. A callback never raises: problems go to the status line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kerasnb.builder import ModelSpec
from kerasnb.playground.data import FEATURE_LABELS, FEATURES, PLANE_SETS, REAL_SETS
from kerasnb.playground.lesson import ACTIVATIONS, OPTIMIZERS

__all__ = ["PlaygroundWidget"]

_WIDE = w.Layout(width="300px")


def _parse_hidden(text: str) -> list[int]:
    """``"8, 8"`` -> ``[8, 8]``; an empty text means no hidden layer."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        from kerasnb.playground.errors import LessonError

        raise LessonError("hidden layers are whole numbers separated by commas",
                          received=repr(text), expected="e.g. 8, 8") from None


class PlaygroundWidget:
    """The controls, buttons and views of one :class:`~kerasnb.playground.Playground`."""

    def __init__(self, playground: Any) -> None:
        self.pg = playground
        self._syncing = False
        self._shown_draws = -1
        style = {"description_width": "90px"}
        # data
        self.data = w.Dropdown(options=[*PLANE_SETS, *REAL_SETS], description="data", style=style)
        self.seed = w.BoundedIntText(min=0, max=2**31 - 1, description="seed", style=style,
                                     layout=w.Layout(width="180px"))
        self.noise = w.FloatSlider(min=0.0, max=0.5, step=0.05, description="noise", style=style)
        self.train_ratio = w.FloatSlider(min=0.1, max=0.9, step=0.1, description="train ratio",
                                         style=style)
        self.n_samples = w.IntSlider(min=50, max=2000, step=50, description="points", style=style)
        self.features = {name: w.ToggleButton(description=FEATURE_LABELS[name],
                                              layout=w.Layout(width="64px"))
                         for name in FEATURES}
        # model (quick settings)
        self.hidden = w.Text(description="hidden", placeholder="e.g. 8, 8", style=style,
                             continuous_update=False, layout=_WIDE)
        self.activation = w.Dropdown(options=ACTIVATIONS, description="activation", style=style)
        self.l1 = w.BoundedFloatText(min=0, max=1, step=0.001, description="L1", style=style,
                                     layout=w.Layout(width="180px"))
        self.l2 = w.BoundedFloatText(min=0, max=1, step=0.001, description="L2", style=style,
                                     layout=w.Layout(width="180px"))
        self.dropout = w.FloatSlider(min=0.0, max=0.9, step=0.05, description="dropout",
                                     style=style)
        self.quick_note = w.HTML()
        self.quick_button = w.Button(description="Back to quick settings")
        # training
        self.optimizer = w.Dropdown(options=OPTIMIZERS, description="optimizer", style=style)
        self.learning_rate = w.FloatLogSlider(base=10, min=-5, max=1, step=0.1,
                                              description="learning rate", style=style,
                                              readout_format=".2g")
        self.batch_size = w.BoundedIntText(min=1, max=4096, description="batch size",
                                           style=style, layout=w.Layout(width="180px"))
        self.epochs = w.BoundedIntText(min=1, max=10000, description="epochs", style=style,
                                       layout=w.Layout(width="180px"))
        self.train_button = w.Button(description="Train", icon="play", button_style="success")
        self.pause_button = w.Button(description="Pause", icon="pause")
        self.step_button = w.Button(description="Step", icon="step-forward")
        self.stop_button = w.Button(description="Stop", icon="stop", button_style="danger")
        self.reset_button = w.Button(description="Reset", icon="refresh")
        for button in (self.train_button, self.pause_button, self.step_button,
                       self.stop_button, self.reset_button):
            button.layout = w.Layout(width="92px")
        # shown
        self.task_html = w.HTML()
        self.problems_html = w.HTML()
        self.status_html = w.HTML()
        self.view_image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.curves_image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.runs_html = w.HTML()
        self.code_area = w.Textarea(layout=w.Layout(width="100%", height="260px"))
        self.code_button = w.Button(description="Show code", icon="code")
        self.path_text = w.Text(value="lesson.json", description="lesson file", style=style)
        self.save_button = w.Button(description="Save", icon="save")
        self.load_button = w.Button(description="Load", icon="folder-open")
        from kerasnb.builder import SequentialBuilder

        self.builder = SequentialBuilder(playground.spec)
        self.view_image.add_class("kerasnb-playground-view")
        self.curves_image.add_class("kerasnb-playground-curves")
        self.status_html.add_class("kerasnb-playground-status")

        self._wire()
        data_box = w.VBox([w.HTML("<b>Data</b>"), self.data, self.seed, self.noise,
                           self.train_ratio, self.n_samples,
                           w.HBox([w.Label("features"), *self.features.values()],
                                  layout=w.Layout(flex_flow="row wrap")),
                           self.task_html])
        model_box = w.VBox([w.HTML("<b>Model</b>"), self.hidden, self.activation,
                            w.HBox([self.l1, self.l2]), self.dropout, self.quick_note])
        train_box = w.VBox([w.HTML("<b>Training</b>"), self.optimizer, self.learning_rate,
                            w.HBox([self.batch_size, self.epochs]),
                            w.HBox([self.train_button, self.pause_button, self.step_button]),
                            w.HBox([self.stop_button, self.reset_button])])
        self.builder_box = w.Accordion(children=[self.builder.widget])
        self.builder_box.set_title(0, "Full model builder (same design)")
        self.builder_box.selected_index = None
        self.box = w.VBox([
            w.HBox([data_box, model_box, train_box]),
            self.problems_html, self.status_html,
            w.HBox([self.view_image, self.curves_image]),
            self.builder_box,
            w.Accordion(children=[self.runs_html], titles=("Runs",)),
            w.HBox([self.code_button, self.path_text, self.save_button, self.load_button]),
            self.code_area,
        ])
        self.box.add_class("kerasnb-playground")
        self._locks = {
            "data": [self.data], "seed": [self.seed], "noise": [self.noise],
            "train_ratio": [self.train_ratio], "n_samples": [self.n_samples],
            "features": list(self.features.values()), "hidden": [self.hidden],
            "activation": [self.activation], "l1": [self.l1], "l2": [self.l2],
            "dropout": [self.dropout], "builder": [self.builder_box, self.quick_button],
            "optimizer": [self.optimizer], "learning_rate": [self.learning_rate],
            "batch_size": [self.batch_size], "epochs": [self.epochs],
        }
        self.code_area.layout.display = "none"
        playground.live_views = True
        playground.subscribe(self._on_event)
        if playground.trainer is not None and playground.view_png is None:
            playground._draw(curves=False)
        self._from_lesson()

    # ------------------------------------------------------------------ wiring
    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            try:
                fn(*args)
            except Exception as exc:  # shown, never raised out of a widget callback
                try:
                    self._from_lesson()  # the controls show the lesson, which was kept
                finally:
                    self._say(f"{type(exc).__name__}: {exc}", error=True)
        return call

    def _wire(self) -> None:
        simple = ["data", "seed", "noise", "train_ratio", "n_samples", "activation", "l1", "l2",
                  "dropout", "optimizer", "learning_rate", "batch_size", "epochs"]
        for name in simple:
            getattr(self, name).observe(self._guard(self._setter(name)), names="value")
        self.hidden.observe(self._guard(lambda c: self._set(hidden=_parse_hidden(c["new"]))),
                            names="value")
        for toggle in self.features.values():
            toggle.observe(self._guard(lambda c: self._set(features=[
                n for n, t in self.features.items() if t.value])), names="value")
        self.train_button.on_click(self._command(lambda: self.pg.train(block=False)))
        self.pause_button.on_click(self._command(self._pause_clicked))
        self.step_button.on_click(self._command(self.pg.step))
        self.stop_button.on_click(self._command(lambda: self.pg.stop(wait=0)))
        self.reset_button.on_click(self._guard(lambda _: self.pg.reset()))
        self.quick_button.on_click(self._guard(lambda _: self.pg.set_design(None)))
        self.code_button.on_click(self._guard(lambda _: self._show_code()))
        self.save_button.on_click(self._guard(lambda _: self._save()))
        self.load_button.on_click(self._guard(lambda _: self._load()))
        self.builder.code_html.observe(self._guard(self._builder_changed), names="value")

    def _command(self, action: Callable[[], Any]) -> Callable[[Any], None]:
        """A button's callback: act, then show the new state at once (before any epoch)."""
        def click(_: Any) -> None:
            action()
            self._show_state()
        return self._guard(click)

    def _setter(self, name: str) -> Callable[[dict[str, Any]], None]:
        return lambda change: self._set(**{name: change["new"]})

    def _set(self, **changes: Any) -> None:
        if self._syncing:
            return
        current = self.pg.lesson
        if all(getattr(current, k) == v for k, v in changes.items()):
            return
        self.pg.set(**changes)

    def _pause_clicked(self) -> None:
        if self.pg.state == "paused":
            self.pg.resume()
        else:
            self.pg.pause()

    def _builder_changed(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return  # a design with problems is taken too: the red box says why Train is off
        mine, theirs = self.pg.spec.to_dict(), self.builder.spec.to_dict()
        for d in (mine, theirs):
            d.pop("compile", None)
        if mine != theirs:
            self.pg.set_design(ModelSpec.from_dict(theirs))

    def _show_code(self) -> None:
        self.code_area.value = self.pg.to_code()
        self.code_area.layout.display = None

    def _save(self) -> None:
        path = self.pg.save(self.path_text.value)
        self._say(f"lesson saved to {path}")

    def _load(self) -> None:
        self.pg.load_lesson(self.path_text.value)
        self._say(f"lesson loaded from {self.path_text.value}")

    # ------------------------------------------------------------------ redraw
    def _on_event(self, event: str) -> None:
        if event == "lesson":
            self._from_lesson()
            return
        self._show_views()
        self._show_state()
        if event in ("finished", "end"):
            self._show_runs()

    def _from_lesson(self) -> None:
        """Put every control, the task, the problems and the builder in line with the lesson."""
        pg, lesson = self.pg, self.pg.lesson
        self._syncing = True
        try:
            for name in ("data", "seed", "noise", "train_ratio", "n_samples", "activation", "l1",
                         "l2", "dropout", "optimizer", "learning_rate", "batch_size", "epochs"):
                widget = getattr(self, name)
                if widget.value != getattr(lesson, name):
                    widget.value = getattr(lesson, name)
            text = ", ".join(map(str, lesson.hidden))
            if self.hidden.value != text:
                self.hidden.value = text
            plane = lesson.data in PLANE_SETS
            for name, toggle in self.features.items():
                toggle.value = name in lesson.features
            for widget in (self.noise, self.train_ratio, self.n_samples, *self.features.values()):
                widget.disabled = not plane or self._locked(widget)
            custom = lesson.design is not None
            for widget in (self.hidden, self.activation, self.l1, self.l2, self.dropout):
                widget.disabled = custom or self._locked(widget)
            self.quick_note.value = ("<i>The design comes from the full builder below; the "
                                     "quick settings are off.</i>" if custom else "")
            mine = pg.spec.to_dict()
            theirs = self.builder.spec.to_dict()
            mine.pop("compile", None)
            theirs.pop("compile", None)
            if mine != theirs:
                self.builder.set_spec(pg.spec)
        finally:
            self._syncing = False
        note = f"<br><i>{html.escape(pg.data.note)}</i>" if pg.data.note else ""
        self.task_html.value = (f"<div style='max-width:300px;font-size:90%'>"
                                f"{html.escape(pg.task)}{note}</div>")
        if pg.problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in pg.problems)
            self.problems_html.value = (
                "<div class='kerasnb-error-box' style='border:1px solid #b3261e;color:#b3261e;"
                f"padding:4px 8px'><b>Train is off: the design does not fit the data</b>"
                f"<ul>{items}</ul></div>")
        else:
            self.problems_html.value = ""
        self._apply_locks()
        self._show_views()
        self._show_state()
        self._show_runs()

    def _locked(self, widget: Any) -> bool:
        lock = self.pg.lesson.lock
        return any(widget in self._locks.get(name, []) for name in lock)

    def _apply_locks(self) -> None:
        for name, how in self.pg.lesson.lock.items():
            for widget in self._locks.get(name, []):
                if how == "hide":
                    widget.layout.display = "none"
                elif hasattr(widget, "disabled"):
                    widget.disabled = True

    def _show_views(self) -> None:
        pg = self.pg
        if pg.draws == self._shown_draws:
            return
        self._shown_draws = pg.draws
        if pg.view_png:
            self.view_image.value = pg.view_png
        if pg.curves_png:
            self.curves_image.value = pg.curves_png
        elif not pg.view_png:
            self.curves_image.value = b""

    def _show_state(self) -> None:
        pg = self.pg
        state = pg.state
        busy = state != "idle"
        blocked = bool(pg.problems)
        self.train_button.disabled = busy or blocked
        self.step_button.disabled = blocked or state in ("running", "stopping")
        self.pause_button.disabled = state not in ("running", "paused")
        self.pause_button.description = "Resume" if state == "paused" else "Pause"
        self.stop_button.disabled = not busy
        self.reset_button.disabled = busy
        history = pg.trainer.history if pg.trainer is not None else []
        parts = [f"<b>{state}</b>", f"epoch {len(history)}"]
        if history:
            parts += [f"{k} {v:.4g}" for k, v in history[-1].items()]
        text = " · ".join(parts)
        if pg.message:
            colour = "#b3261e" if "NaN" in pg.message or pg.problems else "#555"
            text += f"<br><span style='color:{colour}'>{html.escape(pg.message)}</span>"
        self.status_html.value = f"<div style='font-family:monospace'>{text}</div>"

    def _show_runs(self) -> None:
        runs = self.pg.runs
        self.runs_html.value = runs.to_html(float_format=lambda v: f"{v:.4g}") if len(runs) else (
            "<i>No run yet.</i>")

    def _say(self, text: str, error: bool = False) -> None:
        colour = "#b3261e" if error else "#166534"
        self.status_html.value = (f"<div style='font-family:monospace;color:{colour}'>"
                                  f"{html.escape(text)}</div>")
