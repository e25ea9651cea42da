"""Text edits the rules propose, and reading the file names that paths are built from.

>>> import ast
>>> from kerasnb.migrate.core import Context
>>> ctx = Context("model.save_weights('w_{0:03d}.h5'.format(epoch))", None)
>>> ctx.collect()
>>> node, text = ctx.tail(ctx.calls[0].args[0])
>>> text, ctx.suffix_edit(node, ".h5", ".weights.h5").text
('w_{0:03d}.h5', '.weights.h5')

Every edit replaces the characters of one node (or a keyword's name, or the gap between
two arguments), so applying it keeps the rest of the line, comments included.
"""

from __future__ import annotations

import ast
import keyword as _keyword
import re

from kerasnb.migrate.findings import Edit, Node, Source

# a name that ends in a text placeholder ('{}', '{name}', '%s') says nothing about its
# extension; a number placeholder ('{:03d}', '%d') is no extension
_OPEN_END = re.compile(r"(\{[^{}:]*(:[^{}]*[^{}dfeEgGxXobn%])?\}|%[-+ #0-9.]*[sr])$")
_JOIN = frozenset({"join"})
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z", re.ASCII)
_PLAIN_STRING = re.compile(r"(?:'[^'\\\n]*'|\"[^\"\\\n]*\")\Z")
_PLAIN_CHARS = re.compile(r"[\w.\-]*\Z", re.ASCII)


def is_name(text: str) -> bool:
    """True for an identifier, or dotted identifiers, none of them a Python keyword.

    >>> is_name("keras.ops.mean"), is_name("learning_rate"), is_name("a.if"), is_name("f()")
    (True, True, False, False)
    """
    return bool(_DOTTED.match(text)) and not any(
        _keyword.iskeyword(part) for part in text.split("."))


def safe_replacement(node: Node, text: str, original: str) -> bool:
    """True when putting ``text`` in place of ``node`` keeps any module parseable.

    A name read as a value (``K.mean``) can become any dotted name, and a plain string
    literal (no prefix, so not an f-string part) any other plain one-line literal.

    >>> node = ast.parse("f(K.mean)", mode="eval").body.args[0]
    >>> safe_replacement(node, "keras.ops.mean", "K.mean"), safe_replacement(node, "a(", "")
    (True, False)
    """
    t = type(node)
    if t is ast.Attribute or t is ast.Name:
        return type(node.ctx) is ast.Load and is_name(text)
    if t is ast.Constant and isinstance(node.value, str):
        return original[:1] in ("'", '"') and bool(_PLAIN_STRING.match(text))
    return False


def _position(node: Node) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _end(node: Node) -> tuple[int, int]:
    return node.end_lineno or node.lineno, node.end_col_offset or 0


class Edits:
    """Edit builders and file-name readers, mixed into the checker's Context."""

    src: Source
    assigns: dict[str, ast.expr]

    def replace(self, node: Node, text: str, needs_keras: bool = False,
                needs_module: str = "") -> Edit:
        """Replace a whole node."""
        start, end = self.src.span(node)
        safe = safe_replacement(node, text, self.src.text[start:end])
        return Edit(start, end, text, needs_keras, needs_module, safe)

    def rename_kw(self, keyword: ast.keyword, new: str) -> Edit:
        """Rename a keyword argument, keeping its value."""
        start = self.src.offset(keyword.lineno, keyword.col_offset)
        return Edit(start, start + len(keyword.arg or ""), new, safe=is_name(new) and "." not in new)

    def rename_attr(self, node: ast.Attribute, new: str) -> Edit:
        """``a.b.old`` -> ``a.b.new``."""
        end = self.src.span(node)[1]
        return Edit(end - len(node.attr), end, new, safe=is_name(new) and "." not in new)

    def drop_attr(self, node: ast.Attribute) -> Edit:
        """`a.b.c` -> `a.b` (removes `.c`)."""
        return Edit(self.src.span(node.value)[1], self.src.span(node)[1], "")

    def delete_arg(self, call: ast.Call, item: ast.expr | ast.keyword) -> Edit:
        """Remove one argument and the comma that separates it from its neighbour."""
        items: list[ast.expr | ast.keyword] = sorted([*call.args, *call.keywords],
                                                     key=_position)
        index = next(i for i, n in enumerate(items) if n is item)
        start, end = self.src.span(item)
        if index > 0:
            start = self.src.span(items[index - 1])[1]
        elif index + 1 < len(items):
            end = self.src.span(items[index + 1])[0]
        return Edit(start, end, "")

    def insert_arg(self, call: ast.Call, text: str) -> Edit:
        """Add ``text`` as the first argument."""
        items: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
        if items:
            start = self.src.span(min(items, key=_position))[0]
            return Edit(start, start, f"{text}, ")
        end = self.src.span(call)[1] - 1
        return Edit(end, end, text)

    def append_arg(self, call: ast.Call, text: str) -> Edit:
        """Add ``text`` after the last argument."""
        items: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
        end = self.src.span(max(items, key=_end))[1]
        return Edit(end, end, f", {text}")

    def suffix_edit(self, node: Node, old: str, new: str) -> Edit | None:
        """Replace the suffix ``old`` (possibly empty) of a string literal with ``new``."""
        start, end = self.src.span(node)
        raw = self.src.text[start:end]
        quote = 3 if raw.endswith(('"""', "'''")) else 1
        close = len(raw) - quote
        if not raw[:close].endswith(old):
            return None
        # letters, digits, '.', '-' and '_' inside the quotes keep any string literal whole
        return Edit(start + close - len(old), start + close, new,
                    safe=bool(_PLAIN_CHARS.match(new)) and "\\" not in old)

    # ------------------------------------------------------------------ file names
    def string_parts(self, node: ast.expr, depth: int = 0) -> list[ast.expr]:
        """String literal pieces a path expression is built from (following simple names)."""
        if type(node) is ast.Constant and isinstance(node.value, str):
            return [node]
        if type(node) is ast.JoinedStr:
            return [node]
        if type(node) is ast.BinOp:
            if type(node.op) is ast.Add:
                return self.string_parts(node.left, depth) + self.string_parts(node.right, depth)
            if type(node.op) is ast.Mod:
                return self.string_parts(node.left, depth)
        if type(node) is ast.Call and type(node.func) is ast.Attribute:
            if node.func.attr == "format":
                return self.string_parts(node.func.value, depth)
            if node.func.attr in _JOIN and node.args:
                return [p for a in node.args for p in self.string_parts(a, depth)]
        if type(node) is ast.Name and depth < 3 and node.id in self.assigns:
            return self.string_parts(self.assigns[node.id], depth + 1)
        return []

    def tail(self, node: ast.expr, depth: int = 0) -> tuple[ast.expr, str] | None:
        """The last string literal of a path expression and its text, when it ends in one.

        Follows ``+``, ``%``, ``str.format``, ``os.path.join`` and names assigned once; a
        name that ends in a placeholder (``'w_{}'.format(x)``) has no known ending (None).
        """
        found = self._tail(node, depth)
        if found is None or _OPEN_END.search(found[1]):
            return None
        return found

    def _tail(self, node: ast.expr, depth: int) -> tuple[ast.expr, str] | None:
        if type(node) is ast.Constant:
            return (node, node.value) if isinstance(node.value, str) else None
        if type(node) is ast.JoinedStr:
            last = node.values[-1] if node.values else None
            if type(last) is ast.Constant and isinstance(last.value, str):
                return node, last.value
            return None
        if type(node) is ast.BinOp:
            if type(node.op) is ast.Add:
                return self._tail(node.right, depth)
            if type(node.op) is ast.Mod:
                return self._tail(node.left, depth)
            return None
        if type(node) is ast.Call and type(node.func) is ast.Attribute:
            if node.func.attr == "format":
                return self._tail(node.func.value, depth)
            if node.func.attr in _JOIN and node.args and not node.keywords:
                return self._tail(node.args[-1], depth)
            return None
        if type(node) is ast.Name and depth < 3 and node.id in self.assigns:
            return self._tail(self.assigns[node.id], depth + 1)
        return None
