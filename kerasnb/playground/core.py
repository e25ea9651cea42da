"""``Playground``: TensorFlow Playground in real Keras, usable from a script or as a widget.

>>> from kerasnb.playground import Playground
>>> pg = Playground("xor", seed=0, hidden=[4], epochs=2, n_samples=100)
>>> pg.train()                             # blocks until the 2 epochs are done
True
>>> len(pg.history["loss"]), list(pg.runs["epochs"])
(2, [2])

The state is a :class:`~kerasnb.playground.lesson.Lesson` (data, features, design, training
settings, locks); the model is built from a :class:`~kerasnb.builder.ModelSpec`, as in the
builders. In a notebook the playground shows itself as a widget (``pg`` as the cell's value, or
``pg.widget``); training then runs in a background thread and the views update while it runs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pandas as pd

from kerasnb.builder import ModelSpec
from kerasnb.playground.args import MAX_EPOCHS, check_lesson, check_train, lock_dict
from kerasnb.playground.data import Dataset, make_dataset
from kerasnb.playground.design import design_problems, design_text, lesson_spec
from kerasnb.playground.errors import TrainingError
from kerasnb.playground.lesson import Lesson
from kerasnb.throttle import Throttle

__all__ = ["MAX_EPOCHS", "Playground"]

_DATA_FIELDS = {"data", "seed", "noise", "train_ratio", "n_samples", "features"}
_MODEL_FIELDS = {"hidden", "activation", "l1", "l2", "dropout", "design", "optimizer"}


class Playground:
    """Train a small model on a small data set and watch it learn; every run is kept.

    >>> pg = Playground("circles", seed=1, features=["x1^2", "x2^2"], hidden=[], epochs=1)
    >>> pg.task
    'binary classification: output Dense(1, sigmoid), loss binary_crossentropy, metric accuracy'

    Args:
        data: ``circles``, ``xor``, ``gauss``, ``spiral``, ``moons`` (2-D, generated with the
            seed) or ``digits``, ``breast_cancer``, ``diabetes`` (real).
        seed: seeds data, split, initial weights and shuffling.
        lock: control names to disable (a list), or name -> ``"disable"``/``"hide"``.
        lesson: start from a :class:`Lesson` (then ``data``/``seed``/settings are ignored).
        **settings: any other field of :class:`Lesson` (``noise``, ``features``, ``hidden``,
            ``activation``, ``learning_rate``, ``batch_size``, ``epochs``, ...).

    Attributes: ``model`` (the Keras model of the current run), ``history`` (dict of lists),
    ``runs`` (a DataFrame, one row per run), ``spec`` (the ModelSpec), ``problems`` (why the
    design cannot be trained, empty when it can), ``message`` (how the last run ended).
    """

    def __init__(self, data: str = "circles", *, seed: int = 0, lock: Any = None,
                 lesson: Lesson | None = None, **settings: Any) -> None:
        check_lesson(lesson)
        if lesson is None:
            lesson = Lesson(data=data, seed=seed, lock=lock_dict(lock))
            lesson = lesson.replace(**settings)
        else:
            lesson = Lesson.from_dict(lesson.to_dict())
        self._lesson = lesson.check()
        self._runs: list[dict[str, Any]] = []
        self._histories: dict[str, list[dict[str, float]]] = {}
        self._listeners: list[Any] = []
        self.live_views = False
        self.view_png: bytes | None = None
        self.curves_png: bytes | None = None
        self.draws, self._curves = 0, None
        self._map_throttle = Throttle(interval=0.4, budget=0.02)  # milliseconds: follow closely
        self._curve_throttle = Throttle(interval=2.0, budget=0.02)  # matplotlib: more sparingly
        self._view: Any = None  # the data view's redraw, prepared once per model
        self._widget: Any = None
        self.trainer: Any = None
        self._setup(lesson, new_data=True)

    # ------------------------------------------------------------------ state
    @property
    def lesson(self) -> Lesson:
        """A copy of the current lesson (what :meth:`save` writes)."""
        return Lesson.from_dict(self._lesson.to_dict())

    @property
    def data(self) -> Dataset:
        return self._data

    @property
    def spec(self) -> ModelSpec:
        """The design of the current run, compiled with the training settings (a copy)."""
        return self._spec.copy()

    @property
    def task(self) -> str:
        """What the data asks for, and the output layer, loss and metric that follow."""
        return self._data.task.describe()

    @property
    def model(self) -> Any:
        """The Keras model of the current run (None while the design has problems)."""
        return self.trainer.model if self.trainer is not None else None

    @property
    def history(self) -> dict[str, list[float]]:
        """The current run's epochs, like ``History.history`` (``val_`` = the test set)."""
        rows = self.trainer.history if self.trainer is not None else []
        keys = list(dict.fromkeys(k for row in rows for k in row))
        return {k: [row.get(k, float("nan")) for row in rows] for k in keys}

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run: data, design, settings, parameters, final train and test metrics."""
        frame = pd.DataFrame(self._runs)
        return frame.set_index("run") if len(frame) else frame

    @property
    def histories(self) -> dict[str, dict[str, list[float]]]:
        """Each run's history by run name, ready for :func:`kerasnb.compare_runs`."""
        return {name: {k: [row.get(k, float("nan")) for row in rows]
                       for k in dict.fromkeys(k for row in rows for k in row)}
                for name, rows in self._histories.items() if rows}

    def compare(self, **options: Any) -> Any:
        """The runs' curves on shared axes and their best/last values (``compare_runs``)."""
        from kerasnb.plots import compare_runs

        if not self.histories:
            raise TrainingError("no run has trained yet", expected="call train() first")
        return compare_runs(self.histories, **options)

    @property
    def problems(self) -> list[str]:
        return list(self._problems)

    @property
    def state(self) -> str:
        """``idle``, ``running``, ``paused`` or ``stopping``."""
        return self.trainer.state if self.trainer is not None else "idle"

    @property
    def message(self) -> str:
        if self._problems:
            return "Train is off until the design fits the data: " + "; ".join(self._problems)
        return self.trainer.message if self.trainer is not None else ""

    # ------------------------------------------------------------------ changing
    def set(self, **changes: Any) -> None:
        """Change lesson settings; a new data set or design starts a new run (Reset).

        >>> pg = Playground("gauss", hidden=[2], n_samples=60)
        >>> pg.set(learning_rate=0.1); pg.lesson.learning_rate
        0.1
        """
        if "lock" in changes:
            changes["lock"] = lock_dict(changes["lock"])
        self._refuse_while_training()
        lesson = self._lesson.replace(**changes)
        new_data = bool(_DATA_FIELDS & set(changes))
        new_model = new_data or bool(_MODEL_FIELDS & set(changes))
        if new_model:
            self._setup(lesson, new_data=new_data)
        else:
            self._lesson = lesson
        self._tell("lesson")

    def set_design(self, spec: ModelSpec | dict[str, Any] | None) -> None:
        """Use a full design (e.g. from the builder); None goes back to the quick settings."""
        design = spec.to_dict() if isinstance(spec, ModelSpec) else spec
        self.set(design=design)

    def reset(self) -> None:
        """Start a new run: the same design, weights initialised again from the seed."""
        self._refuse_while_training()
        self._setup(self._lesson, new_data=False)
        self._tell("lesson")

    def _setup(self, lesson: Lesson, new_data: bool) -> None:
        """Build data, spec and model for ``lesson``; the old state stays if anything fails."""
        data = self._data if not new_data else make_dataset(
            lesson.data, seed=lesson.seed, noise=lesson.noise, train_ratio=lesson.train_ratio,
            n_samples=lesson.n_samples, features=lesson.features)
        spec = lesson_spec(lesson, data)
        problems = design_problems(spec, data)
        trainer = None
        if not problems:
            import keras

            from kerasnb.playground.trainer import Trainer

            keras.utils.set_random_seed(lesson.seed)
            model = spec.build()
            trainer = Trainer(model, data.x_train, data.y_train, data.x_test, data.y_test,
                              on_event=self._on_event)
        self._lesson, self._data, self._spec, self._problems = lesson, data, spec, problems
        self.trainer, self._view = trainer, None
        self._run_lesson = lesson
        self._run_name = f"run {len(self._runs) + 1}"
        self._run_recorded = False
        self.view_png = self.curves_png = None
        if trainer is not None and self.live_views:
            self._draw(curves=False)

    def _refuse_while_training(self) -> None:
        if self.trainer is not None and self.trainer.busy:
            raise TrainingError("a run is training", received=f"state {self.state!r}",
                                expected="press Stop (or call stop()) first")

    # ------------------------------------------------------------------ training
    def train(self, epochs: int | None = None, *, block: bool = True) -> bool:
        """Train ``epochs`` more epochs (the lesson's by default) in the current run.

        Blocks by default (scripts, tests, notebooks cells); ``block=False`` trains in a
        background thread (what the Train button does). Returns False when a run is already
        training (a second run is never started).
        """
        if self._problems:
            raise TrainingError("this design cannot be trained on the data",
                                received="; ".join(self._problems),
                                expected="a design whose input and output fit the data")
        lesson = self._lesson
        check_train(epochs, block, lesson.epochs)
        return self.trainer.train(epochs or lesson.epochs, lesson.batch_size,
                                  learning_rate=lesson.learning_rate, block=block)

    def step(self) -> bool:
        """One more epoch (when paused: finish the paused epoch's successor, then pause)."""
        if self._problems:
            return False
        return self.trainer.step(self._lesson.batch_size, self._lesson.learning_rate)

    def stop(self, wait: float | None = None) -> None:
        """Stop the run after the current batch; its weights and history are kept.

        Waits until the run has ended and is recorded in ``runs`` (``wait``: at most so many
        seconds; 0: not at all, what the Stop button does).
        """
        if self.trainer is not None:
            self.trainer.stop(wait)

    def pause(self) -> None:
        if self.trainer is not None:
            self.trainer.pause()

    def resume(self) -> None:
        if self.trainer is not None:
            self.trainer.resume()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run to end."""
        if self.trainer is not None:
            self.trainer.join(timeout)

    def _on_event(self, event: str) -> None:
        """Called by the trainer, in the training thread."""
        if event == "finished":
            self._record()
            self._tell(event)
            return
        if event == "batch":  # in a run's first epoch (tracing, validation): a first map early
            if self.live_views and not self.trainer.history and self._map_throttle.due():
                self._draw(curves=False)
                self._tell("draw")
            return
        if self.live_views:
            if event == "begin":  # these weights' picture is on screen from the setup
                self._map_throttle.start()
                self._map_throttle.record(0.0)  # the next after `interval`, of trained weights
                self._curve_throttle.start()
            elif event == "epoch" and self.state == "running":  # (a stopping run: at its end)
                self._draw(maps=self._map_throttle.due(), curves=self._curve_throttle.due())
            elif event == "end":
                self._draw()
        self._tell(event)

    def _draw(self, maps: bool = True, curves: bool = True) -> None:
        """Redraw the data view and/or the curves; the time each took goes to its throttle."""
        from kerasnb.playground.views import CurveView, data_view
        if maps:
            start, one_off = time.perf_counter(), self._view is None  # a first drawing traces
            self._view = self._view or data_view(self.trainer.model, self._data)
            self.view_png = self._view()
            self._map_throttle.record(time.perf_counter() - start, one_off=one_off)
        if curves:
            start, one_off = time.perf_counter(), self._curves is None  # fonts, layout
            self._curves = self._curves or CurveView()
            history = self.trainer.history
            self.curves_png = self._curves.render(history, len(history)) or self.curves_png
            self._curve_throttle.record(time.perf_counter() - start, one_off=one_off)
        self.draws += int(maps or curves)

    def _record(self) -> None:
        """Add or update the current run's row of ``runs`` (after every train call)."""
        trainer, lesson, spec = self.trainer, self._run_lesson, self._spec
        x_train, y_train = trainer.data[:2]
        row: dict[str, Any] = {"run": self._run_name, "data": lesson.data,
                               "features": " ".join(lesson.features) if self._data.is_plane else "",
                               "design": design_text(spec), "params": trainer.model.count_params(),
                               "activation": lesson.activation if lesson.design is None else "",
                               "l1": lesson.l1, "l2": lesson.l2, "dropout": lesson.dropout,
                               "optimizer": lesson.optimizer,
                               "learning_rate": self._lesson.learning_rate,
                               "batch_size": self._lesson.batch_size,
                               "epochs": len(trainer.history)}
        if trainer.history:
            # test: the last validation, which Keras ran on the final weights (or those put back
            # after a NaN); train: one compiled call, no `evaluate` (a new pipeline each call)
            train = trainer.model.test_on_batch(x_train, y_train, return_dict=True)
            row |= {f"train_{k}": float(v) for k, v in train.items()}
            row |= {f"test_{k[4:]}": v for k, v in trainer.history[-1].items()
                    if k.startswith("val_")}
        row["status"] = ("NaN loss" if trainer.nan_stopped else
                         "stopped" if trainer.stopped_by_user else "done")
        self._histories[self._run_name] = trainer.history
        if self._run_recorded:
            self._runs[-1] = row
        else:
            self._runs.append(row)
            self._run_recorded = True

    # ------------------------------------------------------------------ listeners (widgets)
    def subscribe(self, callback: Any) -> None:
        """Call ``callback(event)`` on training events and lesson changes (the widget uses it)."""
        self._listeners.append(callback)

    def _tell(self, event: str) -> None:
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # a view never breaks the playground
                pass

    # ------------------------------------------------------------------ sharing
    def to_code(self) -> str:
        """Python that reproduces the current run from scratch (same data, weights, metrics).

        >>> pg = Playground("moons", hidden=[3], epochs=1, n_samples=60)
        >>> "def moons(" in pg.to_code()
        True
        """
        from kerasnb.playground.codegen import run_code

        segments = list(self.trainer.segments) if self.trainer is not None else []
        return run_code(self._run_lesson, self._spec, self._data, segments)

    def save(self, path: str | os.PathLike[str] = "lesson.json") -> Path:
        """Save the lesson (data, features, design, settings, locks) as JSON, atomically."""
        return self._lesson.save(path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Playground:
        """A playground for a lesson saved with :meth:`save` (checked; LessonError if bad)."""
        return cls(lesson=Lesson.load(path))

    def load_lesson(self, path: str | os.PathLike[str]) -> None:
        """Replace this playground's lesson by a saved one; on any error nothing changes."""
        self._refuse_while_training()
        lesson = Lesson.load(path)
        self._setup(lesson, new_data=True)
        self._tell("lesson")

    # ------------------------------------------------------------------ notebook display
    @property
    def widget(self) -> Any:
        """The playground's widget (built on first use; needs ipywidgets)."""
        if self._widget is None:
            from kerasnb.playground.widget import PlaygroundWidget

            self._widget = PlaygroundWidget(self)
        return self._widget.box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return (f"Playground(data={self._lesson.data!r}, design={design_text(self._spec)!r}, "
                f"runs={len(self._runs)}, state={self.state!r})")

