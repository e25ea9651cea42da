"""Augmentation descriptions: JSON, validation messages, bad pictures, conversion between forms."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from kerasnb.augment import (
    AugmentError,
    AugmentSpec,
    as_image_batch,
    augment_images,
    convert_augmentation,
    decode_image,
)
from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS

IDG = AugmentSpec.image_data_generator
LAY = AugmentSpec.preprocessing_layers


def test_json_round_trip_both_forms():
    for spec in (IDG(rotation_range=40, zoom_range=[0.8, 1.2], brightness_range=(0.5, 1.5)),
                 LAY(("RandomFlip", {"mode": "horizontal"}), ("RandomZoom", {"height_factor": 0.2}))):
        text = spec.to_json()
        assert json.loads(text)["form"] == spec.form
        assert AugmentSpec.from_json(text) == spec


@pytest.mark.parametrize(
    ("params", "needle"),
    [({"rotation_range": 400}, "rotation_range must be between 0 and 180 degrees; got 400"),
     ({"zoom_range": -2}, "zoom_range must be a number z in [0, 1)"),
     ({"zoom_range": [1.2, 0.8]}, "0 < low <= high; got [1.2, 0.8]"),
     ({"width_shift_range": 1.5}, "width_shift_range must be between 0 and 0.99"),
     ({"fill_mode": "mirror"}, "fill_mode must be one of 'constant', 'nearest', 'reflect', 'wrap'"),
     ({"horizontal_flip": "yes"}, "horizontal_flip must be True or False"),
     ({"brightness_range": [1.5]}, "brightness_range must be a pair [low, high]"),
     ({"rotation_range": float("nan")}, "rotation_range must be a finite number"),
     ({"rotaton_range": 10}, "ImageDataGenerator has no argument 'rotaton_range'"),
     ({"preprocessing_function": "f"}, "a Python function cannot be stored"),
     ({"channel_shift_range": -1}, "channel_shift_range must be between 0 and 255")],
)
def test_idg_validation_names_the_problem_and_the_fix(params, needle):
    with pytest.raises(AugmentError) as info:
        IDG(**params)
    assert needle in str(info.value)


@pytest.mark.parametrize(
    ("layers", "needle"),
    [([("RandomRotation", {"factor": 2})], "layer 1 (RandomRotation): factor must lie between -1"),
     ([("RandomZoom", {"height_factor": -2})], "height_factor must lie between -1 and 1"),
     (["RandomRotation"], "layer 1 (RandomRotation): factor is required"),
     ([("RandomFlip", {"mode": "diagonal"})], "mode must be one of"),
     ([("RandomFlip", {"angle": 3})], "no parameter 'angle'; parameters: mode"),
     (["RandomSpin"], "unknown preprocessing layer 'RandomSpin'"),
     (["MixUp"], "MixUp is not offered in the preview: mixes pairs of images and their labels"),
     ([("RandomContrast", {"factor": [0.5, 0.1]})], "low must not exceed high")],
)
def test_layer_validation_names_the_problem(layers, needle):
    with pytest.raises(AugmentError) as info:
        LAY(*layers)
    assert needle in str(info.value)


def test_all_problems_are_listed_at_once():
    spec = AugmentSpec(form="ImageDataGenerator", params={"rotation_range": 400, "zoom_range": -2})
    assert len(spec.problems()) == 2


def test_keras_refusal_becomes_a_readable_error():
    from kerasnb.augment.apply import make_layer

    with pytest.raises(AugmentError, match=r"RandomRotation\(factor=5\) was refused by Keras"):
        make_layer("RandomRotation", {"factor": 5}, seed=0)


def test_catalogue_describes_every_parameter_once_with_help_and_units():
    for p in IDG_PARAMS.values():
        assert p.help and p.describe().startswith(p.name)
    for entry in LAYERS.values():
        assert entry.help
        for p in entry.params.values():
            assert p.help
    assert IDG_PARAMS["rotation_range"].units == "degrees"
    assert IDG_PARAMS["fill_mode"].default == "nearest"
    assert LAYERS["RandomRotation"].params["fill_mode"].default == "reflect"


# -- bad pictures ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("array", "needle"),
    [(np.zeros(10), "got an array with shape (10,)"),
     (np.zeros((2, 8, 8, 5)), "with 5 channels"),
     (np.zeros((1, 2, 2, 3)), "at least 4x4 pixels"),
     (np.array([["a", "b"], ["c", "d"]]), "not numbers"),
     (np.full((8, 8, 3), np.nan), "NaN"),
     (np.full((8, 8, 3), 300.0), "pixel values must lie in 0-255"),
     (np.zeros((0, 8, 8, 3)), "empty"),
     (np.zeros((2, 3, 8, 8, 3)), "got an array with shape (2, 3, 8, 8, 3)")],
)
def test_non_pictures_are_refused_clearly(array, needle):
    with pytest.raises(AugmentError) as info:
        as_image_batch(array)
    assert needle in str(info.value)


def test_grayscale_and_rgba_are_converted_with_a_note():
    gray, notes = as_image_batch(np.arange(64, dtype="uint8").reshape(8, 8))
    assert gray.shape == (1, 8, 8, 3) and "grayscale" in notes[0]
    assert (gray[..., 0] == gray[..., 2]).all()
    rgba, notes = as_image_batch(np.full((8, 8, 4), 9, "uint8"))
    assert rgba.shape == (1, 8, 8, 3) and "alpha" in notes[0]
    unit, notes = as_image_batch(np.full((2, 8, 8, 3), 0.5, "float32"))
    assert unit.max() == 127.5 and "0-1" in notes[0]


def test_decode_image_reads_png_and_refuses_corrupt_files():
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((20, 30, 4), 200, "uint8")).save(buf, format="PNG")
    batch, notes = decode_image(buf.getvalue(), size=16)
    assert batch.shape == (1, 16, 16, 3) and any("alpha" in n for n in notes)
    with pytest.raises(AugmentError, match="not a picture that could be read"):
        decode_image(buf.getvalue()[:40])


# -- conversion -----------------------------------------------------------------------------------
def test_idg_to_layers_units_and_fill_defaults():
    c = convert_augmentation(IDG(rotation_range=90, width_shift_range=0.1, zoom_range=0.2,
                                 horizontal_flip=True, rescale=1 / 255))
    layers = {x["class_name"]: x["config"] for x in c.spec.layers}
    assert layers["RandomRotation"] == {"factor": 0.25, "fill_mode": "nearest"}
    assert layers["RandomTranslation"]["width_factor"] == 0.1
    assert layers["RandomZoom"]["height_factor"] == 0.2
    assert layers["RandomZoom"]["width_factor"] == [-0.2, 0.2]
    assert layers["RandomFlip"] == {"mode": "horizontal"}
    assert [x["class_name"] for x in c.spec.layers][-1] == "Rescaling"
    assert any("degrees / 360" in n for n in c.notes)
    assert any("default is 'reflect'" in n for n in c.notes)
    assert c.missing == []


def test_what_has_no_equivalent_is_said_plainly():
    c = convert_augmentation(IDG(brightness_range=[0.5, 1.5], zca_whitening=True,
                                 samplewise_center=True))
    text = " ".join(c.missing)
    assert "brightness_range" in text and "zca_whitening" in text and "samplewise" in text
    back = convert_augmentation(LAY(("RandomContrast", {"factor": 0.2}), "RandomFlip"))
    assert any("RandomContrast: no ImageDataGenerator counterpart" in m for m in back.missing)
    assert back.spec.params == {"horizontal_flip": True, "vertical_flip": True}
    assert "no equivalent: RandomContrast" in back.report()


def test_layers_to_idg_units():
    c = convert_augmentation(LAY(("RandomRotation", {"factor": 0.1}),
                                 ("RandomZoom", {"height_factor": [-0.3, 0.1]}),
                                 ("Rescaling", {"scale": 1 / 255})))
    assert c.spec.params["rotation_range"] == 36
    assert c.spec.params["zoom_range"] == [0.7, 1.1]
    assert c.spec.params["fill_mode"] == "reflect"
    assert c.spec.params["rescale"] == 1 / 255
    assert any("keeps the aspect ratio" in n for n in c.notes)


def test_converted_zoom_and_rotation_give_the_same_pictures():
    """Same convention check end to end: a fixed zoom and a fixed fill convert exactly."""
    x = np.zeros((9, 9, 3), "float32")
    x[2:7, 2:7] = 200
    spec = IDG(zoom_range=[1.5, 1.5], fill_mode="constant", cval=30)
    converted = convert_augmentation(spec).spec
    a = augment_images(spec, x, n=1).images
    b = augment_images(converted, x, n=1).images
    # the zoomed-out picture (rows/cols 2..6) and the fill far from it are identical; the one
    # pixel band between them differs (Keras blends the fill in, scipy does not)
    np.testing.assert_allclose(a[:, 2:7, 2:7], b[:, 2:7, 2:7], atol=1e-3)
    np.testing.assert_allclose(a[:, 0], b[:, 0], atol=1e-3)
    assert (a[:, 0] == 30).all() and (a[:, 4, 4] == 200).all()


@pytest.mark.parametrize(
    "text",
    ["not json", "\x00\x01", "[" * 100_000, '{"form": "layers", "layers": [{"class_name": '
     '"RandomRotation", "config": {"factor": NaN}}]}', '{"form": "ImageDataGenerator", '
     '"params": {"rotation_range": ' + "9" * 5000 + "}}", '{"form": "layers", "layers": 5}',
     '{"form": "ImageDataGenerator", "params": [1]}',
     '{"form": "layers", "layers": [{"class_name": "RandomFlip", "config": 3}]}',
     '{"form": "layers", "layers": [[1, 2, 3]]}'],
)
def test_json_loading_gives_augment_errors(text: str) -> None:
    with pytest.raises(AugmentError):
        AugmentSpec.from_json(text)


@pytest.mark.parametrize(
    ("layer", "config"),
    [("RandomZoom", {"height_factor": 0.2, "width_factor": 0.2}),
     ("RandomContrast", {"factor": [0.1, 0.3]}), ("RandomRotation", {"factor": [-0.1, 0.2]}),
     ("RandomTranslation", {"height_factor": 0.1, "width_factor": [-0.2, 0.1]})],
)
def test_preview_and_builder_accept_what_keras_accepts(layer: str, config: dict) -> None:
    import keras

    from kerasnb.builder import ModelSpec

    AugmentSpec.preprocessing_layers((layer, config))  # the preview accepts it
    ModelSpec.sequential((32, 32, 3), [(layer, config)]).validate()  # so does the builder
    getattr(keras.layers, layer)(**config)  # and so does Keras


@pytest.mark.parametrize(
    ("layer", "config"),
    [("RandomZoom", {"height_factor": -1.0}), ("RandomContrast", {"factor": 1.5}),
     ("RandomRotation", {"factor": 2.0})],
)
def test_preview_and_builder_refuse_what_keras_refuses(layer: str, config: dict) -> None:
    import keras

    from kerasnb.builder import ModelSpec, SpecError

    with pytest.raises(AugmentError):
        AugmentSpec.preprocessing_layers((layer, config))
    with pytest.raises(SpecError):
        ModelSpec.sequential((32, 32, 3), [(layer, config)])
    with pytest.raises(ValueError):
        getattr(keras.layers, layer)(**config)


def test_shared_layers_have_one_description() -> None:
    from kerasnb.builder.catalogue import CATALOGUE

    for name in ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
                 "RandomContrast", "RandomCrop", "Rescaling"):
        builder = {p.name: p for p in CATALOGUE[name].params}
        preview = LAYERS[name].params
        assert set(preview) == set(builder), name
        for key, p in preview.items():  # same Keras facts; only preview fields may differ
            b = builder[key]
            assert (p.kind, p.min, p.max, p.choices, p.symmetric, p.nullable) == (
                b.kind, b.min, b.max, b.choices, b.symmetric, b.nullable), (name, key)
