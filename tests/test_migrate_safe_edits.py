"""Edits marked ``safe`` skip the rewriter's parse; each must keep any module parseable.

The rewriter parses again only the statements touched by edits not marked safe (a name put
in place of a name, a plain string in place of a plain string). These tests apply every
safe edit the checker proposes, alone and all together, to real and generated code, and
parse the result.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kerasnb.migrate.checker import analyze
from kerasnb.migrate.core import Context
from kerasnb.migrate.edits import is_name, safe_replacement
from kerasnb.migrate.verify import apply_edits
from tests.test_migrate_rules import FLAGGED, REWRITES

DATA = Path(__file__).parent / "data" / "migrate"


def _sources() -> list[str]:
    texts = [snippet for _, _, snippet in FLAGGED] + [before for before, _ in REWRITES]
    texts += [p.read_text() for p in sorted(DATA.glob("**/*.py.txt"))]
    return texts


def _check_safe_edits(text: str) -> int:
    findings = analyze(text).findings
    safe = [e for f in findings for e in f.edits if e.safe]
    for edit in safe:
        ast.parse(apply_edits(text, [edit]))
    return len(safe)


def test_every_safe_edit_parses_alone() -> None:
    count = sum(_check_safe_edits(text) for text in _sources())
    assert count > 60  # the common fixes are marked safe


def test_safe_edits_on_keras_own_sources_parse() -> None:
    root = Path(importlib.util.find_spec("keras").origin).parent / "src"
    for path in sorted((root / "callbacks").glob("*.py")):
        _check_safe_edits(path.read_text(encoding="utf-8"))


def test_the_places_where_a_name_is_not_an_expression_are_never_safe() -> None:
    text = "(K := 1)\ndel K\nfor K in x: pass\nf'{x}.h5'\nb'x'\n"
    tree = ast.parse(text)
    nodes = {type(n).__name__ + type(getattr(n, "ctx", None)).__name__: n for n in ast.walk(tree)
             if type(n) in (ast.Name, ast.Constant)}
    ctx = Context(text, tree)
    for node in (nodes["NameStore"], nodes["NameDel"]):
        assert not safe_replacement(node, "keras.ops", ctx.src.segment(node))
    f_string_part = next(n for n in ast.walk(tree) if type(n) is ast.JoinedStr).values[-1]
    assert not safe_replacement(f_string_part, "'x.keras'", ctx.src.segment(f_string_part))
    assert not is_name("keras.ops.lambda") and not is_name("1x") and not is_name("a b")


_CONTEXTS = ["f({})\n", "x = {}\n", "({} := y)\n", "del {}\n", "for {} in y: pass\n",
             "@{}\ndef g(): pass\n", "f'{{{}}}'\n", "a[{}] = 1\n", "print({}, end='')\n",
             "with {} as c: pass\n", "class C({}): pass\n", "lambda: {}\n", "{} += 1\n"]
_TEXTS = ["keras.ops.mean", "K", "K.mean", "'acc'", "'accuracy'", "lambda", "a.b(", "'a'b",
          "None", "x.if", "\"q\"", "f'x'"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_CONTEXTS), st.sampled_from(["K.mean", "K", "'acc'", "\"val_acc\""]),
       st.sampled_from(_TEXTS))
def test_a_replacement_called_safe_always_parses(context: str, old: str, new: str) -> None:
    text = context.format(old)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return
    ctx = Context(text, tree)
    for node in ast.walk(tree):
        if type(node) not in (ast.Name, ast.Attribute, ast.Constant):
            continue
        edit = ctx.replace(node, new)
        if edit.safe:
            ast.parse(apply_edits(text, [edit]))
