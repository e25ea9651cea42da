"""AugmentationPreview driven headlessly: set values, click, read the widget state."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime

import ipywidgets as w
import numpy as np
import pytest

import kerasnb
from kerasnb.augment import AugmentSpec
from kerasnb.augment.widget import AugmentationPreview


def png_bytes(array: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def upload_value(content: bytes, name: str = "picture.png") -> tuple[dict, ...]:
    return ({"name": name, "type": "image/png", "size": len(content),
             "content": memoryview(content),
             "last_modified": datetime.now(UTC)},)


@pytest.fixture(scope="module")
def preview() -> AugmentationPreview:
    return AugmentationPreview(n=4, size=48)


def grid(p: AugmentationPreview) -> bytes:
    return bytes(p.grid.value)


def test_public_name_and_widget(preview):
    assert kerasnb.AugmentationPreview is AugmentationPreview
    assert isinstance(preview.widget, w.VBox)
    assert grid(preview)[:2] == b"\xff\xd8"  # JPEG: fast to encode, small to send


def test_controls_come_from_the_catalogue_with_help(preview):
    rot = preview.idg_controls["rotation_range"]
    assert isinstance(rot, w.FloatSlider) and (rot.min, rot.max) == (0, 180)
    assert "degrees" in rot.description and "Rotate by an angle" in rot.tooltip
    assert isinstance(preview.idg_controls["fill_mode"], w.Dropdown)
    assert isinstance(preview.idg_controls["horizontal_flip"], w.Checkbox)
    assert (1, "factor") in preview.layer_controls  # the second default layer: RandomRotation
    assert not preview.internal_errors


def test_moving_a_slider_redraws_the_grid_and_the_code(preview):
    preview.form_tabs.selected_index = 0
    before = grid(preview)
    preview.idg_controls["rotation_range"].value = 90
    assert grid(preview) != before
    assert "rotation_range=90" in preview.code_old.value
    assert "RandomRotation(factor=0.25" in preview.code_new.value
    assert "Rotate by an angle" in preview.help.value
    assert len(preview.result.drawn) == 4 and "theta°" in preview.drawn.value


def test_new_draw_changes_the_seed_and_the_grid(preview):
    before, seed = grid(preview), preview.seed
    preview.new_draw.click()
    assert preview.seed == seed + 1 and grid(preview) != before
    assert f"seed={seed + 1}" in preview.code_old.value


def test_layers_tab_add_and_remove_a_layer(preview):
    preview.form_tabs.selected_index = 1
    assert preview.spec.form == "layers"
    before, count = grid(preview), len(preview.spec.layers)
    preview.add_choice.value = "RandomContrast"
    preview.add_button.click()
    assert grid(preview) != before
    assert [x["class_name"] for x in preview.spec.layers][-1] == "RandomContrast"
    assert "kerasnb-augment-layer-RandomContrast" in preview.layer_cards.children[-1]._dom_classes
    assert "keras.layers.RandomContrast(factor=0.3" in preview.code_new.value
    assert "RandomContrast: no ImageDataGenerator counterpart" in preview.code_old.value
    remove = preview.layer_cards.children[-1].children[0].children[3]
    remove.click()
    assert len(preview.spec.layers) == count and not preview.internal_errors
    preview.form_tabs.selected_index = 0


def test_invalid_description_shows_a_message_and_keeps_the_preview(preview):
    before, spec = grid(preview), preview.spec
    preview.set_spec({"form": "ImageDataGenerator", "params": {"rotation_range": 400}})
    assert "rotation_range must be between 0 and 180" in preview.message.value
    preview.set_spec('{"form": "ImageDataGenerator", "params": {"zoom_range": -2}}')
    assert "zoom_range must be" in preview.message.value
    assert grid(preview) == before and preview.spec == spec


def test_zca_on_large_photos_is_refused_in_the_widget(preview):
    before = grid(preview)
    preview.idg_controls["zca_whitening"].value = True
    assert "ZCA whitening builds a matrix" in preview.message.value
    assert grid(preview) == before
    preview.idg_controls["zca_whitening"].value = False
    assert "Not applied" not in preview.message.value


def test_upload_png_then_a_corrupt_file(preview):
    before = grid(preview)
    picture = np.zeros((30, 20, 3), "uint8")
    picture[:, :10] = 255
    preview.upload.value = upload_value(png_bytes(picture))
    assert preview.source.value == "upload"
    after = grid(preview)
    assert after != before
    preview.upload.value = upload_value(b"\x89PNG\r\n\x1a\n broken", "broken.png")
    assert "broken.png" in preview.message.value and "not a picture" in preview.message.value
    assert grid(preview) == after


def test_numpy_batch_bad_arrays_and_grayscale(preview):
    preview.set_images(np.random.default_rng(0).uniform(0, 255, (2, 20, 20, 3)))
    assert preview.source.value == "your images"
    assert [o[0] for o in preview.picture.options] == ["all", "1", "2"]
    before = grid(preview)
    preview.set_images(np.zeros(12))
    assert "cannot be used" in preview.message.value and grid(preview) == before
    preview.set_images(np.zeros((2, 8, 8, 7)))
    assert "7 channels" in preview.message.value and grid(preview) == before
    preview.set_images(np.full((20, 20), 128, "uint8"))
    assert "grayscale" in preview.message.value and grid(preview) != before


def test_bundled_digits_and_picture_choice(preview):
    preview.source.value = "digits"
    assert preview.result.images.shape[1:3] == (8, 8)
    before = grid(preview)
    preview.picture.value = 2
    assert grid(preview) != before
    code = html.unescape(preview.code_old.value)
    assert "load_images('digits', size=48)" in code and "images = images[[2]]" in code


def test_start_from_a_spec_and_a_batch():
    spec = AugmentSpec.preprocessing_layers(("RandomFlip", {"mode": "vertical"}))
    p = AugmentationPreview(images=np.zeros((16, 16, 3), "uint8"), spec=spec, n=2)
    assert p.form == "layers" and p.spec == spec
    assert p.source.value == "your images"


def shown_code(html_value: str) -> str:
    start = html_value.index(">", html_value.index("<pre")) + 1
    return html.unescape(html_value[start:html_value.index("</pre>")])


@pytest.mark.parametrize("tab", [0, 1])
def test_code_shown_in_the_widget_reproduces_its_grid(tab):
    p = AugmentationPreview(source="digits", n=3, seed=4)
    p.picture.value = 1
    p.form_tabs.selected_index = tab
    code = shown_code(p.code_old.value if tab == 0 else p.code_new.value)
    namespace: dict = {}
    exec(compile(code, "<widget code>", "exec"), namespace)  # noqa: S102 - generated by us
    np.testing.assert_allclose(namespace["augmented"], p.result.images, atol=1e-4)


def test_rescale_dropdown_off_and_values():
    p = AugmentationPreview(source="digits", n=2)
    assert "rescale" not in p.spec.params
    p.idg_controls["rescale"].value = 1 / 255
    assert p.spec.params["rescale"] == 1 / 255 and "rescale=1 / 255" in p.code_old.value
    assert "stretched to the full range for display" in p.message.value  # values are 0-1 now
    p.set_spec(AugmentSpec.image_data_generator(rescale=0.5))
    assert p.spec.params["rescale"] == 0.5 and "stretched" not in p.message.value


def test_open_in_the_other_api_converts_the_setting():
    p = AugmentationPreview(source="digits", n=2,
                            spec=AugmentSpec.image_data_generator(rotation_range=36,
                                                                  vertical_flip=True))
    p.to_other.click()
    assert p.form == "layers"
    layers = {x["class_name"]: x["config"] for x in p.spec.layers}
    assert layers["RandomRotation"]["factor"] == pytest.approx(0.1)
    assert layers["RandomRotation"]["fill_mode"] == "nearest"
    assert layers["RandomFlip"]["mode"] == "vertical"
    p.to_other.click()
    assert p.form == "ImageDataGenerator"
    assert p.spec.params["rotation_range"] == pytest.approx(36)


def test_set_spec_leaves_unset_layer_parameters_at_their_defaults():
    p = AugmentationPreview(source="digits", n=2)
    p.form_tabs.selected_index = 1
    p.layer_controls[(2, "fill_mode")].value = "wrap"
    p.layer_controls[(2, "width_factor")].on.value = True
    spec = AugmentSpec.preprocessing_layers(("RandomZoom", {"height_factor": 0.3}))
    p.set_spec(spec)
    assert p.spec == spec


def test_big_batches_and_big_pictures_are_trimmed_with_a_note():
    p = AugmentationPreview(source="digits", n=2, size=32)
    p.set_images(np.zeros((100, 200, 300, 3), "uint8"))
    assert len(p.picture.options) == 1 + 24
    assert p.result.images.shape[1:3] == (32, 32)
    assert "first 24 pictures" in p.message.value and "resized to 32x32" in p.message.value


EXACT = [
    AugmentSpec.preprocessing_layers(
        ("RandomRotation", {"factor": [0.1, 0.3]}),  # not symmetric: stays a pair
        ("RandomFlip", {"mode": "vertical"}),
        ("RandomRotation", {"factor": 0.05, "fill_mode": "constant"}),  # repeated, in order
        ("RandomCrop", {"height": 1000, "width": 900}),  # beyond the slider's usual range
        ("RandomContrast", {"factor": [0.2, 0.9], "value_range": [0, 1]}),  # hidden parameter
    ),
    AugmentSpec.preprocessing_layers(("RandomZoom", {"height_factor": [-0.5, 0.1],
                                                     "width_factor": [-0.3, 0.4]})),
    AugmentSpec.image_data_generator(zoom_range=[0.5, 3.0], brightness_range=[0.2, 2.5],
                                     zca_epsilon=1e-4, rescale=0.25),
]


@pytest.mark.parametrize("spec", EXACT, ids=["layers", "zoom", "idg"])
def test_set_spec_keeps_every_valid_setting_exactly(spec):
    p = AugmentationPreview(source="digits", n=2, size=16)
    p.set_spec(spec)
    assert p.spec == spec, p.message.value
    assert not p.internal_errors
    if spec.form == "layers":
        titles = [c.children[0].children[0].value for c in p.layer_cards.children]
        assert [t.split(". ", 1)[1].strip("</b>") for t in titles] == [
            x["class_name"] for x in spec.layers]
    # moving one control changes that parameter only
    if spec.form == "layers" and len(spec.layers) > 2:
        p.layer_controls[(1, "mode")].value = "horizontal"
        expected = spec.to_dict()
        expected["layers"][1]["config"]["mode"] = "horizontal"
        assert p.spec.to_dict() == expected


def test_layer_order_can_be_changed_with_the_arrows():
    p = AugmentationPreview(source="digits", n=2, size=16,
                            spec=AugmentSpec.preprocessing_layers("RandomFlip", "AutoContrast"))
    down = p.layer_cards.children[0].children[0].children[2]
    down.click()
    assert [x["class_name"] for x in p.spec.layers] == ["AutoContrast", "RandomFlip"]
    assert "keras.layers.AutoContrast" in p.code_new.value.split("RandomFlip")[0]


def test_other_api_reports_what_it_cannot_carry_and_can_go_back():
    spec = AugmentSpec.preprocessing_layers(("RandomContrast", {"factor": 0.3}),
                                            ("RandomRotation", {"factor": 0.1}))
    p = AugmentationPreview(source="digits", n=2, size=16, spec=spec)
    p.to_other.click()
    assert p.form == "ImageDataGenerator" and p.spec.params["rotation_range"] == 36
    assert "Not carried over" in p.message.value and "RandomContrast" in p.message.value
    p.to_other.click()  # nothing changed in between: back to the layers exactly
    assert p.form == "layers" and p.spec == spec
    assert not p.internal_errors


def test_rotation_over_half_a_turn_converts_for_the_keras2_pane():
    p = AugmentationPreview(source="digits", n=2, size=16)
    p.form_tabs.selected_index = 1
    p.layer_controls[(1, "factor")].value = (-0.75, 0.75)
    assert "Not applied" not in p.message.value and not p.internal_errors
    assert "rotation_range=180" in p.code_old.value


def test_channels_first_with_brightness_is_explained_not_raised():
    p = AugmentationPreview(source="digits", n=2, size=16)
    p.idg_controls["data_format"].value = "channels_first"
    p.idg_controls["brightness_range"].on.value = True
    assert "brightness_range does not work with data_format=" in p.message.value
    assert not p.internal_errors
    # the refused value is not kept: the controls show the spec, which has no brightness_range
    assert "brightness_range" not in p.spec.params
    assert p.idg_controls["brightness_range"].on.value is False


def test_an_internal_error_is_shown_and_recorded_not_raised(monkeypatch):
    p = AugmentationPreview(source="digits", n=2, size=16)

    def broken(*args, **kwargs):
        raise TypeError("simulated bug")

    monkeypatch.setattr("kerasnb.augment.widget.augment_images", broken)
    p.new_draw.click()
    assert "Internal error" in p.message.value and "simulated bug" in p.message.value
    assert len(p.internal_errors) == 1 and "TypeError" in p.internal_errors[0]


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"n": 0}, "n (how many"), ({"n": 1000}, "n (how many"), ({"seed": -1}, "seed"),
    ({"seed": "a"}, "seed"), ({"size": 0}, "size"), ({"source": "cats"}, "source"),
    ({"spec": 3}, "spec"), ({"spec": "{bad json"}, "not valid JSON")])
def test_bad_arguments_raise_a_named_error_at_construction(kwargs, name):
    with pytest.raises(kerasnb.errors.KerasnbError) as info:
        AugmentationPreview(**kwargs)
    assert name in str(info.value)
