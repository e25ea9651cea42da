"""Core modules never import widgets or IPython: checked on their ``import`` statements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kerasnb"
FORBIDDEN = ("ipywidgets", "IPython", "kerasnb.builder.widgets", "kerasnb.augment.widget",
             "kerasnb.augment.layout", "kerasnb.augment.controls", "kerasnb.plots.live",
             "kerasnb.migrate.magic")
CORE = [
    "builder/catalogue.py", "builder/params.py", "builder/spec.py", "builder/editing.py",
    "builder/parts.py", "builder/specio.py", "builder/graph.py", "builder/shapes.py",
    "builder/validate.py", "builder/structure.py", "builder/args.py", "builder/codegen.py",
    "builder/build.py", "builder/fromkeras.py",
    "builder/training.py", "builder/summary.py", "builder/diagram.py", "builder/errors.py",
    "augment/catalogue.py", "augment/spec.py", "augment/apply.py", "augment/codegen.py",
    "augment/convert.py", "augment/edit.py", "augment/images.py", "augment/pictures.py",
    "augment/panes.py", "augment/grid.py", "plots/history.py", "data.py", "series.py", "errors.py", "files.py",
    "migrate/checker.py", "migrate/rules.py", "migrate/rewriter.py",
    "throttle.py", "plots/fitwatch.py", "plots/options.py", "plots/progress.py",
    "playground/data.py", "playground/design.py", "playground/lesson.py", "playground/maps.py",
    "playground/views.py", "playground/trainer.py", "playground/codegen.py",
    "playground/errors.py", "playground/args.py",
]


def imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


@pytest.mark.parametrize("module", [m for m in CORE if (PACKAGE / m).exists()])
def test_core_module_imports_no_widgets(module: str) -> None:
    bad = [n for n in imports(PACKAGE / module)
           if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{module} imports {bad}: core modules must not depend on widgets"


def test_the_check_catches_a_widget_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    import ipywidgets as w\n    return w\n")
    assert "ipywidgets" in imports(sample)


def test_no_module_outside_catalogues_is_long() -> None:
    catalogues = {"builder/catalogue.py", "augment/catalogue.py", "migrate/checker.py"}
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if str(p.relative_to(PACKAGE)) not in catalogues
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long
