"""The rule catalogue: every Keras 2 idiom the checker knows, written from the fact table.

>>> from kerasnb.migrate.rules import RULES
>>> RULES["K2401"].severity, RULES["K2401"].fact
('error', 'E1, E2')

Each rule names the fact-table rows it comes from (``fact``), how it fails in Keras 3
(``severity``) and the Keras 3 spelling (``replacement``). Severities:

* ``"error"``: raises in Keras 3 (at import, at construction, or inside ``fit``);
* ``"silent"``: runs, but does something else than in Keras 2 (or hangs);
* ``"deprecated"``: works, perhaps with a warning, but Keras 3 has a preferred spelling.

Facts ``A1``..``K4`` are rows of the course's Keras 2 -> 3 fact table; facts ``N1``..``N11``
are idioms found in real old code afterwards, each run on the installed Keras 3 by
``tests/test_migrate_facts.py`` (which fails if Keras changes the behaviour described).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "silent", "deprecated"]
SEVERITIES: tuple[Severity, ...] = ("error", "silent", "deprecated")


@dataclass(frozen=True)
class Rule:
    """One Keras 2 idiom.

    >>> Rule("K2999", "error", "example", "what happens", "what to write", "A1").code
    'K2999'
    """

    code: str
    severity: Severity
    title: str
    message: str
    replacement: str
    fact: str


_RULES: tuple[Rule, ...] = (
    # A. imports and modules
    Rule("K2101", "error", "removed keras.layers submodule",
         "`{module}` does not exist in Keras 3 (ModuleNotFoundError)",
         "import the layer from `keras.layers`", "A3, A19"),
    Rule("K2102", "error", "keras.utils.np_utils removed",
         "`np_utils` does not exist in Keras 3 (ModuleNotFoundError / ImportError)",
         "`from keras.utils import to_categorical`", "A4"),
    Rule("K2103", "error", "removed keras.utils submodule",
         "`{module}` does not exist in Keras 3 (ModuleNotFoundError)",
         "import from `keras.utils` (`plot_model`, `get_file`, `get_custom_objects`)", "A10"),
    Rule("K2104", "error", "keras.engine removed",
         "`keras.engine` does not exist in Keras 3 (ModuleNotFoundError)",
         "`from keras.layers import Layer`", "A11"),
    Rule("K2105", "error", "keras.wrappers.scikit_learn removed",
         "`keras.wrappers.scikit_learn` does not exist in Keras 3 (ModuleNotFoundError)",
         "`from keras.wrappers import SKLearnClassifier` (its API differs)", "A12"),
    Rule("K2106", "error", "multi_gpu_model removed",
         "`multi_gpu_model` is gone from `keras.utils` (ImportError)",
         "build and compile the model inside `tf.distribute.MirroredStrategy().scope()`", "A13"),
    Rule("K2107", "error", "keras.objectives removed",
         "`keras.objectives` (Keras 1) does not exist in Keras 3 (ModuleNotFoundError)",
         "`keras.losses`", "A14"),
    Rule("K2108", "error", "maxnorm renamed",
         "`maxnorm` is not in `keras.constraints` (ImportError)",
         "`keras.constraints.max_norm` (or `MaxNorm`)", "A15"),
    Rule("K2109", "error", "YAML model format removed",
         "`{name}` is gone (ImportError / AttributeError)",
         "`model.to_json()` and `keras.models.model_from_json(j)`", "A16"),
    Rule("K2110", "error", "removed layer",
         "`{name}` is not in `keras.layers` (ImportError / NameError)", "{new}", "A17"),
    Rule("K2111", "error", "ImageDataGenerator gone from keras.preprocessing",
         "`keras.preprocessing.image` has no `{name}` in Keras 3 (ImportError / AttributeError)",
         "`keras.utils.image_dataset_from_directory(...)` plus preprocessing layers "
         "(`Rescaling`, `RandomFlip`, `RandomRotation`, `RandomZoom`)", "A5, K3"),
    Rule("K2112", "error", "sequence generators gone from keras.preprocessing",
         "`keras.preprocessing.sequence` keeps only `pad_sequences`; `{name}` fails (ImportError)",
         "`keras.utils.timeseries_dataset_from_array(data, targets, sequence_length=...)`", "A8"),
    Rule("K2113", "error", "keras.preprocessing.text removed",
         "`keras.preprocessing.text` does not exist in Keras 3 (ModuleNotFoundError)",
         "`keras.layers.TextVectorization(max_tokens=..., output_sequence_length=...)`, "
         "then `.adapt(texts)`", "A9"),
    Rule("K2114", "deprecated", "legacy tf.keras preprocessing",
         "`{name}` still works through `tf.keras`, but it is the legacy Keras 2 class "
         "(its docstring says DEPRECATED) and standalone `keras` no longer has it",
         "`keras.utils.image_dataset_from_directory` / `timeseries_dataset_from_array` / "
         "`keras.layers.TextVectorization` and preprocessing layers", "0, A5, A8, A9, K3, K4"),
    Rule("K2115", "deprecated", "keras.preprocessing path",
         "`{module}` still works, but these are the same objects as in `keras.utils`",
         "import them from `keras.utils`", "A6, A7, K1, K2"),
    Rule("K2118", "error", "short loss alias removed",
         "`{module}` has no `{name}` in Keras 3 (ImportError / AttributeError); the string "
         "`'{name}'` in `compile` still works", "`{new}`", "N1"),
    Rule("K2119", "error", "private Keras name imported",
         "`{name}` is a private name of Keras 2's `{module}`; Keras 3 does not export it "
         "(ImportError), and no rewrite can move it",
         "use the public API (for a merge layer: subclass `keras.layers.Layer`)", "N2"),
    Rule("K2116", "error", "keras.optimizers.legacy",
         "`keras.optimizers.legacy` optimizers raise ImportError when instantiated in Keras 3",
         "`keras.optimizers.SGD(learning_rate=...)` and friends", "A20"),
    Rule("K2117", "deprecated", "LeakyReLU alpha",
         "`LeakyReLU(alpha=...)` works with a UserWarning: `alpha` is deprecated",
         "`LeakyReLU(negative_slope=...)`", "A19"),
    # B. keras.backend
    Rule("K2201", "error", "backend function moved to keras.ops",
         "`keras.backend` has no `{name}` in Keras 3 (AttributeError); it keeps only 14 names",
         "{new}", "B1, B2, H14"),
    Rule("K2202", "error", "backend variables removed",
         "`keras.backend` has no `{name}` in Keras 3 (AttributeError)", "{new}", "B3"),
    Rule("K2203", "error", "graph-mode backend API removed",
         "`keras.backend` has no `{name}` in Keras 3 (AttributeError)", "{new}", "B4"),
    Rule("K2204", "deprecated", "tf.keras.backend legacy shim",
         "`tf.keras.backend.{name}` still works through a legacy shim, but standalone "
         "`keras.backend` has no `{name}`", "{new} (backend-agnostic)", "B5"),
    # C. training API, D. Sequence / PyDataset
    Rule("K2301", "error", "*_generator methods removed",
         "models have no `{name}` in Keras 3 (AttributeError)",
         "`{new}`, which accepts generators and keeps `steps_per_epoch`/`validation_steps`/"
         "`steps`", "C1, C2"),
    Rule("K2302", "error", "data-loading arguments passed to fit",
         "`{name}=` is not accepted by fit/evaluate/predict in Keras 3 (TypeError/ValueError)",
         "pass `workers`, `use_multiprocessing`, `max_queue_size` to your "
         "`keras.utils.PyDataset` subclass constructor (`super().__init__(**kwargs)`)", "C3, D3"),
    Rule("K2303", "error", "nb_epoch renamed",
         "`nb_epoch=` (Keras 1) is not accepted in Keras 3 (TypeError)", "`epochs=`", "C4"),
    Rule("K2304", "error", "sample counts replaced by step counts",
         "`{name}=` (Keras 1) is not accepted in Keras 3 (TypeError); it counted samples",
         "`{new}=` counts batches: divide the old value by the batch size", "C4"),
    Rule("K2305", "error", "Keras 1 worker arguments",
         "`{name}=` (Keras 1) is not accepted in Keras 3 (TypeError)",
         "`{new}=` on the `keras.utils.PyDataset` constructor", "C4, D4"),
    Rule("K2306", "silent", "infinite generator without a step count",
         "an endless generator without `{name}=` makes Keras 3 wait forever "
         "(no error; Keras 2 raised ValueError)", "pass `{name}=...`", "C5"),
    Rule("K2307", "error", "predict_classes removed",
         "models have no `predict_classes` in Keras 3 (AttributeError)",
         "`p = model.predict(x); p.argmax(axis=-1) if p.shape[-1] > 1 else "
         "(p > 0.5).astype('int32')`", "C6"),
    Rule("K2308", "error", "predict_proba removed",
         "models have no `predict_proba` in Keras 3 (AttributeError)", "`model.predict(x)`",
         "C7"),
    Rule("K2309", "silent", "metrics_names zipped with evaluate",
         "`model.metrics_names` is `['loss', 'compile_metrics']` in Keras 3, so the zip pairs "
         "the wrong names and drops metrics", "`model.evaluate(x, y, return_dict=True)`", "C8"),
    Rule("K2310", "error", "optimizer.lr removed",
         "optimizers have no `lr` attribute in Keras 3 (AttributeError)",
         "`optimizer.learning_rate` (read with `float(...)`, set with `= value`)", "C9, F12"),
    Rule("K2311", "error", "Model.reset_states removed",
         "models have no `reset_states` in Keras 3 (AttributeError)",
         "`for layer in model.layers: if hasattr(layer, 'reset_states'): layer.reset_states()`",
         "C11"),
    Rule("K2312", "error", "_make_predict_function removed",
         "models have no `_make_predict_function` in Keras 3 (AttributeError)",
         "delete the line", "C12"),
    Rule("K2313", "deprecated", "Sequence is PyDataset",
         "`keras.utils.Sequence` is kept as another name of `keras.utils.PyDataset`",
         "`keras.utils.PyDataset`", "D1"),
    Rule("K2314", "deprecated", "PyDataset subclass without super().__init__",
         "Keras 3 warns that a `PyDataset` subclass should call `super().__init__(**kwargs)`; "
         "without it `workers`/`use_multiprocessing`/`max_queue_size` cannot be set",
         "`def __init__(self, ..., **kwargs): super().__init__(**kwargs)`", "D2"),
    # E. optimizers
    Rule("K2315", "silent", "trainable set after compile",
         "`{name}.trainable = ...` after `{name}.compile(...)`: Keras 2 fixed the trainable "
         "weights when `compile` ran, Keras 3 reads the flag when the model first trains, so "
         "`{name}` never learns in its own `train_on_batch` (only a UserWarning: 'The model "
         "does not have any trainable weights')",
         "set `{name}.trainable = True` right before `{name}.train_on_batch(...)` and `False` "
         "right before the combined model's `train_on_batch(...)`, or write the GAN as a "
         "`keras.Model` subclass with its own `train_step`", "N3"),
    Rule("K2316", "error", "float step count",
         "`{name}=` is a float here (`/` divides to a float): Keras 3 needs an int "
         "(TypeError); Keras 2 ran ceil(steps) batches",
         "`{name}=math.ceil(...)` (or `//` to drop the last partial batch)", "N4"),
    Rule("K2317", "error", "add_loss(inputs=) removed",
         "`add_loss()` takes no `inputs=` in Keras 3 (TypeError)",
         "drop `inputs=`; call `self.add_loss(...)` inside the layer's `call`", "N5"),
    Rule("K2318", "error", "symbolic add_loss on a model",
         "`{name}.add_loss(tensor)` with a symbolic tensor of a functional model fails in "
         "Keras 3 (NotImplementedError)",
         "compute the loss in a layer's `call` with `self.add_loss(...)`, or pass a loss "
         "function to `compile`", "N6"),
    Rule("K2401", "error", "lr renamed",
         "`lr=` is rejected by Keras 3 optimizers (ValueError: Argument(s) not recognized)",
         "`learning_rate=`", "E1, E2"),
    Rule("K2402", "silent", "optimizer decay ignored",
         "`decay=` is ignored by Keras 3 (only a UserWarning): training runs without decay",
         "`learning_rate=keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=lr, "
         "decay_steps=1, decay_rate=decay)`, the Keras 2 formula lr / (1 + decay * iterations)",
         "E1, E3"),
    Rule("K2403", "error", "optimizer epsilon=None",
         "`epsilon=None` constructs, then `fit` fails with ValueError: None values not supported",
         "omit `epsilon` (the Keras 3 default 1e-7 is Keras 2's K.epsilon())", "E4"),
    Rule("K2404", "silent", "optimizer default learning rate changed",
         "`{name}` defaults to learning_rate=0.001 in Keras 3; Keras 2 used {old}",
         "pass the learning rate explicitly, e.g. `{name}(learning_rate={old})`", "E5"),
    Rule("K2405", "error", "Nadam schedule_decay removed",
         "`schedule_decay=` is rejected by Keras 3 (ValueError: Argument(s) not recognized)",
         "drop it (no equivalent)", "E2"),
    Rule("K2406", "error", "clipnorm together with clipvalue",
         "Keras 3 allows only one of `clipnorm`, `clipvalue`, `global_clipnorm` (ValueError)",
         "pick one", "E6"),
    Rule("K2407", "error", "learning-rate schedule plus a learning-rate callback",
         "an optimizer built with a LearningRateSchedule has a learning rate that callbacks "
         "cannot set (TypeError in fit)", "use either a schedule or an LR callback", "E7"),
    Rule("K2409", "error", "lower-case optimizer alias",
         "`keras.optimizers.{name}` (a Keras 2 alias) does not exist in Keras 3 "
         "(AttributeError / ImportError)", "`keras.optimizers.{new}`", "N7"),
    Rule("K2410", "silent", "positional optimizer arguments",
         "positional argument(s) {position} of `{name}` meant `{old}` in Keras 2 but mean "
         "`{new}` in Keras 3: the call runs, with another meaning", "{fix}", "N8"),
    Rule("K2408", "error", "custom optimizer get_updates",
         "Keras 3 optimizers have no `get_updates` (AttributeError)",
         "subclass `keras.optimizers.Optimizer` and implement `build`/`update_step`", "E8"),
    # F. callbacks
    Rule("K2501", "error", "ModelCheckpoint period removed",
         "`period=` is rejected by Keras 3's ModelCheckpoint (TypeError)",
         "`save_freq='epoch'` (default) or `save_freq=N * steps_per_epoch` (an int counts "
         "batches)", "F1a"),
    Rule("K2502", "error", "checkpoint file extension",
         "Keras 3 refuses this checkpoint path: {why} (ValueError)", "{new}", "F1b, F1c"),
    Rule("K2503", "silent", "weights name for a full model",
         "`.weights.h5` without `save_weights_only=True` writes a full legacy-HDF5 model",
         "use `.keras` for full models, or pass `save_weights_only=True`", "F1d"),
    Rule("K2504", "error", "tf.keras-only ModelCheckpoint argument",
         "`{name}` is rejected by Keras 3's ModelCheckpoint",
         "`save_freq='epoch'` or an int; `keras.callbacks.BackupAndRestore(dir)` to resume",
         "F1g"),
    Rule("K2505", "silent", "ReduceLROnPlateau epsilon ignored",
         "`epsilon=` is swallowed by Keras 3's ReduceLROnPlateau with no warning; "
         "min_delta stays 1e-4", "`min_delta=`", "F2"),
    Rule("K2506", "error", "removed TensorBoard argument",
         "`{name}=` is rejected by Keras 3's TensorBoard (TypeError)",
         "drop it (no replacement)", "F4"),
    Rule("K2507", "error", "BaseLogger removed",
         "`keras.callbacks` has no `BaseLogger` in Keras 3",
         "drop it: `fit` already reports epoch averages", "F6"),
    Rule("K2508", "error", "ProgbarLogger arguments removed",
         "`ProgbarLogger` takes no `{name}=` in Keras 3 (TypeError)",
         "`ProgbarLogger()` or `fit(verbose=1)`", "F7"),
    Rule("K2509", "error", "Callback.validation_data removed",
         "callbacks have no `validation_data` attribute in Keras 3 (AttributeError)",
         "pass the validation data to the callback's `__init__` and call "
         "`self.model.evaluate(..., return_dict=True)`", "F12"),
    # G. metric names
    Rule("K2601", "error", "old metric name",
         "{why}", "`{new}`", "G1, F1e, F1f, F2b, F3"),
    Rule("K2602", "error", "learning-rate log key renamed",
         "callbacks log the learning rate as `learning_rate` in Keras 3 (KeyError for 'lr')",
         "`'learning_rate'`", "G7, F2, F11"),
    Rule("K2603", "error", "metric alias removed",
         "Keras 3 cannot interpret the metric `{name}` (ValueError)",
         "`'categorical_crossentropy'` or `keras.metrics.CategoricalCrossentropy()`", "G4"),
    Rule("K2604", "error", "one flat metrics list for several outputs",
         "with several outputs Keras 3 needs one metrics entry per output (ValueError in fit)",
         "`metrics=[['accuracy'], ['accuracy']]` or a dict keyed by output name", "G6"),
    # H. layers and compile (and A18)
    Rule("K2701", "silent", "Conv2D(filters, 3, 3) means strides",
         "the third positional argument of `{name}` is `strides` in Keras 2/3: this is a "
         "3x3 kernel with strides 3, not the Keras 1 kernel size (rows, cols)",
         "`{name}(filters, (3, 3))`", "A18"),
    Rule("K2702", "error", "Keras 1 layer argument renamed",
         "`{name}=` is rejected by Keras 3 layers (ValueError: Unrecognized keyword arguments)",
         "`{new}=`", "A18, H7"),
    Rule("K2703", "error", "Keras 1 layer argument removed",
         "`{name}=` is rejected by Keras 3 layers (ValueError: Unrecognized keyword arguments)",
         "{new}", "H7"),
    Rule("K2704", "deprecated", "input shape on a layer",
         "`{name}=` on a layer works with a UserWarning in Keras 3",
         "start the model with `keras.Input(shape=...)`", "H1, H2"),
    Rule("K2705", "error", "batch_input_shape removed",
         "`batch_input_shape=` is rejected by Keras 3 layers (ValueError)",
         "`keras.Input(batch_shape=...)` as the first layer", "H3"),
    Rule("K2706", "error", "input_length on a recurrent layer",
         "`input_length=` is rejected by Keras 3 layers other than Embedding (ValueError)",
         "`keras.Input(shape=(timesteps, features))` first", "H4"),
    Rule("K2707", "deprecated", "Embedding input_length",
         "`Embedding(input_length=...)` warns and leaves a Sequential model unbuilt "
         "(`summary()` shows `?`)",
         "drop it and start with `keras.Input(shape=(maxlen,))`", "H6"),
    Rule("K2708", "error", "removed compile argument",
         "`compile()` does not accept `{name}=` in Keras 3 (TypeError)", "{new}", "H8, H9, H10"),
    Rule("K2709", "error", "Input(tensor=...) with data",
         "`Input(tensor=...)` accepts only a KerasTensor in Keras 3 (ValueError for TF tensors)",
         "`keras.Input(shape=...)` and pass the data to `fit`", "H11"),
    Rule("K2710", "error", "Model(input=, output=)",
         "`Model` does not accept `{name}=` in Keras 3 (ValueError)", "`{new}=`", "H12"),
    Rule("K2711", "error", "layer.input_shape removed",
         "layers have no `{name}` attribute in Keras 3 (AttributeError)", "`{new}`", "H13"),
    Rule("K2712", "error", "batch_size on a layer",
         "`batch_size=` is rejected by Keras 3 layers (ValueError: Unrecognized keyword "
         "arguments)", "`keras.Input(shape=..., batch_size=...)` as the first layer", "N9"),
    Rule("K2713", "error", "Embedding input_length with an unbuilt model",
         "`Embedding(input_length=...)` is ignored in Keras 3, so the model has no weights "
         "until it sees data: {use} fails here (ValueError, or an empty list)",
         "start the model with `keras.Input(shape=({maxlen},))` and drop `input_length`", "H6, N10"),
    Rule("K2714", "silent", "hard_sigmoid has another slope",
         "`hard_sigmoid` is `relu6(x + 3) / 6` in Keras 3 (slope 1/6) but was "
         "`clip(0.2 * x + 0.5, 0, 1)` in Keras 2: the layer runs and computes other numbers, "
         "so weights trained in Keras 2 give other outputs",
         "keep Keras 2's numbers with `activation=lambda x: keras.ops.clip(0.2 * x + 0.5, "
         "0.0, 1.0)`, or retrain with `'hard_sigmoid'` (or `'sigmoid'`)", "N11"),
    # I. saving and loading
    Rule("K2801", "deprecated", "legacy HDF5 model file",
         "saving a whole model as HDF5 works in Keras 3 but logs that the format is legacy",
         "`model.save('my_model.keras')`", "I1"),
    Rule("K2802", "error", "model.save without extension",
         "Keras 3 refuses a path without extension (ValueError: Invalid filepath extension)",
         "`model.save('my_model.keras')`, or `model.export('dir')` for serving", "I2"),
    Rule("K2803", "error", "save_format removed",
         "`save_format=` is deprecated in Keras 3 ('tf' raises ValueError; 'h5' only warns)",
         "drop it and choose the format by extension (`.keras` or `.h5`)", "I3"),
    Rule("K2804", "error", "loading a SavedModel directory",
         "`load_model()` in Keras 3 reads only `.keras` and `.h5` files (ValueError)",
         "`keras.layers.TFSMLayer('dir', call_endpoint='serving_default')` (inference only)",
         "I4"),
    Rule("K2805", "error", "save_weights file name",
         "Keras 3 `save_weights` needs a name ending in `.weights.h5` (ValueError)",
         "`model.save_weights('w.weights.h5')`", "I5"),
    Rule("K2806", "error", "loading a model with a Python lambda",
         "`load_model` refuses `Lambda(lambda ...)` layers by default (ValueError)",
         "a registered custom layer, or `load_model(p, safe_mode=False)` for trusted files",
         "I6"),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
