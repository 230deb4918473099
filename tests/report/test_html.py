import re

import lxml.html
import matplotlib
import pytest

from newsfuse.model import Digest, Paragraph, Removed, Story
from newsfuse.report.export import render_html, story_fragment, stylesheet
from newsfuse.report.render.chart import coverage_svg, parse_date
from newsfuse.report.render.view import anchor, story_view

from .conftest import make_doc


@pytest.fixture(scope="module")
def page(demo_digest):
    return render_html(demo_digest)


@pytest.fixture(scope="module")
def tree(page):
    return lxml.html.fromstring(page)


def test_page_is_a_self_contained_single_file(page, tree):
    assert page.startswith("<!doctype html>")
    assert tree.xpath("//meta[@name='viewport']")
    assert not tree.xpath("//script | //link | //iframe | //img[@src] | //object | //embed")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "no network resources"
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page) and "@import" not in page
    assert tree.xpath("//style") and ".nf-story" in tree.xpath("string(//style)")


def test_every_section_of_the_story_page_is_there(tree):
    headings = [h.text_content() for h in tree.xpath("//h3")]
    assert headings == ["Summary", "Where sources disagree", "Timeline", "Sources", "Who said what", "Numbers",
                        "How each outlet describes each actor", "Entities", "Articles"]


def test_summary_sentences_cite_articles_that_are_on_the_page(tree, demo_story):
    items = tree.xpath("//ul[@class='nf-summary-list']/li")
    assert len(items) == len(demo_story.summary) >= 3
    ids = set(tree.xpath("//@id"))
    for li, sentence in zip(items, demo_story.summary):
        links = li.xpath(".//a[@class='nf-cite']/@href")
        assert len(links) == len(sentence.documents)
        assert all(href[1:] in ids for href in links)
    for href in tree.xpath("//a[starts-with(@href, '#')]/@href"):
        assert href[1:] in ids, f"{href} points nowhere"


def test_conflicts_are_highlighted_boxes(tree, demo_story):
    boxes = tree.xpath("//div[@class='nf-conflict']")
    assert len(boxes) == len(demo_story.conflicts) == 3
    assert all("Sources disagree" in b.text_content() for b in boxes)
    assert "6,700" in boxes[0].text_content() and "10.000" in boxes[0].text_content()
    disputed = tree.xpath("//table[contains(@class,'nf-numbers')]//tr[@class='nf-disputed']")
    assert len(disputed) == 2


def test_sources_table_says_translated_and_independent(tree):
    rows = tree.xpath("//table[contains(@class,'nf-sources')]/tbody/tr")
    assert len(rows) == 5
    text = {r.xpath("string(td[2])"): r.text_content() for r in rows}
    assert "machine, from de" in text["Krone"] and "translation of [3]" in text["Krone"]
    assert "independent" in text["Sky News"] and "unknown" in text["Sky News"]
    assert "machine, from en" in text["CNN"]


def test_quotes_framing_entities_tables(tree):
    quotes = tree.xpath("//table[contains(@class,'nf-quotes')]/tbody/tr")
    assert len(quotes) == 12
    assert any("unattributed" in q.text_content() for q in quotes)
    assert any("TASS" in q.xpath("string(td[3])") for q in quotes)
    framing = tree.xpath("//table[contains(@class,'nf-framing')]")[0]
    assert [th.text_content() for th in framing.xpath(".//thead/tr/th")][1:] == [
        "TVN24", "Krone", "Kleine Zeitung", "CNN", "Sky News"]
    assert "dictator" in framing.text_content() and "Kremlchef" in framing.text_content()
    entities = tree.xpath("//table[contains(@class,'nf-entities')]")[0].text_content()
    assert "Pjöngjang" in entities and "Kim-Il-Sung-Platz" in entities


def test_articles_show_text_with_removed_boilerplate_collapsed(tree, demo_digest):
    for doc in demo_digest.documents:
        article = tree.xpath(f"//article[@id='{anchor(doc.id)}']")[0]
        assert doc.paragraphs[1].text in article.text_content()
        details = article.xpath(".//details[@class='nf-removed']")
        assert details and details[0].get("open") is None
        assert f"({len(doc.removed)})" in details[0].xpath("string(summary)")
    assert tree.xpath("//p[@class='nf-subhead' and text()='Pompous reception']")


def test_coverage_chart_is_inline_svg(tree, page):
    svg = tree.xpath("//figure[@class='nf-figure']/*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("viewbox") or svg[0].get("viewBox")
    assert "<?xml" not in page and "DOCTYPE svg" not in page
    assert "1 undated article not shown" in tree.xpath("string(//figcaption)")


def test_text_is_escaped():
    doc = make_doc("x", ["<script>alert(1)</script> is what the attacker wrote in the article body text."],
                   title="<img src=x onerror=alert(1)>")
    html = render_html(Digest(documents=[doc], stories=[Story(id="s", documents=["x"], title="<b>t</b>")]))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>t</b>" not in html
    assert "&lt;script&gt;" in html


def test_only_http_urls_become_links():
    evil = make_doc("e", ["A body long enough to be a paragraph of an article about anything."],
                    url="javascript:alert(document.cookie)")
    good = make_doc("g", ["Another body long enough to be a paragraph of an article about anything."],
                    url="https://example.org/a")
    html = render_html(Digest(documents=[evil, good], stories=[Story(id="s", documents=["e", "g"])]))
    hrefs = lxml.html.fromstring(html).xpath("//a/@href")
    assert "https://example.org/a" in hrefs
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript")]
    assert "javascript:alert(document.cookie)" in html  # shown as text, not as a link


def test_story_fragment_for_the_web_ui(demo_digest):
    fragment = story_fragment(demo_digest.stories[0], demo_digest.documents, demo_digest.entities)
    assert fragment.lstrip().startswith('<article class="nf-story"')
    outside_svg = re.sub(r"<svg.*?</svg>", "", fragment, flags=re.S)
    assert "<html" not in outside_svg and "<style" not in outside_svg
    assert ".nf-chart *{" in fragment, "the chart's own CSS does not leak onto the page"
    assert ".nf-conflict" in stylesheet()


def test_story_partial_renders_in_another_environment_under_a_prefix(demo_digest):
    """The web UI includes it as report/story.html from its own loader, with no filters of ours."""
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, PrefixLoader
    from newsfuse.report.render.html import environment

    folder = environment().loader.get_source(environment(), "story.html")[1].rsplit("/", 1)[0]
    env = Environment(loader=ChoiceLoader([DictLoader({"page.html": "<main>{% include 'report/story.html' %}</main>",
                                                       "macros.html": "{% macro cite() %}WRONG{% endmacro %}"}),
                                           PrefixLoader({"report": FileSystemLoader(folder)})]), autoescape=True)
    view = story_view(demo_digest.stories[0], demo_digest.documents, demo_digest.entities)
    html = env.get_template("page.html").render(view=view)
    assert "nf-summary-list" in html and "WRONG" not in html


def test_many_stories_get_a_table_of_contents_and_distinct_anchors(demo_digest):
    docs = demo_digest.documents
    first = demo_digest.stories[0]
    second = Story(id="other", title="Other story", documents=["extra"], summary=[])
    extra = make_doc("extra", ["A different event happened somewhere else entirely on that day."])
    html = render_html(Digest(documents=[*docs, extra], stories=[first, second]))
    tree = lxml.html.fromstring(html)
    assert len(tree.xpath("//nav[@class='nf-toc']//li")) == 2
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_chart_helpers_leave_matplotlib_settings_alone():
    before = dict(matplotlib.rcParams)
    assert coverage_svg([make_doc("u", ["x"])]) is None
    svg = coverage_svg([make_doc("a", ["x"], published="2024-06-18T08:00:00+09:00", outlet="A"),
                        make_doc("b", ["x"], language="de", published="2024-06-20")], salt="t")
    assert svg.startswith("<svg") and "A" in svg
    assert dict(matplotlib.rcParams) == before
    assert parse_date("2024-06") .month == 6 and parse_date("yesterday") is None


def test_anchor_ids_are_safe():
    assert anchor("000_3b3444ba40d679c5") == "doc-000_3b3444ba40d679c5"
    unsafe = anchor("https://example.org/a b")
    assert re.fullmatch(r"doc-[A-Za-z0-9_-]+", unsafe) and unsafe != anchor("https://example.org/a-b")


def test_document_without_title_or_outlet_still_renders():
    doc = make_doc("plain", ["Putin arrived in Pyongyang on Wednesday for his first visit in 24 years."])
    doc.removed = [Removed(text="Pic: AP", reason="credit")]
    doc.paragraphs.append(Paragraph(text="caption", kind="caption"))
    html = render_html(Digest(documents=[doc], stories=[Story(id="s", documents=["plain"])]))
    assert "unknown outlet" in html and "Putin arrived in Pyongyang" in html and ">caption<" not in html


def test_conflict_box_lists_each_sentence_once_and_numbers_document_ids(demo_digest):
    from newsfuse.model import Claim, Conflict

    story = demo_digest.stories[0].model_copy(deep=True)
    a, b = "001_18bb572b870def16", "004_b2878f5add958cee"
    c5 = next(c for c in story.claims if c.id == "c5")
    extra = Claim(id="c5b", text=c5.text, document=a, kind="time", date="2024-06-18", start=c5.start + 1)
    story.claims.append(extra)
    story.conflicts = [Conflict(topic="day of arrival", kind="date", claims=["c5", "c5b", "c6"], documents=[a, b],
                                explanation=f"2024-06-18 in {a} vs 2024-06-19 in {b}")]
    view = story_view(story, demo_digest.documents)
    assert [c.id for c in view.conflict_claims(story.conflicts[0])] == ["c5", "c6"]
    assert view.explain(story.conflicts[0]) == "2024-06-18 in [1] vs 2024-06-19 in [4]"
    html = render_html(Digest(documents=demo_digest.documents, stories=[story]))
    assert a not in lxml.html.fromstring(html).xpath("string(//p[@class='nf-conflict-why'])")


def test_summary_sentence_stating_a_disputed_claim_is_flagged(demo_digest):
    from newsfuse.model import SummarySentence

    story = demo_digest.stories[0].model_copy(deep=True)
    story.summary = [SummarySentence(text="Russian dictator Vladimir Putin arrived in North Korea on Tuesday.",
                                     documents=["001_18bb572b870def16"]), *story.summary]
    tree = lxml.html.fromstring(render_html(Digest(documents=demo_digest.documents, stories=[story])))
    items = tree.xpath("//ul[@class='nf-summary-list']/li")
    assert items[0].xpath(".//a[@class='nf-flag']/@href")[0].endswith("-conflicts")
    assert not any(li.xpath(".//a[@class='nf-flag']") for li in items[1:])


def test_framing_column_of_a_source_without_outlet_is_its_number(demo_digest):
    story = demo_digest.stories[0]
    docs = [d.model_copy(update={"outlet": None}) if d.id == "003_26103eff277348f3" else d
            for d in demo_digest.documents]
    framing = [r.model_copy(update={"outlet": None}) if r.document == "003_26103eff277348f3" else r
               for r in story.framing]
    view = story_view(story.model_copy(update={"framing": framing}), docs)
    assert view.framing[1][-1] == "[5] unknown outlet"


def test_long_entity_lists_keep_the_tail_collapsed_and_names_can_link(demo_digest):
    from newsfuse.model import Entity
    from newsfuse.report.render.html import environment

    story = demo_digest.stories[0].model_copy(deep=True)
    story.entities += [Entity(id=f"e-x{i}", name=f"Minor {i}", type="MISC", mentions=1, documents=[story.documents[0]])
                       for i in range(3)]
    view = story_view(story, demo_digest.documents)
    main, tail = view.entities
    assert all(e.mentions > 1 or len(e.documents) > 1 or e.variants for e in main)
    assert {"Minor 0", "Minor 1", "Minor 2"} <= {e.name for e in tail}
    html = environment().get_template("story.html").render(view=view, entity_href=lambda i: f"/entities/{i}")
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//details[@class='nf-more']//a[@href='/entities/e-x0']")
    assert tree.xpath("//table[contains(@class,'nf-entities')]//a[@href='/entities/e-putin']")
