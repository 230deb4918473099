"""newsfuse: turn a pile of news articles into cited, cross-lingual stories."""
import os as _os

# One OpenBLAS thread unless the user chose otherwise (before numpy loads): multi-threaded OpenBLAS
# busy-waits, and on a machine with few, shared cores the sentence embedder's small matrix products
# ran 7x slower with 2 threads than with 1 (measured on 2 shared cores: 26.9 vs 3.7 ms per sentence).
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsfuse.config import Settings  # noqa: E402
from newsfuse.model import Digest, Document, Entity, Story  # noqa: E402

__version__ = "0.1.0"


def digest(paths, settings=None, progress=None):
    """Read ``paths`` (files, directories, globs, URLs) and build stories. See ``newsfuse.pipeline.digest``."""
    from newsfuse.pipeline import digest as _digest

    return _digest(paths, settings) if progress is None else _digest(paths, settings, progress)


__all__ = ["Settings", "Digest", "Document", "Entity", "Story", "digest", "__version__"]
