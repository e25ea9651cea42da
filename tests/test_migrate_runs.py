"""Rewritten Keras 2 code runs on Keras 3 (tiny data), and `decay` keeps its Keras 2 formula.

The Keras 2 scripts below use the idioms whose rules have a rewrite; each script fails on
Keras 3 as written, and runs after `rewrite_keras2`. They share one process and tiny models,
so the TensorFlow work stays small.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from kerasnb.migrate import check_keras2, rewrite_keras2  # noqa: E402
from kerasnb.migrate.trial import run_keras2  # noqa: E402

SEQUENTIAL_SCRIPT = '''
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Dropout
from keras.layers.advanced_activations import LeakyReLU
from keras.utils.np_utils import to_categorical
from keras.optimizers import SGD, Adagrad
from keras.callbacks import ModelCheckpoint, EarlyStopping
from keras.utils import Sequence
from keras import backend as K

rng = np.random.default_rng(0)
x = rng.normal(size=(48, 6)).astype("float32")
y = to_categorical((x[:, 0] > 0).astype("int64"), num_classes=2)


class Batches(Sequence):
    def __init__(self, x, y, batch_size=16):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]


def mean_pred(y_true, y_pred):
    return K.mean(y_pred)  # custom metric, Keras 2 backend style


model = Sequential()
model.add(Dense(output_dim=8, input_dim=6, init='uniform'))
model.add(LeakyReLU(alpha=0.1))
model.add(Dropout(0.1))
model.add(Dense(2, activation='softmax'))
sgd = SGD(lr=0.05,
          decay=1e-3,   # per-iteration decay
          momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy', mean_pred])
checkpoint = ModelCheckpoint(workdir + '/w.{epoch:02d}-{val_acc:.2f}.hdf5', monitor='val_acc',
                             period=1)
stop = EarlyStopping(monitor='val_acc', patience=2)
history = model.fit_generator(Batches(x, y), steps_per_epoch=3, nb_epoch=2,
                              validation_data=Batches(x, y), validation_steps=1,
                              callbacks=[checkpoint, stop], workers=1, verbose=0)
best = max(history.history['val_acc'])
scores = model.evaluate_generator(Batches(x, y), steps=2, verbose=0)
proba = model.predict_proba(x[:4], verbose=0)
first_input = model.layers[0].input_shape
model.save_weights(workdir + '/weights.h5')
model.load_weights(workdir + '/weights.h5')
joined = K.concatenate([K.flatten(x[:2]), K.flatten(x[:2])])
width = K.int_shape(x)
ada = Adagrad()
'''

FUNCTIONAL_SCRIPT = '''
import numpy as np
from keras.layers import Input, Dense, Embedding, Flatten, BatchNormalization
from keras.models import Model
from keras.callbacks import ReduceLROnPlateau
from keras.optimizers import Adam

tokens = np.random.default_rng(1).integers(0, 20, size=(32, 5))
inp = Input(shape=(5,))
h = Embedding(20, 4, input_length=5)(inp)
h = BatchNormalization(mode=0)(Flatten()(h))
a = Dense(1, name='a')(h)
b = Dense(1, name='b')(h)
model = Model(input=inp, output=[a, b])
model.compile(optimizer=Adam(lr=0.01, epsilon=None),
              loss={'a': 'mse', 'b': 'mae'},
              metrics=['mae'], sample_weight_mode=None)
reduce = ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=1, epsilon=0.5)
history = model.fit(tokens, {'a': tokens[:, :1] / 20.0, 'b': tokens[:, 1:2] / 20.0},
                    validation_split=0.25, nb_epoch=2, callbacks=[reduce], verbose=0)
learning_rates = history.history['lr']
model.save(workdir + '/m.h5', save_format='h5')
'''


def _run(source: str, workdir: str) -> dict:
    namespace = {"workdir": workdir}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, "<rewritten>", "exec"), namespace)  # noqa: S102
    return namespace


def _rewrite_and_run(script: str, workdir: str) -> dict:
    assert not run_keras2(script, {"workdir": workdir}).ok  # fails on Keras 3 as written
    result = rewrite_keras2(script)
    assert result.applied
    left = [f for f in result.remaining if f.severity != "deprecated"]
    assert left == [], [str(f) for f in left]
    namespace = _run(result.source, workdir)
    assert namespace["history"].history  # it trained
    return namespace


def test_rewritten_sequential_script_runs_on_keras3(tmp_path) -> None:
    namespace = _rewrite_and_run(SEQUENTIAL_SCRIPT, str(tmp_path))
    assert 0.0 <= namespace["best"] <= 1.0
    assert namespace["proba"].shape == (4, 2)
    assert namespace["first_input"] == (None, 6)
    assert namespace["width"] == (48, 6)
    assert tuple(namespace["joined"].shape) == (24,)
    assert float(namespace["ada"].learning_rate) == pytest.approx(0.01)  # Keras 2 default
    assert sorted(p.name for p in tmp_path.glob("*.keras"))  # checkpoints written
    assert (tmp_path / "weights.weights.h5").exists()


def test_rewritten_functional_script_runs_on_keras3(tmp_path) -> None:
    namespace = _rewrite_and_run(FUNCTIONAL_SCRIPT, str(tmp_path))
    assert abs(namespace["reduce"].min_delta) == 0.5  # epsilon now reaches min_delta
    assert len(namespace["learning_rates"]) == 2
    assert (tmp_path / "m.h5").exists()


@pytest.mark.parametrize("decay", [1e-2, 1e-6])
def test_decay_rewrite_matches_keras2_formula(decay: float) -> None:
    import keras

    source = f"import keras\nopt = keras.optimizers.SGD(lr=0.1, decay={decay}, momentum=0.9)"
    namespace: dict = {}
    exec(rewrite_keras2(source).source, namespace)  # noqa: S102
    opt = namespace["opt"]
    schedule = opt._learning_rate  # the InverseTimeDecay the rewrite built
    for iterations in (0, 1, 1000, 10**6):
        keras2 = 0.1 / (1.0 + decay * iterations)  # Keras 2: lr / (1 + decay * iterations)
        assert float(schedule(iterations)) == pytest.approx(keras2, rel=1e-6)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer=opt, loss="mse")
    model.fit(np.ones((16, 2)), np.ones((16, 1)), batch_size=2, epochs=1, verbose=0)
    assert int(opt.iterations) == 8
    assert float(opt.learning_rate) == pytest.approx(0.1 / (1 + decay * 8), rel=1e-6)


def test_keras2_decay_is_ignored_as_written() -> None:
    outcome = run_keras2("import keras\nopt = keras.optimizers.SGD(learning_rate=0.1, decay=0.5)")
    assert outcome.ok
    assert any("decay" in w for w in outcome.warnings)
    assert [f.code for f in check_keras2("opt = SGD(learning_rate=0.1, decay=0.5)")] == ["K2402"]
