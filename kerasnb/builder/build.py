"""Spec -> ``keras.Model``. Layer classes are looked up in the catalogue, never evaluated.

>>> from kerasnb.builder.spec import ModelSpec
>>> model = build_model(ModelSpec.sequential((4,), [("Dense", {"units": 2})]))
>>> model.output_shape
(None, 2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kerasnb.builder.catalogue import layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.training import compile_kwargs
from kerasnb.builder.validate import validate

if TYPE_CHECKING:
    import keras

    from kerasnb.builder.spec import ModelSpec


def keras_layer(type_name: str, params: dict[str, Any], name: str | None = None) -> Any:
    """One Keras layer object from a catalogue type and canonical parameters.

    >>> keras_layer("Conv2D", {"filters": 8, "kernel_size": [3, 3]}, name="c").kernel_size
    (3, 3)
    """
    import keras

    lt = layer_type(type_name)
    kwargs = {p.name: p.to_keras(params[p.name]) for p in lt.params if p.name in params}
    if name is not None:
        kwargs["name"] = name
    return getattr(keras.layers, lt.name)(**kwargs)


def build_model(spec: ModelSpec, compile: bool = True) -> keras.Model:
    """Build the Keras model of a spec: ``keras.Sequential`` for a chain, functional otherwise.

    Problems are reported as SpecError before Keras runs; anything Keras itself raises is
    turned into a SpecError too.
    """
    from kerasnb.builder.structure import canonical_spec
    from kerasnb.builder.validate import PARAMS_MAX

    analysis = validate(spec)
    spec = canonical_spec(spec)  # Keras sees exactly the values the gate checked
    if analysis.total > PARAMS_MAX:
        raise SpecError("the design is too large to build in a notebook session",
                        received=f"{analysis.total:,} parameters",
                        needs=f"at most {PARAMS_MAX:,} (about 1.6 GB while training; a "
                              "Binder session has 2 GiB for everything)",
                        fix="use fewer units or filters, or pool before Flatten")
    current: str | None = None
    try:
        import keras

        tensors: dict[str, Any] = {}
        for item in spec.inputs:
            current = item.name
            tensors[item.name] = keras.Input(shape=tuple(item.shape), dtype=item.dtype,
                                             name=item.name)
        by_name = {layer.name: layer for layer in spec.layers}
        if spec.is_chain:
            stack = [tensors[spec.inputs[0].name]]
            for layer in spec.layers:
                current = layer.name
                stack.append(keras_layer(layer.type, layer.params, layer.name))
            current = None
            model = keras.Sequential(stack, name=spec.name)
        else:
            for name in analysis.infos:
                if name in tensors:
                    continue
                current = name
                layer = by_name[name]
                args = [tensors[i] for i in layer.inputs]
                obj = keras_layer(layer.type, layer.params, layer.name)
                tensors[name] = obj(args if layer_type(layer.type).is_merge else args[0])
            current = None
            ins = [tensors[i.name] for i in spec.inputs]
            outs = [tensors[o] for o in spec.outputs]
            model = keras.Model(inputs=ins if len(ins) > 1 else ins[0],
                                outputs=outs if len(outs) > 1 else outs[0], name=spec.name)
        if compile and spec.compile:
            current = None
            model.compile(**compile_kwargs(spec.compile, len(spec.outputs)))
        return model
    except SpecError:
        raise
    except Exception as exc:  # Keras' own errors become readable SpecErrors
        text = str(exc).strip().splitlines()
        raise SpecError(f"Keras refused {'this layer' if current else 'the model'}: "
                        f"{text[0] if text else type(exc).__name__}", layer=current,
                        received=" ".join(text[1:3]) or None,
                        fix="change the parameters of this layer (see the message above)"
                        ) from None
