"""Latency of the augmentation preview: slider change -> redrawn 3x3 grid of 128x128 pictures.

Run:  .venv/bin/python benchmarks/augment_latency.py [--repeats 40]

For each form (ImageDataGenerator, Keras 3 layers) it times, in one process:
- preview: setting a slider's value until the grid PNG, the drawn values and both code panels
  are updated (the widget redraws synchronously inside the observer), and
- plain Keras: the same augmentation of the same 9 pictures written by hand in a loop
  (``next(datagen.flow(...))`` with a new ImageDataGenerator, or a new ``keras.Sequential`` of
  the layers called with ``training=True``), which is what a learner would otherwise run.
It prints p50/p95 for both and the ratio preview / plain Keras. Goal: preview p95 <= 250 ms.

It also times what a learner waits for when the cell runs: in a fresh Python process that has
imported keras and kerasnb (the notebook's first cell), the import of the widget module and the
first ``AugmentationPreview()`` until its first grid is drawn
(``--before PATH`` times the same for another checkout of the package, e.g. an older commit
unpacked with ``git archive <commit> kerasnb | tar -x -C PATH``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import warnings

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def percentiles(times: list[float]) -> tuple[float, float]:
    a = np.asarray(times) * 1000
    return float(np.percentile(a, 50)), float(np.percentile(a, 95))


FIRST_GRID = """
import time
import keras, kerasnb  # the notebook's first cell, run before the preview's cell
t0 = time.perf_counter()
from kerasnb.augment.widget import AugmentationPreview
t1 = time.perf_counter()
p = AugmentationPreview()
t2 = time.perf_counter()
assert p.grid.value
AugmentationPreview()
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, len(p.widget.children))
"""


def first_grid(path: str | None, repeats: int = 3) -> tuple[float, float, float]:
    """Median (import, first preview with its grid, a second preview) in fresh processes."""
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = path
    rows = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", FIRST_GRID], env=env, capture_output=True,
                             text=True, check=True, cwd=path or None)
        rows.append([float(v) for v in out.stdout.split()[:3]])
    return tuple(float(np.median([r[i] for r in rows])) for i in range(3))  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--before", help="another checkout of kerasnb to compare the first grid")
    args = parser.parse_args()

    print("cell runs -> first grid, median of 3 fresh processes with keras imported: import / "
          "first preview (with its grid) / a second preview")
    now = first_grid(None)
    print(f"  this checkout: {now[0]:.2f} s / {now[1]:.2f} s / {now[2]:.2f} s")
    if args.before:
        before = first_grid(args.before)
        print(f"  {args.before}: {before[0]:.2f} s / {before[1]:.2f} s / {before[2]:.2f} s; "
              f"first preview {now[1] / before[1]:.2f}x, second {now[2] / before[2]:.2f}x")

    import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    from kerasnb.augment import AugmentationPreview, AugmentSpec

    idg_spec = AugmentSpec.image_data_generator(
        rotation_range=20, zoom_range=0.2, width_shift_range=0.1, height_shift_range=0.1,
        horizontal_flip=True)
    layers_spec = AugmentSpec.preprocessing_layers(
        ("RandomFlip", {"mode": "horizontal"}), ("RandomRotation", {"factor": 0.05}),
        ("RandomZoom", {"height_factor": 0.2}),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1}))
    preview = AugmentationPreview(n=9, size=128)
    preview.picture.value = 0  # one 128x128 photograph, 9 augmented versions
    batch = np.repeat(preview._pictures.batch[:1], 9, axis=0).astype("float32")

    rows, cpu_rows = [], []
    for form, spec, slider in (
        ("ImageDataGenerator", idg_spec, preview.idg_controls["rotation_range"]),
        ("layers", layers_spec, None),
    ):
        preview.set_spec(spec)
        if slider is None:  # the layers tab draws its controls from the spec: read them now
            slider = preview.layer_params[(1, "factor")].widget  # RandomRotation's range
            base = slider.value[1]
            values = [(-(base + 0.01 * (i % 2 + 1)), base + 0.01 * (i % 2 + 1))
                      for i in range(args.repeats)]
        else:
            base = slider.value
            values = [base + (i % 2 + 1) for i in range(args.repeats)]
        preview_times, preview_cpu = [], []
        for v in [values[0], values[1]] + values:  # two warm-up changes
            t0, c0 = time.perf_counter(), time.process_time()
            slider.value = v
            preview_times.append(time.perf_counter() - t0)
            preview_cpu.append(time.process_time() - c0)
        preview_times, preview_cpu = preview_times[2:], preview_cpu[2:]
        assert "Not applied" not in preview.message.value, preview.message.value

        plain_times, plain_cpu = [], []
        for i, v in enumerate([values[0], values[1]] + values):
            t0, c0 = time.perf_counter(), time.process_time()
            if form == "ImageDataGenerator":
                params = dict(idg_spec.params, rotation_range=v)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    datagen = ImageDataGenerator(**params)
                    out = next(datagen.flow(batch, batch_size=9, shuffle=False, seed=i))
            else:
                augment = keras.Sequential([
                    keras.layers.RandomFlip("horizontal", seed=i),
                    keras.layers.RandomRotation(v[1], seed=i + 1),
                    keras.layers.RandomZoom(0.2, seed=i + 2),
                    keras.layers.RandomTranslation(0.1, 0.1, seed=i + 3),
                ])
                out = keras.ops.convert_to_numpy(augment(batch, training=True))
            assert out.shape == (9, 128, 128, 3)
            plain_times.append(time.perf_counter() - t0)
            plain_cpu.append(time.process_time() - c0)
        plain_times, plain_cpu = plain_times[2:], plain_cpu[2:]
        rows.append((form, percentiles(preview_times), percentiles(plain_times)))
        cpu_rows.append((form, percentiles(preview_cpu), percentiles(plain_cpu)))

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"slider change -> redrawn 3x3 grid of 128x128, {args.repeats} changes per form; "
          f"{os.cpu_count()} CPUs, load average {load}")
    for title, table in (("wall-clock time", rows), ("CPU time of this process", cpu_rows)):
        print(f"\n{title}")
        print(f"{'form':<20}{'preview p50':>13}{'p95':>9}{'plain Keras p50':>18}{'p95':>9}"
              f"{'ratio p50':>11}{'ratio p95':>11}")
        for form, (pp50, pp95), (kp50, kp95) in table:
            print(f"{form:<20}{pp50:>10.0f} ms{pp95:>6.0f} ms{kp50:>15.0f} ms{kp95:>6.0f} ms"
                  f"{pp50 / kp50:>10.2f}x{pp95 / kp95:>10.2f}x")
    worst = max(r[1][1] for r in rows)
    print(f"\ngoal wall-clock p95 <= 250 ms: {'met' if worst <= 250 else 'NOT met'} "
          f"(worst p95 {worst:.0f} ms)")


if __name__ == "__main__":
    main()
