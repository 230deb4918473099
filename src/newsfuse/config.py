"""One Settings object for the whole run: defaults, then env vars, then flags.

Stages receive the Settings they need as an argument; no module reads the
environment on its own.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_DB = "newsfuse.db"


@dataclass(frozen=True)
class Settings:
    """Every knob of newsfuse. Each field can be set by ``NEWSFUSE_<NAME>``."""

    db: str = DEFAULT_DB  # SQLite path or postgresql:// URL
    keep_boilerplate: bool = False  # keep removed pieces in the body too
    languages: tuple[str, ...] = ("en", "de")  # languages with NER/lexicon support first
    story_threshold: float = 0.29  # story score (0-1, chosen on ECB+ topics 1-20) needed to join a story
    story_window_days: int = 60  # documents further apart in time do not share a story
    summary_sentences: int = 5
    allow_private: bool = False  # allow fetching private/loopback addresses
    user_agent: str = "newsfuse/0.1 (+https://github.com/newsfuse/newsfuse)"
    fetch_timeout: float = 20.0
    max_page_bytes: int = 5_000_000
    api_token: str | None = None  # required for writes to the REST API
    llm_url: str | None = None  # OpenAI-compatible endpoint for abstractive summaries
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides) -> "Settings":
        """Defaults < TOML file (``[newsfuse]`` table) < ``NEWSFUSE_*`` env vars < overrides."""
        values: dict = {}
        path = config_file or os.environ.get("NEWSFUSE_CONFIG")
        if path:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh).get("newsfuse", {}))
        for f in fields(cls):
            env = os.environ.get(f"NEWSFUSE_{f.name.upper()}")
            if env is not None and f.name != "extra":
                values[f.name] = _coerce(env, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "languages" in values and isinstance(values["languages"], (list, str)):
            langs = values["languages"]
            values["languages"] = tuple(langs.split(",") if isinstance(langs, str) else langs)
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


def _coerce(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
