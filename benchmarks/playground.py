"""What the playground costs: its training against plain ``model.fit``, its redraws, its latency.

Measured in one process, as a kernel would run it, each figure next to the alternative:
- epoch time in the playground (views on: decision map, neuron maps and curves redrawn,
  throttled) against the same model, data and batch size with plain ``model.fit``: a 2x8 tanh
  network on circles, and an MLP (64 -> 64 -> 10) on digits; interleaved repeats, the first
  epoch (graph tracing) left out, medians compared;
- one decision map + every neuron map at 100x100 grid points (the model called on the grid),
  against ``model.predict`` on the same grid, and the curve panel's redraw;
- Stop pressed -> training halted, and Train pressed -> first decision map ready;
- peak memory of the process with the playground trained, against after the plain fits.
Goals (printed as PASS/MISS): <= 1.10x epoch time, <= 50 ms per map redraw, <= 0.5 s to stop,
<= 2 s to the first map, <= 1.2 GiB peak.

Run:  .venv/bin/python benchmarks/playground.py [--repeats 3] [--epochs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

from kerasnb.playground.core import Playground  # noqa: E402


class EpochClock(keras.callbacks.Callback):
    """Records when each epoch ends (placed last, so it includes the other callbacks' work)."""

    def on_train_begin(self, logs=None):
        self.ends = [time.perf_counter()]

    def on_epoch_end(self, epoch, logs=None):
        self.ends.append(time.perf_counter())

    def epochs(self) -> list[float]:
        return [b - a for a, b in zip(self.ends[1:], self.ends[2:], strict=False)]


def plain_fit(pg: Playground, epochs: int) -> list[float]:
    """The same model (same spec, same seed) and data, trained with model.fit alone."""
    keras.utils.set_random_seed(pg.lesson.seed)
    model = pg.spec.build()
    x_train, y_train, x_test, y_test = pg.trainer.data
    clock = EpochClock()
    model.fit(x_train, y_train, validation_data=(x_test, y_test), batch_size=pg.lesson.batch_size,
              epochs=epochs, shuffle=True, verbose=0, callbacks=[clock])
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


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()

    cases = {
        "circles 2x8": Playground("circles", seed=0, hidden=[8, 8], batch_size=10, n_samples=400),
        "digits MLP 64": Playground("digits", seed=0, hidden=[64], batch_size=32,
                                    learning_rate=0.003),
    }
    print(f"Epoch time, median of {args.repeats} x {args.epochs - 1} epochs "
          "(playground with views on vs plain model.fit)")
    print(f"{'case':<16}{'model.fit':>12}{'playground':>12}{'ratio':>8}  goal <= 1.10x")
    for name, pg in cases.items():
        pg.live_views = True
        plain: list[float] = []
        mine: list[float] = []
        for _ in range(args.repeats):  # interleaved: both see the same machine load
            plain += plain_fit(pg, args.epochs)
            mine += playground_fit(pg, args.epochs)
        a, b = statistics.median(plain), statistics.median(mine)
        print(f"{name:<16}{ms(a):>12}{ms(b):>12}{b / a:>7.2f}x  {verdict(b / a <= 1.10)}"
              f"  ({pg.draws} redraws)")
    after_plain = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    pg = cases["circles 2x8"]
    from kerasnb.playground.data import add_features, plane_grid
    from kerasnb.playground.views import CurveView, hidden_layers, model_view, probe_model

    probe = probe_model(pg.model)
    grid = add_features(plane_grid(100), pg.data.features)
    maps, predicts, curves = [], [], []
    view = CurveView()
    for _ in range(20):
        t = time.perf_counter()
        model_view(pg.model, probe, pg.data)
        maps.append(time.perf_counter() - t)
        t = time.perf_counter()
        pg.model.predict(grid, verbose=0)
        predicts.append(time.perf_counter() - t)
        t = time.perf_counter()
        view.render(pg.trainer.history, len(pg.trainer.history))
        curves.append(time.perf_counter() - t)
    m, p, c = (statistics.median(x) for x in (maps, predicts, curves))
    print()
    print("Redraw at 100x100 grid points (median of 20)")
    units = sum(layer.units for layer in hidden_layers(pg.model))
    print(f"  map + {units} neuron maps, model called on the grid: {ms(m)}"
          f"   (goal <= 50 ms: {verdict(m <= 0.05)})")
    print(f"  model.predict on the same grid alone:           {ms(p)}   ({p / m:.1f}x the whole map)")
    print(f"  curves panel (kerasnb.plots machinery):          {ms(c)}")

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
        before = pg.draws
        t = time.perf_counter()
        pg.train(epochs=3, block=False)
        while pg.draws == before:
            time.sleep(0.001)
        firsts.append(time.perf_counter() - t)
        pg.join(60)
    s, f = statistics.median(stops), statistics.median(firsts)
    print()
    print(f"Latency (median of {args.repeats})")
    print(f"  Stop -> training halted:  {ms(s)}   (goal <= 0.5 s: {verdict(s <= 0.5)})")
    print(f"  Train -> first map ready: {ms(f)}   (goal <= 2 s: {verdict(f <= 2.0)})")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"Peak memory: {peak:.0f} MiB with the playgrounds trained, {after_plain:.0f} MiB "
          f"after the plain fits ({peak / after_plain:.2f}x); goal <= 1229 MiB: "
          f"{verdict(peak <= 1229)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
