"""The gate's first step: a spec has the right shape of data, and its values in canonical form.

>>> from kerasnb.builder.spec import ModelSpec
>>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
>>> spec.layers[0].inputs = None
>>> check_structure(spec)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kerasnb.builder.errors.SpecError: ...inputs must be ...

Whatever way a spec was made (the dataclasses, JSON edited by hand), :func:`check_structure`
refuses what no view could use, and :func:`canonical_spec` gives Keras, the generated code and
the saved file exactly the values the gate checked.
"""

from __future__ import annotations

from kerasnb.builder.catalogue import CATALOGUE, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import ModelSpec


def check_structure(spec: ModelSpec) -> None:
    """Raise a SpecError unless the spec has the right shape of data, whatever way it was made.

    Inputs, layers and outputs must be lists of :class:`InputSpec`, :class:`LayerSpec` and
    names; every name, type and dtype a text, every params a dict, every shape and every
    layer's inputs a list. Values are checked later, through the catalogue. Every view (code,
    summary, diagram, JSON) calls this first, so none of them fails on a malformed spec.

    >>> from kerasnb.builder.parts import LayerSpec
    >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
    >>> spec.layers[0].inputs = "input_layer"
    >>> check_structure(spec)
    Traceback (most recent call last):
    ...
    kerasnb.builder.errors.SpecError: Layer 'dense': inputs must be a list of names
      received: 'input_layer' (str)
      needs:    e.g. ['input_layer']
    """
    from kerasnb.builder.parts import InputSpec, LayerSpec

    def shown(value: object) -> str:
        return f"{value!r:.60} ({type(value).__name__})"

    if not isinstance(spec.name, str) or not spec.name.strip():
        raise SpecError("the model's name must be a non-empty text", received=shown(spec.name),
                        needs="e.g. 'model'")
    for field_name, kind in (("inputs", InputSpec), ("layers", LayerSpec), ("outputs", str)):
        items = getattr(spec, field_name)
        if not isinstance(items, list) or not all(isinstance(x, kind) for x in items):
            raise SpecError(f"the spec's {field_name} must be a list of {kind.__name__}",
                            received=shown(items),
                            fix="build specs with ModelSpec methods or ModelSpec.from_dict")
    for item in spec.inputs:
        for attr, ok, what, needs in (
                ("name", isinstance(item.name, str), "a text", "e.g. 'image'"),
                ("shape", isinstance(item.shape, list | tuple), "a list", "e.g. [28, 28, 1]"),
                ("dtype", isinstance(item.dtype, str), "a text", "e.g. 'float32'")):
            if not ok:
                raise SpecError(f"an input's {attr} must be {what}",
                                layer=item.name if isinstance(item.name, str) else None,
                                received=shown(getattr(item, attr)), needs=needs)
    for layer in spec.layers:
        where = layer.name if isinstance(layer.name, str) else None
        for attr, ok, what, needs in (
                ("name", isinstance(layer.name, str), "a text", "e.g. 'dense_1'"),
                ("type", isinstance(layer.type, str), "a text", "a layer type such as 'Dense'"),
                ("params", isinstance(layer.params, dict)
                 and all(isinstance(k, str) for k in layer.params), "a dict",
                 "{'name': value, ...}"),
                ("inputs", isinstance(layer.inputs, list)
                 and all(isinstance(i, str) for i in layer.inputs), "a list of names",
                 "e.g. ['input_layer']")):
            if not ok:
                raise SpecError(f"{attr} must be {what}", layer=where,
                                received=shown(getattr(layer, attr)), needs=needs)


def canonical_spec(spec: ModelSpec) -> ModelSpec:
    """A copy with every input and layer parameter in canonical form (or a SpecError).

    What Keras, the generated code and the saved file see is always what the gate checked:
    a shape given as ``8`` becomes ``[8]``, ``units=3.0`` becomes ``3``.

    >>> spec = ModelSpec.sequential((3,), [("Dense", {"units": 1})])
    >>> spec.layers[0].params["units"] = 4.0
    >>> canonical_spec(spec).layers[0].params
    {'units': 4}
    """
    from kerasnb.builder.parts import InputSpec, LayerSpec

    check_structure(spec)
    shape_of = CATALOGUE["Input"]
    inputs = []
    for item in spec.inputs:
        params = shape_of.canonical({"shape": item.shape, "dtype": item.dtype}, item.name)
        inputs.append(InputSpec(item.name, params["shape"], params.get("dtype", "float32")))
    layers = [LayerSpec(x.name, layer_type(x.type).name,
                        layer_type(x.type).canonical(x.params, x.name), list(x.inputs))
              for x in spec.layers]
    other = spec.copy()
    other.inputs, other.layers = inputs, layers
    return other
