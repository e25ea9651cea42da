"""Layout as a learner sees it, at 1024 and 1400 px: nothing overlaps, nothing is cut.

One notebook shows the augmentation preview, a LivePlot run and a ``%%keras2`` cell; for each
width the test measures the rendered page (bounding boxes, clipping containers, overflowing
text) and saves a screenshot of each widget under its temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.jlab import NOTEBOOK, run_notebook, screenshot, wait_kernel_idle, write_notebook

PREVIEW = ".kerasnb-augment"
LIVE_IMAGE = f'{NOTEBOOK} .jp-OutputArea-output img[alt="training curves"]'
CELLS = [
    """import os
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras, numpy as np
import kerasnb
keras.utils.set_random_seed(0)""",
    """from kerasnb import AugmentationPreview, AugmentSpec
preview = AugmentationPreview(n=9, size=96)
preview.idg_controls["rotation_range"].value = 178
preview""",
    """x = np.random.default_rng(0).normal(size=(400, 8)).astype("float32")
y = (x[:, 0] > 0).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
live = kerasnb.LivePlot()
early = keras.callbacks.EarlyStopping(monitor="loss", mode="max", patience=2)
history = model.fit(x, y, validation_split=0.25, epochs=100, verbose=0, callbacks=[live, early])""",
    "live.figure",
    "%load_ext kerasnb",
    """%%keras2 --no-run
from keras.preprocessing.image import ImageDataGenerator
datagen = ImageDataGenerator(rotation_range=20)
model.fit_generator(datagen.flow(x, y), epochs=1)""",
]

# JavaScript run in the page: what a reader would call broken, as data
MEASURE = """(sel) => {
  const root = document.querySelector(sel);
  const box = (e) => e.getBoundingClientRect();
  const visible = (e) => { const r = box(e); return r.width > 0 && r.height > 0; };
  const clippers = (e) => {
    const out = [];
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible') out.push(a);
    }
    return out;
  };
  const pres = [...root.querySelectorAll('pre')].filter(visible).map(box);
  const overlaps = [];
  for (let i = 0; i < pres.length; i++) for (let j = i + 1; j < pres.length; j++) {
    const a = pres[i], b = pres[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      overlaps.push([i, j]);
  }
  const clipped = [];
  for (const e of [...root.querySelectorAll('.widget-readout')].filter(visible)) {
    const r = box(e);
    if (e.scrollWidth > e.clientWidth + 1) clipped.push(['text cut', e.innerText]);
    for (const a of clippers(e)) {
      const ar = box(a);
      if (r.left < ar.left - 1 || r.right > ar.right + 1) clipped.push(['outside', e.innerText]);
    }
    const card = e.closest('[class*="kerasnb-augment-layer-"]');
    if (card && (r.left < box(card).left - 1 || r.right > box(card).right + 1))
      clipped.push(['past its layer card', e.innerText]);
  }
  const cut = [];
  for (const e of root.querySelectorAll('.kerasnb-augment-help, .kerasnb-augment-message,'
                                        + ' .kerasnb-augment-drawn, .kerasnb-augment-code-new,'
                                        + ' .kerasnb-augment-code-old, .widget-html-content')) {
    if (!visible(e) || e.closest('pre')) continue;
    const s = getComputedStyle(e);
    if (e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'auto' && s.overflowX !== 'scroll')
      cut.push(e.innerText.slice(0, 80));
  }
  return {pres: pres.length, overlaps, clipped, cut};
}"""

TABLE = """() => {
  const tables = [...document.querySelectorAll('.jp-OutputArea-output table')]
    .filter(t => t.innerText.includes('what happens in'));
  if (!tables.length) return null;
  const t = tables[tables.length - 1];
  return {table: t.getBoundingClientRect().width,
          columns: [...t.querySelectorAll('tr:first-child th')].map(
            th => [th.innerText, th.getBoundingClientRect().width])};
}"""


def check_preview(page, where: str) -> None:
    found = page.evaluate(MEASURE, PREVIEW)
    assert found["pres"] >= 2, f"{where}: the two code blocks are not shown"
    assert found["overlaps"] == [], f"{where}: code blocks overlap: {found}"
    assert found["clipped"] == [], f"{where}: slider readouts clipped: {found['clipped']}"
    assert found["cut"] == [], f"{where}: text cut: {found['cut']}"


@pytest.mark.parametrize("width", [1024, 1400])
def test_widgets_fit_the_page(lab, page, tmp_path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    name = write_notebook(lab.root, f"layout_{width}.ipynb", *CELLS)
    run_notebook(page, lab, name, timeout_s=400)
    preview = page.locator(PREVIEW).first
    preview.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('.kerasnb-augment-grid').getAttribute('src')")
    preview.scroll_into_view_if_needed()
    readout = page.locator(".kerasnb-augment-rotation_range .widget-readout").first
    preview.screenshot(path=str(tmp_path / f"augment_idg_{width}.png"))
    assert readout.inner_text().strip() == "178"
    check_preview(page, f"{width}px, ImageDataGenerator tab")

    page.locator(f"{PREVIEW} .lm-TabBar-tab", has_text="preprocessing layers").first.click()
    page.wait_for_timeout(500)
    wait_kernel_idle(page, timeout_s=120)
    preview.screenshot(path=str(tmp_path / f"augment_layers_{width}.png"))
    check_preview(page, f"{width}px, layers tab")

    live = page.locator(LIVE_IMAGE).first
    live.scroll_into_view_if_needed()
    live_output = page.locator(f"{NOTEBOOK} .jp-OutputArea-output",
                               has=page.locator('img[alt="training curves"]')).first
    assert "stopped by EarlyStopping" in live_output.inner_text()
    live_output.screenshot(path=str(tmp_path / f"liveplot_{width}.png"))
    # `live.figure` as a cell's last line: a picture, not "<Figure size ...>"
    figure_cell = page.locator(f"{NOTEBOOK} .jp-CodeCell").nth(3)
    assert figure_cell.locator(".jp-OutputArea-output img").count() == 1
    assert "<Figure size" not in figure_cell.inner_text()

    table = page.evaluate(TABLE)
    assert table is not None, "the %%keras2 cell showed no findings table"
    keras2_cell = page.locator(f"{NOTEBOOK} .jp-CodeCell").nth(5)
    keras2_cell.scroll_into_view_if_needed()
    keras2_cell.screenshot(path=str(tmp_path / f"keras2_{width}.png"))
    widths = dict(table["columns"])
    assert min(widths.values()) >= 40, f"{width}px: a column is squeezed: {widths}"
    prose = next(w for name, w in widths.items() if name.startswith("what happens"))
    assert prose >= 200, f"{width}px: the explanation column is squeezed: {widths}"
    assert screenshot(page, tmp_path / f"page_{width}.png").stat().st_size > 10_000
    print(f"screenshots in {tmp_path}")
