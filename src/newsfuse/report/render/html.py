"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network).

The story body is the Jinja2 template ``story.html``; the web UI renders the
same template inside its own layout (``story_fragment``) with the same
stylesheet (``stylesheet``), so a story looks the same in both.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from newsfuse.model import Digest, Document, Entity, Story
from newsfuse.report.render.view import StoryView, story_view


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over ``newsfuse/report/templates`` (autoescaped).

    ``story.html`` needs nothing from this environment (no custom filters),
    so the web UI can include it from its own environment with a ``view``.
    """
    env = Environment(loader=PackageLoader("newsfuse.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    return env


def stylesheet() -> str:
    """The CSS of story pages, to inline (the report) or serve (the web UI)."""
    return environment().loader.get_source(environment(), "report.css")[0]


def story_fragment(story: Story, docs: Sequence[Document] | dict[str, Document],
                   entities: Sequence[Entity] = (), chart: bool = True) -> str:
    """The HTML of one story page body (no <html>, no CSS): for embedding in another page."""
    return render_story_view(story_view(story, docs, entities, chart=chart))


def render_story_view(view: StoryView) -> str:
    return environment().get_template("story.html").render(view=view)


def render_html(digest: Digest, title: str | None = None, chart: bool = True) -> str:
    """The whole digest as one standalone HTML page, readable offline and on a phone.

    >>> html = render_html(newsfuse.digest(["examples/putin-kim-2024"]))  # doctest: +SKIP
    """
    from newsfuse import __version__

    docs = {d.id: d for d in digest.documents}
    stories = sorted(digest.stories, key=lambda s: -len(s.documents))
    views = [story_view(s, docs, digest.entities, chart=chart) for s in stories]
    languages = sorted({d.language for d in digest.documents if d.language and d.language != "und"})
    if title is None:
        title = stories[0].title if len(stories) == 1 and stories[0].title else "newsfuse report"
    return environment().get_template("report.html").render(
        views=views, errors=digest.errors, n_documents=len(digest.documents), languages=languages,
        title=title, css=stylesheet(), version=__version__)
