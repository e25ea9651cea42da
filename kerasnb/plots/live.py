"""``LivePlot``: training curves that update in place while ``fit`` runs, at almost no cost.

>>> import kerasnb
>>> live = kerasnb.LivePlot()
>>> # model.fit(x, y, validation_split=0.2, epochs=20, verbose=0, callbacks=[live])

How it stays cheap and clean: one Agg figure is built once and only its line data moves; it is
rendered to PNG and pushed through a single ``display(..., display_id=True)`` handle (no
``clear_output``, never a new output per epoch), at most once per ``interval`` seconds and never
more often than keeps drawing under ``budget`` of the training time. The last epoch is always
drawn: at the end of training, or, when training is interrupted (KeyboardInterrupt, an error in
another callback; Keras then skips ``on_train_end``), when the notebook cell ends, when the
script exits, or when :meth:`LivePlot.finalize` is called.
"""

from __future__ import annotations

import atexit
import base64
import html
import math
import os
import sys
import time
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kerasnb.files import atomic_write_bytes
from kerasnb.plots.figure import Events, Panels, new_figure, png_bytes
from kerasnb.plots.history import HistoryError, best_epoch, group_metrics
from kerasnb.plots.static import check_logy, last_epochs

__all__ = ["LivePlot"]

_LR_DROP = 0.95  # a learning rate below 95 % of the previous epoch's counts as lowered
_MAX_LR_MARKS = 10  # more drops than this is a smooth schedule: the panel shows it, no marks
_LINE_GAP = 0.2  # seconds between two updates of the progress line alone


def _notebook_shell() -> Any:
    """The IPython shell when running in a kernel (Jupyter, VS Code, Colab, nbclient), else None."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def _duration(seconds: float) -> str:
    """``"4.2 s"``, ``"2 min 05 s"``, ``"1 h 03 min"``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


def x_limit(seen: int, total: int) -> int:
    """Right end of the x-axis while training: the epochs seen so far with room to grow.

    >>> x_limit(3, 100), x_limit(20, 100), x_limit(95, 100), x_limit(7, 0)
    (10, 25, 100, 10)

    It grows in readable steps (10, 15, 20, 25, 30, 40, 50, ...) so the axis does not move at
    every epoch, and never past ``total`` (the ``epochs`` of ``fit``; 0 when unknown).
    """
    want = seen * 1.15 + 1
    step = 10 ** max(0, math.floor(math.log10(max(want, 1))))
    right = 10
    for unit in (step, step * 1.5, step * 2, step * 2.5, step * 3, step * 4, step * 5, step * 6,
                 step * 8, step * 10):
        if unit >= want and unit >= 10:
            right = int(unit)
            break
    return min(right, total) if total and total >= seen else right


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def check_save_path(save_path: Any) -> Path | None:
    """``save_path`` as a Path after checking a PNG can be written there (None stays None).

    >>> check_save_path("curves.jpg")
    Traceback (most recent call last):
    ...
    kerasnb.plots.history.HistoryError: save_path must name a .png file ...
    """
    if save_path is None:
        return None
    try:
        path = Path(save_path)
    except TypeError:
        raise HistoryError("save_path must be a file path", received=repr(save_path),
                           expected="e.g. 'curves.png'") from None
    try:
        return _check_png_path(path)
    except OSError as err:  # a name too long, a path through a file...
        raise HistoryError(f"save_path cannot be used: {err.strerror or err}",
                           received=repr(str(path))[:120], expected="e.g. 'curves.png'") from None


def _check_png_path(path: Path) -> Path:
    if path.is_dir():
        raise HistoryError("save_path is a folder; name the file to write in it",
                           received=repr(str(path)), expected=f"e.g. '{path / 'curves.png'}'")
    if path.suffix.lower() != ".png":
        raise HistoryError("save_path must name a .png file (the figure is saved as PNG)",
                           received=repr(str(path)), expected="e.g. 'curves.png'")
    folder = path.parent if str(path.parent) else Path(".")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise HistoryError(f"save_path: '{existing}' is a file, so no folder can be made there",
                           received=repr(str(path)), expected="a path inside a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise HistoryError(f"save_path: the folder '{existing}' cannot be written to",
                           received=repr(str(path)), expected="a path in a writable folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise HistoryError("save_path: the file exists and is read-only",
                           received=repr(str(path)), expected="a writable or new file")
    return path


def _sibling_callbacks(me: keras.callbacks.Callback) -> list[Any]:
    """The other callbacks of this ``fit``: found on the ``CallbackList`` that is calling us.

    Keras gives a callback no reference to its neighbours; the list is ``self`` in the calling
    frame of ``on_train_begin``. This is the fallback when ``LivePlot(watch=[...])`` is not
    given; ``tests/test_plots_live.py::test_the_callbacks_of_fit_are_found_without_watch``
    fails loudly if a Keras release stops calling callbacks this way. When the list cannot be
    found, events come from ``stop_training`` only.
    """
    frame = sys._getframe(1)
    for _ in range(8):
        if frame is None:
            break
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.callbacks.CallbackList):
            return [c for c in owner.callbacks if c is not me]
        frame = frame.f_back
    return []


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
        if not (isinstance(interval, (int, float)) and interval >= 0):
            raise HistoryError(f"interval={interval!r}; expected seconds >= 0, e.g. 1.0")
        if not (isinstance(budget, (int, float)) and 0 < budget <= 1):
            raise HistoryError(f"budget={budget!r}; expected a fraction in (0, 1], e.g. 0.03")
        last_epochs(pd.DataFrame(), last)  # refuses a bad `last` now rather than mid-training
        if monitor is not None and not isinstance(monitor, str):
            raise HistoryError("monitor must be the name of a logged value, or None",
                               received=repr(monitor), expected="e.g. 'val_loss', 'accuracy'")
        if not (isinstance(dpi, (int, float)) and not isinstance(dpi, bool) and 20 <= dpi <= 300):
            raise HistoryError("dpi must be a number from 20 to 300", received=repr(dpi),
                               expected="e.g. 80")
        if not isinstance(per_batch, bool | np.bool_):
            raise HistoryError("per_batch must be True or False", received=repr(per_batch)[:60],
                               expected="True or False")
        if watch is not None and (not isinstance(watch, list | tuple) or not all(
                isinstance(c, keras.callbacks.Callback) for c in watch)):
            raise HistoryError("watch must be a list of Keras callbacks", received=repr(watch),
                               expected="e.g. [early_stopping, checkpoint]")
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
        self._png_b64 = ""
        self._drawn_rows = -1
        self._handle: Any = None
        self._shell: Any = None
        self._status = "not started"
        self._reason = ""
        self._total = 0
        self._t0 = 0.0
        self._elapsed = 0.0
        self._epoch_start = 0.0
        self._epoch_start_wall = 0.0
        self._current_epoch = 0
        self._new_fit = False
        self._next_draw = 0.0
        self._last_push = 0.0
        self._render_seconds: list[float] = []
        self._drawing = 0.0  # seconds spent drawing in this fit (the budget's numerator)

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
        elapsed = self._elapsed if self._status != "running" else time.perf_counter() - self._t0
        parts = [f"epoch {done}/{self._total}", f"{_duration(elapsed)} elapsed"]
        if self._status == "running" and self._durations and self._total > done:
            recent = (self._durations[1:] or self._durations)[-5:]  # the first epoch compiles
            parts.append(f"ETA {_duration(float(np.mean(recent)) * (self._total - done))}")
        best = self._best()
        if best is not None:
            parts.append(f"best {best[0]} {best[2]:.4g} (epoch {best[1]})")
        elif self.monitor is not None and self._log:
            logged = ", ".join(sorted(self._log[-1][1]))
            parts.append(f"monitor {self.monitor!r} is not logged (logged: {logged})")
        line = " · ".join(parts)
        if self._status == "done":
            return f"done: {line}"
        if self._status == "stopped":
            return f"stopped by {self._stop_labels.get(done, 'a callback')}: {line}"
        if self._status == "interrupted":
            reason = f" by {self._reason}" if self._reason else ""
            if not done:
                return f"interrupted{reason} before the first epoch ended: {line}"
            return f"interrupted{reason}, showing the last complete epoch: {line}"
        return line

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
                          else _sibling_callbacks(self))
        self._total = int(self.params.get("epochs") or 0)
        self._t0 = time.perf_counter()
        self._durations = []
        self._status, self._reason = "running", ""
        self._new_fit = True
        self._next_draw = 0.0
        self._drawing = 0.0
        self._shell = _notebook_shell()
        if self._shell is not None:
            from IPython.display import display

            self._handle = display(self._bundle(), raw=True, display_id=True)
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
        row = {k: v for k, v in ((k, _number(v)) for k, v in logs.items()) if v is not None}
        self._batches_in_epoch.append((x, row))
        self._maybe_draw()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logs = logs if logs is not None else {}
        row = {k: v for k, v in ((k, _number(v)) for k, v in logs.items()) if v is not None}
        self._log.append((epoch + 1, row, self._read_optimizer_lr()))
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

    def _read_optimizer_lr(self) -> float:
        try:
            return float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        except Exception:  # no optimizer yet, or a learning rate Keras cannot read as a number
            return math.nan

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
            if key not in row and (number := _number(value)) is not None:
                row[key] = number
        number = epoch + 1
        for cb in self._checkpoints():
            if self._checkpoint_saved(cb, epoch, started, checkpoint_best.get(id(cb)), row):
                self._events.saved.append(number)
        if getattr(self.model, "stop_training", False) and number not in self._stop_labels:
            label = "model.stop_training"
            for cb in self._siblings:
                if isinstance(cb, keras.callbacks.EarlyStopping) and cb.stopped_epoch == epoch:
                    label = "EarlyStopping"
                    if cb.restore_best_weights and cb.best_weights is not None:
                        label += f" (weights of epoch {cb.best_epoch + 1} restored)"
                elif isinstance(cb, keras.callbacks.TerminateOnNaN):
                    label = "TerminateOnNaN"
            self._stop_labels[number] = label
            self._events.stopped.append((number, label))
        self._drawn_rows = -1  # the figure may now lack something

    @staticmethod
    def _checkpoint_saved(cb: Any, epoch: int, started: float, best_before: Any,
                          row: dict[str, float]) -> bool:
        if cb.save_best_only:
            if getattr(cb, "best", None) != best_before:
                return True
        elif cb.save_freq == "epoch":
            return True
        try:
            path = cb.filepath.format(epoch=epoch + 1, batch=0, **row)
            return os.path.getmtime(path) >= started
        except (KeyError, ValueError, IndexError, OSError):
            return False

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
            lr = table[logged[0]].to_numpy()
            drops = [epochs[i] for i in range(1, len(lr)) if lr[i] < lr[i - 1] * _LR_DROP]
            self._events.lr_drops = drops if len(drops) <= _MAX_LR_MARKS else []
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
        if self._figure is not figure:
            spent = 0.0  # a new figure's first drawing pays one-off costs (fonts, layout)
        self._drawing += spent
        # drawing takes at most `budget` of the time so far: drawing / elapsed <= budget; the
        # next redraw waits `interval`, or longer when the drawings so far used the budget up
        now = time.perf_counter()
        owed = self._drawing / self.budget - (now - self._t0)
        self._next_draw = now + max(self.interval, owed)

    def _bundle(self) -> dict[str, str]:
        text = self.progress()
        line = f'<div style="font-family:monospace;font-size:90%">{html.escape(text)}</div>'
        if not self._png_b64:
            return {"text/plain": text, "text/html": f'<div class="kerasnb-liveplot">{line}</div>'}
        image = (f'<img src="data:image/png;base64,{self._png_b64}" alt="training curves" '
                 'style="max-width:100%">')
        return {
            "text/plain": text,
            "image/png": self._png_b64,
            "text/html": f'<div class="kerasnb-liveplot">{image}{line}</div>',
        }

    def _push(self) -> None:
        if self._handle is not None:
            self._handle.update(self._bundle(), raw=True)
            self._last_push = time.perf_counter()

    def _maybe_draw(self, epoch_end: bool = False) -> None:
        if self._handle is None:
            return  # a script: nothing on screen, the final figure is drawn once at the end
        now = time.perf_counter()
        if now >= self._next_draw:
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

