"""Every catalogue layer: its widget controls, its shape rule and its parameter count agree with
Keras, and its Keras 2 names are documented."""

from __future__ import annotations

import pytest

from kerasnb.builder import CATALOGUE, LAYER_TYPES, ModelSpec, layer_type
from kerasnb.builder.spec import InputSpec
from kerasnb.builder.widgets.controls import make_control

CANDIDATE_INPUTS = [([32, 32, 3], "float32"), ([10, 4], "float32"), ([8], "float32"),
                    ([10], "int32"), ([4, 6, 6, 3], "float32")]


def _spec_for(type_name: str, shape: list, dtype: str) -> ModelSpec:
    lt = layer_type(type_name)
    if lt.is_merge:
        spec = ModelSpec(inputs=[InputSpec("a", shape, dtype), InputSpec("b", shape, dtype)])
        spec.add_layer(type_name, lt.suggested(), ["a", "b"], name="layer")
    else:
        spec = ModelSpec(inputs=[InputSpec("a", shape, dtype)])
        spec.add_layer(type_name, lt.suggested(), "a", name="layer")
    spec.outputs = ["layer"]
    return spec


@pytest.mark.parametrize("type_name", LAYER_TYPES)
def test_every_layer_builds_with_the_shape_and_count_computed_without_keras(type_name):
    accepted = 0
    for shape, dtype in CANDIDATE_INPUTS:
        spec = _spec_for(type_name, shape, dtype)
        analysis = spec.analyze()
        if not analysis.ok:
            continue
        accepted += 1
        model = spec.build()
        layer = model.get_layer("layer")
        info = analysis.infos["layer"]
        assert (None,) + info.shape == tuple(layer.output.shape)
        assert info.params == layer.count_params()
        namespace: dict = {}
        exec(spec.to_code(), namespace)
        assert namespace["model"].count_params() == model.count_params()
    assert accepted, f"{type_name} was accepted on none of the candidate inputs"


@pytest.mark.parametrize("type_name", ["Input", *LAYER_TYPES])
def test_every_parameter_gets_a_control_that_reads_back_its_value(type_name):
    lt = CATALOGUE[type_name]
    full = lt.full_params(lt.suggested())
    for p in lt.params:
        control = make_control(p, full[p.name])
        assert control.get() == p.check(full[p.name], type_name)
        assert p.name in p.describe() and p.help


def test_keras2_names_are_recorded_where_they_differed():
    assert layer_type("Conv2D").param("padding").keras2 == "border_mode"
    assert layer_type("Dense").param("units").keras2 == "output_dim"
    assert layer_type("Dropout").param("rate").keras2 == "p"
    assert layer_type("Conv2D").keras2 == "Convolution2D"
    assert "Keras 2: border_mode" in layer_type("Conv2D").param("padding").describe()


def test_kernel_regularizer_and_use_bias_wherever_keras_has_them():
    for name in ("Dense", "Conv1D", "Conv2D"):
        params = {p.name for p in layer_type(name).params}
        assert {"kernel_regularizer", "use_bias"} <= params
    for name in ("LSTM", "GRU", "SimpleRNN"):
        assert "kernel_regularizer" in {p.name for p in layer_type(name).params}


def test_required_layer_types_are_catalogued():
    required = {"Input", "Dense", "Dropout", "Activation", "Flatten", "Reshape", "Conv1D",
                "Conv2D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D",
                "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
                "GlobalMaxPooling2D", "BatchNormalization", "Embedding", "LSTM", "GRU",
                "SimpleRNN", "Bidirectional", "TimeDistributed", "Add", "Concatenate",
                "Multiply", "Rescaling", "RandomFlip", "RandomRotation", "RandomZoom",
                "RandomTranslation", "RandomContrast"}
    assert required <= set(CATALOGUE)


def test_from_model_refuses_options_it_would_lose_and_shared_layers():
    import keras

    from kerasnb.builder import SpecError

    model = keras.Sequential([keras.Input((4,)),
                              keras.layers.Dense(2, kernel_initializer="he_normal")])
    with pytest.raises(SpecError, match="kernel_initializer"):
        ModelSpec.from_model(model)
    shared = keras.layers.Dense(3, name="shared")
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    out = keras.layers.Add()([shared(a), shared(b)])
    with pytest.raises(SpecError, match="shared layer"):
        ModelSpec.from_model(keras.Model([a, b], out))


def test_functional_code_uses_valid_variable_names():
    spec = ModelSpec(inputs=[InputSpec("in-put", [4]), InputSpec("model", [4])])
    spec.add_layer("Concatenate", {}, ["in-put", "model"], name="class")
    spec.add_layer("Dense", {"units": 1}, "class", name="2nd")
    spec.outputs = ["2nd"]
    namespace: dict = {}
    exec(spec.to_code(), namespace)
    assert [layer.name for layer in namespace["model"].layers][-2:] == ["class", "2nd"]


def test_summary_frame_and_diagram_show_every_layer():
    from kerasnb.builder.examples import mini_xception

    spec = mini_xception(num_classes=2)
    frame = spec.summary()
    assert list(frame.columns) == ["Layer", "Type", "Output shape", "Params", "Connected to"]
    assert frame.attrs["non_trainable"] == 1472
    add = frame[frame["Layer"] == "add"].iloc[0]
    assert add["Connected to"] == "max_pooling2d, batch_normalization_2"
    svg = spec.diagram()
    assert svg.count("class='kerasnb-node'") == len(spec.layers) + 1


def test_from_model_explains_unbuilt_models_and_uncatalogued_layers():
    import keras

    from kerasnb.builder import SpecError

    with pytest.raises(SpecError, match="no input shape yet"):
        ModelSpec.from_model(keras.Sequential([keras.layers.Dense(2)]))
    model = keras.Sequential([keras.Input((3,)), keras.layers.LayerNormalization()])
    with pytest.raises(SpecError, match="LayerNormalization is not in the builder's catalogue"):
        ModelSpec.from_model(model)
    with pytest.raises(SpecError, match="needs a keras.Model"):
        ModelSpec.from_model("a string")
