"""Bad input to the model builder's public API: always a SpecError naming what was wrong."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap

import pytest

from kerasnb.builder import FunctionalBuilder, ModelSpec, SequentialBuilder, SpecError
from kerasnb.builder.spec import InputSpec, LayerSpec
from kerasnb.errors import KerasnbError


def _dense_spec(**params: object) -> ModelSpec:
    return ModelSpec([InputSpec("x", [4])], [LayerSpec("d", "Dense", dict(params), ["x"])],
                     ["d"])


@pytest.mark.parametrize(
    ("params", "word"),
    [({"units": "ab"}, "units"), ({"units": -3}, "units"), ({"units": math.nan}, "units"),
     ({"units": 2, "activation": "nope"}, "activation"),
     ({"units": 2, "kernel_regularizer": {"l2": math.inf}}, "kernel_regularizer"),
     ({"units": 2, "colour": 1}, "colour"), ({}, "units")],
)
def test_dataclass_specs_are_checked_by_analyze(params: dict, word: str) -> None:
    spec = _dense_spec(**params)
    analysis = spec.analyze()
    assert not analysis.ok and word in str(analysis.errors[0])
    with pytest.raises(SpecError, match=word):
        spec.validate()
    with pytest.raises(SpecError):
        spec.build()


@pytest.mark.parametrize(
    ("layer", "word"),
    [(LayerSpec("c", "Conv2D", {"filters": 2, "kernel_size": 3, "strides": 0}, ["x"]),
      "strides"),
     (LayerSpec("c", "Conv2D", {"filters": 2, "kernel_size": "3"}, ["x"]), "kernel_size"),
     (LayerSpec("c", "Nope", {}, ["x"]), "Nope"),
     (LayerSpec("c", "Dense", {"units": 2}, "x"), "inputs"),  # type: ignore[arg-type]
     (LayerSpec("c", "Dense", "units=2", ["x"]), "dict")],  # type: ignore[arg-type]
)
def test_bad_layers_never_raise_internal_errors(layer: LayerSpec, word: str) -> None:
    spec = ModelSpec([InputSpec("x", [8, 8, 1])], [layer], ["c"])
    errors = spec.analyze().errors
    assert errors and word in str(errors[0]) and "internal error" not in str(errors[0])


@pytest.mark.parametrize(
    ("inp", "word"),
    [(InputSpec("x", [-4]), "shape"), (InputSpec("x", [4], "float8"), "dtype"),
     (InputSpec("x", "four"), "shape")],  # type: ignore[arg-type]
)
def test_bad_inputs_are_named(inp: InputSpec, word: str) -> None:
    spec = ModelSpec([inp], [LayerSpec("d", "Dense", {"units": 1}, ["x"])], ["d"])
    assert word in str(spec.analyze().errors[0])


@pytest.mark.parametrize(
    "text",
    ["not json", "\x00\x01\x02", "[" * 100_000, '{"inputs": [{"name": "x", "shape": [1e999]}]}',
     '{"inputs": [{"name": "x", "shape": [' + "9" * 5000 + "]}]}",
     '{"inputs": [{"name": "x", "shape": [NaN]}]}', '{"version": "two"}', "[1, 2]",
     '{"inputs": 5}', '{"layers": [{"name": "d"}]}',
     '{"inputs": [{"name": "x", "shape": [3]}], "compile": {"learning_rate": NaN}}'],
)
def test_json_loading_gives_spec_errors(text: str) -> None:
    with pytest.raises(SpecError):
        ModelSpec.from_json(text)


def test_nan_learning_rate_is_rejected() -> None:
    spec = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
    with pytest.raises(SpecError, match="learning rate"):
        spec.set_compile(learning_rate=math.nan)
    b = SequentialBuilder(spec)
    b.learning_rate.value = math.nan
    assert b.internal_errors == []
    ModelSpec.from_json(b.spec.to_json())  # what the builder holds always loads


def test_load_refuses_a_device_that_never_ends(tmp_path) -> None:
    with pytest.raises(SpecError, match="too large"):
        ModelSpec.load("/dev/zero")
    with pytest.raises(SpecError, match="folder"):
        ModelSpec.load(tmp_path)
    (tmp_path / "b.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SpecError, match="text"):
        ModelSpec.load(tmp_path / "b.json")


def test_save_never_writes_what_load_refuses(tmp_path) -> None:
    spec = _dense_spec(units="ab")
    with pytest.raises(SpecError, match="units"):
        spec.save(tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


def test_a_failed_save_keeps_the_old_file(tmp_path) -> None:
    path = tmp_path / "m.json"
    small = ModelSpec.sequential((4,), [("Dense", {"units": 1})])
    small.save(path)
    before = path.read_text()
    script = textwrap.dedent(f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        from kerasnb.builder import ModelSpec, SpecError
        big = ModelSpec.sequential((4,), [("Dense", {{"units": 1}})] * 60)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
        try:
            big.save({str(path)!r})
        except SpecError as err:
            print("SpecError", err.message)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=os.environ | {"KERAS_BACKEND": "tensorflow"}, timeout=300)
    assert "SpecError cannot write" in out.stdout, out.stderr[-2000:]
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_builders_keep_the_spec_they_are_given() -> None:
    from kerasnb.builder.examples import two_input_two_output, vgg_like

    plain = vgg_like(input_shape=(8, 8, 1), num_classes=10)
    compiled = plain.copy()
    compiled.compile = {"optimizer": "sgd", "learning_rate": 0.01, "loss": "mse",
                        "metrics": [], "momentum": 0.9}
    for spec in (plain, compiled):
        assert SequentialBuilder(spec).spec == spec
    functional = two_input_two_output()
    assert FunctionalBuilder(functional).spec == functional


def test_unknown_names_in_builder_calls_are_shown_not_raised() -> None:
    b = SequentialBuilder(input_shape=(4,))
    b.add("Dense", units=2)
    b.move("nope", 1)
    assert "nope" in b.error_html.value and b.internal_errors == []
    b.remove("nope")
    b.set_param("dense", "units", math.nan)
    b.set_param("dense", "nope", 1)
    b.add("NoSuchLayer")
    assert b.internal_errors == [] and b.spec.layer("dense").params == {"units": 2}
    f = FunctionalBuilder(input_shape=(4,))
    f.remove_input("nope")
    f.set_outputs(["nope"])
    f.connect("nope", ["input_layer"])
    assert f.internal_errors == [] and "nope" in f.error_html.value


def test_empty_builder_is_a_start_not_an_error() -> None:
    for b in (SequentialBuilder(input_shape=(4,)), FunctionalBuilder(input_shape=(4,))):
        assert b.error_html.value == "" and "empty design" in b.totals_html.value


def test_budget_is_warned_about_before_keras_builds() -> None:
    spec = ModelSpec.sequential((100_000,), [("Dense", {"units": 2000})])
    analysis = spec.analyze()
    assert analysis.ok and "2 GiB" in analysis.warnings[0]
    huge = ModelSpec.sequential((100_000,), [("Dense", {"units": 20000})])
    with pytest.raises(SpecError, match="too large"):
        huge.build()


def test_from_model_keeps_sgd_momentum_and_names_a_schedule() -> None:
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True), loss="mse")
    spec = ModelSpec.from_model(model)
    assert spec.compile["momentum"] == 0.9 and spec.compile["nesterov"] is True
    assert "momentum=0.9, nesterov=True" in spec.to_code()
    assert spec.build().optimizer.momentum == 0.9
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mse")
    with pytest.raises(SpecError, match="schedule"):
        ModelSpec.from_model(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01, clipnorm=1.0), loss="mse")
    with pytest.raises(SpecError, match="clipnorm"):
        ModelSpec.from_model(model)


def test_errors_share_the_package_base() -> None:
    with pytest.raises(KerasnbError):
        ModelSpec.from_json("nope")


def _chain() -> ModelSpec:
    return ModelSpec.sequential((8, 8, 1), [("Conv2D", {"filters": 4, "kernel_size": 3}),
                                            ("Flatten", {}), ("Dense", {"units": 2})])


@pytest.mark.parametrize(
    ("part", "attr", "value", "word"),
    [("inputs", "shape", None, "shape"), ("inputs", "name", 3, "name"),
     ("inputs", "dtype", ["float32"], "dtype"), ("layers", "name", None, "name"),
     ("layers", "type", ["Dense"], "type"), ("layers", "params", None, "params"),
     ("layers", "params", {1: 2}, "params"), ("layers", "inputs", None, "inputs"),
     ("layers", "inputs", ("input_layer",), "inputs"), ("spec", "name", 3, "name"),
     ("spec", "outputs", "dense", "outputs"), ("spec", "layers", None, "layers")],
)
def test_malformed_specs_give_spec_errors_from_every_view(part: str, attr: str, value: object,
                                                          word: str, tmp_path) -> None:
    spec = _chain()
    target = spec if part == "spec" else getattr(spec, part)[0]
    setattr(target, attr, value)
    errors = spec.analyze().errors
    assert errors and word in str(errors[0]) and "internal error" not in str(errors[0])
    for view in (spec.to_code, spec.to_json, spec.diagram, spec.summary, spec._repr_html_,
                 lambda: spec.save(tmp_path / "m.json"), spec.build):
        try:
            view()
        except SpecError as err:
            assert word in str(err)
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("optimizer", ["adam"]), ("optimizer", {"a": 1}), ("loss", ["mse", ["mae"]]),
     ("metrics", "accuracy"), ("metrics", [["accuracy"]]), ("learning_rate", "0.1"),
     ("momentum", math.nan)],
)
def test_compile_settings_are_checked_by_the_gate(field: str, value: object) -> None:
    spec = _chain()
    spec.compile = {"optimizer": "sgd", "learning_rate": 0.01, "loss": "mse", field: value}
    errors = spec.analyze().errors
    assert errors and field in str(errors[0])
    with pytest.raises(SpecError, match=field):
        spec.set_compile(**{field: value})


def test_keras_and_code_see_the_canonical_values() -> None:
    spec = ModelSpec([InputSpec("x", [6])],
                     [LayerSpec("r", "Reshape", {"target_shape": -1}, ["x"]),
                      LayerSpec("d", "Dense", {"units": 3.0}, ["r"])], ["d"])
    assert spec.analyze().ok
    assert spec.build().output_shape == (None, 3)
    code = spec.to_code()
    assert "layers.Reshape((-1,)" in code and "layers.Dense(3," in code
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["model"].output_shape == (None, 3)


def test_numpy_values_give_a_spec_error_not_a_json_error(tmp_path) -> None:
    import numpy as np

    spec = _chain()
    spec.compile = {"optimizer": "sgd", "learning_rate": 0.01, "loss": "mse",
                    "momentum": np.float32(0.9)}
    with pytest.raises(SpecError, match="momentum"):
        spec.save(tmp_path / "m.json")
    spec = _chain()
    spec.name = np.str_("model")  # a str subclass: fine
    assert '"name": "model"' in spec.to_json()


@pytest.mark.parametrize(
    ("method", "args", "word"),
    [("insert", (None, "Dense"), "index"), ("insert", (1.5, "Dense"), "index"),
     ("move", ("dense", None), "offset"), ("move", ("dense", True), "offset"),
     ("rename", ("dense", None), "new"), ("rename", ("nope", "x"), "old"),
     ("add_input", (None,), "shape"), ("add_input", (5.5,), "shape"),
     ("add_input", ((3,), "float32", 7), "name"), ("set_input", ("input_layer", True), "shape"),
     ("set_input", (["input_layer"], (3,)), "name"), ("remove_input", (None,), "name"),
     ("set_outputs", (3,), "outputs"), ("set_inputs_of", ("dense", None), "inputs"),
     ("add_layer", ("Dense", {"units": 2}, 0), "inputs"), ("set_param", ("dense", ["units"], 3),
                                                          "units"),
     ("set_loss", (["dense"], "mse"), "dense"), ("unique_name", (None,), "type"),
     ("layer", (["dense"],), "name"), ("suggested_losses", (7,), "outputs"),
     ("append", ("Dense", None, 5), "name")],
)
def test_editing_arguments_are_named(method: str, args: tuple, word: str) -> None:
    import numpy as np

    spec = _chain()
    before = spec.to_json()
    with pytest.raises(SpecError, match=word):
        getattr(spec, method)(*args)
    assert spec.to_json() == before
    with pytest.raises(SpecError):  # arrays are never compared element-wise
        getattr(spec, method)(*[np.array([1, 2]) if a == args[0] else a for a in args])


@pytest.mark.parametrize("layers", [None, 3, "Dense", {"Dense": {}}, [("Dense",)], [3]])
def test_sequential_checks_its_layer_list(layers: object) -> None:
    with pytest.raises(SpecError, match="layers"):
        ModelSpec.sequential((3,), layers)  # type: ignore[arg-type]


@pytest.mark.parametrize(("method", "args", "word"), [
    ("connect", ("dense", None), "inputs"), ("set_outputs", (3,), "outputs"),
    ("add", ("Dense", True), "inputs")])
def test_functional_builder_arguments_are_shown_not_raised(method: str, args: tuple,
                                                           word: str) -> None:
    builder = FunctionalBuilder(_chain())
    getattr(builder, method)(*args)
    assert not builder.internal_errors
    assert builder.errors and word in str(builder.errors[0])


@pytest.mark.parametrize("value", [None, 3, {"layers": []}])
def test_set_spec_needs_a_model_spec(value: object) -> None:
    for builder in (SequentialBuilder(_chain()), FunctionalBuilder(_chain())):
        with pytest.raises(SpecError, match="ModelSpec"):
            builder.set_spec(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [True, -1, ""])
def test_save_and_load_paths_are_named(path: object) -> None:
    import numpy as np

    builder = SequentialBuilder(_chain())
    for entry in (builder.save, builder.load, _chain().save, ModelSpec.load):
        with pytest.raises(SpecError, match="path"):
            entry(path)  # type: ignore[operator]
    builder.remove(np.array([1, 2]))  # type: ignore[arg-type]
    assert not builder.internal_errors
