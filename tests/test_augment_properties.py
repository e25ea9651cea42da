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


# -- the preview widget: every control move is applied or explained, never an internal error ------
def _valid_layer_specs():
    from kerasnb.augment.edit import starting_config

    names = sorted(n for n in LAYERS if n not in ("Normalization",))
    return st.lists(st.sampled_from(names), min_size=1, max_size=4).map(
        lambda chosen: AugmentSpec.preprocessing_layers(*[(n, starting_config(n))
                                                          for n in chosen]))


@settings(max_examples=40, deadline=None)
@given(spec=_valid_layer_specs())
def test_any_valid_spec_converts_to_a_valid_spec_and_back(spec):
    from kerasnb.augment import convert_augmentation

    there = convert_augmentation(spec)  # never raises for a valid spec
    back = convert_augmentation(there.spec)
    assert back.spec.form == spec.form
    assert AugmentSpec.from_json(there.spec.to_json()) == there.spec


def _control_values(control):
    """A few values a learner can give this control: its ends, the middle, a random point."""
    import ipywidgets as w

    widget = control.widget
    if isinstance(widget, w.Checkbox):
        return [True, False]
    if isinstance(widget, w.Dropdown):
        return [v for _, v in widget.options] if widget.options and isinstance(
            widget.options[0], tuple) else list(widget.options)
    lo, hi = widget.min, widget.max
    if isinstance(widget, w.FloatRangeSlider):
        return [(lo, hi), (lo, lo), (hi, hi), (lo + (hi - lo) / 3, hi - (hi - lo) / 3)]
    return [lo, hi, (lo + hi) / 2 if isinstance(widget, w.FloatSlider) else (lo + hi) // 2]


def test_every_control_value_is_applied_or_explained_never_an_internal_error():
    from kerasnb.augment.edit import starting_config
    from kerasnb.augment.widget import AugmentationPreview

    p = AugmentationPreview(source="digits", n=2, size=16)
    tried = applied = 0
    for control in p.idg_params.values():
        for value in _control_values(control):
            before = p.spec
            control.widget.value = value
            tried += 1
            assert not p.internal_errors, p.internal_errors[-1]
            if "Not applied" in p.message.value:
                assert p.spec == before  # a refused value leaves the description as it was
            else:
                applied += 1
            if control.on is not None:
                control.on.value = not control.on.value
                assert not p.internal_errors, p.internal_errors[-1]
        p.set_spec(AugmentSpec.image_data_generator())
    names = sorted(n for n in LAYERS if n != "Normalization")
    for layer in names:
        p.set_spec(AugmentSpec.preprocessing_layers((layer, starting_config(layer))))
        for (_, pname), control in list(p.layer_params.items()):
            for value in _control_values(control):
                control = p.layer_params.get((0, pname), control)
                control.widget.value = value
                tried += 1
                assert not p.internal_errors, (layer, pname, value, p.internal_errors[-1])
                applied += "Not applied" not in p.message.value
    # a floor: if (nearly) everything were refused, this test would prove nothing
    assert applied >= 0.6 * tried, (applied, tried)
    # what was applied really ran through Keras: the grid shows the last accepted setting
    assert p.result is not None and p.result.images.shape[0] == 2
