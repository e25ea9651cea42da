"""Rule family I: saving and loading (K2109 calls, K2801-K2806), on any variable holding a model.

>>> from kerasnb.migrate import check_keras2
>>> src = "net = Sequential()\\nnet.save_weights('w_{:03d}.h5'.format(3))"
>>> [f.code for f in check_keras2(src)]
['K2805']
>>> [f.code for f in check_keras2("net = Sequential()\\nnet.save('net_%d.hdf5' % 3)")]
['K2801']

File names are read through ``+``, ``%``, ``str.format``, f-strings, ``os.path.join`` and
variables assigned once (see :meth:`kerasnb.migrate.edits.Edits.tail`); a name that ends
in a placeholder has no known extension and is left alone.
"""

from __future__ import annotations

import ast

from kerasnb.migrate.core import Context, const, kw
from kerasnb.migrate.families.callbacks import OTHER_EXT


def _path_arg(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    keyword = kw(call, "filepath")
    return keyword.value if keyword else None


def save(ctx: Context, call: ast.Call, name: str) -> None:
    """``model.save(path)`` / ``save_model(model, path)``."""
    if name == "save":
        if type(call.func) is not ast.Attribute or not ctx.holds_model(call.func.value):
            return
        path = _path_arg(call)
    else:
        path = call.args[1] if len(call.args) > 1 else getattr(kw(call, "filepath"), "value",
                                                                 None)
    found = ctx.tail(path) if path is not None else None
    text = found[1] if found else ""
    save_format = kw(call, "save_format")
    if found:
        last = text.rsplit("/", 1)[-1]
        if text.endswith((".h5", ".hdf5")):
            ctx.add(found[0], "K2801")
        elif "." not in last:
            ctx.add(found[0], "K2802")
    if save_format is not None:
        fix = []
        if const(save_format.value) == "h5" and text.endswith(".h5"):
            fix = [ctx.delete_arg(call, save_format)]
        ctx.add(save_format, "K2803", fix)


def _load_model(ctx: Context, call: ast.Call, name: str) -> None:
    path = _path_arg(call)
    found = ctx.tail(path) if path is not None else None
    if found and "." not in found[1].rstrip("/").rsplit("/", 1)[-1]:
        ctx.add(found[0], "K2804")
    if ctx.python_lambda_layer and kw(call, "safe_mode") is None:
        ctx.add(call, "K2806")


def _save_weights(ctx: Context, call: ast.Call, name: str) -> None:
    path = _path_arg(call)
    found = ctx.tail(path) if path is not None else None
    if not found or found[1].endswith(".weights.h5"):
        return
    node, text = found
    old = next((e for e in (".hdf5", ".h5") if text.endswith(e)), "")
    if not old and OTHER_EXT.search(text.rsplit("/", 1)[-1]):
        ctx.add(node, "K2805")
        return
    edit = ctx.suffix_edit(node, old, ".weights.h5")
    edits = [edit] if edit else []
    if edit and type(node) is ast.Constant:
        for loaded in ctx.saved_weights.get(node.value, []):
            extra = ctx.suffix_edit(loaded, old, ".weights.h5")
            if extra:
                edits.append(extra)
    ctx.add(node, "K2805", edits)


def _to_yaml(ctx: Context, call: ast.Call, name: str) -> None:
    ctx.add(call, "K2109", name="to_yaml")


def _multi_gpu(ctx: Context, call: ast.Call, name: str) -> None:
    ctx.add(call, "K2106")


METHODS = {"save": save, "save_weights": _save_weights, "to_yaml": _to_yaml}
CALLEES = {"load_model": _load_model, "save_model": save, "multi_gpu_model": _multi_gpu}
