"""Turn whatever the learner passes into a batch the preview can use, with plain notes.

>>> import numpy as np
>>> from kerasnb.augment.images import as_image_batch
>>> batch, notes = as_image_batch(np.zeros((8, 8), dtype="uint8"))
>>> batch.shape, notes
((1, 8, 8, 3), ['grayscale picture: its one channel was repeated to make RGB'])

Decisions: grayscale pictures are converted to RGB by repeating the channel, RGBA pictures lose
their alpha channel (both with a note), float pictures in [0, 1] are scaled to 0-255 (with a
note); anything that is not a picture (wrong rank, 2 or 5+ channels, NaN, text, values outside
0-255) is refused with an AugmentError that says what was received and what is expected.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from kerasnb.augment.errors import AugmentError

MIN_SIDE = 4
SOURCES = ("photos", "digits")


def as_image_batch(images: Any) -> tuple[np.ndarray, list[str]]:
    """A float32 batch (n, h, w, 3) with values 0-255, plus notes on any conversion.

    >>> float(as_image_batch(np.full((2, 16, 16, 3), 0.5))[0].max())
    127.5
    """
    try:
        arr = np.asarray(images)
    except Exception as e:  # ragged lists and the like
        raise AugmentError(f"could not read the pictures as one array: {e}") from None
    expected = ("expected a picture (h, w), (h, w, c) or a batch (n, h, w) / (n, h, w, c) "
                "with c = 1, 3 or 4 channels")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise AugmentError(f"{expected}; got an array of {arr.dtype} values, not numbers")
    notes: list[str] = []
    if arr.ndim == 2:
        arr = arr[None, :, :, None]
    elif arr.ndim == 3:
        if arr.shape[-1] in (1, 3, 4) and arr.shape[0] >= MIN_SIDE and arr.shape[1] >= MIN_SIDE:
            arr = arr[None]
        else:
            arr = arr[..., None]
    elif arr.ndim != 4:
        raise AugmentError(f"{expected}; got an array with shape {arr.shape}")
    n, h, w, c = arr.shape
    if c not in (1, 3, 4):
        raise AugmentError(f"{expected} (channels last); got shape {arr.shape} with {c} channels")
    if n == 0:
        raise AugmentError("the batch is empty: pass at least one picture")
    if h < MIN_SIDE or w < MIN_SIDE:
        raise AugmentError(f"pictures must be at least {MIN_SIDE}x{MIN_SIDE} pixels; got "
                           f"{h}x{w} (shape {arr.shape})")
    arr = arr.astype("float32")
    if not np.all(np.isfinite(arr)):
        raise AugmentError("the pictures contain NaN or infinite values")
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0 or hi > 255:
        raise AugmentError(f"pixel values must lie in 0-255 (or 0-1); got values from {lo:g} "
                           f"to {hi:g}")
    if hi <= 1.0 and images is not None and not np.issubdtype(np.asarray(images).dtype,
                                                                np.integer):
        arr = arr * 255.0
        notes.append("values in 0-1 were scaled to 0-255 (the range the layers assume)")
    if c == 1:
        arr = np.repeat(arr, 3, axis=-1)
        notes.append("grayscale picture: its one channel was repeated to make RGB")
    elif c == 4:
        arr = arr[..., :3]
        notes.append("RGBA picture: the alpha (transparency) channel was dropped")
    return np.ascontiguousarray(arr), notes


def fit_to_square(image: np.ndarray, size: int) -> np.ndarray:
    """Centre-crop one picture (h, w, 3) to a square and resize it to size x size.

    >>> fit_to_square(np.zeros((20, 40, 3), "float32"), 10).shape
    (10, 10, 3)
    """
    from PIL import Image

    h, w = image.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    crop = np.clip(image[top:top + side, left:left + side], 0, 255).astype("uint8")
    pil = Image.fromarray(crop).resize((size, size), Image.Resampling.BILINEAR)
    return np.asarray(pil, dtype="float32")


def load_images(source: str, size: int = 128, count: int | None = None) -> np.ndarray:
    """The course's bundled pictures as a float32 batch with values 0-255.

    ``"photos"``: scikit-learn's two sample photographs, centre-cropped and resized to
    size x size. ``"digits"``: the first ``count`` (default 9) 8x8 training digits as RGB.

    >>> load_images("digits", count=3).shape
    (3, 8, 8, 3)
    """
    from kerasnb import data

    if source == "photos":
        photos = np.asarray(data.load("photos"), dtype="float32")
        out = np.stack([fit_to_square(p, size) for p in photos])
        return out[:count] if count else out
    if source == "digits":
        x = data.load("digits").x_train[: count or 9]
        batch, _ = as_image_batch(np.asarray(x, dtype="float32"))
        return batch
    raise AugmentError(f"unknown picture source {source!r}; choose one of {', '.join(SOURCES)}")


def decode_image(content: bytes, size: int | None = 128) -> tuple[np.ndarray, list[str]]:
    """Decode an uploaded file (PNG, JPEG, ...) into a batch of one picture.

    >>> decode_image(b"not a picture")
    Traceback (most recent call last):
    ...
    kerasnb.augment.errors.AugmentError: the file is not a picture that could be read ...
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(bytes(content))) as pil:
            pil.load()
            mode = pil.mode
            pil = pil.convert("RGBA" if "A" in mode else ("L" if mode in ("1", "L", "I", "F")
                                                           else "RGB"))
            arr = np.asarray(pil)
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise AugmentError(f"the file is not a picture that could be read (PNG, JPEG, ...): "
                           f"{e}") from None
    batch, notes = as_image_batch(arr)
    if size:
        batch = np.stack([fit_to_square(batch[0], size)])
        notes.append(f"centre-cropped and resized to {size}x{size}")
    return batch, notes
