"""The Compile tab of the builders: optimizer, learning rate, a loss per output, metrics.

The controls only show ``spec.compile_settings()`` and write changes back through the spec's
own methods (``set_compile``, ``set_loss``): the builder keeps no compile state of its own.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from kerasnb.builder.training import (
    LEARNING_RATE_RANGE,
    LOSSES,
    METRICS,
    OPTIMIZERS,
    compile_advice,
    output_activation,
    suggested_losses,
)
from kerasnb.builder.widgets.guard import notes_html

_LABEL = {"description_width": "initial"}


class CompilePanel:
    """Mixin of BuilderBase: the compile controls and their callbacks."""

    _spec: Any
    _busy: bool

    def _make_compile_panel(self) -> w.Widget:
        low, high = LEARNING_RATE_RANGE
        self.optimizer = w.Dropdown(options=list(OPTIMIZERS), description="optimizer",
                                    style=_LABEL)
        self.learning_rate = w.BoundedFloatText(value=0.001, min=low, max=high, step=0.0005,
                                                description="learning rate", style=_LABEL)
        self.metrics = w.SelectMultiple(options=list(METRICS), description="metrics", rows=3,
                                        style=_LABEL)
        self.loss_box = w.VBox()
        self.losses: list[w.Dropdown] = []
        self._loss_outputs: list[str] | None = None
        self.advice_html = w.HTML()
        self.suggest_button = w.Button(description="Use suggested loss",
                                       layout=w.Layout(width="auto"))
        self.suggest_button.on_click(self._guarded(lambda _: self.use_suggested_loss()))
        self.optimizer.observe(self._guarded(lambda c: self._on_compile("optimizer", c)),
                               names="value")
        self.learning_rate.observe(self._guarded(
            lambda c: self._on_compile("learning_rate", c)), names="value")
        self.metrics.observe(self._guarded(lambda c: self._on_compile("metrics", c)),
                             names="value")
        return w.VBox([self.optimizer, self.learning_rate, self.loss_box, self.metrics,
                       self.suggest_button, self.advice_html])

    def use_suggested_loss(self) -> None:
        """Set each output's loss to the first one suggested for its activation.

        >>> from kerasnb.builder import SequentialBuilder
        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense", units=3, activation="softmax")
        >>> b.losses[0].value = "mse"; b.use_suggested_loss()
        >>> b.spec.compile["loss"]
        'sparse_categorical_crossentropy'
        """
        self._try(lambda: self._spec.set_compile(loss=self._spec.suggested_losses()),
                  rebuild_panel=False)

    def _on_compile(self, key: str, change: dict[str, Any]) -> None:
        if self._busy:
            return
        value = change["new"]
        value = list(value) if key == "metrics" else value
        self._try(lambda: self._spec.set_compile(**{key: value}), rebuild_panel=False)

    def _on_loss(self, output: str, value: str) -> None:
        if not self._busy:
            self._try(self._spec.set_loss, output, value, rebuild_panel=False)

    def _show_compile(self) -> None:
        """Show the spec's compile settings (chosen or suggested) in the controls."""
        spec = self._spec
        try:
            settings = spec.compile_settings()
            losses = spec.losses()
        except Exception:  # an invalid hand-made compile block: the red box says why
            return
        outputs = list(spec.outputs)
        if self._loss_outputs != outputs:
            self._loss_outputs = outputs
            self.losses = []
            for out in outputs:
                dd = w.Dropdown(options=list(LOSSES), description=out, style=_LABEL)
                dd.observe(self._guarded(lambda change, out=out: self._on_loss(
                    out, change["new"])), names="value")
                self.losses.append(dd)
            self.loss_box.children = [w.HTML("loss per output:")] + self.losses
        self._busy = True
        try:
            self.optimizer.value = settings["optimizer"]
            self.learning_rate.value = settings["learning_rate"]
            self.metrics.value = tuple(settings["metrics"])
            for dd, value in zip(self.losses, losses, strict=True):
                dd.value = value
        finally:
            self._busy = False
        notes = compile_advice(spec.with_compile(), self.analysis)
        hints = []
        for out in outputs:
            act = output_activation(spec, out)
            good = suggested_losses(act)
            if good:
                hints.append(f"{out} ends in {act}: suggested loss {' or '.join(good)}")
        state = ("" if spec.compile else "<i>Not chosen yet: the suggested settings are "
                 "shown and used by <code>builder.model</code> and the code.</i><br>")
        self.advice_html.value = state + notes_html(notes) + ("<br>" if notes else "") + \
            "<br>".join(escape(h) for h in hints)
