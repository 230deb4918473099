"""The claims stage: who said what, which numbers, when, and where sources disagree.

* ``extract_claims(doc, settings)`` — per document: ``doc.quotes`` (speaker,
  cue, reporting medium), ``doc.claims`` (number, time and status claims) and
  ``doc.times`` (normalised time expressions).
* ``resolve_times(docs)`` — per story: anchors relative dates of undated
  documents on the other documents' publication dates.
* ``find_conflicts(claims, docs)`` — per story: disagreements across
  independent sources.
* ``build_timeline(docs, claims)`` — per story: dated events citing documents.

Everything is rule based (regexes and small lexicons under
``newsfuse/data/claims``), fast enough for the pipeline's throughput target.
"""
from newsfuse.claims.conflicts import find_conflicts
from newsfuse.claims.extract import extract_claims
from newsfuse.claims.resolve import resolve_times
from newsfuse.claims.timeline import build_timeline

__all__ = ["extract_claims", "resolve_times", "find_conflicts", "build_timeline"]
