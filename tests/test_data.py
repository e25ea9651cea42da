"""The offline data sets: shapes, dtypes, fixed splits, clear errors, no network."""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest

from kerasnb import data


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("kerasnb.data must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(
    ("name", "x_shape", "x_dtype", "y_dtype", "n"),
    [
        ("digits", (8, 8, 1), "float32", "int64", 1797),
        ("breast_cancer", (30,), "float32", "int64", 569),
        ("diabetes", (10,), "float32", "float32", 442),
        ("words", (), "<U14", "int64", 10000),
    ],
)
def test_labelled_sets(name: str, x_shape: tuple, x_dtype: str, y_dtype: str, n: int) -> None:
    s = data.load(name)
    assert len(s) == n
    for x, y in (s.train, s.val, s.test):
        assert x.shape[1:] == x_shape and x.dtype == np.dtype(x_dtype)
        assert y.dtype == np.dtype(y_dtype) and len(x) == len(y)
    assert abs(len(s.y_train) / n - 0.6) < 0.01 and abs(len(s.y_test) / n - 0.2) < 0.01
    assert s.description


def test_splits_are_fixed_and_disjoint() -> None:
    a, b = data.load("digits", flat=True), data.load("digits", flat=True)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    rows = {r.tobytes() for r in a.x_test}
    assert not rows & {r.tobytes() for r in a.x_train[:300]} - {r.tobytes() for r in a.x_val}


def test_digits_are_scaled_and_stratified() -> None:
    s = data.load("digits")
    assert 0.0 <= s.x_train.min() and s.x_train.max() <= 1.0
    assert set(np.unique(s.y_test)) == set(range(10))
    assert data.load("digits", flat=True).x_train.shape == (1078, 64)


def test_breast_cancer_is_standardised_on_training_rows() -> None:
    s = data.load("breast_cancer")
    np.testing.assert_allclose(s.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(s.x_train.std(axis=0), 1, atol=1e-4)
    assert s.class_names == ["malignant", "benign"]


def test_words_are_real_unambiguous_words() -> None:
    s = data.load("words")
    assert s.class_names == ["en", "de", "fr", "es", "it"]
    english = set(s.x_train[s.y_train == 0])
    assert {"the", "and"} & english or "with" in english or len(english) > 1000
    everything = np.concatenate([s.x_train, s.x_val, s.x_test])
    assert len(set(everything)) == len(everything), "a word must belong to one language only"
    assert all(w.isalpha() and w == w.lower() for w in everything[:500])
    assert len(data.load("words", per_language=100)) == 500


def test_photos() -> None:
    photos = data.load("photos")
    assert photos.shape == (2, 427, 640, 3) and photos.dtype == np.uint8
    small = data.load("photos", size=(32, 48))
    assert small.shape == (2, 32, 48, 3) and small.dtype == np.uint8
    with pytest.raises(data.DataOptionError, match="pair of whole numbers"):
        data.load("photos", size=(0, 10))


@pytest.mark.parametrize(
    ("name", "column", "n"), [("co2", "co2", 526), ("sunspots", "sunspots", 309)]
)
def test_series(name: str, column: str, n: int) -> None:
    df = data.load(name)
    assert isinstance(df, pd.DataFrame) and list(df.columns) == [column, "split"]
    assert len(df) == n and not df[column].isna().any()
    assert df.index.is_monotonic_increasing
    order = df["split"].map({"train": 0, "val": 1, "test": 2})
    assert order.is_monotonic_increasing, "series splits are chronological"


def test_co2_is_monthly_without_gaps() -> None:
    df = data.load("co2")
    assert (df.index.to_series().diff().dropna().dt.days.between(28, 31)).all()
    assert 310 < df["co2"].iloc[0] < 320 and df["co2"].iloc[-1] > 365


def test_unknown_name_lists_what_exists() -> None:
    with pytest.raises(data.UnknownDatasetError) as info:
        data.load("nope")
    message = str(info.value)
    assert "'nope'" in message and all(name in message for name in data.available())


def test_unknown_option_names_the_accepted_ones() -> None:
    with pytest.raises(TypeError, match=r"flatten.*expected: flat"):
        data.load("digits", flatten=True)


def test_describe_matches_load() -> None:
    assert data.describe("digits") == data.load("digits").description


def test_photos_are_the_pictures_scikit_learn_loads() -> None:
    # read from scikit-learn's files directly (a faster first preview): the same pixels
    from sklearn.datasets import load_sample_images

    ours = data.load("photos")
    theirs = np.stack(load_sample_images().images)
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
