"""Command line, notebooks, bad input, the %%keras2 magic, and the project's own sources."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kerasnb.migrate.cli import main
from kerasnb.migrate.files import check_file, iter_files
from kerasnb.migrate.notebooks import check_notebook, mask_magics, rewrite_notebook

ROOT = Path(__file__).resolve().parents[1]
OLD = "from keras.optimizers import SGD\nopt = SGD(lr=0.1)  # keep this comment\n"


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps({"cells": [{"cell_type": t, "metadata": {}, "source": s,
                                  **({"outputs": [], "execution_count": None}
                                     if t == "code" else {})} for t, s in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "old.py").write_text(OLD)
    (tmp_path / "clean.py").write_text("import keras\nopt = keras.optimizers.SGD(0.1)\n")
    (tmp_path / "nb.ipynb").write_text(_notebook(
        ("markdown", "Keras 2 wrote `model.fit_generator(gen)`."),
        ("code", "%matplotlib inline\nmodel.compile(loss='mse', metrics=['accuracy'])"),
        ("code", "h = model.fit_generator(gen, steps_per_epoch=2)\nprint(h.history['val_acc'])"),
    ))
    return tmp_path


def test_reports_findings_and_exit_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tree / "old.py")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{tree / 'old.py'}:2:11: K2401 [error] `lr=` is rejected by Keras 3 "
                   "optimizers (ValueError: Argument(s) not recognized) -> `learning_rate=`"]


def test_clean_file_exit_0(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tree / "clean.py")]) == 0
    assert capsys.readouterr().out == ""


def test_notebook_findings_name_the_cell(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tree / "nb.ipynb")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" [")[0] for line in lines] == [
        f"{tree / 'nb.ipynb'}:cell_3:1:5: K2301", f"{tree / 'nb.ipynb'}:cell_3:2:17: K2601"]


def test_diff_does_not_write(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--diff", str(tree / "old.py")]) == 1
    out = capsys.readouterr().out
    assert "-opt = SGD(lr=0.1)  # keep this comment" in out
    assert "+opt = SGD(learning_rate=0.1)  # keep this comment" in out
    assert (tree / "old.py").read_text() == OLD


def test_write_applies_and_reports(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--write", str(tree)]) == 0
    assert (tree / "old.py").read_text() == OLD.replace("lr=", "learning_rate=")
    notebook = json.loads((tree / "nb.ipynb").read_text())
    code = "".join(notebook["cells"][2]["source"])
    assert code == "h = model.fit(gen, steps_per_epoch=2)\nprint(h.history['val_accuracy'])"
    assert "".join(notebook["cells"][1]["source"]).startswith("%matplotlib inline\n")
    assert notebook["cells"][0]["source"] == "Keras 2 wrote `model.fit_generator(gen)`."
    assert "rewrote" in capsys.readouterr().out
    assert main([str(tree)]) == 0


def test_json_output(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "broken.py").write_text("model.fit(\n")
    assert main(["--json", str(tree)]) == 2
    payload = json.loads(capsys.readouterr().out)
    first = payload["findings"][0]
    assert set(first) >= {"path", "cell", "line", "col", "code", "severity", "message",
                          "replacement", "fact", "fixable"}
    assert {f["code"] for f in payload["findings"]} == {"K2301", "K2401", "K2601"}
    assert payload["errors"] == [{"path": str(tree / "broken.py"),
                                  "message": "syntax error at line 1, column 10: "
                                             "'(' was never closed"}]


def test_bad_inputs_get_one_line_each_and_the_rest_is_checked(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "notes.txt").write_text("SGD(lr=0.1)")
    (tree / "prose.py").write_text("This is not Python at all.\n")
    (tree / "bad.ipynb").write_text("{not json")
    (tree / "shape.ipynb").write_text('{"cells": 3}')
    (tree / "binary.py").write_bytes(b"\xff\xfe\x00 x")
    paths = [tree / n for n in ("notes.txt", "prose.py", "bad.ipynb", "shape.ipynb",
                                "binary.py", "missing.py", "old.py")]
    assert main([str(p) for p in paths]) == 2  # some paths could not be checked
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert len(errors) == 6
    assert errors[0] == f"{tree / 'notes.txt'}: error: not a Python file (.py) or notebook (.ipynb)"
    assert "syntax error at line 1" in errors[1]
    assert "invalid notebook JSON" in errors[2]
    assert "'cells' list" in errors[3]
    assert "binary file" in errors[4]
    assert "no such file" in errors[5]
    assert "K2401" in captured.out  # old.py still checked
    assert main([str(tree / "bad.ipynb")]) == 2  # errors only


def test_notebook_cell_with_syntax_error_does_not_hide_the_others() -> None:
    text = _notebook(("code", "x = ("), ("code", "opt = SGD(lr=1)"))
    with pytest.raises(ValueError, match="cell 1: syntax error") as info:
        check_notebook(text)
    assert [(cell, f.code) for cell, f in info.value.findings] == [(2, "K2401")]


def test_magics_and_non_python_cells_are_masked() -> None:
    masked, restore = mask_magics("if True:\n    !ls\nx = 1")
    assert ast.parse(masked)
    assert restore(masked) == "if True:\n    !ls\nx = 1"
    assert mask_magics("%%bash\necho SGD(lr=1)")[0] is None
    text = _notebook(("code", "%%time\nopt = SGD(lr=1)"), ("code", "%%keras2\nopt = SGD(lr=1)"))
    assert [cell for cell, _ in check_notebook(text)] == [1]
    new, applied, remaining = rewrite_notebook(text)
    assert "%%time\nopt = SGD(learning_rate=1)" in json.loads(new)["cells"][0]["source"]
    assert len(applied) == 1 and remaining == []


def test_module_entry_point(tree: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "kerasnb.migrate", str(tree / "old.py")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "K2401" in run.stdout


def test_magic_checks_shows_and_runs_the_rewritten_cell() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "kerasnb")
    shell.user_ns["history"] = {"val_accuracy": [0.5], "val_acc": [0.25]}
    shell.run_cell("class H: pass\nh = H(); h.history = history")
    cell = ("model_compile = dict(metrics=['accuracy'])\n"
            "best = h.history['val_acc'][0]\n")
    result = shell.run_cell(f"%%keras2\n{cell}")
    assert result.success
    assert shell.user_ns["best"] == 0.25  # no compile() seen, so the key was not rewritten
    from kerasnb.migrate.magic import check_cell

    report = check_cell("opt = SGD(lr=0.1)\n%time x = 1")
    assert report.rewritten == "opt = SGD(learning_rate=0.1)\n%time x = 1"
    html = report._repr_html_()
    assert "K2401" in html and "Rewritten cell" in html
    shell.user_ns["SGD"] = lambda **kw: kw
    assert shell.run_cell("%%keras2\nopt = SGD(lr=0.1)").success
    assert shell.user_ns["opt"] == {"learning_rate": 0.1}  # the rewritten cell ran
    assert shell.run_cell("%%keras2 --original\nopt2 = SGD(lr=0.2)").success
    assert shell.user_ns["opt2"] == {"lr": 0.2}  # the original ran
    shell.run_cell("%%keras2 --no-run\nopt3 = SGD(lr=0.3)")
    assert "opt3" not in shell.user_ns
    assert "syntax error" in str(check_cell("x = ("))


def _try_lines(source: str) -> set[int]:
    """Lines inside a `try:` body whose handler catches errors (a demonstration)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Try) and node.handlers:
            for stmt in node.body:
                lines.update(range(stmt.lineno, stmt.end_lineno + 1))
    return lines


def test_project_sources_have_no_keras2_idioms_outside_quoted_text() -> None:
    """Markdown, strings and `%%keras2` inputs are quoted text; `try:` demos show real errors."""
    problems = []
    for path in iter_files([ROOT / "kerasnb", ROOT / "notebooks"]):
        report = check_file(path)
        assert report.error is None, f"{path}: {report.error}"
        cells = None
        if path.suffix == ".ipynb":
            cells = [c for c in json.loads(path.read_text())["cells"]]
        for cell, finding in report.findings:
            if cell is not None:
                masked, _ = mask_magics("".join(cells[cell - 1]["source"]))
                if finding.line in _try_lines(masked):
                    continue
            elif finding.line in _try_lines(path.read_text()):
                continue
            problems.append(f"{path.relative_to(ROOT)}:{cell or ''}:{finding}")
    assert problems == []


def test_write_keeps_the_notebook_layout(tmp_path: Path) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Old code below"),
        nbformat.v4.new_code_cell("import keras\nopt = keras.optimizers.SGD(lr=0.1)\n")])
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook, path)
    before = path.read_text()
    assert main(["--write", str(path)]) == 0
    after = path.read_text()
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ['    "opt = keras.optimizers.SGD(learning_rate=0.1)\\n"']
    nbformat.validate(nbformat.read(path, as_version=4))


def test_magic_table_has_readable_columns_and_code_spans() -> None:
    import re

    from kerasnb.migrate.magic import check_cell

    html = check_cell("from keras import backend as K\ny = K.gather(x, i)\n"
                      "opt = SGD(lr=0.1, decay=1e-6)")._repr_html_()
    assert "`" not in html.split("<pre>")[0]  # backticks became <code> spans
    assert "<code>keras.ops.take(reference, indices, axis=0)</code>" in html
    assert "table-layout:fixed" in html
    widths = [int(w) for w in re.findall(r"<col style='width:(\d+)%'>", html)]
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", html)
    assert sum(widths) == 100 and len(widths) == len(headers) == 6
    shares = dict(zip(headers, widths, strict=True))
    assert shares["what happens in Keras 3"] >= 35 and shares["Keras 3"] >= 25
    assert "<script" not in check_cell("x = '<script>'\nSGD(lr=1)")._repr_html_()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_write_keeps_a_byte_order_mark_and_line_endings(tmp_path: Path, newline: str) -> None:
    """--write changes the Keras 2 spellings only, never how the file is encoded."""
    path = tmp_path / "old.py"
    lines = ["# coding: utf-8", "from keras.optimizers import SGD", "opt = SGD(lr=0.1)", ""]
    path.write_bytes(b"\xef\xbb\xbf" + newline.join(lines).encode("utf-8"))
    assert main(["--write", str(path)]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    text = data[3:].decode("utf-8")
    assert "learning_rate=0.1" in text and "lr=" not in text
    assert text.count(newline) == 3 and (newline == "\r\n" or "\r" not in text)
    plain = tmp_path / "plain.py"
    plain.write_text("opt = keras.optimizers.SGD(lr=0.1)\n", encoding="utf-8")
    assert main(["--write", str(plain)]) == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
