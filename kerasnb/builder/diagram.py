"""A drawing of the model graph as SVG, made by hand (no Graphviz, no pydot).

>>> from kerasnb.builder.spec import ModelSpec
>>> svg = diagram_svg(ModelSpec.sequential((20,), [("Dense", {"units": 8})]))
>>> svg.startswith("<svg") and "dense" in svg
True
"""

from __future__ import annotations

from html import escape

from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.validate import Analysis, analyze

BOX_W, BOX_H, GAP_X, GAP_Y = 220, 44, 24, 30
_COLORS = {"input": "#e8f0fe", "core": "#eef7ee", "convolution": "#fff4e0",
           "pooling": "#f3ecfb", "recurrent": "#e6f6f8", "merge": "#fdeef4",
           "normalization": "#f2f2f2", "augmentation": "#f7f7e3", "preprocessing": "#f7f7e3",
           "wrapper": "#e6f6f8"}


def layout(spec: ModelSpec, analysis: Analysis) -> dict[str, tuple[int, int]]:
    """Row (longest path from an input) and column of each node."""
    depth: dict[str, int] = {}
    for name, info in analysis.infos.items():
        depth[name] = 1 + max((depth.get(i, 0) for i in info.inputs), default=-1)
    rows: dict[int, int] = {}
    out = {}
    for name in analysis.infos:
        d = depth[name]
        out[name] = (d, rows.get(d, 0))
        rows[d] = rows.get(d, 0) + 1
    return out


def diagram_svg(spec: ModelSpec, analysis: Analysis | None = None) -> str:
    """SVG text: one box per input/layer with its type and output shape, arrows for data flow.

    Layers with a problem are drawn in red; outputs get a thick border.
    """
    from kerasnb.builder.catalogue import CATALOGUE

    analysis = analysis or analyze(spec)
    pos = layout(spec, analysis)
    if not pos:
        return "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>"
    n_rows = max(r for r, _ in pos.values()) + 1
    n_cols = max(c for _, c in pos.values()) + 1
    width = n_cols * (BOX_W + GAP_X) + GAP_X
    height = n_rows * (BOX_H + GAP_Y) + GAP_Y

    def xy(name: str) -> tuple[int, int]:
        r, c = pos[name]
        return GAP_X + c * (BOX_W + GAP_X), GAP_Y // 2 + r * (BOX_H + GAP_Y)

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='kerasnb-diagram' width='{width}' "
             f"height='{height}' viewBox='0 0 {width} {height}' font-family='monospace' "
             f"font-size='11'>",
             "<defs><marker id='kerasnb-arrow' viewBox='0 0 10 10' refX='9' refY='5' "
             "markerWidth='6' markerHeight='6' orient='auto'><path d='M0,0 L10,5 L0,10 z' "
             "fill='#555'/></marker></defs>"]
    for name, info in analysis.infos.items():
        x2, y2 = xy(name)
        for i in info.inputs:
            if i not in pos:
                continue
            x1, y1 = xy(i)
            ax, ay, bx, by = x1 + BOX_W // 2, y1 + BOX_H, x2 + BOX_W // 2, y2
            mid = (ay + by) // 2
            parts.append(f"<path d='M{ax},{ay} C{ax},{mid} {bx},{mid} {bx},{by - 1}' "
                         f"fill='none' stroke='#555' marker-end='url(#kerasnb-arrow)'/>")
    outputs = set(spec.outputs)
    for name, info in analysis.infos.items():
        x, y = xy(name)
        lt = CATALOGUE.get(info.type)
        fill = "#fde2e2" if info.error else _COLORS.get(lt.category if lt else "", "#fff")
        stroke = "#c81e1e" if info.error else "#333"
        sw = 2.5 if name in outputs else 1
        parts.append(f"<g class='kerasnb-node' data-layer='{escape(name)}'>"
                     f"<rect x='{x}' y='{y}' width='{BOX_W}' height='{BOX_H}' rx='6' "
                     f"fill='{fill}' stroke='{stroke}' stroke-width='{sw}'/>"
                     f"<text x='{x + 8}' y='{y + 17}' font-weight='bold'>"
                     f"{escape(_clip(name, 18))} <tspan font-weight='normal'>"
                     f"{escape(_clip(info.type, 12))}</tspan></text>"
                     f"<text x='{x + 8}' y='{y + 34}'>{escape(_clip(info.shape_text, 24))}"
                     f"  {info.params:,}p</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
