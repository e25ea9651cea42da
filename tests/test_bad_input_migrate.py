"""Bad input to the Keras 2 checker: named errors, the rest of the run goes on, no file lost."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kerasnb.errors import KerasnbError
from kerasnb.migrate import MigrateError, check_keras2, rewrite_keras2
from kerasnb.migrate.cli import main
from kerasnb.migrate.notebooks import check_notebook

DEEP_SUM = "x = 1" + " + 1" * 200_000  # RecursionError inside ast.parse
DEEP_UNARY = "x = " + "-" * 200_000 + "1"  # MemoryError inside ast.parse
OLD = "from keras.optimizers import SGD\nopt = SGD(lr=0.1)\n"


@pytest.mark.parametrize(("source", "words"), [
    (DEEP_SUM, "RecursionError"), (DEEP_UNARY, "MemoryError"),
    ("x = " + "(" * 300, "too many nested parentheses"),
    ("x = 1\x00", "not Python source"), ("model.fit(", "syntax error at line 1"),
])
@pytest.mark.parametrize("entry", [check_keras2, rewrite_keras2])
def test_unparsable_source_is_a_named_error(entry, source: str, words: str) -> None:
    with pytest.raises(MigrateError, match=words) as info:
        entry(source)
    assert isinstance(info.value, KerasnbError)


@pytest.mark.parametrize("value", [b"x = 1", None, 3, ["SGD(lr=1)"]])
@pytest.mark.parametrize("entry", [check_keras2, rewrite_keras2])
def test_non_text_is_a_named_error(entry, value: object) -> None:
    with pytest.raises(MigrateError, match="expects source text"):
        entry(value)


def test_deeply_nested_notebook_json() -> None:
    with pytest.raises(MigrateError, match="nested too deeply"):
        check_notebook("[" * 200_000)


def test_cli_reports_each_bad_file_and_checks_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "deep.py").write_text(DEEP_SUM)
    (tmp_path / "unary.py").write_text(DEEP_UNARY)
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x00\x01")
    (tmp_path / "latin.py").write_bytes("# caf\xe9\nx = 1\n".encode("latin-1"))
    (tmp_path / "deep.ipynb").write_text("[" * 200_000)
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    (tmp_path / "old.py").write_text(OLD)
    names = ["deep.py", "unary.py", "binary.py", "latin.py", "deep.ipynb", "pipe.py", "old.py"]
    status = main([str(tmp_path / n) for n in names])
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert status == 2  # some path could not be checked
    assert [line.split(": error: ")[0] for line in errors] == [
        str(tmp_path / n) for n in names[:-1]]
    reasons = [line.split(": error: ")[1] for line in errors]
    assert "RecursionError" in reasons[0] and "MemoryError" in reasons[1]
    assert "binary file" in reasons[2] and "not UTF-8" in reasons[3]
    assert "nested too deeply" in reasons[4]
    assert "not a regular file" in reasons[5]
    assert "Traceback" not in captured.err
    assert "K2401" in captured.out  # old.py was still checked


def test_cli_refuses_a_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import kerasnb.migrate.files as files

    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    (tmp_path / "big.py").write_text("x = 1\n" * 400)
    assert main([str(tmp_path / "big.py")]) == 2
    assert "files up to" in capsys.readouterr().err


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_failed_write_keeps_the_old_file_and_the_run_goes_on(tmp_path: Path) -> None:
    """A file-size limit makes one rewrite fail part way: that file stays as it was."""
    big = tmp_path / "a_big.py"
    padding = "# " + "x" * 60 + "\n"
    big_text = padding * 60 + OLD  # about 4 KB; the rewrite adds bytes past the limit
    big.write_text(big_text)
    small = tmp_path / "b_small.py"
    small.write_text(OLD)
    limit = len(big_text.encode()) + 4
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "kerasnb.migrate", "--write", str(big), str(small)],
        capture_output=True, text=True, preexec_fn=_limit_file_size(limit), env=env,
        timeout=300)
    assert run.returncode == 2, run.stderr
    assert big.read_text() == big_text  # the old file survived the failed write
    assert small.read_text() == OLD.replace("lr=", "learning_rate=")  # the next file was written
    (line,) = [x for x in run.stderr.splitlines() if ": error: " in x]
    assert line.startswith(f"{big}: error: could not write the rewritten file")
    assert "original is unchanged" in line and "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_big.py", "b_small.py"]  # no temp


def test_write_to_a_read_only_folder_keeps_the_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "old.py"
    path.write_text(OLD)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        assert main(["--write", str(path)]) == 2
    finally:
        folder.chmod(0o755)
    assert path.read_text() == OLD
    assert "could not write" in capsys.readouterr().err


def test_write_keeps_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_text(OLD)
    path.chmod(0o750)
    assert main(["--write", str(path)]) == 0
    assert path.stat().st_mode & 0o777 == 0o750
    assert json.dumps(path.read_text()).count("learning_rate") == 1


@pytest.mark.parametrize("cells", [
    '[{"cell_type": "code", "source": ["x = 1\\n", 3]}]', '[{"cell_type": "code"}]',
    '[{"cell_type": 1, "source": "x"}]', '[{"cell_type": "code", "source": {"a": 1}}]'])
def test_notebooks_with_odd_cells_are_named_errors_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], cells: str) -> None:
    (tmp_path / "odd.ipynb").write_text('{"cells": ' + cells + "}")
    (tmp_path / "old.py").write_text(OLD)
    status = main([str(tmp_path / "odd.ipynb"), str(tmp_path / "old.py"),
                   str(tmp_path / ("x" * 300 + ".py"))])
    captured = capsys.readouterr()
    assert status == 2 and "Traceback" not in captured.err
    assert f"{tmp_path / 'odd.ipynb'}: error: invalid notebook" in captured.err
    assert "File name too long" in captured.err
    assert "K2401" in captured.out


@pytest.mark.parametrize("select", [3, True, [["K2401"]], {"K2401": 1}.items()])
def test_select_must_be_rule_codes(select: object) -> None:
    with pytest.raises(MigrateError, match="select"):
        check_keras2(OLD, select=select)  # type: ignore[arg-type]
    assert [f.code for f in check_keras2(OLD, select="K2401")] == ["K2401"]  # type: ignore
