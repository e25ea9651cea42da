"""Offline data sets for the course: real data that ships inside installed packages.

>>> from kerasnb import data
>>> digits = data.load("digits")
>>> digits.x_train.shape, digits.x_train.dtype.name, digits.y_train.shape
((1078, 8, 8, 1), 'float32', (1078,))

Nothing here touches the network: every set is read from files installed with
scikit-learn, statsmodels or wordfreq. Splits are fixed and seeded, so a notebook gets the
same train / validation / test rows on every run and every machine.

| name            | source                                   | x                          | y                  |
|-----------------|------------------------------------------|----------------------------|--------------------|
| ``digits``      | scikit-learn ``load_digits``             | float32 (n, 8, 8, 1) 0..1  | int64 0..9         |
| ``breast_cancer``| scikit-learn ``load_breast_cancer``     | float32 (n, 30) standardised | int64 0/1        |
| ``diabetes``    | scikit-learn ``load_diabetes``           | float32 (n, 10)            | float32            |
| ``words``       | wordfreq word lists, 5 languages         | str (n,)                   | int64 0..4         |
| ``photos``      | scikit-learn ``load_sample_images``      | uint8 (2, 427, 640, 3)     | -                  |
| ``co2``         | statsmodels Mauna Loa CO2, monthly       | DataFrame ``co2``, ``split`` | -                |
| ``sunspots``    | statsmodels yearly sunspot numbers       | DataFrame ``sunspots``, ``split`` | -           |
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kerasnb.errors import KerasnbError
from kerasnb.series import _co2, _sunspots

__all__ = ["DataOptionError", "Splits", "UnknownDatasetError", "available", "describe",
           "load", "pictures"]

SEED = 0
"""The seed of every split: change it only if you want other rows in each split."""


class UnknownDatasetError(KerasnbError):
    """Raised by :func:`load` for a name it does not have (the message lists the names it has)."""


class DataOptionError(KerasnbError, TypeError):
    """An option of :func:`load` or :func:`pictures` that is unknown or out of its range.

    Also a ``TypeError`` (what Python raises for an unknown keyword) and a ``ValueError``.

    >>> load("words", per_language=0)
    Traceback (most recent call last):
    ...
    kerasnb.data.DataOptionError: load('words'): per_language is out of range (received: 0; expected: a whole number from 5 to 2000)
    """


@dataclass(frozen=True)
class Splits:
    """Arrays of one data set, split into train, validation and test parts.

    >>> s = load("diabetes")
    >>> x, y = s.train
    >>> x.shape == s.x_train.shape and len(s) == len(s.y_train) + len(s.y_val) + len(s.y_test)
    True
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    description: str
    class_names: list[str] = field(default_factory=list)

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x_train, self.y_train

    @property
    def val(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x_val, self.y_val

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x_test, self.y_test

    def __len__(self) -> int:
        return len(self.y_train) + len(self.y_val) + len(self.y_test)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{n}={getattr(self, 'x_' + n).shape}/{getattr(self, 'x_' + n).dtype}"
            for n in ("train", "val", "test")
        )
        return f"Splits({parts}; {self.description.splitlines()[0]})"


def _split_60_20_20(x: np.ndarray, y: np.ndarray, stratify: bool) -> tuple[np.ndarray, ...]:
    from sklearn.model_selection import train_test_split

    x_train, x_rest, y_train, y_rest = train_test_split(
        x, y, test_size=0.4, random_state=SEED, stratify=y if stratify else None
    )
    x_val, x_test, y_val, y_test = train_test_split(
        x_rest, y_rest, test_size=0.5, random_state=SEED, stratify=y_rest if stratify else None
    )
    return x_train, y_train, x_val, y_val, x_test, y_test


def _digits(flat: bool = False) -> Splits:
    """Handwritten digits 0-9, 8x8 grey images (scikit-learn), scaled to [0, 1].

    x: float32 (n, 8, 8, 1), or (n, 64) with ``flat=True``; y: int64 in 0..9.
    1797 images, split 1078 / 359 / 360 (stratified).
    """
    from sklearn.datasets import load_digits

    raw = load_digits()
    x = (raw.images / 16.0).astype("float32")
    x = x.reshape(len(x), 64) if flat else x[..., np.newaxis]
    y = raw.target.astype("int64")
    parts = _split_60_20_20(x, y, stratify=True)
    return Splits(*parts, description=_doc(_digits), class_names=[str(i) for i in range(10)])


def _breast_cancer() -> Splits:
    """Breast cancer diagnosis, 30 measurements per tumour (scikit-learn, Wisconsin data set).

    x: float32 (n, 30), standardised with the mean and std of the training rows;
    y: int64, 1 = benign, 0 = malignant. 569 rows, split 341 / 114 / 114 (stratified).
    """
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    x_tr, y_tr, x_va, y_va, x_te, y_te = _split_60_20_20(
        raw.data.astype("float32"), raw.target.astype("int64"), stratify=True
    )
    mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
    x_tr, x_va, x_te = ((a - mean) / std for a in (x_tr, x_va, x_te))
    return Splits(
        x_tr,
        y_tr,
        x_va,
        y_va,
        x_te,
        y_te,
        description=_doc(_breast_cancer),
        class_names=list(raw.target_names),
    )


def _diabetes() -> Splits:
    """Diabetes progression one year after baseline, 10 measurements (scikit-learn).

    x: float32 (n, 10), already centred and scaled by scikit-learn; y: float32, a disease
    progression score between 25 and 346. 442 rows, split 265 / 88 / 89.
    """
    from sklearn.datasets import load_diabetes

    raw = load_diabetes()
    parts = _split_60_20_20(raw.data.astype("float32"), raw.target.astype("float32"), False)
    return Splits(*parts, description=_doc(_diabetes))


WORD_LANGUAGES = ["en", "de", "fr", "es", "it"]
WORDS_MIN = 5


def _words(per_language: int = 2000) -> Splits:
    """Real words of five languages (en, de, fr, es, it) from the wordfreq package's lists.

    The most frequent words of each language, lower case, letters only, 3 to 14 letters; a word
    found in the lists of two languages is dropped (it cannot be told apart). x: str (n,);
    y: int64 index into ``class_names``. ``per_language`` words each (at most 2000), split
    60 / 20 / 20 (stratified).
    """
    import wordfreq

    if isinstance(per_language, bool) or not isinstance(per_language, int | np.integer) or not (
            WORDS_MIN <= per_language <= 2000):
        # below 5 words a language, the stratified 60/20/20 split has no row for some part
        raise DataOptionError("load('words'): per_language is out of range",
                              received=repr(per_language),
                              expected=f"a whole number from {WORDS_MIN} to 2000")
    lists = {
        lang: [w for w in wordfreq.top_n_list(lang, 6000) if w.isalpha() and 3 <= len(w) <= 14]
        for lang in WORD_LANGUAGES
    }
    seen: dict[str, int] = {}
    for words in lists.values():
        for w in set(words):
            seen[w] = seen.get(w, 0) + 1
    xs: list[str] = []
    ys: list[int] = []
    for label, lang in enumerate(WORD_LANGUAGES):
        unique = [w for w in lists[lang] if seen[w] == 1][:per_language]
        xs += unique
        ys += [label] * len(unique)
    parts = _split_60_20_20(np.array(xs), np.array(ys, dtype="int64"), stratify=True)
    return Splits(*parts, description=_doc(_words), class_names=list(WORD_LANGUAGES))


def _photos(size: tuple[int, int] | None = None) -> np.ndarray:
    """scikit-learn's two sample photographs ("china", "flower"), uint8 RGB.

    Returns uint8 (2, 427, 640, 3), or (2, h, w, 3) with ``size=(h, w)`` (resized with
    Pillow's bilinear filter).
    """
    images = np.stack(_sample_photos())
    if size is None:
        return images
    h, w = _check_size(size)
    from PIL import Image

    return np.stack(
        [np.asarray(Image.fromarray(im).resize((w, h), Image.BILINEAR)) for im in images]
    )


PHOTO_NAMES = ["china", "flower"]


def _sample_photos() -> list[np.ndarray]:
    """scikit-learn's sample photographs as ``load_sample_images()`` reads them (Pillow, RGB).

    The files are read where scikit-learn installs them, without importing
    ``sklearn.datasets``: that import is most of the wait before a first augmentation preview.
    Should the files ever move, scikit-learn's own loader is used.
    """
    import importlib.util
    from pathlib import Path

    found = importlib.util.find_spec("sklearn")
    roots = list(found.submodule_search_locations or []) if found else []
    files = [Path(root, "datasets", "images", f"{name}.jpg") for root in roots[:1]
             for name in PHOTO_NAMES]
    if files and all(f.is_file() for f in files):
        from PIL import Image

        photos = []
        for f in files:
            with Image.open(f) as image:
                photos.append(np.asarray(image.convert("RGB")))
        return photos
    from sklearn.datasets import load_sample_images

    return list(load_sample_images().images)


def _check_size(size: Any) -> tuple[int, int]:
    ok = (
        isinstance(size, tuple | list)
        and len(size) == 2
        and all(isinstance(v, int | np.integer) and v > 0 for v in size)
    )
    if not ok or not all(v <= PICTURE_MAX for v in size):
        raise DataOptionError("size must be a pair of whole numbers (height, width)",
                              received=repr(size),
                              expected=f"each from 1 to {PICTURE_MAX}, e.g. (128, 128)")
    return int(size[0]), int(size[1])


PICTURE_MAX = 4096
"""The largest side :func:`pictures` and ``load("photos", size=...)`` make (64 MiB as float32)."""


def pictures(name: str = "photos", size: int = 128, count: int | None = None) -> np.ndarray:
    """The bundled pictures as one float32 batch (n, h, w, 3) with values 0-255.

    ``"photos"``: scikit-learn's two sample photographs, centre-cropped to a square and
    resized to ``size`` x ``size``. ``"digits"``: the first ``count`` (default 9) 8x8
    training digits, scaled to 0-255 and repeated to RGB (``size`` is not used). This is the
    one loader of pictures; the augmentation preview uses it too.

    >>> pictures("photos", size=32).shape, pictures("digits", count=3).shape
    ((2, 32, 32, 3), (3, 8, 8, 3))
    >>> float(pictures("digits", count=1).max())
    255.0
    """
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or not (
            1 <= size <= PICTURE_MAX):
        raise DataOptionError("pictures(): size is out of range", received=repr(size),
                              expected=f"a whole number from 1 to {PICTURE_MAX}")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int | np.integer)
                              or count < 1):
        raise DataOptionError("pictures(): count must be a positive whole number or None",
                              received=repr(count), expected="1, 2, 3, ... or None")
    if not isinstance(name, str) or name not in ("photos", "digits"):
        raise UnknownDatasetError(f"pictures(): name must be 'photos' or 'digits', not "
                                  f"{name!r:.60}", received=f"{name!r:.60}",
                                  expected="'photos' or 'digits'")
    if name == "photos":
        from PIL import Image

        out = []
        for photo in _photos():
            h, w = photo.shape[:2]
            side = min(h, w)
            top, left = (h - side) // 2, (w - side) // 2
            crop = Image.fromarray(photo[top:top + side, left:left + side])
            out.append(np.asarray(crop.resize((size, size), Image.Resampling.BILINEAR),
                                  dtype="float32"))
        batch = np.stack(out)
        return batch[:count] if count else batch
    if name == "digits":
        x = _digits().x_train[: count or 9] * 255.0
        return np.repeat(x, 3, axis=-1).astype("float32")
    raise AssertionError(name)  # pragma: no cover - checked above


def _doc(fn: Callable[..., Any]) -> str:
    return inspect.cleandoc(fn.__doc__ or "")


_LOADERS: dict[str, Callable[..., Any]] = {
    "digits": _digits,
    "breast_cancer": _breast_cancer,
    "diabetes": _diabetes,
    "words": _words,
    "photos": _photos,
    "co2": _co2,
    "sunspots": _sunspots,
}


def available() -> list[str]:
    """The names :func:`load` accepts.

    >>> available()
    ['breast_cancer', 'co2', 'diabetes', 'digits', 'photos', 'sunspots', 'words']
    """
    return sorted(_LOADERS)


def describe(name: str) -> str:
    """What a data set holds, its shapes and dtypes, and where it comes from.

    >>> print(describe("co2").splitlines()[0])
    Atmospheric CO2 at Mauna Loa (ppm), monthly means 1958-03 to 2001-12 (statsmodels).
    """
    return _doc(_loader(name))


def _loader(name: str) -> Callable[..., Any]:
    if not isinstance(name, str) or name not in _LOADERS:
        raise UnknownDatasetError(
            f"kerasnb.data has no data set called {name!r}. "
            f"Available: {', '.join(available())}. "
            "Each one ships inside an installed package, so loading needs no network."
        )
    return _LOADERS[name]


def load(name: str, **options: Any) -> Any:
    """Load an offline data set by name (see :func:`available` and :func:`describe`).

    >>> load("photos", size=(64, 96)).shape
    (2, 64, 96, 3)
    >>> int((load("co2")["split"] == "train").sum())
    368

    Each name always returns the same kind of thing: :class:`Splits` for the labelled sets
    (``digits``, ``breast_cancer``, ``diabetes``, ``words``), a uint8 array
    (2, h, w, 3) for ``photos`` and a pandas DataFrame with a ``split`` column for the series
    (``co2``, ``sunspots``). Unknown names raise :class:`UnknownDatasetError`; unknown or
    out-of-range options raise :class:`DataOptionError` naming the option (both are
    :class:`kerasnb.errors.KerasnbError`).
    """
    loader = _loader(name)
    accepted = list(inspect.signature(loader).parameters)
    unknown = sorted(map(str, set(options) - set(accepted)))
    if unknown:
        raise DataOptionError(f"load({name!r}) got unknown option(s) {', '.join(unknown)}",
                              received=", ".join(unknown),
                              expected=", ".join(accepted) if accepted else "no options")
    if "flat" in options and not isinstance(options["flat"], bool):
        raise DataOptionError(f"load({name!r}): flat must be True or False",
                              received=repr(options["flat"]), expected="True or False")
    try:
        return loader(**options)
    except KerasnbError:
        raise
    except (ValueError, TypeError) as exc:  # an option the library underneath refused
        raise DataOptionError(f"load({name!r}) could not use the options {options}: {exc}",
                              received=repr(options), expected=f"see describe({name!r})"
                              ) from None
