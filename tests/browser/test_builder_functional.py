"""FunctionalBuilder in a real JupyterLab: rewire a layer's inputs, read the cycle error, see the
diagram."""

from __future__ import annotations

from tests.browser.jlab import (
    FIRST_CELL,
    run_notebook,
    write_notebook,
)


def test_functional_builder_rewires_inputs_and_reports_a_cycle(lab, page) -> None:
    name = write_notebook(
        lab.root, "functional_builder_check.ipynb", FIRST_CELL,
        "from kerasnb import FunctionalBuilder\n"
        "from kerasnb.builder.examples import two_input_two_output\n"
        "builder = FunctionalBuilder(two_input_two_output())\nbuilder",
    )
    run_notebook(page, lab, name)
    root = page.locator(".kerasnb-builder").first
    root.wait_for(state="visible")

    layer_list = root.locator(".kerasnb-layer-list select")
    lstm = layer_list.locator("option", has_text="lstm (LSTM)").first.get_attribute("value")
    layer_list.select_option(lstm)
    reads_from = root.get_by_label("reads from")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.kerasnb-builder .widget-select-multiple option')]"
        ".some(o => o.selected && o.textContent === 'embedding')")
    reads_from.select_option(["embedding", "dense"])
    error = root.locator(".kerasnb-error")
    error.wait_for(state="visible")
    assert "cycle" in error.inner_text()

    reads_from.select_option(["embedding"])
    error.wait_for(state="detached")
    root.locator(".lm-TabBar-tab", has_text="Diagram").click()
    nodes = root.locator("svg.kerasnb-diagram g.kerasnb-node")
    nodes.first.wait_for(state="visible")
    assert nodes.count() == 9  # 2 inputs + 7 layers
