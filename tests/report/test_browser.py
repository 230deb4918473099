"""The static HTML report in real headless Chromium (the Debian ``chromium``, never a downloaded one).

A person opens the report on a laptop and on a phone: the page fits the
screen, a citation jumps to the cited article, the removed boilerplate opens
on a click. Screenshots go to test-output/screenshots/ (git-ignored).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsfuse.report.export import render_html

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not shutil.which("chromium"):
    pytest.skip("no system chromium: apt-get install -y chromium", allow_module_level=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def report_url(demo_digest, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(demo_digest), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def test_report_on_a_laptop_citations_jump_to_the_article(browser, report_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_url)
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
    assert page.locator("h3", has_text="Where sources disagree").is_visible()
    assert page.locator(".nf-conflict").count() == 3
    cite = page.locator(".nf-summary-list .nf-cite").first
    target = cite.get_attribute("href")
    cite.click()
    page.wait_for_function(f"location.hash === '{target}'")
    article = page.locator(target)
    assert article.is_visible()
    box = article.bounding_box()
    assert 0 <= box["y"] < 900, "the cited article is scrolled into view"
    details = article.locator("details.nf-removed")
    assert not details.locator("li").first.is_visible()
    details.locator("summary").click()
    assert details.locator("li").first.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(report_url)
    page.screenshot(path=str(SHOTS / "report-laptop.png"), full_page=True)
    page.close()


def test_report_is_readable_on_a_phone(browser, report_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page.goto(report_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide: it scrolls sideways on a phone"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.nf-summary-list li')).fontSize)")
    assert size >= 16
    chart = page.locator("svg.nf-chart").bounding_box()
    assert chart and chart["width"] <= 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report-phone.png"), full_page=True)
    page.close()
