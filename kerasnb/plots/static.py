"""``plot_history``: the curves of a finished training, one panel per metric.

>>> from kerasnb.plots import plot_history
>>> fig = plot_history({"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.8]})
>>> [ax.get_title() for ax in fig.axes]
['loss']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kerasnb.plots.figure import Panels, new_figure
from kerasnb.plots.history import HistoryError, Panel, group_metrics, history_frame

__all__ = ["check_logy", "plot_history", "select_panels", "last_epochs"]


def check_logy(logy: Any, panels: Sequence[Panel] | None = None) -> bool | list[str]:
    """``logy`` as True/False or a list of names; names checked against ``panels`` if given.

    >>> check_logy("loss"), check_logy(False)
    (['loss'], False)
    >>> check_logy(["los"], group_metrics(["loss"]))
    Traceback (most recent call last):
    ...
    kerasnb.plots.history.HistoryError: logy=['los']: 'los' is not a panel or column of this \
history (received: ['los']; expected: True, False, or names among ['loss'])
    """
    if isinstance(logy, (bool, np.bool_)):
        return bool(logy)
    if isinstance(logy, str):
        names = [logy]
    else:
        try:
            names = list(logy)
        except TypeError:
            raise HistoryError("logy must be True, False, or panel names such as 'loss'",
                               received=repr(logy), expected="True, False, 'loss', ['loss']"
                               ) from None
        if not all(isinstance(n, str) for n in names):
            raise HistoryError("logy must be True, False, or panel names such as 'loss'",
                               received=repr(logy), expected="True, False, 'loss', ['loss']")
    if panels is not None:
        known = {p.key for p in panels} | {c for p in panels for c in p.columns}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise HistoryError(f"logy={names!r}: {unknown[0]!r} is not a panel or column of "
                               f"this history", received=repr(names),
                               expected=f"True, False, or names among {sorted(known)}")
    return names


def last_epochs(table: pd.DataFrame, last: int | None) -> pd.DataFrame:
    """The last ``last`` rows (all when None).

    >>> len(last_epochs(pd.DataFrame({"loss": range(9)}), 3))
    3
    """
    if last is None:
        return table
    if isinstance(last, bool) or not isinstance(last, int) or last < 1:
        raise HistoryError(f"last={last!r}; expected a whole number of epochs >= 1, or None")
    return table.tail(last)


def select_panels(table: pd.DataFrame, metrics: Sequence[str] | str | None) -> list[Panel]:
    """Panels for the table's columns, restricted to ``metrics`` (panel or column names).

    >>> cols = ["loss", "val_loss", "mae", "val_mae"]
    >>> [p.key for p in select_panels(pd.DataFrame(columns=cols), ["mae"])]
    ['mae']
    """
    panels = group_metrics(table.columns)
    if metrics is None:
        return panels
    wanted = [metrics] if isinstance(metrics, str) else metrics
    if not isinstance(wanted, list | tuple) or not all(isinstance(m, str) for m in wanted):
        raise HistoryError("metrics must be a panel name or a list of them, or None",
                           received=f"metrics={metrics!r:.60}",
                           expected="e.g. 'loss' or ['loss', 'accuracy']")
    wanted = list(wanted)
    chosen = [p for p in panels if p.key in wanted or set(p.columns) & set(wanted)]
    known = {p.key for p in panels} | set(table.columns)
    unknown = [m for m in wanted if m not in known]
    if unknown or not chosen:
        raise HistoryError(
            f"metrics={wanted!r}: {unknown or wanted} not in this history; expected names "
            f"among {sorted(p.key for p in panels)}"
        )
    return chosen


def plot_history(
    history: Any,
    *,
    metrics: Sequence[str] | str | None = None,
    logy: bool | Iterable[str] = False,
    last: int | None = None,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw each metric with its ``val_`` twin, mark the best validation epoch; return the Figure.

    >>> fig = plot_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7], "lr": [0.01, 0.001]},
    ...                    logy=["loss"], last=2)
    >>> [ax.get_title() for ax in fig.axes], fig.axes[0].get_yscale()
    (['loss', 'learning rate'], 'log')

    Args:
        history: a Keras ``History`` (what ``fit`` returns), its ``.history`` dict, a pandas
            DataFrame, a ``CSVLogger`` file path, or a ``LivePlot``.
        metrics: only these panels (``"loss"``, ``"accuracy"``, ...); all when None.
        logy: True for a log scale on every panel, or the panel names that get one.
        last: only the last N epochs.
        ncols: panels side by side (default: up to 3).
        figsize: width and height in inches (default: 4.2 x 3 per panel).

    Titles are readable ("mean absolute error" for ``mae``); a multi-output model's metrics
    (``out1_loss``, ``out2_accuracy``) get one panel each. The learning rate, when logged
    (``learning_rate``, or ``lr`` in older logs), gets its own panel on a log scale. NaN or
    infinite values (a diverged run) are not drawn but marked with a red cross. In a notebook
    the figure is shown once, whether it is the cell's value or assigned to a name.
    Raises :class:`~kerasnb.plots.HistoryError` for input it cannot draw.
    """
    table = last_epochs(history_frame(history), last)
    panels = select_panels(table, metrics)
    logy = check_logy(logy, group_metrics(table.columns))
    figure = new_figure(len(panels), ncols=ncols, figsize=figsize)
    Panels(figure, panels, logy=logy, ncols=ncols).update(table)
    return figure
