"""Exercises of 06_generators.ipynb.

>>> [ex.id for ex in EXERCISES]
['06.validation-steps', '06.generator', '06.pydataset']
"""

from __future__ import annotations

import inspect
import itertools
import math
from typing import Any

from kerasnb.exercises import Exercise, received


def _validation_steps(answer: Any) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return f"Expected a whole number of batches, you gave {received(answer)}."
    if answer != int(answer):
        return (
            f"{answer} is not a whole number: Keras counts whole batches. "
            "Round up with math.ceil, so the smaller last batch is counted too."
        )
    steps = int(answer)
    if steps == 12:
        return None
    if steps == 11:
        return (
            "11 batches of 32 cover 352 images: the last 7 validation images are never used. "
            "Round up (math.ceil) instead of down."
        )
    if steps == 359:
        return "That is the number of images; validation_steps counts batches of 32."
    return f"{steps} batches of 32 do not cover 359 images exactly once; compute ceil(359 / 32)."


def _sample() -> tuple[int, int, Any, Any]:
    """The 10 rows the checkers feed a learner's generator or dataset, in batches of 4."""
    import numpy as np

    n = 10
    return n, 4, np.arange(n, dtype="float32").reshape(n, 1) * 10.0, np.arange(n)


def _generator(answer: Any) -> str | None:
    import numpy as np

    if not callable(answer):
        return (
            f"Expected a generator function my_batches(x, y, batch_size), you gave "
            f"{received(answer)}. Put the function itself in answer, without calling it."
        )
    n, batch_size, x, y = _sample()
    try:
        produced = answer(x, y, batch_size)
    except Exception as exc:
        return f"Calling my_batches(x, y, 4) raised {type(exc).__name__}: {exc}."
    if not inspect.isgenerator(produced):
        return (
            f"my_batches(x, y, 4) returned {received(produced)}, not a generator: "
            "use `yield` inside a `while True:` loop instead of `return`."
        )
    try:
        items = list(itertools.islice(produced, 6))
    except Exception as exc:
        return f"Taking batches from your generator raised {type(exc).__name__}: {exc}."
    if len(items) < 6:
        return (
            f"The generator stopped after {len(items)} batches; fit needs an endless one: "
            "wrap the loop over the data in `while True:`."
        )
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            return f"Each batch must be a tuple (x_batch, y_batch); one was {received(item)}."
        xb, yb = item
        if len(xb) != len(yb):
            return f"A batch has {len(xb)} inputs but {len(yb)} targets; they must match."
        if not np.allclose(np.asarray(xb).reshape(-1), np.asarray(yb) * 10.0):
            return "In a batch, x_batch and y_batch must come from the same samples (same rows)."
    sizes = [len(item[1]) for item in items]
    if sizes != [4, 4, 2, 4, 4, 2]:
        return (
            f"With 10 samples and batch_size=4 the batch sizes should be 4, 4, 2, then again "
            f"4, 4, 2; yours were {sizes}."
        )
    for first in (0, 3):
        seen = sorted(int(v) for item in items[first:first + 3] for v in item[1])
        if seen != list(range(n)):
            return f"One pass should serve each of the 10 samples once; a pass gave {seen}."
    return None


def _pydataset(answer: Any) -> str | None:
    import keras
    import numpy as np

    if not (isinstance(answer, type) and issubclass(answer, keras.utils.PyDataset)):
        return (
            f"Expected a class that subclasses keras.utils.PyDataset, you gave "
            f"{received(answer)}. Put the class itself in answer, not an instance."
        )
    n, batch_size, x, y = _sample()
    try:
        ds = answer(x, y, batch_size, workers=2, max_queue_size=5)
    except TypeError as exc:
        return (
            f"ArrayDataset(x, y, 4, workers=2, max_queue_size=5) raised TypeError: {exc}. "
            "Accept **kwargs in __init__ and pass them to super().__init__(**kwargs)."
        )
    if getattr(ds, "_workers", None) != 2 or getattr(ds, "_max_queue_size", None) != 5:
        return (
            "workers=2 and max_queue_size=5 did not reach PyDataset: call "
            "super().__init__(**kwargs) in your __init__."
        )
    try:
        length = len(ds)
    except Exception as exc:
        return f"len(dataset) raised {type(exc).__name__}: {exc}. Define __len__."
    if length != math.ceil(n / batch_size):
        return (
            f"With 10 samples and batch_size=4, len() should be 3 batches "
            f"(ceil(10 / 4)); yours is {length}."
        )
    seen: list[int] = []
    for index in range(length):
        try:
            item = ds[index]
        except Exception as exc:
            return f"dataset[{index}] raised {type(exc).__name__}: {exc}."
        if not isinstance(item, tuple) or len(item) != 2:
            return f"dataset[{index}] should be a tuple (x_batch, y_batch); it is {received(item)}."
        xb, yb = item
        if not np.allclose(np.asarray(xb).reshape(-1), np.asarray(yb) * 10.0):
            return f"In dataset[{index}], x_batch and y_batch do not come from the same samples."
        seen.extend(int(v) for v in yb)
    if sorted(seen) != list(range(n)):
        return f"Batches 0 to {length - 1} should serve each sample once; they served {seen}."
    return None


EXERCISES = [
    Exercise(
        id="06.validation-steps",
        title="How many validation steps?",
        checker=_validation_steps,
        hint="Count the batches of one pass, including the smaller last one: math.ceil(359 / 32).",
        solution="import math\n\nanswer = math.ceil(359 / 32)  # 11 full batches + 1 of 7 = 12",
        wrong=(11, 11.21875, 359, "12", 13),
    ),
    Exercise(
        id="06.generator",
        title="Write an endless batch generator",
        checker=_generator,
        hint="while True: for start in range(0, len(x), batch_size): yield a slice of x and y.",
        setup="import numpy as np",
        solution=(
            "def my_batches(x, y, batch_size):\n"
            "    while True:\n"
            "        order = np.random.permutation(len(x))\n"
            "        for start in range(0, len(x), batch_size):\n"
            "            ids = order[start:start + batch_size]\n"
            "            yield x[ids], y[ids]\n"
            "\n"
            "answer = my_batches"
        ),
        wrong=(
            None,
            lambda x, y, batch_size: (x, y),
            lambda x, y, batch_size: ((x[i:i + batch_size], y[i:i + batch_size])
                                      for i in range(0, len(x), batch_size)),
            lambda x, y, batch_size: ((x[:batch_size], y[:batch_size]) for _ in itertools.count()),
        ),
    ),
    Exercise(
        id="06.pydataset",
        title="Write a PyDataset",
        checker=_pydataset,
        hint="class ArrayDataset(keras.utils.PyDataset): def __init__(self, x, y, batch_size, "
        "**kwargs): super().__init__(**kwargs); ... then __len__ and __getitem__.",
        setup="import math\nimport keras",
        solution=(
            "class ArrayDataset(keras.utils.PyDataset):\n"
            "    def __init__(self, x, y, batch_size, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.x, self.y, self.batch_size = x, y, batch_size\n"
            "\n"
            "    def __len__(self):\n"
            "        return math.ceil(len(self.x) / self.batch_size)\n"
            "\n"
            "    def __getitem__(self, index):\n"
            "        part = slice(index * self.batch_size, (index + 1) * self.batch_size)\n"
            "        return self.x[part], self.y[part]\n"
            "\n"
            "answer = ArrayDataset"
        ),
        wrong=(None, "ArrayDataset", list),
    ),
]
