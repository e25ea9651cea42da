"""Any history in, one clean table out; metric grouping and readable titles."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kerasnb.plots.history import (
    HistoryError,
    best_epoch,
    group_metrics,
    history_frame,
    nonfinite_epochs,
    readable_name,
)

LOGS = {"loss": [0.9, 0.5, 0.4], "accuracy": [0.5, 0.7, 0.8],
        "val_loss": [1.0, 0.6, 0.7], "val_accuracy": [0.4, 0.7, 0.65]}


class FakeHistory:
    """What keras.callbacks.History offers to a reader: a .history dict of lists."""

    def __init__(self, history: dict) -> None:
        self.history = history


def test_dict_history_and_dataframe_give_the_same_table():
    from_dict = history_frame(LOGS)
    assert list(from_dict.index) == [1, 2, 3]
    assert from_dict.index.name == "epoch"
    pd.testing.assert_frame_equal(history_frame(FakeHistory(LOGS)), from_dict)
    pd.testing.assert_frame_equal(history_frame(pd.DataFrame(LOGS)), from_dict)
    assert from_dict.loc[2, "val_loss"] == 0.6


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csvlogger_file_with_any_separator(tmp_path, sep):
    path = tmp_path / "log.csv"
    frame = pd.DataFrame(LOGS)
    frame.insert(0, "epoch", range(3))  # CSVLogger counts epochs from 0
    frame.to_csv(path, sep=sep, index=False)
    table = history_frame(path)
    assert list(table.index) == [1, 2, 3]
    assert table["val_accuracy"].tolist() == LOGS["val_accuracy"]
    assert history_frame(str(path)).equals(table)


def test_missing_csv_file_says_what_was_expected(tmp_path):
    with pytest.raises(HistoryError, match=r"no such file: .*nothere\.csv.*CSVLogger"):
        history_frame(tmp_path / "nothere.csv")


def test_csv_without_columns_is_refused(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("epoch loss\n0 0.5\n1 0.4\n")
    with pytest.raises(HistoryError, match="could not find columns.*'epoch loss'"):
        history_frame(path)


@pytest.mark.parametrize("empty", [{}, {"loss": []}, pd.DataFrame()])
def test_empty_history_is_refused(empty):
    with pytest.raises(HistoryError, match="the history is empty.*expected at least one epoch"):
        history_frame(empty)


def test_empty_csv_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(HistoryError, match="the history is empty"):
        history_frame(path)


@pytest.mark.parametrize(
    ("received", "message"),
    [
        (42, "received int 42; expected a keras History"),
        ({"loss": 0.5}, "'loss' holds float 0.5; expected a list"),
        ({"loss": ["a", "b"]}, "'loss' holds a value that is not a number"),
        (pd.DataFrame({"loss": [0.1, "x"]}), "column 'loss' holds 'x'"),
        ({"loss": [1, 2, 3], "val_loss": [1, 2]}, "'val_loss' has 2 values for 3 epochs"),
    ],
)
def test_bad_input_names_what_was_received(received, message):
    with pytest.raises(HistoryError, match=message):
        history_frame(received)


def test_history_error_is_a_value_error():
    assert issubclass(HistoryError, ValueError)


def test_validation_every_kth_epoch_is_placed_on_its_epochs():
    table = history_frame({"loss": [4, 3, 2, 1], "val_loss": [3.5, 1.5]})
    assert np.isnan(table.loc[1, "val_loss"]) and table.loc[2, "val_loss"] == 3.5
    assert np.isnan(table.loc[3, "val_loss"]) and table.loc[4, "val_loss"] == 1.5
    assert nonfinite_epochs(table["val_loss"]) == []


def test_nonfinite_values_are_kept_and_found():
    table = history_frame({"loss": [1.0, math.inf, 0.5, math.nan, math.nan]})
    assert nonfinite_epochs(table["loss"]) == [2, 4, 5]
    assert best_epoch(table["loss"], higher_is_better=False) == (3, 0.5)
    assert best_epoch(pd.Series([math.nan]), higher_is_better=False) is None


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("loss", "loss"),
        ("accuracy", "accuracy"),
        ("acc", "accuracy"),
        ("mae", "mean absolute error"),
        ("val_mean_absolute_error", "mean absolute error"),
        ("sparse_categorical_accuracy", "sparse categorical accuracy"),
        ("out1_loss", "out1: loss"),
        ("val_out2_accuracy", "out2: accuracy"),
        ("digit_output_mae", "digit_output: mean absolute error"),
        ("auc_1", "AUC 1"),
        ("learning_rate", "learning rate"),
        ("lr", "learning rate"),
        ("my_custom_score", "my custom score"),
    ],
)
def test_readable_titles(name, title):
    assert readable_name(name) == title


def test_grouping_pairs_twins_puts_loss_first_and_learning_rate_last():
    columns = ["accuracy", "lr", "val_accuracy", "loss", "val_loss", "precision"]
    panels = group_metrics(columns)
    assert [(p.key, p.train, p.val) for p in panels] == [
        ("loss", "loss", "val_loss"),
        ("accuracy", "accuracy", "val_accuracy"),
        ("precision", "precision", None),
        ("lr", "lr", None),
    ]
    assert panels[-1].is_learning_rate
    assert [p.higher_is_better for p in panels[:3]] == [False, True, True]


def test_multi_output_metrics_get_a_panel_each():
    columns = ["loss", "out1_loss", "out2_loss", "out1_mae", "out2_accuracy",
               "val_loss", "val_out1_loss", "val_out2_loss", "val_out1_mae", "val_out2_accuracy"]
    panels = group_metrics(columns)
    assert [p.title for p in panels] == [
        "loss", "out1: loss", "out2: loss", "out1: mean absolute error", "out2: accuracy"]
    assert all(p.val == f"val_{p.key}" for p in panels)
    assert panels[-1].higher_is_better and not panels[3].higher_is_better


def test_validation_metric_without_training_twin_gets_its_panel():
    (panel,) = group_metrics(["val_accuracy"])
    assert (panel.train, panel.val, panel.title) == (None, "val_accuracy", "accuracy")
