"""Every augmentation parameter of both APIs, described once.

>>> from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS
>>> IDG_PARAMS["rotation_range"].units
'degrees'
>>> LAYERS["RandomRotation"].params["factor"].units
'fraction of a full turn (1.0 = 360 degrees)'

Validation (spec.py), the widget controls (widget.py) and the generated code (codegen.py) are all
derived from these tables, so adding a parameter or a layer is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# kinds of values:
#   bool, int, float, choice        plain values
#   pair                            two numbers [low, high]
#   optional_pair / optional_float  the above or None
#   factor                          a number f (meaning [-f, f] or [0, f], see Param.symmetric) or
#                                   a pair [low, high]
#   zoom                            ImageDataGenerator zoom_range: z (meaning [1-z, 1+z]) or a pair


@dataclass(frozen=True)
class Param:
    """One parameter: its type, allowed range, default, units and help text.

    >>> Param("cval", "float", 0.0, low=0, high=255).default
    0.0
    """

    name: str
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float = 0.01
    units: str = ""
    help: str = ""
    choices: tuple[Any, ...] = ()
    start: Any = None  # value a control starts at when the parameter is switched on
    symmetric: bool = True  # for "factor": does a single number f mean [-f, f]?
    advanced: bool = False  # not shown as a control in the preview (the default is kept)
    keras2_name: str | None = None  # the ImageDataGenerator argument closest to it

    def describe(self) -> str:
        """One line for tooltips and docs.

        >>> from kerasnb.augment.catalogue import IDG_PARAMS
        >>> IDG_PARAMS["cval"].describe().startswith("cval")
        True
        """
        rng = ""
        if self.low is not None and self.high is not None:
            rng = f", range {self.low}..{self.high}"
        units = f" [{self.units}]" if self.units else ""
        return f"{self.name}{units} (default {self.default!r}{rng}): {self.help}"


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
    Param("zca_epsilon", "float", 1e-6, low=0.0, high=1.0, step=1e-6, advanced=True,
          help="Added to the singular values before inverting them in ZCA whitening."),
    Param("rotation_range", "float", 0.0, low=0, high=180, step=1, units="degrees", start=20,
          help="Rotate by an angle drawn uniformly from [-r, r] degrees (positive = "
               "counter-clockwise)."),
    Param("width_shift_range", "float", 0.0, low=0, high=0.99, step=0.01, start=0.1,
          units="fraction of the width",
          help="Meant to shift left/right by a fraction drawn from [-w, w] of the width (drawn "
               "as ty). Known bug kept by the legacy class: it moves the picture UP/DOWN "
               "(keras-team/keras#17398). Values >= 1 would be pixels; the preview uses "
               "fractions."),
    Param("height_shift_range", "float", 0.0, low=0, high=0.99, step=0.01, start=0.1,
          units="fraction of the height",
          help="Meant to shift up/down by a fraction drawn from [-h, h] of the height (drawn as "
               "tx). Known bug kept by the legacy class: it moves the picture LEFT/RIGHT "
               "(keras-team/keras#17398)."),
    Param("brightness_range", "optional_pair", None, low=0.0, high=3.0, step=0.05,
          start=[0.5, 1.5], units="multiplier (1 = unchanged)",
          help="Multiply the brightness by a factor drawn from [low, high] (via PIL); None = off."),
    Param("shear_range", "float", 0.0, low=0, high=80, step=1, units="degrees", start=10,
          help="Shear by an angle drawn from [-s, s] degrees (counter-clockwise)."),
    Param("zoom_range", "zoom", 0.0, low=0.05, high=2.0, step=0.05, start=[0.8, 1.2],
          units="scale of the sampling grid (>1 = zoom out)",
          help="A number z means [1-z, 1+z]; the height and width scales are drawn "
               "independently. A scale above 1 samples a larger area: the picture gets smaller."),
    Param("channel_shift_range", "float", 0.0, low=0, high=255, step=1, start=50,
          units="pixel values (0-255)",
          help="Add one value drawn from [-c, c] to every channel, clipped to the image's "
               "own min and max."),
    Param("fill_mode", "choice", "nearest", choices=FILL_MODES,
          help="How points outside the picture are filled after a rotation, shift, shear or zoom: "
               "constant (cval), nearest (repeat the edge pixel), reflect (mirror), "
               "wrap (tile)."),
    Param("cval", "float", 0.0, low=0, high=255, step=1, units="pixel value",
          help="Fill value when fill_mode='constant'."),
    Param("horizontal_flip", "bool", False,
          help="Mirror left-right with probability 1/2."),
    Param("vertical_flip", "bool", False,
          help="Mirror top-bottom with probability 1/2."),
    Param("rescale", "optional_float", None, low=-10.0, high=10.0, step=0.001,
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


def _fill(default: str = "reflect") -> list[Param]:
    return [
        Param("fill_mode", "choice", default, choices=("reflect", "wrap", "constant", "nearest"),
              help="How points outside the picture are filled (Keras 3 default: 'reflect', "
                   "ImageDataGenerator's default: 'nearest')."),
        Param("interpolation", "choice", "bilinear", choices=("bilinear", "nearest"),
              help="How pixel values between grid points are computed."),
        Param("fill_value", "float", 0.0, low=0, high=255, step=1, units="pixel value",
              help="Fill value when fill_mode='constant' (ImageDataGenerator: cval)."),
    ]


def _value_range() -> Param:
    return Param("value_range", "pair", [0, 255], low=-1e6, high=1e6, advanced=True,
                 help="The range pixel values are in; the preview feeds 0-255.")


def _entry(name: str, help: str, params: list[Param], **kw: Any) -> LayerEntry:
    return LayerEntry(name=name, help=help, params={p.name: p for p in params}, **kw)


_GEOM_FACTOR = "fraction of a full turn (1.0 = 360 degrees)"
_LAYERS = [
    _entry("RandomFlip", "Mirror each image with probability 1/2. With "
           "'horizontal_and_vertical' one draw decides both flips.",
           [Param("mode", "choice", "horizontal_and_vertical",
                  choices=("horizontal", "vertical", "horizontal_and_vertical"), start="horizontal",
                  help="Which flips may happen.", keras2_name="horizontal_flip/vertical_flip")],
           keras2="horizontal_flip=True / vertical_flip=True"),
    _entry("RandomRotation", "Rotate by a random angle.",
           [Param("factor", "factor", None, low=-1, high=1, step=0.01, start=0.05,
                  units=_GEOM_FACTOR, keras2_name="rotation_range",
                  help="f means an angle drawn from [-f*360, f*360] degrees (positive = "
                       "counter-clockwise)."),
            *_fill()],
           keras2="rotation_range (degrees) = factor * 360"),
    _entry("RandomZoom", "Zoom in or out by a random amount.",
           [Param("height_factor", "factor", None, low=-1, high=1, step=0.01, start=0.2,
                  units="fraction (negative = zoom in, positive = zoom out)",
                  keras2_name="zoom_range",
                  help="The vertical scale is 1 + a value drawn from [-f, f]."),
            Param("width_factor", "optional_pair", None, low=-1, high=1, step=0.01,
                  start=[-0.2, 0.2], units="fraction",
                  help="None keeps the aspect ratio (width scale = height scale)."),
            *_fill()],
           keras2="zoom_range=z: scales in [1-z, 1+z], drawn independently per axis"),
    _entry("RandomTranslation", "Shift by a random fraction of the size.",
           [Param("height_factor", "factor", None, low=-1, high=1, step=0.01, start=0.1,
                  units="fraction of the height", keras2_name="height_shift_range",
                  help="Vertical shift drawn from [-f, f] times the height."),
            Param("width_factor", "factor", None, low=-1, high=1, step=0.01, start=0.1,
                  units="fraction of the width", keras2_name="width_shift_range",
                  help="Horizontal shift drawn from [-f, f] times the width."),
            *_fill()],
           keras2="width_shift_range / height_shift_range"),
    _entry("RandomShear", "Shear along x and/or y by a random amount.",
           [Param("x_factor", "factor", 0.0, low=0, high=1, step=0.01, start=0.2,
                  symmetric=False, units="fraction", keras2_name="shear_range",
                  help="Horizontal shear drawn from [0, f], its sign chosen at random."),
            Param("y_factor", "factor", 0.0, low=0, high=1, step=0.01, symmetric=False,
                  units="fraction", help="Vertical shear drawn from [0, f], random sign."),
            *_fill()],
           keras2="shear_range (degrees; approximate)"),
    _entry("RandomContrast", "Scale the contrast around each image's mean.",
           [Param("factor", "factor", None, low=0, high=1, step=0.01, start=0.3,
                  symmetric=False, units="fraction",
                  help="Contrast multiplied by a value drawn from [1-f, 1+f]."),
            _value_range()],
           keras2="no counterpart"),
    _entry("RandomBrightness", "Add a random value to every pixel.",
           [Param("factor", "factor", None, low=-1, high=1, step=0.01, start=0.2,
                  units="fraction of the value range", keras2_name="channel_shift_range",
                  help="Adds a value drawn from [-f, f] times the value range, clipped."),
            _value_range()],
           keras2="channel_shift_range (approximate; brightness_range multiplies instead)"),
    _entry("RandomCrop", "Crop a random window (one window for the whole batch).",
           [Param("height", "int", None, low=1, high=4096, step=1, start=96, units="pixels",
                  help="Output height."),
            Param("width", "int", None, low=1, high=4096, step=1, start=96, units="pixels",
                  help="Output width.")],
           keras2="no counterpart"),
    _entry("CenterCrop", "Crop the centre.",
           [Param("height", "int", None, low=1, high=4096, step=1, start=96, units="pixels",
                  help="Output height."),
            Param("width", "int", None, low=1, high=4096, step=1, start=96, units="pixels",
                  help="Output width.")],
           seeded=False, keras2="no counterpart"),
    _entry("RandomHue", "Shift the hue.",
           [Param("factor", "factor", None, low=0, high=1, step=0.01, start=0.2,
                  symmetric=False, units="fraction of the hue circle", help="Hue shift amount."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomSaturation", "Change the colour saturation.",
           [Param("factor", "factor", None, low=0, high=1, step=0.01, start=0.5,
                  symmetric=False, units="0.5 = unchanged",
                  help="Saturation factor drawn from [0, f] (or a pair)."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomSharpness", "Sharpen or blur slightly.",
           [Param("factor", "factor", None, low=0, high=1, step=0.01, start=0.5,
                  symmetric=False, units="0.5 = unchanged", help="Sharpness factor."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomColorDegeneration", "Blend with the grayscale version.",
           [Param("factor", "factor", None, low=0, high=1, step=0.01, start=0.5,
                  symmetric=False, units="fraction", help="Strength of the blend."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomGrayscale", "Turn an image gray with some probability.",
           [Param("factor", "float", 0.5, low=0, high=1, step=0.05, units="probability",
                  help="Probability of converting an image to grayscale.")],
           keras2="no counterpart"),
    _entry("RandomInvert", "Invert the colours with some probability.",
           [Param("factor", "float", 1.0, low=0, high=1, step=0.05, units="probability",
                  help="Probability of inverting an image."), _value_range()],
           keras2="no counterpart"),
    _entry("RandomPosterization", "Reduce the number of bits per channel.",
           [Param("factor", "int", None, low=1, high=8, step=1, start=3, units="bits",
                  help="Keep this many bits per channel."), _value_range()],
           keras2="no counterpart"),
    _entry("RandomGaussianBlur", "Blur with a random Gaussian kernel.",
           [Param("factor", "float", 1.0, low=0, high=1, step=0.05, units="probability-like",
                  help="Strength of the blur."),
            Param("kernel_size", "int", 3, low=1, high=15, step=2, units="pixels",
                  help="Kernel size (odd)."),
            Param("sigma", "float", 1.0, low=0.1, high=10, step=0.1, units="pixels",
                  help="Maximum standard deviation of the kernel."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomPerspective", "Move the corners: a perspective warp.",
           [Param("factor", "float", 1.0, low=0, high=1, step=0.05, units="probability",
                  help="Probability of applying the warp."),
            Param("scale", "float", 1.0, low=0, high=1, step=0.05, units="fraction",
                  help="How far the corners may move.")], keras2="no counterpart"),
    _entry("RandomErasing", "Erase a random rectangle.",
           [Param("factor", "float", 1.0, low=0, high=1, step=0.05, units="probability",
                  help="Probability of erasing."),
            Param("scale", "pair", [0.02, 0.33], low=0.0, high=1.0, step=0.01,
                  units="fraction of the area", help="Size of the erased area."),
            _value_range()], keras2="no counterpart"),
    _entry("RandomElasticTransform", "A smooth random displacement field.",
           [Param("factor", "float", 1.0, low=0, high=1, step=0.05, units="probability",
                  help="Probability of applying it."),
            Param("scale", "float", 1.0, low=0, high=1, step=0.05, units="fraction",
                  help="Strength of the displacement."),
            *_fill(), _value_range()], keras2="no counterpart"),
    _entry("Solarization", "Invert pixels above a random threshold.",
           [Param("addition_factor", "factor", 0.0, low=0, high=1, step=0.01, symmetric=False,
                  units="fraction", help="Random value added before solarizing."),
            Param("threshold_factor", "factor", 0.0, low=0, high=1, step=0.01, start=0.5,
                  symmetric=False, units="fraction", help="Random threshold."),
            _value_range()], keras2="no counterpart"),
    _entry("AutoContrast", "Stretch each image to the full value range (not random).",
           [_value_range()], seeded=False, keras2="no counterpart"),
    _entry("Equalization", "Histogram equalization (not random).",
           [_value_range()], seeded=False, keras2="no counterpart"),
    _entry("Rescaling", "Multiply and add constants (not random).",
           [Param("scale", "float", None, low=-10, high=10, step=0.001, start=1 / 255,
                  keras2_name="rescale", help="Multiplier, e.g. 1/255."),
            Param("offset", "float", 0.0, low=-255, high=255, step=0.1,
                  help="Added after scaling.")],
           seeded=False, keras2="rescale"),
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
