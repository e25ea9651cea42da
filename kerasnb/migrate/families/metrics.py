"""Rule family G: metric names Keras reads from strings (K2601-K2602).

>>> from kerasnb.migrate import check_keras2
>>> [f.code for f in check_keras2("print(history.history['val_acc'])")]
['K2601']

Strings are not code, except where Keras reads them as names: history and log keys,
``monitor=`` values and checkpoint file-name placeholders. Whether ``'acc'`` is wrong
depends on the file's ``compile(metrics=...)`` (``ctx.metric_state``).
"""

from __future__ import annotations

import ast
import re

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, const, kw
from kerasnb.migrate.findings import Edit

_PLACEHOLDER = re.compile(r"\{(?:val_)?acc(?=[:}])")


def metric_gate(ctx: Context) -> tuple[bool, str]:
    """(rewrite allowed, note) for old metric names, from the file's compile calls."""
    if ctx.metric_state == "accuracy":
        return True, ""
    return False, ("not rewritten: no compile(metrics=[...]) naming 'accuracy' was found "
                   "in this source")


def placeholders(ctx: Context, part: ast.expr) -> None:
    """``{val_acc}`` in a checkpoint file-name template."""
    raw = ctx.src.segment(part)
    if not _PLACEHOLDER.search(raw) or ctx.metric_state == "acc":
        return
    allowed, note = metric_gate(ctx)
    start = ctx.src.span(part)[0]
    # one small edit per placeholder, so a file-extension fix on the same string is disjoint
    fix = [Edit(start + m.end() - 3, start + m.end(), "accuracy", safe=True)
           for m in _PLACEHOLDER.finditer(raw)] if allowed else []
    ctx.add(part, "K2601", fix, note,
            why="the file-name placeholder {val_acc} / {acc} names no logged metric when "
            "the model is compiled with metrics=['accuracy'] (KeyError at the end of the "
            "first epoch)", new="{val_accuracy}")


def monitor(ctx: Context, call: ast.Call, name: str) -> None:
    """``monitor='val_acc'`` (by keyword or position)."""
    keyword = kw(call, "monitor")
    node = keyword.value if keyword else None
    position = T.MONITOR_POSITION[name]
    if node is None and len(call.args) > position:
        node = call.args[position]
    value = const(node)
    if node is None or not isinstance(value, str) or value not in T.OLD_METRIC_KEYS or \
            ctx.metric_state == "acc":
        return
    allowed, note = metric_gate(ctx)
    new = T.OLD_METRIC_KEYS[value]
    ctx.add(node, "K2601", [ctx.replace(node, repr(new))] if allowed else [], note,
            why=f"monitor='{value}' names no logged metric when the model is compiled with "
            f"metrics=['accuracy'] (ValueError in fit at the end of the first epoch)",
            new=f"monitor='{new}'")


def metric_key(ctx: Context, base: ast.expr, key: ast.expr) -> None:
    """``history.history['val_acc']``, ``logs['lr']``, ``logs.get('acc')``."""
    value = const(key)
    if not isinstance(value, str):
        return
    if value in T.OLD_METRIC_KEYS:
        if ctx.metric_state == "acc":
            return
        allowed, note = metric_gate(ctx)
        new = T.OLD_METRIC_KEYS[value]
        ctx.add(key, "K2601", [ctx.replace(key, repr(new))] if allowed else [], note,
                why=f"the history/logs key '{value}' does not exist when the model is "
                f"compiled with metrics=['accuracy'] (KeyError: '{value}')", new=repr(new))
    elif value == "lr" and ((type(base) is ast.Attribute and base.attr == "history") or (
            type(base) is ast.Name and base.id == "logs")):
        ctx.add(key, "K2602", [ctx.replace(key, "'learning_rate'")])


def subscripts(ctx: Context) -> None:
    """Every ``x['...']`` in the file."""
    for node in ctx.subs:
        key = node.slice
        if type(key) is ast.Constant and isinstance(key.value, str):
            metric_key(ctx, node.value, key)


def _get(ctx: Context, call: ast.Call, name: str) -> None:
    if call.args and type(call.func) is ast.Attribute:
        metric_key(ctx, call.func.value, call.args[0])


METHODS = {"get": _get}
PASSES = (subscripts,)
