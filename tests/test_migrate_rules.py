"""Every fact-table row that names a Keras 2 idiom is flagged with the right rule code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasnb.migrate import RULES, SEVERITIES, MigrateError, check_keras2, rewrite_keras2

ACC = "model.compile(loss='mse', optimizer='sgd', metrics=['accuracy'])\n"
# the classic Keras 2 GAN loop (as in many tutorials and GAN collections)
GAN_SCRIPT = """\
discriminator = build_discriminator()
discriminator.compile(loss='binary_crossentropy', optimizer=adam, metrics=['accuracy'])
generator = build_generator()
z = Input(shape=(100,))
discriminator.trainable = False
validity = discriminator(generator(z))
combined = Model(z, validity)
combined.compile(loss='binary_crossentropy', optimizer=adam)
for epoch in range(epochs):
    d_loss = discriminator.train_on_batch(imgs, valid)
    g_loss = combined.train_on_batch(noise, valid)
"""
GAN_CLASS = """\
class GAN():
    def __init__(self):
        self.discriminator = self.build_discriminator()
        self.discriminator.compile(loss='binary_crossentropy', optimizer=optimizer)
        self.generator = self.build_generator()
        z = Input(shape=(self.latent_dim,))
        img = self.generator(z)
        self.discriminator.trainable = False
        validity = self.discriminator(img)
        self.combined = Model(z, validity)
        self.combined.compile(loss='binary_crossentropy', optimizer=optimizer)
"""
EMBEDDING_UNBUILT = """\
model = Sequential()
model.add(Embedding(len(word_index) + 1, 100, input_length=MAX_LEN, trainable=False))
model.add(LSTM(64))
model.add(Dense(1, activation='sigmoid'))
model.layers[0].set_weights([embedding_matrix])
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(x, y)
"""

# (fact-table row, rule code, snippet)
FLAGGED = [
    ("A3", "K2101", "from keras.layers.core import Dense, Dropout"),
    ("A3", "K2101", "from keras.layers.convolutional import Conv2D"),
    ("A3", "K2101", "import keras\nx = keras.layers.core.Dense(3)"),
    ("A19", "K2101", "from keras.layers.advanced_activations import LeakyReLU"),
    ("A4", "K2102", "from keras.utils.np_utils import to_categorical"),
    ("A4", "K2102", "from keras.utils import np_utils"),
    ("A4", "K2102", "import keras\ny = keras.utils.np_utils.to_categorical(y, 10)"),
    ("A10", "K2103", "from keras.utils.vis_utils import plot_model"),
    ("A10", "K2103", "from keras.utils.data_utils import get_file"),
    ("A10", "K2103", "from keras.utils.generic_utils import get_custom_objects"),
    ("A11", "K2104", "from keras.engine.topology import Layer"),
    ("A11", "K2104", "from keras.engine import Layer"),
    ("A12", "K2105", "from keras.wrappers.scikit_learn import KerasClassifier"),
    ("A13", "K2106", "from keras.utils import multi_gpu_model"),
    ("A14", "K2107", "from keras.objectives import categorical_crossentropy"),
    ("A15", "K2108", "from keras.constraints import maxnorm\nc = maxnorm(3)"),
    ("A16", "K2109", "from keras.models import model_from_yaml"),
    ("A16", "K2109", "text = model.to_yaml()"),
    ("A17", "K2110", "from keras.layers import merge"),
    ("A17", "K2110", "from keras.layers import CuDNNLSTM"),
    ("A5", "K2111", "from keras.preprocessing.image import ImageDataGenerator"),
    ("A5", "K2111", "from keras.preprocessing import image\n"
                    "a = image.random_rotation(a, 3 * (w - x) / w + 1)"),
    ("A8", "K2112", "from keras.preprocessing.sequence import TimeseriesGenerator"),
    ("A9", "K2113", "from keras.preprocessing.text import Tokenizer"),
    ("0", "K2114", "from tensorflow.keras.preprocessing.image import ImageDataGenerator"),
    ("K4", "K2114", "from tensorflow.keras.preprocessing.text import Tokenizer"),
    ("A6", "K2115", "from keras.preprocessing.image import load_img, img_to_array"),
    ("A7", "K2115", "from keras.preprocessing.sequence import pad_sequences"),
    ("K1", "K2115",
     "import keras\nds = keras.preprocessing.timeseries_dataset_from_array(a, b, 3)"),
    ("K2", "K2115", "from keras.preprocessing import image_dataset_from_directory"),
    ("A20", "K2116", "import keras\nopt = keras.optimizers.legacy.SGD(learning_rate=0.1)"),
    ("A20", "K2116", "from tensorflow.keras.optimizers.legacy import Adam"),
    ("A19", "K2117", "from keras.layers import LeakyReLU\nact = LeakyReLU(alpha=0.1)"),
    ("B2", "K2201", "from keras import backend as K\ndef m(y, p):\n    return K.mean(p, axis=-1)"),
    ("B2", "K2201", "import keras.backend as K\nz = K.batch_dot(a, b)"),
    ("H14", "K2201", "from keras import backend as K\nf = Lambda(lambda x: K.mean(x, axis=1))"),
    ("B3", "K2202", "from keras import backend as K\nv = K.variable(1.0)"),
    ("B3", "K2202", "from keras import backend as K\nK.set_value(model.optimizer.lr, 0.01)"),
    ("B4", "K2203", "from keras import backend as K\nf = K.function([a], [b])"),
    ("B4", "K2203", "from keras import backend as K\nK.set_learning_phase(0)"),
    ("B5", "K2204", "import tensorflow.keras.backend as K\ndef m(y, p):\n    return K.mean(p)"),
    ("C1", "K2301", "model.fit_generator(datagen.flow(x, y, batch_size=32),\n"
                    "                    steps_per_epoch=len(x) // 32, epochs=3)"),
    ("C2", "K2301", "model.evaluate_generator(gen, steps=4)"),
    ("C2", "K2301", "model.predict_generator(gen, steps=4)"),
    ("C3", "K2302", "model.fit(seq, epochs=2,\n          workers=4)"),
    ("C3", "K2302", "model.fit(seq, use_multiprocessing=True)"),
    ("C3", "K2302", "model.predict(seq, max_queue_size=10)"),
    ("C4", "K2303", "model.fit(x, y,\n          nb_epoch=5)"),
    ("C4", "K2304", "model.fit_generator(gen, samples_per_epoch=2000, epochs=2)"),
    ("C4", "K2304", "model.fit_generator(gen, 5, validation_data=v, nb_val_samples=800)"),
    ("C4", "K2305", "model.fit_generator(gen, steps_per_epoch=5, max_q_size=10, nb_worker=1,\n"
                    "                    pickle_safe=False)"),
    ("C5", "K2306", "def gen():\n    while True:\n        yield x, y\nmodel.fit(gen(), epochs=2)"),
    ("C5", "K2306", "def gen():\n    while 1:\n        yield x, y\n"
                    "model.fit(gen(), steps_per_epoch=3, validation_data=gen())"),
    ("C6", "K2307", "classes = model.predict_classes(x)"),
    ("C7", "K2308", "p = model.predict_proba(x)"),
    ("C8", "K2309", "scores = dict(zip(model.metrics_names, model.evaluate(x, y)))"),
    ("C8", "K2309", "best = search.best_estimator_.model\nmetric_names = best.metrics_names\n"
                    "metric_values = best.evaluate(x_test, y_test)\n"
                    "for metric, value in zip(metric_names, metric_values):\n"
                    "    print(metric, ': ', value)"),
    ("N11", "K2714", "y = Activation('hard_sigmoid')(y)"),
    ("N11", "K2714", "model.add(LSTM(32, recurrent_activation='hard_sigmoid'))"),
    ("N11", "K2714", "gate = Dense(64, activation='hard_sigmoid')(x)"),
    ("C9", "K2310", "print(model.optimizer.lr)"),
    ("F12", "K2310", "class CB(Callback):\n    def on_epoch_end(self, e, logs=None):\n"
                     "        print(self.model.optimizer.lr)"),
    ("C11", "K2311", "model.reset_states()"),
    ("C12", "K2312", "model = load()\nmodel._make_predict_function()"),
    ("D1", "K2313", "import keras\nclass S(keras.utils.Sequence):\n    pass"),
    ("D2", "K2314", "from keras.utils import PyDataset\nclass S(PyDataset):\n"
                    "    def __init__(self, x, batch_size=8):\n        self.x = x"),
    ("E1", "K2401", "sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)"),
    ("E2", "K2401", "import tensorflow as tf\nopt = tf.keras.optimizers.RMSprop(lr=0.001)"),
    ("E1", "K2402", "sgd = SGD(lr=0.01,\n          decay=1e-6)"),
    ("E3", "K2402", "opt = Adam(learning_rate=1e-3, decay=1e-4)"),
    ("E4", "K2403", "opt = RMSprop(learning_rate=0.001, rho=0.9, epsilon=None, decay=0.0)"),
    ("E5", "K2404", "opt = Adadelta()"),
    ("E5", "K2404", "model.compile(optimizer='adagrad', loss='mse')"),
    ("E2", "K2405", "opt = Nadam(learning_rate=0.002, schedule_decay=0.004)"),
    ("E6", "K2406", "opt = SGD(learning_rate=0.01, clipnorm=1.0, clipvalue=0.5)"),
    ("E7", "K2407", "import keras\nsched = 1\nopt = keras.optimizers.SGD(\n"
                    "    learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9))\n"
                    "cb = keras.callbacks.ReduceLROnPlateau()"),
    ("E8", "K2408", "class MyOpt(Optimizer):\n    def get_updates(self, loss, params):\n"
                    "        return []"),
    ("F1a", "K2501", "cb = ModelCheckpoint('w.keras', period=1)"),
    ("F1a", "K2501", "cb = ModelCheckpoint(path, 'val_loss', 0, True, False, 'auto', 1)"),
    ("F1a", "K2501", "class Best(ModelCheckpoint):\n    def __init__(self, f, m, v, b, w, mode, p):\n"
                     "        super(Best, self).__init__(f, m, v, b, w, mode, p)"),
    ("F1b", "K2502", "cb = ModelCheckpoint('weights.{epoch:02d}-{val_loss:.2f}.hdf5')"),
    ("F1b", "K2502", "cb = ModelCheckpoint('ckpt')"),
    ("F1c", "K2502", "cb = ModelCheckpoint('weights.hdf5', save_weights_only=True)"),
    ("F1d", "K2503", "cb = ModelCheckpoint('x.weights.h5')"),
    ("F1g", "K2504", "cb = ModelCheckpoint('x.keras', save_freq='batch')"),
    ("F1g", "K2504", "cb = ModelCheckpoint('x.keras', load_weights_on_restart=True)"),
    ("F2", "K2505", "cb = ReduceLROnPlateau(monitor='val_loss', factor=0.2, patience=5,\n"
                    "                       min_lr=0.001, epsilon=1e-4)"),
    ("F4", "K2506", "tb = TensorBoard(log_dir='./logs', histogram_freq=0, batch_size=32,\n"
                    "                 write_grads=False, embeddings_layer_names=None)"),
    ("F6", "K2507", "from keras.callbacks import BaseLogger"),
    ("F6", "K2507", "import keras\ncb = keras.callbacks.BaseLogger()"),
    ("F7", "K2508", "cb = ProgbarLogger(count_mode='samples')"),
    ("F12", "K2509", "class CB(keras.callbacks.Callback):\n"
                     "    def on_epoch_end(self, e, logs=None):\n"
                     "        x, y = self.validation_data[:2]"),
    ("G1", "K2601", ACC + "h = model.fit(x, y)\nplt.plot(h.history['acc'])"),
    ("G1", "K2601", "plt.plot(history.history['val_acc'])"),
    ("F1e", "K2601", ACC + "cb = ModelCheckpoint('x.{epoch:02d}-{val_acc:.2f}.keras')"),
    ("F1f", "K2601", ACC + "cb = ModelCheckpoint('x.keras', monitor='val_acc', "
                           "save_best_only=True)"),
    ("F2b", "K2601", ACC + "cb = ReduceLROnPlateau(monitor='val_acc')"),
    ("F3", "K2601", ACC + "cb = EarlyStopping('val_acc', patience=2)"),
    ("G7", "K2602", "lrs = history.history['lr']"),
    ("G7", "K2602", "def on_epoch_end(epoch, logs):\n    print(logs['lr'])"),
    ("G4", "K2603", "model.compile(loss='categorical_crossentropy', metrics=['crossentropy'])"),
    ("G6", "K2604", "model.compile(optimizer='adam', loss=['sparse_categorical_crossentropy',\n"
                    "              'mse'], metrics=['accuracy'])"),
    ("A18", "K2701", "model.add(Convolution2D(32, 3, 3))"),
    ("A18", "K2701", "model.add(Conv2D(32, 3, 3, activation='relu'))"),
    ("A18", "K2702", "Convolution2D(32, (3, 3), border_mode='same', init='he_normal',\n"
                     "              W_regularizer=reg, dim_ordering='th')"),
    ("H7", "K2702", "Dense(output_dim=64)"),
    ("H7", "K2702", "Dense(64, init='uniform')"),
    ("H7", "K2702", "MaxPooling2D(dim_ordering='th')"),
    ("H7", "K2702", "LSTM(32, dropout_W=0.2, dropout_U=0.2)"),
    ("H7", "K2703", "BatchNormalization(mode=0)"),
    ("H7", "K2703", "Embedding(1000, 64, dropout=0.2)"),
    ("H1", "K2704", "model.add(Dense(64, activation='relu', input_dim=20))"),
    ("H2", "K2704", "model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))"),
    ("H2", "K2704", "RNN = layers.LSTM\nmodel.add(RNN(128, input_shape=(7, 12)))"),
    ("H3", "K2705", "LSTM(4, stateful=True, batch_input_shape=(32, 10, 8))"),
    ("H4", "K2706", "LSTM(32, input_dim=8, input_length=10)"),
    ("H6", "K2707", "Embedding(max_features, 128, input_length=maxlen)"),
    ("H8", "K2708", "model.compile(optimizer='sgd', loss='mse', target_tensors=[y])"),
    ("H9", "K2708", "model.compile(optimizer='sgd', loss='mse', sample_weight_mode='temporal')"),
    ("H10", "K2708", "model.compile(optimizer='sgd', loss='mse',\n"
                     "              experimental_run_tf_function=False)"),
    ("H11", "K2709", "inp = Input(tensor=x_train_batch)"),
    ("H12", "K2710", "model = Model(input=inp, output=out)"),
    ("H13", "K2711", "print(model.layers[0].input_shape)"),
    ("H13", "K2711", "print(model.get_layer('dense').output_shape)"),
    ("I1", "K2801", "model.save('my_model.h5')"),
    ("I2", "K2802", "model.save('my_model')"),
    ("I3", "K2803", "model.save('m.h5', save_format='h5')"),
    ("I3", "K2803", "model.save(path, save_format='tf')"),
    ("I4", "K2804", "model = keras.models.load_model('saved_model_dir')"),
    ("I5", "K2805", "model.save_weights('w.h5')"),
    ("I5", "K2805", "model.save_weights('ckpt')"),
    ("I6", "K2806", "m = Sequential([Lambda(lambda x: x * 2)])\nm.save('m.keras')\n"
                    "m2 = load_model('m.keras')"),
    # idioms found in real old code (facts N1-N10, run on Keras 3 in test_migrate_facts.py)
    ("N1", "K2118", "from keras.losses import mse, mae"),
    ("N1", "K2118", "import keras\nloss = keras.losses.mse(y, p)"),
    ("N2", "K2119", "from keras.layers.merge import _Merge"),
    ("N3", "K2315", GAN_SCRIPT),
    ("N3", "K2315", GAN_CLASS),
    ("N4", "K2316", "model.fit_generator(gen, steps_per_epoch=len(x_train) / batch_size,\n"
                    "                    epochs=3)"),
    ("N4", "K2316", "model.fit_generator(gen, x.shape[0] / 32, epochs=3)"),
    ("N4", "K2316", "steps = n / bs\nmodel.fit(ds, steps_per_epoch=steps)"),
    ("N5", "K2317", "class L(Layer):\n    def call(self, x):\n"
                    "        self.add_loss(x.sum(), inputs=True)\n        return x"),
    ("N6", "K2318", "vae = Model(inputs, outputs, name='vae')\n"
                    "vae_loss = K.mean(reconstruction_loss + kl_loss)\nvae.add_loss(vae_loss)"),
    ("N7", "K2409", "from keras import optimizers\nopt = optimizers.rmsprop(lr=1e-4, decay=1e-6)"),
    ("N7", "K2409", "import keras\nopt = keras.optimizers.adam(lr=0.0002, beta_1=0.5)"),
    ("N7", "K2409", "from keras.optimizers import sgd"),
    ("N8", "K2410", "opt = SGD(0.1, 0.9, 1e-6, True)"),
    ("N8", "K2410", "opt = Adam(0.0002, 0.5, 0.999, 1e-8, 1e-4)"),
    ("N8", "K2410", "opt = RMSprop(0.001, 0.9, 1e-8)"),
    ("N9", "K2712", "model.add(LSTM(50, batch_size=1, stateful=True))"),
    ("N10", "K2713", EMBEDDING_UNBUILT),
    ("A3", "K2101", "from keras.layers import recurrent\nx = recurrent.LSTM(3)"),
    ("A17", "K2110", "from keras.layers import Input, merge\n"
                     "x = merge([a, b], mode='concat', concat_axis=-1)"),
    ("I1", "K2801", "net = Sequential()\nnet.save('net_{}.h5'.format(epoch))"),
    ("I5", "K2805", "gen = build_generator()\ngen.save_weights('gen_%03d.hdf5' % epoch)"),
    ("I5", "K2805", "g = Sequential()\nname = f'weights/gen_{epoch:03d}.h5'\ng.save_weights(name)"),
    ("I2", "K2802", "def build():\n    m = Sequential()\n    return m\nnet = build()\n"
                    "net.save('saved')"),
]

# Keras 2 idioms that work unchanged in Keras 3 (no finding)
CLEAN = [
    ("A1", "from keras.models import Sequential, Model, load_model"),
    ("A2", "from keras.layers import Dense, Dropout, Activation, Flatten, Conv2D, LSTM, Input"),
    ("B1", "from keras import backend as K\neps = K.epsilon()\nfmt = K.image_data_format()"),
    ("C10", "loss = model.train_on_batch(x, y)\nmodel.test_on_batch(x, y)"),
    ("D5", "class S(keras.utils.PyDataset):\n    def __init__(self, **kwargs):\n"
           "        super().__init__(**kwargs)\n    def on_epoch_end(self):\n        pass"),
    ("F5", "cb = CSVLogger('training.log', separator=',', append=False)"),
    ("F8", "cb = LambdaCallback(on_epoch_end=lambda epoch, logs: None)"),
    ("F10", "cb = TerminateOnNaN()"),
    ("F11", "cb = LearningRateScheduler(lambda epoch, lr: lr * 0.9, verbose=0)"),
    ("G2", "model.compile(loss='mse', metrics=['acc'])\nh = model.fit(x, y)\n"
           "print(h.history['val_acc'])"),
    ("G3", "model.compile(loss='mse', metrics=['mae', 'mse'])\nprint(h.history['val_mae'])"),
    ("H5", "Embedding(max_features, output_dim=256)"),
    ("I7", "load_model('m.keras', custom_objects={'AttentionLayer': AttentionLayer})"),
    ("J1", "from keras.applications.vgg16 import VGG16, preprocess_input"),
    ("strings", "msg = 'SGD(lr=0.01) and fit_generator and from keras.layers.core import Dense'"),
    ("foreign", "from torch.optim import SGD\nopt = SGD(params, lr=0.1)"),
    ("N3", "d.trainable = False\nd.compile(loss='mse')\nc = Model(z, d(z))\nc.compile(loss='mse')"),
    ("N3", "base.trainable = False\nmodel = Model(i, base(i))\nmodel.compile(loss='mse')"),
    ("N4", "model.fit(x, steps_per_epoch=len(x) // 32)\nmodel.evaluate(x, steps=math.ceil(n / 8))"),
    ("N6", "class L(Layer):\n    def call(self, x):\n        self.add_loss(ops.mean(x))\n"
           "        return x"),
    ("N7", "opt = adam(lr)"),
    ("N8", "opt = SGD(0.1, 0.9)\nopt2 = Adam(0.001, 0.9, 0.999, 1e-7)"),
    ("N9", "inp = Input(shape=(3,), batch_size=8)"),
    ("merge", "import pandas as pd\ndf = pd.merge(a, b, on='id')\nresult = merge(left, right)"),
    ("saves", "record.save('notes')\npath.save_weights"),
    ("open-name", "model.save_weights('w_{}'.format(ext))\nmodel.save(base + name)"),
]


# near misses: the snippet has another (milder) finding, but not this rule
NOT_THIS = [
    ("K2713", "model = Sequential()\nmodel.add(Embedding(100, 8, input_length=10))\n"
              "model.compile(loss='mse')\nmodel.fit(x, y)\nmodel.summary()"),
    ("K2713", "inp = Input(shape=(10,))\nx = Embedding(100, 8, input_length=10)(inp)\n"
              "m = Model(inp, x)\nm.summary()"),
    ("K2801", "record = load_record()\nrecord.save('notes.h5')"),
    ("K2409", "from keras.optimizers import Adam\nadam = Adam(1e-3)\nx = adam"),
]


def codes(source: str) -> list[str]:
    return [f.code for f in check_keras2(source)]


@pytest.mark.parametrize(("fact", "code", "snippet"), FLAGGED,
                         ids=[f"{f}-{c}-{i}" for i, (f, c, _) in enumerate(FLAGGED)])
def test_idiom_is_flagged(fact: str, code: str, snippet: str) -> None:
    found = check_keras2(snippet)
    assert code in [f.code for f in found], [str(f) for f in found]
    finding = next(f for f in found if f.code == code)
    assert finding.severity == RULES[code].severity
    assert fact in RULES[code].fact.split(", ") or fact in ("0",)


@pytest.mark.parametrize(("fact", "snippet"), CLEAN, ids=[f for f, _ in CLEAN])
def test_working_idiom_is_not_flagged(fact: str, snippet: str) -> None:
    assert codes(snippet) == []


@pytest.mark.parametrize(("code", "snippet"), NOT_THIS)
def test_near_miss_is_not_flagged_as(code: str, snippet: str) -> None:
    assert code not in codes(snippet)


def test_every_rule_has_a_flagged_snippet() -> None:
    assert {code for _, code, _ in FLAGGED} == set(RULES)


def test_rule_catalogue_is_well_formed() -> None:
    for code, rule in RULES.items():
        assert code.startswith("K2") and len(code) == 5
        assert rule.severity in SEVERITIES
        assert rule.message and rule.replacement and rule.fact


def test_findings_carry_line_column_and_replacement() -> None:
    source = "x = 1\nsgd = SGD(momentum=0.9,\n          lr=0.01)\n"
    (finding,) = check_keras2(source)
    assert (finding.line, finding.col, finding.code) == (3, 11, "K2401")
    assert finding.replacement == "`learning_rate=`"
    assert finding.fixable


def test_column_counts_characters_not_bytes() -> None:
    (finding,) = check_keras2("s = 'é'; opt = SGD(lr=1)")
    assert finding.col == 20


def test_metric_name_without_visible_compile_is_flagged_but_not_rewritten() -> None:
    result = rewrite_keras2("print(history.history['val_acc'])")
    assert [f.code for f in result.remaining] == ["K2601"]
    assert "not rewritten" in result.remaining[0].message


def test_noqa_silences_a_finding() -> None:
    assert codes("opt = SGD(lr=0.1)  # noqa: K2401") == []
    assert codes("opt = SGD(lr=0.1)  # noqa") == []
    assert codes("opt = SGD(lr=0.1)  # noqa: K2402") == ["K2401"]


def test_select_and_bad_input() -> None:
    assert [f.code for f in check_keras2("SGD(lr=1, decay=0.1)", select={"K2402"})] == ["K2402"]
    with pytest.raises(MigrateError, match="unknown rule"):
        check_keras2("x = 1", select={"E501"})
    with pytest.raises(MigrateError, match="syntax error at line 1"):
        check_keras2("model.fit(")
    with pytest.raises(MigrateError, match="expects source text"):
        check_keras2(b"x = 1")  # type: ignore[arg-type]


REWRITES = [
    ("SGD(lr=0.01, momentum=0.9)", "SGD(learning_rate=0.01, momentum=0.9)"),
    ("model.fit_generator(gen, steps_per_epoch=10, validation_data=v, validation_steps=2)",
     "model.fit(gen, steps_per_epoch=10, validation_data=v, validation_steps=2)"),
    ("model.evaluate_generator(generator=gen, steps=3)", "model.evaluate(x=gen, steps=3)"),
    ("model.fit(x, y, nb_epoch=5)  # Keras 1", "model.fit(x, y, epochs=5)  # Keras 1"),
    ("ReduceLROnPlateau(patience=2, epsilon=1e-4)",
     "ReduceLROnPlateau(patience=2, min_delta=1e-4)"),
    ("from keras.layers.core import Dense", "from keras.layers import Dense"),
    ("from keras.utils.np_utils import to_categorical", "from keras.utils import to_categorical"),
    ("from tensorflow.keras.layers.normalization import BatchNormalization",
     "from tensorflow.keras.layers import BatchNormalization"),
    ("from keras.constraints import maxnorm", "from keras.constraints import max_norm as maxnorm"),
    ("from keras.engine.topology import Layer", "from keras.layers import Layer"),
    ("from keras.objectives import mean_squared_error",
     "from keras.losses import mean_squared_error"),
    ("import keras\nm = keras.utils.np_utils.to_categorical(y)",
     "import keras\nm = keras.utils.to_categorical(y)"),
    ("import keras\nK = keras.backend\ny = K.sum(x)",
     "import keras\nK = keras.backend\ny = keras.ops.sum(x)"),
    ("from keras import backend as K\ny = K.pow(x, 2)",
     "import keras\nfrom keras import backend as K\ny = keras.ops.power(x, 2)"),
    ("import keras\ny = keras.backend.concatenate([a, b])",
     "import keras\ny = keras.ops.concatenate([a, b], axis=-1)"),
    ("import keras\nn = keras.backend.int_shape(x)", "import keras\nn = tuple(x.shape)"),
    (ACC + "v = h.history['val_acc']", ACC + "v = h.history['val_accuracy']"),
    ("lr = history.history['lr']", "lr = history.history['learning_rate']"),
    ("p = model.predict_proba(x)", "p = model.predict(x)"),
    ("model.fit(x, y, workers=1, use_multiprocessing=False, max_queue_size=10)", "model.fit(x, y)"),
    ("Dense(output_dim=3, init='zeros')", "Dense(units=3, kernel_initializer='zeros')"),
    ("MaxPooling2D(dim_ordering='tf', border_mode='same')",
     "MaxPooling2D(data_format='channels_last', padding='same')"),
    ("Model(input=a, output=b)", "Model(inputs=a, outputs=b)"),
    ("print(model.layers[0].input_shape)", "print(model.layers[0].input.shape)"),
    ("model.save_weights('w.h5')\nmodel.load_weights('w.h5')",
     "model.save_weights('w.weights.h5')\nmodel.load_weights('w.weights.h5')"),
    ("cb = ModelCheckpoint('best.hdf5', save_best_only=True)",
     "cb = ModelCheckpoint('best.keras', save_best_only=True)"),
    ("cb = ModelCheckpoint('w.h5', save_weights_only=True)",
     "cb = ModelCheckpoint('w.weights.h5', save_weights_only=True)"),
    ("cb = ModelCheckpoint('m.keras', period=1)", "cb = ModelCheckpoint('m.keras')"),
    ("opt = Adagrad()", "opt = Adagrad(learning_rate=0.01)"),
    ("opt = Nadam(beta_1=0.9)", "opt = Nadam(learning_rate=0.002, beta_1=0.9)"),
    ("opt = Adam(learning_rate=1e-3, epsilon=None)", "opt = Adam(learning_rate=1e-3)"),
    ("LeakyReLU(alpha=0.1)", "LeakyReLU(negative_slope=0.1)"),
    ("Embedding(100, 8, input_length=10)", "Embedding(100, 8)"),
    ("model.compile(loss='mse', sample_weight_mode='temporal')", "model.compile(loss='mse')"),
    ("model.save('m.h5', save_format='h5')", "model.save('m.h5')"),
    ("tb = TensorBoard(log_dir='l', write_grads=False)", "tb = TensorBoard(log_dir='l')"),
    ("model.compile(loss={'a': 'mse', 'b': 'mae'}, metrics=['mae'])",
     "model.compile(loss={'a': 'mse', 'b': 'mae'}, metrics={'a': ['mae'], 'b': ['mae']})"),
    ("def f(model):\n    model._make_predict_function()\n    return model",
     "def f(model):\n    return model"),
    ("def f(model):\n    model._make_predict_function()", "def f(model):\n    pass"),
    ("opt = SGD(0.1, 0.9, 0.0, True)", "opt = SGD(0.1, 0.9, nesterov=True)"),
    ("cb = ModelCheckpoint(p, 'val_loss', 0, True, False, 'auto', 1)",
     "cb = ModelCheckpoint(p, 'val_loss', 0, True, False, 'auto')"),
    ("import keras\nopt = keras.optimizers.adam(lr=2e-4, beta_1=0.5)",
     "import keras\nopt = keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)"),
    ("from keras.optimizers import rmsprop", "from keras.optimizers import RMSprop as rmsprop"),
    ("from keras.losses import mse", "from keras.losses import mean_squared_error as mse"),
    ("import keras\nl = keras.losses.mae(y, p)",
     "import keras\nl = keras.losses.mean_absolute_error(y, p)"),
    ("import math\nmodel.fit_generator(g, steps_per_epoch=len(x) / bs)",
     "import math\nmodel.fit(g, steps_per_epoch=math.ceil(len(x) / bs))"),
    ("from keras.layers import merge\nx = merge([a, b], mode='sum')",
     "import keras\nfrom keras.layers import merge\nx = keras.layers.add([a, b])"),
    ("net = Sequential()\nnet.save_weights('w_{0:03d}.hdf5'.format(e))",
     "net = Sequential()\nnet.save_weights('w_{0:03d}.weights.h5'.format(e))"),
    ("import keras\nf = keras.backend.random_normal((2, 3), stddev=0.5)",
     "import keras\nf = keras.random.normal((2, 3), stddev=0.5)"),
    ("import keras\ny = keras.backend.gather(x, idx)",
     "import keras\ny = keras.ops.take(x, idx, axis=0)"),
    ("import keras\ny = keras.backend.permute_dimensions(x, (0, 2, 1))",
     "import keras\ny = keras.ops.transpose(x, (0, 2, 1))"),
    ("import keras\nm = keras.Sequential()\nm.add(keras.layers.Embedding(10, 4, input_length=5))"
     "\nm.layers[0].set_weights([w])",
     "import keras\nm = keras.Sequential()\nm.add(keras.Input(shape=(5,)))\n"
     "m.add(keras.layers.Embedding(10, 4))\nm.layers[0].set_weights([w])"),
    ("import keras\nm = Sequential([Embedding(10, 4, input_length=n), Flatten()])\nm.summary()",
     "import keras\nm = Sequential([keras.Input(shape=(n,)), Embedding(10, 4), Flatten()])\n"
     "m.summary()"),
    ("class L(Layer):\n    def call(self, x):\n        self.add_loss(s, inputs=True)\n"
     "        return x",
     "class L(Layer):\n    def call(self, x):\n        self.add_loss(s)\n        return x"),
]


@pytest.mark.parametrize(("before", "after"), REWRITES)
def test_rewrite(before: str, after: str) -> None:
    result = rewrite_keras2(before)
    assert result.source == after
    assert result.applied
    ast.parse(result.source)


def test_rewrite_keeps_comments_and_formatting_elsewhere() -> None:
    before = ("# training script from 2017\n"
              "sgd = SGD(lr=0.01,      # the step\n"
              "          momentum=0.9)  # keep\n\n\n"
              "x = [1,2,   3]  # odd spacing stays\n")
    after = rewrite_keras2(before).source
    assert after == before.replace("lr=0.01", "learning_rate=0.01")


def test_decay_rewrite_uses_inverse_time_decay() -> None:
    result = rewrite_keras2("sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9)")
    assert result.source == (
        "import keras\nsgd = SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay("
        "initial_learning_rate=0.01, decay_steps=1, decay_rate=1e-6), momentum=0.9)")
    no_lr = rewrite_keras2("import keras\nopt = keras.optimizers.Adadelta(decay=0.1)").source
    assert "InverseTimeDecay(initial_learning_rate=1.0, decay_steps=1, decay_rate=0.1)" in no_lr


def test_decay_not_rewritten_next_to_an_lr_callback() -> None:
    result = rewrite_keras2("opt = SGD(learning_rate=0.1, decay=0.01)\n"
                            "cb = ReduceLROnPlateau(patience=2)")
    assert [f.code for f in result.remaining] == ["K2402"]
    assert "E7" in result.remaining[0].message


def test_period_needs_steps_per_epoch() -> None:
    known = rewrite_keras2("cb = ModelCheckpoint('m.keras', period=2)\n"
                           "model.fit(x, steps_per_epoch=3, callbacks=[cb])")
    assert "save_freq=6" in known.source
    unknown = rewrite_keras2("cb = ModelCheckpoint('m.keras', period=2)")
    assert [f.code for f in unknown.remaining] == ["K2501"]
    assert "batches" in unknown.remaining[0].message


def test_val_acc_is_not_rewritten_when_compile_uses_acc_or_is_unknown() -> None:
    both = "model.compile(loss='mse', metrics=['acc', 'accuracy'])\nh.history['val_acc']"
    assert rewrite_keras2(both).source == both
    assert rewrite_keras2("h.history['val_acc']").source == "h.history['val_acc']"


def test_generator_with_extra_positional_args_is_not_rewritten() -> None:
    result = rewrite_keras2("model.fit_generator(gen, 10, 5)")
    assert result.source == "model.fit_generator(gen, 10, 5)"
    assert "positional" in result.remaining[0].message


def test_dataset_subclass_gets_super_init() -> None:
    before = ("class Seq(keras.utils.PyDataset):\n"
              "    def __init__(self, x, y, batch_size=32):\n"
              "        \"\"\"Batches of x and y.\"\"\"\n"
              "        self.x, self.y = x, y\n")
    after = rewrite_keras2(before).source
    assert "def __init__(self, x, y, batch_size=32, **kwargs):" in after
    assert after.index("super().__init__(**kwargs)") > after.index('"""Batches')
    assert check_keras2(after) == []


def test_remaining_findings_point_into_the_rewritten_text() -> None:
    from kerasnb.migrate.checker import analyze

    script = "\n".join(before for before, _ in REWRITES) + "\n" + "\n".join(
        snippet for _, _, snippet in FLAGGED if "def " not in snippet and "class " not in snippet)
    result = rewrite_keras2(script)
    fresh = analyze(result.source).findings
    assert [(f.line, f.col, f.code) for f in result.remaining] == [
        (f.line, f.col, f.code) for f in fresh]
    assert len(result.applied) > 50


def test_real_keras3_sources_check_and_rewrite_without_crashing() -> None:
    """Keras's own callbacks and optimizers: no crash, and every rewrite still parses."""
    import importlib.util

    root = Path(importlib.util.find_spec("keras").origin).parent / "src"  # no TensorFlow import
    files = sorted((root / "callbacks").glob("*.py")) + sorted((root / "optimizers").glob("*.py"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        ast.parse(rewrite_keras2(text).source)


_PIECES = [snippet for _, _, snippet in FLAGGED] + [before for before, _ in REWRITES]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
       st.sampled_from(["", "    ", "\t"]))
def test_rewrite_of_any_mix_parses_and_locates_what_is_left(pieces: list[str],
                                                             indent: str) -> None:
    from kerasnb.migrate.checker import analyze

    body = "\n".join(pieces)
    source = body if not indent else "def script():\n" + "\n".join(
        indent + line if line else line for line in body.splitlines()) + "\n"
    result = rewrite_keras2(source)
    ast.parse(result.source)
    fresh = analyze(result.source).findings
    assert [(f.line, f.col, f.code) for f in result.remaining] == [
        (f.line, f.col, f.code) for f in fresh]
    assert len(check_keras2(source)) >= len(result.remaining)


def test_statement_level_check_agrees_with_parsing_everything() -> None:
    """The rewriter parses only changed statements; that must equal a full parse."""
    import random

    from kerasnb.migrate.findings import Edit
    from kerasnb.migrate.verify import apply_edits, edits_parse

    text = ("import os  # a comment\n@decorate\ndef f(a,\n      b=1):\n    return a; x = 2\n"
            "y = [1,\n     2]; z = 3\n\n# between\nclass C:\n    '''doc'''\n")
    tree = ast.parse(text)
    pieces = ["", "(", ")", "x", ":", "\n", "#", "'", "\n    ", "1", " ", "]"]
    rng = random.Random(0)
    agreed = 0
    for _ in range(600):
        start = rng.randrange(len(text) + 1)
        end = min(len(text), start + rng.randrange(4))
        edits = [Edit(start, end, rng.choice(pieces))]
        new = apply_edits(text, edits)
        try:
            ast.parse(new)
            full = True
        except SyntaxError:
            full = False
        assert edits_parse(tree, text, edits) == full, (start, end, edits[0].text)
        agreed += full
    assert 50 < agreed < 550  # both outcomes were exercised


@pytest.mark.parametrize("line", [
    "from keras.layers.merge import _Merge",
    "from keras.layers.merge import _Merge, Concatenate",
    "from keras.layers.recurrent import Recurrent",
    "from keras.engine.topology import Layer, _to_list",
    "from keras.utils.generic_utils import _obj_to_str",
])
def test_imports_of_private_or_unexported_names_are_reported_never_moved(line: str) -> None:
    """Moving them would only trade one ImportError for another (Keras 3 lacks the name)."""
    result = rewrite_keras2(line + "\n")
    assert result.source == line + "\n"
    assert result.remaining, "still reported"
