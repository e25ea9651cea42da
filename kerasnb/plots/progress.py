"""The words and numbers of a live plot's progress: durations, and an x-axis that grows.

>>> from kerasnb.plots.progress import duration, x_limit
>>> duration(125.0), x_limit(3, 100)
('2 min 05 s', 10)
"""

from __future__ import annotations

import math

__all__ = ["duration", "x_limit"]


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
