"""Whole Keras 2 scripts: exactly the labelled lines are reported, with the labelled codes.

The scripts under tests/data/migrate/ are written in the style of old tutorials; each line
that breaks or changes meaning in Keras 3 ends with ``# expect: CODE[, CODE]``. A finding on
any other line is a false positive; a label without its finding is a miss.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from kerasnb.migrate import check_keras2, rewrite_keras2

DATA = Path(__file__).parent / "data" / "migrate"
SCRIPTS = sorted(DATA.glob("*.py.txt"))
EXPECT = re.compile(r"#\s*expect:\s*(.+)$")


def _labels(text: str) -> Counter[tuple[int, str]]:
    labels: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            labels.update((number, code.strip()) for code in match.group(1).split(","))
    return labels


def test_there_are_labelled_scripts() -> None:
    assert len(SCRIPTS) >= 2
    assert sum(sum(_labels(p.read_text()).values()) for p in SCRIPTS) >= 30


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_labelled_lines_and_nothing_else(path: Path) -> None:
    text = path.read_text()
    expected = _labels(text)
    found = Counter((f.line, f.code) for f in check_keras2(text))
    assert found - expected == Counter(), "false positives"
    assert expected - found == Counter(), "missed"


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_rewrite_of_script_parses_and_keeps_only_unfixable(path: Path) -> None:
    result = rewrite_keras2(path.read_text())
    ast.parse(result.source)
    assert result.applied
    assert all(not f.fixable for f in result.remaining)
