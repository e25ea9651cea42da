"""Exercises of 06_generators.ipynb.

>>> [ex.id for ex in EXERCISES]
['06.validation-steps', '06.generator', '06.pydataset']
"""

from __future__ import annotations

import inspect
import itertools
import math
import numbers
from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received


def _validation_steps(answer: Any) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
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


_PASSES = 10  # passes taken from a generator: one that stops after a few is not endless


def _generator(answer: Any) -> str | None:
    import numpy as np

    if not callable(answer):
        return (
            f"Expected a generator function my_batches(x, y, batch_size), you gave "
            f"{received(answer)}. Put the function itself in answer, without calling it."
        )
    n, batch_size, x, y = _sample()
    per_pass = math.ceil(n / batch_size)
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
        items = list(itertools.islice(produced, per_pass * _PASSES))
    except Exception as exc:
        return f"Taking batches from your generator raised {type(exc).__name__}: {exc}."
    if len(items) < per_pass * _PASSES:
        return (
            f"The generator stopped after {len(items)} batches ({len(items) / per_pass:g} "
            "passes over the data); fit needs an endless one: wrap the loop over the data in "
            "`while True:`."
        )
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            return f"Each batch must be a tuple (x_batch, y_batch); one was {received(item)}."
        xs, ys = (np.asarray(part).reshape(-1) for part in item)
        if len(xs) != len(ys):
            return f"A batch has {len(xs)} inputs but {len(ys)} targets; they must match."
        if not np.allclose(xs, ys * 10.0):
            return "In a batch, x_batch and y_batch must come from the same samples (same rows)."
    sizes = [np.asarray(item[1]).size for item in items]
    if sizes != [4, 4, 2] * _PASSES:
        return (
            f"With 10 samples and batch_size=4 the batch sizes should be 4, 4, 2, then again "
            f"4, 4, 2 and so on; yours were {sizes[:9]}..."
        )
    for first in range(0, len(items), per_pass):
        seen = sorted(int(v) for item in items[first:first + per_pass]
                      for v in np.asarray(item[1]).reshape(-1))
        if seen != list(range(n)):
            return (
                f"Each pass should serve each of the 10 samples once; pass "
                f"{first // per_pass + 1} gave {seen}."
            )
    return None


def _pydataset(answer: Any) -> str | None:
    import keras
    import numpy as np

    if not (isinstance(answer, type) and issubclass(answer, keras.utils.PyDataset)) or (
        answer is keras.utils.PyDataset
    ):
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
    except Exception as exc:
        return f"ArrayDataset(x, y, 4, workers=2, max_queue_size=5) raised {type(exc).__name__}: {exc}."
    if getattr(ds, "workers", None) != 2 or getattr(ds, "max_queue_size", None) != 5:
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
            return f"dataset[{index}] raised {type(exc).__name__}: {exc}; define __getitem__(self, index)."
        if not isinstance(item, tuple) or len(item) != 2:
            return f"dataset[{index}] should be a tuple (x_batch, y_batch); it is {received(item)}."
        xs, ys = (np.asarray(part).reshape(-1) for part in item)
        if xs.shape != ys.shape or not np.allclose(xs, ys * 10.0):
            return f"In dataset[{index}], x_batch and y_batch do not come from the same samples."
        seen.extend(int(v) for v in ys)
    if sorted(seen) != list(range(n)):
        return f"Batches 0 to {length - 1} should serve each sample once; they served {seen}."
    return None


def _gen(body: str) -> Code:
    """Code for a generator function ``my_batches`` with this body (indented by the caller)."""
    return Code(f"def my_batches(x, y, batch_size):\n{body}\nanswer = my_batches\n")


def _dataset(init: str = "super().__init__(**kwargs)", length: str = "math.ceil(len(self.x) / 4)",
             item: str = "self.x[i * 4:(i + 1) * 4], self.y[i * 4:(i + 1) * 4]",
             signature: str = "x, y, batch_size, **kwargs") -> Code:
    """Code for a PyDataset class like the solution's, changed in one place."""
    return Code(
        "class ArrayDataset(keras.utils.PyDataset):\n"
        f"    def __init__(self, {signature}):\n"
        f"        {init}\n"
        "        self.x, self.y = x, y\n"
        "    def __len__(self):\n"
        f"        return {length}\n"
        "    def __getitem__(self, i):\n"
        f"        return {item}\n"
        "answer = ArrayDataset\n"
    )


_ENDLESS = "    while True:\n        for i in range(0, len(x), batch_size):\n"


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
            Wrong(None, "Expected a generator function"),
            Wrong(lambda x, y, batch_size: (x, y), "not a generator"),
            Wrong(lambda x, batch_size: x, "raised TypeError"),
            Wrong(_gen("    yield x[:4], y[:4]\n    raise ValueError('no more data')"),
                  "Taking batches from your generator raised ValueError"),
            Wrong(lambda x, y, batch_size: ((x[i:i + batch_size], y[i:i + batch_size])
                                            for i in range(0, len(x), batch_size)),
                  "stopped after 3 batches"),
            # accepted before: only the first two passes were looked at
            Wrong(_gen("    for epoch in range(2):\n"
                       "        for i in range(0, len(x), batch_size):\n"
                       "            yield x[i:i + batch_size], y[i:i + batch_size]"),
                  "stopped after 6 batches"),
            Wrong(_gen(_ENDLESS + "            yield [x[i:i + batch_size], y[i:i + batch_size]]"),
                  "must be a tuple"),
            Wrong(_gen(_ENDLESS + "            yield x[i:i + batch_size], y[i:i + batch_size + 1]"),
                  "4 inputs but 5 targets"),
            Wrong(_gen(_ENDLESS + "            yield x[i:i + batch_size], y[::-1][i:i + batch_size]"),
                  "same samples"),
            Wrong(lambda x, y, batch_size: ((x[:batch_size], y[:batch_size]) for _ in itertools.count()),
                  "the batch sizes should be 4, 4, 2"),
            Wrong(_gen(_ENDLESS + "            yield x[:len(x[i:i + batch_size])], y[:len(x[i:i + batch_size])]"),
                  "Each pass should serve each of the 10 samples once"),
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
        wrong=(
            Wrong(None, "Expected a class that subclasses keras.utils.PyDataset"),
            Wrong("ArrayDataset", "Expected a class"),
            Wrong(list, "Expected a class"),
            Wrong(Code("answer = keras.utils.PyDataset"), "Expected a class that subclasses"),
            Wrong(_dataset(signature="x, y, batch_size", init="super().__init__()"),
                  "Accept **kwargs in __init__"),
            Wrong(_dataset(init="super().__init__(**kwargs); 1 / 0"), "raised ZeroDivisionError"),
            Wrong(_dataset(init="super().__init__()"), "did not reach PyDataset"),
            Wrong(_dataset(length="len(self.z)"), "len(dataset) raised AttributeError"),
            Wrong(_dataset(length="len(self.x) // 4"), "yours is 2"),
            Wrong(_dataset(item="self.x[i], self.y[i]"), "should serve each sample once"),
            Wrong(_dataset(item="self.x[i * 4:(i + 1) * 4]"), "should be a tuple"),
            Wrong(_dataset(item="self.x[i * 4:(i + 1) * 4], self.y[i * 4:(i + 1) * 4][::-1]"),
                  "x_batch and y_batch do not come"),
            Wrong(_dataset(item="self.x[:len(self.x[i * 4:(i + 1) * 4])], "
                                "self.y[:len(self.y[i * 4:(i + 1) * 4])]"),
                  "should serve each sample once"),
            Wrong(_dataset(item="self.x[self.batches[i]], self.y[self.batches[i]]"),
                  "dataset[0] raised AttributeError"),
        ),
    ),
]
