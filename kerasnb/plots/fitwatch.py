"""What the other callbacks of a ``fit`` did, read by :class:`~kerasnb.plots.LivePlot`.

>>> from kerasnb.plots.fitwatch import number
>>> number("0.5"), number(None)
(0.5, None)

A Keras callback sees its own hooks only; ``LivePlot`` marks where ``EarlyStopping`` stopped,
where a ``ModelCheckpoint`` saved and what the optimizer's learning rate was, so it finds the
callbacks of the same ``fit`` and reads their state once they ran for an epoch.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any

import keras

__all__ = ["checkpoint_saved", "learning_rate_drops", "number", "optimizer_learning_rate",
           "sibling_callbacks", "stop_label"]

_LR_DROP = 0.95  # a learning rate below 95 % of the previous epoch's counts as lowered
_MAX_LR_MARKS = 10  # more drops than this is a smooth schedule: the panel shows it, no marks


def number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def sibling_callbacks(me: keras.callbacks.Callback) -> list[Any]:
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


def checkpoint_saved(cb: Any, epoch: int, started: float, best_before: Any,
                      row: dict[str, float]) -> bool:
    """Whether the ``ModelCheckpoint`` ``cb`` saved in ``epoch`` (from 0)."""
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


def stop_label(siblings: list[Any], epoch: int) -> str:
    """Who set ``model.stop_training`` in ``epoch`` (from 0), as the figure's mark says it."""
    label = "model.stop_training"
    for cb in siblings:
        if isinstance(cb, keras.callbacks.EarlyStopping) and cb.stopped_epoch == epoch:
            label = "EarlyStopping"
            if cb.restore_best_weights and cb.best_weights is not None:
                label += f" (weights of epoch {cb.best_epoch + 1} restored)"
        elif isinstance(cb, keras.callbacks.TerminateOnNaN):
            label = "TerminateOnNaN"
    return label


def optimizer_learning_rate(model: Any) -> float:
    """The optimizer's learning rate now (NaN when there is none or it is not a number)."""
    try:
        return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    except Exception:  # no optimizer yet, or a learning rate Keras cannot read as a number
        return math.nan


def learning_rate_drops(epochs: list[int], rates: Any) -> list[int]:
    """The epochs where the learning rate was lowered; none for a smooth schedule.

    >>> learning_rate_drops([1, 2, 3, 4], [0.1, 0.1, 0.01, 0.01])
    [3]
    """
    drops = [epochs[i] for i in range(1, len(rates)) if rates[i] < rates[i - 1] * _LR_DROP]
    return drops if len(drops) <= _MAX_LR_MARKS else []
