"""Exercises of 05_functional_api.ipynb.

>>> [ex.id for ex in EXERCISES]
['05.two-heads', '05.history-key', '05.custom-metric']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Code, Exercise, Wrong, received


def _activation_name(layer: Any) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))


def _two_heads(answer: Any) -> str | None:
    import keras

    if not isinstance(answer, keras.Model):
        return (
            "Expected a keras.Model built with keras.Model(inputs, outputs), "
            f"you gave {received(answer)}."
        )
    if getattr(answer, "inputs", None) is None:
        return (
            f"{type(answer).__name__} is a subclass of keras.Model with its own call(); build it "
            "with keras.Input(...) and keras.Model(inputs=[...], outputs=[...]) so it has named "
            "inputs and outputs."
        )
    shapes = sorted(tuple(t.shape) for t in answer.inputs)
    wanted = sorted([(None, 8, 8, 1), (None, 16)])
    if shapes != wanted:
        return (
            f"The model's inputs have shapes {shapes}; expected two inputs, (None, 8, 8, 1) for "
            "the image and (None, 16) for the ink profile: keras.Input(shape=(8, 8, 1)) and "
            "keras.Input(shape=(16,))."
        )
    names = list(answer.output_names)
    if sorted(names) != ["digit", "ink"]:
        return (
            f"The model's outputs are named {names}; expected two outputs named 'digit' and "
            "'ink'. Give the last layer of each head name='digit' / name='ink'."
        )
    by_name = dict(zip(names, answer.outputs, strict=True))
    if tuple(by_name["digit"].shape) != (None, 10):
        return f"The 'digit' output has shape {tuple(by_name['digit'].shape)}; expected (None, 10)."
    if tuple(by_name["ink"].shape) != (None, 1):
        shape = tuple(by_name["ink"].shape)
        return f"The 'ink' output has shape {shape}; expected (None, 1): one number per image."
    if _activation_name(answer.get_layer("digit")) != "softmax":
        return (
            "The 'digit' layer should use activation='softmax' so its 10 outputs are "
            "probabilities that add up to 1."
        )
    ink_activation = _activation_name(answer.get_layer("ink"))
    if ink_activation != "linear":
        return (
            f"The 'ink' layer uses activation '{ink_activation}'. A regression output needs no "
            "activation (the default, 'linear'), so it can take any value."
        )
    return None


def _history_key(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"Expected a string such as 'loss', you gave {received(answer)}."
    key = answer.strip()
    if key == "val_parity_accuracy":
        return None
    if key in ("val_acc", "val_parity_acc", "parity_acc"):
        return (
            f"{key!r} is how Keras 2.2 spelt it. Keras 3 keeps the metric name you typed "
            "('accuracy') and prefixes the output's name."
        )
    if key == "parity_accuracy":
        return "That is the accuracy on the training data; validation keys start with 'val_'."
    if key == "val_accuracy":
        return "With several outputs each metric is prefixed with its output's name."
    if key == "parity_val_accuracy":
        return "The 'val_' prefix comes first, before the output's name."
    return (
        f"{key!r} is not a key Keras would write. Keys are [val_]<output name>_<metric name>, "
        "as in 'digit_loss' or 'val_digit_accuracy'."
    )


# Probes of the custom metric: (y_true, y_pred, share of right predictions at threshold 0.5).
# Different sizes and different answers, so a function that returns a constant, ignores one of
# its arguments or is fitted to one vector cannot pass.
_PROBES = (
    ([1, 0, 1, 0, 1, 0, 1, 1], [0.9, 0.2, 0.4, 0.7, 0.6, 0.1, 0.51, 0.05], 5 / 8),
    ([1, 0, 1, 0, 0], [0.8, 0.3, 0.9, 0.45, 0.2], 1.0),
    ([1, 1, 0, 0], [0.3, 0.49, 0.7, 0.2], 1 / 4),
    ([0, 1, 0], [0.9, 0.1, 0.55], 0.0),
)


def _column(values: list[float]) -> Any:
    import numpy as np

    return np.array(values, dtype="float32").reshape(-1, 1)


def _probe(metric: Any) -> list[float] | str:
    """The metric's value on every probe, or why it could not be computed."""
    import numpy as np
    from keras import ops

    values = []
    for y_true, y_pred, _ in _PROBES:
        shape = (len(y_true), 1)
        try:
            value = metric(ops.convert_to_tensor(_column(y_true)),
                           ops.convert_to_tensor(_column(y_pred)))
        except Exception as exc:
            return (
                f"Calling your function on tensors of shape {shape} raised "
                f"{type(exc).__name__}: {exc}. Use keras.ops functions "
                "(ops.greater, ops.cast, ops.equal, ops.mean)."
            )
        try:
            values.append(float(np.mean(ops.convert_to_numpy(value))))
        except Exception:
            return (
                f"On tensors of shape {shape} your function returned {received(value)}, not a "
                "number: return the mean with ops.mean(...)."
            )
    return values


def _in_evaluate(metric: Any) -> str | None:
    """Why the metric fails inside a compiled model's evaluate (graph mode), or None."""
    import keras

    def hits(y_true: Any, y_pred: Any) -> Any:  # a fixed name: Keras names the metric after it
        return metric(y_true, y_pred)

    y_true, y_pred, expected = _PROBES[0]
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Identity()])
    model.compile(loss="mse", metrics=[hits], jit_compile=False)
    try:
        logs = model.evaluate(_column(y_pred), _column(y_true), batch_size=len(y_true),
                              verbose=0, return_dict=True)
        got = [float(value) for key, value in logs.items() if key != "loss"]
        if got and abs(got[0] - expected) <= 1e-5:
            return None
        what = f"it gave {got}, expected {expected}"
    except Exception as exc:
        what = f"{type(exc).__name__}: {str(exc)[:200]}"
    return (
        "Your function works on tensors but not inside model.compile(metrics=[...]) and "
        f"evaluate, where Keras runs it as a graph ({what}). Use keras.ops only, no NumPy "
        "and no .numpy()."
    )


def _custom_metric(answer: Any) -> str | None:
    import numpy as np

    if not callable(answer):
        return (
            f"Expected a function parity_hits(y_true, y_pred), you gave {received(answer)}. "
            "Put the function itself in answer, without calling it."
        )
    values = _probe(answer)
    if isinstance(values, str):
        return values
    expected = [share for _, _, share in _PROBES]
    if all(abs(g - e) < 1e-6 for g, e in zip(values, expected, strict=True)):
        return _in_evaluate(answer)
    if max(values) - min(values) < 1e-9:
        return (
            f"Your function gives {values[0]:.3f} whatever the inputs; it should change with "
            f"them (expected {[round(e, 3) for e in expected]} on four different batches)."
        )
    if all(abs(g - float(np.mean(p))) < 1e-6 for g, (_, p, _) in zip(values, _PROBES, strict=True)):
        return (
            "Your function returns the mean prediction (the Keras 2 guide's mean_pred), not the "
            "share of correct answers: compare (y_pred > 0.5) with y_true first."
        )
    if all(abs(g - (1 - e)) < 1e-6 for g, e in zip(values, expected, strict=True)):
        return (
            "Your function gives the share of WRONG predictions (1 - the right value): count "
            "the samples where the thresholded prediction equals y_true."
        )
    above = [float(np.mean(np.array(p) > 0.5)) for _, p, _ in _PROBES]
    if all(abs(g - a) < 1e-6 for g, a in zip(values, above, strict=True)):
        return (
            "Your function gives the share of predictions above 0.5 and never looks at y_true: "
            "compare the thresholded predictions with y_true."
        )
    first = _PROBES[0]
    return (
        f"On {len(first[0])} samples with 5 correct predictions at threshold 0.5 your function "
        f"gave {values[0]:.3f}; expected {first[2]}. Over four batches it gave "
        f"{[round(v, 3) for v in values]}, expected {[round(e, 3) for e in expected]}. "
        "Threshold y_pred at 0.5, compare with y_true, cast to float, then average."
    )


def _seed_mean_pred(y_true: Any, y_pred: Any) -> Any:
    from keras import ops

    return ops.mean(y_pred)


def _heads(digit: str = "layers.Dense(10, activation='softmax', name='digit')",
           ink: str = "layers.Dense(1, name='ink')", profile: str = "(16,)") -> Code:
    """Code for a two-input, two-head model like the solution's, changed in one place."""
    return Code(
        "image = keras.Input(shape=(8, 8, 1))\n"
        f"profile = keras.Input(shape={profile})\n"
        "x = layers.Concatenate()([layers.Flatten()(image), layers.Flatten()(profile)])\n"
        f"answer = keras.Model([image, profile], [{digit}(x), {ink}(x)])\n"
    )


_HITS = """\
def hits(y_true, y_pred):
    return ops.cast(ops.equal(ops.cast(ops.greater(y_pred, 0.5), 'float32'), y_true), 'float32')
"""

EXERCISES = [
    Exercise(
        id="05.two-heads",
        title="Two inputs, a classifier and a regressor",
        checker=_two_heads,
        hint="Two keras.Input, call layers on them, Concatenate, then two Dense heads with "
        "name='digit' (softmax) and name='ink' (1 unit, no activation).",
        setup="import keras\nfrom keras import layers",
        solution=(
            "image = keras.Input(shape=(8, 8, 1), name='image')\n"
            "profile = keras.Input(shape=(16,), name='ink_profile')\n"
            "x = layers.Flatten()(image)\n"
            "x = layers.Concatenate()([x, profile])\n"
            "x = layers.Dense(32, activation='relu')(x)\n"
            "digit = layers.Dense(10, activation='softmax', name='digit')(x)\n"
            "ink = layers.Dense(1, name='ink')(x)\n"
            "answer = keras.Model(inputs=[image, profile], outputs=[digit, ink])"
        ),
        wrong=(
            Wrong(None, "Expected a keras.Model"),
            Wrong("model", "Expected a keras.Model"),
            Wrong(3, "Expected a keras.Model"),
            Wrong(Code("class Heads(keras.Model):\n"
                       "    def call(self, inputs):\n"
                       "        return inputs\n"
                       "answer = Heads()\n"), "is a subclass of keras.Model"),
            Wrong(_heads(profile="(4, 4)"), "expected two inputs"),
            Wrong(_heads(digit="layers.Dense(10, activation='softmax', name='class')"),
                  "named 'digit' and 'ink'"),
            Wrong(_heads(digit="layers.Dense(9, activation='softmax', name='digit')"),
                  "The 'digit' output has shape (None, 9)"),
            Wrong(_heads(ink="layers.Dense(2, name='ink')"), "The 'ink' output has shape"),
            Wrong(_heads(digit="layers.Dense(10, activation='sigmoid', name='digit')"),
                  "activation='softmax'"),
            Wrong(_heads(ink="layers.Dense(1, activation='relu', name='ink')"),
                  "uses activation 'relu'"),
        ),
    ),
    Exercise(
        id="05.history-key",
        title="Read the history of a two-output model",
        checker=_history_key,
        hint="Validation keys start with 'val_', then the output's name, then the metric's name.",
        solution='answer = "val_parity_accuracy"',
        wrong=(
            Wrong("val_acc", "how Keras 2.2 spelt it"),
            Wrong("parity_accuracy", "accuracy on the training data"),
            Wrong("val_accuracy", "prefixed with its output's name"),
            Wrong("parity_val_accuracy", "prefix comes first"),
            Wrong("acc", "not a key Keras would write"),
            Wrong(1, "Expected a string"),
        ),
    ),
    Exercise(
        id="05.custom-metric",
        title="A metric of your own with keras.ops",
        checker=_custom_metric,
        hint="ops.cast(ops.greater(y_pred, 0.5), y_true.dtype) gives 0/1 predictions; "
        "compare them with ops.equal and average with ops.mean.",
        setup="from keras import ops",
        solution=(
            "def parity_hits(y_true, y_pred):\n"
            "    predicted = ops.cast(ops.greater(y_pred, 0.5), y_true.dtype)\n"
            "    return ops.mean(ops.cast(ops.equal(predicted, y_true), 'float32'))\n"
            "\n"
            "answer = parity_hits"
        ),
        wrong=(
            Wrong("accuracy", "Expected a function"),
            Wrong(_seed_mean_pred, "mean prediction"),
            Wrong(lambda y_true, y_pred: 1.0, "whatever the inputs"),
            # accepted before: the right value on the one vector that was probed
            Wrong(lambda y_true, y_pred: 0.625, "whatever the inputs"),
            Wrong(lambda y_true, y_pred: y_pred.nope, "raised AttributeError"),
            Wrong(lambda y_true, y_pred: None, "not a number"),
            Wrong(Code(_HITS + "answer = lambda t, p: 1 - hits(t, p)"), "share of WRONG"),
            Wrong(Code("answer = lambda t, p: ops.mean(ops.cast(ops.greater(p, 0.5), 'float32'))"),
                  "never looks at y_true"),
            Wrong(Code(_HITS + "answer = lambda t, p: ops.sum(hits(t, p))"),
                  "Over four batches"),
            Wrong(Code(_HITS + "answer = lambda t, p: float(ops.convert_to_numpy(ops.mean(hits(t, p))))"),
                  "Keras runs it as a graph"),
        ),
    ),
]

