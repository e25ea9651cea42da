"""The one redraw rule of the live views: an interval between redraws, and a budget of the time."""

from __future__ import annotations

import pytest

from kerasnb.throttle import Throttle


def test_fast_drawing_redraws_every_interval():
    t = Throttle(interval=2.0, budget=0.05)
    t.start(now=0.0)
    assert t.due(now=0.0)
    t.record(0.01, now=0.01)  # 10 ms of drawing: the interval, not the budget, sets the pace
    assert not t.due(now=2.0) and t.due(now=2.01)
    assert t.wait(now=1.01) == pytest.approx(1.0)


def test_slow_drawing_waits_until_the_budget_allows_it():
    t = Throttle(interval=2.0, budget=0.05)
    t.start(now=0.0)
    t.record(0.5, now=0.5)  # 0.5 s of drawing is 5 % of 10 s
    assert not t.due(now=9.9) and t.due(now=10.0)
    t.record(0.5, now=10.5)  # 1 s in all: due once 20 s have passed since start
    assert not t.due(now=19.9) and t.due(now=20.0)


def test_a_one_off_drawing_does_not_hold_back_the_next():
    t = Throttle(interval=1.0, budget=0.05)
    t.start(now=0.0)
    t.record(3.0, one_off=True, now=3.0)  # a new figure: fonts, layout, tracing
    assert t.drawing == 0.0 and t.due(now=4.0)


def test_start_begins_a_new_budget():
    t = Throttle(interval=1.0, budget=0.05)
    t.start(now=0.0)
    t.record(5.0, now=5.0)
    assert not t.due(now=50.0)
    t.start(now=60.0)
    assert t.due(now=60.0) and t.drawing == 0.0


@pytest.mark.parametrize("interval, budget", [(-1, 0.05), (1.0, 0.0), (1.0, 1.5)])
def test_bad_settings_are_refused(interval, budget):
    with pytest.raises(ValueError, match="expected interval >= 0 seconds and a budget"):
        Throttle(interval=interval, budget=budget)


def test_liveplot_and_the_playground_share_the_rule():
    from kerasnb.playground import core
    from kerasnb.plots import live

    assert live.Throttle is Throttle and core.Throttle is Throttle
