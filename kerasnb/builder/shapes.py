"""Shape and parameter-count rules for each catalogue layer, in plain Python (no TensorFlow).

A shape here is one sample's shape (no batch axis): a tuple of ints, ``None`` for an unknown size.

>>> conv_output_length(28, kernel=3, stride=1, padding="valid")
26
>>> fmt_shape((26, 26, 32))
'(None, 26, 26, 32)'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from kerasnb.builder.errors import SpecError

Shape = tuple[int | None, ...]
Infer = Callable[[dict[str, Any], list[Shape], list[str]], tuple[Shape, str]]
Count = Callable[[dict[str, Any], list[Shape]], tuple[int, int]]

INT_DTYPES = ("int32", "int64", "uint8", "int16", "int8")


def fmt_shape(shape: Sequence[int | None]) -> str:
    """Keras' way of writing a shape, with the batch axis as None.

    >>> fmt_shape((64,))
    '(None, 64)'
    """
    return "(" + ", ".join(["None"] + ["None" if d is None else str(d) for d in shape]) + ")"


def conv_output_length(n: int | None, kernel: int, stride: int, padding: str,
                       dilation: int = 1) -> int | None:
    """Length along one axis after a convolution or pooling window, as Keras computes it.

    >>> conv_output_length(5, kernel=3, stride=2, padding="same")
    3
    """
    if n is None:
        return None
    if padding in ("same", "causal"):
        return (n - 1) // stride + 1
    span = dilation * (kernel - 1) + 1
    return math.floor((n - span) / stride) + 1


def _rank_error(layer_type: str, shape: Shape, needs: str, fix: str) -> SpecError:
    return SpecError(f"{layer_type} needs {needs} input, but received {len(shape) + 1}-D "
                     f"input (batch axis included)", received=fmt_shape(shape), needs=needs,
                     fix=fix)


_IMAGE = "4-D (None, height, width, channels)"
_SEQ = "3-D (None, timesteps, features)"


def _flat_fix(shape: Shape, wanted: int) -> str:
    if len(shape) < wanted:
        if len(shape) == 1 and wanted == 3:
            return ("a Dense layer's output is a flat vector: put the Conv2D/pooling layers "
                    "before Flatten/Dense, or add a Reshape to (height, width, channels) first")
        if len(shape) == 1 and wanted == 2:
            return ("add a Reshape to (timesteps, features), e.g. Reshape((n, 1)), or start "
                    "with an Embedding for token ids")
        return "add a Reshape that gives the input the extra axis"
    return "add Flatten or a global pooling layer before it to remove axes"


def need_rank(layer_type: str, shape: Shape, rank: int, needs: str) -> None:
    if len(shape) != rank:
        raise _rank_error(layer_type, shape, needs, _flat_fix(shape, rank))


def _spatial(layer_type: str, p: dict[str, Any], shape: Shape, rank: int, kernel_key: str,
             stride_key: str, dilation_key: str | None) -> list[int | None]:
    kernel = p[kernel_key]
    strides = p.get(stride_key) or kernel
    dilation = p.get(dilation_key) if dilation_key else None
    dilation = dilation or [1] * rank
    out = []
    for axis in range(rank):
        n = shape[axis]
        length = conv_output_length(n, kernel[axis], strides[axis], p.get("padding", "valid"),
                                    dilation[axis])
        if length is not None and length <= 0:
            what = "kernel" if kernel_key == "kernel_size" else "pool"
            raise SpecError(
                f"the {what} is larger than its input, so the output size would be "
                f"negative or zero",
                received=f"input {fmt_shape(shape)}, {kernel_key}={tuple(kernel)}",
                needs=f"{kernel_key} at most {tuple(shape[:rank])} along each axis "
                      f"with padding='valid'",
                fix=f"use a smaller {kernel_key}, set padding='same', or remove a pooling "
                    f"layer earlier in the network")
        out.append(length)
    return out


# ---------------------------------------------------------------- core layers
def same(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    return shapes[0], _float(dtypes[0])


def _float(dtype: str) -> str:
    return dtype if dtype.startswith("float") else "float32"


def no_params(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    return 0, 0


def dense(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    shape = shapes[0]
    if len(shape) >= 3:
        raise SpecError(
            "Dense received image-shaped input; it would act on the last axis only and keep "
            "the height and width",
            received=fmt_shape(shape), needs="2-D (None, features) input",
            fix="add Flatten() or GlobalAveragePooling2D() before this Dense layer")
    if len(shape) == 0 or shape[-1] is None:
        raise SpecError("Dense needs a known size on the last axis", received=fmt_shape(shape),
                        needs="(None, features)", fix="give the input a fixed last dimension")
    return shape[:-1] + (p["units"],), "float32"


def dense_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    n_in = shapes[0][-1] or 0
    return n_in * p["units"] + (p["units"] if p["use_bias"] else 0), 0


def flatten(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    shape = shapes[0]
    if not shape:
        raise SpecError("Flatten needs at least 2-D input", received=fmt_shape(shape),
                        needs="(None, ...) with one or more axes", fix="remove the Flatten")
    size: int | None = 1
    for d in shape:
        size = None if (size is None or d is None) else size * d
    return (size,), _float(dtypes[0])


def reshape(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    target = list(p["target_shape"])
    shape = shapes[0]
    known = math.prod(d for d in target if d != -1)
    if any(d is None for d in shape):
        if -1 in target:
            target[target.index(-1)] = None
        return tuple(target), dtypes[0]
    size = math.prod(shape)  # type: ignore[arg-type]
    if -1 in target:
        if known == 0 or size % known:
            raise SpecError("Reshape cannot split the input evenly",
                            received=f"{fmt_shape(shape)} = {size} values",
                            needs=f"a multiple of {known} values for target_shape "
                                  f"{tuple(p['target_shape'])}",
                            fix="choose a target_shape whose sizes divide the input size")
        target[target.index(-1)] = size // known
    elif known != size:
        raise SpecError("Reshape must keep the number of values",
                        received=f"{fmt_shape(shape)} = {size} values",
                        needs=f"target_shape {tuple(target)} holds {known} values",
                        fix=f"choose a target_shape whose sizes multiply to {size} "
                            f"(one size may be -1)")
    return tuple(target), dtypes[0]


def embedding(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    if dtypes[0] not in INT_DTYPES:
        raise SpecError(
            "Embedding looks up integer token ids, but it receives floats",
            received=f"{fmt_shape(shapes[0])} of dtype {dtypes[0]}",
            needs="integer ids (dtype int32 or int64) between 0 and input_dim - 1",
            fix="give the Input dtype='int32' and feed it token ids (not features computed "
                "by other layers)")
    return shapes[0] + (p["output_dim"],), "float32"


def embedding_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    return p["input_dim"] * p["output_dim"], 0


def batch_norm_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    c = shapes[0][-1] or 0
    return c * (int(p["center"]) + int(p["scale"])), 2 * c


def rescaling(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    return shapes[0], "float32"


# ---------------------------------------------------------------- convolutions and pooling
def _conv(rank: int, layer_type: str) -> Infer:
    needs = _SEQ if rank == 1 else _IMAGE

    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        shape = shapes[0]
        need_rank(layer_type, shape, rank + 1, needs)
        if shape[-1] is None:
            raise SpecError(f"{layer_type} needs a known number of channels",
                            received=fmt_shape(shape), needs="a fixed last axis",
                            fix="give the input a fixed channel count")
        if any(s > 1 for s in p["strides"]) and any(d > 1 for d in p.get("dilation_rate", [1])):
            raise SpecError("strides > 1 cannot be combined with dilation_rate > 1",
                            received=f"strides={tuple(p['strides'])}, "
                                     f"dilation_rate={tuple(p['dilation_rate'])}",
                            needs="one of them equal to 1", fix="set one of them back to 1")
        spatial = _spatial(layer_type, p, shape, rank, "kernel_size", "strides",
                           "dilation_rate")
        return tuple(spatial) + (p["filters"],), "float32"
    return infer


def conv_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    c_in = shapes[0][-1] or 0
    k = math.prod(p["kernel_size"])
    return k * c_in * p["filters"] + (p["filters"] if p["use_bias"] else 0), 0


def separable_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    c_in = shapes[0][-1] or 0
    k = math.prod(p["kernel_size"])
    dm = p["depth_multiplier"]
    return (k * c_in * dm + c_in * dm * p["filters"]
            + (p["filters"] if p["use_bias"] else 0)), 0


def _pool(rank: int, layer_type: str) -> Infer:
    needs = _SEQ if rank == 1 else _IMAGE

    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        shape = shapes[0]
        need_rank(layer_type, shape, rank + 1, needs)
        spatial = _spatial(layer_type, p, shape, rank, "pool_size", "strides", None)
        return tuple(spatial) + (shape[-1],), _float(dtypes[0])
    return infer


def _global_pool(rank: int, layer_type: str) -> Infer:
    needs = _SEQ if rank == 1 else _IMAGE

    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        shape = shapes[0]
        need_rank(layer_type, shape, rank + 1, needs)
        if p["keepdims"]:
            return (1,) * rank + (shape[-1],), _float(dtypes[0])
        return (shape[-1],), _float(dtypes[0])
    return infer


# ---------------------------------------------------------------- recurrent
def _rnn(layer_type: str) -> Infer:
    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        shape = shapes[0]
        if len(shape) != 2:
            fix = _flat_fix(shape, 2)
            if len(shape) == 1:
                fix = ("an RNN reads a sequence: use an Input of shape (timesteps, features), "
                       "put an Embedding before it for token ids, or add Reshape((n, 1))")
            raise _rank_error(layer_type, shape, _SEQ, fix)
        if shape[-1] is None:
            raise SpecError(f"{layer_type} needs a known number of features per step",
                            received=fmt_shape(shape), needs="(None, timesteps, features)",
                            fix="give the input a fixed last axis")
        if p["return_sequences"]:
            return (shape[0], p["units"]), "float32"
        return (p["units"],), "float32"
    return infer


def _rnn_weights(gates: int, bias_per_gate: int) -> Count:
    def count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
        units, n_in = p["units"], shapes[0][-1] or 0
        bias = bias_per_gate * units if p["use_bias"] else 0
        return gates * (units * (n_in + units) + bias), 0
    return count


def gru_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
    return _rnn_weights(3, 2 if p["reset_after"] else 1)(p, shapes)


# ---------------------------------------------------------------- merging
_VERB = {"Add": "adds", "Multiply": "multiplies", "Average": "averages", "Subtract": "subtracts",
         "Maximum": "takes the maximum of", "Minimum": "takes the minimum of"}


def merge_same(layer_type: str) -> Infer:
    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        first = shapes[0]
        for other in shapes[1:]:
            ok = len(other) == len(first) and all(
                a is None or b is None or a == b for a, b in zip(first, other, strict=True))
            if not ok:
                raise SpecError(
                    f"{layer_type} {_VERB.get(layer_type, 'combines')} its inputs element by "
                    "element, so they need the same shape",
                    received=", ".join(fmt_shape(s) for s in shapes),
                    needs="identical shapes",
                    fix="make the branches end with the same shape (e.g. same number of "
                        "units/filters, or a 1x1 Conv2D/Dense on one branch), or use "
                        "Concatenate")
        merged = tuple(a if a is not None else b for a, b in zip(first, shapes[-1], strict=True))
        return merged, _float(dtypes[0])
    return infer


def concatenate(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    rank = len(shapes[0])
    axis = p["axis"]
    bad = SpecError(
        "A Concatenate layer requires inputs with matching shapes except for the "
        "concatenation axis",
        received=", ".join(fmt_shape(s) for s in shapes),
        needs=f"equal sizes on every axis except axis={axis}",
        fix="make the branches agree (Flatten or a global pooling on image branches, the "
            "same padding/strides on both), or change the axis")
    if any(len(s) != rank for s in shapes) or not -rank - 1 <= axis <= rank or axis == 0:
        raise bad
    ax = axis % (rank + 1) - 1
    out: list[int | None] = []
    for i in range(rank):
        sizes = [s[i] for s in shapes]
        if i == ax:
            out.append(None if None in sizes else sum(sizes))  # type: ignore[arg-type]
            continue
        known = {d for d in sizes if d is not None}
        if len(known) > 1:
            raise bad
        out.append(known.pop() if known else None)
    return tuple(out), _float(dtypes[0])


# ---------------------------------------------------------------- augmentation
def image_same(layer_type: str) -> Infer:
    def infer(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
        need_rank(layer_type, shapes[0], 3, _IMAGE)
        return shapes[0], _float(dtypes[0])
    return infer


def random_crop(p: dict[str, Any], shapes: list[Shape], dtypes: list[str]) -> tuple[Shape, str]:
    shape = shapes[0]
    need_rank("RandomCrop", shape, 3, _IMAGE)
    for axis, key in ((0, "height"), (1, "width")):
        if shape[axis] is not None and p[key] > shape[axis]:
            raise SpecError("RandomCrop cannot crop a larger window than the image",
                            received=fmt_shape(shape),
                            needs=f"{key} at most {shape[axis]}",
                            fix=f"set {key} to {shape[axis]} or less")
    return (p["height"], p["width"], shape[-1]), _float(dtypes[0])


# ---------------------------------------------------------------- wrappers
def wrapped(catalogue_lookup: Callable[[str], Any]) -> tuple[Infer, Infer, Count, Count]:
    """Rules for TimeDistributed and Bidirectional, given a way to find the inner layer type."""

    def inner_rules(p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        inner = p["layer"]
        lt = catalogue_lookup(inner["type"])
        return lt, lt.full_params(inner["params"])

    def time_distributed(p: dict[str, Any], shapes: list[Shape],
                         dtypes: list[str]) -> tuple[Shape, str]:
        shape = shapes[0]
        if len(shape) < 2:
            raise _rank_error("TimeDistributed", shape, "at least 3-D (None, timesteps, ...)",
                              "feed it a sequence: one item per timestep")
        lt, full = inner_rules(p)
        out, dtype = lt.infer(full, [shape[1:]], dtypes)
        return (shape[0],) + out, dtype

    def time_distributed_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
        lt, full = inner_rules(p)
        return lt.count(full, [shapes[0][1:]])

    def bidirectional(p: dict[str, Any], shapes: list[Shape],
                      dtypes: list[str]) -> tuple[Shape, str]:
        lt, full = inner_rules(p)
        out, dtype = lt.infer(full, shapes, dtypes)
        if p["merge_mode"] == "concat":
            out = out[:-1] + (out[-1] * 2,)  # type: ignore[operator]
        return out, dtype

    def bidirectional_count(p: dict[str, Any], shapes: list[Shape]) -> tuple[int, int]:
        lt, full = inner_rules(p)
        trainable, frozen = lt.count(full, shapes)
        return 2 * trainable, 2 * frozen

    return time_distributed, bidirectional, time_distributed_count, bidirectional_count
