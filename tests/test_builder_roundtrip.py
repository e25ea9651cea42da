"""Round trips for every example network of the notes: spec -> model -> spec, and code -> model.

Also cross-checks the builder's own shape and parameter arithmetic against Keras.
"""

from __future__ import annotations

import pytest

from kerasnb.builder import ModelSpec
from kerasnb.builder.examples import EXAMPLES

keras = pytest.importorskip("keras")


def _signature(model):
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        rows.append((layer.name, type(layer).__name__, tuple(layer.output.shape),
                     layer.count_params()))
    return rows


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_spec_model_spec_is_identical(name):
    spec = EXAMPLES[name]()
    assert spec == spec.in_graph_order()
    model = spec.build()
    again = ModelSpec.from_model(model)
    assert again.to_dict() == spec.to_dict()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_generated_code_builds_the_same_model(name):
    spec = EXAMPLES[name]()
    model = spec.build()
    namespace: dict = {}
    exec(compile(spec.to_code(), f"<{name}>", "exec"), namespace)
    from_code = namespace["model"]
    assert _signature(from_code) == _signature(model)
    assert from_code.count_params() == model.count_params()
    assert [tuple(t.shape) for t in from_code.outputs] == [tuple(t.shape) for t in model.outputs]
    assert from_code.optimizer is not None and from_code.loss == model.loss


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_own_shapes_and_counts_match_keras(name):
    spec = EXAMPLES[name]()
    analysis = spec.validate()
    model = spec.build()
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        info = analysis.infos[layer.name]
        assert (None,) + info.shape == tuple(layer.output.shape), layer.name
        trainable = sum(int(w.numpy().size) for w in layer.trainable_weights)
        frozen = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
        assert (info.trainable, info.non_trainable) == (trainable, frozen), layer.name


def test_mini_xception_matches_the_keras2_summary_of_the_notes():
    analysis = EXAMPLES["mini_xception"](num_classes=2).validate()
    assert (analysis.total, analysis.trainable, analysis.non_trainable) == (52658, 51186, 1472)


def test_sequential_examples_generate_sequential_code_and_graphs_functional():
    assert "keras.Sequential(" in EXAMPLES["vgg_like"]().to_code()
    code = EXAMPLES["two_input_two_output"]().to_code()
    assert "keras.Model(inputs=[main_input, aux_input]" in code


def test_save_and_load_keep_the_spec(tmp_path):
    for make in EXAMPLES.values():
        spec = make()
        path = spec.save(tmp_path / "spec.json")
        assert ModelSpec.load(path) == spec


def test_from_model_of_a_hand_written_functional_model():
    a = keras.Input((8,), name="a")
    b = keras.Input((8,), name="b")
    x = keras.layers.Dense(4, activation="relu", name="d1")(a)
    y = keras.layers.Dense(4, name="d2")(b)
    z = keras.layers.Concatenate(name="cat")([x, y])
    out = keras.layers.Dense(1, name="out")(z)
    spec = ModelSpec.from_model(keras.Model([a, b], out, name="hand"))
    assert [layer.name for layer in spec.layers] == ["d1", "d2", "cat", "out"]
    assert spec.layer("cat").inputs == ["d1", "d2"]
    assert spec.layer("d1").params == {"units": 4, "activation": "relu"}
