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
from kerasnb.builder.graph import graph_order
from kerasnb.builder.spec import InputSpec, LayerSpec, ModelSpec
from kerasnb.builder.training import OPTIMIZERS, check_compile

_IGNORED = {"name", "trainable", "dtype", "build_config", "data_format", "module",
            "registered_name"}


def spec_from_model(model: Any) -> ModelSpec:
    """Describe a Keras model as a spec from its public ``get_config()`` (the description a
    ``.keras`` file stores); unsupported features raise SpecError naming them."""
    if not callable(getattr(model, "get_config", None)) or not hasattr(model, "layers"):
        raise SpecError("from_model needs a keras.Model", received=type(model).__name__,
                        needs="a keras.Sequential or functional keras.Model")
    name = str(getattr(model, "name", "model"))
    try:
        config = model.get_config()
    except Exception as exc:
        raise SpecError(f"Keras cannot describe this model ({type(exc).__name__}: {exc})",
                        layer=name, fix="subclassed models cannot be described; build it "
                        "with keras.Sequential or the functional API") from None
    entries = config.get("layers") if isinstance(config, dict) else None
    if not isinstance(entries, list):
        raise SpecError("this model has no list of layers in its config", layer=name,
                        fix="subclassed models cannot be described; use keras.Sequential or "
                            "the functional API")
    spec = ModelSpec(name=str(config.get("name", name)))
    if "input_layers" in config:
        _functional(spec, config, entries)
    else:
        _sequential(spec, entries)
    spec.compile = _compile_settings(model, len(spec.outputs))
    return spec


def _input(entry: dict[str, Any]) -> InputSpec:
    cfg = entry["config"]
    shape = cfg.get("batch_shape") or cfg.get("batch_input_shape")
    dtype = cfg.get("dtype", "float32")
    if isinstance(dtype, dict):  # a dtype policy
        dtype = dtype.get("config", {}).get("name", "float32")
    return InputSpec(str(cfg.get("name", entry.get("name"))),
                     [None if d is None else int(d) for d in list(shape)[1:]], str(dtype))


def _layer(entry: dict[str, Any], inputs: list[str]) -> LayerSpec:
    type_name, cfg = entry.get("class_name"), entry.get("config", {})
    name = str(cfg.get("name", entry.get("name")))
    if type_name not in CATALOGUE or type_name == "Input":
        raise SpecError(f"the layer type {type_name} is not in the builder's catalogue",
                        layer=name, fix="rebuild that part with catalogued layers")
    return LayerSpec(name, type_name, config_params(type_name, cfg, name), inputs)


def _sequential(spec: ModelSpec, entries: list[dict[str, Any]]) -> None:
    if not entries or entries[0].get("class_name") != "InputLayer":
        raise SpecError("the model has no input shape yet", layer=spec.name,
                        fix="start it with keras.Input(shape=...) so every shape is known")
    spec.inputs.append(_input(entries[0]))
    previous = spec.inputs[0].name
    for entry in entries[1:]:
        layer = _layer(entry, [previous])
        spec.layers.append(layer)
        previous = layer.name
    spec.outputs = [previous] if spec.layers else []


def _functional(spec: ModelSpec, config: dict[str, Any], entries: list[dict[str, Any]]) -> None:
    reads: dict[str, list[str]] = {}
    by_name = {}
    for entry in entries:
        name = str(entry.get("name") or entry.get("config", {}).get("name"))
        if entry.get("class_name") == "InputLayer":
            spec.inputs.append(_input(entry))
            continue
        nodes = entry.get("inbound_nodes") or []
        if len(nodes) != 1:
            raise SpecError(f"the layer is used {len(nodes)} times (shared layer)", layer=name,
                            needs="each layer called once",
                            fix="the builder describes each layer call separately; use "
                                "distinct layers")
        reads[name] = [h[0] for h in _histories(nodes[0].get("args", []))]
        by_name[name] = entry
    input_order = [str(x[0]) for x in _refs(config.get("input_layers"))]
    spec.inputs.sort(key=lambda i: input_order.index(i.name) if i.name in input_order else 0)
    outputs = [str(x[0]) for x in _refs(config.get("output_layers"))]
    for name in graph_order(reads, outputs):
        spec.layers.append(_layer(by_name[name], reads[name]))
    spec.outputs = outputs


def _refs(refs: Any) -> list[list[Any]]:
    """``input_layers``/``output_layers``: one [name, node, tensor] or a list of them."""
    if not refs:
        return []
    return [refs] if isinstance(refs[0], str) else list(refs)


def _histories(args: Any) -> list[list[Any]]:
    """The ``keras_history`` ([layer, node, tensor]) of every tensor among a node's args."""
    if isinstance(args, dict):
        if args.get("class_name") == "__keras_tensor__":
            return [args["config"]["keras_history"]]
        return []
    if isinstance(args, list | tuple):
        return [h for a in args for h in _histories(a)]
    return []


def layer_params(layer: Any) -> dict[str, Any]:
    """Canonical catalogue parameters of a Keras layer object (checks nothing is lost)."""
    return config_params(type(layer).__name__, layer.get_config(), layer.name)


def config_params(type_name: str, config: dict[str, Any], name: str) -> dict[str, Any]:
    """Canonical catalogue parameters from a layer's config (checks nothing is lost)."""
    from kerasnb.builder.build import keras_layer

    lt = layer_type(type_name)
    raw: dict[str, Any] = {}
    for p in lt.params:
        if p.name not in config:
            continue
        value = config.get(p.name)
        if p.kind == "layer" and isinstance(value, dict):
            inner = value.get("config", {})
            value = {"type": value.get("class_name"),
                     "params": config_params(value.get("class_name"), inner, name)}
        elif p.kind == "regularizer" and isinstance(value, dict):
            value = {k: float(f"{v:.7g}") for k, v in value.get("config", value).items()
                     if k in ("l1", "l2")}  # Keras keeps float32 precision
        elif isinstance(value, tuple):
            value = list(value)
        raw[p.name] = value
    if config.get("data_format", "channels_last") not in ("channels_last", None):
        raise SpecError("the builder supports channels_last data only", layer=name,
                        received=f"data_format={config['data_format']!r}")
    if not config.get("trainable", True):
        raise SpecError("frozen layers (trainable=False) are not supported", layer=name)
    try:
        params = lt.canonical(raw, name)
    except SpecError as err:
        raise SpecError(f"cannot describe this layer: {err.message}", layer=name,
                        received=err.received, needs=err.needs) from None
    reference = keras_layer(type_name, params).get_config()
    lost = _differences(config, reference)
    if lost:
        raise SpecError(
            "the layer sets options the builder does not show, so they would be lost",
            layer=name, received=", ".join(lost),
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
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
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
    settings: dict[str, Any] = {"optimizer": optimizer, "loss": cfg.get("loss"),
                                "metrics": metrics}
    settings.update(_optimizer_settings(model.optimizer, optimizer))
    try:
        return check_compile(settings, n_outputs)
    except SpecError as err:
        raise SpecError(f"the compile settings cannot be described: {err.message}",
                        received=err.received, needs=err.needs,
                        fix="compile with an optimizer, loss and metrics named in the "
                            "builder, or compile after building") from None


def _optimizer_settings(optimizer: Any, short: str | None) -> dict[str, Any]:
    """Learning rate (and SGD's momentum/nesterov) of an optimizer; other options it sets
    (a learning-rate schedule, clipnorm, weight decay, ...) raise SpecError naming them."""
    config = optimizer.get_config()
    rate = config.get("learning_rate")
    if isinstance(rate, dict):
        raise SpecError("the optimizer uses a learning-rate schedule "
                        f"({rate.get('class_name')}), which the builder cannot describe",
                        received=f"learning_rate={rate.get('class_name')}(...)",
                        needs="a constant learning rate",
                        fix="compile with a number as learning_rate, or add the schedule to "
                            "the generated code yourself")
    out: dict[str, Any] = {"learning_rate": float(f"{float(rate):.7g}")}
    if short is None:
        return out
    reference = type(optimizer)(learning_rate=out["learning_rate"]).get_config()
    if short == "sgd":
        for key in ("momentum", "nesterov"):
            if config.get(key) != reference.get(key):
                out[key] = config[key]
    lost = [f"{k}={v!r}" for k, v in config.items()
            if k not in ("name", "learning_rate", *out) and _norm(v) != _norm(reference.get(k))]
    if lost:
        raise SpecError("the optimizer sets options the builder does not show, so they would "
                        "be lost", received=", ".join(lost),
                        needs="optimizer, learning_rate (and momentum, nesterov for sgd)",
                        fix="compile after building to use those options")
    return out
