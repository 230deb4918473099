"""Readers: turn paths, globs, directories, stdin (and later URLs, feeds, WARC) into Documents.

Every reader yields ``Document`` or ``IngestError``; a bad input never stops the batch.
"""
from newsfuse.ingest.files import read_inputs, read_path

__all__ = ["read_inputs", "read_path"]
