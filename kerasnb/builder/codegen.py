"""Spec -> Keras 3 code that runs as printed (``keras.Sequential`` for chains, functional
otherwise).

>>> from kerasnb.builder.spec import ModelSpec
>>> print(to_code(ModelSpec.sequential((20,), [("Dense", {"units": 1})], name="tiny")))
import keras
from keras import layers
<BLANKLINE>
model = keras.Sequential(
    [
        keras.Input(shape=(20,), name="input_layer"),
        layers.Dense(1, name="dense"),
    ],
    name="tiny",
)
<BLANKLINE>
"""

from __future__ import annotations

import json
import keyword
import re
from typing import Any

from kerasnb.builder.catalogue import layer_type
from kerasnb.builder.params import Param
from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.training import OPTIMIZERS, SGD_OPTIONS, check_compile

_RESERVED = {"keras", "layers", "model", "np", "tf"}


def literal(kind: str, value: Any) -> str:
    """Python source for one canonical value of a parameter kind (see ``Param.source``).

    >>> literal("ints", [3, 3]), literal("regularizer", {"l2": 0.01}), literal("shape", [20])
    ('(3, 3)', 'keras.regularizers.L2(0.01)', '(20,)')
    """
    return Param("value", kind, None).source(value)


def layer_call(type_name: str, params: dict[str, Any], name: str | None) -> str:
    """``layers.Conv2D(32, (3, 3), activation="relu", name="conv2d")`` for one layer."""
    lt = layer_type(type_name)
    args = []
    positional = True
    for p in lt.params:
        if p.name not in params:
            positional = positional and not p.positional
            continue
        text = p.source(params[p.name])
        if p.positional and positional:
            args.append(text)
        else:
            positional = False
            args.append(f"{p.name}={text}")
    if name is not None:
        args.append(f"name={json.dumps(name)}")
    return f"layers.{lt.name}({', '.join(args)})"


def _input_call(item: Any) -> str:
    dtype = "" if item.dtype == "float32" else f", dtype={json.dumps(item.dtype)}"
    return (f"keras.Input(shape={literal('shape', item.shape)}{dtype}, "
            f"name={json.dumps(item.name)})")


def _variables(spec: ModelSpec) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set(_RESERVED)
    for name in spec.names:
        var = re.sub(r"\W", "_", name) or "x"
        if var[0].isdigit():
            var = f"x_{var}"
        if keyword.iskeyword(var) or var in taken:
            var = f"{var}_"
        while var in taken:
            var += "_"
        taken.add(var)
        names[name] = var
    return names


def _compile_code(spec: ModelSpec) -> list[str]:
    settings = check_compile(spec.compile, len(spec.outputs))
    if not settings:
        return []
    n = len(spec.outputs)
    loss = settings["loss"]
    if n > 1 and not isinstance(loss, list):
        loss = [loss] * n
    metrics: Any = settings["metrics"]
    if n > 1 and metrics:
        metrics = [list(metrics) for _ in range(n)]
    extra = "".join(f", {k}={settings[k]!r}" for k in SGD_OPTIONS if k in settings)
    lines = ["", "model.compile(",
             f"    optimizer=keras.optimizers.{OPTIMIZERS[settings['optimizer']]}"
             f"(learning_rate={settings['learning_rate']!r}{extra}),",
             f"    loss={json.dumps(loss)},"]
    if metrics:
        lines.append(f"    metrics={json.dumps(metrics)},")
    return [*lines, ")"]


def to_code(spec: ModelSpec) -> str:
    """Keras 3 code that builds the model of ``spec`` (and compiles it, if set).

    >>> code = to_code(ModelSpec.sequential((4,), [("Dense", {"units": 2})]))
    >>> namespace = {}
    >>> exec(code, namespace)
    >>> namespace["model"].output_shape
    (None, 2)
    """
    from kerasnb.builder.structure import canonical_spec

    spec = canonical_spec(spec)  # the code shows the values the gate checked
    lines = ["import keras", "from keras import layers", ""]
    if spec.is_chain or (len(spec.inputs) == 1 and not spec.layers):
        lines += ["model = keras.Sequential(", "    [", f"        {_input_call(spec.inputs[0])},"]
        lines += [f"        {layer_call(x.type, x.params, x.name)}," for x in spec.layers]
        lines += ["    ],", f"    name={json.dumps(spec.name)},", ")"]
    else:
        var = _variables(spec)
        for item in spec.inputs:
            lines.append(f"{var[item.name]} = {_input_call(item)}")
        ordered = spec.in_graph_order().layers if spec.outputs else spec.layers
        for x in ordered:
            ins = [var.get(i, i) for i in x.inputs]
            arg = f"[{', '.join(ins)}]" if layer_type(x.type).is_merge else ", ".join(ins)
            lines.append(f"{var[x.name]} = {layer_call(x.type, x.params, x.name)}({arg})")
        ins = [var[i.name] for i in spec.inputs]
        outs = [var.get(o, o) for o in spec.outputs]
        in_text = f"[{', '.join(ins)}]" if len(ins) > 1 else ", ".join(ins)
        out_text = f"[{', '.join(outs)}]" if len(outs) > 1 else ", ".join(outs)
        lines.append(f"model = keras.Model(inputs={in_text}, outputs={out_text}, "
                     f"name={json.dumps(spec.name)})")
    lines += _compile_code(spec)
    return "\n".join(lines) + "\n"
