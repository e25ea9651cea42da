"""Rule family H: layer arguments and model construction (K2110 calls, K2117, K2701-K2713).

>>> from kerasnb.migrate import rewrite_keras2
>>> print(rewrite_keras2("x = merge([a, b], mode='concat', concat_axis=-1)").source)
import keras
x = keras.layers.concatenate([a, b], axis=-1)
"""

from __future__ import annotations

import ast

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, callee, const, keras_path, kw
from kerasnb.migrate.findings import Edit

# calls that need the model's weights to exist (fail or return [] on an unbuilt model)
_NEEDS_WEIGHTS = frozenset({"set_weights", "get_weights", "summary", "count_params",
                            "load_weights", "save_weights"})
_TRAINS = frozenset({"fit", "fit_generator", "train_on_batch", "build", "predict",
                     "evaluate"})
_MERGE_KEYWORDS = {"mode": None, "concat_axis": "axis", "dot_axes": "axes", "name": "name"}


def layer(ctx: Context, call: ast.Call, name: str) -> None:
    """Keras 1 keyword arguments and input-shape arguments of a layer."""
    renames = T.EMBEDDING_KWARG_RENAMES if name == "Embedding" else T.LAYER_KWARG_RENAMES
    present = {k.arg for k in call.keywords}
    for keyword in call.keywords:
        key = keyword.arg
        if key in renames:
            new = renames[key]
            edits = [] if new in present else [ctx.rename_kw(keyword, new)]
            if key == "dim_ordering":
                value = const(keyword.value)
                if isinstance(value, str) and value in T.DIM_ORDERING_VALUES and edits:
                    edits.append(ctx.replace(keyword.value, repr(T.DIM_ORDERING_VALUES[value])))
                else:
                    edits = []
            ctx.add(keyword, "K2702", edits, name=key, new=new)
        elif key == "output_dim" and name in T.OUTPUT_DIM_LAYERS:
            ctx.add(keyword, "K2702", [] if "units" in present else
                    [ctx.rename_kw(keyword, "units")], name=key, new="units")
        elif key == "mode" and name == "BatchNormalization":
            fix = [ctx.delete_arg(call, keyword)] if const(keyword.value) == 0 else []
            ctx.add(keyword, "K2703", fix, name=key,
                    new="drop `mode` (mode=0, feature-wise, is what Keras 3 does)")
        elif key == "dropout" and name == "Embedding":
            ctx.add(keyword, "K2703", name=key,
                    new="`SpatialDropout1D` or `Dropout` after the Embedding")
        elif key in ("input_dim", "input_shape") and not (
                name == "Embedding" and key == "input_dim"):
            ctx.add(keyword, "K2704", name=key)
        elif key == "batch_input_shape":
            ctx.add(keyword, "K2705")
        elif key == "batch_size":
            ctx.add(keyword, "K2712")
        elif key == "input_length":
            if name == "Embedding":
                _embedding_length(ctx, call, keyword)
            else:
                ctx.add(keyword, "K2706")
    _hard_sigmoid(ctx, call, name)
    if name in T.CONV2D and len(call.args) >= 3 and not any(
            type(a) in (ast.Tuple, ast.List) for a in call.args[1:3]):
        ctx.add(call.args[2], "K2701", name=name)


def _hard_sigmoid(ctx: Context, call: ast.Call, name: str) -> None:
    """``Activation('hard_sigmoid')``, ``activation=`` / ``recurrent_activation='hard_sigmoid'``."""
    values = [k.value for k in call.keywords if k.arg in ("activation", "recurrent_activation")]
    if name == "Activation" and call.args:
        values.append(call.args[0])
    for value in values:
        if const(value) == "hard_sigmoid":
            ctx.add(value, "K2714")


def _embedding_length(ctx: Context, call: ast.Call, keyword: ast.keyword) -> None:
    """Deprecated, unless the model is then used before it has weights (an error)."""
    drop = ctx.delete_arg(call, keyword)
    if kw(call, "input_shape") or kw(call, "batch_input_shape") or any(
            c.func is call for c in ctx.calls):
        ctx.add(keyword, "K2707", [drop])  # functional use or a shape given: built anyway
        return
    use = _unbuilt_use(ctx, call.lineno)
    if use is None:
        ctx.add(keyword, "K2707", [drop])
        return
    maxlen = ctx.src.segment(keyword.value)
    edits = _input_first(ctx, call, maxlen)
    ctx.add(keyword, "K2713", [drop, *edits] if edits else [], use=use, maxlen=maxlen)


def _unbuilt_use(ctx: Context, line: int) -> str | None:
    """The first call after ``line`` that needs weights, if it comes before any training."""
    for call in ctx.calls:
        if call.lineno <= line or type(call.func) is not ast.Attribute:
            continue
        name = call.func.attr
        if name in _TRAINS:
            return None
        if name in _NEEDS_WEIGHTS:
            return f"`{ctx.src.segment(call.func)}(...)` on line {call.lineno}"
    return None


def _input_first(ctx: Context, call: ast.Call, maxlen: str) -> list[Edit]:
    """Put ``keras.Input(shape=(maxlen,))`` before the Embedding, when it is the first layer."""
    shape = f"keras.Input(shape=({maxlen},))"
    for other in ctx.calls:
        func = other.func
        if type(func) is ast.Attribute and func.attr == "add" and other.args and \
                other.args[0] is call:
            receiver = ctx.src.segment(func.value)
            first = min((c.lineno for c in ctx.calls if type(c.func) is ast.Attribute
                         and c.func.attr == "add" and ctx.src.segment(c.func.value) == receiver),
                        default=other.lineno)
            stmt = ctx.lone_stmts.get(id(other))
            if first != other.lineno or stmt is None:
                return []
            start = ctx.src.starts[other.lineno - 1]
            indent = ctx.src.lines[other.lineno - 1][: stmt[0].col_offset]
            return [Edit(start, start, f"{indent}{receiver}.add({shape})\n", True)]
        if callee(other) == "Sequential" and other.args and type(other.args[0]) is ast.List:
            elements = other.args[0].elts
            if elements and elements[0] is call:
                start = ctx.src.span(call)[0]
                return [Edit(start, start, f"{shape}, ", True)]
    return []


def _merge(ctx: Context, call: ast.Call, name: str) -> None:
    """Keras 1 ``merge([a, b], mode='concat')`` and ``Merge([...], mode=...)`` calls."""
    mode = kw(call, "mode")
    path = ctx.path(call.func) or ""
    if mode is None and keras_path(path) is None:
        return  # a function of the user's own called merge
    if name == "Merge":
        ctx.add(call, "K2110", name=name, new=T.REMOVED_LAYERS[name])
        return
    value = const(mode.value) if mode else "concat"
    if not isinstance(value, str) or value not in T.MERGE_MODES:
        ctx.add(call, "K2110", name=name, new=T.REMOVED_LAYERS[name])
        return
    target = T.MERGE_MODES[value]
    new = f"`keras.layers.{target}([...])`" + (" with `normalize=True`" if value == "cos"
                                               else "")
    edits: list[Edit] = []
    if value != "cos" and len(call.args) == 1 and all(
            k.arg in _MERGE_KEYWORDS for k in call.keywords):
        edits = [ctx.replace(call.func, f"keras.layers.{target}", True)]
        for keyword in call.keywords:
            renamed = _MERGE_KEYWORDS[keyword.arg or ""]
            if renamed is None:
                edits.append(ctx.delete_arg(call, keyword))
            elif renamed != keyword.arg:
                edits.append(ctx.rename_kw(keyword, renamed))
        if value == "dot" and kw(call, "dot_axes") is None:
            edits = []  # Keras 1 summed over the last axes; Keras 3 needs `axes`
    ctx.add(call, "K2110", edits, name=name, new=new)


def _leaky_relu(ctx: Context, call: ast.Call, name: str) -> None:
    alpha = kw(call, "alpha")
    if alpha is not None and kw(call, "negative_slope") is None:
        ctx.add(alpha, "K2117", [ctx.rename_kw(alpha, "negative_slope")])
    layer(ctx, call, name)


def _model(ctx: Context, call: ast.Call, name: str) -> None:
    for old, new in (("input", "inputs"), ("output", "outputs")):
        keyword = kw(call, old)
        if keyword is not None:
            fix = [] if kw(call, new) else [ctx.rename_kw(keyword, new)]
            ctx.add(keyword, "K2710", fix, name=old, new=new)


def _input(ctx: Context, call: ast.Call, name: str) -> None:
    keyword = kw(call, "tensor")
    if keyword is not None:
        ctx.add(keyword, "K2709")


CALLEES = {
    **dict.fromkeys(T.LAYERS, layer),
    "LeakyReLU": _leaky_relu, "merge": _merge, "Merge": _merge, "Model": _model,
    "Input": _input, "InputLayer": _input,
}


def _shape_attribute(ctx: Context, node: ast.Attribute) -> None:
    """``model.layers[0].input_shape`` / ``model.get_layer('x').output_shape``."""
    value = node.value
    inner = value.value if type(value) is ast.Subscript else None
    is_layer = (type(inner) is ast.Attribute and inner.attr == "layers") or (
        type(value) is ast.Call and type(value.func) is ast.Attribute
        and value.func.attr == "get_layer")
    if is_layer:
        new = "input.shape" if node.attr == "input_shape" else "output.shape"
        ctx.add(node, "K2711", [ctx.rename_attr(node, new)], name=node.attr, new=f"layer.{new}")


ATTRIBUTES = {"input_shape": _shape_attribute, "output_shape": _shape_attribute}
