"""Runs the stages in order. The only module that knows the order.

The stage entry points and their contract are listed in CONTRIBUTING.md.

    ingest -> clean -> meta -> entities -> claims -> stories -> report

Per-document stages are plain functions ``stage(doc, settings) -> doc``;
batch stages (cleaning templates, entity linking, relations, clustering,
story reports) take the whole list. The same functions are mapped over Ray
batches by ``newsfuse.scale``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from newsfuse.config import Settings
from newsfuse.model import Digest, Document, Entity, IngestError, Story

if TYPE_CHECKING:  # pragma: no cover
    from newsfuse.stories import StoryIndex

Progress = Callable[[str, int, int], None]  # (stage name, done, total)


def _noop(stage: str, done: int, total: int) -> None:  # pragma: no cover - trivial
    pass


def process_document(doc: Document, settings: Settings, templates: "frozenset[str] | None" = None) -> Document:
    """The per-document stages: clean, meta, entity recognition, claims.

    ``templates`` are boilerplate lines learnt across documents (see
    ``newsfuse.clean.templates``); they let a single new document be cleaned
    like the batch it joins.
    """
    for _name, stage in document_stages(settings, templates):
        doc = stage(doc)
    return doc


def document_stages(settings: Settings, templates: "frozenset[str] | None" = None,
                    ) -> list[tuple[str, Callable[[Document], Document]]]:
    """The per-document stages in order, as ``(name, doc -> doc)``: lets the Ray
    pipeline and the benchmarks time each stage without knowing the order."""
    from newsfuse.claims import extract_claims
    from newsfuse.clean import clean_document
    from newsfuse.entities import recognise_entities
    from newsfuse.meta import annotate_meta

    return [
        ("clean", lambda doc: clean_document(doc, settings, templates=templates)),
        ("meta", lambda doc: annotate_meta(doc, settings)),
        ("entities", lambda doc: recognise_entities(doc, settings)),
        ("claims", lambda doc: extract_claims(doc, settings)),
    ]


def analyse(docs: list[Document], settings: Settings, progress: Progress = _noop,
            known_templates: Iterable[str] = ()) -> list[Document]:
    """Clean, annotate, recognise and extract every document of a batch."""
    from newsfuse.clean.templates import learn_templates

    templates = frozenset(learn_templates(docs)) | frozenset(known_templates)
    out = []
    for i, doc in enumerate(docs):
        out.append(process_document(doc, settings, templates))
        progress("analyse", i + 1, len(docs))
    return out


def build_stories(docs: list[Document], settings: Settings, progress: Progress = _noop,
                  index: "StoryIndex | None" = None) -> tuple[list[Entity], list[Story]]:
    """Link entities, relate copies/translations, cluster and report stories.

    ``index`` is the streaming story index to add the documents to (a restored
    one lets them join stored stories); a fresh one is used by default.
    """
    from newsfuse.entities import link_entities
    from newsfuse.report import build_story
    from newsfuse.stories import cluster_documents, relate_documents

    entities = link_entities(docs, settings)
    progress("link", 1, 1)
    relate_documents(docs, settings)
    progress("relate", 1, 1)
    stories = cluster_documents(docs, settings, index=index)
    by_id = {d.id: d for d in docs}
    built = []
    for i, story in enumerate(stories):
        built.append(build_story(story, [by_id[d] for d in story.documents], entities, settings))
        progress("report", i + 1, len(stories))
    return entities, built


def run(docs: list[Document], settings: Settings, errors: list[IngestError] | None = None,
        progress: Progress = _noop) -> Digest:
    """The whole pipeline over documents already read by ``newsfuse.ingest``."""
    analysed = analyse(docs, settings, progress)
    entities, stories = build_stories(analysed, settings, progress)
    return Digest(documents=analysed, stories=stories, entities=entities, errors=list(errors or []))


def digest(paths: Iterable[str], settings: Settings | None = None, progress: Progress = _noop) -> Digest:
    """Python API mirroring ``newsfuse digest``: read inputs, run everything.

    >>> d = digest(["examples/putin-kim-2024"])  # doctest: +SKIP
    >>> d.to_json()["stories"][0]["documents"]  # doctest: +SKIP
    """
    from newsfuse.ingest import read_inputs

    settings = settings or Settings.load()
    docs, errors = [], []
    for item in read_inputs(list(paths), settings):
        (errors if isinstance(item, IngestError) else docs).append(item)
    return run(docs, settings, errors, progress)
