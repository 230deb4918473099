"""The coverage chart: articles over time, per language and per outlet, as inline SVG.

Drawn with matplotlib's object API (``Figure`` + the SVG canvas), never
pyplot, so rendering a report does not touch the caller's plotting backend.
Text stays text in the SVG (smaller, selectable, uses the page's fonts).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from newsfuse.model import Document

PALETTE = ["#2f6db3", "#d9822b", "#3a9d5d", "#8e5bb5", "#c23b3b", "#2aa1a8", "#b5a22f", "#7a7a7a"]
MAX_OUTLETS = 10


def language_colors(languages: Sequence[str]) -> dict[str, str]:
    """The same colour for a language wherever it appears on a page."""
    return {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(sorted(set(languages)))}


def parse_date(value: str | None) -> datetime | None:
    """``2024-06-19``, ``2024-06-19T08:30:00+09:00`` or ``2024-06`` -> naive datetime; else None."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:19], text[:10]):
        try:
            return datetime.fromisoformat(candidate).replace(tzinfo=None)
        except ValueError:
            continue
    m = re.fullmatch(r"(\d{4})-(\d{2})", text[:7])
    return datetime(int(m.group(1)), int(m.group(2)), 1) if m else None


def coverage_svg(docs: Sequence[Document], salt: str = "newsfuse", min_dated: int = 2) -> str | None:
    """An SVG element showing when each outlet published, coloured by language.

    None when fewer than ``min_dated`` documents have a date: a chart of one
    dot says nothing, and drawing costs ~0.1-0.3 s.
    """
    dated = [(parse_date(d.published), d) for d in docs]
    dated = [(t, d) for t, d in dated if t is not None]
    if not dated or len(dated) < min_dated:
        return None
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9}):
        return _draw(dated)


def _draw(dated: list[tuple[datetime, Document]]) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FixedLocator

    colors = language_colors([d.language for _, d in dated])
    outlets = _outlet_rows(d for _, d in dated)
    days = sorted({t.date() for t, _ in dated})
    first, last = days[0], days[-1]

    fig = Figure(figsize=(7.2, 1.9 + 0.26 * len(outlets)), dpi=100)
    FigureCanvasSVG(fig)
    grid = fig.add_gridspec(2, 1, height_ratios=[1.5, 0.35 * len(outlets) + 0.4], hspace=0.15)
    bars = fig.add_subplot(grid[0])
    strip = fig.add_subplot(grid[1], sharex=bars)

    # Top: articles per day, stacked by language.
    per_day = Counter((t.date(), d.language) for t, d in dated)
    bottom = {day: 0 for day in days}
    for lang, color in colors.items():
        heights = [per_day.get((day, lang), 0) for day in days]
        x = [date2num(datetime.combine(day, datetime.min.time()) + timedelta(hours=12)) for day in days]
        bars.bar(x, heights, width=0.8, bottom=[bottom[day] for day in days], color=color, label=lang)
        for day, h in zip(days, heights):
            bottom[day] += h
    bars.set_ylabel("articles")
    bars.yaxis.get_major_locator().set_params(integer=True)
    bars.legend(handles=[Patch(color=c, label=lang) for lang, c in colors.items()], title="language",
                loc="upper left", frameon=False, fontsize=8, title_fontsize=8, ncol=min(4, len(colors)))
    bars.set_ylim(0, max(bottom.values()) * 1.45 + 0.5)

    # Bottom: one row per outlet, a dot per article at its publication time.
    row_of = {name: i for i, name in enumerate(outlets)}
    for t, d in dated:
        name = d.outlet or "unknown outlet"
        name = name if name in row_of else "other outlets"
        strip.scatter([date2num(t if (t.hour or t.minute) else t + timedelta(hours=12))], [row_of[name]],
                      s=42, color=colors[d.language], edgecolors="white", linewidths=0.8, zorder=3)
    strip.set_yticks(range(len(outlets)), outlets, fontsize=8)
    strip.set_ylim(len(outlets) - 0.5, -0.5)
    strip.grid(axis="y", color="#e4e4e4", linewidth=0.8)
    left = datetime.combine(first, datetime.min.time()) - timedelta(days=0.15)
    right = datetime.combine(last, datetime.min.time()) + timedelta(days=1.15)
    strip.set_xlim(date2num(left), date2num(right))
    if (last - first).days <= 14:  # one labelled tick under each day's bar
        noons = [datetime.combine(first + timedelta(days=i), datetime.min.time()) + timedelta(hours=12)
                 for i in range((last - first).days + 1)]
        strip.xaxis.set_major_locator(FixedLocator(date2num(noons)))
        strip.xaxis.set_major_formatter(DateFormatter("%d %b" if first.year == last.year else "%d %b %Y"))
    else:
        locator = AutoDateLocator(minticks=2, maxticks=8)
        strip.xaxis.set_major_locator(locator)
        strip.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    for ax in (bars, strip):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=8, colors="#444444")
    bars.tick_params(labelbottom=False)

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue())


def _outlet_rows(docs) -> list[str]:
    counts = Counter(d.outlet or "unknown outlet" for d in docs)
    names = [name for name, _ in counts.most_common(MAX_OUTLETS)]
    if len(counts) > MAX_OUTLETS:
        names[-1] = "other outlets"
    return names


def _inline(svg: str) -> str:
    """The bare <svg> element, scalable: no XML prolog, no fixed size in points."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    svg = svg.replace("*{stroke-linejoin", ".nf-chart *{stroke-linejoin")  # inline <style> is page-wide
    svg = svg.replace("<svg", '<svg class="nf-chart" role="img" aria-label="Articles over time by language and outlet"', 1)
    return re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
