"""Training that a widget can steer: ``model.fit`` with Stop, Pause, Step and NaN guards.

>>> from kerasnb.playground.trainer import Trainer
>>> # trainer = Trainer(model, x_train, y_train, x_test, y_test)
>>> # trainer.train(epochs=20, batch_size=10)        # blocks; or block=False: a thread

The work is Keras' own ``model.fit``, run in the calling thread or in one background thread of
the kernel, so the notebook's widgets stay responsive; after every epoch the held-out points
are scored in one compiled step (``test_on_batch``), the ``val_`` metrics ``validation_data``
would give, at half the cost of an epoch on the playground's small sets. A
small callback reads the controls before every batch: Stop ends the run with that batch,
Pause waits there until Resume or Stop, Step trains one more epoch and pauses again. A loss that
becomes NaN or infinite (seen in the epoch's logs) stops the run and puts back the weights of the
last good epoch; its history keeps only good epochs. One lock makes sure two runs never train the same model.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from kerasnb.playground.errors import TrainingError

__all__ = ["Segment", "Trainer"]


@dataclass
class Segment:
    """One ``fit`` call of a run: what exported code must repeat to reach the same weights."""

    epochs: int  # epochs started (a stopped epoch counts: Keras ends it and logs it)
    batch_size: int
    learning_rate: float
    batches: int | None = None  # total batches trained, when the run was stopped mid-epoch


@dataclass
class _Control:
    stop: threading.Event = field(default_factory=threading.Event)
    running: threading.Event = field(default_factory=threading.Event)  # set = not paused
    pause_at_epoch_end: bool = False


class _Steer(keras.callbacks.Callback):
    """The callback of a playground run: controls, NaN guard, history, views hook."""

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self.batches = 0
        self.bad_loss = False
        self.stopped_mid_epoch = False

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self.trainer._notify("begin")

    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        # The controls are read *before* each batch, not after it: a callback with its own
        # on_train_batch_end makes Keras wait for every batch's logs (no asynchronous
        # dispatch), which costs a plain fit's speed. Stop set here ends the run after this
        # batch, so Stop still takes effect within one batch.
        trainer, control = self.trainer, self.trainer._control
        if not control.running.is_set() and not control.stop.is_set():
            trainer.state = "paused"
            trainer._notify("paused")
            while not control.running.wait(0.05):
                if control.stop.is_set():
                    break
            if not control.stop.is_set():
                trainer.state = "running"
                trainer._notify("running")
        self.batches += 1
        if control.stop.is_set():
            self.model.stop_training = True
            self.stopped_mid_epoch = batch + 1 < (self.params.get("steps") or batch + 2)
        elif batch:
            trainer._notify("batch")  # a first map may be drawn before the first epoch ends

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        trainer = self.trainer
        logs = {} if logs is None else logs
        # The held-out points, all in one batch, through the model's compiled test step: what
        # fit's validation_data computes, without the data pipeline fit builds for it every
        # epoch (half of an epoch's time on the playground's small sets). Written into Keras'
        # own logs, so callbacks after this one (History) see the val_ metrics too.
        _, _, x_test, y_test = trainer.data
        held_out = self.model.test_on_batch(x_test, y_test, return_dict=True)
        logs.update({f"val_{k}": v for k, v in held_out.items()})
        row = {k: float(v) for k, v in logs.items() if k != "learning_rate"}
        # a NaN in any batch makes the epoch's mean loss NaN: checked here, once an epoch
        if not all(math.isfinite(v) for v in row.values()):
            self.bad_loss = True
            self.model.stop_training = True
            self.model.set_weights(trainer._good_weights)
            return
        trainer.history.append(row)
        trainer._good_weights = self.model.get_weights()
        trainer._notify("epoch")
        control = trainer._control
        if control.pause_at_epoch_end and not self.model.stop_training:
            control.pause_at_epoch_end = False
            control.running.clear()
            trainer.state = "paused"
            trainer._notify("paused")
            while not control.running.wait(0.05):
                if control.stop.is_set():
                    self.model.stop_training = True
                    return
            trainer.state = "running"
            trainer._notify("running")


class Trainer:
    """One model, its data and its history; trains in segments, steerable while it runs.

    Args:
        model: a compiled Keras model.
        x_train, y_train, x_test, y_test: the data; the test set is scored after every epoch
            (the ``val_`` metrics of the history).
        on_event: called (in the training thread) with ``"begin"``, ``"batch"`` (between two
            batches of an epoch), ``"epoch"``, ``"paused"``,
            ``"running"``, ``"finished"`` (the run is over, not yet idle) and ``"end"`` (idle
            again); it must not raise (the views use it).

    ``history`` holds one dict per good epoch (``loss``, ``val_loss``, metrics);
    ``segments`` the fit calls made, for exported code; ``state`` is ``"idle"``,
    ``"running"``, ``"paused"`` or ``"stopping"``; ``message`` says how the last run ended.
    """

    def __init__(self, model: Any, x_train: np.ndarray, y_train: np.ndarray,
                 x_test: np.ndarray, y_test: np.ndarray,
                 on_event: Callable[[str], None] | None = None) -> None:
        self.model = model
        self.data = (x_train, y_train, x_test, y_test)
        self.on_event = on_event
        self.history: list[dict[str, float]] = []
        self.segments: list[Segment] = []
        self.state = "idle"
        self.message = ""
        self.nan_stopped = False
        self.stopped_by_user = False
        self.seconds = 0.0
        self._good_weights = model.get_weights()
        self._control = _Control()
        self._control.running.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ commands
    def train(self, epochs: int, batch_size: int, *, learning_rate: float | None = None,
              block: bool = True, pause_after_epoch: bool = False) -> bool:
        """Train ``epochs`` more epochs; False (and nothing happens) if a run is going on."""
        if not self._lock.acquire(blocking=False):
            return False
        if self.nan_stopped:
            self._lock.release()
            raise TrainingError("the loss became NaN in this run; press Reset (new weights) "
                                "or lower the learning rate and Reset",
                                received="loss = nan", expected="a finite loss")
        self._control.stop.clear()
        self._control.running.set()
        self._control.pause_at_epoch_end = pause_after_epoch
        self.state = "running"
        self.stopped_by_user = False
        args = (int(epochs), int(batch_size), learning_rate)
        if not block:
            self._thread = threading.Thread(target=self._run, args=args, daemon=True,
                                            name="kerasnb-playground-training")
            self._thread.start()
            return True
        self._run(*args)
        return True

    def stop(self, wait: float | None = None) -> None:
        """End the run after the current batch (also when paused).

        Waits until the run has ended (at most ``wait`` seconds; None: as long as it takes;
        0: not at all, what a button does).
        """
        if not self.busy:
            return
        self.state = "stopping"
        self._control.stop.set()
        self._control.running.set()
        if wait != 0:
            self.join(wait)

    def pause(self) -> None:
        """Hold the run after the current batch (the thread waits; nothing is lost)."""
        if self.state in ("running",):
            self._control.running.clear()

    def resume(self) -> None:
        """Continue a paused run."""
        self._control.pause_at_epoch_end = False
        self._control.running.set()

    def step(self, batch_size: int, learning_rate: float | None = None,
             block: bool = False) -> bool:
        """One more epoch: resumes a paused run until its epoch ends, or trains one epoch."""
        if self.state == "paused":
            self._control.pause_at_epoch_end = True
            self._control.running.set()
            return True
        return self.train(1, batch_size, learning_rate=learning_rate, block=block)

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run to end."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    # ------------------------------------------------------------------ the run
    def _run(self, epochs: int, batch_size: int, learning_rate: float | None) -> None:
        x_train, y_train, _, _ = self.data
        steer = _Steer(self)
        start = len(self.history)
        t0 = time.perf_counter()
        if learning_rate is not None:
            self.model.optimizer.learning_rate.assign(float(learning_rate))
        rate = (float(learning_rate) if learning_rate is not None else
                float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))
        segment = Segment(0, batch_size, rate)
        self.segments.append(segment)
        try:
            # no validation_data: _Steer validates on the held-out points after every epoch
            self.model.fit(x_train, y_train, batch_size=batch_size, initial_epoch=start,
                           epochs=start + epochs, shuffle=True, verbose=0, callbacks=[steer])
            self.message = ""
        except BaseException as exc:  # an interrupt or a Keras error: keep the good epochs
            self.model.set_weights(self._good_weights)
            self.message = f"training ended early ({type(exc).__name__}: {exc})".strip()
            if not isinstance(exc, Exception):
                raise
        finally:
            segment.epochs = len(self.history) - start  # a stopped epoch is logged by Keras
            if steer.stopped_mid_epoch:
                segment.batches = steer.batches
            if steer.bad_loss:
                self.nan_stopped = True
                self.message = (f"the loss became NaN or infinite in epoch {len(self.history) + 1}: "
                                f"training stopped, the weights of epoch {len(self.history)} "
                                "were kept; lower the learning rate and press Reset")
            elif self._control.stop.is_set():
                self.stopped_by_user = True
                self.message = f"stopped after {steer.batches} batches of this run"
            self.seconds += time.perf_counter() - t0
            self._notify("finished")  # still "running": the run is recorded before it is idle
            self.state = "idle"
            self._control.stop.clear()
            self._control.running.set()
            self._lock.release()
            self._notify("end")

    def _notify(self, event: str) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception as exc:  # a view must never break training
                self.message = f"a view failed ({type(exc).__name__}: {exc})"
