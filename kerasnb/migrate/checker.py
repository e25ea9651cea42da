"""The checker: finds Keras 2 idioms in Python source by walking its syntax tree.

>>> from kerasnb.migrate.checker import analyze
>>> [f.code for f in analyze("from keras.utils.np_utils import to_categorical").findings]
['K2102']

One walk sorts the nodes into lists (:class:`kerasnb.migrate.core.Context`); module-wide
facts (compile metrics, learning-rate callbacks, variables holding models) are read from
those lists; then each node goes to the handlers that the rule families
(:mod:`kerasnb.migrate.families`) registered for its callee, method, attribute or module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from kerasnb.migrate.core import Context, keras_path, paused_gc
from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.families import ATTRIBUTES, CALLEES, METHODS, MODULES, PASSES
from kerasnb.migrate.families.backend import backend_call
from kerasnb.migrate.families.imports import check_import
from kerasnb.migrate.findings import Finding, Source


@dataclass
class Analysis:
    """Findings plus what the rewriter needs to know about the module.

    >>> a = analyze("import keras")
    >>> (a.findings, a.keras_bound, a.import_offset)
    ([], True, 0)
    """

    findings: list[Finding]
    keras_bound: bool
    import_offset: int
    bound_modules: set[str] = field(default_factory=set)
    tree: ast.Module | None = field(default=None, repr=False)
    src: Source | None = field(default=None, repr=False)


def parse(text: str) -> ast.Module:
    """``ast.parse`` with every way it can fail turned into a MigrateError.

    >>> parse("x = (" * 300)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kerasnb.migrate.errors.MigrateError: syntax error at line 1, column ...: too many nested parentheses
    """
    try:
        return ast.parse(text)
    except SyntaxError as err:
        if err.lineno is None:  # no position: null bytes and the like
            raise MigrateError(f"not Python source: {err.msg}") from None
        raise MigrateError(
            f"syntax error at line {err.lineno}, column {err.offset}: {err.msg}") from None
    except ValueError as err:  # e.g. null bytes
        raise MigrateError(f"not Python source: {err}") from None
    except RecursionError:
        raise MigrateError("the code is nested too deeply for Python's parser to read "
                           "(RecursionError)") from None
    except MemoryError:
        raise MigrateError("the code is too large or too deeply nested to parse in the "
                           "memory available (MemoryError)") from None


def analyze(text: str, tree: ast.Module | None = None) -> Analysis:
    """Check Python source text; raise MigrateError when it cannot be read as Python."""
    with paused_gc():
        return _analyze(text, tree)


def _analyze(text: str, tree: ast.Module | None) -> Analysis:
    if tree is None:
        tree = parse(text)
    ctx = Context(text, tree)
    try:
        _run(ctx)
    except RecursionError:
        raise MigrateError("the code is nested too deeply to check (RecursionError)") from None
    unique = {(f.line, f.col, f.code): f for f in ctx.findings if not ctx.noqa(f)}
    findings = sorted(unique.values(), key=lambda f: (f.line, f.col, f.code))
    return Analysis(findings, ctx.keras_bound, ctx.import_offset(), ctx.bound_modules, tree,
                    ctx.src)


def _run(ctx: Context) -> None:
    ctx.collect()
    ctx.facts()
    for node in ctx.imports:
        check_import(ctx, node)
    for call in ctx.calls:
        _call(ctx, call)
    for node in ctx.attrs:
        if id(node) not in ctx.handled:
            _attribute(ctx, node)
    for run_pass in PASSES:
        run_pass(ctx)


def _call(ctx: Context, call: ast.Call) -> None:
    func = call.func
    if type(func) is ast.Attribute:
        name = func.attr
        if type(func.value) in (ast.Name, ast.Attribute):
            value_path = ctx.path(func.value)
            kp = keras_path(value_path) if value_path else None
            if kp and kp[0] == "keras.backend":
                backend_call(ctx, call, func, kp[1])
                return
        for handler in METHODS.get(name, ()):
            handler(ctx, call, name)
    elif type(func) is ast.Name:
        name = func.id
        if name not in CALLEES:  # a class held in a variable: RNN = recurrent.LSTM
            held = ctx.assigns.get(name)
            if type(held) is ast.Attribute:
                name = held.attr
            elif type(held) is ast.Name:
                name = held.id
    else:
        return
    handlers = CALLEES.get(name)
    if handlers and not ctx.foreign(func):
        for handler in handlers:
            handler(ctx, call, name)


def _attribute(ctx: Context, node: ast.Attribute) -> None:
    attr = node.attr
    handlers = ATTRIBUTES.get(attr)
    if handlers:
        for handler in handlers:
            handler(ctx, node)
        return
    value = node.value
    if type(value) not in (ast.Name, ast.Attribute):
        return
    value_path = ctx.path(value)
    kp = keras_path(value_path) if value_path else None
    if kp is None:
        return
    path, legacy = kp
    for handler in MODULES.get(path, ()):
        handler(ctx, node, attr, legacy)
