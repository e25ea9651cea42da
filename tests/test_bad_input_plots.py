"""Bad input to the plotting entry points: the package's own error, naming the parameter."""

from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest

from kerasnb.errors import KerasnbError
from kerasnb.plots import HistoryError, compare_runs, history_frame, plot_history

LOGS = {"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.8], "accuracy": [0.5, 0.7, 0.8]}


def test_logy_as_one_name_is_that_panel():
    fig = plot_history(LOGS, logy="loss")
    scales = {ax.get_title(): ax.get_yscale() for ax in fig.axes}
    assert scales == {"loss": "log", "accuracy": "linear"}


@pytest.mark.parametrize("logy", ["los", ["loss", "acuracy"], 3, [1, 2]])
def test_bad_logy_is_named(logy):
    with pytest.raises(HistoryError) as info:
        plot_history(LOGS, logy=logy)
    assert "logy" in str(info.value)
    with pytest.raises(HistoryError, match="logy"):
        compare_runs({"a": LOGS}, logy=logy)


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
     (b"epoch,loss\n0,0.5\n1,0.4,9,9,9\n", "could not read"),
     (b"epoch,loss\nzero,0.5\n", "'epoch' column"),
     (b"epoch,loss\n0,abc\n", "not a number"),
     (b"", "empty"),
     (b"just some words: here\n", "could not find columns")])
def test_bad_csv_logs_raise_history_error(tmp_path, content, needle):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(HistoryError) as info:
        history_frame(path)
    assert needle in str(info.value)
    assert isinstance(info.value, KerasnbError)


def test_a_folder_and_a_missing_file(tmp_path):
    with pytest.raises(HistoryError, match="is a folder"):
        history_frame(tmp_path)
    with pytest.raises(HistoryError, match="no such file"):
        history_frame(tmp_path / "nope.csv")


def test_a_log_written_twice_keeps_the_last_run_with_a_warning(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("epoch,loss\n0,0.9\n1,0.8\n2,0.7\n0,0.6\n1,0.5\n")
    with pytest.warns(UserWarning, match="holds 2 trainings"):
        table = history_frame(path)
    assert table["loss"].tolist() == [0.6, 0.5] and list(table.index) == [1, 2]


# -- LivePlot: checked when it is made, not after the training -----------------------------------
@pytest.fixture(scope="module")
def LivePlot():  # noqa: N802 - the class under test
    from kerasnb.plots.live import LivePlot

    return LivePlot


def test_save_path_that_is_a_folder_is_refused_at_once(LivePlot, tmp_path):
    with pytest.raises(HistoryError, match="save_path is a folder"):
        LivePlot(save_path=tmp_path)


def test_save_path_must_be_png(LivePlot, tmp_path):
    with pytest.raises(HistoryError, match="save_path must name a .png"):
        LivePlot(save_path=tmp_path / "curves.jpg")


def test_save_path_under_a_file_is_refused(LivePlot, tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(HistoryError, match="save_path: .* is a file"):
        LivePlot(save_path=tmp_path / "afile" / "curves.png")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_save_path_in_a_read_only_folder_is_refused(LivePlot, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(HistoryError, match="cannot be written"):
            LivePlot(save_path=folder / "curves.png")
    finally:
        folder.chmod(0o700)


def test_save_path_in_a_new_folder_is_fine(LivePlot, tmp_path):
    live = LivePlot(save_path=tmp_path / "new" / "curves.png")
    assert live.save_path.name == "curves.png"


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"monitor": 3}, "monitor"), ({"logy": 5}, "logy"), ({"dpi": 0}, "dpi"),
    ({"watch": ["early"]}, "watch"), ({"save_path": 3}, "save_path"),
    ({"interval": "1"}, "interval"), ({"interval": True}, "interval"),
    ({"interval": float("inf")}, "interval"), ({"budget": float("nan")}, "budget"),
    ({"per_batch": "no"}, "per_batch"), ({"watch": 3}, "watch"), ({"last": -2}, "last")])
def test_bad_arguments_name_the_parameter(LivePlot, kwargs, name):
    with pytest.raises(HistoryError) as info:
        LivePlot(**kwargs)
    assert name in str(info.value)


def test_no_warning_for_good_arguments(LivePlot, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LivePlot(monitor="val_accuracy", logy="loss", save_path=tmp_path / "c.png")


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"metrics": 3}, "metrics"), ({"metrics": [["loss"]]}, "metrics"),
    ({"ncols": 1.5}, "ncols"), ({"ncols": "3"}, "ncols"), ({"ncols": 0}, "ncols"),
    ({"figsize": 5}, "figsize"), ({"figsize": (6, 0)}, "figsize"),
    ({"figsize": (1e6, 1e6)}, "figsize"), ({"figsize": ("a", "b")}, "figsize")])
def test_plot_options_name_the_parameter(kwargs, name):
    with pytest.raises(HistoryError, match=name):
        plot_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7]}, **kwargs)


@pytest.mark.parametrize("history", [
    "x" * 5000, pd.DataFrame({"loss": [1.0, 2.0]}, index=["a", "b"])])
def test_odd_paths_and_indexes_are_history_errors(history):
    with pytest.raises(HistoryError):
        plot_history(history)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"watch": 3}, "watch"), ({"per_batch": "no"}, "per_batch"),
    ({"save_path": "x" * 5000 + ".png"}, "save_path")])
def test_more_live_plot_arguments_are_named(LivePlot, kwargs, name):
    with pytest.raises(HistoryError, match=name):
        LivePlot(**kwargs)
