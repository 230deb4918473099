"""newsfuse: turn a pile of news articles into cited, cross-lingual stories."""
from newsfuse.config import Settings
from newsfuse.model import Digest, Document, Entity, Story

__version__ = "0.1.0"


def digest(paths, settings=None, progress=None):
    """Read ``paths`` (files, directories, globs, URLs) and build stories. See ``newsfuse.pipeline.digest``."""
    from newsfuse.pipeline import digest as _digest

    return _digest(paths, settings) if progress is None else _digest(paths, settings, progress)


__all__ = ["Settings", "Digest", "Document", "Entity", "Story", "digest", "__version__"]
