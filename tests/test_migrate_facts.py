"""Facts N1-N11 of the rule catalogue: each Keras 2 idiom, run on the installed Keras 3.

If Keras changes one of these behaviours, the rule's severity or text is wrong and this
test says which. Tiny models only; one process.
"""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from kerasnb.migrate import RULES, check_keras2, rewrite_keras2  # noqa: E402
from kerasnb.migrate.trial import run_keras2  # noqa: E402

# fact -> (rule, Keras 2 snippet, expected error class on Keras 3, or None for silent)
FACTS = {
    "N1": ("K2118", "from keras.losses import mse", "ImportError"),
    "N2": ("K2119", "from keras.layers import _Merge", "ImportError"),
    "N4": ("K2316", "import numpy as np\nm = keras.Sequential([keras.Input((2,)), "
                    "keras.layers.Dense(1)])\nm.compile(loss='mse')\n"
                    "ds = __import__('tensorflow').data.Dataset.from_tensor_slices("
                    "(np.ones((8, 2)), np.ones((8, 1)))).batch(3).repeat()\n"
                    "m.fit(ds, steps_per_epoch=8 / 3, epochs=1, verbose=0)", "TypeError"),
    "N5": ("K2317", "keras.layers.Dense(1).add_loss(1.0, inputs=True)", "TypeError"),
    "N6": ("K2318", "i = keras.Input((3,))\no = keras.layers.Dense(1)(i)\n"
                    "m = keras.Model(i, o)\nm.add_loss(keras.ops.mean(o))", "NotImplementedError"),
    "N7": ("K2409", "opt = keras.optimizers.adam(lr=0.001)", "AttributeError"),
    "N9": ("K2712", "keras.layers.LSTM(4, batch_size=1, stateful=True)", "ValueError"),
    "N10": ("K2713", "import warnings\nwarnings.simplefilter('ignore')\n"
                     "m = keras.Sequential()\n"
                     "m.add(keras.layers.Embedding(10, 4, input_length=5))\n"
                     "m.add(keras.layers.Flatten())\n"
                     "m.layers[0].set_weights([__import__('numpy').zeros((10, 4))])",
            "ValueError"),
}


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_idiom_fails_on_keras3_as_the_rule_says(fact: str) -> None:
    code, snippet, error = FACTS[fact]
    assert fact in RULES[code].fact.split(", ")
    assert code in [f.code for f in check_keras2(snippet)]
    outcome = run_keras2(snippet, {"keras": keras})
    assert outcome.error == error, str(outcome)
    assert RULES[code].severity == "error"


def test_n8_positional_optimizer_arguments_change_meaning() -> None:
    opt = keras.optimizers.SGD(0.1, 0.9, 1e-6, True)  # Keras 2: lr, momentum, decay, nesterov
    assert opt.nesterov == 1e-6 and opt.weight_decay is True  # runs, means something else
    fixed = rewrite_keras2("import keras\nopt = keras.optimizers.SGD(0.1, 0.9, 1e-6, True)")
    namespace: dict[str, object] = {}
    exec(fixed.source, namespace)  # noqa: S102 - our own rewritten snippet
    opt = namespace["opt"]
    assert opt.nesterov is True and opt.weight_decay is None  # type: ignore[attr-defined]
    assert RULES["K2410"].severity == "silent"


def test_n11_hard_sigmoid_has_another_slope_and_the_fix_keeps_keras2_numbers() -> None:
    x = np.array([-3.0, -1.0, 0.0, 1.0, 2.0, 3.0], "float32")
    keras2 = np.clip(0.2 * x + 0.5, 0.0, 1.0)  # Keras 2's hard_sigmoid
    keras3 = keras.ops.convert_to_numpy(keras.layers.Activation("hard_sigmoid")(x))
    assert not np.allclose(keras3, keras2)  # runs, other numbers
    assert np.allclose(keras3[3], 4 / 6)  # relu6(x + 3) / 6
    fixed = keras.layers.Activation(lambda t: keras.ops.clip(0.2 * t + 0.5, 0.0, 1.0))(x)
    assert np.allclose(keras.ops.convert_to_numpy(fixed), keras2)  # what K2714 says to write
    assert "N11" in RULES["K2714"].fact and RULES["K2714"].severity == "silent"
    assert [f.code for f in check_keras2("y = Activation('hard_sigmoid')(y)")] == ["K2714"]


def test_n3_trainable_after_compile_freezes_the_discriminator() -> None:
    """The GAN pattern: compiled, then frozen for the combined model; it never trains."""
    x = np.random.default_rng(0).random((8, 4)).astype("float32")
    y = np.ones((8, 1), "float32")
    d = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    d.compile(optimizer="sgd", loss="binary_crossentropy")
    d.trainable = False
    z = keras.Input((2,))
    combined = keras.Model(z, d(keras.layers.Dense(4)(z)))
    combined.compile(optimizer="sgd", loss="binary_crossentropy")
    before = d.get_weights()[0].copy()
    with pytest.warns(UserWarning, match="trainable weights"):
        d.train_on_batch(x, y)
    assert np.allclose(before, d.get_weights()[0])  # Keras 2 would have trained it
    assert RULES["K2315"].severity == "silent"


def test_n3_fix_text_works() -> None:
    """What K2315 says to write: trainable=True before d's own step, False before combined's."""
    x = np.random.default_rng(1).random((8, 4)).astype("float32")
    y = np.ones((8, 1), "float32")
    d = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    d.compile(optimizer="sgd", loss="binary_crossentropy")
    d.trainable = False
    z = keras.Input((2,))
    g = keras.layers.Dense(4)
    combined = keras.Model(z, d(g(z)))
    combined.compile(optimizer="sgd", loss="binary_crossentropy")
    for _ in range(2):
        d.trainable = True
        before = d.get_weights()[0].copy()
        d.train_on_batch(x, y)
        assert not np.allclose(before, d.get_weights()[0])
        d.trainable = False
        before = d.get_weights()[0].copy()
        combined.train_on_batch(x[:, :2], y)
        assert np.allclose(before, d.get_weights()[0])
