"""Whatever a learner types, the answer is a valid spec or an AugmentError, never a bare traceback."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasnb.augment import AugmentError, AugmentSpec, as_image_batch
from kerasnb.augment.catalogue import IDG_PARAMS, LAYERS

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=True)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(IDG_PARAMS) + ["bogus"]), value=json_values)
def test_any_idg_value_is_accepted_or_explained(name, value):
    try:
        spec = AugmentSpec.image_data_generator(**{name: value})
    except AugmentError as e:
        assert name in str(e)
    else:
        assert AugmentSpec.from_json(spec.to_json()) == spec


@settings(max_examples=300, deadline=None)
@given(layer=st.sampled_from(sorted(LAYERS)), key=st.text(max_size=12) | st.sampled_from(
    sorted({k for e in LAYERS.values() for k in e.params})), value=json_values)
def test_any_layer_config_is_accepted_or_explained(layer, key, value):
    try:
        spec = AugmentSpec.preprocessing_layers((layer, {key: value}))
    except AugmentError as e:
        assert layer in str(e)
    else:
        assert AugmentSpec.from_json(spec.to_json()) == spec


@settings(max_examples=150, deadline=None)
@given(shape=st.lists(st.integers(0, 9), min_size=0, max_size=5),
       dtype=st.sampled_from(["uint8", "float32", "int64", "bool"]))
def test_any_array_is_a_picture_batch_or_explained(shape, dtype):
    array = np.ones(shape, dtype=dtype)
    try:
        batch, _ = as_image_batch(array)
    except AugmentError as e:
        assert str(e)
    else:
        assert batch.ndim == 4 and batch.shape[-1] == 3 and batch.dtype == np.float32
        assert 0 <= batch.min() and batch.max() <= 255
