"""Every Keras 3 name the checker suggests or writes exists in the installed Keras.

Replacement tables, rules' replacement texts, the replacement of every finding for the
flagged snippets and the rewritten code are searched for dotted ``keras.*`` / ``tf.*``
names and ``from keras.x import y`` lines; each is resolved with ``getattr`` on the real
modules, so a suggestion can never name something missing.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterable

import pytest

keras = pytest.importorskip("keras")

from kerasnb.migrate import RULES, check_keras2, tables  # noqa: E402
from kerasnb.migrate.families.backend import suggestion  # noqa: E402
from kerasnb.migrate.names import KERAS_LAYERS, KERAS_OPS, OPTIMIZER_PARAMETERS  # noqa: E402
from tests.test_migrate_rules import FLAGGED, REWRITES  # noqa: E402

DOTTED = re.compile(r"(?<![\w.])((?:keras|tf)(?:\.[A-Za-z_]\w*)+)")
FROM_IMPORT = re.compile(r"from ((?:keras|tensorflow)[\w.]*) import (\w+)")
# every function of Keras 2.2.4's keras.backend that user code called (tensorflow_backend.py)
KERAS2_BACKEND = """
abs all any arange argmax argmin batch_dot batch_flatten batch_get_value batch_normalization
batch_set_value bias_add binary_crossentropy cast categorical_crossentropy clip concatenate
constant conv1d conv2d conv2d_transpose cos count_params ctc_batch_cost ctc_decode cumprod
cumsum dot dropout dtype elu equal eval exp expand_dims eye flatten foldl foldr function gather
get_session get_value gradients greater greater_equal hard_sigmoid identity image_dim_ordering
in_test_phase in_train_phase int_shape is_sparse is_tensor l2_normalize learning_phase less
less_equal log logsumexp map_fn max maximum mean min minimum moving_average_update ndim
not_equal one_hot ones ones_like permute_dimensions placeholder pool2d pow print_tensor prod
random_binomial random_normal random_uniform relu repeat repeat_elements reshape
resize_images reverse rnn round separable_conv2d set_learning_phase set_session set_value
sigmoid sign sin softmax softplus softsign sparse_categorical_crossentropy sqrt square squeeze
stack std stop_gradient sum switch tanh temporal_padding tile transpose truncated_normal
update update_add var variable zeros zeros_like control_flow_ops
""".split()


def resolve(dotted: str) -> object:
    """Import the longest importable prefix, then getattr the rest (raises if missing)."""
    parts = dotted.split(".")
    if parts[0] == "tf":
        parts[0] = "tensorflow"
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def names_in(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if "{" in text and "}" in text and re.search(r"\{\w+\}", text):
            text = re.sub(r"`[^`]*\{\w+\}[^`]*`", "", text)  # templates filled per finding
        found.update(DOTTED.findall(text))
        found.update(f"{module}.{name}" for module, name in FROM_IMPORT.findall(text))
    return {name.rstrip(".") for name in found}


def _table_texts() -> list[str]:
    texts: list[str] = []
    for value in vars(tables).values():
        if isinstance(value, dict):
            for item in value.values():
                texts.extend(v for v in (item if isinstance(item, tuple) else (item,))
                             if isinstance(v, str))
    for rule in RULES.values():
        texts.append(rule.replacement)
    texts += [suggestion(name) for name in KERAS2_BACKEND]
    return texts


@pytest.mark.parametrize("name", sorted(names_in(_table_texts())))
def test_every_name_in_tables_and_rules_exists(name: str) -> None:
    resolve(name)


def test_every_name_in_a_finding_exists() -> None:
    texts = [f.replacement for _, _, snippet in FLAGGED
             for f in check_keras2(snippet)]
    names = names_in(texts)
    assert len(names) > 30
    missing = []
    for name in sorted(names):
        try:
            resolve(name)
        except (AttributeError, ImportError):
            missing.append(name)
    assert missing == []


def test_rewritten_code_names_exist() -> None:
    from kerasnb.migrate import rewrite_keras2

    for before, _ in REWRITES:
        for name in names_in([rewrite_keras2(before).source]) - names_in([before]):
            resolve(name)


def test_mechanical_tables_point_at_real_functions() -> None:
    for new in tables.BACKEND_TO_OPS.values():
        assert callable(resolve(f"keras.ops.{new}")), new
    for name in tables.BACKEND_DEFAULT_AXIS:
        assert "axis" in inspect.signature(resolve(f"keras.ops.{name}")).parameters
    for new in tables.BACKEND_TO_OTHER.values():
        assert callable(resolve(new))
    for new in tables.OPTIMIZER_ALIASES.values():
        resolve(f"keras.optimizers.{new}")
    for new in set(tables.LOSS_ALIASES.values()):
        resolve(f"keras.losses.{new}")
    for alias in tables.LOSS_ALIASES:
        assert not hasattr(keras.losses, alias), alias  # the alias really is gone
    for alias in tables.OPTIMIZER_ALIASES:
        assert not hasattr(keras.optimizers, alias), alias
    for new in set(tables.MERGE_MODES.values()):
        resolve(f"keras.layers.{new}")
    assert tables.KERAS_UTILS <= set(dir(keras.utils))
    image = {n for n in dir(keras.preprocessing.image) if not n.startswith("_")}
    assert tables.KERAS3_IMAGE == image
    assert not tables.LEGACY_IMAGE & image
    assert tables.KERAS_LOSSES <= set(dir(keras.losses))
    assert tables.BACKEND_KEPT == {n for n in dir(keras.backend) if not n.startswith("_")}


def test_generated_name_lists_match_keras() -> None:
    assert KERAS_OPS <= set(dir(keras.ops))
    assert KERAS_LAYERS <= set(dir(keras.layers))
    for name, params in OPTIMIZER_PARAMETERS.items():
        signature = list(inspect.signature(getattr(keras.optimizers, name)).parameters)
        assert tuple(signature[: len(params)]) == params, name


def test_backend_names_never_get_a_guessed_keras_ops_name() -> None:
    for name in KERAS2_BACKEND:
        for dotted in names_in([suggestion(name)]):
            resolve(dotted)


def test_every_fix_text_is_whole() -> None:
    """No replacement text ends in a fragment ('...; plain `LSTM`') or leaves code open."""
    findings = [f.replacement for _, _, snippet in FLAGGED for f in check_keras2(snippet)]
    assert all(text.strip() for text in findings), "a finding without a fix text"
    for text in [t for t in _table_texts() if t.strip()] + findings:
        stripped = text.strip()
        assert stripped.count("`") % 2 == 0, text
        assert not stripped.endswith((";", ",", " or", " and", "(")), text
