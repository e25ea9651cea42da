"""Convert between ImageDataGenerator arguments and Keras 3 preprocessing layers.

>>> from kerasnb.augment import AugmentSpec, convert_augmentation
>>> spec = AugmentSpec.image_data_generator(rotation_range=36, horizontal_flip=True)
>>> c = convert_augmentation(spec)
>>> c.spec.layers[0]
{'class_name': 'RandomRotation', 'config': {'factor': 0.1, 'fill_mode': 'nearest'}}
>>> c.missing
[]

Units and defaults that differ (all stated in the notes of each conversion):
rotation and shear are degrees in ImageDataGenerator but fractions in the layers
(``factor = degrees / 360`` for rotation); ``zoom_range=z`` draws scales in [1-z, 1+z] for the
height and the width independently, ``RandomZoom(height_factor=f)`` draws 1 + [-f, f] (positive =
zoom out, the same direction) and keeps the aspect ratio unless ``width_factor`` is given; the
default fill is ``'nearest'`` for ImageDataGenerator and ``'reflect'`` for the layers, so the
converter always writes the fill mode explicitly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from kerasnb.augment.catalogue import LAYERS
from kerasnb.augment.spec import IDG_FORM, AugmentSpec

GEOMETRIC = ("RandomRotation", "RandomZoom", "RandomTranslation", "RandomShear")
ZOOM_LOWEST = 0.01  # ImageDataGenerator's zoom scales must be above 0
SHIFT_HIGHEST = 0.99  # ImageDataGenerator reads a shift of 1 or more as pixels


@dataclass
class Conversion:
    """The converted spec, notes on approximations, and what has no equivalent.

    >>> Conversion(AugmentSpec.preprocessing_layers()).missing
    []
    """

    spec: AugmentSpec
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Plain text: notes, then what could not be converted.

        >>> Conversion(AugmentSpec.preprocessing_layers()).report()
        'Exact equivalent.'
        """
        lines = [f"- {n}" for n in self.notes]
        lines += [f"- no equivalent: {m}" for m in self.missing]
        return "\n".join(lines) if lines else "Exact equivalent."


def convert_augmentation(spec: AugmentSpec) -> Conversion:
    """Convert to the other form.

    >>> spec = AugmentSpec.preprocessing_layers(("RandomFlip", {"mode": "horizontal"}))
    >>> convert_augmentation(spec).spec.params
    {'horizontal_flip': True}
    """
    spec.validate()
    return _idg_to_layers(spec) if spec.form == IDG_FORM else _layers_to_idg(spec)


def _pair(value: Any, symmetric: bool = True) -> tuple[float, float]:
    if isinstance(value, (list, tuple)):
        return float(value[0]), float(value[1])
    v = float(value)
    return (-abs(v), abs(v)) if symmetric else (0.0, v)


def _factor(lo: float, hi: float) -> Any:
    return hi if math.isclose(lo, -hi, abs_tol=1e-12) else [lo, hi]


def _idg_to_layers(spec: AugmentSpec) -> Conversion:
    p = spec.resolved_params()
    notes: list[str] = []
    missing: list[str] = []
    layers: list[tuple[str, dict[str, Any]]] = []
    fill: dict[str, Any] = {"fill_mode": p["fill_mode"]}
    if p["fill_mode"] == "constant" and p["cval"]:
        fill["fill_value"] = p["cval"]
    geometric = False
    if p["rotation_range"]:
        layers.append(("RandomRotation", {"factor": round(p["rotation_range"] / 360, 6), **fill}))
        notes.append(f"rotation_range={p['rotation_range']} degrees -> RandomRotation("
                     f"factor={p['rotation_range'] / 360:.4g}): the layer takes a fraction of a "
                     f"full turn (degrees / 360)")
        geometric = True
    if p["width_shift_range"] or p["height_shift_range"]:
        layers.append(("RandomTranslation", {"height_factor": p["height_shift_range"],
                                             "width_factor": p["width_shift_range"], **fill}))
        notes.append("width/height_shift_range -> RandomTranslation(width_factor, "
                     "height_factor) as documented; note the legacy ImageDataGenerator swaps "
                     "them (width_shift_range moves the picture up/down, keras-team/keras#17398), "
                     "so the two previews differ in direction")
        geometric = True
    if p["shear_range"]:
        s = math.tan(math.radians(p["shear_range"]))
        layers.append(("RandomShear", {"x_factor": round(min(s, 1.0), 4), **fill}))
        notes.append(f"shear_range={p['shear_range']} degrees -> RandomShear(x_factor="
                     f"{min(s, 1.0):.3g}) is approximate: the layer measures shear as a "
                     f"fraction (tan of the angle used here) and also flips its sign at random")
        if s > 1.0:
            notes.append(f"shear_range={p['shear_range']} degrees is beyond RandomShear's "
                         f"largest factor 1 (45 degrees): clipped to x_factor=1")
        geometric = True
    zoom = p["zoom_range"]
    lo, hi = (1 - zoom, 1 + zoom) if not isinstance(zoom, list) else zoom
    if (lo, hi) != (1, 1):
        flo, fhi = round(max(lo - 1, -1.0), 6), round(min(hi - 1, 1.0), 6)
        if not (math.isclose(flo, lo - 1, abs_tol=1e-9) and math.isclose(fhi, hi - 1,
                                                                         abs_tol=1e-9)):
            notes.append(f"zoom scales {lo:g}..{hi:g} exceed what RandomZoom allows "
                         f"(factors in [-1, 1]); clipped to {1 + flo:g}..{1 + fhi:g}")
        f = _factor(flo, fhi)
        layers.append(("RandomZoom", {"height_factor": f, "width_factor": [flo, fhi], **fill}))
        notes.append(f"zoom_range scales {lo:g}..{hi:g} -> RandomZoom factors {flo:g}..{fhi:g} "
                     f"(scale = 1 + factor; above 1 zooms out in both APIs); width_factor is "
                     f"given because ImageDataGenerator draws height and width independently")
        geometric = True
    if geometric:
        notes.append(f"fill_mode={p['fill_mode']!r} is written out because the layers' default "
                     f"is 'reflect' (ImageDataGenerator's is 'nearest'); the outermost pixels "
                     f"can still differ (each library interpolates at the border its own way)")
    if p["channel_shift_range"]:
        layers.append(("RandomBrightness", {"factor": round(p["channel_shift_range"] / 255, 6)}))
        notes.append("channel_shift_range -> RandomBrightness is approximate: both add one "
                     "random value to all channels, but ImageDataGenerator clips to the picture's "
                     "own min/max and RandomBrightness to value_range 0-255")
    flips = (p["horizontal_flip"], p["vertical_flip"])
    if any(flips):
        mode = {(True, False): "horizontal", (False, True): "vertical"}.get(
            flips, "horizontal_and_vertical")
        layers.append(("RandomFlip", {"mode": mode}))
        if mode == "horizontal_and_vertical":
            notes.append("RandomFlip('horizontal_and_vertical') flips both axes from ONE draw; "
                         "ImageDataGenerator decides each flip independently")
    if p["brightness_range"] is not None:
        missing.append("brightness_range multiplies the brightness; Keras 3 has no "
                       "multiplicative brightness layer (RandomBrightness adds a value)")
    if p["rescale"]:
        layers.append(("Rescaling", {"scale": p["rescale"]}))
        notes.append("rescale -> Rescaling, placed after the random layers because "
                     "ImageDataGenerator rescales after its random transforms")
    if p["samplewise_center"] or p["samplewise_std_normalization"]:
        missing.append("samplewise_center / samplewise_std_normalization: no built-in layer "
                       "(write a small layer with keras.ops.mean / keras.ops.std)")
    if p["zca_whitening"]:
        missing.append("zca_whitening: no Keras 3 layer")
    elif p["featurewise_std_normalization"]:
        layers.append(("Normalization", {}))
        notes.append("featurewise_center + featurewise_std_normalization -> Normalization() "
                     "adapted on the pictures: per-channel (x - mean) / std, as after "
                     "datagen.fit() (the small epsilon differs)")
    elif p["featurewise_center"]:
        missing.append("featurewise_center alone: Normalization also divides by the std")
    if p["data_format"] == "channels_first":
        notes.append("data_format='channels_first': pass data_format='channels_first' to the "
                     "layers as well if your tensors are (n, c, h, w)")
    return Conversion(AugmentSpec.preprocessing_layers(*layers), notes, missing)


def _layers_to_idg(spec: AugmentSpec) -> Conversion:
    params: dict[str, Any] = {}
    notes: list[str] = []
    missing: list[str] = []
    fills: list[tuple[str, float]] = []
    for item in spec.layers:
        name, cfg = item["class_name"], item.get("config", {})
        entry = LAYERS[name]
        if name in GEOMETRIC:
            fills.append((cfg.get("fill_mode", "reflect"), cfg.get("fill_value", 0.0)))
        if name == "RandomFlip":
            mode = cfg.get("mode", "horizontal_and_vertical")
            params["horizontal_flip"] = params.get("horizontal_flip", False) or "horizontal" in mode
            params["vertical_flip"] = params.get("vertical_flip", False) or "vertical" in mode
            if mode == "horizontal_and_vertical":
                notes.append("RandomFlip('horizontal_and_vertical') uses one draw for both "
                             "flips; ImageDataGenerator draws them independently")
        elif name == "RandomRotation":
            lo, hi = _pair(cfg["factor"])
            degrees = max(abs(lo), abs(hi)) * 360
            params["rotation_range"] = round(min(degrees, 180.0), 6)
            notes.append(f"RandomRotation factor {cfg['factor']} (fraction of a turn) -> "
                         f"rotation_range={params['rotation_range']:g} degrees")
            if degrees > 180:
                notes.append(f"angles up to {degrees:g} degrees: ImageDataGenerator takes at "
                             f"most rotation_range=180, which already allows any angle (the "
                             f"layer draws some angles twice as often, the legacy class evenly)")
            if not math.isclose(lo, -hi):
                notes.append("the rotation range is made symmetric: ImageDataGenerator always "
                             "draws from [-r, r]")
        elif name == "RandomZoom":
            lo, hi = _pair(cfg["height_factor"])
            if math.isclose(lo, -hi, abs_tol=1e-12) and hi < 1:
                params["zoom_range"] = round(hi, 6)
            else:
                low = round(1 + lo, 6)
                if low < ZOOM_LOWEST:
                    notes.append(f"a zoom factor of {lo:g} would scale by {low:g}; "
                                 f"ImageDataGenerator needs scales above 0: {ZOOM_LOWEST:g} "
                                 f"is used")
                    low = ZOOM_LOWEST
                params["zoom_range"] = [low, max(low, round(1 + hi, 6))]
            notes.append("RandomZoom factors -> zoom_range scales 1 + factor (above 1 zooms out "
                         "in both APIs)")
            if cfg.get("width_factor") is None:
                notes.append("RandomZoom without width_factor keeps the aspect ratio; "
                             "ImageDataGenerator always draws height and width scales "
                             "independently, so pictures may be stretched")
            elif _pair(cfg["width_factor"]) != (lo, hi):
                notes.append("ImageDataGenerator has one zoom_range for both axes; the "
                             "height_factor range is used")
        elif name == "RandomTranslation":
            for key, arg in (("height_shift_range", "height_factor"),
                             ("width_shift_range", "width_factor")):
                shift = max(abs(v) for v in _pair(cfg[arg]))
                if shift > SHIFT_HIGHEST:
                    notes.append(f"{arg}={cfg[arg]}: a shift of a whole picture or more is "
                                 f"beyond what {key} takes as a fraction; {SHIFT_HIGHEST} is used")
                    shift = SHIFT_HIGHEST
                params[key] = shift
            notes.append("RandomTranslation -> height/width_shift_range as documented; the "
                         "legacy ImageDataGenerator swaps their directions "
                         "(keras-team/keras#17398)")
        elif name == "RandomShear":
            x = max(abs(v) for v in _pair(cfg.get("x_factor", 0.0), False))
            if x:
                params["shear_range"] = round(math.degrees(math.atan(x)), 3)
                notes.append("RandomShear x_factor -> shear_range in degrees (atan of the "
                             "factor) is approximate")
            if any(_pair(cfg.get("y_factor", 0.0), False)):
                missing.append("RandomShear y_factor: ImageDataGenerator shears along one "
                               "axis only")
        elif name == "RandomBrightness":
            lo_v, hi_v = cfg.get("value_range", [0, 255])
            f = max(abs(v) for v in _pair(cfg["factor"]))
            shift = round(f * (hi_v - lo_v), 6)
            if shift > 255:
                notes.append(f"RandomBrightness shifts up to {shift:g} on value_range "
                             f"{[lo_v, hi_v]}; channel_shift_range takes at most 255 (0-255 "
                             f"pictures): 255 is used")
                shift = 255.0
            params["channel_shift_range"] = shift
            notes.append("RandomBrightness -> channel_shift_range is approximate (it adds one "
                         "value to all channels but clips to the picture's own min/max)")
        elif name == "Rescaling":
            params["rescale"] = cfg["scale"]
            if not cfg["scale"]:
                missing.append("Rescaling(scale=0): ImageDataGenerator reads rescale=0 as off")
            if cfg.get("offset"):
                missing.append("Rescaling offset: ImageDataGenerator only multiplies")
            notes.append("ImageDataGenerator applies rescale after the random transforms")
        elif name == "Normalization":
            params["featurewise_center"] = True
            params["featurewise_std_normalization"] = True
            notes.append("Normalization -> featurewise_center + featurewise_std_normalization "
                         "(call datagen.fit(images) first)")
        else:
            missing.append(f"{name}: no ImageDataGenerator counterpart ({entry.help.rstrip('.')})")
    if fills:
        mode, value = fills[0]
        params["fill_mode"] = mode
        if mode == "constant" and value:
            params["cval"] = value
        if len(set(fills)) > 1:
            notes.append(f"the layers use different fill modes; ImageDataGenerator has one: "
                         f"{mode!r} is used")
        notes.append(f"fill_mode={mode!r} is written out because ImageDataGenerator's default is "
                     f"'nearest' (the layers' is 'reflect')")
    params = {k: v for k, v in params.items() if v not in (False, 0, 0.0) or k == "cval"}
    if params.get("cval") == 0:
        params.pop("cval")
    return Conversion(AugmentSpec.image_data_generator(**params), notes, missing)
