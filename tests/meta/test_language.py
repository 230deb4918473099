from newsfuse.meta.language import detect_language, document_language

EN = "The president arrived in the capital on Wednesday for talks with the prime minister."
DE = "Der Präsident ist am Mittwoch zu Gesprächen mit dem Ministerpräsidenten in die Hauptstadt gereist."


def test_detect_short_name_heavy_sentences():
    assert detect_language("Vladimir Putin and Kim Jong Un met in Pyongyang on Wednesday.")[0] == "en"
    assert detect_language("Wladimir Putin und Kim Jong Un trafen sich am Mittwoch in Pjöngjang.")[0] == "de"


def test_too_short_is_unknown():
    assert detect_language("OK")[0] is None


def test_document_and_paragraph_languages(meta):
    doc = meta(f"{EN}\n{EN.replace('president', 'minister')}\n{DE}")
    assert doc.language == "en"
    assert [p.language for p in doc.paragraphs] == ["en", "en", "de"]


def test_vote_is_weighted_by_length():
    lang, per = document_language([DE * 3, EN])
    assert lang == "de" and per == ["de", "en"]
