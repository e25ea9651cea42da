"""Python code for an augmentation, old API or new, that reproduces the preview exactly.

>>> from kerasnb.augment import AugmentSpec
>>> from kerasnb.augment.codegen import augmentation_code
>>> print(augmentation_code(AugmentSpec.image_data_generator(rotation_range=40), n=4, seed=1))
import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator  # Keras 2 API (legacy)
<BLANKLINE>
# images: your pictures, float32 array (n, height, width, 3) with values 0-255
datagen = ImageDataGenerator(rotation_range=40)
batch = images[np.arange(4) % len(images)].astype("float32")
augmented = next(datagen.flow(batch, batch_size=4, shuffle=False, seed=1))

The code defines ``augmented``: run in a fresh namespace that holds ``images`` (or with
``images_code`` that creates it), it gives exactly the pictures the preview showed for that seed.
"""

from __future__ import annotations

from typing import Any

from kerasnb.augment.apply import FIT_PARAMS, layer_seed
from kerasnb.augment.catalogue import LAYERS
from kerasnb.augment.spec import IDG_FORM, AugmentSpec

IMAGES_COMMENT = "# images: your pictures, float32 array (n, height, width, 3) with values 0-255"
_NICE = {1 / 255: "1 / 255", 1 / 127.5: "1 / 127.5", -1 / 255: "-1 / 255"}


def literal(value: Any) -> str:
    """Exact Python text for a JSON value (floats round-trip; 1/255 is written as such).

    >>> literal(1 / 255), literal([0.5, 1.5]), literal("nearest")
    ('1 / 255', '[0.5, 1.5]', "'nearest'")
    """
    if isinstance(value, float) and value in _NICE:
        return _NICE[value]
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return repr(value)


def _call(name: str, kwargs: dict[str, Any]) -> str:
    return f"{name}(" + ", ".join(f"{k}={literal(v)}" for k, v in kwargs.items()) + ")"


def augmentation_code(
    spec: AugmentSpec, n: int = 9, seed: int = 0, images_code: str | None = None
) -> str:
    """The code for ``spec`` (its own form); ``images_code`` creates ``images`` if given.

    >>> code = augmentation_code(AugmentSpec.preprocessing_layers(("RandomRotation",
    ...     {"factor": 0.1})), n=2, seed=3)
    >>> "keras.layers.RandomRotation(factor=0.1, seed=300)" in code
    True
    """
    spec.validate()
    source = images_code.rstrip() if images_code else IMAGES_COMMENT
    if spec.form == IDG_FORM:
        return _idg_code(spec, n, seed, source)
    return _layers_code(spec, n, seed, source)


def _idg_code(spec: AugmentSpec, n: int, seed: int, source: str) -> str:
    channels_first = spec.params.get("data_format") == "channels_first"
    lines = [
        "import numpy as np",
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator"
        "  # Keras 2 API (legacy)",
        "",
        source,
        f"datagen = {_call('ImageDataGenerator', spec.params)}",
        f'batch = images[np.arange({n}) % len(images)].astype("float32")',
    ]
    fit_arg = "images"
    if channels_first:
        lines.append("batch = batch.transpose(0, 3, 1, 2)  # channels_first: (n, c, h, w)")
        fit_arg = "images.transpose(0, 3, 1, 2)"
    if any(spec.params.get(k) for k in FIT_PARAMS):
        lines.append(f'datagen.fit({fit_arg}.astype("float32"))'
                     "  # learns the mean / std / ZCA matrix")
    lines.append(f"augmented = next(datagen.flow(batch, batch_size={n}, shuffle=False, "
                 f"seed={seed}))")
    if channels_first:
        lines.append("augmented = augmented.transpose(0, 2, 3, 1)  # back to (n, h, w, c)")
    return "\n".join(lines)


def _layers_code(spec: AugmentSpec, n: int, seed: int, source: str) -> str:
    lines = ["import keras", "import numpy as np", "", source]
    items = []
    for i, item in enumerate(spec.layers):
        name = item["class_name"]
        entry = LAYERS[name]
        kwargs = dict(item.get("config", {}))
        if entry.seeded:
            kwargs["seed"] = layer_seed(seed, i)
        call = _call(f"keras.layers.{name}", kwargs)
        if entry.needs_adapt:
            var = f"normalization_{i}"
            lines.append(f"{var} = {call}")
            lines.append(f'{var}.adapt(images.astype("float32"))  # learns mean and variance')
            items.append(var)
        else:
            items.append(call)
    lines.append("augment = keras.Sequential([")
    lines += [f"    {it}," for it in items]
    lines.append("])")
    lines.append(f'batch = images[np.arange({n}) % len(images)].astype("float32")')
    lines.append("augmented = keras.ops.convert_to_numpy(augment(batch, training=True))")
    return "\n".join(lines)
