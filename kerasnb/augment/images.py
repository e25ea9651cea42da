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
import re
import warnings
from typing import Any

import numpy as np

from kerasnb.augment.errors import AugmentError

MIN_SIDE = 4
SOURCES = ("photos", "digits")
MAX_BATCH_VALUES = 48 * 2**20  # 192 MB as float32: e.g. 24 pictures of 1024x682 RGB
MAX_FILE_BYTES = 64 * 2**20  # a picture file larger than this is refused before decoding
MAX_PIXELS = 8192 * 8192  # read from the header; 8192x8192 RGBA decodes to 256 MB at most
MAX_SIDE = 1024  # decode_image(size=None) keeps at most this many pixels on the longer side


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
    if arr.size > MAX_BATCH_VALUES:
        raise AugmentError(
            f"the pictures hold {arr.size:,} values (shape {arr.shape}); the preview takes at "
            f"most {MAX_BATCH_VALUES:,} (e.g. 24 pictures of 1024x682 RGB) to keep memory "
            f"bounded: pass fewer or smaller pictures", received=f"shape {arr.shape}",
            expected=f"at most {MAX_BATCH_VALUES:,} values")
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


def bounded_batch(images: Any, max_pictures: int, max_side: int,
                  size: int) -> tuple[np.ndarray, list[str]]:
    """Like :func:`as_image_batch`, bounded: at most ``max_pictures``, large ones made small.

    Pictures beyond ``max_pictures`` are left out and large ones are subsampled to about
    ``max_side`` before any conversion to floating point, then centre-cropped and resized to
    ``size`` (each with a note).

    >>> batch, notes = bounded_batch(np.zeros((30, 400, 300, 3), "uint8"), 24, 128, 32)
    >>> batch.shape, len(notes)
    ((24, 32, 32, 3), 2)
    """
    try:
        arr = np.asarray(images)
    except Exception as e:  # ragged lists and the like
        raise AugmentError(f"could not read the pictures as one array: {e}") from None
    notes: list[str] = []
    single = arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] in (1, 3, 4)
                               and min(arr.shape[:2]) >= MIN_SIDE)
    if not single and arr.ndim in (3, 4) and len(arr) > max_pictures:
        arr = arr[:max_pictures]
        notes.append(f"only the first {max_pictures} pictures are offered")
    if arr.ndim in (2, 3, 4) and arr.size:
        h, w = arr.shape[:2] if single else arr.shape[1:3]
        step = max(1, -(-max(h, w) // max_side))
        if step > 1:  # a strided view: nothing is copied before the pictures are small
            arr = arr[::step, ::step] if single else arr[:, ::step, ::step]
    batch, more = as_image_batch(arr)
    notes += more
    if max(batch.shape[1:3]) > 2 * size:
        batch = np.stack([fit_to_square(im, size) for im in batch])
        notes.append(f"large pictures were centre-cropped and resized to {size}x{size} to keep "
                     f"the preview fast")
    return batch, notes


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
    """The course's bundled pictures as a float32 batch with values 0-255, for the preview.

    ``"photos"``: scikit-learn's two sample photographs, centre-cropped and resized to
    size x size. ``"digits"``: the first ``count`` (default 9) 8x8 training digits as RGB.
    The pictures come from :func:`kerasnb.data.pictures` (the one loader of the bundled
    pictures); this adds the preview's bounds (a side of ``MIN_SIDE`` to ``MAX_SIDE``) and its
    error class.

    >>> load_images("digits", count=3).shape
    (3, 8, 8, 3)
    """
    from kerasnb import data
    from kerasnb.errors import KerasnbError

    if isinstance(size, bool) or not isinstance(size, int) or not MIN_SIDE <= size <= MAX_SIDE:
        raise AugmentError(f"load_images: size must be a whole number of pixels from {MIN_SIDE} "
                           f"to {MAX_SIDE}", received=repr(size), expected="e.g. 128")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                              or count < 1):
        raise AugmentError("load_images: count must be a whole number >= 1, or None",
                           received=repr(count), expected="e.g. 9")
    if not isinstance(source, str) or source not in SOURCES:
        raise AugmentError(f"load_images: unknown picture source {source!r:.60}",
                           received=f"source={source!r:.60}",
                           expected=" or ".join(repr(x) for x in SOURCES))
    try:
        return data.pictures(source, size=size, count=count)
    except KerasnbError as e:
        raise AugmentError(f"load_images({source!r}): {e}") from None


# -- uploads: bounded decoding ---------------------------------------------------------------------
_ADDRESS = re.compile(r"<_io\.\w+ object at 0x[0-9a-fA-F]+>")
_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N")


def _clean(error: BaseException) -> str:
    """Pillow's message without the address of the in-memory file it was given."""
    return _ADDRESS.sub("the file", str(error)).strip() or type(error).__name__


def _target_side(size: int | None) -> int:
    return MAX_SIDE if not size else 2 * int(size)


def _plain_mode(pil: Any, notes: list[str]) -> Any:
    """An image in one of L, LA, RGB, RGBA, I, F (the modes the reduction and NumPy handle)."""
    mode = pil.mode
    if mode in ("L", "LA", "RGB", "RGBA", "I", "F"):
        return pil
    if mode == "1":
        return pil.convert("L")
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in pil.info
        notes.append("palette picture: converted to RGB")
        return pil.convert("RGBA" if has_alpha else "RGB")
    if mode in ("La", "RGBa"):
        return pil.convert(mode.upper())
    if mode in _WIDE_MODES:
        return pil  # reduced first (BOX resampling handles 16-bit), widened to "I" when small
    notes.append(f"{mode} picture: converted to RGB")
    return pil.convert("RGB")


def _scaled_to_255(arr: np.ndarray, mode: str, notes: list[str]) -> np.ndarray:
    """16/32-bit and float pictures brought to 0-255 (8-bit pictures are left as they are)."""
    if mode in ("I", *_WIDE_MODES):
        arr = arr.astype("float32")
        hi = float(arr.max()) if arr.size else 0.0
        lo = float(arr.min()) if arr.size else 0.0
        if lo >= 0 and hi <= 255:
            return arr
        if lo >= 0 and hi <= 65535:
            notes.append("16-bit picture: values scaled from 0-65535 to 0-255")
            return arr / 257.0
        notes.append(f"32-bit picture: values {lo:g}..{hi:g} stretched to 0-255")
        return (arr - lo) / ((hi - lo) or 1.0) * 255.0
    if mode == "F":
        arr = np.nan_to_num(arr.astype("float32"), nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(arr.min()), float(arr.max())
        if lo >= 0 and hi <= 255:
            return arr  # 0-1 values are scaled (with a note) by as_image_batch
        notes.append(f"floating-point picture: values {lo:g}..{hi:g} stretched to 0-255")
        return (arr - lo) / ((hi - lo) or 1.0) * 255.0
    return arr


def decode_image(content: bytes, size: int | None = 128) -> tuple[np.ndarray, list[str]]:
    """Decode an uploaded file (PNG, JPEG, GIF, TIFF, ...) into a batch of one picture.

    The size is read from the file's header first: files over ``MAX_FILE_BYTES`` or pictures
    over ``MAX_PIXELS`` are refused before decoding, and a large picture is reduced by Pillow
    (JPEG: decoded at a reduced scale) before any conversion to floating point, so memory stays
    bounded whatever is uploaded. Every mode Pillow opens is handled: palette, 1-bit, 16-bit
    and 32-bit integer, float, CMYK, with or without alpha. With ``size`` the picture is
    centre-cropped to a square of ``size`` pixels; with ``size=None`` it keeps its shape, its
    longer side reduced to at most ``MAX_SIDE``.

    >>> decode_image(b"not a picture")
    Traceback (most recent call last):
    ...
    kerasnb.augment.errors.AugmentError: the file is not a picture that could be read ...
    """
    from PIL import Image, UnidentifiedImageError

    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise AugmentError("decode_image: size must be a whole number of pixels >= 1, or None",
                           received=repr(size), expected="e.g. 128")
    try:
        if not isinstance(content, (bytes, bytearray, memoryview)):
            raise TypeError(type(content).__name__)
        data = bytes(content)
    except (TypeError, ValueError):
        raise AugmentError("decode_image: content must be the bytes of a picture file",
                           received=type(content).__name__,
                           expected="bytes (e.g. open('picture.png', 'rb').read())") from None
    if len(data) > MAX_FILE_BYTES:
        raise AugmentError(
            f"the file is {len(data) / 2**20:.0f} MB; the preview reads picture files of at most "
            f"{MAX_FILE_BYTES // 2**20} MB: save a smaller copy of the picture first")
    notes: list[str] = []
    bad = ("the file is not a picture that could be read (PNG, JPEG, GIF, BMP, TIFF, WebP, ...)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as pil:
                width, height = pil.size
                if width * height > MAX_PIXELS:
                    raise AugmentError(
                        f"the picture is {width}x{height} = {width * height / 1e6:.0f} "
                        f"megapixels; the preview reads pictures of at most "
                        f"{MAX_PIXELS / 1e6:.0f} megapixels: save a smaller copy first")
                if getattr(pil, "n_frames", 1) > 1:
                    notes.append(f"the file holds {pil.n_frames} pictures: the first one is used")
                side = _target_side(size)
                if pil.format == "JPEG":
                    pil.draft(pil.mode if pil.mode in ("RGB", "L") else None, (side, side))
                pil.load()
                pil = _plain_mode(pil, notes)
                k = max(1, min(pil.size) // side) if size else max(1, -(-max(pil.size) // side))
                if k > 1:
                    reduced = (max(1, pil.size[0] // k), max(1, pil.size[1] // k))
                    pil = pil.resize(reduced, Image.Resampling.BOX)
                if pil.size != (width, height):  # by the JPEG draft, the reduction, or both
                    notes.append(f"a {width}x{height} picture: reduced to {pil.size[0]}x"
                                 f"{pil.size[1]} before use")
                mode = pil.mode
                arr = np.asarray(pil)
    except AugmentError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise AugmentError(f"the picture is too large to decode safely: {_clean(e)}") from None
    except UnidentifiedImageError:
        raise AugmentError(f"{bad}; its first bytes are {data[:8]!r}") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as e:
        raise AugmentError(f"{bad}: its data is damaged or incomplete ({_clean(e)})") from None
    arr = _scaled_to_255(arr, mode, notes)
    if mode in ("LA", "La"):
        arr = arr[..., :1]
        notes.append("the alpha (transparency) channel was dropped")
    batch, more = as_image_batch(arr)
    notes += more
    if size:
        batch = np.stack([fit_to_square(batch[0], size)])
        notes.append(f"centre-cropped and resized to {size}x{size}")
    return batch, notes
