"""Checking a ``LivePlot``'s arguments when it is made, not in the middle of training.

>>> from kerasnb.plots.options import check_live_options, check_save_path
>>> check_save_path(None) is None
True
>>> check_live_options(interval=-1)
Traceback (most recent call last):
...
kerasnb.plots.history.HistoryError: interval must be a number of seconds >= 0 (received: -1; expected: e.g. 1.0)
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from kerasnb.plots.history import HistoryError

__all__ = ["check_live_options", "check_save_path"]


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


def _seconds(value: Any) -> bool:
    return (isinstance(value, int | float | np.integer | np.floating)
            and not isinstance(value, bool | np.bool_) and math.isfinite(value))


def check_live_options(*, interval: Any = 1.0, budget: Any = 0.05, monitor: Any = None,
                       dpi: Any = 80, watch: Any = None, per_batch: Any = False) -> None:
    """Refuse an ``interval``, ``budget``, ``monitor``, ``dpi``, ``watch`` or ``per_batch``
    LivePlot cannot use.

    >>> check_live_options(interval=True)
    Traceback (most recent call last):
    ...
    kerasnb.plots.history.HistoryError: interval must be a number of seconds >= 0 ...
    """
    if not (_seconds(interval) and interval >= 0):
        raise HistoryError("interval must be a number of seconds >= 0",
                           received=repr(interval)[:60], expected="e.g. 1.0")
    if not (_seconds(budget) and 0 < budget <= 1):
        raise HistoryError("budget must be a fraction of the training time in (0, 1]",
                           received=repr(budget)[:60], expected="e.g. 0.03")
    if not isinstance(per_batch, bool | np.bool_):
        raise HistoryError("per_batch must be True or False", received=repr(per_batch)[:60],
                           expected="True or False")
    if monitor is not None and not isinstance(monitor, str):
        raise HistoryError("monitor must be the name of a logged value, or None",
                           received=repr(monitor), expected="e.g. 'val_loss', 'accuracy'")
    if not (isinstance(dpi, (int, float)) and not isinstance(dpi, bool) and 20 <= dpi <= 300):
        raise HistoryError("dpi must be a number from 20 to 300", received=repr(dpi),
                           expected="e.g. 80")
    if watch is not None:
        import keras

        if not isinstance(watch, list | tuple) or not all(
                isinstance(c, keras.callbacks.Callback) for c in watch):
            raise HistoryError("watch must be a list of Keras callbacks", received=repr(watch),
                               expected="e.g. [early_stopping, checkpoint]")
