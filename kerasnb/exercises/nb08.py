"""Exercises of 08_callbacks.ipynb.

>>> [ex.id for ex in EXERCISES]
['08.save-freq', '08.early-stopping', '08.lr-recorder']
"""

from __future__ import annotations

import math
from typing import Any

from kerasnb.exercises import Exercise, received

_TRAIN_SAMPLES = 1078
_BATCH = 32
_STEPS = math.ceil(_TRAIN_SAMPLES / _BATCH)  # 34 batches per epoch


def _save_freq(answer: Any) -> str | None:
    if not isinstance(answer, int) or isinstance(answer, bool):
        return f"save_freq must be a whole number of batches (an int), you gave {received(answer)}."
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
    if not answer.restore_best_weights:
        return "Add restore_best_weights=True so the best epoch's weights are put back at the end."
    return None


def _run_recorder(cls: Any) -> tuple[list[Any], list[float]]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    callback = cls()
    schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    x = np.zeros((8, 3), dtype="float32")
    model.fit(x, x[:, :1], epochs=3, batch_size=8, verbose=0, callbacks=[schedule, callback])
    return getattr(callback, "rates", None), [0.1, 0.05, 0.1 / 3]


def _lr_recorder(answer: Any) -> str | None:
    import keras

    if not (isinstance(answer, type) and issubclass(answer, keras.callbacks.Callback)):
        return (
            "Expected a class that subclasses keras.callbacks.Callback (the class itself, "
            f"not an instance), you gave {received(answer)}."
        )
    try:
        rates, expected = _run_recorder(answer)
    except AttributeError as err:
        if "lr" in str(err):
            return (
                f"AttributeError: {err}. Keras 3 optimizers have no `.lr`: read "
                "float(self.model.optimizer.learning_rate)."
            )
        return f"Training with your callback failed: AttributeError: {err}."
    if rates is None:
        return "Your callback has no `rates` attribute after training; create the list in __init__."
    if not isinstance(rates, list) or len(rates) != 3:
        return f"After 3 epochs `rates` should be a list of 3 values, it is {received(rates)}."
    if not all(isinstance(r, float) for r in rates):
        return "Store plain Python floats: wrap the value in float(...)."
    if any(abs(r - e) > 1e-6 for r, e in zip(rates, expected, strict=True)):
        return (
            f"Recorded {[round(r, 4) for r in rates]}, expected {[round(e, 4) for e in expected]}: "
            "record in on_epoch_end the optimizer's current learning_rate."
        )
    return None


EXERCISES = [
    Exercise(
        id="08.save-freq",
        title="Keras 2's period=3 as a Keras 3 save_freq",
        checker=_save_freq,
        hint="An integer save_freq counts batches; an epoch of 1078 samples in batches of 32 "
        "has ceil(1078 / 32) batches.",
        solution="import math\nanswer = 3 * math.ceil(1078 / 32)  # 3 epochs x 34 batches = 102",
        wrong=(3, 34, 101, 3234, "102", 102.0),
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
            None,
            "EarlyStopping(monitor='val_accuracy')",
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
        wrong=(None, "LRRecorder", 0.01),
    ),
]
