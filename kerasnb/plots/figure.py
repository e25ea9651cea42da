"""Panel drawing shared by ``plot_history`` and ``LivePlot``: build the artists once, move data.

>>> from matplotlib.figure import Figure
>>> from kerasnb.plots.figure import Panels
>>> from kerasnb.plots.history import group_metrics, history_frame
>>> table = history_frame({"loss": [0.9, 0.4], "val_loss": [1.0, 0.6]})
>>> panels = Panels(Figure(), group_metrics(table.columns))
>>> panels.update(table)
>>> panels.lines["val_loss"].get_ydata().tolist()
[1.0, 0.6]

Every artist (training and validation lines, the best-epoch marker, event marks) exists from the
start; :meth:`Panels.update` only calls ``set_data`` and rescales, so a live figure is never
rebuilt while training runs.
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from kerasnb.plots.history import HistoryError, Panel, best_epoch, nonfinite_epochs

__all__ = ["Events", "HistoryFigure", "Panels", "grid_shape", "new_figure", "png_bytes"]

TRAIN_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e"


@dataclass
class Events:
    """What happened during training, in epochs numbered from 1.

    >>> Events(stopped=[(12, "EarlyStopping")], saved=[3, 5], lr_drops=[8])
    Events(stopped=[(12, 'EarlyStopping')], saved=[3, 5], lr_drops=[8])

    ``lr_drops`` holds the first epoch trained with a lower learning rate; the mark is drawn
    half an epoch before it, where the change happened.
    """

    stopped: list[tuple[int, str]] = field(default_factory=list)
    saved: list[int] = field(default_factory=list)
    lr_drops: list[int] = field(default_factory=list)


def _vlines(xs: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    """One artist draws many vertical lines: segments separated by NaN, y in axes coordinates."""
    x: list[float] = []
    y: list[float] = []
    for value in xs:
        x += [value, value, math.nan]
        y += [0.0, 1.0, math.nan]
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


class HistoryFigure(Figure):
    """A Figure that appears once in a notebook, whether it is the cell's value or assigned.

    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(FigureClass=HistoryFigure); plt.close(fig)

    pyplot shows the figures a cell created when the cell ends; a Figure that is also the cell's
    value would be shown a second time. This one shows itself and leaves pyplot's list instead.
    """

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"image/png": png_bytes(self, tight=True), "text/plain": repr(self)}, raw=True)
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close(self)  # leaves pyplot's list (a bare Agg figure is not in it)

    def _repr_png_(self) -> bytes:
        """The picture, for front ends that ask for a PNG (a cell's last line, nbconvert)."""
        return png_bytes(self, tight=True)


def grid_shape(count: int, ncols: int | None = None) -> tuple[int, int]:
    """Rows and columns for ``count`` panels (at most 3 side by side unless told).

    >>> grid_shape(4), grid_shape(1), grid_shape(5, ncols=2)
    ((2, 2), (1, 1), (3, 2))
    """
    if ncols is not None and (isinstance(ncols, bool) or not isinstance(ncols, int | np.integer)
                              or not 1 <= ncols <= MAX_COLUMNS):
        raise HistoryError("ncols must be a whole number of panels side by side, or None",
                           received=f"ncols={ncols!r:.60}",
                           expected=f"1 to {MAX_COLUMNS}, or None for up to 3")
    cols = int(ncols) if ncols else (count if count <= 3 else 2 if count == 4 else 3)
    cols = max(1, min(cols, count))
    return math.ceil(count / cols), cols


MAX_COLUMNS = 12
"""The most panels side by side a figure is drawn with."""
MAX_INCHES = 100.0
"""The largest figure side, in inches (at 100 dpi, 10 000 pixels: a few hundred MB drawn)."""


def check_figsize(figsize: Any) -> None:
    """Refuse a ``figsize`` matplotlib would fail on, or that would not fit in memory.

    >>> check_figsize((6, 4)); check_figsize(None)
    >>> check_figsize((6, 0))
    Traceback (most recent call last):
    ...
    kerasnb.plots.history.HistoryError: figsize must be (width, height) in inches (received: figsize=(6, 0); expected: two numbers above 0 and at most 100, e.g. (8, 5))
    """
    if figsize is None:
        return
    ok = (isinstance(figsize, tuple | list) and len(figsize) == 2
          and all(isinstance(v, int | float | np.integer | np.floating)
                  and not isinstance(v, bool | np.bool_) and 0 < v <= MAX_INCHES
                  for v in figsize))
    if not ok:
        raise HistoryError("figsize must be (width, height) in inches",
                           received=f"figsize={figsize!r:.60}",
                           expected=f"two numbers above 0 and at most {MAX_INCHES:g}, e.g. (8, 5)")


def new_figure(
    count: int,
    *,
    ncols: int | None = None,
    panel_size: tuple[float, float] = (4.2, 3.0),
    figsize: tuple[float, float] | None = None,
    pyplot: bool = True,
    dpi: float | None = None,
) -> Figure:
    """A figure sized for ``count`` panels: pyplot-managed for notebooks, or a bare Agg figure.

    >>> fig = new_figure(3, pyplot=False, panel_size=(4, 3)); fig.get_size_inches().tolist()
    [12.0, 3.0]
    """
    rows, cols = grid_shape(max(count, 1), ncols)
    check_figsize(figsize)
    size = figsize or (panel_size[0] * cols, panel_size[1] * rows)
    if pyplot:
        import matplotlib.pyplot as plt

        return plt.figure(FigureClass=HistoryFigure, figsize=size, dpi=dpi, layout="constrained")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = HistoryFigure(figsize=size, dpi=dpi or 100)
    FigureCanvasAgg(figure)
    _fixed_margins(figure, rows, cols)
    return figure


def _fixed_margins(figure: Figure, rows: int, cols: int) -> None:
    """Margins in inches, set once: a layout engine would measure every text at every redraw."""
    width, height = figure.get_size_inches()
    left, right, bottom, top, gap_x, gap_y = 0.62, 0.12, 0.45, 0.28, 0.62, 0.62
    axes_w = (width - left - right - gap_x * (cols - 1)) / cols
    axes_h = (height - bottom - top - gap_y * (rows - 1)) / rows
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height,
        wspace=gap_x / axes_w, hspace=gap_y / axes_h,
    )


def png_bytes(figure: Figure, *, tight: bool = False, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes, rendered with Agg whatever backend pyplot uses.

    >>> png_bytes(new_figure(1, pyplot=False))[:4]
    b'\\x89PNG'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if tight:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi)
        return buffer.getvalue()
    from PIL import Image

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else None
    canvas = canvas or FigureCanvasAgg(figure)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class _PanelArtists:
    """The artists of one panel, created once."""

    def __init__(self, ax: Axes, panel: Panel, log: bool) -> None:
        self.ax, self.panel = ax, panel
        xaxis = ax.get_xaxis_transform()  # x in epochs, y from 0 (bottom) to 1 (top)
        self.train = ax.plot([], [], color=TRAIN_COLOR, lw=1.6, label="training")[0]
        self.batch = ax.plot([], [], color=TRAIN_COLOR, lw=0.8, alpha=0.35,
                             label="training (per batch)")[0]
        self.val = ax.plot([], [], color=VAL_COLOR, lw=1.6, label="validation")[0]
        if panel.is_learning_rate:
            self.train.set_color("#2ca02c")
            self.train.set_label("learning rate")
            self.train.set_drawstyle("steps-mid")
        self.best = ax.plot([], [], "o", mfc="none", mec=VAL_COLOR, ms=9, mew=1.8)[0]
        self.best_line = ax.plot([], [], ":", color=VAL_COLOR, lw=1, transform=xaxis)[0]
        self.bad = ax.plot([], [], "x", color="#d62728", ms=7, mew=2, transform=xaxis,
                           clip_on=False, label="NaN / inf (not drawn)")[0]
        self.stop = ax.plot([], [], "--", color="#d62728", lw=1.4, transform=xaxis,
                            label="training stopped")[0]
        self.save = ax.plot([], [], "^", color="#2ca02c", ms=6, transform=xaxis, clip_on=False,
                            label="checkpoint saved")[0]
        self.lr_drop = ax.plot([], [], ":", color="#7f7f7f", lw=1.4, transform=xaxis,
                               label="learning rate lowered")[0]
        for marks in (self.best_line, self.bad, self.stop, self.save, self.lr_drop):
            marks.set_in_layout(False)  # drawn in axes height units: no say in the layout
        self._legend_key: tuple[Any, ...] = ()
        ax.set_title(panel.title)
        # few ticks: tick labels are most of the cost of a redraw
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.grid(True, alpha=0.3)
        if log or panel.is_learning_rate:
            ax.set_yscale("log", nonpositive="mask")
        else:
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5))

    def _set_series(self, line: Line2D, table: pd.DataFrame, column: str | None) -> list[Any]:
        if column is None or column not in table:
            line.set_data([], [])
            return []
        values = table[column]
        array = values.to_numpy(dtype=float)
        keep = np.isfinite(array)
        line.set_data(values.index.to_numpy(dtype=float)[keep], array[keep])
        return nonfinite_epochs(values)

    def update(self, table: pd.DataFrame, events: Events, batches: pd.DataFrame | None) -> None:
        panel = self.panel
        bad = self._set_series(self.train, table, panel.train)
        bad += self._set_series(self.val, table, panel.val)
        if batches is not None and panel.train in batches:
            self._set_series(self.batch, batches, panel.train)
        best = None
        if panel.val is not None and panel.val in table:
            best = best_epoch(table[panel.val], panel.higher_is_better)
        if best is None:
            self.best.set_data([], [])
            self.best_line.set_data([], [])
            self.best.set_label("_best")
        else:
            epoch, value = best
            self.best.set_data(np.array([epoch], dtype=float), np.array([value]))
            self.best_line.set_data(np.array([epoch, epoch], dtype=float), np.array([0.0, 1.0]))
            self.best.set_label(f"best: {value:.4g} (epoch {epoch})")
        bad_x = np.array(sorted(set(bad)), dtype=float)
        self.bad.set_data(bad_x, np.full(len(bad_x), 0.97))
        self.stop.set_data(*_vlines(e for e, _ in events.stopped))
        saved = np.array(events.saved, dtype=float)
        self.save.set_data(saved, np.full(len(saved), 0.03))
        self.lr_drop.set_data(*_vlines(e - 0.5 for e in events.lr_drops))
        self.ax.relim()
        self.ax.autoscale_view()
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        handles = [
            line
            for line in self.ax.get_lines()
            if len(line.get_xdata()) and not line.get_label().startswith("_")
        ]
        key = tuple((id(h), h.get_label()) for h in handles)
        if key == self._legend_key:
            return
        self._legend_key = key
        loc = "lower right" if self.panel.higher_is_better else "upper right"
        self.ax.legend(handles=handles, loc=loc, fontsize="small", framealpha=0.8)


class Panels:
    """All panels of one history figure. ``update`` moves data into the existing artists.

    >>> from kerasnb.plots.history import group_metrics
    >>> panels = Panels(Figure(), group_metrics(["loss", "accuracy"]))
    >>> [ax.get_title() for ax in panels.axes]
    ['loss', 'accuracy']

    ``logy`` is True (every metric panel), False, or the names of the panels (``"loss"``) or
    columns (``"val_loss"``) to draw on a log scale. The learning rate is always on a log scale.
    """

    def __init__(
        self,
        figure: Figure,
        panels: Sequence[Panel],
        *,
        logy: bool | Iterable[str] = False,
        ncols: int | None = None,
    ) -> None:
        self.figure = figure
        self.panels = list(panels)
        wanted = set() if isinstance(logy, bool) else {logy} if isinstance(logy, str) else set(logy)
        rows, cols = grid_shape(max(len(self.panels), 1), ncols)
        self._artists: list[_PanelArtists] = []
        for i, panel in enumerate(self.panels):
            ax = figure.add_subplot(rows, cols, i + 1)
            log = logy is True or panel.key in wanted or bool(set(panel.columns) & wanted)
            self._artists.append(_PanelArtists(ax, panel, log))
        for artists in self._artists[-cols:]:
            artists.ax.set_xlabel("epoch")
        self.lines: dict[str, Line2D] = {}
        for artists in self._artists:
            if artists.panel.train:
                self.lines[artists.panel.train] = artists.train
            if artists.panel.val:
                self.lines[artists.panel.val] = artists.val

    @property
    def axes(self) -> list[Axes]:
        return [a.ax for a in self._artists]

    def artists(self, key: str) -> _PanelArtists:
        """The artists of the panel named ``key`` (e.g. ``"loss"``), for inspection and tests."""
        for artists in self._artists:
            if artists.panel.key == key:
                return artists
        raise KeyError(f"no panel {key!r}; panels are {[a.panel.key for a in self._artists]}")

    def update(
        self,
        table: pd.DataFrame,
        *,
        events: Events | None = None,
        batches: pd.DataFrame | None = None,
        xlim: tuple[float, float] | None = None,
    ) -> None:
        """Show ``table`` (one row per epoch) and the events; rescale each panel to fit."""
        events = events or Events()
        for artists in self._artists:
            artists.update(table, events, batches)
            if xlim is not None:
                artists.ax.set_xlim(*xlim)
