"""From a lesson to a ``ModelSpec``, and whether a design fits the data.

>>> from kerasnb.playground.data import make_dataset
>>> from kerasnb.playground.lesson import Lesson
>>> data = make_dataset("circles", n_samples=100)
>>> spec = lesson_spec(Lesson(hidden=[4, 2]), data)
>>> [layer.params.get("units") for layer in spec.layers]
[4, 2, 1]
>>> design_problems(spec, make_dataset("digits"))[0]
'the input takes 2 values per sample, the data has 64 (received: input shape (2,); expected: input shape (64,))'

The quick settings (hidden sizes, activation, L1/L2, dropout) make a plain stack; a design from
the builder is used as it is. Either way the output layer, the loss and the metric must suit
the task the data sets (see :class:`~kerasnb.playground.data.Task`), and the playground's
training settings (optimizer, learning rate) become the spec's compile settings.
"""

from __future__ import annotations

import copy
from typing import Any

from kerasnb.builder import ModelSpec, SpecError
from kerasnb.playground.data import Dataset
from kerasnb.playground.errors import DesignError
from kerasnb.playground.lesson import Lesson

__all__ = ["check_design", "design_problems", "design_text", "lesson_spec", "quick_spec"]


def quick_spec(lesson: Lesson, data: Dataset) -> ModelSpec:
    """The plain stack the quick settings describe, with the output the task needs.

    >>> from kerasnb.playground.data import make_dataset
    >>> spec = quick_spec(Lesson(hidden=[3], dropout=0.2, l2=0.01), make_dataset("xor"))
    >>> [layer.type for layer in spec.layers], spec.layers[0].params["kernel_regularizer"]
    (['Dense', 'Dropout', 'Dense'], {'l2': 0.01})
    """
    layers: list[tuple[str, dict[str, Any]]] = []
    for units in lesson.hidden:
        params: dict[str, Any] = {"units": units, "activation": lesson.activation}
        if lesson.l1 or lesson.l2:
            params["kernel_regularizer"] = {k: v for k, v in (("l1", lesson.l1),
                                                               ("l2", lesson.l2)) if v}
        layers.append(("Dense", params))
        if lesson.dropout:
            layers.append(("Dropout", {"rate": lesson.dropout}))
    task = data.task
    layers.append(("Dense", {"units": task.units, "activation": task.activation}))
    spec = ModelSpec.sequential((data.n_inputs,), layers, name="playground")
    return with_compile(spec, lesson, data)


def with_compile(spec: ModelSpec, lesson: Lesson, data: Dataset) -> ModelSpec:
    """A copy of ``spec`` compiled with the lesson's optimizer and the task's loss and metric."""
    out = spec.copy()
    out.compile = {"optimizer": lesson.optimizer, "learning_rate": lesson.learning_rate,
                   "loss": data.task.loss, "metrics": [data.task.metric]}
    return ModelSpec.from_dict(out.to_dict())


def lesson_spec(lesson: Lesson, data: Dataset) -> ModelSpec:
    """The lesson's design: its builder spec if it has one, else the quick settings' stack."""
    if lesson.design is None:
        return quick_spec(lesson, data)
    try:
        spec = ModelSpec.from_dict(copy.deepcopy(lesson.design))
    except SpecError as err:
        raise DesignError(f"the design is not a model spec: {err.message}",
                          received=err.received, expected=err.needs) from None
    return with_compile(spec, lesson, data)


def design_problems(spec: ModelSpec, data: Dataset) -> list[str]:
    """Why the design cannot be trained on the data; empty when it can.

    >>> from kerasnb.playground.data import make_dataset
    >>> design_problems(quick_spec(Lesson(), make_dataset("xor")), make_dataset("xor"))
    []
    """
    problems: list[str] = []
    analysis = spec.analyze()
    problems += [str(err).replace("\n", " ") for err in analysis.errors]
    if len(spec.inputs) != 1 or len(spec.outputs) != 1:
        problems.append(str(DesignError("the playground trains models with one input and one "
                                        "output", received=f"{len(spec.inputs)} inputs, "
                                        f"{len(spec.outputs)} outputs",
                                        expected="1 input, 1 output")))
        return problems
    shape = list(spec.inputs[0].shape)
    if shape != [data.n_inputs]:
        problems.append(str(DesignError(
            f"the input takes {_values(shape)} per sample, the data has {data.n_inputs}",
            received=f"input shape {_tuple(shape)}", expected=f"input shape ({data.n_inputs},)")))
    if analysis.errors:
        return problems
    task = data.task
    out_name = spec.outputs[0]
    info = analysis.infos.get(out_name)
    out_shape = tuple(info.shape) if info is not None and info.shape is not None else None
    if out_shape is not None and out_shape != (task.units,):
        problems.append(str(DesignError(
            f"the output gives {out_shape} per sample; {task.kind} needs {task.units}",
            received=f"output shape (None, {', '.join(map(str, out_shape))})",
            expected=f"a last layer Dense({task.units}, activation='{task.activation}')")))
    last = spec.layer(out_name)
    activation = last.params.get("activation", "linear") if last.type == "Dense" else None
    if activation != task.activation:
        problems.append(str(DesignError(
            f"the last layer must end in {task.activation} for {task.kind} "
            f"(loss {task.loss})", received=f"{last.type} with activation {activation!r}",
            expected=f"Dense({task.units}, activation='{task.activation}')")))
    return problems


def check_design(spec: ModelSpec, data: Dataset) -> None:
    """Raise DesignError with every problem of the design for this data (see design_problems)."""
    problems = design_problems(spec, data)
    if problems:
        raise DesignError("this design cannot be trained on the data: " + "; ".join(problems))


def _values(shape: list[Any]) -> str:
    return f"{shape[0]} values" if len(shape) == 1 else f"an array of shape {_tuple(shape)}"


def _tuple(shape: list[Any]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def design_text(spec: ModelSpec) -> str:
    """``2 → 8 tanh → 8 tanh → 1 sigmoid`` (Dropout as ``drop 0.2``)."""
    parts = [str(spec.inputs[0].shape[0]) if spec.inputs and spec.inputs[0].shape else "?"]
    for layer in spec.layers:
        if layer.type == "Dense":
            parts.append(f"{layer.params.get('units')} {layer.params.get('activation', 'linear')}")
        elif layer.type == "Dropout":
            parts.append(f"drop {layer.params.get('rate')}")
        else:
            parts.append(layer.type)
    return " → ".join(parts)
