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

from kerasnb.builder.catalogue import CATALOGUE, default_name, layer_type
from kerasnb.builder.errors import SpecError

if TYPE_CHECKING:
    import keras
    import pandas as pd

    from kerasnb.builder.validate import Analysis

FORMAT = "kerasnb.model_spec"
VERSION = 1


@dataclass
class InputSpec:
    """One model input: the shape of a single sample, its dtype and its name.

    >>> InputSpec("image", [28, 28, 1]).to_dict()
    {'name': 'image', 'shape': [28, 28, 1], 'dtype': 'float32'}
    """

    name: str
    shape: list[int | None]
    dtype: str = "float32"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype}


@dataclass
class LayerSpec:
    """One layer: its catalogue type, its parameters, its name and the names it reads from.

    >>> LayerSpec("d", "Dense", {"units": 3}, ["x"]).to_dict()["inputs"]
    ['x']
    """

    name: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "params": copy.deepcopy(self.params),
                "inputs": list(self.inputs)}


@dataclass
class ModelSpec:
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
        spec = cls(inputs=[InputSpec(input_name, _shape(input_shape), dtype)], name=name)
        for item in layers:
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
        if data.get("format", FORMAT) != FORMAT or data.get("version", VERSION) > VERSION:
            raise SpecError("this file is not a model spec this version can read",
                            received=f"format={data.get('format')!r}, "
                                     f"version={data.get('version')!r}",
                            needs=f"format={FORMAT!r}, version <= {VERSION}")
        try:
            inputs = [_input_from(d) for d in data.get("inputs", [])]
            layers = []
            for d in data.get("layers", []):
                lt = layer_type(d["type"])
                inputs_of = d.get("inputs", [])
                if isinstance(inputs_of, str):
                    inputs_of = [inputs_of]
                layers.append(LayerSpec(str(d["name"]), lt.name,
                                        lt.canonical(dict(d.get("params") or {}), d["name"]),
                                        [str(x) for x in inputs_of]))
            outputs = data.get("outputs", [])
            outputs = [outputs] if isinstance(outputs, str) else [str(o) for o in outputs]
        except (KeyError, TypeError, AttributeError) as exc:
            raise SpecError(f"the model spec is missing or mangles a field ({exc})",
                            needs="inputs: [{name, shape, dtype}], layers: [{name, type, "
                                  "params, inputs}], outputs: [names]") from None
        from kerasnb.builder.training import check_compile

        return cls(inputs, layers, outputs, str(data.get("name", "model")),
                   check_compile(copy.deepcopy(data.get("compile")), len(outputs)))

    @classmethod
    def from_json(cls, text: str) -> ModelSpec:
        """Read the JSON form (see :meth:`to_json`).

        >>> ModelSpec.from_json('{"inputs": [{"name": "x", "shape": [2]}]}').inputs[0].shape
        [2]
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"the file is not valid JSON: {exc}") from None
        return cls.from_dict(data)

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
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(f"cannot read {str(path)!r}: {exc.strerror or exc}",
                            fix="check the path") from None
        return cls.from_json(text)

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
        return json.dumps(self.to_dict(), indent=1)

    def save(self, path: str | Path) -> Path:
        """Write the spec as JSON; returns the path (see :meth:`load` for an example)."""
        path = Path(path)
        try:
            path.write_text(self.to_json() + "\n", encoding="utf-8")
        except OSError as exc:
            raise SpecError(f"cannot write {str(path)!r}: {exc.strerror or exc}",
                            fix="check that the folder exists and is writable") from None
        return path

    def copy(self) -> ModelSpec:
        """An independent copy.

        >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
        >>> spec.copy() == spec and spec.copy() is not spec
        True
        """
        return ModelSpec.from_dict(self.to_dict())

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
        by_name = {layer.name: layer for layer in self.layers}
        order: list[LayerSpec] = []
        seen: set[str] = set()

        def visit(name: str) -> None:
            if name in seen or name not in by_name:
                return
            seen.add(name)
            for i in by_name[name].inputs:
                visit(i)
            order.append(by_name[name])

        for out in self.outputs:
            visit(out)
        order += [layer for layer in self.layers if layer.name not in seen]
        other = self.copy()
        other.layers = [LayerSpec(x.name, x.type, copy.deepcopy(x.params), list(x.inputs))
                        for x in order]
        return other

    # ------------------------------------------------------------------ editing
    def unique_name(self, type_name: str) -> str:
        """Keras-style default name: ``dense``, then ``dense_1``, ``dense_2``...

        >>> ModelSpec.sequential((3,), [("Dense", {"units": 1})]).unique_name("Dense")
        'dense_1'
        """
        base = "input_layer" if type_name == "Input" else default_name(type_name)
        taken = set(self.names)
        if base not in taken:
            return base
        i = 1
        while f"{base}_{i}" in taken:
            i += 1
        return f"{base}_{i}"

    def make_layer(self, type_name: str, params: dict[str, Any] | None = None,
                   name: str | None = None, inputs: list[str] | None = None) -> LayerSpec:
        """A checked LayerSpec named for this spec (not added to it).

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).make_layer("Dense").name
        'dense_1'
        """
        lt = layer_type(type_name)
        if lt.name == "Input":
            raise SpecError("Input is not a layer of the stack", layer=name,
                            fix="use add_input(...) for another model input")
        params = lt.suggested() if params is None else params
        return LayerSpec(name or self.unique_name(lt.name), lt.name,
                         lt.canonical(params, name or lt.name), list(inputs or []))

    def add_layer(self, type_name: str, params: dict[str, Any] | None = None,
                  inputs: Sequence[str] | str = (), name: str | None = None) -> str:
        """Add a layer reading from ``inputs`` (graph editing); returns its name.

        >>> spec = ModelSpec(inputs=[InputSpec("x", [4])])
        >>> spec.add_layer("Dense", {"units": 2}, "x")
        'dense'
        """
        inputs = [inputs] if isinstance(inputs, str) else list(inputs)
        layer = self.make_layer(type_name, params, name, inputs)
        if layer.name in self.names:
            raise SpecError(f"the name {layer.name!r} is used twice", layer=layer.name,
                            fix="pick a name no other layer has")
        self.layers.append(layer)
        return layer.name

    def set_inputs_of(self, name: str, inputs: Sequence[str]) -> None:
        """Choose which inputs/layers a layer reads from.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 2}), ("Dense", {"units": 1})])
        >>> spec.set_inputs_of("dense_1", ["input_layer"])
        >>> spec.is_chain
        False
        """
        self.layer(name).inputs = list(inputs)

    def append(self, type_name: str, params: dict[str, Any] | None = None,
               name: str | None = None) -> LayerSpec:
        """Add a layer at the end of a chain (it reads the current output and becomes it).

        >>> spec = ModelSpec.sequential((4,), [])
        >>> spec.append("Dense", {"units": 2}).inputs, spec.outputs
        (['input_layer'], ['dense'])
        """
        return self.insert(len(self.layers), type_name, params, name)

    def insert(self, index: int, type_name: str, params: dict[str, Any] | None = None,
               name: str | None = None) -> LayerSpec:
        """Insert a layer at ``index`` of a chain and rewire the chain.

        >>> spec = ModelSpec.sequential((8, 8, 1), [("Dense", {"units": 2})])
        >>> _ = spec.insert(0, "Flatten")
        >>> [x.name for x in spec.layers], spec.layer("dense").inputs
        (['flatten', 'dense'], ['flatten'])
        """
        layer = self.make_layer(type_name, params, name)
        chain = self._chain_order()
        chain.insert(max(0, min(index, len(chain))), layer)
        self._set_chain(chain)
        return layer

    def remove(self, name: str) -> None:
        """Remove a layer; in a chain the neighbours are reconnected.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3}), ("Dense", {"units": 1})])
        >>> spec.remove("dense")
        >>> spec.layer("dense_1").inputs
        ['input_layer']
        """
        layer = self.layer(name)
        if self._chain_like():
            chain = [x for x in self.layers if x.name != name]
            self._set_chain(chain)
            return
        self.layers.remove(layer)
        for other in self.layers:
            if name in other.inputs:
                other.inputs = [i for i in other.inputs if i != name]
        self.outputs = [o for o in self.outputs if o != name]

    def move(self, name: str, offset: int) -> None:
        """Move a layer of a chain up (offset < 0) or down.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3}), ("Dropout", {"rate": 0.1})])
        >>> spec.move("dropout", -1)
        >>> [x.name for x in spec.layers]
        ['dropout', 'dense']
        """
        chain = self._chain_order()
        i = next(k for k, x in enumerate(chain) if x.name == name)
        j = max(0, min(len(chain) - 1, i + offset))
        chain.insert(j, chain.pop(i))
        self._set_chain(chain)

    def set_param(self, name: str, key: str, value: Any) -> None:
        """Change one parameter; the spec is unchanged if the value is invalid.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3})])
        >>> spec.set_param("dense", "activation", "relu")
        >>> spec.layer("dense").params
        {'units': 3, 'activation': 'relu'}
        """
        layer = self.layer(name)
        lt = layer_type(layer.type)
        params = dict(layer.params)
        if value is None and not lt.param(key).required and not lt.param(key).nullable \
                and lt.param(key).kind not in ("activation", "regularizer"):
            params.pop(key, None)
        else:
            params[key] = value
        layer.params = lt.canonical(params, name)

    def rename(self, old: str, new: str) -> None:
        """Rename an input or layer and every reference to it.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3})])
        >>> spec.rename("dense", "hidden")
        >>> spec.outputs
        ['hidden']
        """
        new = new.strip()
        if not new or "/" in new:
            raise SpecError("a name must be non-empty and must not contain '/'", layer=old,
                            received=repr(new))
        if new != old and new in self.names:
            raise SpecError(f"the name {new!r} is already used", layer=old,
                            fix="pick a name no other layer has")
        for item in [*self.inputs, *self.layers]:
            if item.name == old:
                item.name = new
        for layer in self.layers:
            layer.inputs = [new if i == old else i for i in layer.inputs]
        self.outputs = [new if o == old else o for o in self.outputs]

    def add_input(self, shape: Sequence[int | None], dtype: str = "float32",
                  name: str | None = None) -> InputSpec:
        """Add a model input (the shape of one sample).

        >>> ModelSpec().add_input((8, 8, 1)).name
        'input_layer'
        """
        lt = CATALOGUE["Input"]
        params = lt.canonical({"shape": list(shape), "dtype": dtype})
        spec_in = InputSpec(name or self.unique_name("Input"), params["shape"],
                            params.get("dtype", "float32"))
        if spec_in.name in self.names:
            raise SpecError(f"the name {spec_in.name!r} is already used")
        self.inputs.append(spec_in)
        return spec_in

    def set_input(self, name: str, shape: Sequence[int | None] | None = None,
                  dtype: str | None = None) -> None:
        """Change an input's shape and/or dtype.

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
        >>> spec.set_input("input_layer", (6,))
        >>> spec.analyze().infos["dense"].trainable
        7
        """
        item = next((i for i in self.inputs if i.name == name), None)
        if item is None:
            raise SpecError(f"there is no input named {name!r}")
        lt = CATALOGUE["Input"]
        params = lt.canonical({"shape": list(shape if shape is not None else item.shape),
                               "dtype": dtype or item.dtype}, name)
        item.shape, item.dtype = params["shape"], params.get("dtype", "float32")

    def _chain_like(self) -> bool:
        return len(self.inputs) == 1 and all(len(x.inputs) <= 1 for x in self.layers) and (
            len(self.outputs) <= 1)

    def _chain_order(self) -> list[LayerSpec]:
        if not self._chain_like():
            raise SpecError("this edit needs a plain stack of layers", fix="use the functional "
                            "editing methods (add a layer with explicit inputs)")
        return list(self.layers)

    def _set_chain(self, chain: list[LayerSpec]) -> None:
        previous = self.inputs[0].name
        for layer in chain:
            layer.inputs = [previous]
            previous = layer.name
        self.layers = chain
        self.outputs = [chain[-1].name] if chain else []

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


def _input_from(d: dict[str, Any]) -> InputSpec:
    lt = CATALOGUE["Input"]
    params = lt.canonical({"shape": d["shape"], "dtype": d.get("dtype", "float32")},
                          d["name"])
    return InputSpec(str(d["name"]), params["shape"], params.get("dtype", "float32"))
