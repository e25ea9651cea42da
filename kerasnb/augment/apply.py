"""Apply an augmentation to a batch with a seed, and report what was drawn for each image.

>>> import numpy as np
>>> from kerasnb.augment import AugmentSpec, augment_images
>>> spec = AugmentSpec.image_data_generator(rotation_range=30)
>>> result = augment_images(spec, np.zeros((1, 16, 16, 3), "uint8"), n=2, seed=0)
>>> result.images.shape, sorted(result.drawn[0])
((2, 16, 16, 3), ['theta°'])

The ImageDataGenerator form runs the real legacy class
(``tensorflow.keras.preprocessing.image.ImageDataGenerator``) exactly as
``next(datagen.flow(batch, batch_size=n, shuffle=False, seed=seed))`` does: the global NumPy
generator is seeded once (and restored afterwards), then ``get_random_transform``,
``apply_transform`` and ``standardize`` run for each image in turn. The drawn values are the
dicts ``get_random_transform`` returned, under its key names (theta, tx, ty, shear, zx, ...).

The layers form runs the real ``keras.layers`` objects, each built with ``seed=seed * 100 + i``
(i = its position). For each layer, ``get_random_transformation(x, training=True)`` then
``transform_images(x, transformation)`` is exactly what ``layer(x, training=True)`` does, so the
drawn values are read from the transformation the layer used.
"""

from __future__ import annotations

import json
import math
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kerasnb.augment.catalogue import LAYERS
from kerasnb.augment.errors import AugmentError
from kerasnb.augment.grid import format_drawn
from kerasnb.augment.images import as_image_batch
from kerasnb.augment.keras_internals import draws_separately
from kerasnb.augment.spec import IDG_FORM, AugmentSpec

ZCA_MAX_FEATURES = 4096
MAX_N = 64  # augmented pictures per call: the grid shows them all at once
MAX_SEED = 10_000_000  # each layer gets seed * 100 + its position; NumPy takes seeds < 2**32
FIT_PARAMS = ("featurewise_center", "featurewise_std_normalization", "zca_whitening")


@dataclass
class AugmentResult:
    """Augmented images (float32, n x h x w x c), the values drawn per image, and notes.

    >>> AugmentResult(np.zeros((1, 4, 4, 3)), [{}], []).captions()
    ['no random values']
    """

    images: np.ndarray
    drawn: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def captions(self) -> list[str]:
        """One short line per image describing its drawn values."""
        return [format_drawn(d) for d in self.drawn]


def tile_batch(images: np.ndarray, n: int) -> np.ndarray:
    """n pictures taken cyclically from ``images`` (what the grid shows and the code uses).

    >>> tile_batch(np.arange(2)[:, None, None, None] * np.ones((2, 4, 4, 3)), 3)[:, 0, 0, 0]
    array([0., 1., 0.], dtype=float32)
    """
    return images[np.arange(n) % len(images)].astype("float32")


def layer_seed(seed: int, index: int) -> int:
    """The seed given to the layer at position ``index``.

    >>> layer_seed(7, 2)
    702
    """
    return seed * 100 + index


def augment_images(
    spec: AugmentSpec,
    images: Any,
    n: int = 9,
    seed: int = 0,
    fit_images: Any = None,
) -> AugmentResult:
    """Apply ``spec`` to n pictures cycled from ``images`` with ``seed``; same seed, same result.

    ``fit_images`` (default: ``images``) is what featurewise statistics, ZCA and Normalization
    are fitted on.

    >>> spec = AugmentSpec.preprocessing_layers(("RandomFlip", {"mode": "horizontal"}))
    >>> r = augment_images(spec, np.zeros((8, 8, 3), "uint8"), n=3, seed=1)
    >>> [sorted(d) for d in r.drawn]
    [['flip h'], ['flip h'], ['flip h']]
    """
    if not isinstance(spec, AugmentSpec):
        raise AugmentError("augment_images: spec must be an AugmentSpec",
                           received=type(spec).__name__,
                           expected="AugmentSpec.image_data_generator(...) or "
                                    "AugmentSpec.preprocessing_layers(...)")
    spec.validate()
    check_count(n)
    check_seed(seed)
    n, seed = int(n), int(seed)  # a NumPy integer is fine, but goes no further than here
    batch_src, notes = as_image_batch(images)
    fit_src = batch_src if fit_images is None else as_image_batch(fit_images)[0]
    batch = tile_batch(batch_src, n)
    if spec.form == IDG_FORM:
        out, drawn = _apply_idg(spec, batch, fit_src, seed)
    else:
        out, drawn = _apply_layers(spec, batch, fit_src, seed)
    return AugmentResult(images=out, drawn=drawn, notes=notes)


def check_count(n: Any) -> None:
    """Refuse a count of augmented pictures that is not 1..MAX_N, naming ``n``.

    >>> check_count(0)
    Traceback (most recent call last):
    ...
    kerasnb.augment.errors.AugmentError: n (how many augmented versions) must be ...
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_N:
        raise AugmentError(f"n (how many augmented versions) must be a whole number from 1 to "
                           f"{MAX_N}", received=repr(n), expected="e.g. 9")


def check_seed(seed: Any) -> None:
    """Refuse a seed that is not a whole number 0..MAX_SEED, naming ``seed``.

    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    kerasnb.augment.errors.AugmentError: seed must be a whole number from 0 to 10000000 ...
    """
    if (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
            or not 0 <= seed <= MAX_SEED):
        raise AugmentError(f"seed must be a whole number from 0 to {MAX_SEED}",
                           received=repr(seed), expected="e.g. 0, 1, 2")


# -- ImageDataGenerator ---------------------------------------------------------------------------
def make_image_data_generator(spec: AugmentSpec) -> Any:
    """The real legacy ImageDataGenerator for ``spec`` (its own warnings silenced).

    >>> make_image_data_generator(AugmentSpec.image_data_generator(rotation_range=5)).rotation_range
    5
    """
    from tensorflow.keras.preprocessing.image import ImageDataGenerator  # noqa: K2114 (the legacy class is what this form previews)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ImageDataGenerator(**spec.params)


def _idg_drawn(p: dict[str, Any], gen: Any) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if gen.rotation_range:
        d["theta°"] = float(p["theta"])
    if gen.height_shift_range:
        d["tx px"] = float(p["tx"])
    if gen.width_shift_range:
        d["ty px"] = float(p["ty"])
    if gen.shear_range:
        d["shear°"] = float(p["shear"])
    if tuple(gen.zoom_range) != (1, 1):
        d["zx"], d["zy"] = float(p["zx"]), float(p["zy"])
    if gen.horizontal_flip:
        d["flip h"] = bool(p["flip_horizontal"])
    if gen.vertical_flip:
        d["flip v"] = bool(p["flip_vertical"])
    if p.get("channel_shift_intensity") is not None:
        d["channel shift"] = float(p["channel_shift_intensity"])
    if p.get("brightness") is not None:
        d["brightness ×"] = float(p["brightness"])
    return d


def _apply_idg(
    spec: AugmentSpec, batch: np.ndarray, fit_src: np.ndarray, seed: int
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    gen = make_image_data_generator(spec)
    channels_first = gen.data_format == "channels_first"
    if channels_first:
        batch = batch.transpose(0, 3, 1, 2)
        fit_src = fit_src.transpose(0, 3, 1, 2)
    if any(spec.params.get(k) for k in FIT_PARAMS):
        features = math.prod(fit_src.shape[1:])
        if spec.params.get("zca_whitening") and features > ZCA_MAX_FEATURES:
            raise AugmentError(
                f"ZCA whitening builds a matrix of (height*width*channels)^2 = {features}^2 "
                f"entries ({features ** 2 * 4 / 1e9:.1f} GB) for these pictures; the preview "
                f"allows up to {ZCA_MAX_FEATURES} values per picture: use the digits or pictures "
                f"of at most 32x32 RGB")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gen.fit(fit_src)
    state = np.random.get_state()
    out, drawn = [], []
    try:
        np.random.seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(len(batch)):
                x = batch[i].astype(gen.dtype)
                params = gen.get_random_transform(x.shape)
                x = gen.apply_transform(x, params)
                out.append(gen.standardize(x))
                drawn.append(_idg_drawn(params, gen))
    finally:
        np.random.set_state(state)
    result = np.stack(out).astype("float32")
    if channels_first:
        result = result.transpose(0, 2, 3, 1)
    return result, drawn


# -- Keras 3 layers -------------------------------------------------------------------------------
def make_layer(class_name: str, config: dict[str, Any], seed: int | None) -> Any:
    """Build one real keras.layers object; Keras' own errors become an AugmentError.

    >>> make_layer("RandomFlip", {"mode": "vertical"}, seed=3).mode
    'vertical'
    """
    import keras

    entry = LAYERS[class_name]
    kwargs = dict(config)
    if entry.seeded and seed is not None:
        kwargs["seed"] = seed
    try:
        return getattr(keras.layers, class_name)(**kwargs)
    except (ValueError, TypeError, NotImplementedError) as e:
        raise AugmentError(f"{class_name}({_kw_text(config)}) was refused by Keras: {e}") from None


def _kw_text(config: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in config.items())


_SKIP_KEYS = ("matrix", "shape", "batch_size", "image_height", "image_width")
_LABELS = {"rgb_delta": "brightness +", "contrast_factor": "contrast ×",
           "shear_factor": "shear x,y"}


def _layer_drawn(name: str, layer: Any, t: Any, n: int) -> list[dict[str, Any]]:
    """Per-image readable values from a layer's transformation."""
    import keras

    def arr(v: Any) -> np.ndarray:
        return np.asarray(keras.ops.convert_to_numpy(v))

    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    if t is None:
        return rows
    if name == "RandomCrop":
        top, left = (int(arr(v)) for v in t)
        for r in rows:
            r["crop top,left"] = f"{top},{left}"
        return rows
    if not isinstance(t, dict):
        return rows
    if name == "RandomFlip":
        flips = arr(t["flips"]).reshape(n)
        key = {"horizontal": "flip h", "vertical": "flip v"}.get(layer.mode, "flip h+v")
        for r, f in zip(rows, flips, strict=True):
            r[key] = bool(f)
        return rows
    if name == "RandomRotation":
        for r, a in zip(rows, arr(t["angle"]).reshape(n), strict=True):
            r["angle°"] = float(a)
        return rows
    if name == "RandomZoom":
        hz, wz = arr(t["height_zoom"]).reshape(n), arr(t["width_zoom"]).reshape(n)
        for r, a, b in zip(rows, hz, wz, strict=True):
            r["zoom h"], r["zoom w"] = float(a), float(b)
        return rows
    if name == "RandomTranslation":
        tr = arr(t["translations"]).reshape(n, 2)
        for r, (dx, dy) in zip(rows, tr, strict=True):
            r["shift x px"], r["shift y px"] = float(dx), float(dy)
        return rows
    for key, value in t.items():
        if any(s in key for s in _SKIP_KEYS) or value is None:
            continue
        try:
            a = arr(value)
        except Exception:
            continue
        if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
            continue
        key = _LABELS.get(key, key)
        if a.ndim == 0:
            for r in rows:
                r[key] = a.item()
        elif a.shape[0] == n and a[0].size <= 3:
            for r, v in zip(rows, a.reshape(n, -1), strict=True):
                r[key] = v.item() if v.size == 1 else ",".join(f"{x:.3g}" for x in v)
    for r in rows:
        for k, v in r.items():
            if isinstance(v, (np.bool_, bool)):
                r[k] = bool(v)
    return rows


_LAYER_CACHE: OrderedDict[str, tuple[Any, Any]] = OrderedDict()
_LAYER_CACHE_SIZE = 64


def _fresh_layer(class_name: str, config: dict[str, Any], seed: int) -> Any:
    """A layer in the state a newly built one has: reused layers get their seed state reset.

    Building layers is a large part of a redraw (each seed generator is a TensorFlow variable);
    a reused layer whose random state is put back to its initial value draws exactly what a new
    ``keras.layers.X(..., seed=seed)`` draws, which the code-generation tests check.
    """
    key = json.dumps([class_name, config, seed], sort_keys=True)
    hit = _LAYER_CACHE.get(key)
    if hit is not None:
        layer, state = hit
        if state is not None:
            layer.generator.state.assign(state)
        _LAYER_CACHE.move_to_end(key)
        return layer
    layer = make_layer(class_name, config, seed)
    generator = getattr(layer, "generator", None)
    state = None if generator is None else np.array(generator.state.numpy())
    _LAYER_CACHE[key] = (layer, state)
    if len(_LAYER_CACHE) > _LAYER_CACHE_SIZE:
        _LAYER_CACHE.popitem(last=False)
    return layer


def build_layers(spec: AugmentSpec, seed: int, fit_src: np.ndarray | None = None) -> list[Any]:
    """The real layers for ``spec`` with the preview's seeds (Normalization adapted on fit_src).

    >>> spec = AugmentSpec.preprocessing_layers("AutoContrast")
    >>> [type(x).__name__ for x in build_layers(spec, 0)]
    ['AutoContrast']
    """
    layers = []
    for i, item in enumerate(spec.layers):
        name, config = item["class_name"], item.get("config", {})
        if not LAYERS[name].needs_adapt:
            layer = _fresh_layer(name, config, layer_seed(seed, i))
        elif fit_src is None:
            raise AugmentError("Normalization needs pictures to adapt() on")
        else:
            layer = make_layer(name, config, layer_seed(seed, i))
            layer.adapt(fit_src)
        layers.append(layer)
    return layers


def _apply_layers(
    spec: AugmentSpec, batch: np.ndarray, fit_src: np.ndarray, seed: int
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    import keras

    n = len(batch)
    drawn: list[dict[str, Any]] = [{} for _ in range(n)]
    x: Any = batch
    for item, layer in zip(spec.layers, build_layers(spec, seed, fit_src), strict=True):
        name = item["class_name"]
        try:
            if draws_separately(layer):
                t = layer.get_random_transformation(x, training=True)
                x = layer.transform_images(x, t, training=True)
                for row, new in zip(drawn, _layer_drawn(name, layer, t, n), strict=True):
                    row.update(new)
            else:
                x = layer(x, training=True)
        except AugmentError:
            raise
        except Exception as e:  # shape problems such as a crop larger than the picture
            shape = tuple(keras.ops.shape(x))
            raise AugmentError(f"{name}({_kw_text(item.get('config', {}))}) failed on pictures "
                               f"of shape {shape}: {e}") from None
    return np.asarray(keras.ops.convert_to_numpy(x), dtype="float32"), drawn
