"""The two code panes of the preview as HTML: Keras 3 first, each in its own scrolling box.

>>> from kerasnb.augment import AugmentSpec
>>> new, old = code_panes(AugmentSpec.image_data_generator(rotation_range=36), 4, 0, "")
>>> "RandomRotation(factor=0.1" in new, "ImageDataGenerator(rotation_range=36)" in old
(True, True)
"""

from __future__ import annotations

import html

from kerasnb.augment.codegen import augmentation_code
from kerasnb.augment.convert import convert_augmentation
from kerasnb.augment.spec import IDG_FORM, LAYERS_FORM, AugmentSpec


def code_panes(spec: AugmentSpec, n: int, seed: int, images_code: str) -> tuple[str, str]:
    """(Keras 3 pane, Keras 2 pane); the converted one carries the conversion's notes."""
    conversion = convert_augmentation(spec)
    other = conversion.spec
    old, new = (spec, other) if spec.form == IDG_FORM else (other, spec)
    report = html.escape(conversion.report())
    where = ("converted from the layers" if spec.form == LAYERS_FORM
             else "converted from ImageDataGenerator")

    def block(title: str, s: AugmentSpec, converted: bool) -> str:
        code = html.escape(augmentation_code(s, n, seed, images_code or None))
        extra = (f"<div style='color:#555;white-space:normal'><small>{where}:</small><pre "
                 f"style='white-space:pre-wrap;font-size:11px;margin:2px 0'>{report}</pre>"
                 f"</div>" if converted else "")
        # width:0 + min-width:100%: the block takes the pane's width without widening it to the
        # longest code line, so the <pre> scrolls inside its own box
        return (f"<div style='white-space:normal;width:0;min-width:100%'><b>{title}</b>"
                f"<pre style='font-size:11px;white-space:pre;overflow:auto;max-height:300px;"
                f"margin:2px 0;padding:4px;background:#f7f7f7;border:1px solid #e0e0e0'>"
                f"{code}</pre>{extra}</div>")

    return (block("Keras 3: preprocessing layers", new, spec.form == IDG_FORM),
            block("Keras 2: ImageDataGenerator (legacy)", old, spec.form != IDG_FORM))
