"""Bad input to the augmentation entry points: the package's own error, naming the parameter."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kerasnb.augment import AugmentError, AugmentSpec, augment_images, decode_image, load_images
from kerasnb.augment.images import MAX_PIXELS, bounded_batch
from kerasnb.errors import KerasnbError

IDG = AugmentSpec.image_data_generator
PICTURE = np.zeros((16, 16, 3), "uint8")


def encoded(image: Image.Image, fmt: str = "PNG", **kwargs) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": "1"}, "seed"),
    ({"seed": True}, "seed"), ({"seed": 2**40}, "seed"), ({"n": 0}, "n (how many"),
    ({"n": 65}, "n (how many"), ({"n": 2.0}, "n (how many")])
def test_augment_images_names_bad_seeds_and_counts(kwargs, name):
    with pytest.raises(AugmentError) as info:
        augment_images(IDG(rotation_range=10), PICTURE, **kwargs)
    assert name in str(info.value)


def test_augment_images_needs_a_spec():
    with pytest.raises(AugmentError, match="spec must be an AugmentSpec"):
        augment_images({"form": "layers"}, PICTURE)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"source": "cats"}, "unknown picture source"), ({"source": "digits", "size": 0}, "size"),
    ({"source": "photos", "size": "big"}, "size"), ({"source": "digits", "count": 0}, "count")])
def test_load_images_names_bad_sources(kwargs, name):
    with pytest.raises(AugmentError) as info:
        load_images(**kwargs)
    assert name in str(info.value)


def test_channels_first_with_brightness_is_an_augment_error():
    with pytest.raises(AugmentError, match="brightness_range does not work"):
        IDG(data_format="channels_first", brightness_range=[0.5, 1.5])
    # a spec made without its checks is refused where it is used, with the same words
    unchecked = AugmentSpec(form="ImageDataGenerator",
                            params={"data_format": "channels_first", "brightness_range": [0.5, 1]})
    assert any("brightness_range does not work" in p for p in unchecked.problems())
    with pytest.raises(AugmentError, match="brightness_range does not work"):
        augment_images(unchecked, PICTURE, n=2)
    with pytest.raises(AugmentError, match="brightness_range does not work"):
        IDG(data_format="channels_first").with_value("ImageDataGenerator", "brightness_range",
                                                     [0.5, 1.5])


# -- uploads ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"not a picture", b"\x89PNG\r\n\x1a\n broken",
                                     b"\xff\xd8\xff\xe0" + b"\x00" * 40])
def test_corrupt_files_never_show_a_memory_address(content):
    with pytest.raises(AugmentError) as info:
        decode_image(content)
    text = str(info.value)
    assert "not a picture" in text and "0x" not in text and "BytesIO" not in text


def test_truncated_png_is_explained():
    data = encoded(Image.new("RGB", (64, 64), "red"))
    with pytest.raises(AugmentError, match="damaged or incomplete|not a picture"):
        decode_image(data[: len(data) // 2])


def test_a_picture_over_the_pixel_cap_is_refused_from_its_header():
    side = int(MAX_PIXELS ** 0.5) + 100
    data = encoded(Image.new("1", (side, side)))  # 1-bit: small to make, huge to decode
    with pytest.raises(AugmentError, match="megapixels"):
        decode_image(data)


def test_a_decompression_bomb_is_an_augment_error(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(AugmentError, match="too large to decode safely"):
        decode_image(encoded(Image.new("RGB", (40, 40))))


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "PA", "RGB", "RGBA", "I", "I;16", "F",
                                  "CMYK"])
def test_every_mode_pillow_opens_gives_an_rgb_picture(mode):
    fmt = "TIFF" if mode in ("F", "CMYK", "PA", "I") else "PNG"
    image = Image.new(mode, (40, 30))
    if mode == "I;16":
        image = Image.fromarray(np.full((30, 40), 60000, "uint16"))
    batch, notes = decode_image(encoded(image, fmt), size=16)
    assert batch.shape == (1, 16, 16, 3) and batch.dtype == np.float32
    assert 0 <= batch.min() and batch.max() <= 255
    if mode == "I;16":
        assert batch.max() == pytest.approx(60000 / 257, abs=1)
        assert any("16-bit" in n for n in notes)


def test_palette_picture_keeps_its_colours():
    image = Image.new("RGB", (32, 32), (200, 30, 10)).convert("P", palette=Image.Palette.ADAPTIVE)
    batch, notes = decode_image(encoded(image), size=16)
    np.testing.assert_allclose(batch[0, 8, 8], [200, 30, 10], atol=2)
    assert any("palette" in n for n in notes)


def test_big_jpeg_is_decoded_at_a_reduced_scale():
    data = encoded(Image.new("RGB", (3000, 2000), (10, 200, 30)), "JPEG")
    batch, notes = decode_image(data, size=64)
    assert batch.shape == (1, 64, 64, 3)
    assert any("reduced" in n for n in notes)


def test_size_none_keeps_the_shape_up_to_the_side_cap():
    batch, notes = decode_image(encoded(Image.new("RGB", (3000, 1500))), size=None)
    assert max(batch.shape[1:3]) <= 1024 and batch.shape[2] == 2 * batch.shape[1]
    assert any("reduced" in n for n in notes)


@pytest.mark.parametrize(("content", "size"), [(3, 128), (b"x", 0), (b"x", "big")])
def test_decode_image_names_bad_arguments(content, size):
    with pytest.raises(KerasnbError) as info:
        decode_image(content, size=size)
    assert "decode_image" in str(info.value)


def test_an_8000px_png_stays_under_600_mb_and_is_shown_downscaled_with_a_note(tmp_path):
    path = tmp_path / "big.png"
    Image.new("RGB", (8000, 8000), (30, 120, 200)).save(path)
    script = textwrap.dedent(f"""
        import resource
        from kerasnb.augment.widget import AugmentationPreview
        from tests.test_augment_widget import upload_value
        preview = AugmentationPreview(source="digits", n=4, size=128)
        data = open({str(path)!r}, "rb").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        preview.upload.value = upload_value(data, "big.png")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert not preview.internal_errors, preview.internal_errors
        print((after - before) / 1024, preview.result.images.shape[1:3],
              "8000x8000 picture: reduced" in preview.message.value)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=600, cwd=str(Path(__file__).parents[1]))
    assert out.returncode == 0, out.stderr[-2000:]
    fields = out.stdout.strip().splitlines()[-1].split()
    growth_mb = float(fields[0])
    assert growth_mb < 600, f"peak growth {growth_mb:.0f} MB"
    assert "(128, 128)" in out.stdout and fields[-1] == "True"


# -- arrays ---------------------------------------------------------------------------------------
def test_huge_arrays_are_bounded_before_any_float_conversion():
    big = np.broadcast_to(np.uint8(7), (500, 2000, 2000, 3))  # 6 GB if it were copied
    batch, notes = bounded_batch(big, 24, 256, 64)
    assert batch.shape == (24, 64, 64, 3)
    assert any("first 24" in n for n in notes)


@pytest.mark.parametrize(("form", "params", "layers"), [
    ("ImageDataGenerator", None, []), ("ImageDataGenerator", {1: 2}, []),
    ("layers", {}, None), ("layers", {}, [1]), ("layers", {}, [{"class_name": None}]),
    ("layers", {}, [{"class_name": "RandomFlip", "config": None}]), (None, {}, [])])
def test_malformed_augment_specs_are_named_everywhere(form, params, layers) -> None:
    from kerasnb.augment import AugmentSpec, augmentation_code, convert_augmentation

    spec = AugmentSpec(form=form, params=params, layers=layers)
    word = "form" if form is None else ("params" if form == "ImageDataGenerator" else "layers")
    assert word in spec.problems()[0]
    for entry in (spec.validate, spec.to_json, lambda: convert_augmentation(spec),
                  lambda: augmentation_code(spec)):
        with pytest.raises(AugmentError, match=word):
            entry()


def test_numpy_arrays_and_integers_are_plain_values() -> None:
    import numpy as np

    from kerasnb.augment import AugmentSpec, augment_images

    spec = AugmentSpec.preprocessing_layers(("RandomRotation", {"factor": np.array([-0.1, 0.1])}))
    assert spec.layers[0]["config"]["factor"] == [-0.1, 0.1]
    with pytest.raises(AugmentError, match="rotation_range"):
        AugmentSpec.image_data_generator(rotation_range=np.array([1, 2]))
    result = augment_images(spec, np.zeros((8, 8, 3), "uint8"), n=np.int64(2), seed=np.int64(3))
    assert len(result.images) == 2


@pytest.mark.parametrize("source", [np.array([1, 2]), ["photos"], None])
def test_load_images_source_is_named(source) -> None:
    from kerasnb.augment import load_images

    with pytest.raises(AugmentError, match="source"):
        load_images(source)
