"""Name tables the checker matches against (Keras 2 names, Keras 3.15 names).

>>> from kerasnb.migrate.tables import BACKEND_TO_OPS
>>> BACKEND_TO_OPS["pow"]
'power'
"""

from __future__ import annotations

# keras.backend in Keras 3 keeps exactly these names (fact B1)
BACKEND_KEPT = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format",
    "is_float_dtype", "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon",
    "set_floatx", "set_image_data_format", "standardize_dtype",
})
# K.name -> keras.ops.name with the same arguments (fact B2, plus names with identical
# signatures in keras.ops)
BACKEND_TO_OPS: dict[str, str] = {
    **{n: n for n in (
        "mean", "sum", "square", "sqrt", "abs", "clip", "log", "exp", "dot", "cast", "maximum",
        "minimum", "std", "var", "round", "ones_like", "zeros_like", "zeros", "ones", "softmax",
        "sigmoid", "tanh", "softplus", "squeeze", "reshape", "shape", "max", "min", "prod",
        "equal", "not_equal", "greater", "less", "sign", "transpose", "stack", "one_hot",
        "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
        "stop_gradient", "cumsum", "logsumexp",
    )},
    "pow": "power",
}
# Keras 2 defaults that differ from keras.ops: the argument added to keep Keras 2 behaviour
BACKEND_DEFAULT_AXIS = {"concatenate": "axis=-1", "expand_dims": "axis=-1", "argmax": "axis=-1",
                        "argmin": "axis=-1"}
BACKEND_VARIABLES = frozenset({"variable", "get_value", "set_value", "eval", "count_params"})
BACKEND_GRAPH = frozenset({"function", "placeholder", "gradients", "learning_phase",
                           "set_learning_phase", "get_session", "set_session",
                           "image_dim_ordering"})
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
REMOVED_LAYERS = frozenset({"merge", "Merge", "CuDNNLSTM"})
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
LEGACY_SEQUENCE = frozenset({"TimeseriesGenerator", "skipgrams", "make_sampling_table"})

OPTIMIZERS = frozenset({"SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam",
                        "AdamW", "Ftrl", "Lion"})
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
