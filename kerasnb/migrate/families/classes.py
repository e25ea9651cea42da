"""Rules about subclasses: PyDataset/Sequence, optimizers, callbacks (K2314, K2408, K2509).

>>> from kerasnb.migrate import check_keras2
>>> src = "class S(keras.utils.PyDataset):\\n    def __init__(self, x):\\n        self.x = x"
>>> [f.code for f in check_keras2(src)]
['K2314']
"""

from __future__ import annotations

import ast

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context
from kerasnb.migrate.families.callbacks import positional_period
from kerasnb.migrate.findings import Edit


def subclasses(ctx: Context) -> None:
    """Every class statement in the file, by what it subclasses."""
    for node in ctx.classes:
        bases = []
        for base in node.bases:
            if ctx.foreign(base):
                continue
            bases.append(base.attr if type(base) is ast.Attribute else getattr(base, "id", ""))
        if "Sequence" in bases or "PyDataset" in bases:
            _dataset_init(ctx, node)
        if any("Optimizer" in b or b in T.OPTIMIZERS for b in bases):
            for stmt in node.body:
                if type(stmt) is ast.FunctionDef and stmt.name == "get_updates":
                    ctx.add(stmt, "K2408")
        if "ModelCheckpoint" in bases:
            for sub in ast.walk(node):
                if type(sub) is ast.Call and type(sub.func) is ast.Attribute and \
                        sub.func.attr == "__init__" and type(sub.func.value) is ast.Call:
                    positional_period(ctx, sub)
        if any(b.endswith("Callback") for b in bases):
            for sub in ast.walk(node):
                if type(sub) is ast.Attribute and sub.attr == "validation_data" and type(
                        sub.value) is ast.Name and sub.value.id == "self":
                    ctx.add(sub, "K2509")


def _dataset_init(ctx: Context, node: ast.ClassDef) -> None:
    init = next((s for s in node.body if type(s) is ast.FunctionDef
                 and s.name == "__init__"), None)
    if init is None:
        return
    for sub in ast.walk(init):
        if type(sub) is ast.Call and type(sub.func) is ast.Attribute and \
                sub.func.attr == "__init__":
            return
    ctx.add(init, "K2314", _super_edits(ctx, init))


def _super_edits(ctx: Context, init: ast.FunctionDef) -> list[Edit]:
    """Add ``**kwargs`` to the signature and ``super().__init__(**kwargs)`` to the body."""
    args = init.args
    if args.kwarg is not None or not args.args:
        return []
    params: list[ast.arg | ast.expr] = [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                        *args.defaults, *(d for d in args.kw_defaults if d)]
    if args.vararg:
        params.append(args.vararg)
    last_end = max(ctx.src.span(p)[1] for p in params)
    body = init.body
    first = body[0]
    src = ctx.src
    if type(first) is ast.Expr and type(first.value) is ast.Constant and isinstance(
            first.value.value, str):
        if len(body) == 1:
            anchor_line = (first.end_lineno or first.lineno) + 1
            indent = src.lines[first.lineno - 1][: first.col_offset]
            if anchor_line - 1 > len(src.lines):
                return []
            insert_at = src.starts[anchor_line - 1] if anchor_line - 1 < len(
                src.starts) else len(src.text)
            return [Edit(last_end, last_end, ", **kwargs"),
                    Edit(insert_at, insert_at, f"{indent}super().__init__(**kwargs)\n")]
        first = body[1]
    if first.lineno == init.lineno:
        return []
    line = src.lines[first.lineno - 1]
    indent = line[: len(line) - len(line.lstrip())]
    insert_at = src.starts[first.lineno - 1]
    return [Edit(last_end, last_end, ", **kwargs"),
            Edit(insert_at, insert_at, f"{indent}super().__init__(**kwargs)\n")]


PASSES = (subclasses,)
