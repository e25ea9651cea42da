"""plot_history and compare_runs: the lines drawn hold the logged values, panels as specified."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kerasnb.plots import HistoryError, compare_runs, plot_history  # noqa: E402
from kerasnb.plots.figure import Events, Panels, new_figure  # noqa: E402
from kerasnb.plots.history import group_metrics, history_frame  # noqa: E402

LOGS = {
    "loss": [0.9, 0.5, 0.4, 0.35],
    "accuracy": [0.5, 0.7, 0.8, 0.85],
    "mae": [3.0, 2.0, 1.5, 1.2],
    "val_loss": [1.0, 0.6, 0.55, 0.7],
    "val_accuracy": [0.4, 0.7, 0.75, 0.72],
    "val_mae": [3.1, 2.2, 1.9, 2.0],
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def line(ax, label):
    (found,) = [ln for ln in ax.get_lines() if ln.get_label() == label]
    return found


def by_title(fig):
    return {ax.get_title(): ax for ax in fig.axes}


def test_each_metric_and_its_twin_share_a_panel_with_readable_titles():
    fig = plot_history(LOGS)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy", "mean absolute error"]
    for title, key in [("loss", "loss"), ("accuracy", "accuracy"), ("mean absolute error", "mae")]:
        ax = by_title(fig)[title]
        assert line(ax, "training").get_ydata().tolist() == LOGS[key]
        assert line(ax, "validation").get_ydata().tolist() == LOGS[f"val_{key}"]
        assert line(ax, "validation").get_xdata().tolist() == [1, 2, 3, 4]


def test_best_validation_epoch_is_marked_lowest_loss_highest_accuracy():
    fig = plot_history(LOGS)
    axes = by_title(fig)
    (loss_best,) = [ln for ln in axes["loss"].get_lines() if ln.get_label().startswith("best")]
    assert (loss_best.get_xdata().tolist(), loss_best.get_ydata().tolist()) == ([3], [0.55])
    assert loss_best.get_label() == "best: 0.55 (epoch 3)"
    (acc_best,) = [ln for ln in axes["accuracy"].get_lines() if ln.get_label().startswith("best")]
    assert (acc_best.get_xdata().tolist(), acc_best.get_ydata().tolist()) == ([3], [0.75])
    legend_texts = [t.get_text() for t in axes["loss"].get_legend().get_texts()]
    assert "best: 0.55 (epoch 3)" in legend_texts


def test_learning_rate_gets_its_own_log_panel_old_and_new_names():
    for key in ("learning_rate", "lr"):
        fig = plot_history({"loss": [1.0, 0.5, 0.4], key: [0.1, 0.1, 0.01]})
        assert [ax.get_title() for ax in fig.axes] == ["loss", "learning rate"]
        assert fig.axes[1].get_yscale() == "log"
        assert line(fig.axes[1], "learning rate").get_ydata().tolist() == [0.1, 0.1, 0.01]
        plt.close(fig)


def test_logy_and_last_n_epochs():
    fig = plot_history(LOGS, logy=["loss"], last=2)
    axes = by_title(fig)
    assert axes["loss"].get_yscale() == "log" and axes["accuracy"].get_yscale() == "linear"
    assert line(axes["loss"], "training").get_xdata().tolist() == [3, 4]
    assert line(axes["loss"], "training").get_ydata().tolist() == [0.4, 0.35]
    assert all(ax.get_yscale() == "log" for ax in plot_history(LOGS, logy=True).axes)


def test_metrics_choose_panels_and_unknown_names_are_refused():
    fig = plot_history(LOGS, metrics=["accuracy"])
    assert [ax.get_title() for ax in fig.axes] == ["accuracy"]
    with pytest.raises(HistoryError, match=r"\['f1'\] not in this history; expected names among"):
        plot_history(LOGS, metrics=["f1"])


@pytest.mark.parametrize("last", [0, -1, 2.5, "3"])
def test_bad_last_is_refused(last):
    with pytest.raises(HistoryError, match="expected a whole number of epochs"):
        plot_history(LOGS, last=last)


def test_multi_output_model_history():
    logs = {"loss": [3.0, 2.0], "out1_loss": [1.0, 0.8], "out2_loss": [2.0, 1.2],
            "out2_accuracy": [0.5, 0.6], "val_loss": [3.1, 2.2], "val_out1_loss": [1.1, 0.9],
            "val_out2_loss": [2.0, 1.3], "val_out2_accuracy": [0.4, 0.55]}
    fig = plot_history(logs)
    assert [ax.get_title() for ax in fig.axes] == [
        "loss", "out1: loss", "out2: loss", "out2: accuracy"]
    ax = by_title(fig)["out2: accuracy"]
    assert line(ax, "validation").get_ydata().tolist() == [0.4, 0.55]


def test_diverged_run_draws_finite_values_and_marks_the_rest():
    fig = plot_history({"loss": [1.0, 0.8, math.inf, math.nan], "val_loss": [1.1, 0.9, 5.0, 7.0]})
    ax = fig.axes[0]
    train = line(ax, "training")
    assert train.get_xdata().tolist() == [1, 2] and train.get_ydata().tolist() == [1.0, 0.8]
    bad = line(ax, "NaN / inf (not drawn)")
    assert bad.get_xdata().tolist() == [3, 4]
    assert all(np.isfinite(ax.get_ylim()))


def test_metric_without_val_twin_is_drawn_alone():
    fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.2, 0.7], "precision": [0.1, 0.3]})
    ax = by_title(fig)["precision"]
    assert line(ax, "training").get_ydata().tolist() == [0.1, 0.3]
    assert len(line(ax, "validation").get_xdata()) == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training"]


def test_csvlogger_file_is_plotted(tmp_path):
    path = tmp_path / "training.log"
    pd.DataFrame({"epoch": [0, 1, 2], "loss": [0.5, 0.4, 0.3]}).to_csv(path, sep=";", index=False)
    fig = plot_history(path)
    assert line(fig.axes[0], "training").get_xdata().tolist() == [1, 2, 3]


def test_figure_is_returned_and_shown_once_in_a_notebook(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append((a, k)))
    fig = plot_history(LOGS)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert plt.fignum_exists(fig.number)  # assigned to a name: pyplot shows it at cell end
    fig._ipython_display_()  # the cell's value: shows itself, leaves pyplot's list
    assert len(shown) == 1 and "image/png" in shown[0][0][0]
    assert not plt.fignum_exists(fig.number)


def test_events_are_drawn_where_they_happened():
    table = history_frame(LOGS)
    panels = Panels(new_figure(3, pyplot=False), group_metrics(table.columns))
    panels.update(table, events=Events(stopped=[(4, "EarlyStopping")], saved=[1, 3], lr_drops=[3]))
    loss = panels.artists("loss")
    assert loss.stop.get_xdata()[:2].tolist() == [4, 4]
    assert loss.save.get_xdata().tolist() == [1, 3]
    assert loss.lr_drop.get_xdata()[:2].tolist() == [2.5, 2.5]
    labels = [t.get_text() for t in loss.ax.get_legend().get_texts()]
    assert {"training stopped", "checkpoint saved", "learning rate lowered"} <= set(labels)


def test_update_moves_data_without_new_artists():
    table = history_frame(LOGS)
    panels = Panels(new_figure(3, pyplot=False), group_metrics(table.columns))
    panels.update(table.iloc[:2])
    before = [id(a) for ax in panels.axes for a in ax.get_lines()]
    panels.update(table)
    assert [id(a) for ax in panels.axes for a in ax.get_lines()] == before
    assert panels.lines["val_mae"].get_ydata().tolist() == LOGS["val_mae"]


def test_compare_runs_shares_axes_and_tabulates_best_and_last():
    runs = {
        "adam": {"loss": [0.9, 0.3, 0.2], "val_loss": [1.0, 0.5, 0.6],
                 "accuracy": [0.6, 0.8, 0.9], "val_accuracy": [0.5, 0.8, 0.75]},
        "sgd": pd.DataFrame({"loss": [0.9, 0.7], "val_loss": [1.0, 0.8],
                             "accuracy": [0.5, 0.6], "val_accuracy": [0.5, 0.55]}),
    }
    result = compare_runs(runs)
    figure, table = result
    assert figure is result.figure and table is result.table
    axes = by_title(figure)
    assert set(axes) == {"loss", "accuracy"}
    assert line(axes["loss"], "adam: val_loss").get_ydata().tolist() == [1.0, 0.5, 0.6]
    assert line(axes["loss"], "sgd: val_loss").get_ydata().tolist() == [1.0, 0.8]
    assert line(axes["accuracy"], "sgd: accuracy").get_ydata().tolist() == [0.5, 0.6]
    assert line(axes["loss"], "adam: best val_loss").get_xdata().tolist() == [2]
    assert list(table.index) == ["adam", "sgd"]
    assert table.loc["adam", "epochs"] == 3 and table.loc["sgd", "epochs"] == 2
    assert table.loc["adam", "val_loss best"] == 0.5
    assert table.loc["adam", "val_loss best epoch"] == 2
    assert table.loc["adam", "val_loss last"] == 0.6
    assert table.loc["adam", "val_accuracy best"] == 0.8
    assert table.loc["sgd", "val_accuracy best epoch"] == 2


def test_compare_runs_with_missing_metric_and_bad_input():
    result = compare_runs({"a": {"loss": [1.0, 0.5], "auc": [0.6, 0.7]}, "b": {"loss": [0.8]}})
    assert pd.isna(result.table.loc["b", "auc best"])
    with pytest.raises(HistoryError, match="expected a dict of run name -> history"):
        compare_runs([{"loss": [1.0]}])
    with pytest.raises(HistoryError, match="run 'b': the history is empty"):
        compare_runs({"a": {"loss": [1.0]}, "b": {}})
