"""The playground's data: five 2-D sets generated with a seed, input features, real sets.

>>> from kerasnb.playground.data import make_dataset
>>> data = make_dataset("circles", seed=0, noise=0.1, train_ratio=0.5, n_samples=200,
...                     features=["x1", "x2", "x1^2"])
>>> data.x_train.shape, data.task.kind, data.task.loss
((100, 3), 'binary', 'binary_crossentropy')

The 2-D sets (``circles``, ``xor``, ``gauss``, ``spiral``, ``moons``) are the ones learners
know from TensorFlow Playground: points in the square [-6, 6]², two classes. Each generator is
a plain numpy function of ``(n, noise, seed)``; the exported code of a run contains its source,
so the code makes exactly the same points. ``features`` turn the two coordinates into the
model's inputs (``x1``, ``x2``, ``x1^2``, ``x2^2``, ``x1x2``, ``sin_x1``, ``sin_x2``).

The real sets come from :mod:`kerasnb.data`: ``digits`` (64 pixels, 10 classes),
``breast_cancer`` (30 measurements, 2 classes) and ``diabetes`` (10 measurements, a number).
Their train part is the course's train + validation rows, their test part its test rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kerasnb.playground.errors import LessonError

__all__ = ["FEATURES", "FEATURE_LABELS", "PLANE_SETS", "REAL_SETS", "Dataset", "Task",
           "add_features", "make_dataset", "plane_grid", "split_train_test"]

EXTENT = 6.0  # the plane shown and the grid predicted on: [-EXTENT, EXTENT]²


# --------------------------------------------------------------------------- generators
# Each generator is self-contained (numpy only): its source is copied into exported code.
def circles(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A disc (class 1) inside a ring (class 0).

    >>> xy, y = circles(10, 0.0, 0); xy.shape, int(y.sum())
    ((10, 2), 5)
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    radius = np.concatenate([rng.uniform(0.0, 2.0, half), rng.uniform(3.5, 5.0, n - half)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    xy = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    xy += rng.normal(0.0, 2.5 * noise, xy.shape)
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    return xy.astype("float32"), y.astype("int64")


def xor(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Four squares: class 1 where x1 and x2 have the same sign.

    >>> xy, y = xor(8, 0.0, 0); bool(((xy[:, 0] * xy[:, 1] > 0) == (y == 1)).all())
    True
    """
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-5.0, 5.0, (n, 2))
    xy += np.where(xy >= 0, 0.3, -0.3)  # keep the points off the axes
    y = (xy[:, 0] * xy[:, 1] >= 0).astype("int64")
    xy += rng.normal(0.0, 2.5 * noise, xy.shape)
    return xy.astype("float32"), y


def gauss(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds, around (2, 2) (class 1) and (-2, -2) (class 0).

    >>> xy, y = gauss(6, 0.0, 0); xy.shape
    (6, 2)
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    centres = np.concatenate([np.full((half, 2), 2.0), np.full((n - half, 2), -2.0)])
    xy = centres + rng.normal(0.0, 0.8 + 3.0 * noise, (n, 2))
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    return xy.astype("float32"), y.astype("int64")


def spiral(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (class 1 and class 0).

    >>> xy, y = spiral(8, 0.0, 0); xy.shape, int(y.sum())
    ((8, 2), 4)
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    parts = []
    for count, delta in ((half, 0.0), (n - half, np.pi)):
        i = np.arange(count) / max(count, 1)
        r = 5.0 * i
        t = 1.75 * i * 2 * np.pi + delta
        parts.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
    xy = np.concatenate(parts) + rng.normal(0.0, 1.0 * noise, (n, 2))
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    return xy.astype("float32"), y.astype("int64")


def moons(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: the upper one class 0, the lower one class 1.

    >>> xy, y = moons(6, 0.0, 0); xy.shape
    (6, 2)
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    t_up, t_down = rng.uniform(0.0, np.pi, half), rng.uniform(0.0, np.pi, n - half)
    up = np.stack([np.cos(t_up), np.sin(t_up)], axis=1)
    down = np.stack([1.0 - np.cos(t_down), 0.5 - np.sin(t_down)], axis=1)
    xy = (np.concatenate([up, down]) - [0.5, 0.25]) * 3.0
    xy += rng.normal(0.0, 2.5 * noise, xy.shape)
    y = np.concatenate([np.zeros(half), np.ones(n - half)])
    return xy.astype("float32"), y.astype("int64")


def split_train_test(x: np.ndarray, y: np.ndarray, train_ratio: float,
                     seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle with ``seed`` and cut: the first ``train_ratio`` of the rows train, the rest test.

    >>> a, b, c, d = split_train_test(np.arange(10).reshape(5, 2), np.arange(5), 0.6, 0)
    >>> a.shape, c.shape
    ((3, 2), (2, 2))
    """
    order = np.random.default_rng(seed + 1).permutation(len(x))
    cut = int(round(len(x) * train_ratio))
    train, test = order[:cut], order[cut:]
    return x[train], y[train], x[test], y[test]


def add_features(xy: np.ndarray, features: list[str]) -> np.ndarray:
    """The model's inputs: one column per feature of the 2-D points ``xy``.

    >>> add_features(np.array([[2.0, 3.0]]), ["x1", "x1^2", "x1x2"]).tolist()
    [[2.0, 4.0, 6.0]]
    """
    x1, x2 = xy[:, 0], xy[:, 1]
    columns = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1x2": x1 * x2,
               "sin_x1": np.sin(x1), "sin_x2": np.sin(x2)}
    return np.stack([columns[name] for name in features], axis=1).astype("float32")


PLANE_SETS = {"circles": circles, "xor": xor, "gauss": gauss, "spiral": spiral, "moons": moons}
REAL_SETS = ("digits", "breast_cancer", "diabetes")
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂",
                  "sin_x1": "sin x₁", "sin_x2": "sin x₂"}


# --------------------------------------------------------------------------- task & data set
@dataclass(frozen=True)
class Task:
    """What the data asks the model to do, and the output layer, loss and metric that follow.

    >>> Task.infer(np.array([0, 1, 1])).activation, Task.infer(np.array([0.5, 2.0])).loss
    ('sigmoid', 'mse')
    """

    kind: str  # "binary", "multiclass" or "regression"
    units: int
    activation: str
    loss: str
    metric: str
    classes: int = 0

    @classmethod
    def infer(cls, y: np.ndarray) -> Task:
        if np.issubdtype(y.dtype, np.floating):
            return cls("regression", 1, "linear", "mse", "mae")
        classes = int(y.max()) + 1 if len(y) else 2
        if classes <= 2:
            return cls("binary", 1, "sigmoid", "binary_crossentropy", "accuracy", 2)
        return cls("multiclass", classes, "softmax", "sparse_categorical_crossentropy",
                   "accuracy", classes)

    def describe(self) -> str:
        """One line for the learner.

        >>> Task.infer(np.array([0, 1])).describe()
        'binary classification: output Dense(1, sigmoid), loss binary_crossentropy, metric accuracy'
        """
        what = {"binary": "binary classification", "regression": "regression",
                "multiclass": f"{self.classes}-class classification"}[self.kind]
        return (f"{what}: output Dense({self.units}, {self.activation}), loss {self.loss}, "
                f"metric {self.metric}")


@dataclass
class Dataset:
    """Inputs (features applied) and targets, split into train and test; plane points if 2-D."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: Task
    features: list[str]
    points_train: np.ndarray | None = None  # the 2-D points, for the plane views
    points_test: np.ndarray | None = None
    image_shape: tuple[int, int] | None = None  # digits: each input row is an 8x8 image
    note: str = ""

    @property
    def is_plane(self) -> bool:
        return self.points_train is not None

    @property
    def n_inputs(self) -> int:
        return int(self.x_train.shape[1])


def make_dataset(name: str, *, seed: int = 0, noise: float = 0.0, train_ratio: float = 0.5,
                 n_samples: int = 400, features: list[str] | None = None) -> Dataset:
    """Generate (2-D sets) or load (real sets) the data of a lesson.

    >>> make_dataset("digits").x_train.shape
    (1437, 64)
    >>> make_dataset("nope")
    Traceback (most recent call last):
    ...
    kerasnb.playground.errors.LessonError: unknown data set (received: 'nope'; expected: one of circles, xor, gauss, spiral, moons, digits, breast_cancer, diabetes)
    """
    if name in PLANE_SETS:
        features = list(features or ["x1", "x2"])
        xy, y = PLANE_SETS[name](int(n_samples), float(noise), int(seed))
        p_train, y_train, p_test, y_test = split_train_test(xy, y, float(train_ratio), int(seed))
        return Dataset(name, add_features(p_train, features), y_train,
                       add_features(p_test, features), y_test, Task.infer(y), features,
                       p_train, p_test)
    if name in REAL_SETS:
        return _real(name)
    raise LessonError("unknown data set", received=repr(name),
                      expected="one of " + ", ".join([*PLANE_SETS, *REAL_SETS]))


def _real(name: str) -> Dataset:
    from kerasnb import data

    splits = data.load(name, flat=True) if name == "digits" else data.load(name)
    x_train = np.concatenate([splits.x_train, splits.x_val]).astype("float32")
    y_train = np.concatenate([splits.y_train, splits.y_val])
    x_test, y_test = splits.x_test.astype("float32"), splits.y_test
    note = ""
    if name == "diabetes":  # the score (25..346) as z-scores: a small model learns it in seconds
        mean, std = float(y_train.mean()), float(y_train.std())
        y_train = ((y_train - mean) / std).astype("float32")
        y_test = ((y_test - mean) / std).astype("float32")
        note = f"target standardised: (score - {mean:.1f}) / {std:.1f}"
    return Dataset(name, x_train, y_train, x_test, y_test, Task.infer(y_train), [],
                   image_shape=(8, 8) if name == "digits" else None, note=note)


def plane_grid(size: int = 100, extent: float = EXTENT) -> np.ndarray:
    """``size * size`` points covering the plane, row by row from the top (y = +extent).

    >>> g = plane_grid(3, 1.0); g.shape, g[0].tolist(), g[-1].tolist()
    ((9, 2), [-1.0, 1.0], [1.0, -1.0])
    """
    xs = np.linspace(-extent, extent, size, dtype="float32")
    gx, gy = np.meshgrid(xs, xs[::-1])
    return np.stack([gx.ravel(), gy.ravel()], axis=1)
