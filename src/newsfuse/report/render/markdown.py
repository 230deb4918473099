"""The digest as Markdown: the same sections as the HTML page, as text and tables."""
from __future__ import annotations

from newsfuse.model import Digest
from newsfuse.report.render.view import StoryView, story_view


def render_markdown(digest: Digest) -> str:
    """Markdown for every story; citations are ``[n](#doc-ID)`` links to the article list."""
    docs = {d.id: d for d in digest.documents}
    stories = sorted(digest.stories, key=lambda s: -len(s.documents))
    parts = [story_markdown(story_view(s, docs, digest.entities)) for s in stories]
    if digest.errors:
        parts.append("## Inputs that could not be read\n\n" + "\n".join(
            f"- `{e.source}`: {e.reason} ({e.stage})" for e in digest.errors))
    return "\n\n---\n\n".join(parts).rstrip() + "\n" if parts else "_No stories._\n"


def story_markdown(view: StoryView) -> str:
    story = view.story
    out = [f"## {story.title or 'Untitled story'}", "",
           f"{len(view.sources)} articles · {story.independent_sources} independent sources · "
           f"languages: {', '.join(story.languages) or 'unknown'}"
           + (f" · {story.first_published[:10]} – {(story.last_published or story.first_published)[:10]}"
              if story.first_published else ""), "", "### Summary", ""]
    out += [f"- {s.text} {_cite(view, s.documents)}{' ⚠ disputed' if story.conflicts and view.is_disputed(s.text) else ''}"
            for s in story.summary] or ["_No summary._"]
    if story.conflicts:
        out += ["", "### Where sources disagree", ""]
        for c in story.conflicts:
            out.append(f"> **Sources disagree — {c.topic}** ({c.kind}){': ' + view.explain(c) if c.explanation else ''}")
            for claim in view.conflict_claims(c):
                out.append(f"> - {_cite(view, [claim.document])} {_esc(claim.text)}")
            out.append("")
    if story.timeline:
        out += ["", "### Timeline", ""]
        out += [f"- **{e.date}** {e.text} {_cite(view, e.documents)}" for e in story.timeline]
    out += ["", "### Sources", "", "| # | Outlet | Title | Language | Published | Translated | Independence |",
            "|---|---|---|---|---|---|---|"]
    for s in view.sources:
        out.append(f"| {s.number} | {_esc(s.outlet)} | {_esc(s.title)} | {s.language} | {s.date or 'unknown'} | "
                   f"{'machine, from ' + s.translated_from if s.translated_from else 'no'} | {s.status} |")
    if story.quotes:
        out += ["", "### Who said what", "", "| Speaker | Quote | Via | Source |", "|---|---|---|---|"]
        for q in view.quotes:
            out.append(f"| {_esc(view.name(q.speaker) or 'unattributed')} | “{_esc(q.text)}” | {_esc(q.via or '')} | "
                       f"{_cite(view, [q.document])} |")
    if view.number_claims:
        out += ["", "### Numbers", "", "| Value | What | According to | Sentence | Source |", "|---|---|---|---|---|"]
        for c in view.number_claims:
            value = f"{c.qualifier + ' ' if c.qualifier else ''}{c.value:,g}"
            flag = " ⚠ disputed" if c.id in view.disputed else ""
            out.append(f"| **{value}**{flag} | {_esc(c.unit or '')} | {_esc(c.source or '')} | {_esc(c.text)} | "
                       f"{_cite(view, [c.document])} |")
    if story.framing:
        rows, columns = view.framing
        out += ["", "### How each outlet describes each actor", "", "| Actor | " + " | ".join(map(_esc, columns)) + " |",
                "|---|" + "---|" * len(columns)]
        out += [f"| {_esc(name)} | " + " | ".join(_esc(", ".join(cell)) or "—" for cell in cells) + " |"
                for name, cells in rows]
    if story.entities:
        out += ["", "### Entities", "", "| Name | Type | Also written | Mentions |", "|---|---|---|---|"]
        out += [f"| {_esc(e.name)} | {e.type.lower()} | {_esc(', '.join(e.variants))} | {e.mentions} |"
                for e in story.entities]
    out += ["", "### Articles", ""]
    for s in view.sources:
        out += [f'<a id="{s.anchor}"></a>', "", f"#### [{s.number}] {s.title}", "",
                f"_{s.outlet} · {s.language}{' (machine-translated from ' + s.translated_from + ')' if s.translated_from else ''}"
                f" · {s.date or 'undated'}_", ""]
        out += [p.text + "\n" for p in s.doc.paragraphs if p.kind == "body"]
    return "\n".join(out)


def _cite(view: StoryView, doc_ids) -> str:
    return "".join(f"[[{s.number}]](#{s.anchor})" for s in view.cite(doc_ids))


def _esc(text: str) -> str:
    """Table-safe text: no pipes or line breaks breaking the row."""
    return " ".join(str(text).split()).replace("|", "\\|")
