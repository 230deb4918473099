from pathlib import Path

FIX = Path(__file__).parents[1] / "fixtures" / "clean"
BODY = "The minister arrived in the capital on Wednesday for talks, officials said in a statement."
KÖRPER = "Der Minister ist am Mittwoch zu Gesprächen in die Hauptstadt gereist, teilte die Regierung mit."


def test_notice_naming_the_language(meta):
    doc = meta((FIX / "en_mt_from_de.txt").read_text())
    assert doc.machine_translated and doc.original_language == "de"


def test_notice_at_the_top_in_german(meta):
    doc = meta(f"Dieser Artikel wurde aus dem Englischen maschinell übersetzt.\n{KÖRPER}\n{KÖRPER}")
    assert doc.machine_translated and doc.original_language == "en"


def test_notice_without_language_uses_the_original_comment_text(meta):
    legal = ("Willkommen in unserer Community! Bitte beachten Sie unsere Netiquette und AGB. Die Redaktion "
             "behält sich vor, Beiträge zu löschen, die gegen geltendes Recht verstoßen.")
    doc = meta(f"{BODY}\n{BODY.replace('minister', 'mayor')}\nThis article has been automatically translated.\n"
               f"Kommentare\n{legal}")
    assert doc.machine_translated and doc.original_language == "de"


def test_outlet_publishing_in_another_language(meta):
    doc = meta(f"Titel der Geschichte\nCNN\n—\n{KÖRPER}\n{KÖRPER.replace('Minister', 'Präsident')}")
    assert doc.outlet == "CNN" and doc.machine_translated and doc.original_language == "en"


def test_plain_articles_are_not_translations(meta):
    assert not meta(f"LONDON (Reuters) — {BODY}\n{BODY}").machine_translated
    assert not meta(f"{KÖRPER}\n{KÖRPER}\nQuelle: dpa").machine_translated


def test_agency_source_in_another_language_is_not_a_translation(meta):
    doc = meta(f"{KÖRPER}\n{KÖRPER.replace('Minister', 'Präsident')}\nSource: Associated Press")
    assert not doc.machine_translated
    doc = meta(f"Berlin (Reuters) - {KÖRPER}\n{KÖRPER}")
    assert not doc.machine_translated
