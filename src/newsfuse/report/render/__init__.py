"""Renderers of a digest: JSON (the schema'd export), HTML, Markdown and CSV tables.

All of them go through ``newsfuse.report.render.view.StoryView`` so that the
numbering of sources and the labels are the same everywhere.
"""
