"""Every augmentation parameter of both APIs, described once.

The Keras layers the model builder also offers (RandomFlip, RandomRotation, RandomZoom,
RandomTranslation, RandomContrast, RandomCrop, Rescaling) are not described here again: their
rows come from :mod:`kerasnb.builder.catalogue` (one table, one ``Param`` class), where the
preview's own fields (start value, ``advanced``, display units) sit beside Keras' facts.

>>> from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS
>>> IDG_PARAMS["rotation_range"].units
'degrees'
>>> LAYERS["RandomRotation"].params["factor"].units
'fraction of a full turn (1.0 = 360 degrees)'

Validation (spec.py), the widget controls (widget.py) and the generated code (codegen.py) are all
derived from these tables, so adding a parameter or a layer is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kerasnb.builder.catalogue import CATALOGUE
from kerasnb.builder.params import Param

__all__ = ["FILL_MODES", "IDG_FORM", "IDG_NOT_IN_PREVIEW", "IDG_PARAMS", "LAYERS", "LAYERS_FORM",
           "LAYERS_NOT_IN_PREVIEW", "LayerEntry", "Param"]

IDG_FORM = "ImageDataGenerator"
"""The name of the legacy form: ImageDataGenerator arguments."""
LAYERS_FORM = "layers"
"""The name of the Keras 3 form: preprocessing layers applied in order."""

# kinds of values:
#   bool, int, float, choice        plain values
#   pair                            two numbers [low, high]
#   optional_pair / optional_float  the above or None
#   factor                          a number f (meaning [-f, f] or [0, f], see Param.symmetric) or
#                                   a pair [low, high]
#   zoom                            ImageDataGenerator zoom_range: z (meaning [1-z, 1+z]) or a pair


FILL_MODES = ("constant", "nearest", "reflect", "wrap")

_IDG = [
    Param("featurewise_center", "bool", False,
          help="Subtract the mean of each channel computed over the fitted images "
               "(needs datagen.fit(images))."),
    Param("samplewise_center", "bool", False,
          help="Subtract each image's own mean (over all pixels and channels)."),
    Param("featurewise_std_normalization", "bool", False,
          help="Divide by the standard deviation of each channel over the fitted images "
               "(needs fit; switches featurewise_center on)."),
    Param("samplewise_std_normalization", "bool", False,
          help="Divide each image by its own standard deviation (switches samplewise_center on)."),
    Param("zca_whitening", "bool", False,
          help="Decorrelate pixels with a ZCA matrix fitted on the images (needs fit; switches "
               "featurewise_center on). The matrix has (height*width*channels)^2 entries, so the "
               "preview allows it only up to 4096 values per image (e.g. 8x8 digits, 32x32 RGB)."),
    Param("zca_epsilon", "float", 1e-6, min=0.0, max=1.0, step=1e-6, advanced=True,
          help="Added to the singular values before inverting them in ZCA whitening."),
    Param("rotation_range", "float", 0.0, min=0, max=180, step=1, units="degrees", start=20,
          help="Rotate by an angle drawn uniformly from [-r, r] degrees (positive = "
               "counter-clockwise)."),
    Param("width_shift_range", "float", 0.0, min=0, max=0.99, step=0.01, start=0.1,
          units="fraction of the width",
          help="Meant to shift left/right by a fraction drawn from [-w, w] of the width (drawn "
               "as ty). Known bug kept by the legacy class: it moves the picture UP/DOWN "
               "(keras-team/keras#17398). Values >= 1 would be pixels; the preview uses "
               "fractions."),
    Param("height_shift_range", "float", 0.0, min=0, max=0.99, step=0.01, start=0.1,
          units="fraction of the height",
          help="Meant to shift up/down by a fraction drawn from [-h, h] of the height (drawn as "
               "tx). Known bug kept by the legacy class: it moves the picture LEFT/RIGHT "
               "(keras-team/keras#17398)."),
    Param("brightness_range", "optional_pair", None, min=0.0, max=3.0, step=0.05,
          start=[0.5, 1.5], units="multiplier (1 = unchanged)",
          help="Multiply the brightness by a factor drawn from [low, high] (via PIL); None = off."),
    Param("shear_range", "float", 0.0, min=0, max=80, step=1, units="degrees", start=10,
          help="Shear by an angle drawn from [-s, s] degrees (counter-clockwise)."),
    Param("zoom_range", "zoom", 0.0, span=(0.05, 2.0), step=0.05, start=[0.8, 1.2],
          units="scale of the sampling grid (>1 = zoom out)",
          help="A number z means [1-z, 1+z]; the height and width scales are drawn "
               "independently. A scale above 1 samples a larger area: the picture gets smaller."),
    Param("channel_shift_range", "float", 0.0, min=0, max=255, step=1, start=50,
          units="pixel values (0-255)",
          help="Add one value drawn from [-c, c] to every channel, clipped to the image's "
               "own min and max."),
    Param("fill_mode", "choice", "nearest", choices=FILL_MODES,
          help="How points outside the picture are filled after a rotation, shift, shear or zoom: "
               "constant (cval), nearest (repeat the edge pixel), reflect (mirror), "
               "wrap (tile)."),
    Param("cval", "float", 0.0, min=0, max=255, step=1, units="pixel value",
          help="Fill value when fill_mode='constant'."),
    Param("horizontal_flip", "bool", False,
          help="Mirror left-right with probability 1/2."),
    Param("vertical_flip", "bool", False,
          help="Mirror top-bottom with probability 1/2."),
    Param("rescale", "optional_float", None, min=-10.0, max=10.0, step=0.001,
          choices=(None, 1 / 255, 1 / 127.5, 2.0), units="multiplier",
          help="Multiply every pixel by this value after the random transforms "
               "(None or 0 = off); 1/255 maps 0-255 to 0-1."),
    Param("data_format", "choice", "channels_last", choices=("channels_last", "channels_first"),
          help="Where the channel axis is: (h, w, c) or (c, h, w). The preview feeds "
               "channels_last pictures and transposes for channels_first."),
]
IDG_PARAMS: dict[str, Param] = {p.name: p for p in _IDG}

# ImageDataGenerator arguments the preview does not take, and why (said plainly in validation).
IDG_NOT_IN_PREVIEW: dict[str, str] = {
    "preprocessing_function": "a Python function cannot be stored in a JSON description; "
                              "apply it to the images before the preview",
    "validation_split": "it splits the data for flow(subset=...), it does not change images",
    "interpolation_order": "the preview keeps the default (1, bilinear)",
    "dtype": "the preview always works in float32",
}


@dataclass(frozen=True)
class LayerEntry:
    """A Keras 3 preprocessing layer and the parameters the preview offers for it.

    >>> LAYERS["RandomFlip"].seeded
    True
    """

    name: str
    help: str
    params: dict[str, Param] = field(default_factory=dict)
    seeded: bool = True  # accepts seed=
    needs_adapt: bool = False  # Normalization: adapt() on the images first
    keras2: str = ""  # the ImageDataGenerator counterpart, in words


def _fill() -> list[Param]:
    """fill_mode, interpolation, fill_value: the rows of the shared catalogue."""
    return [CATALOGUE["RandomRotation"].param(n) for n in ("fill_mode", "interpolation",
                                                          "fill_value")]


def _value_range() -> Param:
    return CATALOGUE["RandomContrast"].param("value_range")


def _shared(name: str, help: str, **kw: Any) -> LayerEntry:
    """A layer whose parameters are the model builder's catalogue rows.

    In the preview a required parameter has no default (it must be set): its suggested value
    becomes the control's start value.
    """
    params = [replace(p, default=None, start=p.default if p.start is None else p.start)
              if p.required else p for p in CATALOGUE[name].params]
    return _entry(name, help, params, **kw)


def _entry(name: str, help: str, params: list[Param], **kw: Any) -> LayerEntry:
    return LayerEntry(name=name, help=help, params={p.name: p for p in params}, **kw)


_LAYERS = [
    _shared("RandomFlip", "Mirror each image with probability 1/2. With "
            "'horizontal_and_vertical' one draw decides both flips.",
            keras2="horizontal_flip=True / vertical_flip=True"),
    _shared("RandomRotation", "Rotate by a random angle.",
            keras2="rotation_range (degrees) = factor * 360"),
    _shared("RandomZoom", "Zoom in or out by a random amount.",
            keras2="zoom_range=z: scales in [1-z, 1+z], drawn independently per axis"),
    _shared("RandomTranslation", "Shift by a random fraction of the size.",
            keras2="width_shift_range / height_shift_range"),
    _entry("RandomShear", "Shear along x and/or y by a random amount.",
           [Param("x_factor", "factor", 0.0, min=0, max=1, step=0.01, start=0.2,
                  symmetric=False, units="fraction", keras2="shear_range",
                  help="Horizontal shear drawn from [0, f], its sign chosen at random."),
            Param("y_factor", "factor", 0.0, min=0, max=1, step=0.01, symmetric=False,
                  units="fraction", help="Vertical shear drawn from [0, f], random sign."),
            *_fill()],
           keras2="shear_range (degrees; approximate)"),
    _shared("RandomContrast", "Scale the contrast around each image's mean.",
            keras2="no counterpart"),
    _entry("RandomBrightness", "Add a random value to every pixel.",
           [Param("factor", "factor", None, required=True, min=-1, max=1, step=0.01, start=0.2,
                  units="fraction of the value range", keras2="channel_shift_range",
                  help="Adds a value drawn from [-f, f] times the value range, clipped."),
            _value_range()],
           keras2="channel_shift_range (approximate; brightness_range multiplies instead)"),
    _shared("RandomCrop", "Crop a random window (one window for the whole batch).",
            keras2="no counterpart"),
    _entry("CenterCrop", "Crop the centre.",
           [Param("height", "int", None, required=True, min=1, max=4096, step=1, start=96, units="pixels",
                  help="Output height."),
            Param("width", "int", None, required=True, min=1, max=4096, step=1, start=96, units="pixels",
                  help="Output width.")],
           seeded=False, keras2="no counterpart"),
    _entry("RandomHue", "Shift the hue.",
           [Param("factor", "factor", None, required=True, min=0, max=1, step=0.01, start=0.2,
                  symmetric=False, units="fraction of the hue circle", help="Hue shift amount."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomSaturation", "Change the colour saturation.",
           [Param("factor", "factor", None, required=True, min=0, max=1, step=0.01, start=0.5,
                  symmetric=False, units="0.5 = unchanged",
                  help="Saturation factor drawn from [0, f] (or a pair)."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomSharpness", "Sharpen or blur slightly.",
           [Param("factor", "factor", None, required=True, min=0, max=1, step=0.01, start=0.5,
                  symmetric=False, units="0.5 = unchanged", help="Sharpness factor."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomColorDegeneration", "Blend with the grayscale version.",
           [Param("factor", "factor", None, required=True, min=0, max=1, step=0.01, start=0.5,
                  symmetric=False, units="fraction", help="Strength of the blend."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomGrayscale", "Turn an image gray with some probability.",
           [Param("factor", "float", 0.5, min=0, max=1, step=0.05, units="probability",
                  help="Probability of converting an image to grayscale.")],
           keras2="no counterpart"),
    _entry("RandomInvert", "Invert the colours with some probability.",
           [Param("factor", "float", 1.0, min=0, max=1, step=0.05, units="probability",
                  help="Probability of inverting an image."), _value_range()],
           keras2="no counterpart"),
    _entry("RandomPosterization", "Reduce the number of bits per channel.",
           [Param("factor", "int", None, required=True, min=1, max=8, step=1, start=3, units="bits",
                  help="Keep this many bits per channel."), _value_range()],
           keras2="no counterpart"),
    _entry("RandomGaussianBlur", "Blur with a random Gaussian kernel.",
           [Param("factor", "float", 1.0, min=0, max=1, step=0.05, units="probability-like",
                  help="Strength of the blur."),
            Param("kernel_size", "int", 3, min=1, max=15, step=2, units="pixels",
                  help="Kernel size (odd)."),
            Param("sigma", "float", 1.0, min=0.1, max=10, step=0.1, units="pixels",
                  help="Maximum standard deviation of the kernel."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomPerspective", "Move the corners: a perspective warp.",
           [Param("factor", "float", 1.0, min=0, max=1, step=0.05, units="probability",
                  help="Probability of applying the warp."),
            Param("scale", "float", 1.0, min=0, max=1, step=0.05, units="fraction",
                  help="How far the corners may move.")], keras2="no counterpart"),
    _entry("RandomErasing", "Erase a random rectangle.",
           [Param("factor", "float", 1.0, min=0, max=1, step=0.05, units="probability",
                  help="Probability of erasing."),
            Param("scale", "pair", [0.02, 0.33], min=0.0, max=1.0, step=0.01,
                  units="fraction of the area", help="Size of the erased area."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomElasticTransform", "A smooth random displacement field.",
           [Param("factor", "float", 1.0, min=0, max=1, step=0.05, units="probability",
                  help="Probability of applying it."),
            Param("scale", "float", 1.0, min=0, max=1, step=0.05, units="fraction",
                  help="Strength of the displacement."),
            *_fill(), _value_range()], keras2="no counterpart"),
    _entry("Solarization", "Invert pixels above a random threshold.",
           [Param("addition_factor", "factor", 0.0, min=0, max=1, step=0.01, symmetric=False,
                  units="fraction", help="Random value added before solarizing."),
            Param("threshold_factor", "factor", 0.0, min=0, max=1, step=0.01, start=0.5,
                  symmetric=False, units="fraction", help="Random threshold."),
            _value_range()], keras2="no counterpart"),
    _entry("AutoContrast", "Stretch each image to the full value range (not random).",
           [_value_range()], seeded=False, keras2="no counterpart"),
    _entry("Equalization", "Histogram equalization (not random).",
           [_value_range()], seeded=False, keras2="no counterpart"),
    _shared("Rescaling", "Multiply and add constants (not random).", seeded=False,
            keras2="rescale"),
    _entry("Normalization", "Per-channel (x - mean) / std with mean and variance learnt by "
           "adapt() on the images.", [], seeded=False, needs_adapt=True,
           keras2="featurewise_center + featurewise_std_normalization (after datagen.fit)"),
]
LAYERS: dict[str, LayerEntry] = {e.name: e for e in _LAYERS}

# Keras layers deliberately left out, and why.
LAYERS_NOT_IN_PREVIEW: dict[str, str] = {
    "MixUp": "mixes pairs of images and their labels; it needs labels",
    "CutMix": "pastes patches between images and mixes their labels; it needs labels",
    "RandAugment": "picks among many operations internally; the drawn operations are not "
                   "exposed, so they could not be reported honestly",
    "AugMix": "same as RandAugment",
    "RandomColorJitter": "a shortcut for RandomBrightness, RandomContrast, RandomSaturation and "
                         "RandomHue: add those instead to see each draw",
    "Resizing": "not random; resize the pictures before the preview",
}
