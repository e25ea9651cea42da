"""The one guard every builder callback goes through, and the HTML of the error box.

A widget callback never lets an exception escape: a SpecError (bad input) is shown in the
red box; anything else is a bug, shown as an "internal error" report and kept in
``internal_errors`` so that tests fail on it.

>>> class Demo:
...     def __init__(self):
...         self.shown = []
...         self.internal_errors = []
...     def show_problem(self, err):
...         self.shown.append(str(err))
...     @guarded
...     def click(self, x):
...         return 1 / x
>>> d = Demo(); d.click(0); d.internal_errors[0].startswith("ZeroDivisionError")
True
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from html import escape
from typing import Any

from kerasnb.builder.errors import SpecError


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a callback method of a builder so that no exception leaves it."""
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except SpecError as err:
            self.show_problem(err)
        except Exception as exc:
            report = f"{type(exc).__name__}: {exc}"
            self.internal_errors.append(report)
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.show_problem(SpecError(
                f"internal error in the builder ({detail})",
                fix="this is a bug in kerasnb, not in your design: the design was kept; "
                    "please report it with the design's JSON (Save / load tab)"))
        return None
    return call


def error_box_html(errors: list[SpecError]) -> str:
    """The red box listing problems (empty text when there are none)."""
    if not errors:
        return ""
    items = "".join("<pre style='margin:2px 0;white-space:pre-wrap'>"
                    f"{escape(str(e), quote=False)}</pre>" for e in errors[:6])
    more = f"<div>... and {len(errors) - 6} more</div>" if len(errors) > 6 else ""
    return ("<div class='kerasnb-error' style='border:2px solid #c81e1e;background:#fdecec;"
            "color:#7f1d1d;padding:6px 10px;border-radius:4px;font-size:12px'>"
            f"<b>{len(errors)} problem{'s' if len(errors) > 1 else ''}:</b>{items}{more}</div>")


def notes_html(notes: list[str], color: str = "#92400e") -> str:
    """Warnings and hints (not errors), one per line."""
    return "<br>".join(f"<span style='color:{color}'>{escape(n)}</span>" for n in notes)


_COPY_JS = ("var t=this.parentNode.querySelector('textarea');t.focus();t.select();"
            "try{navigator.clipboard.writeText(t.value)}catch(e){};"
            "try{document.execCommand('copy')}catch(e){};"
            "this.textContent='Copied (also selected)';")


def code_html(code: str) -> str:
    """The code in a read-only text area with a button that selects (and copies) it."""
    rows = min(40, code.count("\n") + 2)
    return ("<div class='kerasnb-code'>"
            f"<button class='kerasnb-copy' onclick=\"{_COPY_JS}\" "
            "style='margin-bottom:4px'>Copy code</button><br>"
            f"<textarea readonly rows='{rows}' spellcheck='false' style='width:98%;"
            f"font-family:monospace;font-size:12px'>{escape(code)}</textarea></div>")
