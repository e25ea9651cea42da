"""Rule family E: optimizers (K2401-K2410).

>>> from kerasnb.migrate import rewrite_keras2
>>> print(rewrite_keras2("opt = SGD(0.1, 0.9, 0.0, True)").source)
opt = SGD(0.1, 0.9, nesterov=True)

Positional arguments are turned into keywords first (Keras 2's names), so the rules for
``lr=``/``decay=`` then see them in the next round of the rewrite.
"""

from __future__ import annotations

import ast

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, const, keras_path, kw
from kerasnb.migrate.findings import Edit
from kerasnb.migrate.names import OPTIMIZER_PARAMETERS


def optimizer(ctx: Context, call: ast.Call, name: str) -> None:
    """``SGD(...)``, ``keras.optimizers.Adam(...)`` and the lower-case Keras 2 aliases."""
    if name in T.OPTIMIZER_ALIASES:
        path = ctx.path(call.func)
        kp = keras_path(path) if path else None
        if kp is None or not kp[0].startswith("keras.optimizers."):
            return
        name = T.OPTIMIZER_ALIASES[name]
    lr = kw(call, "lr")
    learning_rate = kw(call, "learning_rate")
    if lr is not None:
        ctx.add(lr, "K2401", [] if learning_rate else [ctx.rename_kw(lr, "learning_rate")])
    decay = kw(call, "decay")
    if decay is not None:
        _decay(ctx, call, name, decay, lr or learning_rate)
    epsilon = kw(call, "epsilon")
    if epsilon is not None and const(epsilon.value) is None:
        ctx.add(epsilon, "K2403", [ctx.delete_arg(call, epsilon)])
    schedule_decay = kw(call, "schedule_decay")
    if schedule_decay is not None:
        ctx.add(schedule_decay, "K2405")
    if kw(call, "clipnorm") and kw(call, "clipvalue"):
        ctx.add(call, "K2406")
    if name in T.CHANGED_DEFAULT_LR and lr is None and learning_rate is None and \
            not call.args and decay is None:
        old = T.KERAS2_DEFAULT_LR[name]
        ctx.add(call, "K2404", [ctx.insert_arg(call, f"learning_rate={old}")],
                name=name, old=old)
    if learning_rate is not None and ctx.lr_callbacks and type(
            learning_rate.value) is ast.Call:
        callee = learning_rate.value.func
        callee_name = callee.attr if type(callee) is ast.Attribute else getattr(
            callee, "id", "")
        if callee_name in T.SCHEDULES:
            ctx.add(learning_rate, "K2407")
    _positional(ctx, call, name)


def _positional(ctx: Context, call: ast.Call, name: str) -> None:
    """``SGD(0.1, 0.9, 1e-6, True)``: positions past the shared ones changed meaning."""
    if name not in T.OPTIMIZER_POSITIONAL:
        return
    old_names, keeps = T.OPTIMIZER_POSITIONAL[name]
    args = call.args
    if len(args) <= keeps or any(type(a) is ast.Starred for a in args):
        return
    new_names = OPTIMIZER_PARAMETERS[name]
    present = {k.arg for k in call.keywords}
    fixable = len(args) <= len(old_names) and not present & set(old_names[keeps:len(args)])
    edits: list[Edit] = []
    if fixable:
        for index in range(keeps, len(args)):
            node = args[index]
            edits.append(ctx.replace(node, f"{old_names[index]}={ctx.src.segment(node)}"))
    changed = range(keeps, len(args))
    old = ", ".join(old_names[i] if i < len(old_names) else "(none)" for i in changed)
    new = ", ".join(new_names[i] if i < len(new_names) else "(none)" for i in changed)
    fix = ("pass them by name: " + ", ".join(f"`{old_names[i]}=...`" for i in changed)
           if len(args) <= len(old_names) else "remove the extra arguments")
    ctx.add(args[keeps], "K2410", edits, position=", ".join(str(i + 1) for i in changed),
            name=name, old=old, new=new, fix=fix)


def _decay(ctx: Context, call: ast.Call, name: str, decay: ast.keyword,
           rate: ast.keyword | None) -> None:
    value = const(decay.value)
    if value == 0:
        ctx.add(decay, "K2402", [ctx.delete_arg(call, decay)],
                "decay=0 had no effect in Keras 2 either, so it is dropped")
        return
    if ctx.lr_callbacks:
        ctx.add(decay, "K2402", note="not rewritten: this source also uses "
                "ReduceLROnPlateau/LearningRateScheduler, which cannot set the learning "
                "rate of a schedule (fact E7)")
        return
    rate_node = rate.value if rate is not None else (call.args[0] if call.args else None)
    decay_text = ctx.src.segment(decay.value)

    def schedule(initial: str) -> str:
        return ("keras.optimizers.schedules.InverseTimeDecay("
                f"initial_learning_rate={initial}, decay_steps=1, decay_rate={decay_text})")

    if rate_node is not None:
        edits = [ctx.replace(rate_node, schedule(ctx.src.segment(rate_node)), True),
                 ctx.delete_arg(call, decay)]
    elif name in T.KERAS2_DEFAULT_LR:
        edits = [ctx.replace(decay, "learning_rate=" + schedule(T.KERAS2_DEFAULT_LR[name]),
                             True)]
    else:
        ctx.add(decay, "K2402", note=f"not rewritten: Keras 2's default learning rate for "
                f"{name} is not known here")
        return
    ctx.add(decay, "K2402", edits)


CALLEES = dict.fromkeys(T.OPTIMIZERS | set(T.OPTIMIZER_ALIASES), optimizer)


def _lr_attribute(ctx: Context, node: ast.Attribute) -> None:
    """``model.optimizer.lr`` / ``opt.lr``."""
    value = node.value
    if (type(value) is ast.Attribute and value.attr == "optimizer") or (
            type(value) is ast.Name and value.id in ("optimizer", "opt")):
        ctx.add(node, "K2310", [ctx.rename_attr(node, "learning_rate")])


ATTRIBUTES = {"lr": _lr_attribute}
