"""The playground's widget driven headlessly: set values, click buttons, read what is shown."""

from __future__ import annotations

import time

import ipywidgets as w
import pytest

from kerasnb.playground.core import Playground

pytestmark = pytest.mark.slow


def _until(predicate, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_controls_edit_the_lesson_and_the_builder_follows():
    pg = Playground("xor", hidden=[4], n_samples=100)
    assert isinstance(pg.widget, w.VBox)
    ui = pg._widget
    ui.noise.value = 0.2
    ui.hidden.value = "6, 3"
    ui.features["x1x2"].value = True
    lesson = pg.lesson
    assert lesson.noise == 0.2 and lesson.hidden == [6, 3]
    assert lesson.features == ["x1", "x2", "x1x2"] and pg.spec.inputs[0].shape == [3]
    assert [x.params.get("units") for x in ui.builder.spec.layers] == [6, 3, 1]
    assert "binary classification" in ui.task_html.value
    assert ui.view_image.value[:4] == b"\x89PNG"  # the untrained map is shown at once


def test_a_bad_value_is_explained_and_the_lesson_kept():
    pg = Playground("xor", hidden=[4], n_samples=100)
    ui = pg._widget if pg.widget else None
    ui.hidden.value = "eight"
    assert "whole numbers" in ui.status_html.value
    assert pg.lesson.hidden == [4] and ui.hidden.value == "4"


def test_builder_design_that_does_not_fit_disables_train():
    pg = Playground("circles", hidden=[4], n_samples=100)
    ui = pg._widget if pg.widget else None
    ui.builder.set_param("dense_1", "units", 3)  # the output layer: 3 units for 2 classes
    assert pg.lesson.design is not None and pg.problems
    assert ui.train_button.disabled and "Train is off" in ui.problems_html.value
    assert ui.hidden.disabled  # the quick settings are off while the builder's design is used
    ui.quick_button.click()
    assert pg.lesson.design is None and not ui.train_button.disabled


def test_train_pause_step_stop_buttons():
    pg = Playground("gauss", hidden=[2], n_samples=100, epochs=500)
    ui = pg._widget if pg.widget else None
    ui.train_button.click()
    assert ui.train_button.disabled and not ui.stop_button.disabled
    ui.train_button.click()  # pressing twice never starts a second run
    assert _until(lambda: len(pg.history.get("loss", [])) >= 1)
    ui.pause_button.click()
    assert _until(lambda: pg.state == "paused")
    assert _until(lambda: ui.pause_button.description == "Resume")
    held = len(pg.history["loss"])
    ui.step_button.click()
    assert _until(lambda: len(pg.history["loss"]) == held + 1 and pg.state == "paused")
    ui.stop_button.click()
    assert _until(lambda: pg.state == "idle")
    assert _until(lambda: not ui.train_button.disabled)
    assert _until(lambda: "stopped" in ui.runs_html.value) and len(pg.runs) == 1
    assert ui.curves_image.value[:4] == b"\x89PNG" and pg.draws >= 2
    ui.code_button.click()
    assert "def gauss(" in ui.code_area.value


def test_locks_disable_or_hide_controls(tmp_path):
    pg = Playground("xor", n_samples=100, lock={"data": "hide", "learning_rate": "disable",
                                                "builder": "hide"})
    ui = pg._widget if pg.widget else None
    assert ui.data.layout.display == "none" and ui.builder_box.layout.display == "none"
    assert ui.learning_rate.disabled and not ui.noise.disabled
    ui.path_text.value = str(tmp_path / "lesson.json")
    ui.save_button.click()
    assert "saved" in ui.status_html.value
    other = Playground.load(tmp_path / "lesson.json")
    assert other.lesson.lock == pg.lesson.lock


def test_digits_and_regression_views():
    digits = Playground("digits", hidden=[8], epochs=1, batch_size=64)
    ui = digits._widget if digits.widget else None
    digits.train()
    assert ui.view_image.value[:4] == b"\x89PNG"
    diabetes = Playground("diabetes", hidden=[4], epochs=1)
    ui = diabetes._widget if diabetes.widget else None
    diabetes.train()
    assert ui.view_image.value[:4] == b"\x89PNG" and "standardised" in ui.task_html.value
