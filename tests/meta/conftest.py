import pytest

from newsfuse.clean import clean_document
from newsfuse.config import Settings
from newsfuse.meta import annotate_meta
from newsfuse.model import Document


@pytest.fixture
def meta():
    """Clean + annotate raw text; keyword arguments go to Document."""
    def _run(raw: str, **kw) -> Document:
        return annotate_meta(clean_document(Document(id="m", raw=raw, **kw), Settings()), Settings())
    return _run
