"""What the clusterer looks at in a document besides its vector: entities and date."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from newsfuse.entities.linking import TYPED_NAME_KINDS
from newsfuse.model import Document, Mention
from newsfuse.stopwords import stop_words

_PREFIX = re.compile(r"^(?:the|der|die|das|le|la|les|el|los|las)\s+", re.I)
_TITLE = re.compile(r"^(?:mr|mrs|ms|dr|president|präsident|herr|frau|sir|prof)\.?\s+", re.I)


def normalise_name(text: str) -> str:
    """A comparison key for an unlinked name: case-folded, accents and articles dropped."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    t = re.sub(r"['’]s$", "", t.strip())
    t = _TITLE.sub("", _PREFIX.sub("", t))
    return re.sub(r"[^\w]+", " ", t).strip()


def entity_keys(doc: Document) -> list[str]:
    """Distinct entity keys of ``doc``, most mentioned first.

    Linked mentions use their entity id, so "Pjöngjang" and "Pyongyang" share
    a key (names without a gazetteer id by name only, see :func:`_typeless`). Unlinked mentions (no linking stage ran) fall back to the normalised
    name, with a one-word person name folded into a longer one of the same
    document ("Reid" -> "tara reid").
    """
    counts: dict[str, int] = {}
    persons: list[str] = []
    unlinked: list[tuple[Mention, str]] = []
    for m in doc.mentions:
        if m.type == "MISC" and not m.entity:
            continue  # unlinked MISC (nationalities, events) is mostly noise
        if m.entity:
            key = _typeless(m.entity)
            counts[key] = counts.get(key, 0) + 1
            continue
        key = normalise_name(m.text)
        if not key:
            continue
        unlinked.append((m, key))
        if m.type == "PERSON" and " " in key:
            persons.append(key)
    for m, key in unlinked:
        if " " not in key:  # NER types of a bare surname are unreliable ("Lohan" as a place)
            longer = [p for p in persons if p.split()[-1] == key or p.split()[0] == key]
            if longer:
                key = longer[0]
        key = f"~{key}"  # unlinked keys never collide with entity ids
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))




def _typeless(entity: str) -> str:
    """The clustering key of a linked entity id: one key per name, whatever its NER type.

    The recogniser types one name differently from article to article
    ("Steelers" a person here, an organisation there; "Deep Throat" a person
    or a work), and entity ids carry the type. The linker folds such splits
    within one batch (``linking._merge_type_splits``), but a stream links
    each batch on its own: a new article's "name:stelers" must still meet the
    stored "person:stelers". Gazetteer places (``geo:``) have their own ids.
    """
    kind, _, name = entity.partition(":")
    return "n:" + name if kind in TYPED_NAME_KINDS else entity


def document_date(doc: Document) -> date | None:
    """The publication day of ``doc`` when known."""
    if not doc.published:
        return None
    try:
        return date.fromisoformat(doc.published[:10])
    except ValueError:
        return None


_WORD = re.compile(r"\w+", re.UNICODE)


def term_counts(doc: Document, limit: int = 60) -> list[tuple[str, int]]:
    """The document's most frequent content words (and numbers) with their counts, most frequent first.

    Language-bound, unlike entities: they sharpen same-language event
    boundaries ("Lohan", "Betty Ford", "2013") where embeddings see one topic.
    Keys are prefixed with the language so that they never match across languages
    by accident.
    """
    stop = stop_words(doc.language)
    counts: dict[str, int] = {}
    for w in _WORD.findall(((doc.title or "") + "\n" + doc.body).casefold()):
        if len(w) >= 3 and w not in stop and not w.startswith("_"):
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:limit]
    return [(f"{doc.language}:{w}", counts[w]) for w in ranked]


_YEAR = re.compile(r"(?<![\w.,])(1[89]\d\d|20\d\d)(?!\w|[.,]\d)")  # not "2008.5" or "2,008"


def event_year(doc: Document) -> int | None:
    """The year the document is most about: its publication year and the years its text names.

    Two events of one kind (two earthquakes, two rehab stays) are often years
    apart; the year is the cheapest clue an embedding cannot see. Normalised
    time expressions (``doc.times``) and bare four-digit years in the text
    count once each, the publication year three times (it is what "on
    Tuesday" refers to). Ties go to the latest year. None when nothing is known.
    """
    counts: dict[int, int] = {}
    for t in doc.times:
        if t.date[:4].isdigit():
            counts[int(t.date[:4])] = counts.get(int(t.date[:4]), 0) + 1
    for y in _YEAR.findall((doc.title or "") + "\n" + doc.body):
        counts[int(y)] = counts.get(int(y), 0) + 1
    day = document_date(doc)
    if day:
        counts[day.year] = counts.get(day.year, 0) + 3
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def numbers(doc: Document, limit: int = 30) -> list[str]:
    """Distinct specific numbers of the text (death tolls, magnitudes, scores), most frequent first.

    Two events of one kind rarely share their figures ("magnitude 6.1",
    "killed 79"). Years are left to :func:`event_year`; single digits are too
    common to tell anything. Separators are dropped ("1,200" = "1.200" = "1200")
    except a decimal point/comma followed by one or two digits ("7.1").
    """
    counts: dict[str, int] = {}
    for m in _NUMBER.findall((doc.title or "") + "\n" + doc.body):
        key = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", m).replace(",", ".")
        if len(key) < 2 or _YEAR.fullmatch(key):
            continue
        counts[key] = counts.get(key, 0) + 1
    return ["#" + k for k in sorted(counts, key=lambda k: (-counts[k], k))[:limit]]
