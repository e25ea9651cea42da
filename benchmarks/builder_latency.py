"""Latency of the model builder: from a parameter change to an updated summary and code.

Compared with what a learner would otherwise do after each change: rebuild the Keras model
and call ``model.summary()``. Prints p50/p95 in milliseconds and the ratios, for a 10-layer
and a 30-layer model. Goal: builder p95 <= 100 ms (10 layers) and <= 300 ms (30 layers).

Run:  .venv/bin/python benchmarks/builder_latency.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from kerasnb.builder import ModelSpec, SequentialBuilder  # noqa: E402
from kerasnb.builder.build import build_model  # noqa: E402

BUILDER_RUNS = 200
KERAS_RUNS = 30


def ten_layers() -> tuple[ModelSpec, str, str]:
    spec = ModelSpec.sequential((32, 32, 3), [
        ("Rescaling", {"scale": 1 / 255}),
        ("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        ("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        ("MaxPooling2D", {}),
        ("Conv2D", {"filters": 32, "kernel_size": 3, "activation": "relu"}),
        ("Conv2D", {"filters": 32, "kernel_size": 3, "activation": "relu"}),
        ("MaxPooling2D", {}), ("Flatten", {}),
        ("Dense", {"units": 64, "activation": "relu"}),
        ("Dense", {"units": 10, "activation": "softmax"})])
    return spec, "conv2d_2", "filters"


def thirty_layers() -> tuple[ModelSpec, str, str]:
    layers = []
    for _ in range(9):
        layers += [("Dense", {"units": 64, "activation": "relu"}), ("BatchNormalization", {}),
                   ("Dropout", {"rate": 0.1})]
    layers += [("Dense", {"units": 32, "activation": "relu"}), ("Dropout", {"rate": 0.1}),
               ("Dense", {"units": 10, "activation": "softmax"})]
    return ModelSpec.sequential((64,), layers), "dense_4", "units"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def time_builder(spec: ModelSpec, layer: str, key: str) -> list[float]:
    builder = SequentialBuilder(spec)
    builder.layer_list.value = layer
    control = builder.controls[key].widget
    base = control.value
    out = []
    for i in range(BUILDER_RUNS):
        t0 = time.perf_counter()
        control.value = base + 1 + (i % 2)  # one keystroke-sized change
        summary, code = builder.summary_html.value, builder.code_html.value
        out.append((time.perf_counter() - t0) * 1000)
        assert summary and code
    return out


def time_keras(spec: ModelSpec, layer: str, key: str) -> list[float]:
    spec = spec.copy()
    base = spec.layer(layer).params[key]
    out = []
    for i in range(KERAS_RUNS):
        t0 = time.perf_counter()
        spec.set_param(layer, key, base + 1 + (i % 2))
        lines: list[str] = []
        build_model(spec, compile=False).summary(print_fn=lambda line, _=lines, **kw: _.append(line))
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    build_model(ten_layers()[0])  # import and warm up TensorFlow once, outside the timings
    print(f"{'model':<10} {'builder p50':>12} {'builder p95':>12} {'keras p50':>10} "
          f"{'keras p95':>10} {'ratio p50':>10} {'ratio p95':>10}  goal")
    for label, (spec, layer, key), goal in (("10 layers", ten_layers(), 100),
                                            ("30 layers", thirty_layers(), 300)):
        assert len(spec.layers) == int(label.split()[0])
        ours = time_builder(spec, layer, key)
        theirs = time_keras(spec, layer, key)
        b50, b95 = statistics.median(ours), pct(ours, 0.95)
        k50, k95 = statistics.median(theirs), pct(theirs, 0.95)
        verdict = "met" if b95 <= goal else "MISSED"
        print(f"{label:<10} {b50:>10.1f}ms {b95:>10.1f}ms {k50:>8.1f}ms {k95:>8.1f}ms "
              f"{k50 / b50:>9.1f}x {k95 / b95:>9.1f}x  p95 <= {goal} ms: {verdict}")
    print(f"(builder: {BUILDER_RUNS} changes through the widget control, summary and code read "
          f"back; keras: {KERAS_RUNS} rebuilds of keras.Sequential + model.summary())")


if __name__ == "__main__":
    main()
