"""Editing a model spec: adding, inserting, moving, removing and renaming layers and inputs,
choosing outputs and compile settings. Every edit checks its values through the catalogue
and leaves the spec unchanged when it fails.

>>> from kerasnb.builder.spec import ModelSpec
>>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3})])
>>> spec.append("Dense", {"units": 1}).name, spec.outputs
('dense_1', ['dense_1'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kerasnb.builder.args import name_arg, names_arg, whole_arg
from kerasnb.builder.catalogue import CATALOGUE, default_name, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.parts import InputSpec, LayerSpec


class Editing:
    """The editing methods of :class:`~kerasnb.builder.spec.ModelSpec`."""

    inputs: list[InputSpec]
    layers: list[LayerSpec]
    outputs: list[str]
    compile: dict[str, Any] | None

    def unique_name(self, type_name: str) -> str:
        """Keras-style default name: ``dense``, then ``dense_1``, ``dense_2``...

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> ModelSpec.sequential((3,), [("Dense", {"units": 1})]).unique_name("Dense")
        'dense_1'
        """
        lt_name = layer_type(type_name).name
        base = "input_layer" if lt_name == "Input" else default_name(lt_name)
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

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> ModelSpec.sequential((4,), [("Dense", {"units": 2})]).make_layer("Dense").name
        'dense_1'
        """
        lt = layer_type(type_name)
        if lt.name == "Input":
            raise SpecError("Input is not a layer of the stack", layer=name,
                            fix="use add_input(...) for another model input")
        params = lt.suggested() if params is None else params
        name = None if name is None else name_arg(name, "name")
        return LayerSpec(name or self.unique_name(lt.name), lt.name,
                         lt.canonical(params, name or lt.name), list(inputs or []))

    def add_layer(self, type_name: str, params: dict[str, Any] | None = None,
                  inputs: Sequence[str] | str = (), name: str | None = None) -> str:
        """Add a layer reading from ``inputs`` (graph editing); returns its name.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec(inputs=[InputSpec("x", [4])])
        >>> spec.add_layer("Dense", {"units": 2}, "x")
        'dense'
        """
        inputs = names_arg(inputs, "inputs")
        layer = self.make_layer(type_name, params, name, inputs)
        if layer.name in self.names:
            raise SpecError(f"the name {layer.name!r} is used twice", layer=layer.name,
                            fix="pick a name no other layer has")
        self.layers.append(layer)
        return layer.name

    def set_inputs_of(self, name: str, inputs: Sequence[str]) -> None:
        """Choose which inputs/layers a layer reads from.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 2}), ("Dense", {"units": 1})])
        >>> spec.set_inputs_of("dense_1", ["input_layer"])
        >>> spec.is_chain
        False
        """
        inputs = names_arg(inputs, "inputs")
        self.layer(name).inputs = inputs

    def append(self, type_name: str, params: dict[str, Any] | None = None,
               name: str | None = None) -> LayerSpec:
        """Add a layer at the end of a chain (it reads the current output and becomes it).

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [])
        >>> spec.append("Dense", {"units": 2}).inputs, spec.outputs
        (['input_layer'], ['dense'])
        """
        return self.insert(len(self.layers), type_name, params, name)

    def insert(self, index: int, type_name: str, params: dict[str, Any] | None = None,
               name: str | None = None) -> LayerSpec:
        """Insert a layer at ``index`` of a chain and rewire the chain.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((8, 8, 1), [("Dense", {"units": 2})])
        >>> _ = spec.insert(0, "Flatten")
        >>> [x.name for x in spec.layers], spec.layer("dense").inputs
        (['flatten', 'dense'], ['flatten'])
        """
        index = whole_arg(index, "index")
        layer = self.make_layer(type_name, params, name)
        chain = self._chain_order()
        chain.insert(max(0, min(index, len(chain))), layer)
        self._set_chain(chain)
        return layer

    def remove(self, name: str) -> None:
        """Remove a layer; in a chain the neighbours are reconnected.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

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
        remaining = [o for o in self.outputs if o != name]
        self._keep_losses(remaining)
        self.outputs = remaining

    def move(self, name: str, offset: int) -> None:
        """Move a layer of a chain up (offset < 0) or down.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3}), ("Dropout", {"rate": 0.1})])
        >>> spec.move("dropout", -1)
        >>> [x.name for x in spec.layers]
        ['dropout', 'dense']
        """
        offset = whole_arg(offset, "offset")
        chain = self._chain_order()
        self.layer(name)  # a SpecError naming the layers when there is no such layer
        i = next(k for k, x in enumerate(chain) if x.name == name)
        j = max(0, min(len(chain) - 1, i + offset))
        chain.insert(j, chain.pop(i))
        self._set_chain(chain)

    def set_param(self, name: str, key: str, value: Any) -> None:
        """Change one parameter; the spec is unchanged if the value is invalid.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3})])
        >>> spec.set_param("dense", "activation", "relu")
        >>> spec.layer("dense").params
        {'units': 3, 'activation': 'relu'}
        """
        layer = self.layer(name)
        lt = layer_type(layer.type)
        if not isinstance(key, str) or key not in lt.names:
            raise SpecError(f"{lt.name} has no parameter {key!r}", layer=name,
                            received=f"key={key!r:.60}",
                            needs="one of " + ", ".join(p.name for p in lt.params))
        params = dict(layer.params)
        if value is None and not lt.param(key).required and not lt.param(key).nullable \
                and lt.param(key).kind not in ("activation", "regularizer"):
            params.pop(key, None)
        else:
            params[key] = value
        layer.params = lt.canonical(params, name)

    def rename(self, old: str, new: str) -> None:
        """Rename an input or layer and every reference to it.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3})])
        >>> spec.rename("dense", "hidden")
        >>> spec.outputs
        ['hidden']
        """
        new = name_arg(new, "new")
        if not isinstance(old, str) or old not in self.names:
            raise SpecError(f"there is no input or layer named {old!r:.60}",
                            received=f"old={old!r:.60}", needs="one of " + ", ".join(self.names))
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

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> ModelSpec().add_input((8, 8, 1)).name
        'input_layer'
        """
        lt = CATALOGUE["Input"]
        params = lt.canonical({"shape": _listed(shape), "dtype": dtype}, "input")
        if params.get("shape") is None:
            raise SpecError("an input needs a shape", received="shape=None",
                            needs="the shape of one sample, e.g. (28, 28, 1)")
        name = None if name is None else name_arg(name, "name")
        spec_in = InputSpec(name or self.unique_name("Input"), params["shape"],
                            params.get("dtype", "float32"))
        if spec_in.name in self.names:
            raise SpecError(f"the name {spec_in.name!r} is already used")
        self.inputs.append(spec_in)
        return spec_in

    def set_input(self, name: str, shape: Sequence[int | None] | None = None,
                  dtype: str | None = None) -> None:
        """Change an input's shape and/or dtype.

        >>> from kerasnb.builder.spec import InputSpec, ModelSpec

        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
        >>> spec.set_input("input_layer", (6,))
        >>> spec.analyze().infos["dense"].trainable
        7
        """
        name = name_arg(name, "name")
        item = next((i for i in self.inputs if i.name == name), None)
        if item is None:
            raise SpecError(f"there is no input named {name!r}")
        lt = CATALOGUE["Input"]
        params = lt.canonical({"shape": _listed(shape if shape is not None else item.shape),
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

    def remove_input(self, name: str) -> None:
        """Remove a model input; layers that read it lose that connection.

        >>> from kerasnb.builder.spec import ModelSpec
        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
        >>> spec.add_input((3,), name="extra").name
        'extra'
        >>> spec.remove_input("extra"); [i.name for i in spec.inputs]
        ['input_layer']
        """
        name = name_arg(name, "name")
        if not any(i.name == name for i in self.inputs):
            raise SpecError(f"there is no input named {name!r}",
                            needs="one of " + ", ".join(i.name for i in self.inputs))
        self.inputs = [i for i in self.inputs if i.name != name]
        for layer in self.layers:
            layer.inputs = [x for x in layer.inputs if x != name]

    def set_outputs(self, names: Sequence[str]) -> None:
        """Choose the model's outputs (layer names, in order); per-output losses follow.

        >>> from kerasnb.builder.spec import ModelSpec
        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 2}), ("Dense", {"units": 1})])
        >>> spec.set_outputs(["dense", "dense_1"]); spec.outputs
        ['dense', 'dense_1']
        """
        names = names_arg(names, "outputs")
        layers = {x.name for x in self.layers}
        unknown = [n for n in names if n not in layers]
        if unknown or len(set(names)) != len(names):
            raise SpecError("outputs must be distinct layer names",
                            received=", ".join(map(str, names)),
                            needs="names among " + ", ".join(layers))
        self._keep_losses(names)
        self.outputs = names

    def set_compile(self, **settings: Any) -> None:
        """Change compile settings (optimizer, learning_rate, loss, metrics); the others keep
        their current (or suggested) values.

        >>> from kerasnb.builder.spec import ModelSpec
        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 1, "activation": "sigmoid"})])
        >>> spec.set_compile(optimizer="sgd"); spec.compile["loss"], spec.compile["optimizer"]
        ('binary_crossentropy', 'sgd')
        """
        from kerasnb.builder.training import check_compile

        current = self.compile_settings()
        self.compile = check_compile(current | settings, len(self.outputs))

    def set_loss(self, output: str, loss: str) -> None:
        """Choose the loss of one output (the others keep theirs).

        >>> from kerasnb.builder.spec import ModelSpec
        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
        >>> spec.set_loss("dense", "mae"); spec.compile["loss"]
        'mae'
        """
        if not isinstance(output, str) or output not in self.outputs:
            raise SpecError(f"{output!r} is not an output", received=output,
                            needs="one of " + ", ".join(self.outputs))
        losses = dict(zip(self.outputs, self.losses(), strict=True))
        losses[output] = loss
        self.set_compile(loss=[losses[o] for o in self.outputs])

    def compile_settings(self) -> dict[str, Any]:
        """The compile settings in use: the chosen ones, else the suggested ones (Adam,
        learning rate 0.001, for each output the loss that suits its activation).

        >>> from kerasnb.builder.spec import ModelSpec
        >>> spec = ModelSpec.sequential((4,), [("Dense", {"units": 3, "activation": "softmax"})])
        >>> spec.compile is None, spec.compile_settings()["loss"]
        (True, 'sparse_categorical_crossentropy')
        """
        from kerasnb.builder.training import DEFAULT_COMPILE, check_compile

        if self.compile:
            return check_compile(self.compile, len(self.outputs)) or {}
        losses = self.suggested_losses()
        loss: Any = losses[0] if len(set(losses)) == 1 else losses
        return DEFAULT_COMPILE | {"loss": loss if losses else DEFAULT_COMPILE["loss"]}

    def suggested_losses(self, outputs: Sequence[str] | None = None) -> list[str]:
        """For each output, the first loss that suits its activation (``mse`` when none)."""
        from kerasnb.builder.training import output_activation, suggested_losses

        chosen = self.outputs if outputs is None else names_arg(outputs, "outputs")
        return [(suggested_losses(output_activation(self, o)) or ["mse"])[0]  # type: ignore
                for o in chosen]

    def losses(self) -> list[str]:
        """The loss of each output, in output order (chosen or suggested)."""
        loss = self.compile_settings()["loss"]
        return list(loss) if isinstance(loss, list) else [loss] * len(self.outputs)

    def _keep_losses(self, new_outputs: list[str]) -> None:
        """Keep each output's chosen loss when the outputs change (new ones: suggested)."""
        if not self.compile or not isinstance(self.compile.get("loss"), list):
            return
        old = dict(zip(self.outputs, self.compile["loss"], strict=False))
        losses = [old.get(o) or s for o, s in zip(new_outputs,
                                                   self.suggested_losses(new_outputs),
                                                   strict=True)]
        self.compile = dict(self.compile, loss=losses[0] if len(set(losses)) <= 1 else losses)


def _listed(shape: Any) -> Any:
    """A shape given as a tuple or list, as a list (anything else is left for the check)."""
    return list(shape) if isinstance(shape, tuple | list) else shape
