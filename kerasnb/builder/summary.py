"""The summary table of a spec (like ``model.summary()``, computed without Keras).

>>> from kerasnb.builder.spec import ModelSpec
>>> spec = ModelSpec.sequential((20,), [("Dense", {"units": 64}), ("Dense", {"units": 1})])
>>> frame = summary_frame(spec)
>>> list(frame["Params"]), frame.attrs["total"]
([0, 1344, 65], 1409)
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.validate import Analysis, analyze

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["Layer", "Type", "Output shape", "Params", "Connected to"]


def summary_rows(spec: ModelSpec, analysis: Analysis | None = None) -> list[list[object]]:
    """One row per input and layer, in graph order: name, type, shape, params, inputs."""
    analysis = analysis or analyze(spec)
    rows = []
    for info in analysis.infos.values():
        rows.append([info.name, info.type, info.shape_text, info.params,
                     ", ".join(info.inputs)])
    return rows


def summary_frame(spec: ModelSpec, analysis: Analysis | None = None) -> pd.DataFrame:
    """The summary as a DataFrame; ``.attrs`` holds total, trainable and non_trainable."""
    import pandas as pd

    analysis = analysis or analyze(spec)
    frame = pd.DataFrame(summary_rows(spec, analysis), columns=COLUMNS)
    frame.attrs.update(total=analysis.total, trainable=analysis.trainable,
                       non_trainable=analysis.non_trainable)
    return frame


def totals_text(analysis: Analysis) -> str:
    """``Total params: 1,409 (trainable 1,409, non-trainable 0)``."""
    return (f"Total params: {analysis.total:,} (trainable {analysis.trainable:,}, "
            f"non-trainable {analysis.non_trainable:,})")


def summary_html(spec: ModelSpec, analysis: Analysis | None = None) -> str:
    """The summary as an HTML table; rows with a problem are shown in red.

    >>> "<table" in summary_html(ModelSpec.sequential((3,), [("Dense", {"units": 1})]))
    True
    """
    analysis = analysis or analyze(spec)
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{c}</th>" for c in COLUMNS)
    body = []
    for info in analysis.infos.values():
        style = " style='background:#fde2e2;color:#9b1c1c'" if info.error else ""
        cells = [info.name + ("  ✖" if info.error else ""), info.type, info.shape_text,
                 f"{info.params:,}",
                 ", ".join(info.inputs)]
        tds = "".join(f"<td style='padding:2px 8px'>{escape(str(c))}</td>" for c in cells)
        body.append(f"<tr class='kerasnb-row' data-layer='{escape(info.name)}'{style}>{tds}</tr>")
    return ("<table class='kerasnb-summary' style='border-collapse:collapse;"
            "font-family:monospace;font-size:12px'>"
            f"<thead><tr style='border-bottom:1px solid #888'>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
            f"<div class='kerasnb-totals' style='font-family:monospace;font-size:12px;"
            f"margin-top:4px'>{escape(totals_text(analysis))}</div>")
