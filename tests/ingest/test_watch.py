"""``newsfuse watch``: every article once, conditional re-polls, failures recorded and retried, stories built."""
from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.ingest.watch import poll, watch
from newsfuse.store import open_store
from newsfuse.store.keys import canonical_url

from .conftest import Route, article, opml, rss

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "putin-kim-2024"


def _two_feeds(server, n: int = 6) -> tuple[list[str], list[str]]:
    """Two feeds sharing one article; one article also reachable under a tracking-parameter URL."""
    urls = [server.url(f"/a/{i}.html") for i in range(n)]
    for i in range(n):
        server.routes[f"/a/{i}.html"] = Route(article(i))
    server.routes["/copy.html"] = Route(article(0))  # same content, other URL
    server.routes["/f1.xml"] = Route(rss([(f"t{i}", u) for i, u in enumerate(urls[: n // 2 + 1])]),
                                     content_type="application/rss+xml")
    server.routes["/f2.xml"] = Route(rss([(f"t{i}", u) for i, u in enumerate(urls[n // 2:])] +
                                         [("dup", urls[1] + "?utm_source=x"), ("copy", server.url("/copy.html"))]),
                                     content_type="application/rss+xml")
    return [server.url("/f1.xml"), server.url("/f2.xml")], urls


def _stored_urls(db: str) -> list[str]:
    with open_store(db) as store:
        return [canonical_url(d.url) for d in store.iter_documents()]


def test_watch_once_on_opml_ingests_every_article_once(server, settings, stub_pipeline, tmp_path):
    feeds, urls = _two_feeds(server)
    listing = tmp_path / "feeds.opml"
    listing.write_text(opml(feeds))
    watch([str(listing)], settings, once=True, console=Console(file=open(tmp_path / "log", "w")))
    stored = _stored_urls(settings.db)
    assert sorted(stored) == sorted(canonical_url(u) for u in urls)  # each once; the copy and the dup skipped
    with open_store(settings.db) as store:
        assert store.counts()["stories"] == len(urls) and not store.list_errors()
    log = (tmp_path / "log").read_text()
    assert f"ingested {len(urls)}" in log and "skipped 1" in log


def test_second_poll_is_conditional_and_adds_only_new_articles(server, settings, stub_pipeline):
    feeds, urls = _two_feeds(server)
    with open_store(settings.db) as store:
        first = poll(store, feeds, settings)
        assert len(first.ingested) == len(urls)
        again = poll(store, feeds, settings)
        assert again.not_modified == 2 and not again.ingested
        assert server.hits["/a/0.html"] == 1  # stored articles are never fetched again
        server.routes["/a/new.html"] = Route(article(99))
        server.routes["/f1.xml"] = Route(rss([("new", server.url("/a/new.html")), ("t0", urls[0])]),
                                         content_type="application/rss+xml")
        third = poll(store, feeds, settings)
        assert third.ingested == [d for d in third.ingested if d.startswith("new-")] and len(third.ingested) == 1
        assert third.stories == len(urls) + 1  # the new article joined the stories


def test_failed_article_is_recorded_then_retried(server, settings, stub_pipeline):
    settings = settings.with_(extra={**settings.extra, "fetch_retries": 0})
    server.routes["/a/ok.html"] = Route(article(1))
    server.routes["/a/flaky.html"] = Route(article(2), fail_first=1, fail_status=502)
    server.routes["/f.xml"] = Route(rss([("ok", server.url("/a/ok.html")), ("flaky", server.url("/a/flaky.html"))]),
                                    content_type="application/rss+xml")
    with open_store(settings.db) as store:
        first = poll(store, [server.url("/f.xml")], settings)
        assert len(first.ingested) == 1 and first.failed[0].source == server.url("/a/flaky.html")
        (error,) = store.list_errors()
        assert error.source == server.url("/a/flaky.html") and "502" in error.reason
        second = poll(store, [server.url("/f.xml")], settings)
        assert second.not_modified == 0  # validators were not saved while an entry was failing
        assert len(second.ingested) == 1 and not store.list_errors()


def test_failed_article_that_left_the_feed_is_still_retried(server, settings, stub_pipeline):
    settings = settings.with_(extra={**settings.extra, "fetch_retries": 0})
    server.routes["/a/flaky.html"] = Route(article(2), fail_first=1, fail_status=500)
    server.routes["/f.xml"] = Route(rss([("flaky", server.url("/a/flaky.html"))]), content_type="application/rss+xml")
    with open_store(settings.db) as store:
        poll(store, [server.url("/f.xml")], settings)
        server.routes["/f.xml"] = Route(rss([]), content_type="application/rss+xml")
        second = poll(store, [server.url("/f.xml")], settings)
        assert len(second.ingested) == 1 and not store.list_errors()


def test_broken_and_hostile_feeds_are_recorded(server, settings, stub_pipeline):
    server.routes["/bad.xml"] = Route(b"<rss><channel><item>", content_type="application/rss+xml")
    server.routes["/lol.xml"] = Route(b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><rss/>',
                                      content_type="application/rss+xml")
    server.routes["/page.html"] = Route(article(1), content_type="text/html")
    feeds = [server.url(p) for p in ("/bad.xml", "/lol.xml", "/page.html", "/missing.xml")]
    with open_store(settings.db) as store:
        report = poll(store, feeds, settings)
        sources = [e.source for e in store.list_errors()]
    assert all(any(s.startswith(f) for s in sources) for f in feeds)  # bad.xml recovers into an empty entry
    assert len(report.failed) == 4 and not report.ingested


def test_cli_watch_once(server, settings, stub_pipeline, tmp_path):
    feeds, urls = _two_feeds(server, n=2)  # the CLI uses the default, polite 0.5 s per host
    listing = tmp_path / "feeds.opml"
    listing.write_text(opml(feeds))
    result = CliRunner().invoke(app, ["watch", str(listing), "--once", "--allow-private", "--db", settings.db])
    assert result.exit_code == 0, result.output
    assert len(_stored_urls(settings.db)) == len(urls)


def test_cli_watch_refuses_loopback_without_allow_private(server, settings, stub_pipeline):
    feeds, _ = _two_feeds(server)
    result = CliRunner().invoke(app, ["watch", feeds[0], "--once", "--db", settings.db],
                                env={"NEWSFUSE_ALLOW_PRIVATE": "0"})
    assert result.exit_code == 0
    assert not _stored_urls(settings.db) and not server.hits
    with open_store(settings.db) as store:
        assert "allow-private" in store.list_errors()[0].reason


def _real_pipeline_available() -> bool:
    try:
        from newsfuse.pipeline import build_stories, process_document  # noqa: F401
        from newsfuse.claims import extract_claims  # noqa: F401
        from newsfuse.clean import clean_document  # noqa: F401
        from newsfuse.entities import link_entities, recognise_entities  # noqa: F401
        from newsfuse.meta import annotate_meta  # noqa: F401
        from newsfuse.report import build_story  # noqa: F401
        from newsfuse.stories import cluster_documents, relate_documents  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.e2e
@pytest.mark.skipif(not _real_pipeline_available(), reason="the NLP stages have not all landed yet")
def test_watch_once_builds_stories_with_the_real_pipeline(server, settings, tmp_path):
    """The demo articles served as two local feeds listed in an OPML file, through the whole pipeline;
    the second feed appears later and its articles join the stories already stored."""
    paths = sorted(DEMO.glob("*.txt"))
    for p in paths:
        server.routes[f"/demo/{p.stem}"] = Route(p.read_bytes(), content_type="text/plain; charset=utf-8")
    urls = [server.url(f"/demo/{p.stem}") for p in paths]
    server.routes["/a.xml"] = Route(rss([(p.stem, u) for p, u in zip(paths[:3], urls[:3])]),
                                    content_type="application/rss+xml")
    server.routes["/b.xml"] = Route(rss([]), content_type="application/rss+xml")
    listing = tmp_path / "demo.opml"
    listing.write_text(opml([server.url("/a.xml"), server.url("/b.xml")]))
    log = Console(file=open(tmp_path / "log", "w"))
    watch([str(listing)], settings, once=True, console=log)
    with open_store(settings.db) as store:
        first_stories = {s.id for s in store.list_stories(limit=100)}
        assert store.counts()["documents"] == 3 and first_stories
    server.routes["/b.xml"] = Route(rss([(p.stem, u) for p, u in zip(paths[2:], urls[2:])]),  # one shared entry
                                    content_type="application/rss+xml")
    watch([str(listing)], settings, once=True, console=log)
    with open_store(settings.db) as store:
        docs = list(store.iter_documents())
        stories = store.list_stories(limit=100)
        assert sorted(canonical_url(d.url) for d in docs) == sorted(canonical_url(u) for u in urls)
        assert all(d.story for d in docs)
        assert {d for s in stories for d in s.documents} == {d.id for d in docs}
        new = [d for d in docs if canonical_url(d.url) in {canonical_url(u) for u in urls[3:]}]
        assert any(d.story in first_stories for d in new)  # the same event: joined a stored story
    watch([str(listing)], settings, once=True, console=log)
    with open_store(settings.db) as store:
        assert store.counts()["documents"] == len(urls)


def test_watch_follows_a_sitemap_index(site, settings, stub_pipeline):
    with open_store(settings.db) as store:
        report = poll(store, [site.url("/sitemap-index.xml")], settings)
        assert len(report.ingested) == 2 and report.feeds == 1
        titles = {d.hints.get("title") for d in store.iter_documents()}
    assert "Harbour reopens after storm" in titles


def test_articles_stored_by_a_run_killed_before_its_story_refresh_get_stories(server, settings, stub_pipeline,
                                                                               tmp_path):
    import newsfuse.service as service
    from newsfuse.ingest.sources import read_url

    feeds, urls = _two_feeds(server, n=2)
    with open_store(settings.db) as store:  # what a run killed between the commits and the refresh leaves
        service.ingest_items(store, read_url(feeds[0], settings), settings)
        assert store.counts()["documents"] == 2 and store.counts()["stories"] == 0
    watch(feeds[:1], settings, once=True, console=Console(file=open(tmp_path / "log", "w")))
    with open_store(settings.db) as store:
        assert store.counts()["documents"] == 2 and store.counts()["stories"] == 2


def test_an_article_that_keeps_failing_is_given_up_but_stays_listed(server, settings, stub_pipeline):
    settings = settings.with_(extra={**settings.extra, "fetch_retries": 0, "watch_max_attempts": 2})
    server.routes["/a/ok.html"] = Route(article(1))
    server.routes["/f.xml"] = Route(rss([("ok", server.url("/a/ok.html")), ("gone", server.url("/a/gone.html"))]),
                                    content_type="application/rss+xml")
    with open_store(settings.db) as store:
        reports = [poll(store, [server.url("/f.xml")], settings) for _ in range(4)]
        (error,) = store.list_errors()
    assert [len(r.failed) for r in reports] == [1, 1, 0, 0] and reports[2].given_up == 1
    assert reports[3].not_modified == 1  # once given up, the feed is read conditionally again
    assert error.source == server.url("/a/gone.html") and error.attempts == 2 and "404" in error.reason
    assert server.hits["/a/gone.html"] == 2


def test_cli_watch_allow_private_from_the_environment(server, settings, stub_pipeline):
    feeds, urls = _two_feeds(server, n=2)
    result = CliRunner().invoke(app, ["watch", feeds[0], "--once", "--db", settings.db],
                                env={"NEWSFUSE_ALLOW_PRIVATE": "1"})
    assert result.exit_code == 0, result.output
    assert len(_stored_urls(settings.db)) == 2


def test_a_remote_opml_cannot_point_at_local_files(server, settings, stub_pipeline, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss([("s", "http://127.0.0.1:1/x")]))
    server.routes["/list.opml"] = Route(opml([f"file://{secret}", str(secret)]).encode(), content_type="text/x-opml")
    with open_store(settings.db) as store:
        report = poll(store, [server.url("/list.opml")], settings)
        reasons = [e.reason for e in store.list_errors()]
    assert report.feeds == 0 and len(reasons) == 2
    assert any("may only list http(s) feeds" in r for r in reasons)  # file://
    assert any("404" in r for r in reasons)  # a bare path is resolved against the list's URL
