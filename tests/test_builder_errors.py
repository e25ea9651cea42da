"""Each invalid design gets a SpecError that names the layer, the shapes and a likely fix."""

from __future__ import annotations

import pytest

from kerasnb.builder import ModelSpec, SpecError
from kerasnb.builder.spec import InputSpec, LayerSpec


def _first_error(spec: ModelSpec) -> SpecError:
    analysis = spec.analyze()
    assert analysis.errors, "the spec was accepted"
    with pytest.raises(SpecError):
        spec.validate()
    return analysis.errors[0]


def test_conv2d_after_dense():
    err = _first_error(ModelSpec.sequential((64,), [("Dense", {"units": 16}),
                                                     ("Conv2D", {"filters": 4,
                                                                 "kernel_size": 3})]))
    assert err.layer == "conv2d"
    assert err.received == "(None, 16)"
    assert "height, width, channels" in err.needs
    assert "Reshape" in err.fix


def test_kernel_larger_than_input():
    err = _first_error(ModelSpec.sequential((4, 4, 1), [("Conv2D", {"filters": 2,
                                                                    "kernel_size": 5})]))
    assert err.layer == "conv2d"
    assert "negative" in err.message
    assert "(None, 4, 4, 1)" in err.received and "padding='same'" in err.fix


def test_pooling_too_large_after_shrinking_convolutions():
    from kerasnb.builder.examples import vgg_like

    err = _first_error(vgg_like(input_shape=(8, 8, 1)))
    assert err.layer == "conv2d_2" and "negative" in err.message


def test_concatenate_with_mismatched_shapes():
    spec = ModelSpec(inputs=[InputSpec("a", [8, 8, 3]), InputSpec("b", [4, 4, 3])])
    spec.add_layer("Concatenate", {}, ["a", "b"])
    spec.outputs = ["concatenate"]
    err = _first_error(spec)
    assert err.layer == "concatenate"
    assert "matching shapes except for the concatenation axis" in err.message
    assert err.received == "(None, 8, 8, 3), (None, 4, 4, 3)"


def test_add_with_mismatched_shapes_suggests_concatenate_or_projection():
    spec = ModelSpec(inputs=[InputSpec("a", [8]), InputSpec("b", [4])])
    spec.add_layer("Add", {}, ["a", "b"])
    spec.outputs = ["add"]
    err = _first_error(spec)
    assert "same shape" in err.message and "Concatenate" in err.fix


def test_flatten_missing_before_dense_on_images():
    err = _first_error(ModelSpec.sequential((28, 28, 1), [("Dense", {"units": 10})]))
    assert err.layer == "dense" and err.received == "(None, 28, 28, 1)"
    assert "Flatten()" in err.fix


def test_lstm_fed_2d_input():
    err = _first_error(ModelSpec.sequential((20,), [("LSTM", {"units": 8})]))
    assert err.layer == "lstm" and "timesteps, features" in err.needs
    assert "Embedding" in err.fix


def test_embedding_fed_floats():
    err = _first_error(ModelSpec.sequential((10,), [("Embedding", {"input_dim": 100,
                                                                   "output_dim": 8})]))
    assert err.layer == "embedding" and "float32" in err.received
    assert "dtype='int32'" in err.fix


def test_cycle():
    spec = ModelSpec(inputs=[InputSpec("x", [4])])
    spec.layers = [LayerSpec("a", "Dense", {"units": 4}, ["x", "b"]),
                   LayerSpec("b", "Dense", {"units": 4}, ["a"])]
    spec.outputs = ["b"]
    errors = [e for e in spec.analyze().errors if "cycle" in e.message]
    assert errors and errors[0].received in ("a -> b -> a", "b -> a -> b")


def test_output_that_does_not_depend_on_an_input():
    spec = ModelSpec(inputs=[InputSpec("x", [4])])
    spec.add_layer("Dense", {"units": 2}, "x", name="used")
    spec.layers.append(LayerSpec("floating", "Dense", {"units": 2}, []))
    spec.outputs = ["used", "floating"]
    messages = [str(e) for e in spec.analyze().errors]
    assert any("'floating' does not depend on any input" in m for m in messages)


def test_unused_input_is_reported():
    spec = ModelSpec(inputs=[InputSpec("x", [4]), InputSpec("y", [4])])
    spec.add_layer("Dense", {"units": 2}, "x")
    spec.outputs = ["dense"]
    err = _first_error(spec)
    assert err.layer == "y" and "not used by any output" in err.message


def test_name_used_twice():
    spec = ModelSpec(inputs=[InputSpec("x", [4])])
    spec.layers = [LayerSpec("d", "Dense", {"units": 4}, ["x"]),
                   LayerSpec("d", "Dense", {"units": 4}, ["d"])]
    spec.outputs = ["d"]
    err = _first_error(spec)
    assert "used twice" in err.message and err.layer == "d"


def test_rename_refuses_a_taken_name_and_keeps_the_design():
    spec = ModelSpec.sequential((4,), [("Dense", {"units": 2}), ("Dense", {"units": 1})])
    before = spec.to_dict()
    with pytest.raises(SpecError, match="already used"):
        spec.rename("dense_1", "dense")
    assert spec.to_dict() == before


def test_bad_parameter_values_name_the_parameter():
    spec = ModelSpec.sequential((4,), [("Dropout", {"rate": 0.5})])
    with pytest.raises(SpecError) as info:
        spec.set_param("dropout", "rate", 1.5)
    assert "'rate'" in str(info.value) and "below 1" in str(info.value)
    assert spec.layer("dropout").params == {"rate": 0.5}


def test_keras2_names_are_explained():
    with pytest.raises(SpecError) as info:
        ModelSpec.sequential((8, 8, 1), [("Conv2D", {"filters": 2, "kernel_size": 3,
                                                     "border_mode": "same"})])
    assert "'border_mode' is the Keras 2 name of 'padding'" in info.value.fix
    with pytest.raises(SpecError) as info:
        ModelSpec.sequential((8, 8, 1), [("Convolution2D", {})])
    assert "Conv2D" in info.value.fix


def test_errors_raised_by_keras_while_building_become_spec_errors(monkeypatch):
    import kerasnb.builder.build as build

    def refuse(*args, **kwargs):
        raise ValueError("Some deep Keras message.\nwith details")

    monkeypatch.setattr(build, "keras_layer", refuse)
    spec = ModelSpec.sequential((4,), [("Dense", {"units": 2})])
    with pytest.raises(SpecError) as info:
        spec.build()
    assert info.value.layer == "dense"
    assert "Keras refused this layer: Some deep Keras message." in str(info.value)


def test_loading_a_broken_file_is_a_spec_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(SpecError, match="not valid JSON"):
        ModelSpec.load(path)
    with pytest.raises(SpecError, match="cannot read"):
        ModelSpec.load(tmp_path / "missing.json")
