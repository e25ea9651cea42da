"""The checker's core: one walk that collects what the rules read, findings, and ``# noqa``.

>>> import ast
>>> from kerasnb.migrate.core import Context
>>> ctx = Context("import keras\\nmodel = keras.Sequential()\\nmodel.save('m')", None)
>>> ctx.collect()
>>> sorted(ctx.models), len(ctx.calls)
(['model'], 2)

A rule family (``kerasnb.migrate.families.*``) gets the :class:`Context` and reports with
``ctx.add(node, code, edits)``. Everything here is independent of any one rule.
"""

from __future__ import annotations

import ast
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from kerasnb.migrate.edits import Edits
from kerasnb.migrate.findings import Edit, Finding, Node, Source
from kerasnb.migrate.rules import RULES

MISSING = object()
_BLOCKS = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For,
           ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith)
_BLOCK_TYPES = frozenset(_BLOCKS)
_DEFAULT_ROOTS = {"tf": "tensorflow", "K": "keras.backend"}
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z0-9]+(?:[\s,]+[A-Z0-9]+)*))?", re.I)
_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
# fields that never hold a node the checker reads: names, numbers, and import aliases
_COLLECT_SKIP = _SKIP_FIELDS | {"id", "attr", "arg", "name", "names", "module", "level",
                                "is_async", "kind", "conversion", "simple", "type_ignores"}
# nodes with nothing the checker collects inside them (a Name is read through its parent)
_LEAVES = frozenset({ast.Name, ast.Constant, ast.Pass, ast.Break, ast.Continue})
_COLLECT_FIELDS: dict[type, tuple[str, ...]] = {}
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
MODEL_FACTORIES = frozenset({"Model", "Sequential", "load_model", "clone_model",
                             "model_from_json"})


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large syntax tree is built and read.

    Syntax trees hold no reference cycles, so reference counting frees them; without the
    pause, the collector re-scans the whole tree many times while it is built (a quarter
    of the checker's time on a 20,000-line file).

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def walk(tree: ast.AST) -> Iterator[ast.AST]:
    """All nodes in source order; faster than ``ast.walk`` (no contexts, operators).

    >>> [type(n).__name__ for n in walk(ast.parse("f(x)"))]
    ['Module', 'Expr', 'Call', 'Name', 'Name']
    """
    stack = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    child_fields = _CHILD_FIELDS
    base = ast.AST
    while stack:
        node = pop()
        yield node
        t = type(node)
        fields = child_fields.get(t)
        if fields is None:
            fields = child_fields[t] = tuple(f for f in t._fields if f not in _SKIP_FIELDS)
        for name in reversed(fields):
            value = getattr(node, name, None)
            if type(value) is list:
                extend(reversed([v for v in value if isinstance(v, base)]))
            elif isinstance(value, base):
                push(value)


def const(node: ast.AST | None) -> object:
    """The value of a literal (``-1`` included), or ``MISSING``.

    >>> const(ast.parse("-2", mode="eval").body), const(None) is MISSING
    (-2, True)
    """
    if type(node) is ast.Constant:
        return node.value
    if type(node) is ast.UnaryOp and type(node.op) is ast.USub and type(
            node.operand) is ast.Constant and isinstance(node.operand.value, int | float):
        return -node.operand.value
    return MISSING


def kw(call: ast.Call, name: str) -> ast.keyword | None:
    """The keyword argument ``name=`` of a call, if any."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword
    return None


def callee(call: ast.Call) -> str:
    """The last name of a call's function: ``keras.layers.Dense(...)`` -> ``'Dense'``."""
    func = call.func
    if type(func) is ast.Attribute:
        return func.attr
    return func.id if type(func) is ast.Name else ""


def keras_path(path: str) -> tuple[str, bool] | None:
    """'tensorflow.keras.x' -> ('keras.x', True); 'keras.x' -> ('keras.x', False).

    >>> keras_path("tensorflow.keras.layers"), keras_path("torch.nn")
    (('keras.layers', True), None)
    """
    if path == "keras" or path.startswith("keras."):
        return path, False
    for prefix in ("tensorflow.keras", "tensorflow.python.keras"):
        if path == prefix or path.startswith(prefix + "."):
            return "keras" + path[len(prefix):], True
    return None


class Context(Edits):
    """One source file being checked: its tree, what was collected from it, and findings."""

    def __init__(self, text: str, tree: ast.Module | None) -> None:
        self.src = Source(text)
        self.tree = tree if tree is not None else ast.parse(text)
        self.findings: list[Finding] = []
        self.aliases: dict[str, str] = {}
        self.calls: list[ast.Call] = []
        self.attrs: list[ast.Attribute] = []
        self.subs: list[ast.Subscript] = []
        self.imports: list[ast.Import | ast.ImportFrom] = []
        self.classes: list[ast.ClassDef] = []
        self.functions: dict[str, ast.FunctionDef] = {}
        self.assigns: dict[str, ast.expr] = {}
        self.trainable_sets: list[ast.Attribute] = []
        self.lone_stmts: dict[int, tuple[ast.stmt, int]] = {}
        self.handled: set[int] = set()
        self.models: set[str] = set()
        self.bound_modules: set[str] = set()

    # ------------------------------------------------------------------ collection
    def collect(self) -> None:
        """One walk over the tree: sort the nodes the rules read into lists."""
        calls, attrs, subs, imports = self.calls, self.attrs, self.subs, self.imports
        model_assigns: list[tuple[list[ast.expr], ast.Call]] = []
        stack: list[ast.AST] = [self.tree]
        pop, extend = stack.pop, stack.extend
        child_fields, leaves, base = _COLLECT_FIELDS, _LEAVES, ast.AST
        # the walk of ``walk`` inlined, never visiting leaves: half the nodes of a module
        while stack:
            node = pop()
            t = type(node)
            if t is ast.Call:
                calls.append(node)
            elif t is ast.Attribute:
                attrs.append(node)
            elif t is ast.Subscript:
                subs.append(node)
            elif t is ast.ImportFrom or t is ast.Import:
                imports.append(node)
            elif t is ast.Assign:
                targets = node.targets
                if len(targets) == 1 and type(targets[0]) is ast.Name:
                    self.assigns[targets[0].id] = node.value
                if type(node.value) is ast.Call:
                    model_assigns.append((targets, node.value))
                for target in targets:
                    if type(target) is ast.Attribute and target.attr == "trainable":
                        self.trainable_sets.append(target)
            elif t is ast.ClassDef:
                self.classes.append(node)
            elif t is ast.FunctionDef:
                self.functions[node.name] = node
            if t in _BLOCK_TYPES:
                for field in ("body", "orelse", "finalbody"):
                    body = getattr(node, field, None)
                    if not body:
                        continue
                    for stmt in body:
                        if type(stmt) is ast.Expr and type(stmt.value) is ast.Call:
                            self.lone_stmts[id(stmt.value)] = (stmt, len(body))
            fields = child_fields.get(t)
            if fields is None:
                fields = child_fields[t] = tuple(
                    f for f in reversed(t._fields) if f not in _COLLECT_SKIP)
            for name in fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    if value:
                        extend([v for v in reversed(value)
                                if type(v) not in leaves and isinstance(v, base)])
                elif value is not None and type(value) not in leaves and isinstance(value, base):
                    stack.append(value)
        for node in imports:
            if type(node) is ast.Import:
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases[root] = root
                        self.bound_modules.add(root)
            elif node.module and not node.level:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for targets, value in model_assigns:
            if self._makes_model(value):
                for target in targets:
                    if type(target) is ast.Name:
                        self.models.add(target.id)
                    elif type(target) is ast.Attribute:
                        self.models.add(self.src.segment(target))

    def facts(self) -> None:
        """Module-wide facts some rules depend on (compile metrics, LR callbacks, ...)."""
        metrics: set[str] = set()
        self.lr_callbacks = False
        self.steps: set[object] = set()
        self.python_lambda_layer = False
        self.saved_weights: dict[str, list[ast.expr]] = {}
        for call in self.calls:
            name = callee(call)
            if name == "compile":
                for key in ("metrics", "weighted_metrics"):
                    keyword = kw(call, key)
                    if keyword is not None:
                        metrics.update(n.value for n in ast.walk(keyword.value)
                                       if type(n) is ast.Constant and isinstance(n.value, str))
            elif name in ("ReduceLROnPlateau", "LearningRateScheduler"):
                self.lr_callbacks = True
            elif name in ("fit", "fit_generator"):
                keyword = kw(call, "steps_per_epoch")
                if keyword is not None:
                    self.steps.add(const(keyword.value))
            elif name == "Lambda" and call.args and type(call.args[0]) is ast.Lambda:
                self.python_lambda_layer = True
            elif name == "load_weights" and call.args:
                found = self.tail(call.args[0])
                if found is not None and type(found[0]) is ast.Constant:
                    self.saved_weights.setdefault(found[1], []).append(found[0])
        self.metric_state = ("both" if {"acc", "accuracy"} <= metrics else
                             "accuracy" if "accuracy" in metrics else
                             "acc" if "acc" in metrics else "unknown")
        self.keras_bound = self.aliases.get("keras") in ("keras", "tensorflow.keras")

    def _makes_model(self, call: ast.Call, depth: int = 0) -> bool:
        """True when a call builds or loads a Keras model (or calls a function that does)."""
        name = callee(call)
        if name in MODEL_FACTORIES:
            return not self.foreign(call.func)
        function = self.functions.get(name) if type(call.func) is ast.Name else None
        if function is None or depth > 2:
            return False
        local: dict[str, ast.expr] = {}
        for node in ast.walk(function):
            if type(node) is ast.Assign and len(node.targets) == 1 and type(
                    node.targets[0]) is ast.Name:
                local[node.targets[0].id] = node.value
            elif type(node) is ast.Return and node.value is not None:
                value = node.value
                if type(value) is ast.Name:
                    value = local.get(value.id, value)
                if type(value) is ast.Call and self._makes_model(value, depth + 1):
                    return True
        return False

    def holds_model(self, node: ast.expr) -> bool:
        """True when an expression names a model: a known model variable or a 'model' name."""
        text = self.src.segment(node)
        return text in self.models or "model" in text.lower()

    def path(self, node: ast.expr) -> str | None:
        """The dotted import path an expression stands for (``K.mean`` -> keras.backend.mean)."""
        parts = []
        while type(node) is ast.Attribute:
            parts.append(node.attr)
            node = node.value
        if type(node) is not ast.Name:
            return None
        root = self.aliases.get(node.id) or _DEFAULT_ROOTS.get(node.id, node.id)
        parts.append(root)
        return ".".join(reversed(parts))

    def foreign(self, func: ast.expr) -> bool:
        """True when the callee's root name is imported from a module that is not Keras."""
        node = func
        while type(node) is ast.Attribute:
            node = node.value
        if type(node) is not ast.Name or node.id not in self.aliases:
            return False
        path = self.aliases[node.id]
        return keras_path(path) is None and not path.startswith("tensorflow")

    # ------------------------------------------------------------------ findings
    def add(self, node: Node, code: str, edits: Iterable[Edit] = (), note: str = "",
            **fmt: str) -> None:
        """Report rule ``code`` at ``node``; ``fmt`` fills the rule's message/replacement."""
        rule = RULES[code]
        message = rule.message.format(**fmt) if fmt else rule.message
        if note:
            message = f"{message}; {note}"
        replacement = rule.replacement.format(**fmt) if fmt else rule.replacement
        self.findings.append(Finding(
            line=node.lineno, col=self.src.column(node), code=code, severity=rule.severity,
            message=message, replacement=replacement, fact=rule.fact, edits=tuple(edits)))

    def noqa(self, finding: Finding) -> bool:
        """``# noqa`` or ``# noqa: K2114`` on the finding's line silences it."""
        lines = self.src.lines
        line = lines[finding.line - 1] if finding.line <= len(lines) else ""
        if "noqa" not in line.lower():
            return False
        match = _NOQA.search(line)
        if match is None:
            return False
        codes = match.group("codes")
        return codes is None or finding.code in re.split(r"[\s,]+", codes.upper())

    def import_offset(self) -> int:
        """Where an added ``import`` line goes: before the first import (after __future__)."""
        body = self.tree.body
        index = 0
        if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
            index = 1
        while index < len(body):
            stmt = body[index]
            if type(stmt) is not ast.ImportFrom or stmt.module != "__future__":
                break
            index += 1
        for stmt in body[index:]:
            if type(stmt) in (ast.Import, ast.ImportFrom):
                return self.src.starts[stmt.lineno - 1]
        if index < len(body):
            return self.src.starts[body[index].lineno - 1]
        return len(self.src.text)
