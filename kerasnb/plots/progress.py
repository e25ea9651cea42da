"""The words and numbers of a live plot's progress: durations, and an x-axis that grows.

>>> from kerasnb.plots.progress import duration, x_limit
>>> duration(125.0), x_limit(3, 100)
('2 min 05 s', 10)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["duration", "progress_line", "x_limit"]


def duration(seconds: float) -> str:
    """``"4.2 s"``, ``"2 min 05 s"``, ``"1 h 03 min"``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


def x_limit(seen: int, total: int) -> int:
    """Right end of the x-axis while training: the epochs seen so far with room to grow.

    >>> x_limit(3, 100), x_limit(20, 100), x_limit(95, 100), x_limit(7, 0)
    (10, 25, 100, 10)

    It grows in readable steps (10, 15, 20, 25, 30, 40, 50, ...) so the axis does not move at
    every epoch, and never past ``total`` (the ``epochs`` of ``fit``; 0 when unknown).
    """
    want = seen * 1.15 + 1
    step = 10 ** max(0, math.floor(math.log10(max(want, 1))))
    right = 10
    for unit in (step, step * 1.5, step * 2, step * 2.5, step * 3, step * 4, step * 5, step * 6,
                 step * 8, step * 10):
        if unit >= want and unit >= 10:
            right = int(unit)
            break
    return min(right, total) if total and total >= seen else right


def progress_line(*, status: str, done: int, total: int, elapsed: float,
                  durations: Sequence[float], best: tuple[str, Any, float] | None = None,
                  missing_monitor: tuple[str, list[str]] | None = None,
                  stopped_by: str = "a callback", reason: str = "") -> str:
    """The line under a live plot: epoch i/N, elapsed time, ETA, best value so far, how it ended.

    >>> progress_line(status="running", done=2, total=10, elapsed=4.0, durations=[3.0, 1.0],
    ...               best=("val_loss", 2, 0.25))
    'epoch 2/10 · 4.0 s elapsed · ETA 8.0 s · best val_loss 0.25 (epoch 2)'
    """
    parts = [f"epoch {done}/{total}", f"{duration(elapsed)} elapsed"]
    if status == "running" and durations and total > done:
        recent = (list(durations)[1:] or list(durations))[-5:]  # the first epoch compiles
        parts.append(f"ETA {duration(float(np.mean(recent)) * (total - done))}")
    if best is not None:
        parts.append(f"best {best[0]} {best[2]:.4g} (epoch {best[1]})")
    elif missing_monitor is not None:
        monitor, logged = missing_monitor
        parts.append(f"monitor {monitor!r} is not logged (logged: {', '.join(logged)})")
    line = " · ".join(parts)
    if status == "done":
        return f"done: {line}"
    if status == "stopped":
        return f"stopped by {stopped_by}: {line}"
    if status == "interrupted":
        by = f" by {reason}" if reason else ""
        if not done:
            return f"interrupted{by} before the first epoch ended: {line}"
        return f"interrupted{by}, showing the last complete epoch: {line}"
    return line
