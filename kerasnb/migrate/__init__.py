"""Keras 2 -> Keras 3: find old idioms in source text and rewrite the safe ones.

>>> from kerasnb.migrate import check_keras2, rewrite_keras2
>>> [f.code for f in check_keras2("sgd = SGD(lr=0.01, decay=1e-6)")]
['K2401', 'K2402']
>>> print(rewrite_keras2("model.predict_proba(x)  # probabilities").source)
model.predict(x)  # probabilities

Command line: ``python -m kerasnb.migrate PATH... [--diff|--write|--json]``.
In a notebook: ``%load_ext kerasnb`` then a ``%%keras2`` cell.
"""

from __future__ import annotations

from kerasnb.migrate.checker import analyze
from kerasnb.migrate.errors import MigrateError
from kerasnb.migrate.findings import Edit, Finding
from kerasnb.migrate.rewriter import RewriteResult, rewrite_source
from kerasnb.migrate.rules import RULES, SEVERITIES, Rule
from kerasnb.migrate.trial import Outcome, run_keras2

__all__ = ["RULES", "SEVERITIES", "Edit", "Finding", "MigrateError", "Outcome", "RewriteResult",
           "Rule", "check_keras2", "rewrite_keras2", "run_keras2"]


def check_keras2(source: str, *, select: set[str] | None = None) -> list[Finding]:
    """Find Keras 2 idioms in Python source text; return findings sorted by position.

    >>> from kerasnb.migrate import check_keras2
    >>> for f in check_keras2("model.fit_generator(gen, nb_epoch=5)"):
    ...     print(f.line, f.col, f.code, f.severity)
    1 1 K2301 error
    1 26 K2303 error

    ``select`` keeps only the given rule codes. Text inside string literals is not code
    and is never reported, except where Keras reads strings as names (history keys,
    ``monitor=``, checkpoint file names). Raises :class:`MigrateError` for a syntax error.
    """
    if not isinstance(source, str):
        raise MigrateError(f"check_keras2 expects source text (str), got {type(source).__name__}")
    findings = analyze(source).findings
    if select is not None:
        if isinstance(select, str):
            select = {select}
        if not isinstance(select, set | frozenset | list | tuple) or not all(
                isinstance(code, str) for code in select):
            raise MigrateError(f"select must be a set of rule codes, got {select!r:.60}; "
                               "e.g. {'K2401', 'K2301'}")
        unknown = set(select) - set(RULES)
        if unknown:
            raise MigrateError(f"select: unknown rule code(s) {sorted(unknown)}; codes look "
                               "like 'K2401'")
        findings = [f for f in findings if f.code in select]
    return findings


def rewrite_keras2(source: str) -> RewriteResult:
    """Rewrite the Keras 2 idioms that have a safe mechanical replacement.

    >>> from kerasnb.migrate import rewrite_keras2
    >>> result = rewrite_keras2("opt = SGD(lr=0.01)\\nmodel.fit_generator(gen, steps_per_epoch=9)")
    >>> print(result.source)
    opt = SGD(learning_rate=0.01)
    model.fit(gen, steps_per_epoch=9)
    >>> [f.code for f in result.applied], result.remaining
    (['K2401', 'K2301'], [])

    ``.source`` is the new text, ``.applied`` the findings fixed, ``.remaining`` the findings
    in the new text that need a person. Raises :class:`MigrateError` for a syntax error.
    """
    if not isinstance(source, str):
        raise MigrateError(
            f"rewrite_keras2 expects source text (str), got {type(source).__name__}")
    return rewrite_source(source)
