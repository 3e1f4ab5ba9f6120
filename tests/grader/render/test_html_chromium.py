"""End-to-end check of the HTML pages in a real browser (headless Chromium).

What the browser shows is asserted on the DOM it dumps after loading the
page: the scores and names are there, a student's ``<script>`` is text and
never ran (it would have changed the document title), and the histogram has
one bar per bin. A control page checks that the harness would notice a
script that did run.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from grader.render.html import N_BINS, render_class_summary, render_feedback

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
TIMEOUT_S = 60
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason=f"Chromium not found at {CHROMIUM}; install it or set CHROMIUM=/path/to/chromium",
    ),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    proc = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _dump_dom(tmp_path: Path, name: str, html: str) -> str:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert "<html" in dom, "Chromium printed no DOM"
    return dom


def test_harness_detects_a_script_that_runs(tmp_path, parse):
    """Control: without escaping, the same payload does change the title."""
    dom = parse(_dump_dom(tmp_path, "control.html",
                          "<!DOCTYPE html><title>original</title><p>x</p>"
                          "<script>document.title='pwned'</script>"))
    assert dom.title == "pwned"


def test_feedback_in_browser(tmp_path, report, xss_message, parse):
    html = render_feedback(report, "bob02")
    dom = parse(_dump_dom(tmp_path, "feedback.html", html))

    assert dom.title == parse(html).title == "hw2_deep_nn feedback for bob02"  # no script changed it
    assert dom.count("script") == 0
    assert xss_message in dom.text  # the message is shown, as text
    assert re.search(r"2\s*/\s*10", dom.text)
    assert "linear_forward" in dom.text and "relu_backward" in dom.text


def test_class_summary_in_browser(tmp_path, batch, assignment, title_xss, parse):
    html = render_class_summary(batch, assignment)
    dom = parse(_dump_dom(tmp_path, "summary.html", html))

    assert dom.title == "hw2_deep_nn class summary"  # eve05's script did not run
    assert dom.count("script") == 0
    assert title_xss in dom.text
    assert dom.count("svg", "histogram") == 1
    assert dom.count("rect", "bar") == N_BINS
    counts = [a for t, a in dom.tags if t == "text" and "count" in (a.get("class") or "").split()]
    assert len(counts) == N_BINS
    assert "90–100%" in dom.text


def test_class_summary_screenshot(tmp_path, batch, assignment):
    page = tmp_path / "summary.html"
    page.write_text(render_class_summary(batch, assignment), encoding="utf-8")
    png = tmp_path / "summary.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1200,900", page.as_uri())
    data = png.read_bytes()
    assert len(data) > 1000
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
