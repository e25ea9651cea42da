"""Rule family F: callbacks (K2501-K2509).

>>> from kerasnb.migrate import rewrite_keras2
>>> print(rewrite_keras2("cb = ModelCheckpoint('w_{epoch:02d}.hdf5', period=1)").source)
cb = ModelCheckpoint('w_{epoch:02d}.keras')
"""

from __future__ import annotations

import ast
import re

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, const, kw
from kerasnb.migrate.families.metrics import monitor, placeholders

OTHER_EXT = re.compile(r"\.[A-Za-z][A-Za-z0-9]*$")


def positional_period(ctx: Context, call: ast.Call) -> None:
    """Keras 2's 7th positional ModelCheckpoint argument was ``period``; now ``save_freq``."""
    if len(call.args) >= 7 and not any(type(a) is ast.Starred for a in call.args[:7]):
        node = call.args[6]
        fix = [ctx.delete_arg(call, node)] if const(node) == 1 and len(call.args) == 7 else []
        ctx.add(node, "K2501", fix,
                "passed by position, it lands on `save_freq` in Keras 3 (a number there "
                "counts batches: period=1 would save after every batch)" + (
                    "; period=1 is the default, so it is dropped" if fix else ""))


def _checkpoint(ctx: Context, call: ast.Call, name: str) -> None:
    positional_period(ctx, call)
    period = kw(call, "period")
    if period is not None:
        _period(ctx, call, period)
    for keyword in call.keywords:
        if keyword.arg in T.CHECKPOINT_REMOVED:
            ctx.add(keyword, "K2504", name=f"{keyword.arg}=")
        elif keyword.arg == "save_freq" and const(keyword.value) == "batch":
            ctx.add(keyword, "K2504", name="save_freq='batch'")
    filepath = kw(call, "filepath")
    path = call.args[0] if call.args else (filepath.value if filepath else None)
    weights_only = kw(call, "save_weights_only")
    if path is not None:
        only = weights_only is not None and const(weights_only.value) is True
        _checkpoint_path(ctx, path, only)
        for part in ctx.string_parts(path):
            placeholders(ctx, part)
    monitor(ctx, call, "ModelCheckpoint")


def _period(ctx: Context, call: ast.Call, period: ast.keyword) -> None:
    value = const(period.value)
    unit = "save_freq counts batches, so period=N becomes save_freq=N * steps_per_epoch"
    steps = next(iter(ctx.steps)) if len(ctx.steps) == 1 else None
    if value == 1:
        ctx.add(period, "K2501", [ctx.delete_arg(call, period)],
                "period=1 is the Keras 3 default save_freq='epoch', so it is dropped")
    elif isinstance(value, int) and isinstance(steps, int):
        ctx.add(period, "K2501", [ctx.replace(period, f"save_freq={value * steps}")],
                f"{unit}: {value} epochs x steps_per_epoch={steps} from this source's fit "
                f"= {value * steps} batches")
    else:
        ctx.add(period, "K2501", note=f"not rewritten: {unit}, and steps per epoch is not "
                "known from this source")


def _checkpoint_path(ctx: Context, path: ast.expr, weights_only: bool) -> None:
    found = ctx.tail(path)
    if found is None:
        return
    node, text = found
    last = text.rsplit("/", 1)[-1]
    if weights_only:
        if text.endswith(".weights.h5"):
            return
        old = next((e for e in (".hdf5", ".h5", ".keras") if text.endswith(e)), "")
        edit = None if not old and OTHER_EXT.search(last) else ctx.suffix_edit(
            node, old, ".weights.h5")
        ctx.add(node, "K2502", [edit] if edit else [],
                why="with save_weights_only=True the name must end in `.weights.h5`",
                new="a name ending in `.weights.h5`")
        return
    if text.endswith(".weights.h5"):
        ctx.add(node, "K2503")
    elif text.endswith((".keras", ".h5")):
        return
    else:
        old = ".hdf5" if text.endswith(".hdf5") else ""
        if not old and OTHER_EXT.search(last):
            ctx.add(node, "K2502", why="a full-model checkpoint must end in `.keras` or `.h5`",
                    new="a name ending in `.keras`")
            return
        edit = ctx.suffix_edit(node, old, ".keras")
        ctx.add(node, "K2502", [edit] if edit else [],
                "code that loads this file must use the new name too",
                why="a full-model checkpoint must end in `.keras` or `.h5` "
                "(`.hdf5` and no extension are refused)", new="a name ending in `.keras`")


def _early_stopping(ctx: Context, call: ast.Call, name: str) -> None:
    monitor(ctx, call, name)
    epsilon = kw(call, "epsilon")
    if name == "ReduceLROnPlateau" and epsilon is not None:
        fix = [] if kw(call, "min_delta") else [ctx.rename_kw(epsilon, "min_delta")]
        ctx.add(epsilon, "K2505", fix)


def _tensorboard(ctx: Context, call: ast.Call, name: str) -> None:
    for key, default in T.TENSORBOARD_REMOVED.items():
        keyword = kw(call, key)
        if keyword is not None:
            value = const(keyword.value)
            same = value == default and type(value) is type(default)
            ctx.add(keyword, "K2506", [ctx.delete_arg(call, keyword)] if same else [],
                    name=key, note="" if same else "not rewritten: the value is not Keras 2's "
                    "default, so dropping it would lose what it asked for")


def _progbar(ctx: Context, call: ast.Call, name: str) -> None:
    for keyword in call.keywords:
        if keyword.arg in ("count_mode", "stateful_metrics"):
            ctx.add(keyword, "K2508", name=keyword.arg)


def _base_logger(ctx: Context, call: ast.Call, name: str) -> None:
    ctx.add(call, "K2507")


CALLEES = {"ModelCheckpoint": _checkpoint, "EarlyStopping": _early_stopping,
           "ReduceLROnPlateau": _early_stopping, "TensorBoard": _tensorboard,
           "ProgbarLogger": _progbar, "BaseLogger": _base_logger}
