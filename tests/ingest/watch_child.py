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


def stories(docs, settings, progress=None):
    return [], [Story(id=f"s-{d.id}", documents=[d.id]) for d in docs]


service.process_document = analyse
service.build_stories = stories
service.remember_templates = lambda store, docs: frozenset()

if __name__ == "__main__":
    from newsfuse.cli import app

    app(sys.argv[1:])
