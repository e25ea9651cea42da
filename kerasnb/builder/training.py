"""Compile settings of a spec (optimizer, learning rate, loss, metrics) and pairing advice.

>>> suggested_losses("softmax")
['sparse_categorical_crossentropy', 'categorical_crossentropy']
>>> check_compile({"optimizer": "adam", "learning_rate": 0.001,
...                "loss": "binary_crossentropy", "metrics": ["accuracy"]})["optimizer"]
'adam'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kerasnb.builder.errors import SpecError

if TYPE_CHECKING:
    from kerasnb.builder.spec import ModelSpec
    from kerasnb.builder.validate import Analysis

OPTIMIZERS = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW",
              "adagrad": "Adagrad", "nadam": "Nadam"}
LOSSES = ("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
          "mse", "mae", "huber")
METRICS = ("accuracy", "mae", "mse")
DEFAULT_COMPILE = {"optimizer": "adam", "learning_rate": 0.001, "loss": "mse",
                   "metrics": []}
SGD_OPTIONS = {"momentum": 0.0, "nesterov": False}
"""Settings only SGD takes, with Keras' defaults (written only when they differ)."""
LEARNING_RATE_RANGE = (1e-7, 10.0)
"""The learning rates the builders accept (inclusive); outside it training diverges or stalls."""

_PAIRS = {
    "softmax": ["sparse_categorical_crossentropy", "categorical_crossentropy"],
    "sigmoid": ["binary_crossentropy"],
    "linear": ["mse", "mae", "huber"],
}
_WHY = {
    "softmax": "softmax gives class probabilities: use sparse_categorical_crossentropy for "
               "integer labels or categorical_crossentropy for one-hot labels",
    "sigmoid": "sigmoid gives a probability per output: use binary_crossentropy",
    "linear": "a linear output predicts numbers: use mse or mae (regression)",
}


def suggested_losses(activation: str | None) -> list[str]:
    """Losses that suit an output activation (empty when there is no usual pairing).

    >>> suggested_losses("sigmoid")
    ['binary_crossentropy']
    """
    return list(_PAIRS.get(activation or "linear", []))


def output_activation(spec: ModelSpec, output: str) -> str | None:
    """The activation the output ends with: its own, or the last Activation layer's.

    >>> from kerasnb.builder.spec import ModelSpec
    >>> output_activation(ModelSpec.sequential((3,), [("Dense", {"units": 1,
    ...     "activation": "sigmoid"})]), "dense")
    'sigmoid'
    """
    from kerasnb.builder.catalogue import CATALOGUE

    by_name = {layer.name: layer for layer in spec.layers}
    layer = by_name.get(output)
    seen: set[str] = set()
    while layer is not None and layer.name not in seen and layer.type in CATALOGUE:
        seen.add(layer.name)
        lt = CATALOGUE[layer.type]
        if "activation" in lt.names:
            return layer.params.get("activation", lt.param("activation").default)
        if lt.keeps_activation and len(layer.inputs) == 1:
            layer = by_name.get(layer.inputs[0])
            continue
        return None
    return None


def check_compile(settings: dict[str, Any] | None, n_outputs: int = 1) -> dict[str, Any] | None:
    """Validate compile settings and return them in canonical form."""
    if settings is None:
        return None
    if not isinstance(settings, dict):
        raise SpecError("compile settings must be a dict", received=repr(settings))
    out = DEFAULT_COMPILE | settings
    unknown = set(out) - set(DEFAULT_COMPILE) - set(SGD_OPTIONS)
    if unknown:
        raise SpecError(f"unknown compile setting(s) {sorted(map(str, unknown))}",
                        needs="optimizer, learning_rate, loss, metrics (sgd: also momentum, "
                              "nesterov)")
    _check_sgd_options(out)
    if not isinstance(out["optimizer"], str) or out["optimizer"] not in OPTIMIZERS:
        raise SpecError("unknown optimizer", received=f"optimizer={out['optimizer']!r:.60}",
                        needs="one of " + ", ".join(OPTIMIZERS))
    lr = out["learning_rate"]
    low, high = LEARNING_RATE_RANGE
    if isinstance(lr, bool) or not isinstance(lr, int | float) or not low <= lr <= high:
        raise SpecError("the learning rate must be a number between "
                        f"{low:g} and {high:g}", received=f"learning_rate={lr!r:.60}",
                        needs="e.g. 0.001 for adam, 0.01 for sgd",
                        fix="the Keras 2 argument lr= is learning_rate= in Keras 3")
    out["learning_rate"] = float(lr)
    losses = out["loss"] if isinstance(out["loss"], list) else [out["loss"]]
    if any(not isinstance(loss, str) or loss not in LOSSES for loss in losses) or (
            isinstance(out["loss"], list) and len(losses) != n_outputs):
        raise SpecError("unknown loss, or not one loss per output",
                        received=f"loss={out['loss']!r:.80}",
                        needs=f"one of {', '.join(LOSSES)} (or a list with one per output)")
    if isinstance(out["loss"], list) and len(set(losses)) == 1:
        out["loss"] = losses[0]  # one loss for every output is written once
    if not isinstance(out["metrics"], list) or any(
            not isinstance(m, str) or m not in METRICS for m in out["metrics"]):
        raise SpecError("metrics must be a list of known metric names",
                        received=f"metrics={out['metrics']!r:.80}",
                        needs="a list drawn from " + ", ".join(METRICS))
    return out


def _check_sgd_options(out: dict[str, Any]) -> None:
    given = {k: out[k] for k in SGD_OPTIONS if k in out}
    if given and out["optimizer"] != "sgd":
        raise SpecError(f"{', '.join(given)} only apply to the sgd optimizer",
                        received=f"optimizer={out['optimizer']!r}", needs="optimizer='sgd'")
    momentum = given.get("momentum", 0.0)
    if isinstance(momentum, bool) or not isinstance(momentum, int | float) or not (
            0 <= momentum < 1):
        raise SpecError("momentum must be a number in [0, 1)", received=f"momentum={momentum!r}",
                        needs="e.g. 0.9")
    if not isinstance(given.get("nesterov", False), bool):
        raise SpecError("nesterov must be True or False",
                        received=f"nesterov={given['nesterov']!r:.60}")
    for key, default in SGD_OPTIONS.items():  # Keras' defaults are not written
        if key in out and out[key] == default:
            del out[key]
        elif key in out:
            out[key] = float(out[key]) if key == "momentum" else out[key]


def compile_advice(spec: ModelSpec, analysis: Analysis | None = None) -> list[str]:
    """Sentences that flag an unusual loss for an output's activation.

    >>> from kerasnb.builder.spec import ModelSpec
    >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 4, "activation": "softmax"})])
    >>> spec.compile = {"loss": "mse"}
    >>> compile_advice(spec)[0].startswith("Output 'dense' ends in softmax")
    True
    """
    if not spec.compile:
        return []
    loss = spec.compile.get("loss", DEFAULT_COMPILE["loss"])
    losses = loss if isinstance(loss, list) else [loss] * len(spec.outputs)
    notes = []
    for out, chosen in zip(spec.outputs, losses, strict=False):
        act = output_activation(spec, out)
        good = suggested_losses(act)
        if act is not None and good and chosen not in good:
            notes.append(f"Output {out!r} ends in {act} but the loss is {chosen}: "
                         f"{_WHY[act]}.")
        if act == "softmax" and analysis is not None and out in analysis.infos:
            shape = analysis.infos[out].shape
            if shape and shape[-1] == 1:
                notes.append(f"Output {out!r} is a softmax over 1 unit, which is always 1.0: "
                             "use sigmoid for a yes/no output, or one unit per class.")
    return notes


def compile_kwargs(settings: dict[str, Any], n_outputs: int) -> dict[str, Any]:
    """The keyword arguments of ``model.compile`` (builds the optimizer object)."""
    import keras

    settings = check_compile(settings, n_outputs) or {}
    optimizer = getattr(keras.optimizers, OPTIMIZERS[settings["optimizer"]])(
        learning_rate=settings["learning_rate"],
        **{k: settings[k] for k in SGD_OPTIONS if k in settings})
    metrics: Any = list(settings["metrics"])
    if n_outputs > 1 and metrics:
        metrics = [list(metrics) for _ in range(n_outputs)]
    loss = settings["loss"]
    if n_outputs > 1 and not isinstance(loss, list):
        loss = [loss] * n_outputs
    return {"optimizer": optimizer, "loss": loss, "metrics": metrics}
