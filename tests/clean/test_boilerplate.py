"""Each line rule, in several outlets' styles and in English and German."""
import pytest

from tests.clean.conftest import reasons

BODY = ("The council approved the plan on Tuesday after a long debate, officials said. "
        "It will cost about twelve million euros over five years.")
KÖRPER = ("Der Stadtrat hat den Plan am Dienstag nach langer Debatte beschlossen, teilte die Stadt mit. "
          "Er kostet rund zwölf Millionen Euro.")


@pytest.mark.parametrize("line,reason", [
    ("- Advertisement -", "advertisement"),
    ("Anzeige", "advertisement"),
    ("Must read", "navigation"),
    ("Source link", "navigation"),
    ("More on Climate Change", "navigation"),
    ("Related Topics:", "navigation"),
    ("Das könnte Sie auch interessieren", "teaser"),  # opens a teaser section
    ("Mehr zum Thema Verkehr", "teaser"),
    ("Main photo source: Reuters", "credit"),
    ("Foto: dpa", "credit"),
    ("Wladimir Smirnow/Sputnik/Pool/Reuters", "credit"),
    ("AP Photo/Ahn Young-joon", "credit"),
    ("Stringer/Getty Images", "credit"),
    ("Read more: Five things to know about the budget", "teaser"),
    ("Lesen Sie auch: Warum die Innenstadt autofrei werden soll", "teaser"),
    ("Source : Sky News", "footer"),
    ("Quelle: tagesschau.de", "footer"),
    ("(Reporting by Jane Doe; Editing by John Smith)", "footer"),
    ("17.8 C", "widget"),
    ("12°C London", "widget"),
    ("Tuesday, July 23, 2024", "dateline"),
    ("Aktualisiert am 17.01.2021.", "dateline"),
    ("Sign up to our daily newsletter", "cta"),
    ("Jetzt Newsletter abonnieren!", "cta"),
    ("By Jane Doe, Reuters", "byline"),
    ("Von Max Mustermann", "byline"),
    ("This is a developing story and will be updated.", "notice"),
    ("Dieser Artikel wird laufend aktualisiert.", "notice"),
    ("This article has been automatically translated.", "mt-notice"),
    ("Dieser Text wurde maschinell übersetzt.", "mt-notice"),
    ("Home | Politik | Inland", "navigation"),
])
@pytest.mark.parametrize("body", [BODY, KÖRPER])
def test_line_rule(clean, line, reason, body):
    doc = clean(f"{body}\n{line}\n{body.replace('council', 'mayor').replace('Stadtrat', 'Bürgermeister')}")
    assert reasons(doc).get(line) == reason
    assert line not in doc.body


@pytest.mark.parametrize("line", [
    "Cooperation between Russia and North Korea",  # a subheading followed by text
    "Die Kosten im Überblick",
    "North Korea supplies ammunition",
])
def test_subheadings_are_kept(clean, line):
    doc = clean(f"{BODY}\n{line}\n{KÖRPER}")
    assert line in doc.body


@pytest.mark.parametrize("caption", [
    "Senators arrive for the vote at the Capitol in WashingtonReuters",
    "Fans celebrate outside the stadium on FridayGetty Images",
    "Image: Fans outside the ground on Friday. Pic: PA",
    "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
])
def test_captions_glued_or_labelled(clean, caption):
    doc = clean(f"{BODY}\n{caption}\n{KÖRPER}")
    assert reasons(doc).get(caption) == "caption"


def test_caption_after_standalone_credit(clean):
    cap = "Der Bürgermeister und die Ministerin eröffnen am 19. Juni 2024 den neuen Radweg in der Innenstadt."
    doc = clean(f"Radweg eröffnet\nMax Muster/dpa\n{cap}\n{KÖRPER}\n{BODY}")
    assert reasons(doc)[cap] == "caption"
    assert KÖRPER in doc.body


def test_readmore_marks_the_teaser_before_it(clean):
    teaser = "Zinssenkung: Was sie für Sparer bedeutetSparer müssen sich auf niedrigere Zinsen einstellen."
    doc = clean(f"{KÖRPER}\n{BODY}\n{teaser}\nWeiterlesen »\n")
    assert reasons(doc)[teaser] == "teaser"
    assert reasons(doc)["Weiterlesen »"] == "teaser"


def test_related_section_runs_while_it_looks_like_teasers(clean):
    doc = clean("de_aggregator.txt")
    r = reasons(doc)
    assert r["Ähnliche Nachrichten:"] == "teaser"
    assert all(x.reason in {"teaser", "navigation", "repeat"} for x in doc.removed)
    assert "Rekordhoch" not in doc.body and "Die Entscheidung fiel einstimmig" in doc.body


@pytest.mark.parametrize("name,header", [("en_tabloid.txt", "Comments"), ("de_regional.txt", "Kommentare")])
def test_comment_section_and_its_rules(clean, name, header):
    doc = clean(name)
    r = reasons(doc)
    assert r[header] == "comments"
    assert "community" not in doc.body.lower()
    assert any(v == "legal" for v in r.values())


def test_title_and_kicker_leave_the_body(clean):
    doc = clean(f"Kremlin chief in North Korea\nKim emphasizes friendship with Putin\n{BODY}\n{KÖRPER}")
    assert doc.title == "Kim emphasizes friendship with Putin"
    assert "Kremlin chief" not in doc.body
    assert [p.kind for p in doc.paragraphs][:2] == ["title", "title"]


def test_labelled_date_is_split_from_the_kicker(clean):
    doc = clean(f" date 2024-06-19 Kremlin chief in North Korea\n{BODY}")
    assert reasons(doc)["date 2024-06-19"] == "dateline"
    assert doc.title == "Kremlin chief in North Korea"


def test_date_opening_a_sentence_stays(clean):
    line = "Am 14. Juni 2005 hielt der Gründer eine Rede vor Studenten, die bis heute zitiert wird."
    doc = clean(f"{line}\n{KÖRPER}")
    assert line in doc.body


def test_trailing_short_lines_go_but_lists_stay(clean):
    doc = clean(f"{BODY}\n{KÖRPER}\nMore articles\nLatest article")
    assert doc.body.endswith("Euro.")
    dates = "\n".join(f"June {d} – City {d}, Arena {d}" for d in range(1, 9))
    doc = clean(f"{BODY}\nTour dates\n{dates}")
    assert "June 8 – City 8, Arena 8" in doc.body


def test_wire_dateline_and_byline(clean):
    doc = clean("en_wire.txt")
    assert doc.body.startswith("WASHINGTON (Reuters) — The U.S. Senate")
    assert reasons(doc)["By Jane Doe, Reuters"] == "byline"
    assert "clean.datelines" in doc.hints


def test_standalone_dateline_lines(clean):
    doc = clean(f"Title of the story here\nCNN\n—\n{BODY}\n{KÖRPER}")
    assert reasons(doc)["CNN"] == "dateline"
    assert '"CNN"' in doc.hints["clean.datelines"]


def test_keep_boilerplate_keeps_everything(clean):
    from newsfuse.config import Settings

    doc = clean("de_regional.txt", settings=Settings(keep_boilerplate=True))
    assert "Anzeige" in doc.body and "Netiquette" in doc.body
    assert any(r.reason == "advertisement" for r in doc.removed)


def test_nothing_silently_lost(clean):
    from pathlib import Path

    for name in ["en_wire.txt", "en_tabloid.txt", "de_regional.txt", "de_aggregator.txt", "en_mt_from_de.txt"]:
        raw = (Path(__file__).parents[1] / "fixtures" / "clean" / name).read_text()
        doc = clean(name)
        kept = {p.text for p in doc.paragraphs} | {r.text for r in doc.removed}
        for line in filter(str.strip, raw.splitlines()):
            assert any(line.strip() in k or k in line for k in kept), line


def test_hard_wrapped_text_is_joined(clean):
    raw = ("The council approved the plan on Tuesday after a\nlong debate, officials said on the record.\n\n"
           "It will cost about twelve million euros over\nfive years, the finance office said.\n\n"
           "Work starts in spring and will\ntake two years to finish.\n\nThe mayor welcomed it.\n\nEnd of the story here.")
    doc = clean(raw)
    assert "after a long debate" in doc.body
