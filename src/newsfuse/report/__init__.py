"""The report stage: from clustered documents to a story people can read.

``build_story`` fills a story with its entities, quotes, claims, conflicts,
timeline, framing and a cited summary; ``newsfuse.report.export`` turns a
digest into JSON, HTML, Markdown and CSV.
"""
from newsfuse.report.framing import build_framing
from newsfuse.report.story import build_story
from newsfuse.report.summary import extractive_summary, summarize

__all__ = ["build_story", "build_framing", "extractive_summary", "summarize"]
