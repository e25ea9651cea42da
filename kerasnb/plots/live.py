"""``LivePlot``: training curves that update in place while ``fit`` runs, at almost no cost.

>>> import kerasnb
>>> live = kerasnb.LivePlot()
>>> # model.fit(x, y, validation_split=0.2, epochs=20, verbose=0, callbacks=[live])

How it stays cheap and clean: one Agg figure is built once and only its line data moves; it is
rendered to PNG and pushed through one ``display(..., display_id=True)`` handle (no
``clear_output``, no new output per epoch) when :class:`kerasnb.throttle.Throttle` allows it
(``interval``, ``budget``). The last epoch is always drawn: at the end of training, or, when
training is interrupted (KeyboardInterrupt, an error in another callback; Keras then skips
``on_train_end``), when the cell ends, the script exits, or :meth:`LivePlot.finalize` is called.
"""

from __future__ import annotations

import atexit
import base64
import os
import time
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import keras
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kerasnb.files import atomic_write_bytes
from kerasnb.plots.figure import Events, Panels, new_figure, png_bytes
from kerasnb.plots.fitwatch import (
    checkpoint_saved,
    learning_rate_drops,
    number,
    optimizer_learning_rate,
    sibling_callbacks,
    stop_label,
)
from kerasnb.plots.history import best_epoch, group_metrics
from kerasnb.plots.notebook import live_bundle, notebook_shell
from kerasnb.plots.options import check_live_options, check_save_path
from kerasnb.plots.progress import progress_line, x_limit
from kerasnb.plots.static import check_logy, last_epochs
from kerasnb.throttle import Throttle

__all__ = ["LivePlot", "check_save_path", "x_limit"]

_LINE_GAP = 0.2  # seconds between two updates of the progress line alone


class LivePlot(keras.callbacks.Callback):
    """Live training curves in one output that updates in place; a Keras callback.

    >>> live = LivePlot(interval=2.0, save_path=None)
    >>> # model.fit(..., verbose=0, callbacks=[live]); live.history["loss"]; live.figure

    Shows the panels of :func:`~kerasnb.plots.plot_history` (each metric with its ``val_`` twin,
    best validation epoch marked, learning rate in its own panel when it changes) and one line
    of progress: epoch i/N, elapsed time, ETA, best value of ``monitor`` so far. Marks the epoch
    where training stopped (``EarlyStopping``), epochs where a ``ModelCheckpoint`` saved, and
    learning-rate drops. Pass ``verbose=0`` to ``fit`` so Keras' own progress bar stays quiet.

    Args:
        monitor: the value whose best is shown in the progress line (default: ``val_loss``,
            else ``loss``).
        interval: least number of seconds between two redraws.
        budget: most fraction of the training time spent drawing; a slow redraw waits longer.
        per_batch: also follow the training metrics batch by batch (off by default: it costs).
        logy: True, or panel names (``"loss"``), for a log scale.
        last: only show the last N epochs.
        save_path: where to write the final figure as PNG (works in scripts too); checked
            when the LivePlot is made, written atomically at the end.
        dpi: resolution of the live image.
        watch: the ``EarlyStopping``/``ModelCheckpoint``/``TerminateOnNaN`` callbacks whose
            events to mark. By default they are found among the callbacks given to ``fit``.

    Outside a kernel (a plain script) nothing is drawn on screen; the figure is rendered once,
    at the end, when ``save_path`` is given or ``.figure`` is read. ``.history`` keeps every
    complete epoch (a dict like ``History.history``), also after an interrupted ``fit``.
    """

    def __init__(
        self,
        *,
        monitor: str | None = None,
        interval: float = 1.0,
        budget: float = 0.05,
        per_batch: bool = False,
        logy: bool | Iterable[str] = False,
        last: int | None = None,
        save_path: str | os.PathLike[str] | None = None,
        dpi: float = 80,
        watch: Sequence[keras.callbacks.Callback] | None = None,
    ) -> None:
        super().__init__()
        check_live_options(interval=interval, budget=budget, monitor=monitor, dpi=dpi,
                           watch=watch, per_batch=per_batch)
        last_epochs(pd.DataFrame(), last)  # refuses a bad `last` now rather than mid-training
        self.monitor = monitor
        self.interval = float(interval)
        self.budget = float(budget)
        self.per_batch = bool(per_batch)
        self.logy = check_logy(logy)
        self.last = last
        self.save_path = check_save_path(save_path)
        self.dpi = dpi
        self.watch = list(watch) if watch is not None else None
        self._warned_monitor = False
        # (epoch number from 1, logs, optimizer's learning rate) of each complete epoch: one
        # list, appended in one step, so an interrupt can never leave it half-updated
        self._log: list[tuple[int, dict[str, float], float]] = []
        self._batches: list[tuple[float, dict[str, float]]] = []
        self._batches_in_epoch: list[tuple[float, dict[str, float]]] = []
        self._events = Events()
        self._stop_labels: dict[int, str] = {}
        self._durations: list[float] = []
        self._pending: tuple[Any, ...] | None = None
        self._siblings: list[Any] = []
        self._checkpoint_best: dict[int, Any] = {}
        self._figure: Figure | None = None
        self._panels: Panels | None = None
        self._panel_key: tuple[Any, ...] = ()
        self._png: bytes | None = None
        self._png_b64, self._drawn_rows = "", -1
        self._handle: Any = None  # the display handle and the shell, in a kernel
        self._shell: Any = None
        self._status, self._reason, self._total = "not started", "", 0
        self._t0 = self._elapsed = self._epoch_start = self._epoch_start_wall = self._last_push = 0.0
        self._current_epoch, self._new_fit = 0, False
        self._throttle = Throttle(self.interval, self.budget)  # when the picture may redraw
        self._render_seconds: list[float] = []

    # ----------------------------------------------------------------- public state
    @property
    def history(self) -> dict[str, list[float]]:
        """Every complete epoch's logs, like ``History.history`` (NaN where a value is missing).

        >>> LivePlot().history
        {}
        """
        table = self._table()
        return {column: table[column].tolist() for column in table.columns}

    @property
    def figure(self) -> Figure | None:
        """The figure showing the last complete epoch (None before the first one)."""
        self._update_figure()
        return self._figure

    @property
    def png(self) -> bytes | None:
        """The last image pushed to the notebook or saved, as PNG bytes."""
        return self._png

    @property
    def events(self) -> Events:
        """Stops, checkpoint saves and learning-rate drops seen so far (epochs from 1)."""
        self._settle()
        if self._log:
            self._table()  # learning-rate drops are read from the table
        return self._events

    @property
    def render_seconds(self) -> list[float]:
        """How long each redraw took: what the live figure cost the training."""
        return list(self._render_seconds)

    def progress(self) -> str:
        """The progress line: epoch i/N, elapsed time, ETA, best ``monitor`` so far.

        >>> LivePlot().progress()
        'waiting for fit to start'
        """
        if self._status == "not started":
            return "waiting for fit to start"
        done = self._log[-1][0] if self._log else 0
        missing = None
        if self.monitor is not None and self._log:
            missing = (self.monitor, sorted(self._log[-1][1]))
        return progress_line(
            status=self._status, done=done, total=self._total,
            elapsed=self._elapsed if self._status != "running" else time.perf_counter() - self._t0,
            durations=self._durations, best=self._best(), missing_monitor=missing,
            stopped_by=self._stop_labels.get(done, "a callback"), reason=self._reason)

    def finalize(self) -> None:
        """Draw the last complete epoch now and save it (``save_path``); idempotent.

        >>> LivePlot().finalize()  # nothing to draw yet: does nothing

        Called for you at the end of training, and, after an interruption, when the notebook
        cell ends or the script exits.
        """
        if self._status == "running":
            self._finish("interrupted", self._reason)

    # ----------------------------------------------------------------- Keras hooks
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self.finalize()  # a previous fit that never ended (its exception was caught)
        if self.save_path is not None:
            check_save_path(self.save_path)  # still writable: say so before training, not after
        self._siblings = (list(self.watch) if self.watch is not None
                          else sibling_callbacks(self))
        self._total = int(self.params.get("epochs") or 0)
        self._t0 = time.perf_counter()
        self._durations = []
        self._status, self._reason = "running", ""
        self._new_fit = True
        self._throttle.start()
        self._shell = notebook_shell()
        if self._shell is not None:
            from IPython.display import display

            bundle = live_bundle(self.progress(), self._png_b64)
            self._handle = display(bundle, raw=True, display_id=True)
            self._last_push = time.perf_counter()
            self._shell.events.register("post_run_cell", self._after_cell)
        atexit.register(self.finalize)

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._settle()
        if self._new_fit and self._log and epoch + 1 <= self._log[-1][0]:
            self._forget()  # a new training from epoch 1: start a new figure
        self._new_fit = False
        self._current_epoch = epoch
        self._batches_in_epoch = []
        self._epoch_start = time.perf_counter()
        self._epoch_start_wall = time.time()
        self._checkpoint_best = {id(cb): getattr(cb, "best", None) for cb in self._checkpoints()}

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if not self.per_batch or not logs:
            return
        steps = self.params.get("steps") or max(batch + 1, 1)
        x = self._current_epoch + min((batch + 1) / steps, 1.0)
        row = {k: v for k, v in ((k, number(v)) for k, v in logs.items()) if v is not None}
        self._batches_in_epoch.append((x, row))
        self._maybe_draw()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logs = logs if logs is not None else {}
        row = {k: v for k, v in ((k, number(v)) for k, v in logs.items()) if v is not None}
        self._log.append((epoch + 1, row, optimizer_learning_rate(self.model)))
        self._durations.append(time.perf_counter() - self._epoch_start)
        self._batches += self._batches_in_epoch
        self._batches_in_epoch = []
        # Callbacks after this one may still add to `logs` (ReduceLROnPlateau writes the learning
        # rate) or act on this epoch (EarlyStopping, ModelCheckpoint): read them once they ran.
        self._pending = (len(self._log) - 1, logs, epoch, self._epoch_start_wall,
                         dict(self._checkpoint_best))
        if self.monitor is not None and not self._warned_monitor and self.monitor not in row:
            self._warned_monitor = True
            warnings.warn(f"LivePlot(monitor={self.monitor!r}): no such value is logged; logged "
                          f"values are {', '.join(sorted(row))}", UserWarning, stacklevel=2)
        self._maybe_draw(epoch_end=True)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        self._settle()
        stopped = bool(getattr(self.model, "stop_training", False)) and bool(self._log)
        self._finish("stopped" if stopped else "done")

    # ----------------------------------------------------------------- internals
    def _checkpoints(self) -> list[Any]:
        return [c for c in self._siblings if isinstance(c, keras.callbacks.ModelCheckpoint)]

    def _forget(self) -> None:
        self._log = []
        self._batches, self._events, self._stop_labels = [], Events(), {}
        self._panels, self._figure, self._panel_key, self._drawn_rows = None, None, (), -1

    def _settle(self) -> None:
        """Complete the last epoch with what the callbacks after this one did in it."""
        if self._pending is None:
            return
        index, logs, epoch, started, checkpoint_best = self._pending
        self._pending = None
        row = self._log[index][1]
        for key, value in logs.items():
            if key not in row and (found := number(value)) is not None:
                row[key] = found
        shown = epoch + 1
        for cb in self._checkpoints():
            if checkpoint_saved(cb, epoch, started, checkpoint_best.get(id(cb)), row):
                self._events.saved.append(shown)
        if getattr(self.model, "stop_training", False) and shown not in self._stop_labels:
            label = stop_label(self._siblings, epoch)
            self._stop_labels[shown] = label
            self._events.stopped.append((shown, label))
        self._drawn_rows = -1  # the figure may now lack something

    def _table(self) -> pd.DataFrame:
        epochs = [epoch for epoch, _, _ in self._log]
        table = pd.DataFrame([row for _, row, _ in self._log],
                             index=pd.Index(epochs, name="epoch"), dtype=float)
        logged = [c for c in ("learning_rate", "lr") if c in table]
        rates = np.asarray([rate for _, _, rate in self._log], dtype=float)
        finite = rates[np.isfinite(rates)]
        if not logged and len(finite) > 1 and finite.max() > finite.min() * (1 + 1e-6):
            table["learning_rate"] = rates
            logged = ["learning_rate"]
        if logged:
            self._events.lr_drops = learning_rate_drops(epochs, table[logged[0]].to_numpy())
        return table

    def _best(self) -> tuple[str, Any, float] | None:
        if not self._log:
            return None
        table = self._table()
        monitor = self.monitor or ("val_loss" if "val_loss" in table else "loss")
        if monitor not in table:
            return None
        panel = next((p for p in group_metrics([monitor])), None)
        found = best_epoch(table[monitor], bool(panel and panel.higher_is_better))
        return (monitor, found[0], found[1]) if found else None

    def _update_figure(self) -> None:
        if not self._log or self._drawn_rows == len(self._log) + len(self._batches):
            return
        table = last_epochs(self._table(), self.last)
        panels = group_metrics(table.columns)
        key = tuple(panels)
        if self._panels is None or key != self._panel_key:
            self._figure = new_figure(len(panels), panel_size=(3.8, 2.7), pyplot=False,
                                      dpi=self.dpi)
            self._panels = Panels(self._figure, panels, logy=self.logy)
            self._panel_key = key
        batches = None
        if self._batches:
            batches = pd.DataFrame([r for _, r in self._batches],
                                   index=[x for x, _ in self._batches], dtype=float)
            batches = batches[batches.index > table.index[0] - 1]
        first, seen = table.index[0], int(table.index[-1])
        right = seen if self._status != "running" or self.last is not None else x_limit(
            seen, self._total)
        self._panels.update(table, events=self._events, batches=batches,
                            xlim=(first - 0.5, right + 0.5))
        self._drawn_rows = len(self._log) + len(self._batches)

    def _render(self) -> None:
        start = time.perf_counter()
        figure = self._figure
        self._update_figure()
        if self._figure is not None:
            self._png = png_bytes(self._figure)
            self._png_b64 = base64.b64encode(self._png).decode("ascii")
        spent = time.perf_counter() - start
        self._render_seconds.append(spent)
        # a new figure's first drawing pays one-off costs (fonts, layout): not held against
        # the budget, so it does not delay the drawings after it
        self._throttle.record(spent, one_off=self._figure is not figure)

    def _push(self) -> None:
        if self._handle is not None:
            self._handle.update(live_bundle(self.progress(), self._png_b64), raw=True)
            self._last_push = time.perf_counter()

    def _maybe_draw(self, epoch_end: bool = False) -> None:
        if self._handle is None:
            return  # a script: nothing on screen, the final figure is drawn once at the end
        now = time.perf_counter()
        if self._throttle.due(now):
            self._render()
            self._push()
        elif now - self._last_push >= (_LINE_GAP if epoch_end else max(0.5, self.interval / 2)):
            self._push()  # the progress line moves on every epoch, the image waits its turn

    def _finish(self, status: str, reason: str = "") -> None:
        self._settle()
        self._batches_in_epoch = []  # an incomplete epoch is not shown
        self._elapsed = time.perf_counter() - self._t0
        self._status, self._reason = status, reason
        self._drawn_rows = -1  # the x-axis now ends at the last epoch
        if self._log and (self._handle is not None or self.save_path is not None):
            self._render()
        if self._handle is not None:
            self._push()
        if self.save_path is not None and self._png is not None:
            try:
                self.save_path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(self.save_path, self._png)
            except OSError as err:  # fit has run: warn, so its History is still returned
                warnings.warn(f"LivePlot could not save the figure to '{self.save_path}': "
                              f"{err.strerror or err}", UserWarning, stacklevel=2)
        self._handle = None
        atexit.unregister(self.finalize)
        if self._shell is not None:
            try:
                self._shell.events.unregister("post_run_cell", self._after_cell)
            except ValueError:
                pass  # already unregistered
            self._shell = None

    def _after_cell(self, result: Any = None) -> None:
        """IPython ``post_run_cell``: the cell ended while training had not; draw what we have."""
        if self._status != "running":
            return
        error = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
        self._finish("interrupted", type(error).__name__ if error is not None else "")

