from newsfuse.clean import clean_document
from newsfuse.clean.templates import learn_templates
from newsfuse.config import Settings
from newsfuse.model import Document

NAV = "Startseite Politik Wirtschaft Sport Kultur"
FOOT = "Alle Inhalte © Beispielverlag GmbH"


def _doc(i: int, site: str = "https://news.example.org", body: str | None = None) -> Document:
    body = body or (f"Artikel {i}: Der Gemeinderat hat am Montag über Projekt {i} beraten und eine Entscheidung "
                    f"vertagt, wie ein Sprecher der Verwaltung sagte. Nummer {i} bleibt offen.")
    return Document(id=f"d{i}", url=f"{site}/artikel-{i}", raw=f"{NAV}\n{body}\n{FOOT}")


def test_lines_recurring_across_a_site_are_templates():
    docs = [_doc(i) for i in range(4)]
    templates = learn_templates(docs)
    assert "startseite politik wirtschaft sport kultur" in templates
    cleaned = clean_document(docs[0], Settings(), templates=templates)
    assert NAV not in cleaned.body and FOOT not in cleaned.body
    assert {r.reason for r in cleaned.removed} == {"template"}
    assert "Projekt 0" in cleaned.body


def test_syndicated_copies_count_once():
    same = "Die Agenturmeldung über das Unwetter im Süden wurde von vielen Seiten übernommen, " * 2
    docs = [_doc(i, body=same) for i in range(4)]
    assert not any("agenturmeldung" in t for t in learn_templates(docs))


def test_other_sites_and_unknown_sites_learn_nothing():
    docs = [_doc(0), _doc(1), _doc(2, "https://other.example.com")]
    assert learn_templates(docs) == set()
    assert learn_templates([Document(id=str(i), raw=f"{NAV}\nText {i}.") for i in range(5)]) == set()
