"""Training curves: ``plot_history``, ``compare_runs`` and the ``LivePlot`` callback.

>>> from kerasnb.plots import plot_history, compare_runs
>>> fig = plot_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7]})
>>> fig, table = compare_runs({"a": {"loss": [0.9, 0.5]}, "b": {"loss": [0.8, 0.6]}})

Modules: ``history`` (any input -> one table; metric grouping and titles), ``figure`` (the panels
shared by the static and the live plot), ``static`` (``plot_history``), ``compare``
(``compare_runs``), ``live`` (``LivePlot``, imported on first use because it needs Keras).
"""

from __future__ import annotations

from typing import Any

from kerasnb.plots.compare import RunComparison, compare_runs
from kerasnb.plots.history import HistoryError, history_frame
from kerasnb.plots.static import plot_history

__all__ = [
    "HistoryError",
    "LivePlot",
    "RunComparison",
    "compare_runs",
    "history_frame",
    "plot_history",
]


def __getattr__(name: str) -> Any:
    if name == "LivePlot":  # importing Keras starts TensorFlow: only when asked for
        from kerasnb.plots.live import LivePlot

        return LivePlot
    raise AttributeError(f"module 'kerasnb.plots' has no attribute {name!r}")
