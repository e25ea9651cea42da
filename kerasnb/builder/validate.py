"""Shape inference and learner-friendly checks, in pure Python, before Keras sees the model.

>>> from kerasnb.builder.spec import ModelSpec
>>> spec = ModelSpec.sequential((64,), [("Dense", {"units": 8}),
...                                     ("Conv2D", {"filters": 4, "kernel_size": 3})])
>>> analysis = analyze(spec)
>>> analysis.ok
False
>>> print(analysis.errors[0])  # doctest: +ELLIPSIS
Layer 'conv2d': Conv2D needs 4-D (None, height, width, channels) input, but received 2-D ...
  received: (None, 8)
  needs:    4-D (None, height, width, channels)
  fix:      a Dense layer's output is a flat vector: ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kerasnb.builder.catalogue import CATALOGUE, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.graph import Cycle, graph_order
from kerasnb.builder.shapes import Shape, fmt_shape
from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.structure import canonical_spec, check_structure

__all__ = ["Analysis", "LayerInfo", "analyze", "budget_warnings", "canonical_spec",
           "check_structure", "validate"]


@dataclass
class LayerInfo:
    """What analysis found out about one input or layer."""

    name: str
    type: str
    inputs: list[str]
    shape: Shape | None = None  # None: unknown because of an error here or upstream
    dtype: str = "float32"
    trainable: int = 0
    non_trainable: int = 0
    error: SpecError | None = None

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def shape_text(self) -> str:
        return fmt_shape(self.shape) if self.shape is not None else "?"


@dataclass
class Analysis:
    """The result of :func:`analyze`: per-layer info in graph order, and the problems found."""

    infos: dict[str, LayerInfo] = field(default_factory=dict)
    errors: list[SpecError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. too large for 2 GiB (Binder)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def trainable(self) -> int:
        return sum(i.trainable for i in self.infos.values())

    @property
    def non_trainable(self) -> int:
        return sum(i.non_trainable for i in self.infos.values())

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable


def analyze(spec: ModelSpec) -> Analysis:
    """Check the graph and infer every shape and parameter count; collect all problems.

    Every input and layer is checked again through the catalogue, however the spec was made
    (editing methods, the dataclasses, JSON edited by hand), and any failure becomes a
    SpecError in ``errors``: analysis itself never raises.

    >>> spec = ModelSpec.sequential((20,), [("Dense", {"units": 64})])
    >>> analyze(spec).total
    1344
    >>> spec.layers[0].params["units"] = float("nan")
    >>> print(analyze(spec).errors[0].needs)
    a whole number
    """
    try:
        return _analyze(spec)
    except SpecError as err:
        return Analysis(errors=[err])
    except Exception as exc:  # a bug, reported as one, never a traceback in a widget
        return Analysis(errors=[SpecError(
            f"internal error while checking the design ({type(exc).__name__}: {exc})",
            fix="this is a bug in kerasnb: please report it with the design's JSON")])


def _recheck(spec: ModelSpec, errors: list[SpecError],
             canonical_inputs_ok: set[str]) -> dict[str, dict]:
    """Check inputs and layer parameters through the catalogue; canonical params by name."""
    shape_of = CATALOGUE["Input"]
    for item in spec.inputs:
        try:
            shape_of.canonical({"shape": item.shape, "dtype": item.dtype}, item.name)
        except SpecError as err:
            errors.append(err)
            canonical_inputs_ok.discard(item.name)
    canonical: dict[str, dict] = {}
    for layer in spec.layers:
        try:
            lt = layer_type(layer.type)
            if lt.name == "Input":
                raise SpecError("Input is not a layer", layer=str(layer.name),
                                fix="list it under inputs")
            if not isinstance(layer.inputs, list) or not all(
                    isinstance(i, str) for i in layer.inputs):
                raise SpecError("the inputs of a layer must be a list of names",
                                layer=str(layer.name), received=repr(layer.inputs)[:80])
            canonical[layer.name] = lt.canonical(layer.params, str(layer.name))
        except SpecError as err:
            errors.append(err if err.layer else _named(err, str(layer.name)))
    return canonical


def _analyze(spec: ModelSpec) -> Analysis:
    from kerasnb.builder.training import check_compile

    check_structure(spec)
    result = Analysis()
    errors = result.errors
    try:
        check_compile(spec.compile, len(spec.outputs))
    except SpecError as err:
        errors.append(err)
    kinds: dict[str, str] = {}
    for item in spec.inputs:
        _check_name(item.name, kinds, "Input", errors)
    for layer in spec.layers:
        _check_name(layer.name, kinds, str(layer.type), errors)
    if errors:
        return result
    inputs_ok = {i.name for i in spec.inputs}
    canonical = _recheck(spec, errors, inputs_ok)
    if not spec.inputs:
        errors.append(SpecError("the model has no input", fix="add an Input with the shape of "
                                "one sample, e.g. (28, 28, 1)"))
    for item in spec.inputs:
        ok = item.name in inputs_ok
        result.infos[item.name] = LayerInfo(item.name, "Input", [],
                                            tuple(item.shape) if ok else None, item.dtype)

    by_name = {layer.name: layer for layer in spec.layers}
    for layer in spec.layers:
        if layer.name not in canonical:
            continue
        lt = layer_type(layer.type)
        missing = [i for i in layer.inputs if i not in kinds]
        if missing:
            errors.append(SpecError(
                f"reads from {', '.join(map(repr, missing))}, which does not exist",
                layer=layer.name, received=", ".join(layer.inputs),
                needs="names of inputs or layers: " + ", ".join(kinds),
                fix="choose its inputs among the existing names"))
        elif not layer.inputs:
            errors.append(SpecError("has no input", layer=layer.name,
                                    fix="choose the layer(s) it reads from"))
        elif not lt.min_inputs <= len(layer.inputs) <= lt.max_inputs:
            many = lt.max_inputs > 1
            errors.append(SpecError(
                f"{lt.name} takes {'at least 2 inputs' if many else 'exactly one input'}, "
                f"but has {len(layer.inputs)}", layer=layer.name,
                received=", ".join(layer.inputs),
                needs="2 or more inputs" if many else "one input",
                fix=("choose its inputs in 'reads from' (Ctrl-click, Cmd-click on a Mac, to pick "
                     "several), or add_layer(..., inputs=[a, b])" if many else
                     "merge the branches first with Concatenate or Add")))
        elif len(set(layer.inputs)) != len(layer.inputs):
            errors.append(SpecError("reads the same input twice", layer=layer.name,
                                    received=", ".join(layer.inputs),
                                    fix="connect distinct branches"))

    order = _topological(spec, by_name, errors)
    if order is None:
        return result

    for name in order:
        layer = by_name[name]
        info = LayerInfo(name, layer.type, list(layer.inputs))
        result.infos[name] = info
        upstream = [result.infos.get(i) for i in layer.inputs]
        if name not in canonical:
            info.error = next((e for e in errors if e.layer == name), None)
            continue
        if not upstream or any(
                u is None or u.shape is None for u in upstream):
            continue
        lt = layer_type(layer.type)
        full = lt.full_params(canonical[name])
        shapes = [u.shape for u in upstream]  # type: ignore[union-attr]
        try:
            info.shape, info.dtype = lt.infer(full, shapes, [u.dtype for u in upstream])
            info.trainable, info.non_trainable = lt.count(full, shapes)
        except SpecError as err:
            err = _named(err, name)
            info.error = err
            errors.append(err)

    _check_outputs(spec, by_name, result, errors)
    for err in errors:  # every layer named by a problem is marked in the list and summary
        info = result.infos.get(err.layer) if isinstance(err.layer, str) else None
        if info is not None and info.error is None:
            info.error = err
    result.warnings += budget_warnings(result)
    return result


PARAMS_WARN = 20_000_000
"""Parameters above which the design is flagged: with Adam each weight takes 16 bytes while
training (the weight, its gradient and two moments), so 20 million is about 320 MB."""
PARAMS_MAX = 100_000_000
"""Parameters above which ``build()`` refuses: about 1.6 GB while training, close to the
2 GiB a free Binder session has for everything (Python, TensorFlow, the data)."""
ACTIVATIONS_WARN = 256 * 1024 * 1024
"""Bytes of layer outputs for a batch of 32 above which the design is flagged (256 MiB)."""


def budget_warnings(analysis: Analysis) -> list[str]:
    """Sentences about a design too large for a 2 GiB notebook session (Binder's limit).

    >>> budget_warnings(Analysis(infos={"d": LayerInfo("d", "Dense", [], (10,),
    ...                                                 trainable=30_000_000)}))[0][:40]
    'The design has 30,000,000 parameters: ab'
    """
    notes = []
    total = analysis.total
    if total > PARAMS_WARN:
        notes.append(f"The design has {total:,} parameters: about {total * 16 / 2**30:.1f} GiB "
                     "while training with Adam (weights, gradients and two moments, 4 bytes "
                     "each), which does not fit well in the 2 GiB of a Binder session"
                     + ("; build() refuses designs above "
                        f"{PARAMS_MAX:,} parameters" if total > PARAMS_MAX else ""))
    values = sum(math.prod(d for d in i.shape if d) for i in analysis.infos.values()
                 if i.shape)
    if values * 4 * 32 > ACTIVATIONS_WARN:
        notes.append(f"The layer outputs of one batch of 32 take about "
                     f"{values * 128 / 2**20:,.0f} MiB (kept for the backward pass): use a "
                     "smaller batch or input, or pool earlier")
    return notes


def validate(spec: ModelSpec) -> Analysis:
    """Raise the first problem of :func:`analyze` as a SpecError; return the analysis if none.

    >>> spec = ModelSpec.sequential((10,), [("LSTM", {"units": 4})])
    >>> validate(spec)
    Traceback (most recent call last):
    ...
    kerasnb.builder.errors.SpecError: Layer 'lstm': LSTM needs 3-D (None, timesteps, features) \
input, but received 2-D input (batch axis included)
      received: (None, 10)
      needs:    3-D (None, timesteps, features)
      fix:      an RNN reads a sequence: use an Input of shape (timesteps, features), put an \
Embedding before it for token ids, or add Reshape((n, 1))
    """
    result = analyze(spec)
    if result.errors:
        raise result.errors[0]
    if not spec.layers:
        raise SpecError("the model has no layers yet", fix="add a layer")
    return result


def _named(err: SpecError, layer: str) -> SpecError:
    return SpecError(err.message, layer=layer, received=err.received, needs=err.needs,
                     fix=err.fix)


def _check_name(name: str, kinds: dict[str, str], type_name: str,
                errors: list[SpecError]) -> None:
    if not isinstance(name, str) or not name.strip() or "/" in name:
        errors.append(SpecError("a name must be a non-empty text without '/'",
                                received=repr(name), fix="rename it, e.g. 'dense_1'"))
    elif name in kinds:
        errors.append(SpecError(
            f"the name {name!r} is used twice (by a {kinds[name]} and a {type_name})",
            layer=name, received=name, needs="a different name for every input and layer",
            fix=f"rename one of them, e.g. {name + '_2'!r}"))
    else:
        kinds[name] = type_name


def _topological(spec: ModelSpec, by_name: dict, errors: list[SpecError]) -> list[str] | None:
    """Layers in graph order, or None (with an error) on a cycle."""
    try:
        return graph_order({x.name: list(x.inputs) for x in spec.layers}, spec.outputs)
    except Cycle as cycle:
        path = cycle.path
        errors.append(SpecError(
            "the layers form a cycle: " + " -> ".join(path), layer=path[0],
            received=" -> ".join(path),
            needs="data flowing one way, from the inputs to the outputs",
            fix=f"remove {path[-2]!r} from the inputs of {path[-1]!r}"))
        return None


def _check_outputs(spec: ModelSpec, by_name: dict, result: Analysis,
                   errors: list[SpecError]) -> None:
    if spec.layers and not spec.outputs:
        errors.append(SpecError("the model has no output", fix="mark the last layer of each "
                                "branch as an output"))
    inputs = {i.name for i in spec.inputs}
    used: set[str] = set()
    for out in spec.outputs:
        if out in inputs:
            errors.append(SpecError(f"the output {out!r} is an input, not a layer", layer=out,
                                    fix="choose a layer as the output"))
            continue
        if out not in by_name:
            errors.append(SpecError(f"the output {out!r} does not exist", received=out,
                                    needs="one of " + ", ".join(by_name),
                                    fix="choose an existing layer as the output"))
            continue
        ancestors = _ancestors(out, by_name)
        used |= ancestors
        dangling = [a for a in ancestors if a in by_name and not by_name[a].inputs]
        if not ancestors & inputs or dangling:
            where = f": {dangling[0]!r} has no input" if dangling else ""
            errors.append(SpecError(
                f"the output {out!r} does not depend on any input{where}", layer=out,
                needs="a path from an Input to every output",
                fix="connect the first layer of this branch to an input"))
    if spec.outputs and all(o in by_name for o in spec.outputs):
        for name in [i.name for i in spec.inputs] + [layer.name for layer in spec.layers]:
            if name not in used:
                kind = "input" if name in inputs else "layer"
                errors.append(SpecError(
                    f"this {kind} is not used by any output", layer=name,
                    needs=f"every {kind} on a path to an output",
                    fix="connect it to a layer that leads to an output, mark it as an "
                        "output, or remove it"))


def _ancestors(name: str, by_name: dict) -> set[str]:
    seen = {name}
    stack = [name]
    while stack:
        node = by_name.get(stack.pop())
        if node is None:
            continue
        for i in node.inputs:
            if i not in seen:
                seen.add(i)
                stack.append(i)
    return seen
