"""Keras model -> spec, for models whose layers are all in the catalogue.

>>> import keras
>>> model = keras.Sequential([keras.Input((8,), name="x"), keras.layers.Dense(4, name="d")])
>>> spec_from_model(model).to_dict()["layers"]
[{'name': 'd', 'type': 'Dense', 'params': {'units': 4}, 'inputs': ['x']}]
"""

from __future__ import annotations

from typing import Any

from kerasnb.builder.catalogue import CATALOGUE, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import InputSpec, LayerSpec, ModelSpec
from kerasnb.builder.training import OPTIMIZERS, check_compile

_IGNORED = {"name", "trainable", "dtype", "build_config", "data_format"}


def spec_from_model(model: Any) -> ModelSpec:
    """Describe a built Keras model as a spec; unsupported features raise SpecError."""
    import keras

    if not isinstance(model, keras.Model):
        raise SpecError("from_model needs a keras.Model", received=type(model).__name__)
    try:
        inputs_t = list(model.inputs)
        outputs_t = list(model.outputs)
    except (AttributeError, ValueError):
        inputs_t = []
        outputs_t = []
    if not inputs_t:
        raise SpecError("the model has no input shape yet", layer=model.name,
                        fix="start it with keras.Input(shape=...) so every shape is known")
    order: list[Any] = []
    seen: set[int] = set()
    input_names = {id(_producer(t)): _producer(t).name for t in inputs_t}

    def visit(layer: Any) -> None:
        if id(layer) in seen or id(layer) in input_names:
            return
        seen.add(id(layer))
        for t in _inbound(layer):
            visit(_producer(t))
        order.append(layer)

    for t in outputs_t:
        visit(_producer(t))

    spec = ModelSpec(name=model.name)
    for t in inputs_t:
        shape = [None if d is None else int(d) for d in t.shape[1:]]
        spec.inputs.append(InputSpec(_producer(t).name, shape, str(t.dtype)))
    for layer in order:
        type_name = type(layer).__name__
        if type_name not in CATALOGUE or type_name == "Input":
            raise SpecError(f"the layer type {type_name} is not in the builder's catalogue",
                            layer=layer.name, fix="rebuild that part with catalogued layers")
        params = layer_params(layer)
        spec.layers.append(LayerSpec(layer.name, type_name, params,
                                     [_producer(t).name for t in _inbound(layer)]))
    spec.outputs = [_producer(t).name for t in outputs_t]
    spec.compile = _compile_settings(model, len(spec.outputs))
    return spec


def _producer(tensor: Any) -> Any:
    return tensor._keras_history.operation


def _inbound(layer: Any) -> list[Any]:
    nodes = layer._inbound_nodes
    if len(nodes) != 1:
        raise SpecError(f"the layer is used {len(nodes)} times (shared layer)", layer=layer.name,
                        needs="each layer called once",
                        fix="the builder describes each layer call separately; use distinct "
                            "layers")
    return list(nodes[0].arguments.keras_tensors)


def layer_params(layer: Any) -> dict[str, Any]:
    """Canonical catalogue parameters of a Keras layer object (checks nothing is lost)."""
    from kerasnb.builder.build import keras_layer

    type_name = type(layer).__name__
    lt = layer_type(type_name)
    config = layer.get_config()
    raw: dict[str, Any] = {}
    for p in lt.params:
        value = config.get(p.name)
        if p.kind == "layer":
            inner = getattr(layer, "forward_layer", None) or layer.layer
            value = {"type": type(inner).__name__, "params": layer_params(inner)}
        elif p.kind == "regularizer" and isinstance(value, dict):
            value = {k: float(f"{v:.7g}") for k, v in value.get("config", value).items()
                     if k in ("l1", "l2")}  # Keras keeps float32 precision
        elif type_name == "RandomContrast" and p.name == "factor":
            # Keras stores a float factor f as (0, f)
            value = value[1] if isinstance(value, tuple | list) and value[0] == 0 else value
        elif isinstance(value, tuple):
            value = list(value)
        raw[p.name] = value
    if config.get("data_format", "channels_last") != "channels_last":
        raise SpecError("the builder supports channels_last data only", layer=layer.name,
                        received=f"data_format={config['data_format']!r}")
    if not layer.trainable:
        raise SpecError("frozen layers (trainable=False) are not supported", layer=layer.name)
    try:
        params = lt.canonical(raw, layer.name)
    except SpecError as err:
        raise SpecError(f"cannot describe this layer: {err.message}", layer=layer.name,
                        received=err.received, needs=err.needs) from None
    reference = keras_layer(type_name, params).get_config()
    lost = _differences(config, reference)
    if lost:
        raise SpecError(
            "the layer sets options the builder does not show, so they would be lost",
            layer=layer.name, received=", ".join(lost),
            needs="only the parameters of the catalogue: "
                  + ", ".join(p.name for p in lt.params),
            fix="remove those options, or build this model in code instead")
    return params


def _differences(config: dict[str, Any], reference: dict[str, Any], prefix: str = "") -> list[str]:
    lost = []
    for key, value in config.items():
        if key in _IGNORED:
            continue
        other = reference.get(key)
        if isinstance(value, dict) and isinstance(other, dict):
            lost += _differences(value, other, prefix + key + ".")
        elif _norm(value) != _norm(other):
            lost.append(f"{prefix}{key}={value!r}")
    return lost


def _norm(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_norm(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def _compile_settings(model: Any, n_outputs: int) -> dict[str, Any] | None:
    if not getattr(model, "compiled", False) or model.optimizer is None:
        return None
    cfg = model.get_compile_config() or {}
    names = {v: k for k, v in OPTIMIZERS.items()}
    optimizer = names.get(type(model.optimizer).__name__)
    metrics = cfg.get("metrics") or []
    if metrics and isinstance(metrics[0], list):
        if any(m != metrics[0] for m in metrics):
            metrics = None
        else:
            metrics = metrics[0]
    settings = {"optimizer": optimizer,
                "learning_rate": float(f"{float(model.optimizer.learning_rate):.7g}"),
                "loss": cfg.get("loss"), "metrics": metrics}
    try:
        return check_compile(settings, n_outputs)
    except SpecError as err:
        raise SpecError(f"the compile settings cannot be described: {err.message}",
                        received=err.received, needs=err.needs,
                        fix="compile with an optimizer, loss and metrics named in the "
                            "builder, or compile after building") from None
