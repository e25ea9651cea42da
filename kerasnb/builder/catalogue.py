"""Every layer the builders know, described once: parameters, ranges, defaults, help text.

Widgets, validation, model building and code generation all read this table, so adding a layer
is one entry here (plus its shape rule in :mod:`kerasnb.builder.shapes`).

>>> lt = layer_type("Conv2D")
>>> [p.name for p in lt.params][:3]
['filters', 'kernel_size', 'strides']
>>> lt.param("padding").keras2
'border_mode'
>>> lt.canonical({"filters": 8, "kernel_size": 3})
{'filters': 8, 'kernel_size': [3, 3]}
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kerasnb.builder import shapes as S
from kerasnb.builder.errors import SpecError
from kerasnb.builder.params import ACTIVATIONS, Param

__all__ = ["ACTIVATIONS", "CATALOGUE", "DTYPES", "LAYER_TYPES", "LayerType", "Param",
           "default_name", "layer_type"]

DTYPES = ("float32", "float16", "float64", "int32", "int64", "uint8")


@dataclass(frozen=True)
class LayerType:
    """A catalogue entry: a Keras layer class, its parameters and its shape rules."""

    name: str
    category: str
    help: str
    params: tuple[Param, ...]
    infer: S.Infer
    count: S.Count = S.no_params
    min_inputs: int = 1
    max_inputs: int = 1
    keras2: str | None = None  # the Keras 2 class name, where it differed
    keeps_activation: bool = False  # the output still ends in its input's activation
    canonical_hook: Callable[[dict[str, Any]], None] | None = None
    _index: dict[str, Param] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({p.name: p for p in self.params})

    @property
    def is_merge(self) -> bool:
        return self.max_inputs > 1

    def param(self, name: str) -> Param:
        return self._index[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names, in constructor order."""
        return tuple(p.name for p in self.params)

    def suggested(self) -> dict[str, Any]:
        """The required parameters with their suggested values: what a new layer starts with.

        >>> layer_type("Dense").suggested()
        {'units': 32}
        """
        return self.canonical({p.name: p.default for p in self.params if p.required})

    def canonical(self, params: dict[str, Any], name: str | None = None) -> dict[str, Any]:
        """Checked parameters in canonical JSON form: required ones plus non-defaults."""
        where = name or self.name
        if not isinstance(params, dict):
            raise SpecError(f"the parameters of a {self.name} must be a dict", layer=where,
                            received=repr(params)[:80], needs="{'name': value, ...}")
        unknown = sorted(map(str, set(params) - set(self._index)))
        if unknown:
            renamed = {p.keras2: p.name for p in self.params if p.keras2}
            hints = [f"{u!r} is the Keras 2 name of {renamed[u]!r}" for u in unknown
                     if u in renamed]
            raise SpecError(f"{self.name} has no parameter {', '.join(map(repr, unknown))}",
                            layer=where, received=", ".join(unknown),
                            needs="one of " + ", ".join(p.name for p in self.params),
                            fix="; ".join(hints) or "check the spelling")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in params:
                value = p.check(params[p.name], where)
            elif p.required:
                raise SpecError(f"{self.name} needs the parameter {p.name!r}", layer=where,
                                needs=p.describe(), fix=f"add {p.name}={p.default!r}")
            else:
                continue
            if p.required or value != p.expanded(p.default):
                out[p.name] = value
        if self.canonical_hook:
            self.canonical_hook(out)
        return out

    def full_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Canonical parameters with every default filled in (what the shape rules read)."""
        return {p.name: p.expanded(params.get(p.name, p.default)) for p in self.params}


# ------------------------------------------------------------------ reusable parameters
def _act(default: str = "linear", required: bool = False) -> Param:
    return Param("activation", "activation", default, "function applied to the output",
                 required=required, positional=required)


def _bias() -> Param:
    return Param("use_bias", "bool", True, "add a learned bias to each output")


def _reg(name: str = "kernel_regularizer", what: str = "the weights",
         keras2: str | None = None) -> Param:
    return Param(name, "regularizer", None, f"penalty on {what} added to the loss "
                                            "(None, 'l1', 'l2' or {'l2': 0.01})", keras2=keras2)


def _ints(name: str, size: int, default: Any, help: str, **kw: Any) -> Param:
    return Param(name, "ints", default, help, size=size, min=1, **kw)


def _padding(causal: bool = False) -> Param:
    choices = ("valid", "same", "causal") if causal else ("valid", "same")
    return Param("padding", "choice", "valid", "'valid': no padding, the output shrinks; "
                 "'same': pad so the output keeps the size (with strides 1)", choices=choices,
                 keras2="border_mode")


def _conv_params(rank: int, keras2_filters: str = "nb_filter") -> tuple[Param, ...]:
    return (
        Param("filters", "int", 32, "number of output channels (feature maps)", min=1,
              max=4096, required=True, positional=True, keras2=keras2_filters),
        _ints("kernel_size", rank, 3, "size of the sliding window", required=True,
              positional=True, max=64, keras2="filter_length" if rank == 1 else "nb_row, nb_col"),
        _ints("strides", rank, 1, "step of the window", max=16,
              keras2="subsample_length" if rank == 1 else "subsample"),
        _padding(causal=rank == 1),
        _ints("dilation_rate", rank, 1, "spacing between kernel taps", max=16,
              keras2="atrous_rate"),
    )


def _pool_params(rank: int, required: bool = False) -> tuple[Param, ...]:
    # Keras 3's AveragePooling2D has no default pool_size, so there it is required
    return (
        _ints("pool_size", rank, 2, "size of the pooling window", positional=True, max=64,
              keras2="pool_length" if rank == 1 else None, required=required),
        _ints("strides", rank, None, "step of the window (None: the pool size)",
              nullable=True, max=64, keras2="stride" if rank == 1 else None),
        _padding(),
    )


def _strides_default(p: dict[str, Any]) -> None:
    if "strides" in p and p["strides"] == p.get("pool_size", [2] * len(p["strides"])):
        del p["strides"]


def _rnn_params(default_units: int = 32, gru: bool = False) -> tuple[Param, ...]:
    ps = (
        Param("units", "int", default_units, "size of the hidden state", min=1, max=4096,
              required=True, positional=True, keras2="output_dim"),
        Param("activation", "activation", "tanh", "activation of the output"),
        Param("return_sequences", "bool", False,
              "True: output every timestep (needed before another RNN); False: the last one"),
        _bias(),
        Param("dropout", "float", 0.0, "dropout on the inputs", min=0.0, max=1.0,
              keras2="dropout_W"),
        Param("recurrent_dropout", "float", 0.0, "dropout on the recurrent state", min=0.0,
              max=1.0, keras2="dropout_U"),
        _reg("kernel_regularizer", "the input weights", keras2="W_regularizer"),
        _reg("recurrent_regularizer", "the recurrent weights", keras2="U_regularizer"),
    )
    if gru:
        ps += (Param("reset_after", "bool", True,
                     "apply the reset gate after the matrix product (Keras 3 default)"),)
    return ps


def _factor(name: str, help: str, required: bool = True, default: Any = 0.1,
            symmetric: bool = True, **kw: Any) -> Param:
    # Keras checks each bound against [-1, 1] (RandomZoom: (-1, 1]; RandomContrast: [0, 1])
    bounds = {"min": -1.0, "max": 1.0} if symmetric else {"min": 0.0, "max": 1.0}
    return Param(name, "factor", default, help, required=required, nullable=not required,
                 positional=required and name == "factor", symmetric=symmetric,
                 **(bounds | kw))


_FILL = (
    Param("fill_mode", "choice", "reflect", "how points outside the image are filled "
          "(ImageDataGenerator's default: 'nearest')",
          choices=("reflect", "wrap", "constant", "nearest")),
    Param("interpolation", "choice", "bilinear", "how values between pixels are computed",
          choices=("bilinear", "nearest")),
    Param("fill_value", "float", 0.0, "the value outside the image when fill_mode='constant'",
          keras2="cval", units="pixel value", step=1, span=(0, 255)),
)


_TD_INNER = ("Dense", "Dropout", "Flatten", "Conv1D", "Conv2D", "MaxPooling2D",
             "GlobalAveragePooling2D")

_td, _bi, _td_count, _bi_count = S.wrapped(lambda name: layer_type(name))

_ENTRIES: list[LayerType] = [
    LayerType("Input", "input", "the model's input: the shape of ONE sample (no batch axis)", (
        Param("shape", "shape", [32], "shape of one sample, e.g. (28, 28, 1); None for any "
              "length", required=True, nullable=True, keras2="input_shape / input_dim"),
        Param("dtype", "choice", "float32", "type of the values: int32 for token ids",
              choices=DTYPES),
    ), S.same, min_inputs=0, max_inputs=0),
    LayerType("Dense", "core", "fully connected layer: every input feeds every neuron", (
        Param("units", "int", 32, "number of neurons (size of the output)", min=1, max=65536,
              required=True, positional=True, keras2="output_dim"),
        _act(), _bias(), _reg(keras2="W_regularizer"),
        _reg("bias_regularizer", "the biases", keras2="b_regularizer"),
    ), S.dense, S.dense_count),
    LayerType("Dropout", "core", "randomly sets a fraction of inputs to 0 while training", (
        Param("rate", "float", 0.5, "fraction of inputs set to 0 during training", min=0.0,
              max=1.0, max_open=True, required=True, positional=True, keras2="p"),
    ), S.same, keeps_activation=True),
    LayerType("Activation", "core", "applies an activation function", (
        _act("relu", required=True),), S.same),
    LayerType("Flatten", "core", "flattens each sample into one long vector", (), S.flatten,
              keeps_activation=True),
    LayerType("Reshape", "core", "gives each sample a new shape with the same number of values", (
        Param("target_shape", "shape", [-1, 1], "the new shape (one size may be -1)",
              required=True, positional=True, keras2="dims"),), S.reshape,
              keeps_activation=True),
    LayerType("Embedding", "core", "turns integer token ids into learned dense vectors", (
        Param("input_dim", "int", 1000, "vocabulary size: ids go from 0 to input_dim - 1",
              min=1, max=10_000_000, required=True, positional=True),
        Param("output_dim", "int", 64, "size of each vector", min=1, max=65536,
              required=True, positional=True),
        Param("mask_zero", "bool", False, "treat id 0 as padding"),
        _reg("embeddings_regularizer", "the vectors", keras2="W_regularizer"),
    ), S.embedding, S.embedding_count),
    LayerType("Conv1D", "convolution", "1-D convolution along a sequence",
              _conv_params(1) + (_act(), _bias(), _reg(keras2="W_regularizer"),
                                 _reg("bias_regularizer", "the biases", "b_regularizer")),
              S._conv(1, "Conv1D"), S.conv_count, keras2="Convolution1D"),
    LayerType("Conv2D", "convolution", "2-D convolution over images",
              _conv_params(2) + (_act(), _bias(), _reg(keras2="W_regularizer"),
                                 _reg("bias_regularizer", "the biases", "b_regularizer")),
              S._conv(2, "Conv2D"), S.conv_count, keras2="Convolution2D"),
    LayerType("SeparableConv2D", "convolution",
              "depthwise then pointwise convolution: fewer weights than Conv2D",
              _conv_params(2) + (
                  Param("depth_multiplier", "int", 1, "depthwise channels per input channel",
                        min=1, max=16), _act(), _bias(),
                  _reg("depthwise_regularizer", "the depthwise kernel"),
                  _reg("pointwise_regularizer", "the pointwise kernel"),
                  _reg("bias_regularizer", "the biases", "b_regularizer")),
              S._conv(2, "SeparableConv2D"), S.separable_count,
              keras2="SeparableConvolution2D"),
    LayerType("MaxPooling1D", "pooling", "keeps the largest value in each window of a sequence",
              _pool_params(1), S._pool(1, "MaxPooling1D"), canonical_hook=_strides_default),
    LayerType("MaxPooling2D", "pooling", "keeps the largest value in each window of an image",
              _pool_params(2), S._pool(2, "MaxPooling2D"), canonical_hook=_strides_default),
    LayerType("AveragePooling2D", "pooling", "averages each window of an image",
              _pool_params(2, required=True), S._pool(2, "AveragePooling2D"),
              canonical_hook=_strides_default),
    LayerType("GlobalAveragePooling1D", "pooling", "averages over all timesteps", (
        Param("keepdims", "bool", False, "keep the pooled axis with size 1"),),
        S._global_pool(1, "GlobalAveragePooling1D"), keeps_activation=True),
    LayerType("GlobalMaxPooling1D", "pooling", "largest value over all timesteps", (
        Param("keepdims", "bool", False, "keep the pooled axis with size 1"),),
        S._global_pool(1, "GlobalMaxPooling1D"), keeps_activation=True),
    LayerType("GlobalAveragePooling2D", "pooling", "averages each channel over the image", (
        Param("keepdims", "bool", False, "keep height and width with size 1"),),
        S._global_pool(2, "GlobalAveragePooling2D"), keeps_activation=True),
    LayerType("GlobalMaxPooling2D", "pooling", "largest value of each channel over the image", (
        Param("keepdims", "bool", False, "keep height and width with size 1"),),
        S._global_pool(2, "GlobalMaxPooling2D"), keeps_activation=True),
    LayerType("BatchNormalization", "normalization",
              "normalizes each channel with batch statistics (moving averages at inference)", (
                  Param("momentum", "float", 0.99, "momentum of the moving averages", min=0.0,
                        max=1.0),
                  Param("epsilon", "float", 0.001, "added to the variance to avoid dividing "
                        "by zero", min=0.0, max=1.0),
                  Param("center", "bool", True, "learn an offset (beta)"),
                  Param("scale", "bool", True, "learn a scale (gamma)"),
              ), S.same, S.batch_norm_count, keeps_activation=True),
    LayerType("LSTM", "recurrent", "long short-term memory recurrent layer", _rnn_params(),
              S._rnn("LSTM"), S._rnn_weights(4, 1)),
    LayerType("GRU", "recurrent", "gated recurrent unit layer", _rnn_params(gru=True),
              S._rnn("GRU"), S.gru_count),
    LayerType("SimpleRNN", "recurrent", "fully connected recurrent layer", _rnn_params(),
              S._rnn("SimpleRNN"), S._rnn_weights(1, 1)),
    LayerType("Bidirectional", "wrapper", "runs a recurrent layer forwards and backwards", (
        Param("layer", "layer", {"type": "LSTM", "params": {"units": 32}},
              "the recurrent layer to run in both directions", choices=("LSTM", "GRU",
                                                                        "SimpleRNN"),
              required=True, positional=True),
        Param("merge_mode", "choice", "concat", "how the two directions are combined",
              choices=("concat", "sum", "mul", "ave")),
    ), _bi, _bi_count),
    LayerType("TimeDistributed", "wrapper", "applies a layer to every timestep separately", (
        Param("layer", "layer", {"type": "Dense", "params": {"units": 32}},
              "the layer applied to each timestep", choices=_TD_INNER, required=True,
              positional=True),
    ), _td, _td_count),
    LayerType("Add", "merge", "adds inputs of the same shape element by element", (),
              S.merge_same("Add"), min_inputs=2, max_inputs=16),
    LayerType("Multiply", "merge", "multiplies inputs of the same shape element by element", (),
              S.merge_same("Multiply"), min_inputs=2, max_inputs=16),
    LayerType("Average", "merge", "averages inputs of the same shape element by element", (),
              S.merge_same("Average"), min_inputs=2, max_inputs=16),
    LayerType("Concatenate", "merge", "joins inputs along one axis", (
        Param("axis", "int", -1, "the axis to join along (-1: the last)", min=-8, max=8),),
        S.concatenate, min_inputs=2, max_inputs=16, keras2="Merge(mode='concat')"),
    LayerType("Rescaling", "preprocessing", "multiplies by scale then adds offset, e.g. 1/255", (
        Param("scale", "float", 1 / 255, "multiplier, e.g. 1/255", required=True,
              positional=True, keras2="rescale", start=1 / 255, step=0.001, span=(-10, 10)),
        Param("offset", "float", 0.0, "added after scaling", step=0.1, span=(-255, 255)),
    ), S.rescaling),
    LayerType("RandomFlip", "augmentation", "flips images at random while training", (
        Param("mode", "choice", "horizontal_and_vertical", "which flips may happen (with "
              "'horizontal_and_vertical' one draw decides both)",
              choices=("horizontal", "vertical", "horizontal_and_vertical"), positional=True,
              keras2="horizontal_flip / vertical_flip", start="horizontal"),
    ), S.image_same("RandomFlip")),
    LayerType("RandomRotation", "augmentation",
              "rotates images at random while training (factor: fraction of a full turn)", (
                  _factor("factor", "f draws an angle from [-f*360, f*360] degrees "
                          "(0.1 = 36 degrees; positive = counter-clockwise)",
                          keras2="rotation_range (degrees = factor * 360)", start=0.05,
                          units="fraction of a full turn (1.0 = 360 degrees)"), *_FILL),
              S.image_same("RandomRotation")),
    LayerType("RandomZoom", "augmentation",
              "zooms images at random while training (positive factors zoom out)", (
                  _factor("height_factor", "the vertical scale is 1 + a value drawn from "
                          "[-f, f], in (-1, 1]", min_open=True, keras2="zoom_range",
                          start=0.2, units="fraction (negative = zoom in)"),
                  _factor("width_factor", "like height_factor for the width (None: the "
                          "height's scale, keeping the aspect ratio)", required=False,
                          default=None, min_open=True, start=0.2, units="fraction"),
                  *_FILL),
              S.image_same("RandomZoom")),
    LayerType("RandomTranslation", "augmentation", "shifts images at random while training", (
        _factor("height_factor", "vertical shift drawn from [-f, f] times the height",
                keras2="height_shift_range", start=0.1, units="fraction of the height"),
        _factor("width_factor", "horizontal shift drawn from [-f, f] times the width",
                keras2="width_shift_range", start=0.1, units="fraction of the width"),
        *_FILL), S.image_same("RandomTranslation")),
    LayerType("RandomContrast", "augmentation", "changes contrast at random while training", (
        _factor("factor", "the contrast is multiplied by a value drawn from "
                "[1 - lower, 1 + upper]; a number f means (0, f), so (f, f) gives "
                "[1 - f, 1 + f]", symmetric=False, default=0.2, start=0.3,
                units="fraction"),
        Param("value_range", "pair", [0, 255], "the range pixel values are in (results are "
              "clipped to it)", min=-1e6, max=1e6, advanced=True),),
        S.image_same("RandomContrast")),
    LayerType("RandomCrop", "augmentation",
              "crops a random window while training (the centre at inference)", (
                  Param("height", "int", 24, "crop height", min=1, max=8192, required=True,
                        positional=True, start=96, units="pixels", step=1),
                  Param("width", "int", 24, "crop width", min=1, max=8192, required=True,
                        positional=True, start=96, units="pixels", step=1),
              ), S.random_crop),
]

CATALOGUE: dict[str, LayerType] = {lt.name: lt for lt in _ENTRIES}
LAYER_TYPES: tuple[str, ...] = tuple(n for n in CATALOGUE if n != "Input")


def layer_type(name: str) -> LayerType:
    """The catalogue entry for ``name``, or a SpecError naming the close matches.

    >>> layer_type("Dense").category
    'core'
    """
    try:
        return CATALOGUE[name]
    except (KeyError, TypeError):
        import difflib

        if not isinstance(name, str):
            raise SpecError("a layer type must be a text", received=f"{name!r:.60}",
                            needs="one of " + ", ".join(LAYER_TYPES)) from None
        old = [lt.name for lt in _ENTRIES if lt.keras2 and lt.keras2 == name]
        close = old or difflib.get_close_matches(str(name), list(CATALOGUE), n=3)
        fix = (f"{name!r} is the Keras 2 name of {old[0]!r}" if old
               else "did you mean " + " or ".join(map(repr, close)) + "?" if close
               else "pick a layer from the catalogue")
        raise SpecError(f"unknown layer type {name!r}", received=repr(name),
                        needs="one of " + ", ".join(LAYER_TYPES), fix=fix) from None


def default_name(type_name: str) -> str:
    """Keras' default base name for a layer class.

    >>> default_name("SeparableConv2D"), default_name("GlobalAveragePooling1D")
    ('separable_conv2d', 'global_average_pooling1d')
    """
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", type_name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _sizes_ok() -> None:  # the inner layers of wrappers must be catalogued
    for lt in _ENTRIES:
        for p in lt.params:
            if p.kind == "layer":
                assert all(c in CATALOGUE for c in p.choices), lt.name
    assert math.isclose(CATALOGUE["Rescaling"].param("scale").default, 1 / 255)


_sizes_ok()
