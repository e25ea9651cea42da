"""``compare_runs``: several trainings on shared axes, and a table of their best and last values.

>>> from kerasnb.plots import compare_runs
>>> result = compare_runs({"adam": {"loss": [0.9, 0.3], "val_loss": [1.0, 0.5]},
...                        "sgd": {"loss": [0.9, 0.6], "val_loss": [1.0, 0.8]}})
>>> float(result.table.loc["adam", "val_loss best"]), float(result.table.loc["sgd", "val_loss last"])
(0.5, 0.8)
>>> figure, table = result            # unpacks like a tuple
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from kerasnb.plots.figure import grid_shape, new_figure
from kerasnb.plots.history import HistoryError, Panel, best_epoch, group_metrics, history_frame
from kerasnb.plots.static import check_logy, last_epochs, select_panels

__all__ = ["RunComparison", "compare_runs", "runs_table"]


@dataclass
class RunComparison:
    """What :func:`compare_runs` returns: ``.figure`` (matplotlib) and ``.table`` (pandas).

    >>> fig, table = RunComparison(figure=None, table=pd.DataFrame())

    As a cell's value in a notebook it shows the figure, then the table.
    """

    figure: Figure
    table: pd.DataFrame

    def __iter__(self) -> Iterator[Any]:
        return iter((self.figure, self.table))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.figure)
        display(self.table)


def runs_table(tables: Mapping[str, pd.DataFrame], panels: Sequence[Panel]) -> pd.DataFrame:
    """One row per run: epochs, then for each column its best value, best epoch and last value.

    >>> t = runs_table({"a": history_frame({"loss": [0.5, 0.2, 0.3]})}, group_metrics(["loss"]))
    >>> t.loc["a"].tolist()
    [3.0, 0.2, 2.0, 0.3]
    """
    rows = {}
    for name, table in tables.items():
        row: dict[str, Any] = {"epochs": len(table)}
        for panel in panels:
            for column in (panel.val, panel.train):
                if column is None:
                    continue
                values = table[column] if column in table else pd.Series(dtype=float)
                best = best_epoch(values, panel.higher_is_better)
                finite = values[np.isfinite(values.to_numpy(dtype=float))]
                row[f"{column} best"] = best[1] if best else np.nan
                row[f"{column} best epoch"] = best[0] if best else np.nan
                row[f"{column} last"] = finite.iloc[-1] if len(finite) else np.nan
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "run"
    for column in frame.columns:
        if column == "epochs" or column.endswith("best epoch"):
            frame[column] = frame[column].astype("Int64")
    return frame


def _union_panels(tables: Mapping[str, pd.DataFrame]) -> list[Panel]:
    columns: list[str] = []
    for table in tables.values():
        columns += [c for c in table.columns if c not in columns]
    return group_metrics(columns)


def compare_runs(
    runs: Mapping[str, Any],
    *,
    metrics: Sequence[str] | str | None = None,
    logy: bool | Iterable[str] = False,
    last: int | None = None,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
) -> RunComparison:
    """Draw several runs on shared axes (one colour per run) and tabulate best and last values.

    >>> result = compare_runs({"lr=0.01": {"accuracy": [0.5, 0.9]},
    ...                        "lr=0.1": {"accuracy": [0.6, 0.7]}}, metrics="accuracy")
    >>> [ax.get_title() for ax in result.figure.axes], list(result.table.columns)
    (['accuracy'], ['epochs', 'accuracy best', 'accuracy best epoch', 'accuracy last'])

    Args:
        runs: run name -> anything :func:`~kerasnb.plots.plot_history` accepts (a ``History``,
            a dict, a DataFrame, a CSVLogger path, a ``LivePlot``).
        metrics, logy, last, ncols, figsize: as in :func:`~kerasnb.plots.plot_history`.

    Returns a :class:`RunComparison`; ``figure, table = compare_runs(...)`` also works.
    Validation curves are solid, training curves dashed, a circle marks each run's best
    validation epoch. "best" means lowest for losses and errors, highest for accuracy-like
    metrics (accuracy, AUC, precision, recall, F1, IoU).
    """
    if not isinstance(runs, Mapping) or not runs:
        raise HistoryError(
            f"received {type(runs).__name__} {runs!r:.80}; expected a dict of run name -> "
            "history, e.g. {'adam': history_a, 'sgd': history_b}"
        )
    tables: dict[str, pd.DataFrame] = {}
    for name, history in runs.items():
        try:
            tables[str(name)] = last_epochs(history_frame(history), last)
        except HistoryError as err:
            raise HistoryError(f"run {name!r}: {err}") from None
    everything = pd.concat(tables.values(), axis=0)
    panels = select_panels(everything, metrics)
    logy = check_logy(logy, group_metrics(everything.columns))
    figure = new_figure(len(panels), ncols=ncols, figsize=figsize)
    rows, cols = grid_shape(max(len(panels), 1), ncols)
    wanted = set() if isinstance(logy, bool) else set(logy)
    colors = [f"C{i % 10}" for i in range(len(tables))]
    for i, panel in enumerate(panels):
        ax = figure.add_subplot(rows, cols, i + 1)
        for color, (name, table) in zip(colors, tables.items(), strict=True):
            _draw_run(ax, panel, name, table, color)
        ax.set_title(panel.title)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        if logy is True or panel.is_learning_rate or panel.key in wanted:
            ax.set_yscale("log", nonpositive="mask")
        if i >= len(panels) - cols:
            ax.set_xlabel("epoch")
    handles = [Line2D([], [], color=c, lw=2, label=n) for c, n in zip(colors, tables, strict=True)]
    handles += [
        Line2D([], [], color="k", lw=1.6, label="validation"),
        Line2D([], [], color="k", lw=1.2, ls="--", alpha=0.6, label="training"),
    ]
    figure.legend(handles=handles, loc="outside right upper", fontsize="small")
    return RunComparison(figure=figure, table=runs_table(tables, panels))


def _draw_run(ax: Any, panel: Panel, name: str, table: pd.DataFrame, color: str) -> None:
    for column, style in ((panel.train, {"ls": "--", "alpha": 0.6, "lw": 1.2}),
                          (panel.val, {"lw": 1.6})):
        if column is None or column not in table:
            continue
        values = table[column].to_numpy(dtype=float)
        keep = np.isfinite(values)
        ax.plot(table.index.to_numpy(dtype=float)[keep], values[keep], color=color,
                label=f"{name}: {column}", **style)
    if panel.val is not None and panel.val in table:
        best = best_epoch(table[panel.val], panel.higher_is_better)
        if best is not None:
            ax.plot([best[0]], [best[1]], "o", mfc="none", mec=color, ms=8, mew=1.6,
                    label=f"{name}: best {panel.val}")
