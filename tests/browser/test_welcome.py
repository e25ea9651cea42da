"""The welcome notebook in a real JupyterLab, in Chromium: it runs, and its widget answers."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.jlab import run_notebook, screenshot


def test_server_refuses_requests_without_the_token(lab) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{lab.base}api/contents", timeout=10)
    assert info.value.code == 403
    request = urllib.request.Request(f"{lab.base}lab", method="GET")
    with urllib.request.urlopen(request, timeout=10) as response:  # redirected to the login page
        assert "/login" in response.url
    with urllib.request.urlopen(lab.url("api/contents"), timeout=10) as response:
        assert response.status == 200


def test_welcome_runs_and_its_slider_updates_a_label_through_the_kernel(
    lab, page, tmp_path: Path
) -> None:
    run_notebook(page, lab, "00_welcome.ipynb")

    report = page.locator(".kerasnb-params").first
    report.wait_for(state="visible")
    assert re.search(r"Dense\(16\).*80", report.inner_text()), report.inner_text()

    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    # 20 units on 4 inputs: 4 * 20 + 20 = 100, computed by Keras in the kernel
    page.wait_for_function(
        "() => document.querySelector('.kerasnb-params').innerText.includes('Dense(20)')",
        timeout=30_000,
    )
    assert "100" in report.inner_text()
    path = screenshot(page, tmp_path / "welcome.png")
    assert path.stat().st_size > 10_000
