"""``Throttle``: when a live picture may be redrawn, so that drawing never slows training much.

>>> from kerasnb.throttle import Throttle
>>> throttle = Throttle(interval=1.0, budget=0.05)
>>> throttle.start()
>>> throttle.due()
True
>>> throttle.record(0.2)      # 0.2 s of drawing is paid for by 4 s of training at 5 %
>>> throttle.due(), round(throttle.wait()) in (3, 4)
(False, True)

The rule shared by :class:`kerasnb.plots.LivePlot` and the playground's views: a redraw comes
at least ``interval`` seconds after the previous one, and the time spent drawing since
:meth:`Throttle.start` stays at most ``budget`` of the time elapsed. On a fast machine the
picture so follows every ``interval``; when drawing is slow (a loaded machine), the picture
waits as long as the budget asks, and the first drawing of a new figure (fonts, layout,
tracing) can be recorded as ``one_off`` so it does not hold back the ones after it. A core
module: no widgets, no IPython.
"""

from __future__ import annotations

import time

__all__ = ["Throttle"]


class Throttle:
    """Redraw at most every ``interval`` seconds and with at most ``budget`` of the wall time.

    >>> t = Throttle(interval=0.0, budget=0.5); t.start(now=0.0)
    >>> t.record(1.0, now=1.0); t.due(now=1.5), t.due(now=2.0)
    (False, True)

    Args:
        interval: least number of seconds between two redraws (0: as often as the budget lets).
        budget: most fraction of the wall time spent drawing, in (0, 1].
    """

    def __init__(self, interval: float = 1.0, budget: float = 0.05) -> None:
        if not (interval >= 0 and 0 < budget <= 1):
            raise ValueError(f"Throttle(interval={interval!r}, budget={budget!r}): expected "
                             "interval >= 0 seconds and a budget in (0, 1]")
        self.interval, self.budget = float(interval), float(budget)
        self.drawing = 0.0  # seconds spent drawing since start() (one-off drawings left out)
        self._t0 = time.perf_counter()
        self._next = 0.0

    def start(self, now: float | None = None) -> None:
        """A new run begins: the next redraw is due at once and the budget starts anew."""
        self._t0 = time.perf_counter() if now is None else now
        self.drawing = 0.0
        self._next = 0.0

    def due(self, now: float | None = None) -> bool:
        """True when a redraw may happen now."""
        return (time.perf_counter() if now is None else now) >= self._next

    def wait(self, now: float | None = None) -> float:
        """Seconds until the next redraw is due (0 when it is due)."""
        return max(0.0, self._next - (time.perf_counter() if now is None else now))

    def record(self, spent: float, *, one_off: bool = False, now: float | None = None) -> None:
        """A redraw that took ``spent`` seconds has just ended: schedule the next one.

        The next waits ``interval``, or longer while the drawings so far used more than
        ``budget`` of the elapsed time (``drawing / elapsed <= budget`` once it comes).
        """
        now = time.perf_counter() if now is None else now
        if not one_off:
            self.drawing += max(0.0, float(spent))
        owed = self.drawing / self.budget - (now - self._t0)
        self._next = now + max(self.interval, owed)
