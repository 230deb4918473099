"""Exports of a digest: JSON (see ``digest.schema.json``), HTML, Markdown and CSV.

>>> from newsfuse.report.export import digest_to_json, render_html, render_markdown, write_csv
>>> data = digest_to_json(digest)  # doctest: +SKIP
>>> Path("report.html").write_text(render_html(digest))  # doctest: +SKIP
"""
from newsfuse.report.render.csv import write_csv
from newsfuse.report.render.html import render_html, story_fragment, stylesheet
from newsfuse.report.render.json import digest_from_json, digest_to_json, document_to_json
from newsfuse.report.render.markdown import render_markdown

__all__ = ["digest_to_json", "digest_from_json", "document_to_json", "render_html", "render_markdown",
           "story_fragment", "stylesheet", "write_csv"]
