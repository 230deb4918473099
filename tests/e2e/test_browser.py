"""The web UI in real headless Chromium (the Debian ``chromium``; never a downloaded browser).

Two servers are started with ``newsfuse serve`` on free ports of 127.0.0.1:

* over the demo corpus, ingested with ``newsfuse ingest examples/putin-kim-2024``
  through the real pipeline: a reader opens the story list, opens the story and
  sees the cited summary, the conflict about the number of containers and the
  framing table;
* over the small hand-made fixture store (tests/fixtures/api/digest.json):
  citations, entity links, search, the /docs "Try it" forms, phone layout.

Screenshots go to test-output/screenshots/ (git-ignored). The story page
screenshot is copied to docs/screenshot-story.png when that file is missing
or NEWSFUSE_UPDATE_SCREENSHOT=1.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "putin-kim-2024"
FIXTURE = ROOT / "tests" / "fixtures" / "api" / "digest.json"
SHOTS = ROOT / "test-output" / "screenshots"
README_SHOT = ROOT / "docs" / "screenshot-story.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CLI = [sys.executable, "-m", "newsfuse.cli"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not shutil.which("chromium"):
    pytest.skip("no system chromium: apt-get install -y chromium (make test does it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``newsfuse serve`` in a subprocess, stopped (by its own pid) when the tests are done."""

    def __init__(self, db: Path, token: str | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = os.environ | {"NEWSFUSE_API_TOKEN": token} if token else dict(os.environ)
        self.log = open(db.with_suffix(".serve.log"), "w")
        self.proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(self.port)],
                                     cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsfuse serve exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("newsfuse serve did not answer within 30 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "db.sqlite"
    done = subprocess.run([*CLI, "ingest", str(DEMO), "--db", str(db), "--quiet", "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"newsfuse ingest failed:\n{done.stderr[-3000:]}"
    summary = json.loads(done.stdout)
    assert summary["ingested"] == len(list(DEMO.iterdir())) and summary["stories"] >= 1, (
        f"the pipeline did not analyse the demo corpus: {summary['errors'][:2]}")
    server = Server(db)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    from newsfuse.model import Digest
    from newsfuse.store.sqlite import SQLiteStore

    db = tmp_path_factory.mktemp("fixture") / "db.sqlite"
    digest = Digest.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    with SQLiteStore(db) as store:
        store.put_documents(digest.documents)
        store.replace_stories(digest.stories, digest.entities)
    server = Server(db)
    yield server
    server.stop()


def _page(browser, width: int = 1100, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # nothing leaves the box
    return context.new_page()


def _shot(page, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# the demo corpus through the real pipeline ------------------------------------------
def test_demo_api_serves_the_story(demo_server):
    stories = httpx.get(demo_server.url + "/api/v1/stories?order=biggest", timeout=10).json()["items"]
    assert stories and stories[0]["size"] >= 4, stories
    detail = httpx.get(demo_server.url + stories[0]["url"], timeout=10).json()
    assert {d["id"] for d in detail["documents"]} == set(stories[0]["documents"])
    schema = ROOT.parent / "shared" / "eval" / "digest.schema.json"
    if schema.exists():  # the story detail is the digest export, schema and all
        import jsonschema

        jsonschema.validate(detail, json.loads(schema.read_text(encoding="utf-8")))
    docs = httpx.get(demo_server.url + "/docs", timeout=10).text
    for path, item in httpx.get(demo_server.url + "/openapi.json", timeout=10).json()["paths"].items():
        for method in item:
            assert f'data-method="{method.upper()}" data-path="{path}"' in docs


def test_demo_reader_sees_summary_conflict_and_framing(browser, demo_server):
    expect = playwright_api.expect
    page = _page(browser)
    page.goto(demo_server.url + "/")
    expect(page.locator("h1")).to_have_text("Stories")
    page.get_by_role("link", name="Biggest").click()
    _shot(page, "demo-story-list")
    first = page.locator(".story-card h2 a").first
    title = first.inner_text()
    first.click()
    expect(page.locator(".nf-story-title")).to_have_text(title)

    # the summary, every sentence with a citation that leads to a cited article
    sentences = page.locator(".nf-summary-list li")
    expect(sentences.first).to_be_visible()
    for i in range(sentences.count()):
        expect(sentences.nth(i).locator("a.nf-cite").first).to_be_visible()
    target = sentences.first.locator("a.nf-cite").first.get_attribute("href")
    expect(page.locator(target)).to_have_count(1)

    # the conflict about the number of containers (6,700 vs 10,000), highlighted
    containers = page.locator(".nf-conflict").filter(has_text=re.compile(r"container", re.I))
    expect(containers.first).to_be_visible()
    text = containers.first.inner_text()
    assert re.search(r"6[.,\u202f ]?700", text) and re.search(r"10[.,\u202f ]?000", text), text
    assert "rgb(179, 38, 30)" in containers.first.evaluate("e => getComputedStyle(e).borderColor")

    # the framing table: actors × outlets, with descriptors
    framing = page.locator("table.nf-framing")
    expect(framing).to_be_visible()
    expect(framing.locator("tbody th").filter(has_text="Putin").first).to_be_visible()
    assert framing.locator("thead th").count() >= 3  # "Actor" + at least two outlets
    assert framing.locator(".nf-chip").count() >= 3

    story_png = _shot(page, "demo-story")
    page.set_viewport_size({"width": 1000, "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    readme = _shot(page, "demo-story-top", full_page=False)
    if not README_SHOT.exists() or os.environ.get("NEWSFUSE_UPDATE_SCREENSHOT") == "1":
        _small_png(readme, README_SHOT)
    assert story_png.stat().st_size > 10_000
    page.context.close()


def _small_png(src: Path, dest: Path, limit: int = 300_000) -> None:
    """Copy a screenshot for the README as a palette PNG under ``limit`` bytes."""
    from PIL import Image

    dest.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(src).convert("RGB")
    for colours in (256, 128, 64):
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(dest, optimize=True)
        if dest.stat().st_size < limit:
            return
    image.thumbnail((800, 1200))
    image.quantize(colors=64).save(dest, optimize=True)


def test_demo_story_reads_on_a_phone(browser, demo_server):
    page = _page(browser, width=390, height=844)
    page.goto(demo_server.url + "/?order=biggest")
    page.locator(".story-card h2 a").first.click()
    playwright_api.expect(page.locator(".nf-summary-list")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheets, which put wide tables in scroll boxes
    # only the wide tables scroll sideways (inside their own box), never the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "demo-story-phone")
    page.context.close()


# the hand-made fixture store -----------------------------------------------------------
def test_citations_entities_and_search(browser, fixture_server):
    expect = playwright_api.expect
    page = _page(browser)
    page.goto(fixture_server.url + "/stories/s-bridge")
    page.locator(".nf-summary-list a.nf-cite", has_text="[3]").click()
    assert page.url.endswith("#doc-c3")
    expect(page.locator("#doc-c3")).to_be_in_viewport()

    page.get_by_role("link", name="Anna Berg", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Anna Berg")
    expect(page.locator("#descriptors")).to_contain_text("umstrittene Präsidentin")
    _shot(page, "fixture-entity")

    page.keyboard.press("/")  # progressive enhancement: "/" focuses the search box
    page.keyboard.type("treaty")
    page.keyboard.press("Enter")
    expect(page.locator("ol.hits mark").first).to_have_text(re.compile("treaty", re.I))
    page.locator("ol.hits h2 a").first.click()
    expect(page.locator("h1")).to_have_text("Berg and Olsen sign bridge treaty")
    page.context.close()


def test_docs_page_lists_endpoints_and_tries_them(browser, fixture_server):
    expect = playwright_api.expect
    page = _page(browser)
    page.goto(fixture_server.url + "/docs")
    operations = httpx.get(fixture_server.url + "/openapi.json").json()["paths"]
    assert page.locator("details.endpoint").count() == sum(len(v) for v in operations.values())
    endpoint = page.locator('details.endpoint[data-method="GET"][data-path="/api/v1/stories"]')
    endpoint.locator("summary").click()
    endpoint.locator('select[name="order"]').select_option("disputed")
    endpoint.get_by_role("button", name="Try it").click()
    expect(endpoint.locator("pre.out")).to_contain_text('"id": "s-bridge"')
    _shot(page, "fixture-docs")
    page.context.close()


def test_pages_fit_a_phone(browser, fixture_server):
    page = _page(browser, width=390, height=844)
    for path in ("/", "/stories/s-bridge", "/entities/e-berg", "/search?q=berg", "/docs"):
        page.goto(fixture_server.url + path, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    _shot(page, "fixture-docs-phone")
    page.context.close()
