"""SequentialBuilder in a real JupyterLab: add three layers, watch the shapes change, read the
error, copy the code."""

from __future__ import annotations

from pathlib import Path

from tests.browser.jlab import (
    FIRST_CELL,
    run_notebook,
    screenshot,
    write_notebook,
)


def _add(page, type_name: str) -> None:
    page.locator(".kerasnb-builder .kerasnb-type-picker select").select_option(type_name)
    page.locator(".kerasnb-builder button", has_text="Add at end").click()


def _layer_texts(page) -> list[str]:
    texts = page.locator(".kerasnb-builder .kerasnb-layer-list select option").all_inner_texts()
    return [t.replace("\xa0", " ") for t in texts]  # Select shows spaces as no-break spaces


def _wait_for_shape(page, shape: str) -> None:
    page.wait_for_function(
        "(shape) => [...document.querySelectorAll('.kerasnb-layer-list option')]"
        ".some(o => o.textContent.replace(/\\u00a0/g, ' ').includes(shape))", arg=shape)


def test_builder_adds_layers_shows_shapes_errors_and_code(lab, page, tmp_path: Path) -> None:
    name = write_notebook(
        lab.root, "builder_browser_check.ipynb", FIRST_CELL,
        "from kerasnb import SequentialBuilder\n"
        "builder = SequentialBuilder(input_shape=(28, 28, 1))\nbuilder",
    )
    run_notebook(page, lab, name)
    page.locator(".kerasnb-builder").first.wait_for(state="visible")

    _add(page, "Conv2D")
    _wait_for_shape(page, "(None, 26, 26, 32)")
    _add(page, "MaxPooling2D")
    _wait_for_shape(page, "(None, 13, 13, 32)")
    assert page.locator(".kerasnb-builder .kerasnb-error").count() == 0

    _add(page, "Dense")  # Dense on images: Flatten is missing
    error = page.locator(".kerasnb-builder .kerasnb-error")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert "Layer 'dense'" in text and "(None, 13, 13, 32)" in text and "Flatten()" in text
    texts = _layer_texts(page)
    assert len(texts) == 3 and "✖" in texts[2]
    # every parameter control of the selected Dense layer is drawn, the regularizer too
    page.locator(".kerasnb-builder select option[value='l1_l2']").first.wait_for(state="attached")
    assert page.get_by_text("Click to show javascript error").count() == 0

    page.locator(".kerasnb-builder .lm-TabBar-tab", has_text="Code").click()
    page.locator(".kerasnb-builder button.kerasnb-copy").click()
    selected = page.evaluate(
        "() => { const t = document.querySelector('.kerasnb-builder .kerasnb-code textarea');"
        " return t.value.substring(t.selectionStart, t.selectionEnd); }")
    assert "layers.Conv2D(32, (3, 3), name=\"conv2d\")" in selected
    assert "layers.MaxPooling2D(name=\"max_pooling2d\")" in selected
    assert selected.startswith("# This design still has problems")
    screenshot(page, tmp_path / "builder.png")
