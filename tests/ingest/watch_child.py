"""``newsfuse ...`` with a stub analysis that takes a little time, for the kill -9 test (run as a subprocess).

The stub keeps the storage path real (fetch, dedupe, one transaction per
article, stories rebuilt) while making each article slow enough that a
SIGKILL lands in the middle of a run. NEWSFUSE_STUB_DELAY sets the seconds.
"""
from __future__ import annotations

import os
import sys
import time

import newsfuse.service as service
from newsfuse.model import Story

DELAY = float(os.environ.get("NEWSFUSE_STUB_DELAY", "0.02"))


def analyse(doc, settings, templates=None):
    time.sleep(DELAY)
    return doc.model_copy(update={"title": doc.hints.get("title") or doc.id})


def stories(docs, settings, progress=None, **kwargs):
    return [], [Story(id=f"s-{d.id}", documents=[d.id]) for d in docs]


service.process_document = analyse
def refresh(store, settings, progress=None, new_ids=None):
    _, built = stories(list(store.iter_documents()), settings)
    store.replace_stories(built, [])
    return len(built)


service.build_stories = stories
service.refresh_stories = refresh
service.remember_templates = lambda store, docs: frozenset()

if __name__ == "__main__":
    from newsfuse.cli import app

    app(sys.argv[1:])
