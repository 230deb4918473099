"""Quote extraction and speaker attribution on hand-made English and German articles."""
from newsfuse.claims import extract_claims
from newsfuse.claims.text import find_quote_spans

from .helpers import fixture_doc, make_doc, quotes_by_text


def _quotes(name):
    doc = extract_claims(fixture_doc(name))
    return doc, quotes_by_text(doc)


def test_quote_marks_of_both_typographies():
    text = 'A „deutsch“ B “english” C "straight" D «guillemets» E »umgekehrt« F ‘single’ G admiral’s H'
    got = [text[s.start:s.end] for s in find_quote_spans(text)]
    assert got == ["deutsch", "english", "straight", "guillemets", "umgekehrt", "single"]


def test_apostrophes_are_not_quotes():
    text = "Kim’s father and the admiral’s dirk; Russia’s role, don't."
    assert find_quote_spans(text) == []


def test_multi_sentence_quote_is_one_quote():
    text = "„Das funktioniert nicht mehr. Alles ist verwoben.“ Man sei besorgt."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["Das funktioniert nicht mehr. Alles ist verwoben."]


def test_english_cue_patterns_and_full_names():
    doc, q = _quotes("quotes_en")
    assert q["We will balance the budget,"].speaker_name == "John Smith"  # "said Smith" -> full name
    assert q["We will balance the budget,"].cue == "said"
    assert doc.mentions[q["We will balance the budget,"].speaker_mention].text == "John Smith"
    assert q["Nobody will lose their job."].speaker_name == "John Smith"  # "He added:" -> pronoun
    assert q["very productive"].speaker_name == "Mary Jones"  # "The latter"
    assert q["we are done here"].speaker_name == "Mary Jones"  # straight quotes, "Jones said"


def test_quote_paragraph_continues_previous_speaker():
    _, q = _quotes("quotes_en")
    assert q["The city has never been in better shape."].speaker_name == "John Smith"


def test_via_is_kept_apart_from_the_speaker():
    _, q = _quotes("quotes_en")
    ready = q["We are ready,"]
    assert ready.speaker_name == "Anna Berg"
    assert ready.via == "Reuters"


def test_no_guess_for_slogans_coordinated_or_anonymous_speakers():
    _, q = _quotes("quotes_en")
    assert q["Build the Future Together"].speaker_name is None if "Build the Future Together" in q else True
    assert q["a fair compromise"].speaker_name is None  # "Smith and Jones said": no single speaker
    assert q["pure fantasy"].speaker_name == "Critics"  # a group named by a noun, not a person


def test_german_cue_patterns():
    doc, q = _quotes("quotes_de")
    assert q["Wir schaffen das"].speaker_name == "Angela Merkel"  # „…“, sagte Merkel.
    assert q["Das ist eine gute Nachricht."].speaker_name == "Olaf Scholz"  # Scholz fügte hinzu:
    assert q["Das ist eine gute Nachricht."].cue == "fügte … hinzu"
    assert q["Das ist falsch"].speaker_name == "Olaf Scholz"  # »…«, erklärte er.
    assert q["tiefe Sorge"].speaker_name == "Angela Merkel"  # V2: ... drückte Merkel ... aus


def test_german_lone_family_name_the_recogniser_missed():
    doc = extract_claims(make_doc("d", "de", [
        "„Das ist ein guter Tag“, sagte Habeck am Montag in Brüssel. Baerbock sagte: „Wir helfen.“",
        "„Das reicht nicht“, sagte der Experte. „Viel zu spät“, sagte Nachbar. Der Nachbar lachte.",
        "„Gut so“, sagte Montag ein Sprecher."]))
    q = quotes_by_text(doc)
    assert q["Das ist ein guter Tag"].speaker_name == "Habeck"
    assert q["Wir helfen."].speaker_name == "Baerbock"
    assert q["Viel zu spät"].speaker_name is None  # the document writes "der Nachbar": a noun, not a name
    assert q["Gut so"].speaker_name != "Montag"


def test_role_phrases_resolve_only_to_someone_so_described():
    doc = make_doc("r", "en", ["Russian dictator Vladimir Putin spoke first. Kim listened.",
                               "The dictator wrote that it was “uncontrolled by the West”.",
                               "Putin met the president. “We are ready,” the president said."],
                   [["Vladimir Putin", "PERSON", "p:putin"], ["Putin", "PERSON", "p:putin"], ["Kim", "PERSON", "p:kim"]])
    q = quotes_by_text(extract_claims(doc))
    assert q["uncontrolled by the West"].speaker_name == "Vladimir Putin"
    assert q["We are ready,"].speaker_name == "president"  # nobody here is called so: the role, not Putin
    assert q["We are ready,"].speaker_mention is None


def test_role_with_a_complement_is_a_new_speaker():
    doc = make_doc("r", "de", ["„Wir prüfen das“, sagte der Sprecher des Ministeriums.",
                               "Ein Sprecher der Regierung sagte: „Das ist Unsinn.“"])
    q = quotes_by_text(extract_claims(doc))
    assert q["Wir prüfen das"].speaker_name == "Sprecher des Ministeriums"
    assert q["Das ist Unsinn."].speaker_name == "Ein Sprecher der Regierung"


def test_quoting_verb_separates_medium_and_speaker():
    doc = make_doc("z", "de", ["„Die Lage ist ernst“, zitierte die Agentur Interfax den Minister Sergej Lawrow."],
                   [["Interfax", "ORGANIZATION", "o:interfax"], ["Sergej Lawrow", "PERSON", "p:lawrow"]])
    q = extract_claims(doc).quotes[0]
    assert q.speaker_name == "Sergej Lawrow" and q.via == "Interfax"
    doc = make_doc("z", "en", ["Interfax quoted Dmitry Peskov as saying: “We are ready.”"],
                   [["Interfax", "ORGANIZATION", "o:interfax"], ["Dmitry Peskov", "PERSON", "p:peskov"]])
    q = extract_claims(doc).quotes[0]
    assert q.speaker_name == "Dmitry Peskov" and q.via == "Interfax"


def test_german_medium_is_via_not_speaker():
    _, q = _quotes("quotes_de")
    assert q["Wir sind bereit"].via == "dpa"
    assert q["Wir sind bereit"].speaker_name is None


def test_german_continuation_cue_attributes_the_sentence_before():
    _, q = _quotes("quotes_de")
    assert q["sehr ernst"].speaker_name == "Olaf Scholz"  # "…, fuhr Scholz fort."


def test_german_unattributed_quote_stays_null():
    _, q = _quotes("quotes_de")
    assert q["Alles hängt mit allem zusammen und niemand weiß weiter."].speaker_name is None


def test_speaker_missed_by_the_recogniser_is_found_by_name():
    doc = make_doc("x", "de", ["Wladimir Putin besuchte Pjöngjang.", "Putin sagte: „Wir sind Freunde.“"],
                   [["Wladimir Putin", "PERSON", "p:putin", 0]])
    q = extract_claims(doc).quotes
    assert q[0].speaker_name == "Wladimir Putin" and q[0].speaker_mention == 0


def test_medium_as_speaker_sets_via_too():
    doc = make_doc("x", "de", ["„Die Gespräche waren offen“, sagte KCNA."], [["KCNA", "ORGANIZATION", "o:kcna"]])
    q = extract_claims(doc).quotes[0]
    assert q.speaker_name == "KCNA" and q.via == "KCNA"


def test_indirect_speech_is_opt_in_and_marked_indirect():
    from newsfuse.config import Settings

    paras = ["He fully supports the operation in Ukraine, Kim said on Wednesday, according to Interfax.",
             "Ein US-Beamter sagte außerdem, dass russische Streitkräfte Raketen abgefeuert hätten."]
    ments = [["Kim", "PERSON", "p:kim"], ["Interfax", "ORGANIZATION", "o:interfax"]]
    assert extract_claims(make_doc("i", "en", paras[:1], ments)).quotes == []
    on = Settings().with_(extra={"indirect_quotes": True})
    q = extract_claims(make_doc("i", "en", paras[:1], ments), on).quotes
    assert [(x.text, x.speaker_name, x.direct) for x in q] == [("He fully supports the operation in Ukraine", "Kim", False)]
    q = extract_claims(make_doc("j", "de", paras[1:]), on).quotes
    assert q[0].speaker_name == "Ein US-Beamter" and q[0].text.startswith("russische Streitkräfte")


def test_more_german_patterns():
    mentions = [["Olaf Scholz", "PERSON", "p:s"], ["Scholz", "PERSON", "p:s"], ["Annalena Baerbock", "PERSON", "p:b"],
                ["Baerbock", "PERSON", "p:b"], ["Berlin", "LOCATION", "l"]]
    doc = make_doc("g", "de", [
        "Bundeskanzler Olaf Scholz und Außenministerin Annalena Baerbock reisten nach Kiew.",
        "„Wir stehen an eurer Seite“, sagte Scholz am Montag in Berlin.",
        "„Die Hilfe geht weiter“, betonte der Kanzler.",
        "Baerbock sprach danach. „Wir bleiben“, sagte sie.",
        "Laut Scholz ist die Lage „sehr ernst“.",
        "„Die Gespräche waren konstruktiv“, heißt es in einer Erklärung."], mentions)
    q = quotes_by_text(extract_claims(doc))
    assert q["Wir stehen an eurer Seite"].speaker_name == "Olaf Scholz"
    assert q["Die Hilfe geht weiter"].speaker_name == "Olaf Scholz"  # "der Kanzler" = Bundeskanzler Olaf Scholz
    assert q["Wir bleiben"].speaker_name == "Annalena Baerbock"
    assert q["sehr ernst"].speaker_name == "Olaf Scholz"  # "laut Scholz"
    assert q["Die Gespräche waren konstruktiv"].speaker_name is None  # "heißt es": nobody named


def test_transcript_labels_and_dash_signatures_name_the_speaker():
    doc = make_doc("x", "en", [
        "Mike Pence and Chris Wallace spoke.",
        '"PENCE: Well, look, Hillary Clinton thinks this is a show."',  # the label wins over words inside
        '"WALLACE: Do you really see those two as equivalent?"',
        "“Donald Trump scares me. He is a bully.” ― Krystal Correa",  # a signature: a new name is fine
        "“Maybe we can build a wall.” — Steve.",
        '"UPDATE: the vote was delayed."',  # a heading used once is no speaker
        "“We will win” — Trump’s favourite line — was heard again, Mary Jones said."],  # a dash clause, not a signature
        [["Mike Pence", "PERSON", "p:pence"], ["Chris Wallace", "PERSON", "p:wallace"],
         ["Hillary Clinton", "PERSON", "p:clinton"], ["Donald Trump", "PERSON", "p:trump"],
         ["Mary Jones", "PERSON", "p:jones"]])
    q = {x.text.split()[0]: x for x in extract_claims(doc).quotes}
    assert (q["PENCE:"].speaker_name, q["PENCE:"].speaker_mention) == ("Mike Pence", 0)
    assert q["WALLACE:"].speaker_name == "Chris Wallace"
    assert q["Donald"].speaker_name == "Krystal Correa" and q["Donald"].speaker_mention is None
    assert q["Maybe"].speaker_name == "Steve"
    assert q["UPDATE:"].speaker_name is None
    assert q["We"].speaker_name == "Mary Jones"


def test_a_parenthesis_after_the_name_is_an_aside():
    doc = make_doc("x", "en", ['"We cannot have that," Rep. John Mica (R-Fla.) said.',
                               'The vote was close (Mary Jones said so, "very close" in her words).'],
                   [["John Mica", "PERSON", "p:mica"], ["Fla.", "LOCATION", "geo:fl"], ["Mary Jones", "PERSON", "p:jones"]])
    q = quotes_by_text(extract_claims(doc))
    assert q["We cannot have that,"].speaker_name == "John Mica"
    assert q["very close"].speaker_name == "Mary Jones"  # the cue is inside the same parenthesis


def test_rank_abbreviations_do_not_end_the_sentence():
    doc = make_doc("x", "en", ['"This is a big year for us!" state Del. Marcia Price told the crowd.'],
                   [["Marcia Price", "PERSON", "p:price"]])
    q = quotes_by_text(extract_claims(doc))
    assert q["This is a big year for us!"].speaker_name == "Marcia Price"
