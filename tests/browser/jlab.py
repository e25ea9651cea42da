"""Small helpers to drive a notebook in JupyterLab 4 from Playwright.

    name = write_notebook(lab.root, "check.ipynb", FIRST_CELL, "from kerasnb import LivePlot")
    run_notebook(page, lab, name)        # open, run all cells, wait, assert no traceback
    open_notebook(page, lab, "00_welcome.ipynb"); run_all_cells(page); wait_kernel_idle(page)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import nbformat

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
FIRST_CELL = """import os
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"   # quiet TensorFlow logging
import keras
keras.utils.set_random_seed(42)"""


def write_notebook(root: Path, name: str, *sources: str) -> str:
    """Write a notebook of code cells into the served folder; returns its name."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, Path(root) / name)
    return name


def run_notebook(page: Any, lab: Any, name: str, timeout_s: float = 240) -> None:
    """Open a notebook, run all its cells, wait for the kernel, and fail on any traceback."""
    open_notebook(page, lab, name)
    run_all_cells(page)
    wait_kernel_idle(page, timeout_s=timeout_s)
    errors = error_outputs(page)
    assert errors == [], f"{name} raised: {errors}"


def open_notebook(page: Any, lab: Any, path: str) -> None:
    """Open a notebook of ``lab.root`` and wait until its kernel is ready."""
    # ?reset: start from an empty workspace, not the tabs an earlier test left open
    page.goto(lab.url(f"lab/tree/{path}?reset"))
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=90_000)
    deadline = time.monotonic() + 90
    status_bar = page.locator("#jp-main-statusbar")
    while time.monotonic() < deadline:
        accept_dialog(page)  # "Select Kernel" may appear while the kernel list loads
        text = status_bar.inner_text() if status_bar.count() else ""
        if "| Idle" in text and "No Kernel" not in text:
            return
        page.wait_for_timeout(250)
    raise TimeoutError(f"the kernel of {path} did not start within 90 s")


def accept_dialog(page: Any) -> bool:
    """Click the default button of an open JupyterLab dialog, if any (True when one was open)."""
    button = page.locator(".jp-Dialog .jp-mod-accept")
    if button.count() and button.first.is_visible():
        button.first.click()
        return True
    return False


def run_command(page: Any, menu: str, command: str) -> None:
    """Click a top menu (e.g. "Run") and then the item bound to a JupyterLab command id."""
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').first.click()


def run_all_cells(page: Any) -> None:
    """Run every cell of the current notebook (Run > Run All Cells)."""
    run_command(page, "Run", "runmenu:run-all")
    # let the first cells enter the queue before anyone waits for idle
    page.wait_for_timeout(500)
    accept_dialog(page)


def wait_kernel_idle(page: Any, timeout_s: float = 300) -> None:
    """Wait until no cell is queued or running and the kernel reports idle."""
    deadline = time.monotonic() + timeout_s
    indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
    while time.monotonic() < deadline:
        accept_dialog(page)
        status = indicator.get_attribute("data-status") if indicator.count() else "idle"
        if not is_busy(page) and status == "idle":
            return
        page.wait_for_timeout(250)
    raise TimeoutError(f"the notebook was still running after {timeout_s:.0f} s")


def is_busy(page: Any) -> bool:
    """True while a cell of the current notebook is queued or running (its prompt shows *)."""
    prompts = page.locator(f"{NOTEBOOK} .jp-InputArea-prompt").all_inner_texts()
    return any("*" in p for p in prompts)


def error_outputs(page: Any) -> list[str]:
    """Texts of the tracebacks shown in the notebook (empty when no cell failed).

    Warnings also go to stderr; only outputs that read as an exception are returned.
    """
    texts = page.locator(
        f'{NOTEBOOK} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    return [t for t in texts if "Traceback" in t or "Error" in t.split("\n", 1)[0]]


def screenshot(page: Any, path: Path) -> Path:
    """Save a full-page PNG (tests save theirs under their tmp_path)."""
    page.screenshot(path=str(path), full_page=True)
    return path
