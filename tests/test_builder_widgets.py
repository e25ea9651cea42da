"""The builder widgets driven headlessly: set values, click buttons, read the widget state."""

from __future__ import annotations

import ipywidgets as w
import pytest

from kerasnb.builder import FunctionalBuilder, ModelSpec, SequentialBuilder, SpecError
from kerasnb.builder.examples import two_input_two_output, vgg_like


def _add(builder, type_name):
    builder.type_picker.value = type_name
    builder.add_button.click()


def test_sequential_add_layers_and_see_shapes_change():
    b = SequentialBuilder(input_shape=(28, 28, 1))
    assert isinstance(b.widget, w.VBox)
    _add(b, "Conv2D")
    assert "(None, 26, 26, 32)" in b.layer_list.options[0][0]
    assert "(None, 26, 26, 32)" in b.summary_html.value
    b.controls["filters"].widget.value = 8
    assert "(None, 26, 26, 8)" in b.summary_html.value
    assert "layers.Conv2D(8, (3, 3)" in b.code
    assert "Total params: 80 " in b.totals_html.value
    _add(b, "Flatten")
    _add(b, "Dense")
    assert b.analysis.infos["dense"].shape == (32,)
    assert b.error_html.value == ""
    assert "<svg" in b.diagram_html.value and "dense" in b.diagram_html.value


def test_sequential_error_shows_in_red_box_and_design_is_kept():
    b = SequentialBuilder(input_shape=(28, 28, 1))
    _add(b, "Dense")
    assert "kerasnb-error" in b.error_html.value
    assert "Flatten()" in b.error_html.value
    assert "background:#fde2e2" in b.summary_html.value
    # fix it by inserting a Flatten above the Dense layer
    b.type_picker.value = "Flatten"
    b.insert_button.click()
    assert [x.name for x in b.spec.layers] == ["flatten", "dense"]
    assert b.error_html.value == ""
    # an unreadable value keeps the design and explains the problem
    b.layer_list.value = "dense"
    before = b.spec
    b.controls["units"].widget.value = 0  # clipped by the bounded control
    b.input_shape.value = "28, x, 1"
    assert "cannot read 'x'" in b.error_html.value
    assert b.spec.inputs == before.inputs


def test_sequential_remove_and_reorder():
    b = SequentialBuilder(input_shape=(20,))
    for t in ("Dense", "Dropout", "Dense"):
        _add(b, t)
    b.layer_list.value = "dropout"
    b.up_button.click()
    assert [x.name for x in b.spec.layers] == ["dropout", "dense", "dense_1"]
    b.down_button.click()
    assert [x.name for x in b.spec.layers] == ["dense", "dropout", "dense_1"]
    b.remove_button.click()
    assert [x.name for x in b.spec.layers] == ["dense", "dense_1"]
    assert b.spec.layer("dense_1").inputs == ["dense"]


def test_nested_layer_and_regularizer_controls():
    b = SequentialBuilder(input_shape=(10, 4))
    b.add("Bidirectional")
    control = b.controls["layer"]
    control.type.value = "GRU"
    control.inner["units"].widget.value = 6
    assert b.spec.layer("bidirectional").params["layer"] == {"type": "GRU",
                                                              "params": {"units": 6}}
    assert b.analysis.infos["bidirectional"].shape == (12,)
    b.add("Dense", units=3)
    b.controls["kernel_regularizer"].kind.value = "l2"
    assert b.spec.layer("dense").params["kernel_regularizer"] == {"l2": 0.01}
    assert "keras.regularizers.L2(0.01)" in b.code


def test_compile_settings_and_loss_pairing():
    b = SequentialBuilder(input_shape=(20,))
    b.add("Dense", units=10, activation="softmax")
    assert b.spec.compile is None  # not chosen: the suggestion is used
    assert b.spec.compile_settings()["loss"] == "sparse_categorical_crossentropy"
    b.losses[0].value = "mse"
    assert "ends in softmax but the loss is mse" in b.advice_html.value
    b.suggest_button.click()
    assert b.spec.compile["loss"] == "sparse_categorical_crossentropy"
    b.controls["activation"].widget.value = "sigmoid"
    assert "binary_crossentropy" in b.advice_html.value
    b.optimizer.value = "sgd"
    b.learning_rate.value = 0.01
    b.metrics.value = ("accuracy",)
    assert "keras.optimizers.SGD(learning_rate=0.01)" in b.code
    model = b.model
    assert model.optimizer.__class__.__name__ == "SGD"
    assert b.model is model  # built once, reused until the design changes


def test_save_load_buttons_and_methods(tmp_path):
    b = SequentialBuilder(vgg_like((32, 32, 3)))
    b.path_text.value = str(tmp_path / "vgg.json")
    b.save_button.click()
    assert "Saved" in b.status_html.value
    other = SequentialBuilder(input_shape=(4,))
    other.path_text.value = str(tmp_path / "vgg.json")
    other.load_button.click()
    assert other.spec == b.spec
    other.path_text.value = str(tmp_path / "missing.json")
    other.load_button.click()
    assert "cannot read" in other.error_html.value and other.spec == b.spec
    b.save(tmp_path / "again.json")
    assert SequentialBuilder(str(tmp_path / "again.json")).spec == b.spec


def test_start_from_an_existing_model_and_build_button():
    model = vgg_like((32, 32, 3)).build()
    b = SequentialBuilder(model)
    assert b.spec.layers == ModelSpec.from_model(model).layers
    b.build_button.click()
    assert "Built vgg_like" in b.status_html.value
    with pytest.raises(SpecError, match="FunctionalBuilder"):
        SequentialBuilder(two_input_two_output())


def test_keras_errors_in_the_build_button_are_shown(monkeypatch):
    import kerasnb.builder.build as build

    b = SequentialBuilder(input_shape=(4,))
    b.add("Dense", units=2)
    monkeypatch.setattr(build, "keras_layer",
                        lambda *a, **k: (_ for _ in ()).throw(ValueError("deep problem")))
    b.build_button.click()
    assert "Keras refused this layer: deep problem" in b.error_html.value


def test_functional_builder_two_inputs_two_outputs():
    b = FunctionalBuilder(input_shape=(100,), dtype="int32")
    b.new_input_shape.value = "5"
    b.add_input_button.click()
    assert [i.name for i in b.spec.inputs] == ["input_layer", "input_layer_1"]
    # the unused second input is reported until it is connected
    b.layer_list.value = None
    b.add("Embedding", inputs=["input_layer"], input_dim=1000, output_dim=16)
    b.add("LSTM", units=8)
    b.add("Dense", units=1, activation="sigmoid", name="aux_output", output=True)
    assert "'input_layer_1'" in b.error_html.value
    b.type_picker.value = "Concatenate"
    b.add_button.click()  # merges the current outputs: aux_output only -> reads the selection
    b.inputs_select.value = ("lstm", "input_layer_1")
    assert b.analysis.infos["concatenate"].shape == (13,)
    b.add("Dense", units=1, activation="sigmoid", name="main_output")
    b.set_outputs(["main_output", "aux_output"])
    assert b.error_html.value == ""
    assert b.spec.compile_settings()["loss"] == "binary_crossentropy"
    model = b.model
    assert [t.shape[-1] for t in model.outputs] == [1, 1]
    assert "keras.Model(inputs=[input_layer, input_layer_1]" in b.code


def test_functional_input_shape_can_be_changed_and_removed():
    b = FunctionalBuilder(two_input_two_output())
    b.input_list.value = "aux_input"
    b.new_input_shape.value = "7"
    b.set_input_button.click()
    assert b.analysis.infos["concatenate"].shape == (39,)
    b.new_input_shape.value = "7, x"
    b.set_input_button.click()
    assert "cannot read 'x'" in b.error_html.value
    b.remove_input_button.click()
    assert [i.name for i in b.spec.inputs] == ["main_input"]
    assert "Concatenate takes at least 2 inputs" in b.error_html.value


def test_functional_cycle_and_output_checkbox():
    b = FunctionalBuilder(two_input_two_output())
    b.layer_list.value = "lstm"
    b.inputs_select.value = ("embedding", "dense")
    assert "cycle" in b.error_html.value
    b.inputs_select.value = ("embedding",)
    assert b.error_html.value == ""
    b.layer_list.value = "aux_output"
    b.is_output.value = False
    assert b.spec.outputs == ["main_output"]
    assert "not used by any output" in b.error_html.value
    b.is_output.value = True
    assert b.spec.outputs == ["main_output", "aux_output"]


def test_rename_a_layer_keeps_connections():
    b = FunctionalBuilder(two_input_two_output())
    b.layer_list.value = "lstm"
    b.layer_name.value = "text_features"
    assert b.spec.layer("concatenate").inputs[0] == "text_features"
    b.layer_name.value = "embedding"
    assert "already used" in b.error_html.value
    assert b.spec.layer("concatenate").inputs[0] == "text_features"


def test_random_edits_never_escape_as_exceptions_and_never_corrupt_the_design():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from kerasnb.builder import LAYER_TYPES

    ops = st.lists(st.tuples(st.sampled_from(["add", "insert", "remove", "up", "down",
                                              "param", "shape", "select"]),
                             st.sampled_from(LAYER_TYPES), st.integers(0, 40)),
                   min_size=1, max_size=12)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(ops)
    def run(steps):
        b = SequentialBuilder(input_shape=(16, 16, 3))
        for op, type_name, k in steps:
            names = [x.name for x in b.spec.layers]
            if op in ("add", "insert"):
                b.type_picker.value = type_name
                (b.add_button if op == "add" else b.insert_button).click()
            elif op == "select" and names:
                b.layer_list.value = names[k % len(names)]
            elif op in ("remove", "up", "down"):
                {"remove": b.remove_button, "up": b.up_button, "down": b.down_button}[op].click()
            elif op == "shape":
                b.input_shape.value = ["16, 16, 3", "8", "10, 4", "abc", "0"][k % 5]
            elif op == "param" and b.controls:
                control = list(b.controls.values())[k % len(b.controls)]
                target = getattr(control, "tip_widget", control.widget)
                if isinstance(target, w.Text):
                    target.value = ["3", "2, 2", "", "x", "-1, 4"][k % 5]
                elif isinstance(target, w.Checkbox):
                    target.value = not target.value
                elif isinstance(target, w.Dropdown):
                    target.index = k % len(target.options)
                elif isinstance(target, w.FloatText):
                    target.value = [0.0, 0.5, 2.0, -1.0, float("nan")][k % 5]
                else:
                    target.value = k
            spec = b.spec
            assert b.internal_errors == []  # bad input is fine; a bug is not
            assert "internal error" not in b.error_html.value
            assert ModelSpec.from_json(spec.to_json()) == spec
            assert spec.is_chain or not spec.layers
            assert b.code_html.value and b.summary_html.value is not None
            if b.analysis.ok:
                assert b.error_html.value == "" or b._action_errors

    run()


def test_an_unexpected_failure_in_a_callback_is_shown_not_raised(monkeypatch):
    b = SequentialBuilder(input_shape=(4,))
    b.add("Dense", units=2)
    b.add("Dense", units=1)

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(b, "_rebuild_panel", broken)
    b.layer_list.value = "dense"  # selecting rebuilds the parameter panel
    assert "internal error" in b.error_html.value and "RuntimeError: boom" in b.error_html.value
    assert b.internal_errors == ["RuntimeError: boom"]  # counted as a bug, not bad input
    assert len(b.spec.layers) == 2


def test_a_new_merge_layer_reads_the_open_branches_and_failures_are_marked():
    b = FunctionalBuilder(input_shape=(4,))
    b.add_input((3,), name="extra")
    b.add("Dense", inputs="input_layer", units=2)
    b.type_picker.value = "Concatenate"
    b.add_button.click()
    assert b.spec.layer("concatenate").inputs == ["dense", "extra"]
    assert b.errors == [] and b.internal_errors == []
    assert "Ctrl-click" in b.reads_hint.value and "Cmd-click" in b.reads_hint.value
    b.inputs_select.value = ("dense",)  # one input: the merge fails, and says how to fix it
    assert "Ctrl-click" in b.error_html.value
    label = next(text for text, name in b.layer_list.options if name == "concatenate")
    assert "✖" in label
    assert "concatenate  ✖" in b.summary_html.value
