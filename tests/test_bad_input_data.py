"""Bad options to kerasnb.data: each raises the package's own error naming the option."""

from __future__ import annotations

import numpy as np
import pytest

from kerasnb import data
from kerasnb.errors import KerasnbError


@pytest.mark.parametrize(
    ("name", "options", "word"),
    [
        ("words", {"per_language": 0}, "per_language"),
        ("words", {"per_language": 1}, "per_language"),  # inside 1..2000, but sklearn fails
        ("words", {"per_language": 2001}, "per_language"),
        ("words", {"per_language": 2.5}, "per_language"),
        ("words", {"per_language": True}, "per_language"),
        ("photos", {"size": (0, 10)}, "size"),
        ("photos", {"size": (10**6, 10)}, "size"),
        ("photos", {"size": "big"}, "size"),
        ("digits", {"flat": "yes"}, "flat"),
        ("digits", {"flatten": True}, "flatten"),
        ("co2", {"train": 0.5}, "train"),
    ],
)
def test_bad_option_is_named(name: str, options: dict, word: str) -> None:
    with pytest.raises(data.DataOptionError) as info:
        data.load(name, **options)
    assert isinstance(info.value, KerasnbError)
    assert word in str(info.value)


def test_smallest_documented_words_option_works() -> None:
    splits = data.load("words", per_language=data.WORDS_MIN)
    assert len(splits) == 5 * data.WORDS_MIN and len(splits.y_test) >= 1


@pytest.mark.parametrize("name", [None, 3, "", "Digits", ["digits"]])
def test_unknown_names(name: object) -> None:
    with pytest.raises(data.UnknownDatasetError):
        data.load(name)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [({"size": 0}, "size"), ({"size": 10**5}, "size"), ({"count": 0}, "count"),
     ({"count": "3"}, "count"), ({"name": "cats"}, "cats")],
)
def test_pictures_bad_options(kwargs: dict, word: str) -> None:
    with pytest.raises(KerasnbError, match=word):
        data.pictures(**kwargs)


def test_pictures_are_one_predictable_kind() -> None:
    for name in ("photos", "digits"):
        batch = data.pictures(name, size=16, count=2)
        assert batch.dtype == np.float32 and batch.ndim == 4 and batch.shape[-1] == 3
        assert 0 <= batch.min() and batch.max() <= 255


def test_every_error_class_shares_the_base_and_is_listed() -> None:
    import kerasnb.errors as errors

    for name in errors.ERROR_CLASSES:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.KerasnbError), name
