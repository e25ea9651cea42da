"""The checker: finds Keras 2 idioms in Python source by walking its syntax tree.

>>> from kerasnb.migrate.checker import analyze
>>> [f.code for f in analyze("from keras.utils.np_utils import to_categorical").findings]
['K2102']

One ``ast.walk`` sorts the nodes into buckets (calls, attributes, subscripts, imports,
classes); module-wide facts (compile metrics, learning-rate callbacks, assignments) are read
from those buckets before the rules run, so a rule can depend on the rest of the file.
Strings are never read as code, except where Keras reads them as names: history and log keys,
``monitor=`` values and checkpoint file-name templates.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kerasnb.migrate import tables as T
from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.findings import Edit, Finding, Source
from kerasnb.migrate.rules import RULES

_MISSING = object()
_BLOCKS = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For,
           ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith)
_DEFAULT_ROOTS = {"tf": "tensorflow", "K": "keras.backend"}
_PLACEHOLDER = re.compile(r"\{(?:val_)?acc(?=[:}])")
_OTHER_EXT = re.compile(r"\.[A-Za-z][A-Za-z0-9]*$")
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z0-9]+(?:[\s,]+[A-Z0-9]+)*))?", re.I)


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


def analyze(text: str) -> Analysis:
    """Check Python source text; raise MigrateError on a syntax error."""
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        raise MigrateError(
            f"syntax error at line {err.lineno}, column {err.offset}: {err.msg}") from None
    except ValueError as err:  # e.g. null bytes
        raise MigrateError(f"not Python source: {err}") from None
    return _Checker(text, tree).run()


_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """All nodes in source order; faster than ``ast.walk`` (no contexts, operators)."""
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


def _const(node: ast.AST | None) -> object:
    if type(node) is ast.Constant:
        return node.value
    if type(node) is ast.UnaryOp and type(node.op) is ast.USub and type(
            node.operand) is ast.Constant and isinstance(node.operand.value, int | float):
        return -node.operand.value
    return _MISSING


def _kw(call: ast.Call, name: str) -> ast.keyword | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword
    return None


def _keras_path(path: str) -> tuple[str, bool] | None:
    """'tensorflow.keras.x' -> ('keras.x', True); 'keras.x' -> ('keras.x', False)."""
    if path == "keras" or path.startswith("keras."):
        return path, False
    for prefix in ("tensorflow.keras", "tensorflow.python.keras"):
        if path == prefix or path.startswith(prefix + "."):
            return "keras" + path[len(prefix):], True
    return None


class _Checker:
    def __init__(self, text: str, tree: ast.Module) -> None:
        self.src = Source(text)
        self.tree = tree
        self.findings: list[Finding] = []
        self.aliases: dict[str, str] = {}
        self.calls: list[ast.Call] = []
        self.attrs: list[ast.Attribute] = []
        self.subs: list[ast.Subscript] = []
        self.imports: list[ast.Import | ast.ImportFrom] = []
        self.classes: list[ast.ClassDef] = []
        self.functions: dict[str, ast.FunctionDef] = {}
        self.assigns: dict[str, ast.AST] = {}
        self.lone_stmts: dict[int, tuple[ast.stmt, int]] = {}
        self.handled: set[int] = set()

    # ------------------------------------------------------------------ collection
    def _collect(self) -> None:
        calls, attrs, subs, imports = self.calls, self.attrs, self.subs, self.imports
        for node in _walk(self.tree):
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
                if len(node.targets) == 1 and type(node.targets[0]) is ast.Name:
                    self.assigns[node.targets[0].id] = node.value
            elif t is ast.ClassDef:
                self.classes.append(node)
            elif t is ast.FunctionDef:
                self.functions[node.name] = node
            if isinstance(node, _BLOCKS):
                for field in ("body", "orelse", "finalbody"):
                    body = getattr(node, field, None)
                    if not body:
                        continue
                    for stmt in body:
                        if type(stmt) is ast.Expr and type(stmt.value) is ast.Call:
                            self.lone_stmts[id(stmt.value)] = (stmt, len(body))
        for node in imports:
            if type(node) is ast.Import:
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases[root] = root
            elif node.module and not node.level:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _path(self, node: ast.AST) -> str | None:
        parts = []
        while type(node) is ast.Attribute:
            parts.append(node.attr)
            node = node.value
        if type(node) is not ast.Name:
            return None
        root = self.aliases.get(node.id) or _DEFAULT_ROOTS.get(node.id, node.id)
        parts.append(root)
        return ".".join(reversed(parts))

    def _foreign(self, func: ast.AST) -> bool:
        """True when the callee's root name is imported from a module that is not Keras."""
        node = func
        while type(node) is ast.Attribute:
            node = node.value
        if type(node) is not ast.Name or node.id not in self.aliases:
            return False
        path = self.aliases[node.id]
        return _keras_path(path) is None and not path.startswith("tensorflow")

    # ------------------------------------------------------------------ facts
    def _facts(self) -> None:
        metrics: set[str] = set()
        self.lr_callbacks = False
        self.steps: set[object] = set()
        self.python_lambda_layer = False
        self.saved_weights: dict[str, list[ast.Constant]] = {}
        for call in self.calls:
            func = call.func
            name = func.attr if type(func) is ast.Attribute else (
                func.id if type(func) is ast.Name else "")
            if name == "compile":
                for key in ("metrics", "weighted_metrics"):
                    keyword = _kw(call, key)
                    if keyword is not None:
                        metrics.update(n.value for n in ast.walk(keyword.value)
                                       if type(n) is ast.Constant and isinstance(n.value, str))
            elif name in T.LR_CALLBACKS:
                self.lr_callbacks = True
            elif name in T.FIT_METHODS:
                keyword = _kw(call, "steps_per_epoch")
                if keyword is not None:
                    self.steps.add(_const(keyword.value))
            elif name == "Lambda" and call.args and type(call.args[0]) is ast.Lambda:
                self.python_lambda_layer = True
            elif name == "load_weights" and call.args:
                found = self.tail(call.args[0])
                if found is not None and type(found[0]) is ast.Constant:
                    self.saved_weights.setdefault(found[1], []).append(found[0])  # type: ignore
        self.metric_state = ("both" if {"acc", "accuracy"} <= metrics else
                             "accuracy" if "accuracy" in metrics else
                             "acc" if "acc" in metrics else "unknown")
        bound = self.aliases.get("keras")
        self.keras_bound = bound in ("keras", "tensorflow.keras")

    # ------------------------------------------------------------------ helpers
    def add(self, node: ast.AST, code: str, edits: Iterable[Edit] = (), note: str = "",
            **fmt: str) -> None:
        rule = RULES[code]
        message = rule.message.format(**fmt) if fmt else rule.message
        if note:
            message = f"{message}; {note}"
        replacement = rule.replacement.format(**fmt) if fmt else rule.replacement
        self.findings.append(Finding(
            line=node.lineno, col=self.src.column(node), code=code,  # type: ignore[attr-defined]
            severity=rule.severity, message=message, replacement=replacement, fact=rule.fact,
            edits=tuple(edits)))

    def replace(self, node: ast.AST, text: str, needs_keras: bool = False) -> Edit:
        start, end = self.src.span(node)
        return Edit(start, end, text, needs_keras)

    def rename_kw(self, keyword: ast.keyword, new: str) -> Edit:
        start = self.src.offset(keyword.lineno, keyword.col_offset)
        return Edit(start, start + len(keyword.arg or ""), new)

    def rename_attr(self, node: ast.Attribute, new: str) -> Edit:
        end = self.src.span(node)[1]
        return Edit(end - len(node.attr), end, new)

    def drop_attr(self, node: ast.Attribute) -> Edit:
        """`a.b.c` -> `a.b` (removes `.c`)."""
        return Edit(self.src.span(node.value)[1], self.src.span(node)[1], "")

    def delete_arg(self, call: ast.Call, item: ast.AST) -> Edit:
        items = sorted([*call.args, *call.keywords],
                       key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        index = next(i for i, n in enumerate(items) if n is item)
        start, end = self.src.span(item)
        if index > 0:
            start = self.src.span(items[index - 1])[1]
        elif index + 1 < len(items):
            end = self.src.span(items[index + 1])[0]
        return Edit(start, end, "")

    def insert_arg(self, call: ast.Call, text: str) -> Edit:
        items = [*call.args, *call.keywords]
        if items:
            first = min(items, key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
            start = self.src.span(first)[0]
            return Edit(start, start, f"{text}, ")
        end = self.src.span(call)[1] - 1
        return Edit(end, end, text)

    def append_arg(self, call: ast.Call, text: str) -> Edit:
        items = [*call.args, *call.keywords]
        last = max(items, key=lambda n: (n.end_lineno, n.end_col_offset))  # type: ignore
        end = self.src.span(last)[1]
        return Edit(end, end, f", {text}")

    def string_parts(self, node: ast.AST, depth: int = 0) -> list[ast.AST]:
        """String literal pieces a path expression is built from (following simple names)."""
        t = type(node)
        if t is ast.Constant and isinstance(node.value, str):  # type: ignore[attr-defined]
            return [node]
        if t is ast.JoinedStr:
            return [node]
        if t is ast.BinOp and type(node.op) is ast.Add:  # type: ignore[attr-defined]
            return (self.string_parts(node.left, depth)  # type: ignore[attr-defined]
                    + self.string_parts(node.right, depth))  # type: ignore[attr-defined]
        if t is ast.Name and depth < 3 and node.id in self.assigns:  # type: ignore[attr-defined]
            return self.string_parts(self.assigns[node.id], depth + 1)  # type: ignore
        return []

    def tail(self, node: ast.AST, depth: int = 0) -> tuple[ast.AST, str] | None:
        """The last string literal of a path expression and its text, when it ends in one."""
        t = type(node)
        if t is ast.Constant and isinstance(node.value, str):  # type: ignore[attr-defined]
            return node, node.value  # type: ignore[attr-defined]
        if t is ast.JoinedStr:
            last = node.values[-1] if node.values else None  # type: ignore[attr-defined]
            if type(last) is ast.Constant:
                return node, last.value
            return None
        if t is ast.BinOp and type(node.op) is ast.Add:  # type: ignore[attr-defined]
            return self.tail(node.right, depth)  # type: ignore[attr-defined]
        if t is ast.Name and depth < 3 and node.id in self.assigns:  # type: ignore[attr-defined]
            return self.tail(self.assigns[node.id], depth + 1)  # type: ignore[attr-defined]
        return None

    def suffix_edit(self, node: ast.AST, old: str, new: str) -> Edit | None:
        """Replace the suffix ``old`` (possibly empty) of a string literal with ``new``."""
        start, end = self.src.span(node)
        raw = self.src.text[start:end]
        quote = 3 if raw.endswith(('"""', "'''")) else 1
        close = len(raw) - quote
        if not raw[:close].endswith(old):
            return None
        return Edit(start + close - len(old), start + close, new)

    def metric_gate(self) -> tuple[bool, str]:
        """(rewrite allowed, note) for old metric names, from the file's compile calls."""
        if self.metric_state == "accuracy":
            return True, ""
        return False, ("not rewritten: no compile(metrics=[...]) naming 'accuracy' was found "
                       "in this source")

    # ------------------------------------------------------------------ run
    def run(self) -> Analysis:
        self._collect()
        self._facts()
        for node in self.imports:
            self._import(node)
        for call in self.calls:
            self._call(call)
        for node in self.attrs:
            if id(node) not in self.handled:
                self._attribute(node)
        for node in self.subs:
            self._subscript(node)
        for node in self.classes:
            self._class(node)
        unique = {(f.line, f.col, f.code): f for f in self.findings if not self._noqa(f)}
        findings = sorted(unique.values(), key=lambda f: (f.line, f.col, f.code))
        return Analysis(findings, self.keras_bound, self._import_offset())

    def _noqa(self, finding: Finding) -> bool:
        """``# noqa`` or ``# noqa: K2114`` on the finding's line silences it."""
        line = self.src.lines[finding.line - 1] if finding.line <= len(self.src.lines) else ""
        if "noqa" not in line.lower():
            return False
        match = _NOQA.search(line)
        if match is None:
            return False
        codes = match.group("codes")
        return codes is None or finding.code in re.split(r"[\s,]+", codes.upper())

    def _import_offset(self) -> int:
        body = self.tree.body
        index = 0
        if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
            index = 1
        while index < len(body) and type(body[index]) is ast.ImportFrom and \
                body[index].module == "__future__":  # type: ignore[attr-defined]
            index += 1
        for stmt in body[index:]:
            if type(stmt) in (ast.Import, ast.ImportFrom):
                return self.src.starts[stmt.lineno - 1]
        if index < len(body):
            return self.src.starts[body[index].lineno - 1]
        return len(self.src.text)

    # ------------------------------------------------------------------ imports
    def _module_code(self, path: str, legacy: bool) -> str | None:
        parts = path.split(".")
        if len(parts) >= 3 and parts[1] == "layers" and parts[2] in T.LAYER_SUBMODULES:
            return "K2101"
        if path.startswith("keras.utils.np_utils"):
            return "K2102"
        if len(parts) >= 3 and parts[1] == "utils" and parts[2] in T.UTILS_SUBMODULES:
            return "K2103"
        if parts[:2] == ["keras", "engine"]:
            return "K2104"
        if path.startswith("keras.wrappers.scikit_learn"):
            return "K2105"
        if parts[:2] == ["keras", "objectives"]:
            return "K2107"
        if path.startswith("keras.preprocessing.text"):
            return "K2114" if legacy else "K2113"
        if path.startswith("keras.optimizers.legacy"):
            return "K2116"
        return None

    def _module_fix(self, node: ast.ImportFrom, path: str, code: str) -> list[Edit]:
        names = {a.name for a in node.names}
        target = {
            "K2101": "keras.layers",
            "K2102": "keras.utils" if names <= T.KERAS_UTILS else None,
            "K2103": "keras.utils" if names <= T.KERAS_UTILS else None,
            "K2104": "keras.layers" if names <= {"Layer", "InputSpec"} else None,
            "K2107": "keras.losses" if names <= T.KERAS_LOSSES else None,
            "K2116": "keras.optimizers",
        }.get(code)
        if target is None or "*" in names:
            return []
        return self._module_edit(node, path, target)

    def _module_edit(self, node: ast.ImportFrom, path: str, target: str) -> list[Edit]:
        module = node.module or ""
        prefix = module[: len(module) - len(path) + len("keras")][: -len("keras")]
        start, end = self.src.span(node)
        match = re.match(r"from\s+([\w.]+)\s+import", self.src.text[start:end])
        if not match or match.group(1) != module:
            return []
        return [Edit(start + match.start(1), start + match.end(1), prefix + target)]

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if type(node) is ast.Import:
            for alias in node.names:
                kp = _keras_path(alias.name)
                if kp:
                    code = self._module_code(*kp)
                    if code:
                        self.add(node, code, module=alias.name, name=alias.name)
            return
        if node.level or not node.module:
            return
        kp = _keras_path(node.module)
        if kp is None:
            return
        path, legacy = kp
        names = {a.name for a in node.names}
        code = self._module_code(path, legacy)
        if code:
            self.add(node, code, self._module_fix(node, path, code), module=node.module,
                     name=node.module)
            if code in ("K2113", "K2114"):
                return
        if path == "keras.preprocessing.text":
            return
        same = T.PREPROCESSING_SAME_AS_UTILS.get(path)
        if same is not None and names & same:
            fix = self._module_edit(node, path, "keras.utils") if names <= same else []
            self.add(node, "K2115", fix, module=node.module)
        for alias in node.names:
            self._imported_name(node, path, legacy, alias)

    def _imported_name(self, node: ast.ImportFrom, path: str, legacy: bool,
                       alias: ast.alias) -> None:
        name = alias.name
        if path == "keras.utils":
            code = {"np_utils": "K2102", "multi_gpu_model": "K2106", "Sequence": "K2313",
                    "vis_utils": "K2103", "data_utils": "K2103",
                    "generic_utils": "K2103"}.get(name)
            if code:
                self.add(alias, code, module=f"{node.module}.{name}")
        elif path == "keras" and name in ("engine", "objectives"):
            self.add(alias, "K2104" if name == "engine" else "K2107")
        elif path == "keras.wrappers" and name == "scikit_learn":
            self.add(alias, "K2105")
        elif path == "keras.constraints" and name == "maxnorm":
            start = self.src.offset(alias.lineno, alias.col_offset)
            new = "max_norm" if alias.asname else "max_norm as maxnorm"
            self.add(alias, "K2108", [Edit(start, start + len(name), new)])
        elif path == "keras.models" and name == "model_from_yaml":
            self.add(alias, "K2109", name=name)
        elif path == "keras.layers" and name in T.REMOVED_LAYERS:
            self.add(alias, "K2110", name=name)
        elif path == "keras.preprocessing.image" and name in T.LEGACY_IMAGE:
            self.add(alias, "K2114" if legacy else "K2111", name=name)
        elif path == "keras.preprocessing.sequence" and name in T.LEGACY_SEQUENCE:
            self.add(alias, "K2114" if legacy else "K2112", name=name)
        elif path == "keras.preprocessing" and name == "text":
            self.add(alias, "K2114" if legacy else "K2113", name="keras.preprocessing.text")
        elif path == "keras.optimizers" and name == "legacy":
            self.add(alias, "K2116")
        elif path == "keras.callbacks" and name == "BaseLogger":
            self.add(alias, "K2507")
        elif path == "keras.backend" and name not in T.BACKEND_KEPT:
            self._backend_name(alias, name, legacy, [])

    # ------------------------------------------------------------------ backend
    def _backend_name(self, node: ast.AST, name: str, legacy: bool, edits: list[Edit]) -> None:
        new = f"keras.ops.{T.BACKEND_TO_OPS.get(name, name)}"
        if name in ("flatten",):
            new = "keras.ops.reshape(x, (-1,))"
        elif name == "int_shape":
            new = "tuple(x.shape)"
        elif name == "batch_dot":
            new = "keras.ops.einsum('bi,bi->b', a, b) (or keras.ops.matmul for 3-D)"
        if legacy and (name in T.BACKEND_TO_OPS or name in T.BACKEND_DEFAULT_AXIS
                       or name in T.TF_BACKEND_SHIM_EXTRA or name == "relu"):
            self.add(node, "K2204", edits, name=name, new=new)
        elif name in T.BACKEND_VARIABLES:
            self.add(node, "K2202", name=name)
        elif name in T.BACKEND_GRAPH:
            self.add(node, "K2203", name=name)
        else:
            self.add(node, "K2201", edits, name=name, new=new)

    def _backend_call(self, call: ast.Call, func: ast.Attribute, legacy: bool) -> None:
        name = func.attr
        self.handled.add(id(func))
        if name in T.BACKEND_KEPT:
            return
        edits: list[Edit] = []
        plain = not call.keywords and len(call.args) == 1
        if name in T.BACKEND_TO_OPS:
            edits = [self.replace(func, f"keras.ops.{T.BACKEND_TO_OPS[name]}", True)]
        elif name in T.BACKEND_DEFAULT_AXIS:
            edits = [self.replace(func, f"keras.ops.{name}", True)]
            if _kw(call, "axis") is None and len(call.args) == 1:
                edits.append(self.append_arg(call, T.BACKEND_DEFAULT_AXIS[name]))
        elif name == "relu" and plain:
            edits = [self.replace(func, "keras.ops.relu", True)]
        elif name in ("flatten", "int_shape") and plain:
            arg = self.src.segment(call.args[0])
            if type(call.args[0]) not in (ast.Name, ast.Attribute, ast.Call, ast.Subscript):
                arg = f"({arg})"
            text = (f"keras.ops.reshape({arg}, (-1,))" if name == "flatten"
                    else f"tuple({arg}.shape)")
            edits = [self.replace(call, text, name == "flatten")]
        self._backend_name(call, name, legacy, edits)

    # ------------------------------------------------------------------ calls
    def _call(self, call: ast.Call) -> None:
        func = call.func
        if type(func) is ast.Attribute:
            name, method = func.attr, True
            if type(func.value) in (ast.Name, ast.Attribute):
                value_path = self._path(func.value)
                kp = _keras_path(value_path) if value_path else None
                if kp and kp[0] == "keras.backend":
                    self._backend_call(call, func, kp[1])
                    return
        elif type(func) is ast.Name:
            name, method = func.id, False
        else:
            return
        if method:
            if name in T.DATA_METHODS:
                self._data_method(call, func, name)  # type: ignore[arg-type]
            elif name == "compile":
                self._compile(call)
            elif name == "predict_classes":
                self.add(call, "K2307")
            elif name == "predict_proba":
                self.add(call, "K2308", [self.rename_attr(func, "predict")])  # type: ignore
            elif name == "_make_predict_function":
                self._delete_statement(call)
            elif name == "reset_states" and "model" in self.src.segment(
                    func.value).lower():  # type: ignore[attr-defined]
                self.add(call, "K2311")
            elif name == "to_yaml":
                self.add(call, "K2109", name="to_yaml")
            elif name == "save" and "model" in self.src.segment(
                    func.value).lower():  # type: ignore[attr-defined]
                self._save(call)
            elif name == "save_weights":
                self._save_weights(call)
            elif name == "get" and call.args:
                self._metric_key(func.value, call.args[0])  # type: ignore[attr-defined]
        if name == "zip":
            if any(type(a) is ast.Attribute and a.attr == "metrics_names" for a in call.args):
                self.add(call, "K2309")
            return
        if self._foreign(func):
            return
        if name in T.OPTIMIZERS:
            self._optimizer(call, name)
        elif name == "ModelCheckpoint":
            self._checkpoint(call)
        elif name in ("EarlyStopping", "ReduceLROnPlateau"):
            self._monitor(call, name)
            epsilon = _kw(call, "epsilon")
            if name == "ReduceLROnPlateau" and epsilon is not None:
                fix = [] if _kw(call, "min_delta") else [self.rename_kw(epsilon, "min_delta")]
                self.add(epsilon, "K2505", fix)
        elif name == "TensorBoard":
            for key, default in T.TENSORBOARD_REMOVED.items():
                keyword = _kw(call, key)
                if keyword is not None:
                    same = _const(keyword.value) == default and \
                        type(_const(keyword.value)) is type(default)
                    fix = [self.delete_arg(call, keyword)] if same else []
                    self.add(keyword, "K2506", fix, name=key,
                             note="" if same else "not rewritten: the value is not Keras 2's "
                             "default, so dropping it would lose what it asked for")
        elif name == "ProgbarLogger":
            for keyword in call.keywords:
                if keyword.arg in ("count_mode", "stateful_metrics"):
                    self.add(keyword, "K2508", name=keyword.arg)
        elif name == "LeakyReLU":
            alpha = _kw(call, "alpha")
            if alpha is not None and _kw(call, "negative_slope") is None:
                self.add(alpha, "K2117", [self.rename_kw(alpha, "negative_slope")])
        elif name == "BaseLogger":
            self.add(call, "K2507")
        elif name == "Model":
            for old, new in (("input", "inputs"), ("output", "outputs")):
                keyword = _kw(call, old)
                if keyword is not None:
                    fix = [] if _kw(call, new) else [self.rename_kw(keyword, new)]
                    self.add(keyword, "K2710", fix, name=old, new=new)
        elif name in ("Input", "InputLayer"):
            keyword = _kw(call, "tensor")
            if keyword is not None:
                self.add(keyword, "K2709")
        elif name == "load_model":
            self._load_model(call)
        elif name == "save_model":
            self._save(call)
        elif name == "multi_gpu_model":
            self.add(call, "K2106")
        elif name in T.LAYERS:
            self._layer(call, name)

    def _delete_statement(self, call: ast.Call) -> None:
        stmt_info = self.lone_stmts.get(id(call))
        if stmt_info is None:
            self.add(call, "K2312")
            return
        stmt, siblings = stmt_info
        start, end = self.src.span(stmt)
        line_start = self.src.starts[stmt.lineno - 1]
        line_end = self.src.starts[stmt.end_lineno] if stmt.end_lineno < len(
            self.src.starts) else len(self.src.text)  # type: ignore[operator]
        before = self.src.text[line_start:start]
        after = self.src.text[end:line_end].strip()
        if siblings > 1 and not before.strip() and (not after or after.startswith("#")):
            edit = Edit(line_start, line_end, "")
        else:
            edit = Edit(start, end, "pass")
        self.add(call, "K2312", [edit])

    # ------------------------------------------------------------------ training
    def _data_method(self, call: ast.Call, func: ast.Attribute, name: str) -> None:
        new_name = T.GENERATOR_METHODS.get(name)
        if new_name:
            edits = [self.rename_attr(func, new_name)]
            note = ""
            generator = _kw(call, "generator")
            if len(call.args) > 1:
                edits, note = [], ("not rewritten: positional arguments after the generator "
                                   f"mean something else in `{new_name}`")
            elif generator is not None:
                edits.append(self.rename_kw(generator, "x"))
            self.add(func, "K2301", edits, note, name=name, new=new_name)
        for keyword in call.keywords:
            key = keyword.arg
            if key in T.LOADER_DEFAULTS:
                value = _const(keyword.value)
                default = T.LOADER_DEFAULTS[key]
                same = value == default and type(value) is type(default)
                self.add(keyword, "K2302", [self.delete_arg(call, keyword)] if same else [],
                         "" if same else "not rewritten: this value asks for something the "
                         "dataset constructor must now do", name=key)
            elif key == "nb_epoch" and name in T.FIT_METHODS:
                fix = [] if _kw(call, "epochs") else [self.rename_kw(keyword, "epochs")]
                self.add(keyword, "K2303", fix)
            elif key in T.KERAS1_SAMPLES:
                self.add(keyword, "K2304", name=key, new=T.KERAS1_SAMPLES[key])
            elif key in T.KERAS1_LOADER:
                new, default = T.KERAS1_LOADER[key]
                value = _const(keyword.value)
                same = value == default and type(value) is type(default)
                self.add(keyword, "K2305", [self.delete_arg(call, keyword)] if same else [],
                         name=key, new=new)
        self._endless(call, name)

    def _endless(self, call: ast.Call, name: str) -> None:
        base = T.GENERATOR_METHODS.get(name, name)
        data = call.args[0] if call.args else (_kw(call, "x") or _kw(call, "generator"))
        if isinstance(data, ast.keyword):
            data = data.value
        steps = "steps_per_epoch" if base == "fit" else "steps"
        pairs = [(data, steps)]
        if base == "fit":
            validation = _kw(call, "validation_data")
            pairs.append((validation.value if validation else None, "validation_steps"))
        for node, steps_name in pairs:
            if node is None or _kw(call, steps_name) is not None:
                continue
            if type(node) is ast.Call and type(node.func) is ast.Name and \
                    self._is_endless(node.func.id):
                self.add(node, "K2306", name=steps_name)

    def _is_endless(self, name: str) -> bool:
        function = self.functions.get(name)
        if function is None:
            return False
        loops = [n for n in ast.walk(function) if type(n) is ast.While
                 and _const(n.test) in (True, 1)]
        return any(type(n) in (ast.Yield, ast.YieldFrom) for loop in loops
                   for n in ast.walk(loop))

    def _compile(self, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg in T.COMPILE_REMOVED:
                fix = []
                if keyword.arg == "sample_weight_mode":
                    fix = [self.delete_arg(call, keyword)]
                self.add(keyword, "K2708", fix, name=keyword.arg,
                         new=T.COMPILE_REMOVED[keyword.arg])
        metrics = _kw(call, "metrics")
        if metrics is not None:
            for node in ast.walk(metrics.value):
                if type(node) is ast.Constant and node.value in ("crossentropy", "ce"):
                    self.add(node, "K2603", name=node.value)
            self._flat_metrics(call, metrics)
        optimizer = _kw(call, "optimizer")
        value = _const(optimizer.value) if optimizer else _MISSING
        if isinstance(value, str):
            names = {n.lower(): n for n in T.CHANGED_DEFAULT_LR}
            if value.lower() in names:
                cls = names[value.lower()]
                self.add(optimizer.value, "K2404",  # type: ignore[union-attr]
                         name=cls, old=T.KERAS2_DEFAULT_LR[cls])

    def _flat_metrics(self, call: ast.Call, metrics: ast.keyword) -> None:
        loss = _kw(call, "loss")
        value = metrics.value
        if loss is None or type(value) is not ast.List or not value.elts or any(
                type(e) in (ast.List, ast.Tuple, ast.Dict) for e in value.elts):
            return
        text = self.src.segment(value)
        if type(loss.value) in (ast.List, ast.Tuple) and len(loss.value.elts) > 1:
            new = "[" + ", ".join([text] * len(loss.value.elts)) + "]"
        elif type(loss.value) is ast.Dict and len(loss.value.keys) > 1 and all(
                type(k) is ast.Constant for k in loss.value.keys):
            new = "{" + ", ".join(f"{self.src.segment(k)}: {text}"
                                  for k in loss.value.keys) + "}"  # type: ignore[arg-type]
        else:
            return
        self.add(value, "K2604", [self.replace(value, new)])

    # ------------------------------------------------------------------ optimizers
    def _optimizer(self, call: ast.Call, name: str) -> None:
        lr = _kw(call, "lr")
        learning_rate = _kw(call, "learning_rate")
        if lr is not None:
            self.add(lr, "K2401", [] if learning_rate else [self.rename_kw(lr, "learning_rate")])
        decay = _kw(call, "decay")
        if decay is not None:
            self._decay(call, name, decay, lr or learning_rate)
        epsilon = _kw(call, "epsilon")
        if epsilon is not None and _const(epsilon.value) is None:
            self.add(epsilon, "K2403", [self.delete_arg(call, epsilon)])
        schedule_decay = _kw(call, "schedule_decay")
        if schedule_decay is not None:
            self.add(schedule_decay, "K2405")
        if _kw(call, "clipnorm") and _kw(call, "clipvalue"):
            self.add(call, "K2406")
        if name in T.CHANGED_DEFAULT_LR and lr is None and learning_rate is None and \
                not call.args and decay is None:
            old = T.KERAS2_DEFAULT_LR[name]
            self.add(call, "K2404", [self.insert_arg(call, f"learning_rate={old}")],
                     name=name, old=old)
        if learning_rate is not None and self.lr_callbacks and type(
                learning_rate.value) is ast.Call:
            callee = learning_rate.value.func
            callee_name = callee.attr if type(callee) is ast.Attribute else getattr(
                callee, "id", "")
            if callee_name in T.SCHEDULES:
                self.add(learning_rate, "K2407")

    def _decay(self, call: ast.Call, name: str, decay: ast.keyword,
               rate: ast.keyword | None) -> None:
        value = _const(decay.value)
        if value == 0:
            self.add(decay, "K2402", [self.delete_arg(call, decay)],
                     "decay=0 had no effect in Keras 2 either, so it is dropped")
            return
        if self.lr_callbacks:
            self.add(decay, "K2402", note="not rewritten: this source also uses "
                     "ReduceLROnPlateau/LearningRateScheduler, which cannot set the learning "
                     "rate of a schedule (fact E7)")
            return
        rate_node = rate.value if rate is not None else (call.args[0] if call.args else None)
        decay_text = self.src.segment(decay.value)

        def schedule(initial: str) -> str:
            return ("keras.optimizers.schedules.InverseTimeDecay("
                    f"initial_learning_rate={initial}, decay_steps=1, decay_rate={decay_text})")

        if rate_node is not None:
            edits = [self.replace(rate_node, schedule(self.src.segment(rate_node)), True),
                     self.delete_arg(call, decay)]
        elif name in T.KERAS2_DEFAULT_LR:
            edits = [self.replace(decay, "learning_rate=" + schedule(T.KERAS2_DEFAULT_LR[name]),
                                  True)]
        else:
            self.add(decay, "K2402", note=f"not rewritten: Keras 2's default learning rate for "
                     f"{name} is not known here")
            return
        self.add(decay, "K2402", edits)

    # ------------------------------------------------------------------ callbacks
    def _checkpoint(self, call: ast.Call) -> None:
        period = _kw(call, "period")
        if period is not None:
            self._period(call, period)
        for keyword in call.keywords:
            if keyword.arg in T.CHECKPOINT_REMOVED:
                self.add(keyword, "K2504", name=f"{keyword.arg}=")
            elif keyword.arg == "save_freq" and _const(keyword.value) == "batch":
                self.add(keyword, "K2504", name="save_freq='batch'")
        path = call.args[0] if call.args else getattr(_kw(call, "filepath"), "value", None)
        weights_only = _kw(call, "save_weights_only")
        if path is not None:
            only = weights_only is not None and _const(weights_only.value) is True
            self._checkpoint_path(path, only)
            for part in self.string_parts(path):
                self._placeholders(part)
        self._monitor(call, "ModelCheckpoint")

    def _period(self, call: ast.Call, period: ast.keyword) -> None:
        value = _const(period.value)
        unit = ("save_freq counts batches, so period=N becomes save_freq=N * steps_per_epoch")
        if value == 1:
            self.add(period, "K2501", [self.delete_arg(call, period)],
                     "period=1 is the Keras 3 default save_freq='epoch', so it is dropped")
        elif isinstance(value, int) and len(self.steps) == 1 and isinstance(
                next(iter(self.steps)), int):
            steps = next(iter(self.steps))
            self.add(period, "K2501", [self.replace(period, f"save_freq={value * steps}")],
                     f"{unit}: {value} epochs x steps_per_epoch={steps} from this source's fit "
                     f"= {value * steps} batches")
        else:
            self.add(period, "K2501", note=f"not rewritten: {unit}, and steps per epoch is not "
                     "known from this source")

    def _checkpoint_path(self, path: ast.AST, weights_only: bool) -> None:
        found = self.tail(path)
        if found is None:
            return
        node, text = found
        if weights_only:
            if text.endswith(".weights.h5"):
                return
            old = next((e for e in (".hdf5", ".h5", ".keras") if text.endswith(e)), "")
            if not old and _OTHER_EXT.search(text.rsplit("/", 1)[-1]):
                old = None  # type: ignore[assignment]
            edit = self.suffix_edit(node, old, ".weights.h5") if old is not None else None
            self.add(node, "K2502", [edit] if edit else [],
                     why="with save_weights_only=True the name must end in `.weights.h5`",
                     new="a name ending in `.weights.h5`")
            return
        if text.endswith(".weights.h5"):
            self.add(node, "K2503")
        elif text.endswith((".keras", ".h5")):
            return
        else:
            old = ".hdf5" if text.endswith(".hdf5") else ""
            if not old and _OTHER_EXT.search(text.rsplit("/", 1)[-1]):
                self.add(node, "K2502", why="a full-model checkpoint must end in `.keras` or "
                         "`.h5`", new="a name ending in `.keras`")
                return
            edit = self.suffix_edit(node, old, ".keras")
            self.add(node, "K2502", [edit] if edit else [],
                     "code that loads this file must use the new name too",
                     why="a full-model checkpoint must end in `.keras` or `.h5` "
                     "(`.hdf5` and no extension are refused)", new="a name ending in `.keras`")

    def _placeholders(self, part: ast.AST) -> None:
        raw = self.src.segment(part)
        if not _PLACEHOLDER.search(raw):
            return
        if self.metric_state == "acc":
            return
        allowed, note = self.metric_gate()
        start = self.src.span(part)[0]
        # one small edit per placeholder, so a file-extension fix on the same string is disjoint
        fix = [Edit(start + m.end() - 3, start + m.end(), "accuracy")
               for m in _PLACEHOLDER.finditer(raw)] if allowed else []
        self.add(part, "K2601", fix, note,
                 why="the file-name placeholder {val_acc} / {acc} names no logged metric when "
                 "the model is compiled with metrics=['accuracy'] (KeyError at the end of the "
                 "first epoch)", new="{val_accuracy}")

    def _monitor(self, call: ast.Call, name: str) -> None:
        keyword = _kw(call, "monitor")
        node = keyword.value if keyword else None
        position = T.MONITOR_POSITION[name]
        if node is None and len(call.args) > position:
            node = call.args[position]
        value = _const(node)
        if value not in T.OLD_METRIC_KEYS or self.metric_state == "acc":
            return
        allowed, note = self.metric_gate()
        new = T.OLD_METRIC_KEYS[value]  # type: ignore[index]
        self.add(node, "K2601",  # type: ignore[arg-type]
                 [self.replace(node, repr(new))] if allowed else [], note,  # type: ignore
                 why=f"monitor='{value}' names no logged metric when the model is compiled with "
                 f"metrics=['accuracy'] (ValueError in fit at the end of the first epoch)",
                 new=f"monitor='{new}'")

    # ------------------------------------------------------------------ metric keys
    def _subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if type(key) is ast.Constant and isinstance(key.value, str):
            self._metric_key(node.value, key)

    def _metric_key(self, base: ast.AST, key: ast.AST) -> None:
        value = _const(key)
        if not isinstance(value, str):
            return
        if value in T.OLD_METRIC_KEYS:
            if self.metric_state == "acc":
                return
            allowed, note = self.metric_gate()
            new = T.OLD_METRIC_KEYS[value]
            self.add(key, "K2601", [self.replace(key, repr(new))] if allowed else [], note,
                     why=f"the history/logs key '{value}' does not exist when the model is "
                     f"compiled with metrics=['accuracy'] (KeyError: '{value}')", new=repr(new))
        elif value == "lr" and ((type(base) is ast.Attribute and base.attr == "history") or (
                type(base) is ast.Name and base.id == "logs")):
            self.add(key, "K2602", [self.replace(key, "'learning_rate'")])

    # ------------------------------------------------------------------ layers
    def _layer(self, call: ast.Call, name: str) -> None:
        renames = T.EMBEDDING_KWARG_RENAMES if name == "Embedding" else T.LAYER_KWARG_RENAMES
        present = {k.arg for k in call.keywords}
        for keyword in call.keywords:
            key = keyword.arg
            if key in renames:
                new = renames[key]
                edits = [] if new in present else [self.rename_kw(keyword, new)]
                if key == "dim_ordering":
                    value = _const(keyword.value)
                    if value in T.DIM_ORDERING_VALUES and edits:
                        edits.append(self.replace(keyword.value,
                                                  repr(T.DIM_ORDERING_VALUES[value])))  # type: ignore
                    else:
                        edits = []
                self.add(keyword, "K2702", edits, name=key, new=new)
            elif key == "output_dim" and name in T.OUTPUT_DIM_LAYERS:
                self.add(keyword, "K2702", [] if "units" in present else
                         [self.rename_kw(keyword, "units")], name=key, new="units")
            elif key == "mode" and name == "BatchNormalization":
                fix = [self.delete_arg(call, keyword)] if _const(keyword.value) == 0 else []
                self.add(keyword, "K2703", fix, name=key,
                         new="drop `mode` (mode=0, feature-wise, is what Keras 3 does)")
            elif key == "dropout" and name == "Embedding":
                self.add(keyword, "K2703", name=key,
                         new="`SpatialDropout1D` or `Dropout` after the Embedding")
            elif key in ("input_dim", "input_shape") and not (
                    name == "Embedding" and key == "input_dim"):
                self.add(keyword, "K2704", name=key)
            elif key == "batch_input_shape":
                self.add(keyword, "K2705")
            elif key == "input_length":
                if name == "Embedding":
                    self.add(keyword, "K2707", [self.delete_arg(call, keyword)])
                else:
                    self.add(keyword, "K2706")
        if name in T.CONV2D and len(call.args) >= 3 and not any(
                type(a) in (ast.Tuple, ast.List) for a in call.args[1:3]):
            self.add(call.args[2], "K2701", name=name)

    # ------------------------------------------------------------------ saving
    def _path_arg(self, call: ast.Call) -> ast.AST | None:
        if call.args:
            return call.args[0]
        keyword = _kw(call, "filepath")
        return keyword.value if keyword else None

    def _save(self, call: ast.Call) -> None:
        path = self._path_arg(call)
        found = self.tail(path) if path is not None else None
        text = found[1] if found else ""
        save_format = _kw(call, "save_format")
        if found:
            last = text.rsplit("/", 1)[-1]
            if text.endswith((".h5", ".hdf5")):
                self.add(found[0], "K2801")
            elif "." not in last:
                self.add(found[0], "K2802")
        if save_format is not None:
            fix = []
            if _const(save_format.value) == "h5" and text.endswith(".h5"):
                fix = [self.delete_arg(call, save_format)]
            self.add(save_format, "K2803", fix)

    def _load_model(self, call: ast.Call) -> None:
        path = self._path_arg(call)
        found = self.tail(path) if path is not None else None
        if found and "." not in found[1].rstrip("/").rsplit("/", 1)[-1]:
            self.add(found[0], "K2804")
        if self.python_lambda_layer and _kw(call, "safe_mode") is None:
            self.add(call, "K2806")

    def _save_weights(self, call: ast.Call) -> None:
        path = self._path_arg(call)
        found = self.tail(path) if path is not None else None
        if not found or found[1].endswith(".weights.h5"):
            return
        node, text = found
        old = next((e for e in (".hdf5", ".h5") if text.endswith(e)), "")
        if not old and _OTHER_EXT.search(text.rsplit("/", 1)[-1]):
            self.add(node, "K2805")
            return
        edit = self.suffix_edit(node, old, ".weights.h5")
        edits = [edit] if edit else []
        if edit and type(node) is ast.Constant:
            for loaded in self.saved_weights.get(node.value, []):
                extra = self.suffix_edit(loaded, old, ".weights.h5")
                if extra:
                    edits.append(extra)
        self.add(node, "K2805", edits)

    # ------------------------------------------------------------------ attributes
    def _attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        value = node.value
        if attr == "lr":
            if (type(value) is ast.Attribute and value.attr == "optimizer") or (
                    type(value) is ast.Name and value.id in ("optimizer", "opt")):
                self.add(node, "K2310", [self.rename_attr(node, "learning_rate")])
            return
        if attr in ("input_shape", "output_shape"):
            inner = value.value if type(value) is ast.Subscript else None
            layer = (type(inner) is ast.Attribute and inner.attr == "layers") or (
                type(value) is ast.Call and type(value.func) is ast.Attribute
                and value.func.attr == "get_layer")
            if layer:
                new = "input.shape" if attr == "input_shape" else "output.shape"
                self.add(node, "K2711", [self.rename_attr(node, new)], name=attr,
                         new=f"layer.{new}")
            return
        if type(value) not in (ast.Name, ast.Attribute):
            return
        value_path = self._path(value)
        kp = _keras_path(value_path) if value_path else None
        if kp is None:
            return
        path, legacy = kp
        self._keras_attribute(node, path, legacy, attr)

    def _keras_attribute(self, node: ast.Attribute, path: str, legacy: bool, attr: str) -> None:
        if path == "keras.layers":
            if attr in T.LAYER_SUBMODULES:
                self.add(node, "K2101", [self.drop_attr(node)], module=f"keras.layers.{attr}")
            elif attr in T.REMOVED_LAYERS:
                self.add(node, "K2110", name=attr)
        elif path == "keras.utils":
            if attr == "np_utils":
                self.add(node, "K2102", [self.drop_attr(node)])
            elif attr in T.UTILS_SUBMODULES:
                self.add(node, "K2103", [self.drop_attr(node)], module=f"keras.utils.{attr}")
            elif attr == "multi_gpu_model":
                self.add(node, "K2106")
            elif attr == "Sequence":
                self.add(node, "K2313", [self.rename_attr(node, "PyDataset")])
        elif path == "keras":
            if attr == "engine":
                self.add(node, "K2104")
            elif attr == "objectives":
                self.add(node, "K2107", [self.rename_attr(node, "losses")])
        elif path == "keras.wrappers" and attr == "scikit_learn":
            self.add(node, "K2105")
        elif path == "keras.constraints" and attr == "maxnorm":
            self.add(node, "K2108", [self.rename_attr(node, "max_norm")])
        elif path == "keras.models" and attr == "model_from_yaml":
            self.add(node, "K2109", name=attr)
        elif path == "keras.preprocessing.image" and attr in T.LEGACY_IMAGE:
            self.add(node, "K2114" if legacy else "K2111", name=attr)
        elif path == "keras.preprocessing.sequence" and attr in T.LEGACY_SEQUENCE:
            self.add(node, "K2114" if legacy else "K2112", name=attr)
        elif path == "keras.preprocessing" and attr == "text":
            self.add(node, "K2114" if legacy else "K2113", name="keras.preprocessing.text")
        elif path in T.PREPROCESSING_SAME_AS_UTILS and attr in T.PREPROCESSING_SAME_AS_UTILS[
                path]:
            fix = [] if legacy else [self.replace(node.value, "keras.utils", True)]
            self.add(node, "K2115", fix, module=path)
        elif path == "keras.optimizers" and attr == "legacy":
            self.add(node, "K2116", [self.drop_attr(node)])
        elif path == "keras.callbacks" and attr == "BaseLogger":
            self.add(node, "K2507")
        elif path == "keras.backend" and attr not in T.BACKEND_KEPT:
            edits = []
            if attr in T.BACKEND_TO_OPS:
                edits = [self.replace(node, f"keras.ops.{T.BACKEND_TO_OPS[attr]}", True)]
            self._backend_name(node, attr, legacy, edits)

    # ------------------------------------------------------------------ classes
    def _class(self, node: ast.ClassDef) -> None:
        bases = []
        for base in node.bases:
            if self._foreign(base):
                continue
            bases.append(base.attr if type(base) is ast.Attribute else getattr(base, "id", ""))
        if "Sequence" in bases or "PyDataset" in bases:
            self._dataset_init(node)
        if any("Optimizer" in b or b in T.OPTIMIZERS for b in bases):
            for stmt in node.body:
                if type(stmt) is ast.FunctionDef and stmt.name == "get_updates":
                    self.add(stmt, "K2408")
        if any(b.endswith("Callback") for b in bases):
            for sub in ast.walk(node):
                if type(sub) is ast.Attribute and sub.attr == "validation_data" and type(
                        sub.value) is ast.Name and sub.value.id == "self":
                    self.add(sub, "K2509")

    def _dataset_init(self, node: ast.ClassDef) -> None:
        init = next((s for s in node.body if type(s) is ast.FunctionDef
                     and s.name == "__init__"), None)
        if init is None:
            return
        for sub in ast.walk(init):
            if type(sub) is ast.Call and type(sub.func) is ast.Attribute and \
                    sub.func.attr == "__init__":
                return
        self.add(init, "K2314", self._super_edits(init))

    def _super_edits(self, init: ast.FunctionDef) -> list[Edit]:
        args = init.args
        if args.kwarg is not None or not args.args:
            return []
        params: list[ast.AST] = [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                 *args.defaults, *(d for d in args.kw_defaults if d)]
        if args.vararg:
            params.append(args.vararg)
        last_end = max(self.src.span(p)[1] for p in params)
        body = init.body
        first = body[0]
        if type(first) is ast.Expr and type(first.value) is ast.Constant and isinstance(
                first.value.value, str):
            if len(body) == 1:
                anchor_line = first.end_lineno + 1  # type: ignore[operator]
                indent = self.src.lines[first.lineno - 1][: first.col_offset]
                if anchor_line - 1 > len(self.src.lines):
                    return []
                insert_at = self.src.starts[anchor_line - 1] if anchor_line - 1 < len(
                    self.src.starts) else len(self.src.text)
                return [Edit(last_end, last_end, ", **kwargs"),
                        Edit(insert_at, insert_at, f"{indent}super().__init__(**kwargs)\n")]
            first = body[1]
        if first.lineno == init.lineno:
            return []
        line = self.src.lines[first.lineno - 1]
        indent = line[: len(line) - len(line.lstrip())]
        insert_at = self.src.starts[first.lineno - 1]
        return [Edit(last_end, last_end, ", **kwargs"),
                Edit(insert_at, insert_at, f"{indent}super().__init__(**kwargs)\n")]
