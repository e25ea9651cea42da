"""What live training curves cost: LivePlot against livelossplot, in a real Jupyter kernel.

The same small model (Dense 64-64-1 on 4000 x 20 random numbers, batch 64, 20 % validation,
epochs of about 0.3 s) is trained for the same epochs three ways, repeated and interleaved in
one kernel driven by nbclient: no plotting callback, ``kerasnb.LivePlot()``, and livelossplot's
``PlotLossesKeras()``. A timing callback placed last records when each epoch ended, so an epoch's
time includes every plotting callback's work; the first epoch (graph tracing) is left out.
On a shared machine epoch times are noisy; the time spent inside each plotting callback's hooks
is also printed, as it depends much less on what else the machine is doing.
Prints the median and mean epoch time of each, the overhead ratios, and how the goal fares:
LivePlot adds at most 5 % to the median epoch time and at most one fifth of livelossplot's
overhead.

Run:  .venv/bin/python benchmarks/live_overhead.py [--repeats 5] [--epochs 20]
(livelossplot comes with the ``bench`` extra: pip install -e '.[bench]')
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

MODES = ("no callback", "LivePlot", "livelossplot")

SETUP = """\
import os, time
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras, numpy as np
import matplotlib.pyplot as plt
import kerasnb
from livelossplot import PlotLossesKeras
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(4000, 20)).astype("float32")
y = (x[:, :3].sum(axis=1) + 0.3 * np.random.default_rng(1).normal(size=4000)).astype("float32")
results = {}

def timed(callback):  # adds up the time spent inside a callback's hooks
    spent = []
    for name in ("on_train_begin", "on_epoch_begin", "on_epoch_end", "on_train_end"):
        def wrapper(*args, _hook=getattr(callback, name), **kwargs):
            start = time.perf_counter()
            _hook(*args, **kwargs)
            spent.append(time.perf_counter() - start)
        setattr(callback, name, wrapper)
    return spent

class EpochClock(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.ends = [time.perf_counter()]
    def on_epoch_end(self, epoch, logs=None):
        self.ends.append(time.perf_counter())

def run(mode, repeat, epochs):
    keras.utils.set_random_seed(repeat + 1)
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    model.compile("adam", "mse", metrics=["mae"])
    plot = {"no callback": None, "LivePlot": kerasnb.LivePlot(),
            "livelossplot": PlotLossesKeras()}[mode]
    clock = EpochClock()
    inside = timed(plot) if plot is not None else []
    start = time.perf_counter()
    model.fit(x, y, batch_size=64, validation_split=0.2, epochs=epochs, verbose=0,
              callbacks=[c for c in (plot, clock) if c is not None])
    total = time.perf_counter() - start
    epochs_s = [b - a for a, b in zip(clock.ends, clock.ends[1:])][1:]
    renders = plot.render_seconds if mode == "LivePlot" else []
    results.setdefault(mode, []).append({"epochs": epochs_s, "total": total, "renders": renders,
                                         "inside": sum(inside)})
    plt.close("all")  # livelossplot leaves a figure per epoch behind
"""


def build_notebook(repeats: int, epochs: int) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    cells = [SETUP, f"run('no callback', -1, {epochs})  # warm-up, not counted\nresults.clear()"]
    for repeat in range(repeats):
        order = MODES[repeat % 3:] + MODES[: repeat % 3]  # interleaved, each mode leads in turn
        cells += [f"run({mode!r}, {repeat}, {epochs})" for mode in order]
    cells.append("import json; print('RESULTS' + json.dumps(results))")
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    try:
        import livelossplot  # noqa: F401
    except ImportError:
        print("livelossplot is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    nb = build_notebook(args.repeats, args.epochs)
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        NotebookClient(nb, timeout=1800, resources={"metadata": {"path": tmp}}).execute()
    wall = time.perf_counter() - started
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    results = json.loads(text.split("RESULTS", 1)[1])
    images = {}
    for cell in nb.cells[2:-1]:
        mode = next(m for m in MODES if repr(m) in cell.source)
        count = sum("image/png" in o.get("data", {}) for o in cell.outputs)
        images.setdefault(mode, set()).add(count)

    print(f"Live training curves in a Jupyter kernel: Dense 64-64-1, 4000 x 20, batch 64, "
          f"{args.epochs} epochs x {args.repeats} interleaved repeats (first epoch left out); "
          f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f}, "
          f"run took {wall:.0f} s")
    base = results["no callback"]
    base_median = statistics.median(e for r in base for e in r["epochs"])
    base_mean = statistics.mean(e for r in base for e in r["epochs"])
    base_total = statistics.median(r["total"] for r in base)
    header = (f"{'':14}{'median epoch':>14}{'mean epoch':>12}{'median fit':>12}"
              f"{'median ratio':>14}{'mean ratio':>12}{'fit ratio':>11}{'images in cell':>16}")
    print(header)
    overhead = {}
    for mode in MODES:
        runs = results[mode]
        epochs = [e for r in runs for e in r["epochs"]]
        median, mean = statistics.median(epochs), statistics.mean(epochs)
        total = statistics.median(r["total"] for r in runs)
        overhead[mode] = (median - base_median, mean - base_mean)
        shown = ",".join(str(c) for c in sorted(images.get(mode, {0})))
        print(f"{mode:14}{median:>13.3f}s{mean:>11.3f}s{total:>11.2f}s"
              f"{median / base_median:>13.3f}x{mean / base_mean:>11.3f}x"
              f"{total / base_total:>10.3f}x{shown:>16}")
    renders = [s for r in results["LivePlot"] for s in r["renders"]]
    if renders:
        print(f"LivePlot redraws: {len(renders) / len(results['LivePlot']):.1f} per fit, "
              f"median {statistics.median(renders) * 1000:.0f} ms each (final redraw included)")
    inside = {m: statistics.median(r["inside"] for r in results[m]) for m in MODES[1:]}
    print(f"Time spent inside the plotting callback per fit (median, all hooks, final drawing "
          f"included): LivePlot {inside['LivePlot']:.2f} s, livelossplot "
          f"{inside['livelossplot']:.2f} s; per epoch: LivePlot "
          f"{inside['LivePlot'] / args.epochs * 1000:.0f} ms "
          f"({inside['LivePlot'] / args.epochs / base_median:.1%} of a median epoch), "
          f"livelossplot {inside['livelossplot'] / args.epochs * 1000:.0f} ms "
          f"({inside['livelossplot'] / args.epochs / base_median:.1%}); ratio "
          f"{inside['LivePlot'] / inside['livelossplot']:.3f}")
    live_median, live_mean = overhead["LivePlot"]
    llp_median, llp_mean = overhead["livelossplot"]
    print(f"Overhead per epoch, median: LivePlot {live_median * 1000:+.0f} ms "
          f"({live_median / base_median:+.1%}), livelossplot {llp_median * 1000:+.0f} ms "
          f"({llp_median / base_median:+.1%})")
    print(f"Overhead per epoch, mean:   LivePlot {live_mean * 1000:+.0f} ms "
          f"({live_mean / base_mean:+.1%}), livelossplot {llp_mean * 1000:+.0f} ms "
          f"({llp_mean / base_mean:+.1%})")
    share_median = max(live_median, 0) / llp_median if llp_median > 0 else float("nan")
    share_mean = max(live_mean, 0) / llp_mean if llp_mean > 0 else float("nan")
    print(f"LivePlot's overhead as a share of livelossplot's: {share_median:.3f} (median), "
          f"{share_mean:.3f} (mean)")
    ok_median = live_median / base_median <= 0.05
    ok_share = share_median <= 0.2
    print(f"Goal: LivePlot <= 5 % of the median epoch: {'met' if ok_median else 'NOT met'}; "
          f"<= 1/5 of livelossplot's overhead: {'met' if ok_share else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
