"""Each augmentation parameter does what its documentation says, on synthetic pictures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kerasnb.augment import AugmentError, AugmentSpec, augment_images
from kerasnb.augment.catalogue import LAYERS

IDG = AugmentSpec.image_data_generator
LAY = AugmentSpec.preprocessing_layers


def gradient(h: int = 8, w: int = 8) -> np.ndarray:
    """Columns 10, 20, ..., the same in every row and channel."""
    return np.tile((np.arange(w) * 10 + 10.0)[None, :, None], (h, 1, 3)).astype("float32")


def marker(h: int, w: int, r: int, c: int, background: float = 0.0) -> np.ndarray:
    x = np.full((h, w, 3), background, "float32")
    x[r, c] = 200
    return x


def run(spec: AugmentSpec, x: np.ndarray, seed: int = 0, n: int = 1):
    return augment_images(spec, x, n=n, seed=seed)


# -- flips ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "key", "mirror"),
    [
        (IDG(horizontal_flip=True), "flip h", lambda x: x[:, ::-1]),
        (IDG(vertical_flip=True), "flip v", lambda x: x[::-1]),
        (LAY(("RandomFlip", {"mode": "horizontal"})), "flip h", lambda x: x[:, ::-1]),
        (LAY(("RandomFlip", {"mode": "vertical"})), "flip v", lambda x: x[::-1]),
        (LAY("RandomFlip"), "flip h+v", lambda x: x[::-1, ::-1]),
    ],
)
def test_flip_mirrors_exactly_when_drawn(spec, key, mirror):
    x = marker(8, 12, 1, 2) + gradient(8, 12)
    seen = set()
    r = run(spec, x, n=8)
    for img, drawn in zip(r.images, r.drawn, strict=True):
        expected = mirror(x) if drawn[key] else x
        np.testing.assert_allclose(img, expected, atol=1e-4)
        seen.add(drawn[key])
    assert seen == {True, False}


# -- rotation -------------------------------------------------------------------------------------
def test_layers_rotation_90_moves_known_pixels_counter_clockwise():
    x = marker(8, 8, 1, 6, background=100)
    r = run(LAY(("RandomRotation", {"factor": [0.25, 0.25], "fill_mode": "constant",
                                    "fill_value": 7.0})), x)
    assert r.drawn[0]["angle°"] == pytest.approx(90)
    np.testing.assert_allclose(r.images[0], np.rot90(x, 1), atol=1e-3)


def test_layers_rotation_90_fills_constant_outside_the_picture():
    x = np.full((4, 12, 3), 100.0, "float32")
    r = run(LAY(("RandomRotation", {"factor": [0.25, 0.25], "fill_mode": "constant",
                                    "fill_value": 7.0})), x)
    out = r.images[0, ..., 0]
    assert out[0, 0] == pytest.approx(7) and out[-1, -1] == pytest.approx(7)
    assert out[2, 6] == pytest.approx(100)


@pytest.mark.parametrize("seed", range(6))
def test_idg_rotation_turns_by_the_drawn_angle_and_fills_cval(seed):
    h = w = 21
    x = marker(h, w, 3, 10, background=100)  # 7 px above the centre
    r = run(IDG(rotation_range=180, fill_mode="constant", cval=7), x, seed=seed)
    theta = math.radians(r.drawn[0]["theta°"])
    out = r.images[0, ..., 0]
    c = (h - 1) / 2
    dx, dy = 10 - c, 3 - c  # column and row offsets of the marker
    # counter-clockwise by theta in picture coordinates (rows grow downwards)
    exp_col = c + dx * math.cos(theta) + dy * math.sin(theta)
    exp_row = c - dx * math.sin(theta) + dy * math.cos(theta)
    row, col = np.unravel_index(np.argmax(out), out.shape)
    assert abs(row - exp_row) <= 1.0 and abs(col - exp_col) <= 1.0
    assert out[10, 10] == pytest.approx(100)
    if abs(math.sin(2 * theta)) > 0.3:  # far from multiples of 90 degrees: corners are outside
        assert out[0, 0] == pytest.approx(7)


# -- zoom -----------------------------------------------------------------------------------------
def block() -> np.ndarray:
    x = np.zeros((9, 9, 3), "float32")
    x[2:7, 2:7] = 200
    return x


def test_idg_zoom_scale_above_one_zooms_out_below_one_zooms_in():
    out_ = run(IDG(zoom_range=[2, 2], fill_mode="constant"), block()).images[0]
    in_ = run(IDG(zoom_range=[0.5, 0.5], fill_mode="constant"), block()).images[0]
    assert (out_ > 100).sum() < (block() > 100).sum() < (in_ > 100).sum()
    assert (in_ > 100).all()


def test_random_zoom_positive_factor_zooms_out_like_idg_scale_1_plus_factor():
    for factor, scale in ((1.0, 2.0), (-0.5, 0.5)):
        lay = run(LAY(("RandomZoom", {"height_factor": [factor, factor], "fill_mode": "constant"})),
                  block())
        idg = run(IDG(zoom_range=[scale, scale], fill_mode="constant"), block())
        assert lay.drawn[0]["zoom h"] == pytest.approx(scale)
        np.testing.assert_allclose(lay.images[0], idg.images[0], atol=1e-3)


def test_idg_zoom_float_means_one_minus_to_one_plus():
    r = run(IDG(zoom_range=0.2), block(), n=30)
    zs = [d["zx"] for d in r.drawn] + [d["zy"] for d in r.drawn]
    assert 0.8 <= min(zs) < 0.9 and 1.1 < max(zs) <= 1.2


# -- shifts ---------------------------------------------------------------------------------------
def test_random_translation_shifts_by_the_drawn_pixels():
    x = marker(8, 8, 0, 0)
    r = run(LAY(("RandomTranslation", {"height_factor": [0.25, 0.25],
                                       "width_factor": [0.5, 0.5], "fill_mode": "constant",
                                       "interpolation": "nearest"})), x)
    assert (r.drawn[0]["shift x px"], r.drawn[0]["shift y px"]) == (4.0, 2.0)
    assert r.images[0, 2, 4, 0] == 200 and r.images[0].sum() == 600


@pytest.mark.parametrize(
    ("param", "moving_axis"),
    # the legacy class swaps them (keras-team/keras#17398): documented in the catalogue
    [("width_shift_range", 0), ("height_shift_range", 1)],
)
def test_idg_shift_moves_along_one_axis_by_the_drawn_amount(param, moving_axis):
    x = marker(24, 24, 12, 12)
    key = "ty px" if param == "width_shift_range" else "tx px"
    for seed in range(10):
        r = run(IDG(**{param: 0.3}, fill_mode="constant"), x, seed=seed)
        shift = r.drawn[0][key]
        if abs(shift) < 2:
            continue
        out = r.images[0, ..., 0]
        pos = np.unravel_index(np.argmax(out), out.shape)
        assert pos[1 - moving_axis] == 12
        assert abs(abs(pos[moving_axis] - 12) - abs(shift)) <= 1
        return
    pytest.fail("no draw of at least 2 px in 10 seeds")


# -- fill modes -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mode", "left_half"),
    [("constant", [7, 7, 7, 7]), ("nearest", [10, 10, 10, 10]),
     ("reflect", [40, 30, 20, 10]), ("wrap", [50, 60, 70, 80])],
)
def test_layer_fill_modes_as_documented(mode, left_half):
    """Keras docs: reflect (d c b a | a b c d), wrap (a b c d | a b c d), nearest (a a a a | a)."""
    r = run(LAY(("RandomTranslation", {"height_factor": 0.0, "width_factor": [0.5, 0.5],
                                       "fill_mode": mode, "fill_value": 7.0,
                                       "interpolation": "nearest"})), gradient())
    np.testing.assert_allclose(r.images[0, 4, :, 0], left_half + [10, 20, 30, 40])


@pytest.mark.parametrize(
    ("mode", "row"),
    # zoom out by 2 samples columns -3.5, -1.5, 0.5, ..., 10.5 of the gradient 10..80
    [("constant", [7, 7, 15, 35, 55, 75, 7, 7]), ("nearest", [10, 10, 15, 35, 55, 75, 80, 80]),
     ("reflect", [35, 15, 15, 35, 55, 75, 75, 55]),
     # scipy's 'wrap' repeats with period n - 1, so -1.5 reads column 5.5
     ("wrap", [45, 65, 15, 35, 55, 75, 25, 45])],
)
def test_idg_fill_modes_as_documented(mode, row):
    r = run(IDG(zoom_range=[2, 2], fill_mode=mode, cval=7), gradient())
    np.testing.assert_allclose(r.images[0, 4, :, 0], row, atol=1e-3)


# -- shear ----------------------------------------------------------------------------------------
def test_idg_shear_slants_a_line_and_keeps_the_centre():
    x = np.zeros((21, 21, 3), "float32")
    x[:, 10] = 200  # vertical line
    for seed in range(20):
        r = run(IDG(shear_range=45, fill_mode="constant"), x, seed=seed)
        if abs(r.drawn[0]["shear°"]) > 20:
            break
    out = r.images[0, ..., 0]
    assert out[10, 10] == pytest.approx(200, abs=1)
    top, bottom = np.argmax(out[3]), np.argmax(out[17])
    assert abs(top - bottom) >= 3


# -- intensities ----------------------------------------------------------------------------------
def test_idg_brightness_multiplies():
    y = np.tile(np.linspace(0, 200, 8)[None, :, None], (8, 1, 3)).astype("float32")
    r = run(IDG(brightness_range=[0.5, 0.5]), y)
    assert r.drawn[0]["brightness ×"] == 0.5
    np.testing.assert_allclose(r.images[0], y * 0.5, atol=1.5)


def test_idg_channel_shift_adds_one_value_clipped_to_the_picture_range():
    x = gradient()
    r = run(IDG(channel_shift_range=50), x, n=5)
    for img, d in zip(r.images, r.drawn, strict=True):
        np.testing.assert_allclose(img, np.clip(x + d["channel shift"], 10, 80), atol=1e-4)


def test_idg_rescale_multiplies():
    np.testing.assert_allclose(run(IDG(rescale=1 / 255), gradient()).images[0],
                               gradient() / 255, rtol=1e-6)


def two_pictures() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.uniform(0, 255, (2, 8, 8, 3)).astype("float32")


def test_idg_featurewise_center_and_std_use_the_fitted_statistics():
    x = two_pictures()
    mean = x.mean(axis=(0, 1, 2))
    std = (x - mean).std(axis=(0, 1, 2))
    r = augment_images(IDG(featurewise_center=True), x, n=2)
    np.testing.assert_allclose(r.images, x - mean, atol=1e-3)
    r = augment_images(IDG(featurewise_std_normalization=True), x, n=2)
    np.testing.assert_allclose(r.images, (x - mean) / (std + 1e-6), atol=1e-4)


def test_idg_samplewise_center_and_std_per_picture():
    x = two_pictures()
    r = augment_images(IDG(samplewise_center=True), x, n=2)
    np.testing.assert_allclose(r.images.mean(axis=(1, 2, 3)), 0, atol=1e-3)
    r = augment_images(IDG(samplewise_std_normalization=True), x, n=2)
    np.testing.assert_allclose(r.images.std(axis=(1, 2, 3)), 1, atol=1e-3)


def test_idg_zca_whitening_decorrelates_the_fitted_pictures():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 255, (9, 6, 6, 3)).astype("float32")
    r = augment_images(IDG(zca_whitening=True), x, n=9)
    flat = r.images.reshape(9, -1).astype("float64")
    gram = flat @ flat.T / 9
    # whitened: no correlation between pictures, about the same energy in each
    off_diagonal = gram - np.diag(np.diag(gram))
    assert np.abs(off_diagonal).max() < 0.15
    assert 0.8 < np.diag(gram).min() and np.diag(gram).max() < 1.05
    before = x.reshape(9, -1) - x.reshape(9, -1).mean(axis=0)
    assert np.abs(before @ before.T / 9 - np.diag(np.diag(before @ before.T / 9))).max() > 100


def test_idg_zca_refuses_big_pictures_with_a_reason():
    with pytest.raises(AugmentError, match="ZCA whitening builds a matrix"):
        augment_images(IDG(zca_whitening=True), np.zeros((2, 64, 64, 3)), n=1)


def test_idg_channels_first_gives_the_same_pictures():
    x = gradient() + marker(8, 8, 2, 5) / 2
    a = augment_images(IDG(rotation_range=40, zoom_range=0.3), x, n=4, seed=3)
    b = augment_images(IDG(rotation_range=40, zoom_range=0.3, data_format="channels_first"), x,
                       n=4, seed=3)
    np.testing.assert_allclose(a.images, b.images, atol=1e-4)
    assert a.drawn == b.drawn


# -- layers: intensities and crops ----------------------------------------------------------------
def test_random_contrast_scales_around_the_mean():
    y = np.tile(np.linspace(0, 200, 8)[None, :, None], (8, 1, 3)).astype("float32")
    r = run(LAY(("RandomContrast", {"factor": 0.5})), y, n=3)
    for img, d in zip(r.images, r.drawn, strict=True):
        c = d["contrast ×"]
        assert 0.5 <= c <= 1.5
        np.testing.assert_allclose(img, np.clip((y - y.mean()) * c + y.mean(), 0, 255), atol=1e-3)


def test_random_brightness_adds_the_drawn_delta_clipped():
    r = run(LAY(("RandomBrightness", {"factor": 0.5})), gradient() * 3, n=3)
    for img, d in zip(r.images, r.drawn, strict=True):
        np.testing.assert_allclose(img, np.clip(gradient() * 3 + d["brightness +"], 0, 255),
                                   atol=1e-3)


def test_random_crop_cuts_the_drawn_window():
    x = np.random.default_rng(2).uniform(0, 255, (12, 16, 3)).astype("float32")
    r = run(LAY(("RandomCrop", {"height": 5, "width": 7})), x)
    top, left = map(int, r.drawn[0]["crop top,left"].split(","))
    np.testing.assert_allclose(r.images[0], x[top:top + 5, left:left + 7])


def test_rescaling_and_normalization():
    x = two_pictures()
    r = augment_images(LAY(("Rescaling", {"scale": 1 / 255, "offset": -0.5})), x, n=2)
    np.testing.assert_allclose(r.images, x / 255 - 0.5, atol=1e-6)
    r = augment_images(LAY("Normalization"), x, n=2)
    np.testing.assert_allclose(r.images.mean(axis=(0, 1, 2)), 0, atol=1e-3)
    np.testing.assert_allclose(r.images.std(axis=(0, 1, 2)), 1, atol=1e-2)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_catalogue_layer_runs_with_its_start_values(name):
    entry = LAYERS[name]
    config = {k: p.start for k, p in entry.params.items() if p.start is not None}
    if name in ("RandomCrop", "CenterCrop"):
        config = {"height": 10, "width": 12}
    x = np.random.default_rng(3).uniform(0, 255, (16, 16, 3)).astype("float32")
    r = augment_images(LAY((name, config)), x, n=3, seed=0)
    assert np.isfinite(r.images).all() and len(r.drawn) == 3


# -- reproducibility ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spec",
    [IDG(rotation_range=30, zoom_range=0.2, width_shift_range=0.1, horizontal_flip=True,
         channel_shift_range=20, brightness_range=[0.7, 1.3], shear_range=10),
     LAY(("RandomFlip", {"mode": "horizontal"}), ("RandomRotation", {"factor": 0.1}),
         ("RandomZoom", {"height_factor": 0.2}), ("RandomContrast", {"factor": 0.3}))],
)
def test_same_seed_same_grid_other_seed_other_grid(spec):
    x = np.random.default_rng(4).uniform(0, 255, (16, 16, 3)).astype("float32")
    a, b = augment_images(spec, x, seed=5), augment_images(spec, x, seed=5)
    np.testing.assert_array_equal(a.images, b.images)
    assert a.drawn == b.drawn
    c = augment_images(spec, x, seed=6)
    assert not np.allclose(a.images, c.images)


def test_global_numpy_random_state_is_left_alone():
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    augment_images(IDG(rotation_range=10), gradient(), seed=9)
    assert np.random.random() == expected
