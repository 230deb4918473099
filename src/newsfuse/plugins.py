"""Exporters as plugins: the built-in formats register through the same hook as third-party ones.

A third-party package adds a format by declaring an entry point in the
``newsfuse.exporters`` group that points at an :class:`Exporter`::

    [project.entry-points."newsfuse.exporters"]
    rdf = "newsfuse_rdf:exporter"

Then ``newsfuse digest ... --export rdf:out.ttl`` writes it. Built-ins are
registered by :func:`builtin_exporters` and looked up exactly the same way.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from newsfuse.model import Digest

ENTRY_POINT_GROUP = "newsfuse.exporters"


@dataclass(frozen=True)
class Exporter:
    """A named output format: ``write(digest, path)`` writes a file (or a folder when ``folder``)."""

    name: str
    description: str
    write: Callable[[Digest, Path], None]
    folder: bool = False


class UnknownExporter(KeyError):
    def __str__(self) -> str:
        return f"no exporter named {self.args[0]!r}; available: {', '.join(sorted(exporters()))}"


def _write_text(render: Callable[[Digest], str]) -> Callable[[Digest, Path], None]:
    def write(digest: Digest, path: Path) -> None:
        path.write_text(render(digest), encoding="utf-8")
    return write


def _json(digest: Digest) -> str:
    from newsfuse.report.export import digest_to_json

    return json.dumps(digest_to_json(digest), ensure_ascii=False, indent=2)


def _jsonl(digest: Digest) -> str:
    """One line per document, then one per story, each tagged with its ``type``."""
    from newsfuse.report.export import digest_to_json

    data = digest_to_json(digest)
    rows = [{"type": "document", **d} for d in data["documents"]] + [{"type": "story", **s} for s in data["stories"]]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _html(digest: Digest) -> str:
    from newsfuse.report.export import render_html

    return render_html(digest)


def _markdown(digest: Digest) -> str:
    from newsfuse.report.export import render_markdown

    return render_markdown(digest)


def _csv(digest: Digest, folder: Path) -> None:
    from newsfuse.report.export import write_csv

    folder.mkdir(parents=True, exist_ok=True)
    write_csv(digest, folder)


def builtin_exporters() -> list[Exporter]:
    return [
        Exporter("json", "the digest JSON (documents and stories, digest.schema.json)", _write_text(_json)),
        Exporter("jsonl", "one JSON line per document and per story", _write_text(_jsonl)),
        Exporter("html", "a self-contained HTML report", _write_text(_html)),
        Exporter("markdown", "a Markdown report", _write_text(_markdown)),
        Exporter("csv", "claims.csv and quotes.csv in a folder", _csv, folder=True),
    ]


@lru_cache(maxsize=1)
def exporters() -> dict[str, Exporter]:
    """Every exporter by name: built-ins first, then the ``newsfuse.exporters`` entry points."""
    found = {e.name: e for e in builtin_exporters()}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        plugin = ep.load()
        plugin = plugin() if callable(plugin) and not isinstance(plugin, Exporter) else plugin
        if isinstance(plugin, Exporter):
            found.setdefault(plugin.name, plugin)
    return found


def export(digest: Digest, name: str, path: Path) -> None:
    """Write ``digest`` in the format ``name`` to ``path``."""
    try:
        exporter = exporters()[name]
    except KeyError:
        raise UnknownExporter(name) from None
    exporter.write(digest, path)
