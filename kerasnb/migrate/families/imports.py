"""Rule family A: modules and names that moved or were removed (K2101-K2119).

>>> from kerasnb.migrate import check_keras2
>>> [f.code for f in check_keras2("from keras.layers.merge import _Merge")]
['K2101', 'K2119']

Import statements are checked here; ``keras.x.y`` attribute chains in code are checked by
:data:`MODULES`, keyed by the module path before the last dot.
"""

from __future__ import annotations

import ast
import re

from kerasnb.migrate import tables as T
from kerasnb.migrate.core import Context, keras_path
from kerasnb.migrate.edits import is_name
from kerasnb.migrate.families.backend import backend_name
from kerasnb.migrate.findings import Edit
from kerasnb.migrate.names import KERAS_LAYERS

_FROM = re.compile(r"from\s+([\w.]+)\s+import")


def _module_code(path: str, legacy: bool) -> str | None:
    parts = path.split(".")
    if len(parts) >= 3 and parts[1] == "layers" and parts[2] in T.LAYER_SUBMODULES:
        return "K2101"
    if path.startswith("keras.utils.np_utils"):
        return "K2102"
    if len(parts) >= 3 and parts[1] == "utils" and parts[2] in T.UTILS_SUBMODULES:
        return "K2103"
    if parts[:2] == ["keras", "engine"]:
        return "K2104"
    if path.startswith("keras.wrappers.scikit_learn"):
        return "K2105"
    if parts[:2] == ["keras", "objectives"]:
        return "K2107"
    if path.startswith("keras.preprocessing.text"):
        return "K2114" if legacy else "K2113"
    if path.startswith("keras.optimizers.legacy"):
        return "K2116"
    return None


def _module_fix(ctx: Context, node: ast.ImportFrom, path: str, code: str) -> list[Edit]:
    """Move the import to its Keras 3 module, only when every name is public there."""
    names = {a.name for a in node.names}
    target = {
        "K2101": "keras.layers" if names <= KERAS_LAYERS else None,
        "K2102": "keras.utils" if names <= T.KERAS_UTILS else None,
        "K2103": "keras.utils" if names <= T.KERAS_UTILS else None,
        "K2104": "keras.layers" if names <= {"Layer", "InputSpec"} else None,
        "K2107": "keras.losses" if names <= T.KERAS_LOSSES else None,
        "K2116": "keras.optimizers",
    }.get(code)
    if target is None or "*" in names:
        return []
    return module_edit(ctx, node, path, target)


def module_edit(ctx: Context, node: ast.ImportFrom, path: str, target: str) -> list[Edit]:
    """Replace the module of ``from MODULE import ...`` (keeping a ``tensorflow.`` prefix)."""
    module = node.module or ""
    prefix = module[: len(module) - len(path) + len("keras")][: -len("keras")]
    start, end = ctx.src.span(node)
    match = _FROM.match(ctx.src.text[start:end])
    if not match or match.group(1) != module:
        return []
    new = prefix + target
    return [Edit(start + match.start(1), start + match.end(1), new, safe=is_name(new))]


def check_import(ctx: Context, node: ast.Import | ast.ImportFrom) -> None:
    """Every rule about one import statement."""
    if type(node) is ast.Import:
        for alias in node.names:
            kp = keras_path(alias.name)
            if kp:
                code = _module_code(*kp)
                if code:
                    ctx.add(node, code, module=alias.name, name=alias.name)
        return
    if node.level or not node.module:
        return
    kp = keras_path(node.module)
    if kp is None:
        return
    path, legacy = kp
    names = {a.name for a in node.names}
    code = _module_code(path, legacy)
    if code:
        ctx.add(node, code, _module_fix(ctx, node, path, code), module=node.module,
                name=node.module)
        if code in ("K2113", "K2114"):
            return
    if path == "keras.preprocessing.text":
        return
    same = T.PREPROCESSING_SAME_AS_UTILS.get(path)
    if same is not None and names & same:
        fix = module_edit(ctx, node, path, "keras.utils") if names <= same else []
        ctx.add(node, "K2115", fix, module=node.module)
    for alias in node.names:
        _imported_name(ctx, node, path, legacy, alias)


def _rename_alias(ctx: Context, alias: ast.alias, new: str) -> list[Edit]:
    """``import old`` -> ``import new as old`` (or ``new as x`` when already aliased)."""
    start = ctx.src.offset(alias.lineno, alias.col_offset)
    text = new if alias.asname else f"{new} as {alias.name}"
    return [Edit(start, start + len(alias.name), text, safe=is_name(new))]


_UTILS_NAMES = {"np_utils": "K2102", "multi_gpu_model": "K2106", "Sequence": "K2313",
                "vis_utils": "K2103", "data_utils": "K2103", "generic_utils": "K2103"}


def _imported_name(ctx: Context, node: ast.ImportFrom, path: str, legacy: bool,
                   alias: ast.alias) -> None:
    name = alias.name
    module = node.module or path
    if name.startswith("_") and not name.startswith("__") and path != "keras":
        ctx.add(alias, "K2119", name=name, module=module)
    elif path == "keras.utils":
        code = _UTILS_NAMES.get(name)
        if code:
            ctx.add(alias, code, module=f"{module}.{name}")
    elif path == "keras" and name in ("engine", "objectives"):
        ctx.add(alias, "K2104" if name == "engine" else "K2107")
    elif path == "keras.wrappers" and name == "scikit_learn":
        ctx.add(alias, "K2105")
    elif path == "keras.constraints" and name == "maxnorm":
        ctx.add(alias, "K2108", _rename_alias(ctx, alias, "max_norm"))
    elif path == "keras.models" and name == "model_from_yaml":
        ctx.add(alias, "K2109", name=name)
    elif path == "keras.layers" and name in T.REMOVED_LAYERS:
        ctx.add(alias, "K2110", name=name, new=T.REMOVED_LAYERS[name])
    elif path == "keras.layers" and name in T.LAYER_SUBMODULES:
        ctx.add(alias, "K2101", module=f"{module}.{name}")
    elif path in ("keras.losses", "keras.metrics") and name in T.LOSS_ALIASES:
        new = T.LOSS_ALIASES[name]
        ctx.add(alias, "K2118", _rename_alias(ctx, alias, new), module=module, name=name,
                new=f"from {module} import {new}")
    elif path == "keras.optimizers" and name in T.OPTIMIZER_ALIASES:
        new = T.OPTIMIZER_ALIASES[name]
        ctx.add(alias, "K2409", _rename_alias(ctx, alias, new), name=name, new=new)
    elif path == "keras.preprocessing.image" and name in T.LEGACY_IMAGE:
        ctx.add(alias, "K2114" if legacy else "K2111", name=name)
    elif path == "keras.preprocessing.sequence" and name in T.LEGACY_SEQUENCE:
        ctx.add(alias, "K2114" if legacy else "K2112", name=name)
    elif path == "keras.preprocessing" and name == "text":
        ctx.add(alias, "K2114" if legacy else "K2113", name="keras.preprocessing.text")
    elif path == "keras.optimizers" and name == "legacy":
        ctx.add(alias, "K2116")
    elif path == "keras.callbacks" and name == "BaseLogger":
        ctx.add(alias, "K2507")
    elif path == "keras.backend" and name not in T.BACKEND_KEPT:
        backend_name(ctx, alias, name, legacy, [])


# ---------------------------------------------------------------------- keras.x.y in code
def _layers(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr in T.LAYER_SUBMODULES:
        ctx.add(node, "K2101", [ctx.drop_attr(node)], module=f"keras.layers.{attr}")
    elif attr in T.REMOVED_LAYERS:
        ctx.add(node, "K2110", name=attr, new=T.REMOVED_LAYERS[attr])


def _utils(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "np_utils":
        ctx.add(node, "K2102", [ctx.drop_attr(node)])
    elif attr in T.UTILS_SUBMODULES:
        ctx.add(node, "K2103", [ctx.drop_attr(node)], module=f"keras.utils.{attr}")
    elif attr == "multi_gpu_model":
        ctx.add(node, "K2106")
    elif attr == "Sequence":
        ctx.add(node, "K2313", [ctx.rename_attr(node, "PyDataset")])


def _keras(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "engine":
        ctx.add(node, "K2104")
    elif attr == "objectives":
        ctx.add(node, "K2107", [ctx.rename_attr(node, "losses")])


def _wrappers(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "scikit_learn":
        ctx.add(node, "K2105")


def _constraints(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "maxnorm":
        ctx.add(node, "K2108", [ctx.rename_attr(node, "max_norm")])


def _models(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "model_from_yaml":
        ctx.add(node, "K2109", name=attr)


def _image(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr in T.LEGACY_IMAGE:
        ctx.add(node, "K2114" if legacy else "K2111", name=attr)
    elif not legacy and attr not in T.KERAS3_IMAGE and not attr.startswith("_"):
        ctx.add(node, "K2111", name=attr)  # image.random_rotation(...) and the like
    else:
        _same_as_utils(ctx, node, attr, legacy)


def _sequence(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr in T.LEGACY_SEQUENCE:
        ctx.add(node, "K2114" if legacy else "K2112", name=attr)
    else:
        _same_as_utils(ctx, node, attr, legacy)


def _preprocessing(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "text":
        ctx.add(node, "K2114" if legacy else "K2113", name="keras.preprocessing.text")
    else:
        _same_as_utils(ctx, node, attr, legacy)


def _same_as_utils(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    path = ctx.path(node.value) or ""
    module = (keras_path(path) or (path, False))[0]
    if attr in T.PREPROCESSING_SAME_AS_UTILS.get(module, ()):
        fix = [] if legacy else [ctx.replace(node.value, "keras.utils", True)]
        ctx.add(node, "K2115", fix, module=module)


def _optimizers(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "legacy":
        ctx.add(node, "K2116", [ctx.drop_attr(node)])
    elif attr in T.OPTIMIZER_ALIASES:
        new = T.OPTIMIZER_ALIASES[attr]
        ctx.add(node, "K2409", [ctx.rename_attr(node, new)], name=attr, new=new)


def _losses(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr in T.LOSS_ALIASES:
        new = T.LOSS_ALIASES[attr]
        module = "keras.metrics" if (ctx.path(node.value) or "").endswith("metrics") else \
            "keras.losses"
        ctx.add(node, "K2118", [ctx.rename_attr(node, new)], module=module, name=attr,
                new=f"{module}.{new}")


def _callbacks(ctx: Context, node: ast.Attribute, attr: str, legacy: bool) -> None:
    if attr == "BaseLogger":
        ctx.add(node, "K2507")


MODULES = {
    "keras.layers": _layers, "keras.utils": _utils, "keras": _keras,
    "keras.wrappers": _wrappers, "keras.constraints": _constraints, "keras.models": _models,
    "keras.preprocessing.image": _image, "keras.preprocessing.sequence": _sequence,
    "keras.preprocessing": _preprocessing, "keras.optimizers": _optimizers,
    "keras.losses": _losses, "keras.metrics": _losses, "keras.callbacks": _callbacks,
}
