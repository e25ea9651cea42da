"""Rule family B: ``keras.backend`` (K2201-K2204), one answer per function.

>>> from kerasnb.migrate import check_keras2
>>> f = check_keras2("from keras import backend as K\\ny = K.gather(x, i)")[0]
>>> f.code, f.replacement
('K2201', '`keras.ops.take(reference, indices, axis=0)` (without `axis` it takes from the flattened tensor)')

Names with the same arguments in Keras 3 are rewritten (``K.sum`` -> ``keras.ops.sum``,
``K.random_normal`` -> ``keras.random.normal``); the others get their own suggestion from
:mod:`kerasnb.migrate.tables`, never a guessed name.
"""

from __future__ import annotations

import ast

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, kw
from kerasnb.migrate.findings import Edit, Node
from kerasnb.migrate.names import KERAS_OPS


def suggestion(name: str) -> str:
    """What to write instead of ``K.name`` (markdown).

    >>> suggestion("pow"), suggestion("switch")[:26], suggestion("no_such_thing")[:20]
    ('`keras.ops.power`', '`keras.ops.where(condition', 'no one-to-one replac')
    """
    if name in T.BACKEND_TO_OPS:
        return f"`keras.ops.{T.BACKEND_TO_OPS[name]}`"
    if name in T.BACKEND_TO_OTHER:
        return f"`{T.BACKEND_TO_OTHER[name]}`"
    if name in T.BACKEND_DEFAULT_AXIS:
        return f"`keras.ops.{name}(..., {T.BACKEND_DEFAULT_AXIS[name]})` (Keras 2's default axis)"
    if name in T.BACKEND_SUGGEST:
        return T.BACKEND_SUGGEST[name]
    if name in T.BACKEND_VARIABLES:
        return T.BACKEND_VARIABLES[name]
    if name in T.BACKEND_GRAPH:
        return T.BACKEND_GRAPH[name]
    if name in KERAS_OPS:
        return f"`keras.ops.{name}` (check its arguments against Keras 2's)"
    return "no one-to-one replacement: write it with `keras.ops` functions"


def backend_name(ctx: Context, node: Node, name: str, legacy: bool, edits: list[Edit]) -> None:
    """Report ``K.name`` (a use or an import) with the rule that fits the name."""
    new = suggestion(name)
    if legacy and (name in T.BACKEND_TO_OPS or name in T.BACKEND_DEFAULT_AXIS
                   or name in T.TF_BACKEND_SHIM_EXTRA or name == "relu"):
        ctx.add(node, "K2204", edits, name=name, new=new)
    elif name in T.BACKEND_VARIABLES:
        ctx.add(node, "K2202", name=name, new=new)
    elif name in T.BACKEND_GRAPH:
        ctx.add(node, "K2203", name=name, new=new)
    else:
        ctx.add(node, "K2201", edits, name=name, new=new)


def _rename(ctx: Context, node: ast.expr, name: str) -> list[Edit]:
    if name in T.BACKEND_TO_OPS:
        return [ctx.replace(node, f"keras.ops.{T.BACKEND_TO_OPS[name]}", True)]
    if name in T.BACKEND_TO_OTHER:
        return [ctx.replace(node, T.BACKEND_TO_OTHER[name], True)]
    return []


def backend_call(ctx: Context, call: ast.Call, func: ast.Attribute, legacy: bool) -> None:
    """``K.name(...)``: rewrite when the call's arguments allow it, then report."""
    name = func.attr
    ctx.handled.add(id(func))
    if name in T.BACKEND_KEPT:
        return
    edits = _rename(ctx, func, name)
    plain = not call.keywords and len(call.args) == 1
    if name in T.BACKEND_DEFAULT_AXIS:
        edits = [ctx.replace(func, f"keras.ops.{name}", True)]
        if kw(call, "axis") is None and len(call.args) == 1:
            edits.append(ctx.append_arg(call, T.BACKEND_DEFAULT_AXIS[name]))
    elif name == "relu" and plain:
        edits = [ctx.replace(func, "keras.ops.relu", True)]
    elif name == "gather" and len(call.args) == 2 and not call.keywords:
        edits = [ctx.replace(func, "keras.ops.take", True), ctx.append_arg(call, "axis=0")]
    elif name in ("flatten", "int_shape") and plain:
        arg = ctx.src.segment(call.args[0])
        if type(call.args[0]) not in (ast.Name, ast.Attribute, ast.Call, ast.Subscript):
            arg = f"({arg})"
        text = (f"keras.ops.reshape({arg}, (-1,))" if name == "flatten"
                else f"tuple({arg}.shape)")
        edits = [ctx.replace(call, text, name == "flatten")]
    backend_name(ctx, call, name, legacy, edits)


def _attribute(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    """``K.name`` used without a call (passed as a function, say)."""
    if attr not in T.BACKEND_KEPT:
        backend_name(ctx, node, attr, legacy, _rename(ctx, node, attr))


MODULES = {"keras.backend": _attribute}
