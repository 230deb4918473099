"""The web UI: server-rendered pages over the store (Jinja2, no front-end build).

Pages: story list (newest / biggest / most disputed), search, story page,
entity page, document page. The story page body is the report stage's
``story.html`` with its stylesheet, so a story reads the same in the web UI
and in ``newsfuse digest --html``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsfuse import __version__
from newsfuse.api import views
from newsfuse.api.deps import StoreDep
from newsfuse.api.errors import APIError
from newsfuse.api.security import is_web_url

HERE = Path(__file__).parent
PAGE_SIZE = 20

router = APIRouter(include_in_schema=False)


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    env.filters["day"] = lambda s: (s or "")[:10]
    env.filters["marks"] = mark_snippet
    env.tests["web_url"] = is_web_url
    return Jinja2Templates(env=env)


def mark_snippet(snippet: str) -> Markup:
    """The store's search snippet marks matches as [word]: escape it, then make those <mark>."""
    return Markup(re.sub(r"\[([^\[\]]*)\]", r"<mark>\1</mark>", str(escape(snippet))))


templates = make_templates()


@router.get("/static/report.css")
def report_css() -> Response:
    """The report stage's story stylesheet, served so story pages look like the HTML report."""
    from newsfuse.report.render.html import stylesheet

    return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def html_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, store: StoreDep,
               order: Literal["newest", "biggest", "disputed"] = "newest",
               page: Annotated[int, Query(ge=1, le=10_000)] = 1):
    offset = (page - 1) * PAGE_SIZE
    stories = store.list_stories(limit=PAGE_SIZE + 1, offset=offset, order=order)
    items = [views.story_summary(s, views.story_outlets(s)) for s in stories[:PAGE_SIZE]]
    return render(request, "stories.html", stories=items, order=order, page=page,
                  more=len(stories) > PAGE_SIZE, counts=store.counts())


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = "",
                page: Annotated[int, Query(ge=1, le=1000)] = 1):
    hits = []
    if q.strip():
        hits = views.search_results(store, store.search(q, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE))
    return render(request, "search.html", q=q, hits=hits[:PAGE_SIZE], page=page, more=len(hits) > PAGE_SIZE)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, store: StoreDep):
    story = store.get_story(story_id)
    if story is None:
        raise APIError(404, f"There is no story {story_id!r} (stories are rebuilt when articles are added).")
    return render(request, "story.html", story=story, fragment=story_fragment(story, views.story_documents(store, story)))


def story_fragment(story, docs) -> Markup:
    """The story body shared with the HTML report (report/templates/story.html), entity names linked here."""
    from newsfuse.report.render.html import environment
    from newsfuse.report.render.view import story_view

    view = story_view(story, docs, chart=True)
    html = environment().get_template("story.html").render(view=view, entity_href=lambda i: f"/entities/{i}")
    return Markup(html)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, store: StoreDep):
    entity = store.get_entity(entity_id)
    if entity is None:
        raise APIError(404, f"There is no entity {entity_id!r}.")
    profile = views.entity_profile(store, entity)
    stories = [views.story_summary(s, views.story_outlets(s)) for s in profile["stories"]]
    return render(request, "entity.html", entity=entity, stories=stories, descriptors=profile["descriptors"],
                  quotes=profile["quotes"], labels=profile["documents"])


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, store: StoreDep):
    doc = store.get_document(doc_id)
    if doc is None:
        raise APIError(404, f"There is no document {doc_id!r}.")
    story = store.get_story(doc.story) if doc.story else None
    return render(request, "document.html", doc=doc, story=story)
