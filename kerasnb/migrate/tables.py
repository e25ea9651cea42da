"""Name tables the checker matches against (Keras 2 names, Keras 3.15 names).

>>> from kerasnb.migrate.tables import BACKEND_TO_OPS, BACKEND_TO_OTHER
>>> BACKEND_TO_OPS["pow"], BACKEND_TO_OTHER["random_normal"]
('power', 'keras.random.normal')

Every Keras 3 name in these tables is resolved against the installed Keras by
``tests/test_migrate_tables.py``, so a suggestion never names something that does not exist.
"""

from __future__ import annotations

# keras.backend in Keras 3 keeps exactly these names (fact B1)
BACKEND_KEPT = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format",
    "is_float_dtype", "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon",
    "set_floatx", "set_image_data_format", "standardize_dtype",
})
# K.name -> keras.ops.name with the same arguments and defaults (fact B2, plus names with
# identical signatures in keras.ops); a mechanical rewrite
BACKEND_TO_OPS: dict[str, str] = {
    **{n: n for n in (
        "mean", "sum", "square", "sqrt", "abs", "clip", "log", "exp", "dot", "cast", "maximum",
        "minimum", "std", "var", "round", "ones_like", "zeros_like", "zeros", "ones", "softmax",
        "sigmoid", "tanh", "softplus", "squeeze", "reshape", "shape", "max", "min", "prod",
        "equal", "not_equal", "greater", "less", "sign", "transpose", "stack", "one_hot",
        "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
        "stop_gradient", "logsumexp", "tile", "ndim", "arange", "all", "any",
        "greater_equal", "less_equal", "sin", "cos", "elu", "softsign",
    )},
    "pow": "power",
    "repeat_elements": "repeat",
    "permute_dimensions": "transpose",
}
# K.name -> another module of Keras 3 with the same arguments (a mechanical rewrite)
BACKEND_TO_OTHER: dict[str, str] = {
    "random_normal": "keras.random.normal",
    "random_uniform": "keras.random.uniform",
    "truncated_normal": "keras.random.truncated_normal",
}
# K.name -> what to write instead, when the arguments or the semantics differ (no rewrite)
BACKEND_SUGGEST: dict[str, str] = {
    "l2_normalize": "`keras.ops.normalize(x, axis=..., order=2)` (give `axis`: Keras 2's "
                    "default normalized the whole tensor)",
    "gather": "`keras.ops.take(reference, indices, axis=0)` (without `axis` it takes from the "
              "flattened tensor)",
    "constant": "`keras.ops.convert_to_tensor(value, dtype=...)` (`keras.ops.full(shape, "
                "value)` for a filled shape)",
    "batch_flatten": "`keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))`",
    "switch": "`keras.ops.where(condition, x1, x2)` (elementwise, with tensors, not callables)",
    "control_flow_ops": "`keras.ops.while_loop(cond, body, loop_vars)` / `keras.ops.cond(pred, "
                        "true_fn, false_fn)`",
    "flatten": "`keras.ops.reshape(x, (-1,))`",
    "int_shape": "`tuple(x.shape)`",
    "batch_dot": "`keras.ops.einsum('bi,bi->b', a, b)` (or `keras.ops.matmul` for 3-D)",
    "bias_add": "`x + bias`",
    "dtype": "`x.dtype`",
    "in_train_phase": "the `training` argument of the layer's `call`",
    "is_tensor": "`keras.ops.is_tensor(x)`",
    "conv2d": "`keras.ops.conv(x, kernel, strides=..., padding=...)`",
    "random_binomial": "`keras.random.binomial(shape, counts=1, probabilities=p)`",
    "map_fn": "`keras.ops.vectorized_map(fn, x)`",
    "rnn": "`keras.layers.RNN(cell)`",
    "repeat": "`keras.layers.RepeatVector(n)(x)` (or `keras.ops.repeat(keras.ops.expand_dims("
              "x, 1), n, axis=1)`)",
    "hard_sigmoid": "`keras.ops.hard_sigmoid(x)` (its slope is 1/6, Keras 2's was 0.2)",
    "ctc_batch_cost": "`keras.losses.CTC()` or `keras.ops.ctc_loss(target, output, "
                      "target_length, output_length)`",
    "ctc_decode": "`keras.ops.ctc_decode(inputs, sequence_lengths, strategy='greedy')`",
    "relu": "`keras.ops.relu(x)` (or `keras.activations.relu(x, negative_slope=..., "
            "max_value=...)`)",
}
# Keras 2 defaults that differ from keras.ops: the argument added to keep Keras 2 behaviour
BACKEND_DEFAULT_AXIS = {"concatenate": "axis=-1", "expand_dims": "axis=-1", "argmax": "axis=-1",
                        "argmin": "axis=-1", "cumsum": "axis=0", "cumprod": "axis=0"}
# keras.backend variable API (fact B3): one answer per name
BACKEND_VARIABLES: dict[str, str] = {
    "variable": "`v = keras.Variable(value)`",
    "get_value": "`keras.ops.convert_to_numpy(v)`",
    "batch_get_value": "`[keras.ops.convert_to_numpy(v) for v in variables]`",
    "set_value": "`v.assign(value)` (the learning rate: `model.optimizer.learning_rate = value`)",
    "batch_set_value": "`v.assign(value)` for each pair",
    "eval": "`keras.ops.convert_to_numpy(x)`",
    "count_params": "`model.count_params()` (`keras.ops.size(x)` for a tensor)",
    "update": "`v.assign(new_value)`",
    "update_add": "`v.assign_add(increment)`",
}
# graph-mode backend API (fact B4): one answer per name
BACKEND_GRAPH: dict[str, str] = {
    "function": "call the model, or a sub-model `keras.Model(model.inputs, layer.output)`, on "
                "the data (`sub(x)` or `sub.predict(x)`)",
    "placeholder": "`keras.Input(shape=...)`",
    "gradients": "`tf.GradientTape` (record the forward pass, then `tape.gradient(loss, "
                 "variables)`)",
    "learning_phase": "the `training=True/False` argument of the layer call",
    "set_learning_phase": "the `training=True/False` argument of the layer call (predict "
                          "already runs in inference mode)",
    "get_session": "drop it: Keras 3 has no session (TensorFlow 2 runs eagerly)",
    "set_session": "drop it: Keras 3 has no session (TensorFlow 2 runs eagerly)",
    "image_dim_ordering": "`keras.config.image_data_format()` (returns 'channels_last' / "
                          "'channels_first', not 'tf' / 'th')",
    "set_image_dim_ordering": "`keras.config.set_image_data_format('channels_last')`",
    "manual_variable_initialization": "drop it: Keras 3 variables are created initialized",
}
# names present in tf.keras.backend (the legacy shim) in TF 2.21, among those above
TF_BACKEND_SHIM_EXTRA = frozenset({"variable", "get_value", "set_value", "eval", "count_params",
                                   "gradients", "batch_dot", "int_shape", "flatten"})

KERAS_UTILS = frozenset({
    "Config", "CustomObjectScope", "FeatureSpace", "Progbar", "PyDataset", "Sequence",
    "array_to_img", "audio_dataset_from_directory", "clear_session", "custom_object_scope",
    "deserialize_keras_object", "get_custom_objects", "get_file", "get_registered_name",
    "get_registered_object", "get_source_inputs", "image_dataset_from_directory", "img_to_array",
    "is_keras_tensor", "load_img", "model_to_dot", "normalize", "pack_x_y_sample_weight",
    "pad_sequences", "plot_model", "register_keras_serializable", "save_img",
    "serialize_keras_object", "set_random_seed", "split_dataset", "standardize_dtype",
    "text_dataset_from_directory", "timeseries_dataset_from_array", "to_categorical",
    "unpack_x_y_sample_weight",
})
KERAS_LOSSES = frozenset({
    "binary_crossentropy", "categorical_crossentropy", "categorical_hinge", "cosine_similarity",
    "hinge", "huber", "kl_divergence", "log_cosh", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error",
    "poisson", "sparse_categorical_crossentropy", "squared_hinge",
})
LAYER_SUBMODULES = frozenset({
    "core", "convolutional", "recurrent", "embeddings", "normalization", "merge", "wrappers",
    "advanced_activations", "pooling", "local", "noise", "cudnn_recurrent",
    "convolutional_recurrent",
})
UTILS_SUBMODULES = frozenset({"vis_utils", "data_utils", "generic_utils"})
# removed layers and what to write instead (fact A17)
REMOVED_LAYERS: dict[str, str] = {
    "merge": "`keras.layers.concatenate([a, b])` (mode='concat'), `add`, `multiply`, "
             "`average`, `maximum` or `dot`",
    "Merge": "a merge layer: `keras.layers.Concatenate()`, `Add()`, `Multiply()`, `Average()`,"
             " `Maximum()` or `Dot(axes=...)`",
    "CuDNNLSTM": "`keras.layers.LSTM` (it uses cuDNN by itself when it can)",
    "CuDNNGRU": "`keras.layers.GRU` (it uses cuDNN by itself when it can)",
}
# merge(mode=...) -> the Keras 3 function
MERGE_MODES = {"concat": "concatenate", "sum": "add", "mul": "multiply", "ave": "average",
               "max": "maximum", "dot": "dot", "cos": "dot"}
# short loss/metric names that Keras 2 exported as module attributes (not in Keras 3)
LOSS_ALIASES = {
    "mse": "mean_squared_error", "MSE": "mean_squared_error", "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error", "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error", "kld": "kl_divergence", "KLD": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence", "logcosh": "log_cosh",
    "cosine": "cosine_similarity", "cosine_proximity": "cosine_similarity",
}
# keras.preprocessing names that still work and are the keras.utils objects
PREPROCESSING_SAME_AS_UTILS = {
    "keras.preprocessing.image": frozenset({"array_to_img", "img_to_array", "load_img",
                                            "save_img"}),
    "keras.preprocessing.sequence": frozenset({"pad_sequences"}),
    "keras.preprocessing": frozenset({"image_dataset_from_directory",
                                      "text_dataset_from_directory",
                                      "timeseries_dataset_from_array"}),
}
LEGACY_IMAGE = frozenset({"ImageDataGenerator", "DirectoryIterator", "NumpyArrayIterator",
                          "Iterator"})
# everything public in Keras 3's keras.preprocessing.image (Keras 2's random_rotation,
# random_shift, apply_transform, ... are gone)
KERAS3_IMAGE = frozenset({"array_to_img", "img_to_array", "load_img", "save_img",
                          "smart_resize"})
LEGACY_SEQUENCE = frozenset({"TimeseriesGenerator", "skipgrams", "make_sampling_table"})

OPTIMIZERS = frozenset({"SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam",
                        "AdamW", "Ftrl", "Lion"})
# Keras 2 lower-case optimizer aliases (keras.optimizers.adam = Adam) -> the class
OPTIMIZER_ALIASES = {"sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad",
                     "adadelta": "Adadelta", "adam": "Adam", "adamax": "Adamax", "nadam": "Nadam"}
# Keras 2.2.4 positional parameters; positions up to KEEPS mean the same in Keras 3
OPTIMIZER_POSITIONAL = {
    "SGD": (("lr", "momentum", "decay", "nesterov"), 2),
    "RMSprop": (("lr", "rho", "epsilon", "decay"), 2),
    "Adagrad": (("lr", "epsilon", "decay"), 1),
    "Adadelta": (("lr", "rho", "epsilon", "decay"), 3),
    "Adam": (("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"), 4),
    "Adamax": (("lr", "beta_1", "beta_2", "epsilon", "decay"), 4),
    "Nadam": (("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"), 4),
}
# Keras 2.2.4 default learning rates (fact E5 and keras/optimizers.py)
KERAS2_DEFAULT_LR = {"SGD": "0.01", "RMSprop": "0.001", "Adagrad": "0.01", "Adadelta": "1.0",
                     "Adam": "0.001", "Adamax": "0.002", "Nadam": "0.002"}
CHANGED_DEFAULT_LR = frozenset({"Adagrad", "Adadelta", "Adamax", "Nadam"})
LR_CALLBACKS = frozenset({"ReduceLROnPlateau", "LearningRateScheduler"})
SCHEDULES = frozenset({"InverseTimeDecay", "ExponentialDecay", "PiecewiseConstantDecay",
                       "PolynomialDecay", "CosineDecay", "CosineDecayRestarts"})

FIT_METHODS = frozenset({"fit", "fit_generator"})
DATA_METHODS = frozenset({"fit", "evaluate", "predict", "fit_generator", "evaluate_generator",
                          "predict_generator"})
GENERATOR_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate",
                     "predict_generator": "predict"}
# Keras 3 PyDataset defaults: dropping an argument with this value changes nothing
LOADER_DEFAULTS = {"workers": 1, "use_multiprocessing": False, "max_queue_size": 10}
# Keras 1 fit_generator arguments (2.2.4 keras/legacy/interfaces.py)
KERAS1_SAMPLES = {"samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps",
                  "val_samples": "steps"}
KERAS1_LOADER = {"nb_worker": ("workers", 1), "max_q_size": ("max_queue_size", 10),
                 "pickle_safe": ("use_multiprocessing", False)}
# monitor position when passed positionally
MONITOR_POSITION = {"ModelCheckpoint": 1, "EarlyStopping": 0, "ReduceLROnPlateau": 0}
OLD_METRIC_KEYS = {"acc": "accuracy", "val_acc": "val_accuracy"}

RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "ConvLSTM2D", "CuDNNLSTM", "CuDNNGRU"})
LAYERS = frozenset({
    "Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector",
    "Embedding", "BatchNormalization", "LayerNormalization", "LeakyReLU", "PReLU", "ELU",
    "SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D", "Conv1DTranspose",
    "Conv2DTranspose", "Conv3DTranspose", "Deconvolution2D", "AtrousConvolution2D",
    "TimeDistributed", "Bidirectional", "Masking", "GaussianNoise", "GaussianDropout",
    "SpatialDropout1D", "SpatialDropout2D", "Lambda", "Highway", "MaxoutDense",
    "ThresholdedReLU",
}) | RECURRENT | frozenset(
    f"{kind}{d}D" for d in (1, 2, 3) for kind in (
        "Conv", "Convolution", "MaxPooling", "AveragePooling", "MaxPool", "AvgPool",
        "GlobalMaxPooling", "GlobalAveragePooling", "ZeroPadding", "UpSampling", "Cropping",
    )
)
CONV2D = frozenset({"Conv2D", "Convolution2D"})
# Keras 1 -> Keras 2/3 keyword renames (2.2.4 keras/legacy/interfaces.py, facts A18, H7)
LAYER_KWARG_RENAMES = {
    "border_mode": "padding", "init": "kernel_initializer", "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer", "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint", "subsample": "strides", "dim_ordering": "data_format",
    "nb_filter": "filters", "dropout_W": "dropout", "dropout_U": "recurrent_dropout",
    "inner_init": "recurrent_initializer", "U_regularizer": "recurrent_regularizer",
}
EMBEDDING_KWARG_RENAMES = {"init": "embeddings_initializer",
                           "W_regularizer": "embeddings_regularizer",
                           "W_constraint": "embeddings_constraint"}
OUTPUT_DIM_LAYERS = frozenset({"Dense"}) | RECURRENT
DIM_ORDERING_VALUES = {"th": "channels_first", "tf": "channels_last"}

COMPILE_REMOVED = {
    "target_tensors": "feed targets as data: `model.fit(dataset)` yielding `(x, y)`",
    "sample_weight_mode": "drop it; pass a 2-D `sample_weight` of shape (batch, timesteps)",
    "options": "drop it", "run_options": "drop it", "distribute": "drop it",
    "experimental_run_tf_function": "drop it",
}
TENSORBOARD_REMOVED = {"batch_size": 32, "write_grads": False, "embeddings_layer_names": None,
                       "embeddings_data": None}
CHECKPOINT_REMOVED = frozenset({"options", "load_weights_on_restart"})
