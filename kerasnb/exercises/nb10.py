"""Exercises of 10_keras2_to_keras3.ipynb.

>>> [ex.id for ex in EXERCISES]
['10.silent-code', '10.decayed-lr', '10.rewrite-fit']
"""

from __future__ import annotations

import ast
import numbers
from typing import Any

from kerasnb.exercises import Exercise, Wrong, received

_OLD_PLATEAU = "ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=3, epsilon=0.01)"
_OLD_FIT = "model.fit_generator(batches, steps_per_epoch=20, nb_epoch=3)"


# The rule for the ignored ReduceLROnPlateau(epsilon=...), written out here: the expected answer
# must not come from check_keras2, the code whose answer the learner is asked to read.
_SILENT_CODE = "K2505"


def _silent_code(answer: Any) -> str | None:
    from kerasnb.migrate import RULES

    if not isinstance(answer, str):
        return f"Give the rule code as a string like 'K2401'; you gave {received(answer)}."
    code = answer.strip().upper()
    if code == _SILENT_CODE:
        return None
    rule = RULES.get(code)
    if rule is None:
        return (
            f"{answer!r} is not a rule code of check_keras2; codes look like 'K2401'. Run "
            "check_keras2 on the ReduceLROnPlateau line and read the `code` of its finding."
        )
    return (
        f"{code} is the rule for {rule.title} (severity {rule.severity!r}). Run check_keras2 on "
        "the ReduceLROnPlateau line and read the `code` of the finding whose severity is 'silent'."
    )


def _decayed_lr(answer: Any) -> str | None:
    if not isinstance(answer, numbers.Real) or isinstance(answer, bool):
        return f"Give the learning rate as a number; you gave {received(answer)}."
    expected = 0.1 / (1 + 0.01 * 100)
    if abs(answer - expected) <= 1e-6:
        return None
    if abs(answer - 0.1) <= 1e-9:
        return ("0.1 is what Keras 3 uses when `decay` is ignored; Keras 2 divided the rate "
                "by (1 + decay * iterations) after 100 updates.")
    if abs(answer - 0.1 * (1 - 0.01) ** 100) <= 1e-6:
        return ("That is exponential decay. Keras 2's decay was inverse-time: "
                "lr / (1 + decay * iterations).")
    return f"You gave {answer}; compute lr / (1 + decay * iterations) with lr=0.1, decay=0.01."


def _rewrite_fit(answer: Any) -> str | None:
    import inspect

    import keras

    from kerasnb.migrate import check_keras2

    if not isinstance(answer, str):
        return f"Give the Keras 3 line as a string; you gave {received(answer)}."
    try:
        tree = ast.parse(answer)
    except SyntaxError as err:
        return f"Your line is not valid Python ({err.msg}); write one call to model.fit(...)."
    findings = check_keras2(answer)
    if findings:
        return f"The checker still finds Keras 2 idioms: {findings[0].message}."
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and n.func.attr == "fit"]
    if not calls:
        return "Expected a call to model.fit(...), which accepts the generator directly."
    call = calls[0]
    accepted = set(inspect.signature(keras.Model.fit).parameters) - {"self"}
    unknown = [k.arg for k in call.keywords if k.arg not in accepted]
    if unknown:
        return (
            f"Keras 3's fit has no argument {', '.join(map(repr, unknown))}; it takes "
            f"{', '.join(sorted(accepted))}."
        )
    keywords = {k.arg: k.value for k in call.keywords}
    for name, value in (("steps_per_epoch", 20), ("epochs", 3)):
        node = keywords.get(name)
        if not (isinstance(node, ast.Constant) and node.value == value):
            return (f"Keep {name}={value}: without steps_per_epoch an endless generator makes "
                    "Keras 3 wait forever, and epochs is the new name of nb_epoch.")
    data = call.args[0] if call.args else keywords.get("x")
    if data is None or ast.unparse(data) != "batches":
        return "Pass the same data first: model.fit(batches, ...)."
    return None


EXERCISES = [
    Exercise(
        id="10.silent-code",
        title="Which rule flags the ignored ReduceLROnPlateau argument?",
        checker=_silent_code,
        solution=("from kerasnb.migrate import check_keras2\n"
                  f"answer = check_keras2({_OLD_PLATEAU!r})[0].code"),
        hint="check_keras2 returns findings; each has .code, .severity and .message.",
        wrong=(
            Wrong("K2401", "K2401 is the rule for"),
            Wrong(2505, "as a string"),
            Wrong("K2601", "K2601 is the rule for"),
            Wrong("K2999", "not a rule code"),
            Wrong("2505", "not a rule code"),
        ),
    ),
    Exercise(
        id="10.decayed-lr",
        title="The learning rate Keras 2 used after 100 updates of SGD(lr=0.1, decay=0.01)",
        checker=_decayed_lr,
        solution="answer = 0.1 / (1 + 0.01 * 100)",
        hint="Keras 2: lr_t = lr / (1 + decay * iterations).",
        wrong=(
            Wrong(0.1, "when `decay` is ignored"),
            Wrong(0.1 * 0.99**100, "exponential decay"),
            Wrong("0.05", "as a number"),
            Wrong(0.01, "compute lr / (1 + decay * iterations)"),
        ),
    ),
    Exercise(
        id="10.rewrite-fit",
        title="Write the Keras 3 call for " + _OLD_FIT,
        checker=_rewrite_fit,
        solution='answer = "model.fit(batches, steps_per_epoch=20, epochs=3)"',
        hint="fit takes generators; nb_epoch became epochs. Compare with rewrite_keras2.",
        wrong=(
            Wrong(_OLD_FIT, "still finds Keras 2 idioms"),
            Wrong("model.fit(batches, epochs=3)", "Keep steps_per_epoch=20"),
            Wrong("model.fit(batches, ", "not valid Python"),
            Wrong(None, "as a string"),
            Wrong("model.train(batches, steps_per_epoch=20, epochs=3)",
                  "Expected a call to model.fit"),
            Wrong("model.fit(data, steps_per_epoch=20, epochs=3)", "Pass the same data first"),
            Wrong("model.fit(batches, steps_per_epoch=20, epochs=3, buffer=4)",
                  "no argument 'buffer'"),
        ),
    ),
]
