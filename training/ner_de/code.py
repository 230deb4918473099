"""Loaded by ``spacy train --code``: registers newsfuse's gazetteer features."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import newsfuse.entities.features  # noqa: E402,F401  (registers the callback)
