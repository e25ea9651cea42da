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
    assert ("RandomRotation", "factor") in preview.layer_controls


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


def test_layers_tab_and_toggles(preview):
    preview.form_tabs.selected_index = 1
    assert preview.spec.form == "layers"
    before = grid(preview)
    preview.layer_toggles["RandomContrast"].value = True
    assert grid(preview) != before
    assert "✔ RandomContrast" in preview.layers_panel.titles
    assert "keras.layers.RandomContrast(factor=0.3" in preview.code_new.value
    assert "RandomContrast: no ImageDataGenerator counterpart" in preview.code_old.value
    preview.layer_toggles["RandomContrast"].value = False
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
    p.layer_controls[("RandomZoom", "fill_mode")].value = "wrap"
    p.layer_controls[("RandomZoom", "width_factor")].on.value = True
    spec = AugmentSpec.preprocessing_layers(("RandomZoom", {"height_factor": 0.3}))
    p.set_spec(spec)
    assert p.spec == spec


def test_big_batches_and_big_pictures_are_trimmed_with_a_note():
    p = AugmentationPreview(source="digits", n=2, size=32)
    p.set_images(np.zeros((100, 200, 300, 3), "uint8"))
    assert len(p.picture.options) == 1 + 24
    assert p.result.images.shape[1:3] == (32, 32)
    assert "first 24 pictures" in p.message.value and "resized to 32x32" in p.message.value
