"""One clean table from any training history, and how its metrics group into panels.

>>> from kerasnb.plots.history import history_frame, group_metrics
>>> table = history_frame({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7], "mae": [0.3, 0.2]})
>>> list(table.index), list(table.columns)
([1, 2], ['loss', 'val_loss', 'mae'])
>>> [panel.title for panel in group_metrics(table.columns)]
['loss', 'mean absolute error']

Everything that plots a history goes through :func:`history_frame`, so a Keras ``History``, its
``.history`` dict, a pandas DataFrame, a ``CSVLogger`` file and a ``LivePlot`` all give the same
table: one row per epoch (numbered from 1, as Keras prints "Epoch 1/10"), one float column per
logged value.
"""

from __future__ import annotations

import csv
import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kerasnb.errors import KerasnbError

__all__ = [
    "HistoryError",
    "Panel",
    "best_epoch",
    "group_metrics",
    "history_frame",
    "nonfinite_epochs",
    "readable_name",
]

_EXPECTED = (
    "a keras History (what model.fit returns), its .history dict of lists, a pandas DataFrame, "
    "or the path of a file written by keras.callbacks.CSVLogger"
)

# Metric names Keras 3 logs, and the readable words for the short ones.
_WORDS = {
    "acc": "accuracy",
    "mae": "mean absolute error",
    "mse": "mean squared error",
    "rmse": "root mean squared error",
    "mape": "mean absolute percentage error",
    "msle": "mean squared logarithmic error",
    "auc": "AUC",
    "lr": "learning rate",
    "iou": "IoU",
    "mean_iou": "mean IoU",
    "r2_score": "R² score",
    "kl_divergence": "KL divergence",
}
_KNOWN = set(_WORDS) | {
    "loss",
    "accuracy",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "mean_absolute_error",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "precision",
    "recall",
    "f1_score",
    "fbeta_score",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "hinge",
    "squared_hinge",
    "categorical_hinge",
    "cosine_similarity",
    "log_cosh",
    "poisson",
    "learning_rate",
}
MAX_CSV_BYTES = 64 * 2**20
_HIGHER_IS_BETTER = ("accuracy", "acc", "auc", "precision", "recall", "f1", "fbeta", "iou", "r2")
_COUNTER = re.compile(r"^(.*?)(?:_(\d+))?$")


class HistoryError(KerasnbError):
    """A history that cannot be read or drawn; the message says what was received and expected.

    >>> try:
    ...     history_frame({})
    ... except HistoryError as err:
    ...     print(str(err).split(":")[0])
    the history is empty
    """


@dataclass(frozen=True)
class Panel:
    """One panel: a metric and its ``val_`` twin (either may be missing), or the learning rate.

    >>> Panel("loss", "loss", "loss", "val_loss", higher_is_better=False).columns
    ('loss', 'val_loss')
    """

    key: str
    title: str
    train: str | None
    val: str | None
    higher_is_better: bool = False
    is_learning_rate: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.train, self.val) if c is not None)


def _split_metric(name: str) -> tuple[str, str]:
    """``"out1_mean_absolute_error"`` -> ``("out1", "mean_absolute_error")``; prefix may be ''."""
    tokens = name.split("_")
    for start in range(len(tokens)):
        tail = "_".join(tokens[start:])
        base = _COUNTER.match(tail).group(1)  # "auc_1" is the second AUC metric
        if base in _KNOWN:
            return "_".join(tokens[:start]), tail
    return "", name


def readable_name(name: str) -> str:
    """A title a learner can read for a logged metric name.

    >>> readable_name("mae"), readable_name("val_sparse_categorical_accuracy")
    ('mean absolute error', 'sparse categorical accuracy')
    >>> readable_name("out1_mae"), readable_name("auc_1"), readable_name("lr")
    ('out1: mean absolute error', 'AUC 1', 'learning rate')
    """
    if name.startswith("val_"):
        name = name[4:]
    output, metric = _split_metric(name)
    match = _COUNTER.match(metric)
    base, counter = match.group(1), match.group(2)
    if base in _KNOWN:
        words = _WORDS.get(base, base.replace("_", " "))
        if counter:
            words = f"{words} {counter}"
    else:
        words = metric.replace("_", " ")
    return f"{output}: {words}" if output else words


def _is_learning_rate(name: str) -> bool:
    return name == "lr" or name.startswith("learning_rate")


def _higher_is_better(name: str) -> bool:
    tokens = set(re.split(r"[_\d]+", _split_metric(name)[1]))
    return bool(tokens & set(_HIGHER_IS_BETTER))


def group_metrics(columns: Iterable[str]) -> list[Panel]:
    """Pair each metric with its ``val_`` twin: overall loss first, learning rate(s) last.

    >>> [(p.train, p.val) for p in group_metrics(["accuracy", "loss", "val_loss", "lr"])]
    [('loss', 'val_loss'), ('accuracy', None), ('lr', None)]
    """
    columns = list(columns)
    present = set(columns)
    panels: dict[str, Panel] = {}
    rates: list[Panel] = []
    for name in columns:
        if _is_learning_rate(name):
            rates.append(Panel(name, readable_name(name), name, None, is_learning_rate=True))
            continue
        base = name[4:] if name.startswith("val_") else name
        if base in panels:
            continue
        train = base if base in present else None
        val = f"val_{base}" if f"val_{base}" in present else None
        panels[base] = Panel(base, readable_name(base), train, val, _higher_is_better(base))
    ordered = sorted(panels.values(), key=lambda p: p.key != "loss")
    return ordered + rates


def best_epoch(values: pd.Series, higher_is_better: bool) -> tuple[Any, float] | None:
    """``(epoch, value)`` of the best finite value, or None when no value is finite.

    >>> best_epoch(pd.Series([0.5, 0.2, float("nan")], index=[1, 2, 3]), higher_is_better=False)
    (2, 0.2)
    """
    finite = values[np.isfinite(values.to_numpy(dtype=float))]
    if finite.empty:
        return None
    label = finite.idxmax() if higher_is_better else finite.idxmin()
    value = float(finite[label])
    return (label.item() if isinstance(label, np.generic) else label), value


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return _read_csv_file(path)
    except OSError as err:  # a name too long, a path through a file, no permission...
        raise HistoryError(f"could not read '{str(path)[:120]}': {err.strerror or err}; "
                           "expected the CSV file a keras.callbacks.CSVLogger wrote") from None


def _read_csv_file(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise HistoryError(
            f"no such file: '{path}' (absolute: '{path.absolute()}'); expected the file a "
            "keras.callbacks.CSVLogger(filename) wrote during fit"
        )
    if path.is_dir():
        raise HistoryError(f"'{path}' is a folder; expected a CSV file written by CSVLogger")
    if not path.is_file():
        raise HistoryError(f"'{path}' is not a regular file; expected a CSV file written by "
                           "CSVLogger")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise HistoryError(
            f"'{path}' is {path.stat().st_size / 2**20:.0f} MB; a CSVLogger file of even "
            f"100 000 epochs is far smaller (at most {MAX_CSV_BYTES // 2**20} MB are read)")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(8192)
    except OSError as err:
        raise HistoryError(f"could not read '{path}': {err.strerror or err}") from None
    if b"\x00" in raw:
        raise HistoryError(f"'{path}' is a binary file, not text; expected a CSV file written "
                           "by CSVLogger (a header like 'epoch,loss,val_loss')")
    sample = raw.decode("utf-8", errors="replace")
    if not sample.strip():
        raise HistoryError(f"the history is empty: the file '{path}' has no lines")
    header = sample.splitlines()[0]
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    try:
        frame = pd.read_csv(path, sep=sep, encoding="utf-8", encoding_errors="replace")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise HistoryError(
            f"could not read '{path}' as a table ({first}); expected the CSV file a "
            "keras.callbacks.CSVLogger(filename) wrote: a header like 'epoch,loss,val_loss' "
            "and one line of numbers per epoch"
        ) from None
    if frame.shape[1] == 1 and re.search(r"[\s:]", header.strip()):
        raise HistoryError(
            f"could not find columns in '{path}': its first line is {header[:120]!r}; expected "
            "a header like 'epoch,loss,val_loss' (separated by ',', ';', tab or '|')"
        )
    return frame


def _align(name: str, values: np.ndarray, epochs: int) -> np.ndarray:
    """Place a shorter series (``validation_freq=k`` logs ``val_`` every k-th epoch)."""
    if len(values) == epochs:
        return values
    if len(values) and epochs % len(values) == 0:
        step = epochs // len(values)
        placed = np.full(epochs, np.nan)
        placed[step - 1 :: step] = values
        return placed
    raise HistoryError(
        f"'{name}' has {len(values)} values for {epochs} epochs; expected one value per epoch "
        "(or one every k-th epoch, as fit(validation_freq=k) logs them)"
    )


def _from_mapping(data: Mapping[str, Any], origin: str) -> pd.DataFrame:
    series: dict[str, np.ndarray] = {}
    for key, value in data.items():
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
            raise HistoryError(
                f"{origin}: '{key}' holds {type(value).__name__} {value!r:.60}; expected a list "
                "with one number per epoch"
            )
        try:
            series[str(key)] = np.asarray([float(v) for v in value], dtype=float)
        except (TypeError, ValueError) as err:
            raise HistoryError(
                f"{origin}: '{key}' holds a value that is not a number ({err}); expected one "
                "number per epoch"
            ) from None
    epochs = max((len(v) for v in series.values()), default=0)
    aligned = {k: _align(k, v, epochs) for k, v in series.items()}
    return pd.DataFrame(aligned, index=pd.RangeIndex(1, epochs + 1, name="epoch"))


def _from_frame(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    frame = frame.copy()
    if "epoch" in frame.columns:  # CSVLogger's column: Keras' 0-based epoch index
        epochs = pd.to_numeric(frame.pop("epoch"), errors="coerce")
        bad = ~np.isfinite(epochs.to_numpy(dtype=float)) | (epochs % 1 != 0)
        if bad.any():
            raise HistoryError(
                f"{origin}: the 'epoch' column holds {epochs[bad].iloc[0]!r}, which is not a "
                "whole number; expected 0, 1, 2, ... as CSVLogger writes them"
            )
        epochs = epochs.astype(int)
        restarts = np.flatnonzero(np.diff(epochs.to_numpy()) <= 0) + 1
        if len(restarts):
            warnings.warn(
                f"{origin} holds {len(restarts) + 1} trainings one after the other (the epoch "
                "count starts again: CSVLogger(append=True), or a training cell run twice); "
                "only the last one is drawn. Give each run its own file, or delete the file "
                "before training again.",
                UserWarning,
                stacklevel=3,
            )
            frame, epochs = frame.iloc[restarts[-1]:], epochs.iloc[restarts[-1]:]
        frame.index = pd.Index(epochs.to_numpy() + 1, name="epoch")
    elif isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0:
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="epoch")
    elif not pd.api.types.is_numeric_dtype(frame.index) or pd.api.types.is_bool_dtype(
            frame.index) or not np.isfinite(frame.index.to_numpy(dtype=float)).all():
        raise HistoryError(f"{origin}: the index holds {frame.index[0]!r:.60}, which is not an "
                           "epoch number; expected epoch numbers 1, 2, 3, ... (or the default "
                           "index 0, 1, 2, ...)")
    frame.index.name = "epoch"
    for column in frame.columns:
        converted = pd.to_numeric(frame[column], errors="coerce")
        bad = converted.isna() & frame[column].notna()
        if bad.any():
            sample = frame[column][bad].iloc[0]
            raise HistoryError(
                f"{origin}: column '{column}' holds {sample!r:.60}, which is not a number; "
                "expected one number per epoch in every column"
            )
        frame[column] = converted.astype(float)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def history_frame(history: Any) -> pd.DataFrame:
    """One float column per logged value, one row per epoch (index ``epoch``, from 1).

    >>> float(history_frame({"loss": [1.0, 0.5]}).loc[2, "loss"])
    0.5

    Accepts a Keras ``History``, its ``.history`` dict, a DataFrame (a CSVLogger-style ``epoch``
    column counts from 0 and is shifted), a CSVLogger file path (any of ``, ; tab |`` as
    separator), or anything with a ``.history`` dict such as a ``LivePlot``. Raises
    :class:`HistoryError` for anything else, or when there is nothing to draw.
    """
    if isinstance(history, (str, os.PathLike)):
        origin = f"the file '{history}'"
        table = _from_frame(_read_csv(Path(history)), origin)
    elif isinstance(history, pd.DataFrame):
        origin = "the DataFrame"
        table = _from_frame(history, origin)
    elif isinstance(history, Mapping):
        origin = "the dict"
        table = _from_mapping(history, origin)
    elif isinstance(getattr(history, "history", None), Mapping):
        origin = f"the {type(history).__name__}"
        table = _from_mapping(history.history, origin)
    else:
        received = f"{type(history).__name__} {history!r:.80}"
        raise HistoryError(f"received {received}; expected {_EXPECTED}")
    if table.shape[1] == 0 or table.shape[0] == 0:
        raise HistoryError(
            f"the history is empty: {origin} has {table.shape[1]} metric(s) and "
            f"{table.shape[0]} epoch(s); expected at least one epoch of a metric such as 'loss' "
            "(did fit run with epochs >= 1?)"
        )
    return table


def nonfinite_epochs(values: pd.Series) -> list[Any]:
    """Epochs of a diverged run: infinite values, and NaN from the first NaN after which no
    finite value follows (gaps between logged values, as ``validation_freq`` leaves, are not).

    >>> nonfinite_epochs(pd.Series([0.5, float("inf"), 0.4, float("nan")], index=[1, 2, 3, 4]))
    [2, 4]
    >>> nonfinite_epochs(pd.Series([float("nan"), 0.5, float("nan"), 0.4], index=[1, 2, 3, 4]))
    []
    """
    array = values.to_numpy(dtype=float)
    finite = np.flatnonzero(np.isfinite(array))
    tail = finite[-1] + 1 if len(finite) else 0
    return [e for i, (e, v) in enumerate(values.items()) if math.isinf(v) or (i >= tail)]
