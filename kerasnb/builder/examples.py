"""The example networks of the course notes, as specs (Keras 2 originals in the comments).

>>> spec = vgg_like()
>>> spec.analyze().total
7998250
>>> [i.name for i in two_input_two_output().inputs]
['main_input', 'aux_input']
"""

from __future__ import annotations

from collections.abc import Sequence

from kerasnb.builder.spec import InputSpec, ModelSpec


def mlp_softmax(n_features: int = 20, num_classes: int = 10) -> ModelSpec:
    """MLP for softmax multi-class classification.

    Keras 2 original: ``Dense(64, activation='relu', input_dim=20)`` ... and
    ``SGD(lr=0.01, ...)``; in Keras 3 the input is a ``keras.Input`` and ``lr`` is
    ``learning_rate``.

    >>> mlp_softmax().analyze().infos["dense_2"].shape
    (10,)
    """
    spec = ModelSpec.sequential((n_features,), [
        ("Dense", {"units": 64, "activation": "relu"}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": 64, "activation": "relu"}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": num_classes, "activation": "softmax"})], name="mlp_softmax")
    spec.compile = {"optimizer": "sgd", "learning_rate": 0.01,
                    "loss": "categorical_crossentropy", "metrics": ["accuracy"]}
    return spec


def mlp_binary(n_features: int = 20) -> ModelSpec:
    """MLP for binary classification (one sigmoid unit, binary crossentropy).

    >>> mlp_binary().analyze().total
    5569
    """
    spec = ModelSpec.sequential((n_features,), [
        ("Dense", {"units": 64, "activation": "relu"}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": 64, "activation": "relu"}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": 1, "activation": "sigmoid"})], name="mlp_binary")
    spec.compile = {"optimizer": "rmsprop", "learning_rate": 0.001,
                    "loss": "binary_crossentropy", "metrics": ["accuracy"]}
    return spec


def vgg_like(input_shape: Sequence[int] = (100, 100, 3), num_classes: int = 10) -> ModelSpec:
    """VGG-like convnet: two blocks of two 3x3 convolutions and a max pooling, then Dense.

    >>> vgg_like((32, 32, 3)).analyze().infos["flatten"].shape
    (1600,)
    """
    conv = {"kernel_size": 3, "activation": "relu"}
    spec = ModelSpec.sequential(input_shape, [
        ("Conv2D", {"filters": 32, **conv}), ("Conv2D", {"filters": 32, **conv}),
        ("MaxPooling2D", {"pool_size": 2}), ("Dropout", {"rate": 0.25}),
        ("Conv2D", {"filters": 64, **conv}), ("Conv2D", {"filters": 64, **conv}),
        ("MaxPooling2D", {"pool_size": 2}), ("Dropout", {"rate": 0.25}),
        ("Flatten", {}), ("Dense", {"units": 256, "activation": "relu"}),
        ("Dropout", {"rate": 0.5}), ("Dense", {"units": num_classes, "activation": "softmax"})],
        name="vgg_like")
    spec.compile = {"optimizer": "sgd", "learning_rate": 0.01,
                    "loss": "categorical_crossentropy", "metrics": ["accuracy"]}
    return spec


def lstm_classifier(max_features: int = 1000, embed_dim: int = 256) -> ModelSpec:
    """Sequence classification with an Embedding and an LSTM (token ids of any length).

    >>> lstm_classifier().analyze().infos["lstm"].trainable
    197120
    """
    spec = ModelSpec.sequential((None,), [
        ("Embedding", {"input_dim": max_features, "output_dim": embed_dim}),
        ("LSTM", {"units": 128}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": 1, "activation": "sigmoid"})], dtype="int32",
        name="lstm_classifier")
    spec.compile = {"optimizer": "rmsprop", "learning_rate": 0.001,
                    "loss": "binary_crossentropy", "metrics": ["accuracy"]}
    return spec


def conv1d_classifier(seq_length: int = 64, n_features: int = 100) -> ModelSpec:
    """Sequence classification with 1-D convolutions and global average pooling.

    >>> conv1d_classifier().analyze().infos["global_average_pooling1d"].shape
    (128,)
    """
    conv = {"kernel_size": 3, "activation": "relu"}
    spec = ModelSpec.sequential((seq_length, n_features), [
        ("Conv1D", {"filters": 64, **conv}), ("Conv1D", {"filters": 64, **conv}),
        ("MaxPooling1D", {"pool_size": 3}),
        ("Conv1D", {"filters": 128, **conv}), ("Conv1D", {"filters": 128, **conv}),
        ("GlobalAveragePooling1D", {}), ("Dropout", {"rate": 0.5}),
        ("Dense", {"units": 1, "activation": "sigmoid"})], name="conv1d_classifier")
    spec.compile = {"optimizer": "rmsprop", "learning_rate": 0.001,
                    "loss": "binary_crossentropy", "metrics": ["accuracy"]}
    return spec


def two_input_two_output(vocab: int = 10000, seq_len: int = 100,
                         n_aux: int = 5) -> ModelSpec:
    """Two inputs (token ids + extra features), two outputs (main and auxiliary).

    The text branch reads the ids through an Embedding and an LSTM; its result is both the
    auxiliary output and, concatenated with the extra features, the input of the main head.

    >>> spec = two_input_two_output()
    >>> spec.outputs, spec.analyze().infos["concatenate"].shape
    (['main_output', 'aux_output'], (37,))
    """
    spec = ModelSpec(inputs=[InputSpec("main_input", [seq_len], "int32"),
                             InputSpec("aux_input", [n_aux])], name="two_input_two_output")
    x = spec.add_layer("Embedding", {"input_dim": vocab, "output_dim": 64}, "main_input")
    lstm = spec.add_layer("LSTM", {"units": 32}, x)
    spec.add_layer("Dense", {"units": 1, "activation": "sigmoid"}, lstm, name="aux_output")
    x = spec.add_layer("Concatenate", {}, [lstm, "aux_input"])
    x = spec.add_layer("Dense", {"units": 64, "activation": "relu"}, x)
    x = spec.add_layer("Dense", {"units": 64, "activation": "relu"}, x)
    spec.add_layer("Dense", {"units": 1, "activation": "sigmoid"}, x, name="main_output")
    spec.outputs = ["main_output", "aux_output"]
    spec.compile = {"optimizer": "rmsprop", "learning_rate": 0.001,
                    "loss": "binary_crossentropy", "metrics": ["accuracy"]}
    return spec.in_graph_order()


def mini_xception(input_shape: Sequence[int] = (64, 64, 1), num_classes: int = 7,
                  l2: float = 0.01) -> ModelSpec:
    """The mini-Xception emotion classifier: separable convolutions with residual shortcuts.

    With ``num_classes=2`` it matches the parameter counts of the Keras 2 summary in the notes
    (52,658 in total, 1,472 non-trainable).

    >>> a = mini_xception(num_classes=2).analyze()
    >>> a.total, a.non_trainable
    (52658, 1472)
    """
    reg = {"l2": l2}
    spec = ModelSpec(inputs=[InputSpec("input_layer", list(input_shape))], name="mini_xception")
    x = spec.add_layer("Conv2D", {"filters": 8, "kernel_size": 3, "use_bias": False,
                                  "kernel_regularizer": reg}, "input_layer")
    x = spec.add_layer("BatchNormalization", {}, x)
    x = spec.add_layer("Activation", {"activation": "relu"}, x)
    x = spec.add_layer("Conv2D", {"filters": 8, "kernel_size": 3, "use_bias": False,
                                  "kernel_regularizer": reg}, x)
    x = spec.add_layer("BatchNormalization", {}, x)
    x = spec.add_layer("Activation", {"activation": "relu"}, x)
    for filters in (16, 32, 64, 128):
        residual = spec.add_layer("Conv2D", {"filters": filters, "kernel_size": 1, "strides": 2,
                                             "padding": "same", "use_bias": False}, x)
        residual = spec.add_layer("BatchNormalization", {}, residual)
        sep = {"filters": filters, "kernel_size": 3, "padding": "same", "use_bias": False,
               "depthwise_regularizer": reg, "pointwise_regularizer": reg}
        y = spec.add_layer("SeparableConv2D", sep, x)
        y = spec.add_layer("BatchNormalization", {}, y)
        y = spec.add_layer("Activation", {"activation": "relu"}, y)
        y = spec.add_layer("SeparableConv2D", sep, y)
        y = spec.add_layer("BatchNormalization", {}, y)
        y = spec.add_layer("MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, y)
        x = spec.add_layer("Add", {}, [y, residual])
    x = spec.add_layer("Conv2D", {"filters": num_classes, "kernel_size": 3, "padding": "same"}, x)
    x = spec.add_layer("GlobalAveragePooling2D", {}, x)
    spec.add_layer("Activation", {"activation": "softmax"}, x, name="predictions")
    spec.outputs = ["predictions"]
    spec.compile = {"optimizer": "adam", "learning_rate": 0.001,
                    "loss": "categorical_crossentropy", "metrics": ["accuracy"]}
    return spec.in_graph_order()


EXAMPLES = {"mlp_softmax": mlp_softmax, "mlp_binary": mlp_binary, "vgg_like": vgg_like,
            "lstm_classifier": lstm_classifier, "conv1d_classifier": conv1d_classifier,
            "two_input_two_output": two_input_two_output, "mini_xception": mini_xception}
