"""Rules about a model's state across calls: trainable after compile, add_loss (K2315-K2318).

>>> from kerasnb.migrate import check_keras2
>>> gan = '''
... d = build_discriminator()
... d.compile(loss='binary_crossentropy', optimizer='adam')
... d.trainable = False
... combined = Model(z, d(g(z)))
... combined.compile(loss='binary_crossentropy', optimizer='adam')
... '''
>>> [f.code for f in check_keras2(gan)]
['K2315']
"""

from __future__ import annotations

import ast

from kerasnb.migrate.core import Context, kw


def trainable_after_compile(ctx: Context) -> None:
    """``d.trainable = False`` after ``d.compile(...)``, with ``d`` used in another model."""
    if not ctx.trainable_sets:
        return
    compiled: dict[str, int] = {}  # receiver text -> first compile line
    called: set[str] = set()
    compiles: list[tuple[str, int]] = []
    for call in ctx.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr == "compile":
            receiver = ctx.src.segment(func.value)
            compiled.setdefault(receiver, call.lineno)
            compiles.append((receiver, call.lineno))
        elif type(func) in (ast.Name, ast.Attribute):
            called.add(ctx.src.segment(func))
    for target in ctx.trainable_sets:
        name = ctx.src.segment(target.value)
        line = compiled.get(name)
        if line is None or line >= target.lineno or name not in called:
            continue
        if any(receiver != name for receiver, _ in compiles):
            ctx.add(target, "K2315", name=name)


def _add_loss(ctx: Context, call: ast.Call, name: str) -> None:
    """``add_loss(loss, inputs=...)`` and ``model.add_loss(tensor)`` outside a layer."""
    inputs = kw(call, "inputs")
    if inputs is not None:
        ctx.add(inputs, "K2317", [ctx.delete_arg(call, inputs)])
    func = call.func
    if type(func) is not ast.Attribute or type(func.value) is not ast.Name:
        return  # self.add_loss(...) inside a layer is the Keras 3 way
    receiver = func.value.id
    if receiver in ctx.models and call.args and type(call.args[0]) is not ast.Lambda:
        ctx.add(call, "K2318", name=receiver)


METHODS = {"add_loss": _add_loss}
PASSES = (trainable_after_compile,)
