"""Checking a ``LivePlot``'s arguments when it is made, not in the middle of training.

>>> from kerasnb.plots.options import check_live_options, check_save_path
>>> check_save_path(None) is None
True
>>> check_live_options(interval=-1)
Traceback (most recent call last):
...
kerasnb.plots.history.HistoryError: interval=-1; expected seconds >= 0, e.g. 1.0
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def check_live_options(*, interval: Any = 1.0, budget: Any = 0.05, monitor: Any = None,
                       dpi: Any = 80, watch: Sequence[Any] | None = None) -> None:
    """Refuse an ``interval``, ``budget``, ``monitor``, ``dpi`` or ``watch`` LivePlot cannot use."""
    if not (isinstance(interval, (int, float)) and interval >= 0):
        raise HistoryError(f"interval={interval!r}; expected seconds >= 0, e.g. 1.0")
    if not (isinstance(budget, (int, float)) and 0 < budget <= 1):
        raise HistoryError(f"budget={budget!r}; expected a fraction in (0, 1], e.g. 0.03")
    if monitor is not None and not isinstance(monitor, str):
        raise HistoryError("monitor must be the name of a logged value, or None",
                           received=repr(monitor), expected="e.g. 'val_loss', 'accuracy'")
    if not (isinstance(dpi, (int, float)) and not isinstance(dpi, bool) and 20 <= dpi <= 300):
        raise HistoryError("dpi must be a number from 20 to 300", received=repr(dpi),
                           expected="e.g. 80")
    if watch is not None:
        import keras

        if not all(isinstance(c, keras.callbacks.Callback) for c in watch):
            raise HistoryError("watch must be a list of Keras callbacks", received=repr(watch),
                               expected="e.g. [early_stopping, checkpoint]")
