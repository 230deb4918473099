from newsfuse.meta.outlet import outlet_for_domain, parse_byline

BODY = "The minister arrived in the capital on Wednesday for talks, officials said in a statement."


def test_outlet_from_url(meta):
    assert meta(BODY, url="https://www.theguardian.com/world/2024/x").outlet == "The Guardian"
    assert meta(BODY, url="https://unknown-local-paper.example/x").outlet == "unknown-local-paper.example"
    assert outlet_for_domain("edition.cnn.com").name == "CNN"


def test_outlet_from_source_footer(meta):
    assert meta(f"{BODY}\n{BODY}\nSource : Sky News").outlet == "Sky News"
    assert meta(f"{BODY}\n{BODY}\nQuelle: Beispiel-Zeitung").outlet == "Beispiel-Zeitung"


def test_outlet_from_dateline(meta):
    assert meta(f"Title of the story\nCNN\n—\n{BODY}\n{BODY}").outlet == "CNN"
    assert meta(f"LONDON (Reuters) — {BODY}\n{BODY}").outlet == "Reuters"


def test_outlet_from_byline(meta):
    assert parse_byline("By Jane Doe and Max Muster, Reuters") == (["Jane Doe", "Max Muster"], "Reuters")
    doc = meta(f"By Jane Doe, BBC News\n{BODY}\n{BODY}")
    assert doc.outlet == "BBC" and doc.authors == ["Jane Doe"]


def test_outlet_from_comment_section_operator(meta):
    legal = ("Willkommen in unserer Community! Bitte beachten Sie unsere Netiquette und AGB. Für Diskussionen "
             "steht Ihnen das derstandard.at-Forum zur Verfügung. Die Redaktion behält sich vor, Beiträge zu löschen.")
    doc = meta(f"{BODY}\n{BODY.replace('minister', 'mayor')}\nKommentare\n{legal}")
    assert doc.outlet == "Der Standard"


def test_no_cue_no_outlet(meta):
    assert meta(f"{BODY}\nPhoto: Reuters").outlet is None


def test_outlet_named_as_operator_in_legal_text(meta):
    legal = ("User-Beiträge geben nicht notwendigerweise die Meinung des Betreibers oder der Redaktion der "
             "Neue Zürcher Zeitung AG wieder. Die Redaktion behält sich vor, Beiträge zu löschen, die gegen die "
             "Netiquette oder die AGB verstoßen, und distanziert sich von den Inhalten.")
    doc = meta(f"{BODY}\n{BODY.replace('minister', 'mayor')}\nKommentare\n{legal}")
    assert doc.outlet == "Neue Zürcher Zeitung"
