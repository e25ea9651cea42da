"""Exercises of 08_callbacks.ipynb.

>>> [ex.id for ex in EXERCISES]
['08.save-freq', '08.early-stopping', '08.lr-recorder']
"""

from __future__ import annotations

import math
from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received, whole_number

_TRAIN_SAMPLES = 1078
_BATCH = 32
_STEPS = math.ceil(_TRAIN_SAMPLES / _BATCH)  # 34 batches per epoch


def _save_freq(answer: Any) -> str | None:
    if answer == "epoch":
        return (
            "save_freq='epoch' saves after every epoch; period=3 saved every third one, so "
            "give the number of batches in three epochs."
        )
    if whole_number(answer) is None:
        return f"save_freq must be a whole number of batches (an int), you gave {received(answer)}."
    answer = whole_number(answer)
    if answer == 3 * _STEPS:
        return None
    if answer == 3:
        return (
            "3 would save every 3 batches: an integer save_freq counts batches, not epochs. "
            "How many batches make one epoch?"
        )
    if answer in (_TRAIN_SAMPLES * 3, _TRAIN_SAMPLES * 3 // _BATCH, _STEPS):
        return (
            f"You gave {answer}. One epoch is ceil(1078 / 32) = {_STEPS} batches "
            "(the last batch is smaller); you want three epochs' worth of batches."
        )
    return f"You gave {answer}; expected 3 epochs x batches per epoch (ceil(1078 / 32) each)."


def _early_stopping(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.callbacks.EarlyStopping):
        return f"Expected a keras.callbacks.EarlyStopping instance, you gave {received(answer)}."
    if answer.monitor == "val_acc":
        return (
            "monitor='val_acc' is the Keras 2.2 name; with metrics=['accuracy'] Keras 3 logs "
            "'val_accuracy', and 'val_acc' would never be found."
        )
    if answer.monitor != "val_accuracy":
        return f"monitor should be 'val_accuracy' (validation accuracy), not {answer.monitor!r}."
    if answer.patience != 3:
        return f"patience should stay 3 (epochs without improvement), yours is {answer.patience}."
    if answer.mode not in ("max", "auto"):
        return f"Accuracy gets better as it grows: use mode='max' (or 'auto'), not {answer.mode!r}."
    changed = [f"{name}={value!r}" for name, value in (
        ("min_delta", abs(answer.min_delta) or None),  # stored negated in mode 'min'
        ("baseline", answer.baseline),
        ("start_from_epoch", getattr(answer, "start_from_epoch", 0) or None),
    ) if value is not None]
    if changed:
        return (
            f"The Keras 2 callback did not set {', '.join(changed)}; leave it at its default so "
            "the callback stops for the same reason as before."
        )
    if not answer.restore_best_weights:
        return "Add restore_best_weights=True so the best epoch's weights are put back at the end."
    return None


# Two runs of 3 epochs, each with a schedule of its own: a callback that writes the rates down
# by heart, or keeps them in a list shared by every instance, cannot pass both.
_RUNS = ((0.1, 0.03, 0.07), (0.2, 0.2, 0.05))


def _run_recorder(cls: Any, rates: tuple[float, ...]) -> Any:
    """Train a tiny model for 3 epochs with this learning-rate schedule; the callback's rates."""
    import keras
    import numpy as np

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    callback = cls()
    schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: rates[epoch])
    x = np.zeros((8, 3), dtype="float32")
    model.fit(x, x[:, :1], epochs=3, batch_size=8, verbose=0, callbacks=[schedule, callback])
    return getattr(callback, "rates", None)


def _lr_recorder(answer: Any) -> str | None:
    import keras

    if not (isinstance(answer, type) and issubclass(answer, keras.callbacks.Callback)):
        return (
            "Expected a class that subclasses keras.callbacks.Callback (the class itself, "
            f"not an instance), you gave {received(answer)}."
        )
    for run, expected in enumerate(_RUNS):
        try:
            rates = _run_recorder(answer, expected)
        except AttributeError as err:
            if "'lr'" in str(err):
                return (
                    f"AttributeError: {err}. Keras 3 optimizers have no `.lr`: read "
                    "float(self.model.optimizer.learning_rate)."
                )
            return f"Training with your callback failed: AttributeError: {err}."
        except Exception as err:
            return (
                f"Training with your callback failed: {type(err).__name__}: {err}. The checker "
                "makes it with no arguments, answer(), and calls on_epoch_end(epoch, logs)."
            )
        if rates is None:
            return "Your callback has no `rates` attribute after training; create the list in __init__."
        if run == 1 and isinstance(rates, list) and len(rates) == 6:
            return (
                "A second instance's `rates` already held the first one's values: the list is "
                "shared by the class. Create it in __init__ (self.rates = []), not in the class body."
            )
        if not isinstance(rates, list) or len(rates) != 3:
            return f"After 3 epochs `rates` should be a list of 3 values, it is {received(rates)}."
        if not all(isinstance(r, float) for r in rates):
            return "Store plain Python floats: wrap the value in float(...)."
        if any(abs(r - e) > 1e-6 for r, e in zip(rates, expected, strict=True)):
            return (
                f"With a schedule that sets {list(expected)} your callback recorded "
                f"{[round(r, 4) for r in rates]}: record in on_epoch_end the optimizer's "
                "current learning_rate."
            )
    return None


def _recorder(on_epoch_end: str = "self.rates.append(float(self.model.optimizer.learning_rate))",
              init: str = "self.rates = []") -> Code:
    """Code for an LRRecorder like the solution's, changed in one place."""
    return Code(
        "class LRRecorder(keras.callbacks.Callback):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        f"        {init}\n"
        "    def on_epoch_end(self, epoch, logs=None):\n"
        f"        {on_epoch_end}\n"
        "answer = LRRecorder\n"
    )


def _stopping(**changed: str) -> Code:
    """Code for the solution's EarlyStopping with some arguments changed."""
    args = {"monitor": "'val_accuracy'", "patience": "3", "mode": "'max'",
            "restore_best_weights": "True", **changed}
    return Code(f"answer = keras.callbacks.EarlyStopping({', '.join(f'{k}={v}' for k, v in args.items())})\n")


EXERCISES = [
    Exercise(
        id="08.save-freq",
        title="Keras 2's period=3 as a Keras 3 save_freq",
        checker=_save_freq,
        hint="An integer save_freq counts batches; an epoch of 1078 samples in batches of 32 "
        "has ceil(1078 / 32) batches.",
        solution="import math\nanswer = 3 * math.ceil(1078 / 32)  # 3 epochs x 34 batches = 102",
        wrong=(
            Wrong(3, "counts batches, not epochs"),
            Wrong(34, "three epochs' worth"),
            Wrong(101, "three epochs' worth"),
            Wrong(3234, "three epochs' worth"),
            Wrong("102", "whole number of batches"),
            Wrong(102.0, "whole number of batches"),
            Wrong("epoch", "saves after every epoch"),
            Wrong(99, "3 epochs x batches per epoch"),
        ),
    ),
    Exercise(
        id="08.early-stopping",
        title="EarlyStopping on validation accuracy, Keras 3 style",
        checker=_early_stopping,
        hint="The metric is logged as 'val_accuracy'; the argument that puts the best weights "
        "back is restore_best_weights.",
        setup="import keras",
        solution=(
            "answer = keras.callbacks.EarlyStopping(\n"
            "    monitor='val_accuracy', patience=3, mode='max', restore_best_weights=True)"
        ),
        wrong=(
            Wrong(None, "Expected a keras.callbacks.EarlyStopping"),
            Wrong("EarlyStopping(monitor='val_accuracy')", "Expected a keras.callbacks.EarlyStopping"),
            Wrong(_stopping(monitor="'val_acc'"), "Keras 2.2 name"),
            Wrong(_stopping(monitor="'val_loss'"), "not 'val_loss'"),
            Wrong(_stopping(patience="5"), "patience should stay 3"),
            Wrong(_stopping(mode="'min'"), "use mode='max'"),
            Wrong(_stopping(restore_best_weights="False"), "restore_best_weights=True"),
            # accepted before: arguments the Keras 2 callback never set
            Wrong(_stopping(baseline="0.99"), "did not set baseline=0.99"),
        ),
    ),
    Exercise(
        id="08.lr-recorder",
        title="A callback that records the learning rate",
        checker=_lr_recorder,
        hint="Create self.rates = [] in __init__ (call super().__init__() first) and append "
        "float(self.model.optimizer.learning_rate) in on_epoch_end(self, epoch, logs=None).",
        setup="import keras",
        solution=(
            "class LRRecorder(keras.callbacks.Callback):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.rates = []\n"
            "\n"
            "    def on_epoch_end(self, epoch, logs=None):\n"
            "        self.rates.append(float(self.model.optimizer.learning_rate))\n"
            "\n"
            "answer = LRRecorder"
        ),
        wrong=(
            Wrong(None, "Expected a class that subclasses keras.callbacks.Callback"),
            Wrong("LRRecorder", "Expected a class"),
            Wrong(0.01, "Expected a class"),
            Wrong(_recorder("self.rates.append(float(self.model.optimizer.lr))"),
                  "Keras 3 optimizers have no `.lr`"),
            Wrong(_recorder("self.rates.append(float(self.optimizer.learning_rate))"),
                  "failed: AttributeError"),
            Wrong(_recorder("self.rates.append(float(logs['lr_now']))"), "failed: KeyError"),
            Wrong(_recorder(init="self.history = []",
                            on_epoch_end="self.history.append(0.1)"), "no `rates` attribute"),
            Wrong(_recorder("self.rates.append(float(self.model.optimizer.learning_rate))\n"
                            "        self.rates.append(0.0)"), "should be a list of 3 values"),
            Wrong(_recorder("self.rates.append(self.model.optimizer.learning_rate)"),
                  "plain Python floats"),
            # accepted before: the rates of the one schedule the checker used, written by heart
            Wrong(_recorder("self.rates.append(0.1 / (epoch + 1))"), "your callback recorded"),
            Wrong(Code("class LRRecorder(keras.callbacks.Callback):\n"
                       "    rates = []\n"
                       "    def on_epoch_end(self, epoch, logs=None):\n"
                       "        self.rates.append(float(self.model.optimizer.learning_rate))\n"
                       "answer = LRRecorder\n"), "shared by the class"),
        ),
    ),
]
