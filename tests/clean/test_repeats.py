from tests.clean.conftest import reasons

LEAD = ("Die Zentralbank hat den Leitzins überraschend um einen halben Prozentpunkt gesenkt. "
        "Ökonomen hatten mit einer kleineren Senkung gerechnet, die Märkte reagierten mit Kursgewinnen.")
MORE = "Die Entscheidung fiel einstimmig, wie die Notenbank am Donnerstag in Frankfurt mitteilte."


def test_truncated_teaser_of_the_lead_goes(clean):
    teaser = LEAD[:120] + "…"
    doc = clean(f"{teaser}\n{LEAD}\n{MORE}")
    assert reasons(doc)[teaser] == "repeat"
    assert doc.body.count("Die Zentralbank hat den Leitzins") == 1


def test_three_dots_teaser_english(clean):
    lead = ("The striker signed a five-year contract with the club on Friday, the biggest transfer in its "
            "history, the club said in a statement released after training.")
    doc = clean(f"{lead[:90]}...\n{lead}\nFans gathered outside the stadium to welcome him on Friday night.")
    assert doc.body.count("The striker signed") == 1


def test_exact_copy_of_a_paragraph_goes(clean):
    doc = clean(f"{LEAD}\n{MORE}\n{LEAD}")
    assert doc.body.count("Die Zentralbank") == 1
    assert [r.reason for r in doc.removed] == ["repeat"]


def test_structured_repetition_is_kept(clean):
    qa = "\n".join(f"What inspired you to start cooking for other people every week?\nAnswer number {i} is "
                   f"a long answer about cooking, family, travel and food markets in city {i}." for i in range(5))
    doc = clean(qa)
    assert doc.body.count("What inspired you") == 5


def test_short_lines_are_not_repeats(clean):
    doc = clean(f"{LEAD}\nPortion: 1 cup\n{MORE}\nPortion: 1 cup\nAnother sentence closes the recipe here.")
    assert doc.body.count("Portion: 1 cup") == 2
