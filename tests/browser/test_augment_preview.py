"""AugmentationPreview in a real JupyterLab: a slider and an upload redraw the grid."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from tests.browser.jlab import (
    FIRST_CELL,
    run_notebook,
    screenshot,
    wait_kernel_idle,
    write_notebook,
)

GRID_IMG = ".kerasnb-augment-grid"


def grid_src(page) -> str:
    return page.locator(GRID_IMG).first.get_attribute("src") or ""


def wait_src_change(page, before: str) -> None:
    page.wait_for_function(
        "([sel, old]) => { const e = document.querySelector(sel);"
        " return e && e.getAttribute('src') && e.getAttribute('src') !== old; }",
        arg=[GRID_IMG, before], timeout=60_000)


def test_slider_and_upload_redraw_the_grid(lab, page, tmp_path: Path) -> None:
    name = write_notebook(
        lab.root, "augment_preview_test.ipynb", FIRST_CELL,
        "from kerasnb import AugmentationPreview\npreview = AugmentationPreview(n=4, size=64)\npreview",
    )
    run_notebook(page, lab, name)
    page.locator(GRID_IMG).first.wait_for(state="visible")
    page.wait_for_function(f"() => document.querySelector('{GRID_IMG}').getAttribute('src')")
    before = grid_src(page)

    handle = page.locator(".kerasnb-augment-rotation_range .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    wait_src_change(page, before)
    wait_kernel_idle(page, timeout_s=120)  # every key press redraws; wait for the last one
    after_slider = grid_src(page)
    readout = page.locator(".kerasnb-augment-rotation_range .widget-readout").first.inner_text()
    assert readout.strip() not in ("20", "20.0")

    from PIL import Image

    picture = np.zeros((40, 60, 3), "uint8")
    picture[:, :30] = (255, 0, 0)
    buf = io.BytesIO()
    Image.fromarray(picture).save(buf, format="PNG")
    png = tmp_path / "stripes.png"
    png.write_bytes(buf.getvalue())
    # FileUpload keeps its <input type=file> outside the page; clicking the button opens it
    with page.expect_file_chooser() as chooser:
        page.locator(".kerasnb-augment-upload").first.click()
    chooser.value.set_files(str(png))
    wait_src_change(page, after_slider)
    wait_kernel_idle(page, timeout_s=120)
    assert "Not applied" not in page.locator(".kerasnb-augment-message").first.inner_text()
    # one uploaded picture instead of the two photographs: "all" and "1"
    assert page.locator(".kerasnb-augment-picture select option").count() == 2
    assert page.locator(".kerasnb-augment-source select").first.input_value() == "upload"

    # the Keras 3 tab: add a layer at the end
    after_upload = grid_src(page)
    page.get_by_text("preprocessing layers (Keras 3)", exact=True).first.click()
    wait_src_change(page, after_upload)
    wait_kernel_idle(page, timeout_s=120)
    layers_grid = grid_src(page)
    page.locator(".kerasnb-augment-add-choice select").first.select_option("RandomContrast")
    page.locator(".kerasnb-augment-add").first.click()
    wait_src_change(page, layers_grid)
    wait_kernel_idle(page, timeout_s=120)
    assert "keras.layers.RandomContrast" in page.locator(".kerasnb-augment").first.inner_text()
    assert screenshot(page, tmp_path / "augment.png").stat().st_size > 10_000
