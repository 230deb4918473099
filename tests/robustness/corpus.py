"""A generated corpus of malformed inputs (files and HTTP routes), built at test time in a temp dir.

Every case says what must come out of ingest:

- ``good``: exactly ``docs`` Documents and no IngestError (stored exactly once later);
- ``bad``: no Document and at least one IngestError (reported, never stored);
- ``any``: damaged but maybe readable: exactly one item, a Document or an IngestError;
- ``dup``: a good input's twin (same content, other name): read fine, then skipped by the store.
"""
from __future__ import annotations

import functools
import gzip
import io
import json
import random
from dataclasses import dataclass

from newsfuse.ingest.localserver import Route


@dataclass
class Case:
    name: str  # file name (file cases) or URL path (http cases)
    category: str
    expect: str  # good | bad | any | dup
    data: bytes = b""
    route: Route | None = None  # http cases
    docs: int = 1  # Documents a good case yields


WORDS = ("harbour council bridge minister election budget storm river school hospital railway "
         "museum festival strike court police market energy water forest").split()
GERMAN = "Der Bürgermeister von Köln sagte am Montag, die Brücke über den Fluss sei sicher und günstig."
RUSSIAN = "Мэр города заявил в понедельник, что мост через реку безопасен и будет открыт."
JAPANESE = "市長は月曜日、川に架かる橋は安全だと述べた。新しい予算は来年度から始まる。"


def sentence(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 6)
    return f"Article {i}: the {words[0]} and the {words[1]} met the {words[2]} near the {words[3]} on day {i}."


def page(rng: random.Random, i: int) -> str:
    paras = "".join(f"<p>{sentence(rng, i)} {sentence(rng, i + 1)}</p>" for _ in range(3))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Story {i}</title></head>"
            f"<body><nav>Home | World</nav><article><h1>Story {i}</h1>{paras}</article></body></html>")


def rss(items: list[str]) -> bytes:
    body = "".join(f"<item><title>t{n}</title><link>{u}</link></item>" for n, u in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{body}</channel></rss>'.encode()


def file_cases(seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    add = cases.append
    n = 0

    def nid() -> int:
        nonlocal n
        n += 1
        return n

    for _ in range(60):  # plain good articles
        i = nid()
        add(Case(f"good-{i}.txt", "text-utf8", "good", (sentence(rng, i) + "\n" + GERMAN).encode()))
    for k in range(40):  # good in other encodings, with BOMs or clear statistics
        i = nid()
        text = f"{sentence(rng, i)}\n{GERMAN}\n{GERMAN}"
        enc = ("utf-8-sig", "utf-16", "latin-1", "cp1252")[k % 4]
        add(Case(f"enc-{enc}-{i}.txt", f"encoding-{enc}", "good", text.encode(enc)))
    for _ in range(30):
        i = nid()
        add(Case(f"ru-{i}.txt", "encoding-cp1251", "good", f"Article {i}. {RUSSIAN} {RUSSIAN}".encode("cp1251")))
    for _ in range(30):
        i = nid()
        add(Case(f"ja-{i}.txt", "encoding-shift_jis", "good", f"Article {i}. {JAPANESE}{JAPANESE}".encode("shift_jis")))
    for _ in range(80):  # mixed encodings in one file: decoded with replacements or reported
        i = nid()
        data = sentence(rng, i).encode() + GERMAN.encode("latin-1") + RUSSIAN.encode("utf-8") + "é".encode("cp1252")
        add(Case(f"mixed-{i}.txt", "mixed-encoding", "any", data))
    for _ in range(100):  # truncated HTML, cut anywhere
        i = nid()
        html = page(rng, i)
        cut = rng.randrange(30, len(html))
        add(Case(f"trunc-{i}.html", "truncated-html", "good", html[:cut].encode()))
    for k in range(40):  # tag soup: unclosed tags, stray scripts, absurd character references
        i = nid()
        bits = [f"<p>{sentence(rng, i)}", "<div><span><b>", "<script>if (a < b) { x = '</div>' }", "<!-- open comment",
                "&#xFFFFFFFF; &#0; &bogus; &amp", "<![CDATA[ ]]>", "<table><tr><td>cell", "</p></p></html>",
                "<svg><foreignObject><p>", "\u202e\u200b", "<a href='javascript:alert(1)'>x</a>", "<<<>>>"]
        rng.shuffle(bits)
        add(Case(f"soup-{i}.html", "tag-soup", "good", ("<html><body>" + "".join(bits)).encode()))
    for k in range(30):  # deeply nested HTML
        i = nid()
        depth = (500, 3000, 20000)[k % 3]
        html = "<html><body>" + "<div>" * depth + f"<p>{sentence(rng, i)}</p>" + "</div>" * (depth // 2)
        add(Case(f"nested-{i}.html", "nested-html", "good", html.encode()))
    for k in range(140):  # binary files under text names
        i = nid()
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(64, 4096)))
        head = (b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x7fELF", b"%PDF-1.4\n\x00", b"")[k % 5]
        suffix = (".txt", ".html", ".md", ".htm")[k % 4]
        add(Case(f"binary-{i}{suffix}", "binary", "bad", head + b"\x00" + blob))
    for k in range(40):  # empty or blank files
        i = nid()
        add(Case(f"empty-{i}{('.txt', '.html', '.jsonl', '.md')[k % 4]}", "empty", "bad",
                 (b"", b"   \n\n\t ", b"\r\n" * 50, b"")[k % 4]))
    for k in range(2):  # over the 20 MB input limit
        i = nid()
        add(Case(f"huge-{i}.txt", "huge", "bad", (sentence(rng, i) + " ").encode() * 250_000))
    for _ in range(40):  # JSONL: good lines, broken lines, wrong shapes
        i = nid()
        good = [json.dumps({"id": f"jl-{i}-{j}", "text": sentence(rng, i * 10 + j)}) for j in range(3)]
        add(Case(f"lines-{i}.jsonl", "jsonl-good", "good", "\n".join(good).encode(), docs=3))
        i = nid()
        add(Case(f"badlines-{i}.jsonl", "jsonl-broken", "bad",
                 b'{"id": 1, "text": \n[1, 2]\n"just a string"\n{"id": "x"}\n{"text": ""}'))
    for k in range(40):  # gzip: good, truncated, bombs
        i = nid()
        raw = page(rng, i).encode()
        if k % 4 == 3:
            add(Case(f"cut-{i}.html.gz", "gzip-truncated", "bad", gzip.compress(raw)[: rng.randrange(5, 40)]))
        elif k % 4 == 2 and k < 12:
            add(Case(f"bomb-{i}.html.gz", "gzip-bomb", "bad", _bomb()))
        else:
            add(Case(f"zipped-{i}.html.gz", "gzip-good", "good", gzip.compress(raw)))
    for k in range(96):  # broken and hostile feeds/sitemaps given as files
        i = nid()
        add(Case(f"feed-{i}.xml", "feed-broken", "bad", _broken_feed(rng, k)))
    for k in range(20):  # WARC: broken archives
        i = nid()
        add(Case(f"crawl-{i}.warc" + (".gz" if k % 2 else ""), "warc-broken", "bad", _broken_warc(rng, k)))
    for _ in range(20):
        i = nid()
        add(Case(f"ok-{i}.warc.gz", "warc-good", "good", _warc(page(rng, i).encode(), f"https://w.test/{i}.html")))
    for k in range(20):
        i = nid()
        junk = b"PAR1" + bytes(rng.randrange(256) for _ in range(200))
        add(Case(f"shard-{i}.parquet", "parquet-broken", "bad", junk))
    goods = [c for c in cases if c.expect == "good" and c.docs == 1 and not c.name.endswith((".gz", ".warc"))]
    for twin in rng.sample(goods, 40):  # same content, another name: stored once
        add(Case("twin-" + twin.name, "duplicate", "dup", twin.data))
    return cases


def _broken_feed(rng: random.Random, k: int) -> bytes:
    laughs = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY a{j} "{("&a;" if j == 0 else f"&a{j - 1};") * 10}">' for j in range(9))
              + ']><rss version="2.0"><channel><title>&a8;</title></channel></rss>')
    variants = [
        laughs.encode(),
        laughs.encode("utf-16"),
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>",
        b'<?xml version="1.0"?><catalog><book>not a feed</book></catalog>',
        bytes(rng.randrange(256) for _ in range(300)),
        b"",
        b"<?xml version='1.0'?>",
        b"<opml><body><outline xmlUrl='gopher://x'/></body></opml>",  # OPML whose only feed cannot be fetched
        b"<rss version='2.0'><channel><item><title>no link, no content</title></item></channel></rss>",
        b"<urlset><url><loc>ftp://127.0.0.1/x</loc></url></urlset>",
        b"<sitemapindex><sitemap><loc>file:///etc/passwd</loc></sitemap></sitemapindex>",
        "<rss version='2.0'><channel>".encode() + b"<item>" * 5000,
    ]
    return variants[k % len(variants)]


@functools.lru_cache(maxsize=1)
def _bomb() -> bytes:
    """60 MB of zeros in ~60 kB: over the 50 MB gunzip cap."""
    return gzip.compress(b"\0" * 60_000_000, 9)


def _warc(body: bytes, url: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def _broken_warc(rng: random.Random, k: int) -> bytes:
    good = _warc(b"<html><body><p>text</p></body></html>", "https://w.test/x")
    variants = [good[: len(good) // 2], b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
                bytes(rng.randrange(256) for _ in range(500)), b"", gzip.compress(b"not a warc at all")]
    return variants[k % len(variants)]


def http_cases(seed: int = 2) -> list[Case]:
    """Routes for the local server: good pages behind transient faults, and hostile answers."""
    rng = random.Random(seed)
    cases: list[Case] = []
    add = cases.append
    for i in range(40):
        add(Case(f"/ok/{i}.html", "http-good", "good", route=Route(page(rng, 5000 + i).encode())))
    for i in range(20):
        add(Case(f"/flaky/{i}.html", "http-5xx-then-ok", "good",
                 route=Route(page(rng, 6000 + i).encode(), fail_first=1, fail_status=rng.choice((500, 502, 503, 429)))))
    for i in range(10):
        add(Case(f"/resetonce/{i}.html", "http-reset-then-ok", "good",
                 route=Route(page(rng, 6500 + i).encode(), fault="reset", fail_first=1)))
    for i in range(10):
        add(Case(f"/gz/{i}.html", "http-gzip-good", "good", route=Route(page(rng, 6600 + i).encode(), gzip=True)))
    bad = [
        ("http-500", lambda i: Route(fault="500"), 10),
        ("http-reset", lambda i: Route(fault="reset"), 6),
        ("http-stall", lambda i: Route(fault="stall"), 3),
        ("http-drip", lambda i: Route(fault="drip", drip_interval=0.05), 3),
        ("http-redirect-loop", lambda i: Route(fault="loop"), 6),
        ("http-truncated", lambda i: Route(b"<html>" + b"x" * 5000, fault="truncate"), 6),
        ("http-gzip-bomb", lambda i: Route(b"\0" * 20_000_000, gzip=True), 3),
        ("http-huge", lambda i: Route(b"<p>" + b"y" * 1_500_000), 3),
        ("http-binary", lambda i: Route(bytes(range(256)) * 40, content_type="application/octet-stream"), 5),
        ("http-image", lambda i: Route(b"\x89PNG....", content_type="image/png"), 5),
        ("http-empty", lambda i: Route(b"", content_type="text/html"), 5),
        ("http-hostile-feed", lambda i: Route(_broken_feed(rng, i % 3), content_type="application/rss+xml"), 6),
        ("http-private-redirect", lambda i: Route(status=302, headers={"Location": "http://0.0.0.0:1/admin"}), 3),
    ]
    for category, make, count in bad:
        for i in range(count):
            add(Case(f"/{category}/{i}", category, "bad", route=make(i)))
    for i in range(10):  # a redirect chain longer than the limit
        path = f"/chain{i}/0"
        add(Case(path, "http-redirect-chain", "bad", route=Route(status=302, headers={"Location": f"/chain{i}/1"})))
    return cases


def chain_routes() -> dict[str, Route]:
    """The hops of the redirect chains above (not cases themselves)."""
    return {f"/chain{i}/{h}": Route(status=302, headers={"Location": f"/chain{i}/{h + 1}"})
            for i in range(10) for h in range(1, 12)}


def feed_cases(server_url) -> tuple[list[Case], dict[str, Route]]:
    """Feeds whose entries point at good, flaky and broken pages: each entry is judged on its own."""
    rng = random.Random(3)
    routes: dict[str, Route] = {}
    cases = []
    for f in range(10):
        links = []
        for j in range(4):
            path = f"/feedpages/{f}/{j}.html"
            routes[path] = Route(page(rng, 7000 + f * 10 + j).encode(), fail_first=j % 2)
            links.append(server_url(path))
        routes[f"/feedpages/{f}/gone.html"] = Route(status=410, body=b"gone", etag=False)
        cases.append(Case(f"/feeds/{f}.xml", "http-feed", "feed", route=Route(
            rss(links + [server_url(f"/feedpages/{f}/gone.html")]), content_type="application/rss+xml"), docs=4))
    return cases, routes

