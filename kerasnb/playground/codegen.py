"""A playground run as a stand-alone Python script that trains the same model to the same metrics.

>>> from kerasnb.playground.codegen import run_code
>>> from kerasnb.playground.data import make_dataset
>>> from kerasnb.playground.design import quick_spec
>>> from kerasnb.playground.lesson import Lesson
>>> from kerasnb.playground.trainer import Segment
>>> lesson = Lesson(data="xor", hidden=[4])
>>> data = make_dataset("xor", n_samples=lesson.n_samples)
>>> code = run_code(lesson, quick_spec(lesson, data), data, [Segment(5, 10, 0.03)])
>>> "def xor(" in code and "epochs=5" in code
True

The script carries the source of the data generator and of the feature function (numpy
only), the model as the builders write it (``keras.Sequential`` or functional), the seed set
the same way, and one ``fit`` call per time Train was pressed; a run stopped in the middle
of an epoch stops after the same number of batches.
"""

from __future__ import annotations

import inspect
import json

from kerasnb.builder import ModelSpec
from kerasnb.playground import data as data_module
from kerasnb.playground.data import PLANE_SETS, Dataset
from kerasnb.playground.lesson import Lesson
from kerasnb.playground.trainer import Segment

__all__ = ["run_code"]

_STOPPER = '''
class StopAfterBatches(keras.callbacks.Callback):
    """Stop after a number of batches in all: where the run was stopped by hand."""

    def __init__(self, batches):
        super().__init__()
        self.left = batches

    def on_train_batch_end(self, batch, logs=None):
        self.left -= 1
        if self.left <= 0:
            self.model.stop_training = True
'''


def _source(function: object) -> str:
    """The function's source, its docstring cut to the first line (examples stay home)."""
    out: list[str] = []
    skipping, seen = False, False
    for line in inspect.getsource(function).splitlines():
        stripped = line.strip()
        if skipping:
            skipping = not stripped.endswith('"""')
            continue
        if not seen and stripped.startswith('"""'):
            seen = True
            if not (len(stripped) > 6 and stripped.endswith('"""')):
                out.append(line.split('"""')[0] + '"""' + stripped[3:] + '"""')
                skipping = True
                continue
        out.append(line)
    return "\n".join(out)


def _data_code(lesson: Lesson, data: Dataset) -> list[str]:
    if lesson.data in PLANE_SETS:
        return [
            _source(PLANE_SETS[lesson.data]), "", "",
            _source(data_module.split_train_test), "", "",
            _source(data_module.add_features), "", "",
            f"FEATURES = {json.dumps(lesson.features)}",
            f"points, labels = {lesson.data}({lesson.n_samples}, {lesson.noise!r}, {lesson.seed})",
            "p_train, y_train, p_test, y_test = split_train_test(points, labels, "
            f"{lesson.train_ratio!r}, {lesson.seed})",
            "x_train, x_test = add_features(p_train, FEATURES), add_features(p_test, FEATURES)",
        ]
    load = ('data.load("digits", flat=True)' if lesson.data == "digits"
            else f'data.load("{lesson.data}")')
    lines = [
        "from kerasnb import data  # the course's offline data sets (scikit-learn inside)", "",
        f"splits = {load}",
        'x_train = np.concatenate([splits.x_train, splits.x_val]).astype("float32")',
        "y_train = np.concatenate([splits.y_train, splits.y_val])",
        'x_test, y_test = splits.x_test.astype("float32"), splits.y_test',
    ]
    if lesson.data == "diabetes":
        lines += [
            "# the score as z-scores (train mean and std): a small model learns it quickly",
            "mean, std = float(y_train.mean()), float(y_train.std())",
            'y_train = ((y_train - mean) / std).astype("float32")',
            'y_test = ((y_test - mean) / std).astype("float32")',
        ]
    return lines


def run_code(lesson: Lesson, spec: ModelSpec, data: Dataset, segments: list[Segment]) -> str:
    """The script of a run: data, seed, model, the fit calls, and the final metrics printed."""
    head = [
        f'"""A kerasnb playground run: {lesson.data}, seed {lesson.seed}.',
        "",
        f"Task: {data.task.describe()}.",
        '"""',
        "import os",
        "",
        'os.environ.setdefault("KERAS_BACKEND", "tensorflow")',
        "",
        "import keras",
        "import numpy as np",
        "from keras import layers",
        "",
    ]
    model_code = spec.to_code().split("\n")
    model_code = [line for line in model_code
                  if line not in ("import keras", "from keras import layers")]
    while model_code and not model_code[0].strip():
        model_code.pop(0)
    body = _data_code(lesson, data) + [
        "",
        "# the seed fixes the initial weights and the order of the batches",
        f"keras.utils.set_random_seed({lesson.seed})",
        *model_code,
    ]
    if any(s.batches is not None for s in segments):
        body += [_STOPPER]
    epoch = 0
    rate = (spec.compile or {}).get("learning_rate")
    for segment in segments:
        if segment.epochs <= 0 and segment.batches is None:
            continue
        if rate is None or abs(segment.learning_rate - rate) > 1e-12 * max(1.0, abs(rate)):
            body.append(f"model.optimizer.learning_rate.assign({segment.learning_rate!r})")
            rate = segment.learning_rate
        callbacks = (f", callbacks=[StopAfterBatches({segment.batches})]"
                     if segment.batches is not None else "")
        body.append(
            f"model.fit(x_train, y_train, validation_data=(x_test, y_test), "
            f"batch_size={segment.batch_size}, initial_epoch={epoch}, "
            f"epochs={epoch + segment.epochs}, shuffle=True, verbose=0{callbacks})")
        epoch += segment.epochs
    body += [
        "",
        "train_metrics = model.evaluate(x_train, y_train, verbose=0, return_dict=True)",
        "test_metrics = model.evaluate(x_test, y_test, verbose=0, return_dict=True)",
        'print("train", {k: round(float(v), 4) for k, v in train_metrics.items()})',
        'print("test", {k: round(float(v), 4) for k, v in test_metrics.items()})',
    ]
    return "\n".join(head + body) + "\n"
