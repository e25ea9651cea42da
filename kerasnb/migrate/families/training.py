"""Rule family C: the training API (K2301-K2316), fit/evaluate/predict and compile.

>>> from kerasnb.migrate import rewrite_keras2
>>> print(rewrite_keras2("model.fit_generator(g, steps_per_epoch=len(x) / 32)").source)
import math
model.fit(g, steps_per_epoch=math.ceil(len(x) / 32))
"""

from __future__ import annotations

import ast

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import MISSING, Context, const, kw
from kerasnb.migrate.findings import Edit

_STEPS = ("steps_per_epoch", "validation_steps", "steps")


def _same(value: object, default: object) -> bool:
    return value == default and type(value) is type(default)


def data_method(ctx: Context, call: ast.Call, name: str) -> None:
    """fit / evaluate / predict and their ``*_generator`` forms."""
    func = call.func
    assert type(func) is ast.Attribute
    new_name = T.GENERATOR_METHODS.get(name)
    if new_name:
        edits = [ctx.rename_attr(func, new_name)]
        note = ""
        generator = kw(call, "generator")
        if len(call.args) > 1:
            edits, note = [], ("not rewritten: positional arguments after the generator "
                               f"mean something else in `{new_name}`")
        elif generator is not None:
            edits.append(ctx.rename_kw(generator, "x"))
        ctx.add(func, "K2301", edits, note, name=name, new=new_name)
    for keyword in call.keywords:
        key = keyword.arg
        if key in T.LOADER_DEFAULTS:
            same = _same(const(keyword.value), T.LOADER_DEFAULTS[key])
            ctx.add(keyword, "K2302", [ctx.delete_arg(call, keyword)] if same else [],
                    "" if same else "not rewritten: this value asks for something the "
                    "dataset constructor must now do", name=key)
        elif key == "nb_epoch" and name in T.FIT_METHODS:
            fix = [] if kw(call, "epochs") else [ctx.rename_kw(keyword, "epochs")]
            ctx.add(keyword, "K2303", fix)
        elif key in T.KERAS1_SAMPLES:
            ctx.add(keyword, "K2304", name=key, new=T.KERAS1_SAMPLES[key])
        elif key in T.KERAS1_LOADER:
            new, default = T.KERAS1_LOADER[key]
            same = _same(const(keyword.value), default)
            ctx.add(keyword, "K2305", [ctx.delete_arg(call, keyword)] if same else [],
                    name=key, new=new)
        elif key in _STEPS:
            _float_steps(ctx, keyword.value, key)
    if name == "fit_generator" and len(call.args) > 1:
        _float_steps(ctx, call.args[1], "steps_per_epoch")
    _endless(ctx, call, name)


def _float_steps(ctx: Context, value: ast.expr, key: str) -> None:
    """``steps_per_epoch=len(x) / 32`` is a float: TypeError in Keras 3."""
    if type(value) is ast.BinOp and type(value.op) is ast.Div:
        ctx.add(value, "K2316", [ctx.replace(value, f"math.ceil({ctx.src.segment(value)})",
                                             needs_module="math")], name=key)
    elif type(value) is ast.Name:
        assigned = ctx.assigns.get(value.id)
        if type(assigned) is ast.BinOp and type(assigned.op) is ast.Div:
            ctx.add(value, "K2316", note=f"`{value.id}` is assigned from a `/` division",
                    name=key)


def _endless(ctx: Context, call: ast.Call, name: str) -> None:
    base = T.GENERATOR_METHODS.get(name, name)
    first = kw(call, "x") or kw(call, "generator")
    data = call.args[0] if call.args else (first.value if first else None)
    steps = "steps_per_epoch" if base == "fit" else "steps"
    pairs = [(data, steps)]
    if base == "fit":
        validation = kw(call, "validation_data")
        pairs.append((validation.value if validation else None, "validation_steps"))
    for node, steps_name in pairs:
        if node is None or kw(call, steps_name) is not None:
            continue
        if steps_name == "steps_per_epoch" and name == "fit_generator" and len(call.args) > 1:
            continue
        if type(node) is ast.Call and type(node.func) is ast.Name and \
                _is_endless(ctx, node.func.id):
            ctx.add(node, "K2306", name=steps_name)


def _is_endless(ctx: Context, name: str) -> bool:
    function = ctx.functions.get(name)
    if function is None:
        return False
    loops = [n for n in ast.walk(function) if type(n) is ast.While
             and const(n.test) in (True, 1)]
    return any(type(n) in (ast.Yield, ast.YieldFrom) for loop in loops for n in ast.walk(loop))


def compile_call(ctx: Context, call: ast.Call, name: str) -> None:
    """``model.compile(...)``: removed arguments, metric aliases, optimizer defaults."""
    for keyword in call.keywords:
        if keyword.arg in T.COMPILE_REMOVED:
            fix = [ctx.delete_arg(call, keyword)] if keyword.arg == "sample_weight_mode" else []
            ctx.add(keyword, "K2708", fix, name=keyword.arg, new=T.COMPILE_REMOVED[keyword.arg])
    metrics = kw(call, "metrics")
    if metrics is not None:
        for node in ast.walk(metrics.value):
            if type(node) is ast.Constant and node.value in ("crossentropy", "ce"):
                ctx.add(node, "K2603", name=node.value)
        _flat_metrics(ctx, call, metrics)
    optimizer = kw(call, "optimizer")
    value = const(optimizer.value) if optimizer else MISSING
    if optimizer is not None and isinstance(value, str):
        names = {n.lower(): n for n in T.CHANGED_DEFAULT_LR}
        if value.lower() in names:
            cls = names[value.lower()]
            ctx.add(optimizer.value, "K2404", name=cls, old=T.KERAS2_DEFAULT_LR[cls])


def _flat_metrics(ctx: Context, call: ast.Call, metrics: ast.keyword) -> None:
    loss = kw(call, "loss")
    value = metrics.value
    if loss is None or type(value) is not ast.List or not value.elts or any(
            type(e) in (ast.List, ast.Tuple, ast.Dict) for e in value.elts):
        return
    text = ctx.src.segment(value)
    losses = loss.value
    if isinstance(losses, ast.List | ast.Tuple) and len(losses.elts) > 1:
        new = "[" + ", ".join([text] * len(losses.elts)) + "]"
    elif type(losses) is ast.Dict and len(losses.keys) > 1 and all(
            type(k) is ast.Constant for k in losses.keys):
        new = "{" + ", ".join(f"{ctx.src.segment(k)}: {text}" for k in losses.keys if k) + "}"
    else:
        return
    ctx.add(value, "K2604", [ctx.replace(value, new)])


def _predict_classes(ctx: Context, call: ast.Call, name: str) -> None:
    ctx.add(call, "K2307")


def _predict_proba(ctx: Context, call: ast.Call, name: str) -> None:
    assert type(call.func) is ast.Attribute
    ctx.add(call, "K2308", [ctx.rename_attr(call.func, "predict")])


def _reset_states(ctx: Context, call: ast.Call, name: str) -> None:
    assert type(call.func) is ast.Attribute
    if ctx.holds_model(call.func.value):
        ctx.add(call, "K2311")


def _make_predict_function(ctx: Context, call: ast.Call, name: str) -> None:
    """Delete the statement (or leave ``pass`` where a statement is needed)."""
    stmt_info = ctx.lone_stmts.get(id(call))
    if stmt_info is None:
        ctx.add(call, "K2312")
        return
    stmt, siblings = stmt_info
    start, end = ctx.src.span(stmt)
    starts = ctx.src.starts
    line_start = starts[stmt.lineno - 1]
    last = stmt.end_lineno or stmt.lineno
    line_end = starts[last] if last < len(starts) else len(ctx.src.text)
    before = ctx.src.text[line_start:start]
    after = ctx.src.text[end:line_end].strip()
    if siblings > 1 and not before.strip() and (not after or after.startswith("#")):
        edit = Edit(line_start, line_end, "")
    else:
        edit = Edit(start, end, "pass")
    ctx.add(call, "K2312", [edit])


def _zip(ctx: Context, call: ast.Call, name: str) -> None:
    """``zip(model.metrics_names, scores)``, also through a name: ``names = m.metrics_names``."""
    for arg in call.args:
        if type(arg) is ast.Name:
            arg = ctx.assigns.get(arg.id, arg)
        if type(arg) is ast.Attribute and arg.attr == "metrics_names":
            ctx.add(call, "K2309")
            return


METHODS = {
    **dict.fromkeys(T.DATA_METHODS, data_method),
    "compile": compile_call, "predict_classes": _predict_classes,
    "predict_proba": _predict_proba, "reset_states": _reset_states,
    "_make_predict_function": _make_predict_function,
}
CALLEES = {"zip": _zip}
