"""The course's time series, read from statsmodels' data sets, with a chronological split.

>>> from kerasnb.series import _sunspots
>>> df = _sunspots()
>>> list(df.columns), df.index[0], df["split"].iloc[-1]
(['sunspots', 'split'], 1700, 'test')

:func:`kerasnb.data.load` serves them as ``"co2"`` and ``"sunspots"``.
"""

from __future__ import annotations

from typing import Any


def _chronological(df: Any, train: float = 0.7, val: float = 0.15) -> Any:
    n = len(df)
    n_train, n_val = round(n * train), round(n * val)
    labels = ["train"] * n_train + ["val"] * n_val + ["test"] * (n - n_train - n_val)
    df = df.copy()
    df["split"] = labels
    return df


def _co2() -> Any:
    """Atmospheric CO2 at Mauna Loa (ppm), monthly means 1958-03 to 2001-12 (statsmodels).

    The weekly readings are averaged per month and the few empty months filled by linear
    interpolation. Returns a pandas DataFrame with a monthly DatetimeIndex, a float64 column
    ``co2`` and a ``split`` column: the first 70% of months "train", the next 15% "val", the
    last 15% "test" (chronological, never shuffled: the future must not leak into training).
    """
    import statsmodels.api as sm

    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().interpolate(limit_direction="both")
    return _chronological(monthly.to_frame("co2"))


def _sunspots() -> Any:
    """Yearly mean sunspot numbers 1700-2008 (statsmodels).

    Returns a pandas DataFrame indexed by year (int), a float64 column ``sunspots`` and a
    chronological ``split`` column (70% / 15% / 15%).
    """
    import statsmodels.api as sm

    raw = sm.datasets.sunspots.load_pandas().data
    df = raw.set_index(raw["YEAR"].astype(int).rename("year"))[["SUNACTIVITY"]]
    return _chronological(df.rename(columns={"SUNACTIVITY": "sunspots"}))
