"""What the playground costs: its training against plain ``model.fit``, its redraws, its latency.

Measured in one process, as a kernel would run it, each figure next to the alternative:
- epoch time in the playground (views on: decision map, neuron maps and curves redrawn,
  throttled) against the same model, data and batch size with plain ``model.fit`` as one writes
  it, and with ``model.fit`` validating in one batch as the playground does (what its views
  cost): a 2x8 tanh network on circles, and an MLP (64 -> 64 -> 10) on digits; interleaved
  repeats, the first epoch (graph tracing) left out, medians compared;
- one decision map + every neuron map at 100x100 grid points (one compiled forward pass on the
  grid, a palette PNG), against what one would write otherwise (``model.predict`` per map and
  a matplotlib figure updated with ``set_data``), and the curve panel's redraw;
- Stop pressed -> training halted (run recorded, widget idle), and Train pressed -> first
  decision map of trained weights ready;
- peak memory of the process with the playground trained, against after the plain fits.
Goals (printed as PASS/MISS): <= 1.10x epoch time, <= 50 ms per map redraw, <= 0.5 s to stop,
<= 2 s to the first map, <= 1.2 GiB peak.

Run:  .venv/bin/python benchmarks/playground.py [--repeats 3] [--epochs 15]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from kerasnb.playground.core import Playground  # noqa: E402
from kerasnb.playground.data import add_features, plane_grid  # noqa: E402
from kerasnb.playground.views import CurveView  # noqa: E402


class EpochClock(keras.callbacks.Callback):
    """Records when each epoch ends (placed last, so it includes the other callbacks' work)."""

    def on_train_begin(self, logs=None):
        self.ends = [time.perf_counter()]

    def on_epoch_end(self, epoch, logs=None):
        self.ends.append(time.perf_counter())

    def epochs(self) -> list[float]:
        return [b - a for a, b in zip(self.ends[1:], self.ends[2:], strict=False)]


def plain_fit(pg: Playground, epochs: int, validation_batch: int | None = None) -> list[float]:
    """The same model (same spec, same seed) and data, trained with model.fit alone.

    As a user writes it, validation runs in batches of ``batch_size``. The playground scores the
    held-out points in one batch after each epoch, so ``validation_batch=len(x_test)`` is also
    measured: the same work through fit's own validation.
    """
    keras.utils.set_random_seed(pg.lesson.seed)
    model = pg.spec.build()
    x_train, y_train, x_test, y_test = pg.trainer.data
    clock = EpochClock()
    model.fit(x_train, y_train, validation_data=(x_test, y_test), batch_size=pg.lesson.batch_size,
              validation_batch_size=validation_batch, epochs=epochs, shuffle=True, verbose=0,
              callbacks=[clock])
    return clock.epochs()


def playground_fit(pg: Playground, epochs: int) -> list[float]:
    pg.reset()
    clock = EpochClock()
    # the clock rides along as the last callback of the playground's own fit
    original = pg.trainer.model.fit

    def fit(*args, callbacks=(), **kwargs):
        return original(*args, callbacks=[*callbacks, clock], **kwargs)

    pg.trainer.model.fit = fit
    pg.train(epochs=epochs)
    return clock.epochs()


class MatplotlibMaps:
    """What one would write otherwise: ``model.predict`` on the grid for the output and for a
    sub-model per hidden layer, one matplotlib figure whose images are updated with
    ``set_data`` (not re-created), saved as PNG."""

    def __init__(self, pg: Playground) -> None:
        from matplotlib.figure import Figure

        from kerasnb.playground.maps import hidden_layers

        self.model = pg.model
        self.grid = add_features(plane_grid(100), pg.data.features)
        self.layers = [keras.Model(pg.model.inputs, layer.output)
                       for layer in hidden_layers(pg.model)]
        units = [layer.units for layer in hidden_layers(pg.model)]
        self.figure = Figure(figsize=(3 + 0.7 * len(units), 3.2), dpi=100)
        grid = self.figure.add_gridspec(max(units), 1 + len(units),
                                        width_ratios=[4] + [1] * len(units))
        main = self.figure.add_subplot(grid[:, 0])
        self.out = main.imshow(np.zeros((100, 100)), cmap="RdBu", vmin=0, vmax=1)
        main.scatter(*pg.data.points_train.T, c=pg.data.y_train, s=6, cmap="RdBu")
        self.thumbs = [[self.figure.add_subplot(grid[r, 1 + c]).imshow(np.zeros((100, 100)))
                        for r in range(n)] for c, n in enumerate(units)]
        for ax in self.figure.axes:
            ax.set_axis_off()

    def render(self) -> bytes:
        out = self.model.predict(self.grid, verbose=0)[:, 0].reshape(100, 100)
        self.out.set_data(out)
        for images, layer in zip(self.thumbs, self.layers, strict=True):
            values = layer.predict(self.grid, verbose=0)
            for k, image in enumerate(images):
                image.set_data(values[:, k].reshape(100, 100))
                image.autoscale()
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()


class FirstMap:
    """When the first map of trained weights was ready (between batches, at an epoch's end)."""

    def __init__(self, pg: Playground) -> None:
        self.pg, self.draws, self.at = pg, pg.draws, math.nan
        pg.subscribe(self)

    def __call__(self, event: str) -> None:
        drew, self.draws = self.pg.draws != self.draws, self.pg.draws
        if drew and event in ("draw", "epoch", "end") and math.isnan(self.at):
            self.at = time.perf_counter()


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average (1, 5, 15 min) at the start: {load} on {os.cpu_count()} CPUs")
    cases = {
        "circles 2x8": Playground("circles", seed=0, hidden=[8, 8], batch_size=10, n_samples=400),
        "digits MLP 64": Playground("digits", seed=0, hidden=[64], batch_size=32,
                                    learning_rate=0.003),
    }
    print(f"Epoch time, median of {args.repeats} x {args.epochs - 1} epochs: the playground with "
          "its views on, plain model.fit as one writes it, and plain model.fit validating the "
          "held-out points in one batch, as the playground scores them (goal <= 1.10x)")
    print(f"{'case':<16}{'playground':>12}{'model.fit':>12}{'ratio':>8}"
          f"{'fit, 1 val batch':>18}{'ratio':>8}")
    for name, pg in cases.items():
        pg.live_views = True
        plain: list[float] = []
        same: list[float] = []
        mine: list[float] = []
        for _ in range(args.repeats):  # interleaved: all see the same machine load
            plain += plain_fit(pg, args.epochs)
            same += plain_fit(pg, args.epochs, len(pg.trainer.data[2]))
            mine += playground_fit(pg, args.epochs)
        a, o, b = statistics.median(plain), statistics.median(same), statistics.median(mine)
        print(f"{name:<16}{ms(b):>12}{ms(a):>12}{b / a:>7.2f}x{ms(o):>18}{b / o:>7.2f}x  "
              f"{verdict(b / o <= 1.10)}  ({pg.draws} redraws)")
    after_plain = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    pg = cases["circles 2x8"]
    from kerasnb.playground.maps import PlaneView, hidden_layers, plane_maps

    view = PlaneView(pg.model, pg.data)
    view.render()  # traces the probe once, as the first drawing of a model does
    alternative = MatplotlibMaps(pg)
    alternative.render()
    maps, forward, predicts, mpl, curves = [], [], [], [], []
    curve_view = CurveView()
    curve_view.render(pg.trainer.history, len(pg.trainer.history))
    for _ in range(20):
        maps.append(timed(view.render))
        forward.append(timed(lambda: plane_maps(view.probe, view._grid)))
        predicts.append(timed(lambda: pg.model.predict(view._grid, verbose=0)))
        mpl.append(timed(alternative.render))
        curves.append(timed(lambda: curve_view.render(pg.trainer.history,
                                                      len(pg.trainer.history))))
    m, f, p, a, c = (statistics.median(x) for x in (maps, forward, predicts, mpl, curves))
    units = sum(layer.units for layer in hidden_layers(pg.model))
    print()
    print(f"Redraw at 100x100 grid points, decision map + {units} neuron maps (median of 20)")
    print(f"  playground (one predict_on_batch, palette PNG): {ms(m):>10}"
          f"   goal <= 50 ms: {verdict(m <= 0.05)}")
    print(f"    of which the forward pass on the grid:        {ms(f):>10}")
    print(f"  model.predict + matplotlib imshow/set_data/PNG: {ms(a):>10}   ({a / m:.1f}x)")
    print(f"  model.predict on the grid alone:                {ms(p):>10}   ({p / m:.1f}x)")
    print(f"  curves panel (kerasnb.plots machinery):         {ms(c):>10}")

    stops, firsts = [], []
    for _ in range(args.repeats):
        pg.reset()
        pg.train(epochs=10_000, block=False)
        while len(pg.trainer.history) < 2:
            time.sleep(0.01)
        t = time.perf_counter()
        pg.stop(wait=0)
        while pg.state != "idle":
            time.sleep(0.001)
        stops.append(time.perf_counter() - t)
        pg.join(30)
        pg.reset()
        seen = FirstMap(pg)
        t = time.perf_counter()
        pg.train(epochs=3, block=False)
        pg.join(120)
        firsts.append(seen.at - t)
    s, f = (statistics.median(x) for x in (stops, firsts))
    print()
    print(f"Latency (median of {args.repeats}; a new model each time, so its functions are traced)")
    print(f"  Stop -> training halted, run recorded, idle: {ms(s):>10}   goal <= 0.5 s: "
          f"{verdict(s <= 0.5)}")
    print(f"  Train -> first map of trained weights:        {ms(f):>10}   goal <= 2 s: "
          f"{verdict(f <= 2.0)}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"Peak memory: {peak:.0f} MiB with the playgrounds trained, {after_plain:.0f} MiB "
          f"after the plain fits ({peak / after_plain:.2f}x); goal <= 1229 MiB: "
          f"{verdict(peak <= 1229)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
