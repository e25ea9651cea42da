"""The model spec: one plain, JSON-serialisable description of a Keras model.

Every view (Keras model, code, summary, diagram, saved file) is computed from it.

>>> spec = ModelSpec.sequential((20,), [("Dense", {"units": 64, "activation": "relu"}),
...                                     ("Dense", {"units": 10, "activation": "softmax"})])
>>> [layer.name for layer in spec.layers], spec.outputs
(['dense', 'dense_1'], ['dense_1'])
>>> ModelSpec.from_json(spec.to_json()) == spec
True
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kerasnb.builder.catalogue import CATALOGUE, layer_type
from kerasnb.builder.editing import Editing
from kerasnb.builder.errors import SpecError
from kerasnb.builder.parts import InputSpec, LayerSpec

if TYPE_CHECKING:
    import keras
    import pandas as pd

    from kerasnb.builder.validate import Analysis

FORMAT = "kerasnb.model_spec"
VERSION = 1


@dataclass
class ModelSpec(Editing):
    """A model as data: inputs, layers (in the order they were added), outputs, compile settings.

    >>> spec = ModelSpec.sequential((8, 8, 1), [("Conv2D", {"filters": 4, "kernel_size": 3}),
    ...                                         ("Flatten", {}), ("Dense", {"units": 2})])
    >>> spec.is_chain
    True
    >>> spec.analyze().infos["flatten"].shape
    (144,)
    """

    inputs: list[InputSpec] = field(default_factory=list)
    layers: list[LayerSpec] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    name: str = "model"
    compile: dict[str, Any] | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def sequential(cls, input_shape: Sequence[int | None],
                   layers: Iterable[tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], str]],
                   *, dtype: str = "float32", name: str = "sequential",
                   input_name: str = "input_layer") -> ModelSpec:
        """A chain: one input, each layer reading the previous one, the last one the output.

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 1})]).layers[0].inputs
        ['input_layer']
        """
        from kerasnb.builder.args import name_arg

        spec = cls(inputs=[InputSpec(name_arg(input_name, "input_name"), _shape(input_shape),
                                     CATALOGUE["Input"].param("dtype").check(dtype, "input"))],
                   name=name_arg(name, "name"))
        if isinstance(layers, str | dict) or not isinstance(layers, Iterable):
            raise SpecError("layers must be a list of (type, params) or (type, params, name)",
                            received=f"{layers!r:.60}", needs='e.g. [("Dense", {"units": 8})]')
        for item in layers:
            if not isinstance(item, tuple | list) or not 2 <= len(item) <= 3:
                raise SpecError("each item of layers must be (type, params) or "
                                "(type, params, name)", received=f"{item!r:.60}",
                                needs='e.g. ("Dense", {"units": 8})')
            spec.append(item[0], item[1], name=item[2] if len(item) > 2 else None)
        return spec

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelSpec:
        """Read the dict form (as saved); parameters are checked against the catalogue.

        >>> ModelSpec.from_dict({"inputs": [{"name": "x", "shape": [3]}],
        ...     "layers": [{"name": "d", "type": "Dense", "params": {"units": 1},
        ...                 "inputs": ["x"]}], "outputs": ["d"]}).layers[0].params
        {'units': 1}
        """
        if not isinstance(data, dict):
            raise SpecError("a model spec must be a dict", received=type(data).__name__,
                            needs="{'inputs': [...], 'layers': [...], 'outputs': [...]}")
        version = data.get("version", VERSION)
        if data.get("format", FORMAT) != FORMAT or not isinstance(version, int) or (
                version > VERSION):
            raise SpecError("this file is not a model spec this version can read",
                            received=f"format={data.get('format')!r}, version={version!r}",
                            needs=f"format={FORMAT!r}, version <= {VERSION}")
        from kerasnb.builder.training import check_compile

        try:
            inputs = [_input_from(d) for d in _list(data, "inputs")]
            layers = []
            for d in _list(data, "layers"):
                lt = layer_type(d["type"])
                if lt.name == "Input":
                    raise SpecError("Input is not a layer", layer=str(d["name"]),
                                    fix="list it under inputs")
                inputs_of = d.get("inputs", [])
                if isinstance(inputs_of, str):
                    inputs_of = [inputs_of]
                layers.append(LayerSpec(_name(d["name"]), lt.name,
                                        lt.canonical(d.get("params") or {}, str(d["name"])),
                                        [_name(x) for x in _list(d, "inputs", inputs_of)]))
            outputs = data.get("outputs", [])
            outputs = [outputs] if isinstance(outputs, str) else [
                _name(o) for o in _list(data, "outputs")]
            compile_settings = check_compile(copy.deepcopy(data.get("compile")), len(outputs))
        except SpecError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise SpecError(f"the model spec is missing or mangles a field ({exc!r:.80})",
                            needs="inputs: [{name, shape, dtype}], layers: [{name, type, "
                                  "params, inputs}], outputs: [names]") from None
        return cls(inputs, layers, outputs, str(data.get("name", "model")), compile_settings)

    @classmethod
    def from_json(cls, text: str) -> ModelSpec:
        """Read the JSON form (see :meth:`to_json`).

        >>> ModelSpec.from_json('{"inputs": [{"name": "x", "shape": [2]}]}').inputs[0].shape
        [2]
        """
        from kerasnb.builder.specio import read_json

        return cls.from_dict(read_json(text))

    @classmethod
    def load(cls, path: str | Path) -> ModelSpec:
        """Read a spec saved with :meth:`save`.

        >>> import tempfile, os
        >>> with tempfile.TemporaryDirectory() as d:
        ...     s = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
        ...     _ = s.save(os.path.join(d, "m.json"))
        ...     ModelSpec.load(os.path.join(d, "m.json")) == s
        True
        """
        from kerasnb.builder.specio import read_file

        return cls.from_json(read_file(path))

    @classmethod
    def from_model(cls, model: keras.Model) -> ModelSpec:
        """Describe an existing Keras model (every layer must be in the catalogue).

        >>> import keras
        >>> m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        >>> ModelSpec.from_model(m).layers[0].params
        {'units': 2}
        """
        from kerasnb.builder.fromkeras import spec_from_model

        return spec_from_model(model)

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict form (what :meth:`save` writes).

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).to_dict()["outputs"]
        ['dense']
        """
        from kerasnb.builder.structure import check_structure

        check_structure(self)
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": self.name,
                               "inputs": [i.to_dict() for i in self.inputs],
                               "layers": [layer.to_dict() for layer in self.layers],
                               "outputs": list(self.outputs)}
        if self.compile:
            out["compile"] = copy.deepcopy(self.compile)
        return out

    def to_json(self) -> str:
        """The spec as JSON text.

        >>> '"type": "Dense"' in ModelSpec.sequential((3,), [("Dense", {"units": 1})]).to_json()
        True
        """
        data = self.to_dict()
        try:
            return json.dumps(data, indent=1, allow_nan=False)
        except (TypeError, ValueError) as exc:  # numpy scalars, NaN, objects in params
            raise SpecError(f"the spec cannot be written as JSON: {exc}",
                            needs="plain numbers, texts, lists and dicts (finite numbers)",
                            fix="pass Python values, e.g. int(n) or float(x) for NumPy "
                                "scalars") from None

    def save(self, path: str | Path) -> Path:
        """Write the spec as JSON; returns the path (see :meth:`load` for an example).

        The spec is checked first (a file :meth:`load` would refuse is never written) and
        the write is atomic: if it fails, the previous file is kept.
        """
        from kerasnb.builder.specio import write_file
        from kerasnb.builder.structure import canonical_spec
        from kerasnb.builder.training import check_compile

        checked = canonical_spec(self)  # every value named if it is wrong, before any JSON
        check_compile(self.compile, len(self.outputs))
        text = checked.to_json()
        ModelSpec.from_json(text)  # what load() will read back must be valid
        return write_file(path, text + "\n")

    def with_compile(self) -> ModelSpec:
        """A copy whose compile settings are the ones in use (chosen, else suggested).

        >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
        >>> spec.with_compile().compile["loss"]
        'mse'
        """
        other = self.copy()
        other.compile = self.compile_settings()
        return other

    def copy(self) -> ModelSpec:
        """An independent copy.

        >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
        >>> spec.copy() == spec and spec.copy() is not spec
        True
        """
        return copy.deepcopy(self)

    # ------------------------------------------------------------------ queries
    @property
    def names(self) -> list[str]:
        """Every input and layer name.

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).names
        ['input_layer', 'dense']
        """
        return [i.name for i in self.inputs] + [layer.name for layer in self.layers]

    def layer(self, name: str) -> LayerSpec:
        """The layer called ``name``.

        >>> ModelSpec.sequential((3,), [("Dense", {"units": 1})]).layer("dense").type
        'Dense'
        """
        if not isinstance(name, str):
            raise SpecError("a layer name must be a text", received=f"{name!r:.60}",
                            needs="one of " + ", ".join(map(str, self.names)))
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise SpecError(f"there is no layer named {name!r}",
                        needs="one of " + ", ".join(self.names) if self.names else None)

    @property
    def is_chain(self) -> bool:
        """True when the model is a plain stack (it can be written as ``keras.Sequential``).

        >>> ModelSpec.sequential((3,), [("Dense", {"units": 1})]).is_chain
        True
        """
        if len(self.inputs) != 1 or not self.layers:
            return False
        previous = self.inputs[0].name
        for layer in self.layers:
            if layer.inputs != [previous]:
                return False
            previous = layer.name
        return self.outputs == [previous]

    def in_graph_order(self) -> ModelSpec:
        """A copy whose layers are listed in graph order (what :meth:`from_model` produces).

        The order is a depth-first walk from each output, in output order, that lists a
        layer after all of its inputs (visited in the order they are listed).

        >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
        >>> spec.in_graph_order() == spec
        True
        """
        from kerasnb.builder.graph import Cycle, graph_order

        by_name = {layer.name: layer for layer in self.layers}
        try:
            names = graph_order({x.name: list(x.inputs) for x in self.layers}, self.outputs)
        except Cycle:
            names = list(by_name)
        other = self.copy()
        other.layers = [LayerSpec(x.name, x.type, copy.deepcopy(x.params), list(x.inputs))
                        for x in (by_name[n] for n in names)]
        return other

    # ------------------------------------------------------------------ views
    def analyze(self) -> Analysis:
        """Shapes, dtypes and parameter counts of every layer, plus every problem found.

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).analyze().total
        10
        """
        from kerasnb.builder.validate import analyze

        return analyze(self)

    def validate(self) -> Analysis:
        """Like :meth:`analyze`, but raises the first problem as a SpecError.

        >>> ModelSpec.sequential((4,), [("LSTM", {"units": 2})]).validate()
        Traceback (most recent call last):
        ...
        kerasnb.builder.errors.SpecError: Layer 'lstm': LSTM needs 3-D ...
        """
        from kerasnb.builder.validate import validate

        return validate(self)

    def build(self, compile: bool = True) -> keras.Model:
        """The Keras model (compiled when the spec has compile settings).

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).build().count_params()
        10
        """
        from kerasnb.builder.build import build_model

        return build_model(self, compile=compile)

    def to_code(self) -> str:
        """Keras 3 code that builds the same model, runnable as printed.

        >>> "layers.Dense(2" in ModelSpec.sequential((4,), [("Dense", {"units": 2})]).to_code()
        True
        """
        from kerasnb.builder.codegen import to_code

        return to_code(self)

    def summary(self) -> pd.DataFrame:
        """The summary table as a pandas DataFrame.

        >>> int(ModelSpec.sequential((4,), [("Dense", {"units": 2})]).summary()["Params"].sum())
        10
        """
        from kerasnb.builder.summary import summary_frame

        return summary_frame(self)

    def diagram(self) -> str:
        """An SVG drawing of the graph (no Graphviz needed).

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).diagram().startswith("<svg")
        True
        """
        from kerasnb.builder.diagram import diagram_svg

        return diagram_svg(self)

    def _repr_html_(self) -> str:
        from kerasnb.builder.summary import summary_html

        return summary_html(self)


def _shape(shape: Sequence[int | None] | int) -> list[int | None]:
    return CATALOGUE["Input"].param("shape").check(
        list(shape) if isinstance(shape, tuple | list) else shape, "input")


def _list(data: dict[str, Any], key: str, value: Any = None) -> list[Any]:
    value = data.get(key, []) if value is None else value
    if not isinstance(value, list):
        raise SpecError(f"{key!r} must be a list", received=repr(value)[:80])
    return value


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpecError("a name must be a non-empty text", received=repr(value)[:80])
    return value


def _input_from(d: dict[str, Any]) -> InputSpec:
    lt = CATALOGUE["Input"]
    params = lt.canonical({"shape": d["shape"], "dtype": d.get("dtype", "float32")},
                          d["name"])
    return InputSpec(_name(d["name"]), params["shape"], params.get("dtype", "float32"))
