"""How fast the Keras 2 checker and rewriter read code, next to the naive alternatives.

Run:  .venv/bin/python benchmarks/migrate_speed.py [--lines 20000]

Generates a corpus of old-style Keras training scripts (clean Keras 3 lines mixed with Keras 2
idioms), then measures lines per second for: a regex grep for a few Keras 2 spellings (what a
user might otherwise do; it cannot tell code from strings and finds nothing it was not told
about), Python's own ``ast.parse`` alone (the floor for any syntax-tree tool), the checker
(``check_keras2``) and the rewriter (``rewrite_keras2``). Prints figures and ratios.
Times are process CPU time (best of ``--repeat``), so other jobs on the machine do not count.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import time

from kerasnb.migrate import check_keras2, rewrite_keras2

OLD_BLOCK = '''from keras.models import Sequential
from keras.layers.core import Dense, Dropout, Activation
from keras.utils.np_utils import to_categorical
from keras.optimizers import SGD
from keras.callbacks import ModelCheckpoint, EarlyStopping
from keras import backend as K


def mean_pred{i}(y_true, y_pred):
    """Mean prediction, as in the Keras 2 docs."""
    return K.mean(y_pred)


model{i} = Sequential()
model{i}.add(Dense(64, activation='relu', input_dim=20, init='uniform'))
model{i}.add(Dropout(0.5))
model{i}.add(Dense(10, activation='softmax'))
sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model{i}.compile(loss='categorical_crossentropy', optimizer=sgd,
                 metrics=['accuracy', mean_pred{i}])
checkpoint = ModelCheckpoint('weights.{{epoch:02d}}-{{val_acc:.2f}}.hdf5',
                             monitor='val_acc', period=1)
history = model{i}.fit_generator(generator, steps_per_epoch=100, nb_epoch=20,
                                 callbacks=[checkpoint], workers=1)
print(history.history['val_acc'][-1])
'''
CLEAN_BLOCK = '''import keras
from keras import layers


def build{i}(units=64, rate=0.5):
    """A small classifier written for Keras 3."""
    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(units, activation="relu"),
        layers.Dropout(rate),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


for epoch in range(3):
    values = [x * 2 for x in range(epoch, epoch + 10)]
    total = sum(v for v in values if v % 3)
    print(f"epoch {{epoch}}: total={{total}}")
'''
GREP = re.compile(r"\b(fit_generator|evaluate_generator|predict_generator|nb_epoch|"
                  r"np_utils|lr=|decay=|val_acc|period=|K\.\w+)")


def corpus(lines: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    i = 0
    while count < lines:
        block = (OLD_BLOCK if rng.random() < 0.4 else CLEAN_BLOCK).format(i=i)
        parts.append(block)
        count += block.count("\n")
        i += 1
    return "\n".join(parts)


def rate(label: str, fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time: fair on a machine shared with other jobs
        fn(text)
        best = min(best, time.process_time() - start)
    return text.count("\n") / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = corpus(args.lines)
    n_lines = text.count("\n")
    findings = check_keras2(text)
    result = rewrite_keras2(text)
    print(f"corpus: {n_lines} lines, {len(findings)} findings "
          f"({len(result.applied)} rewritten, {len(result.remaining)} left)")
    rows = [
        ("regex grep (baseline)", lambda t: GREP.findall(t)),
        ("ast.parse alone (baseline)", ast.parse),
        ("check_keras2", check_keras2),
        ("rewrite_keras2", rewrite_keras2),
    ]
    rates = {label: rate(label, fn, text, args.repeat) for label, fn in rows}
    parse = rates["ast.parse alone (baseline)"]
    grep = rates["regex grep (baseline)"]
    print(f"{'method':28} {'lines/s':>12} {'vs ast.parse':>13} {'vs regex':>10}")
    for label, value in rates.items():
        print(f"{label:28} {value:12,.0f} {value / parse:12.2f}x {value / grep:9.3f}x")
    goal = 20_000
    for label in ("check_keras2", "rewrite_keras2"):
        verdict = "meets" if rates[label] >= goal else "misses"
        print(f"{label} {verdict} the goal of {goal:,} lines/s ({rates[label] / goal:.1f}x)")


if __name__ == "__main__":
    main()
