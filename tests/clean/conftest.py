from pathlib import Path

import pytest

from newsfuse.clean import clean_document
from newsfuse.config import Settings
from newsfuse.model import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"


@pytest.fixture
def clean():
    """Clean raw text (or a fixture file name) and return the Document."""
    def _clean(raw: str, **kw) -> Document:
        if raw.endswith((".txt", ".html")) and (FIXTURES / raw).exists():
            fmt = "html" if raw.endswith(".html") else "text"
            raw = (FIXTURES / raw).read_text(encoding="utf-8")
            kw.setdefault("raw_format", fmt)
        settings = kw.pop("settings", Settings())
        templates = kw.pop("templates", None)
        return clean_document(Document(id="t", raw=raw, **kw), settings, templates=templates)
    return _clean


def reasons(doc: Document) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed}
