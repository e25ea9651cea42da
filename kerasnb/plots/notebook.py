"""Where a live plot shows itself: the IPython kernel when there is one, and what it sends.

>>> from kerasnb.plots.notebook import live_bundle, notebook_shell
>>> notebook_shell() is None       # a script or a doctest: no kernel
True
>>> sorted(live_bundle("epoch 1/5", ""))
['text/html', 'text/plain']
"""

from __future__ import annotations

import html
import sys
from typing import Any

__all__ = ["live_bundle", "notebook_shell"]


def notebook_shell() -> Any:
    """The IPython shell when running in a kernel (Jupyter, VS Code, Colab, nbclient), else None."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def live_bundle(text: str, png_b64: str) -> dict[str, str]:
    """The display bundle of a live plot: the picture (base64 PNG, may be empty) and its line."""
    line = f'<div style="font-family:monospace;font-size:90%">{html.escape(text)}</div>'
    if not png_b64:
        return {"text/plain": text, "text/html": f'<div class="kerasnb-liveplot">{line}</div>'}
    image = (f'<img src="data:image/png;base64,{png_b64}" alt="training curves" '
             'style="max-width:100%">')
    return {
        "text/plain": text,
        "image/png": png_b64,
        "text/html": f'<div class="kerasnb-liveplot">{image}{line}</div>',
    }
