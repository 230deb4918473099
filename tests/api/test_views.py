"""Helpers shared by the API and the UI: outlet labels and descriptors per outlet."""
from __future__ import annotations

from newsfuse.api import views
from newsfuse.model import Document, FramingRow, Paragraph, Story


def test_descriptors_keep_unknown_outlets_apart():
    story = Story(id="s", framing=[
        FramingRow(entity="e", document="d1", outlet="Sky News", descriptors=["Kremlin chief"]),
        FramingRow(entity="e", document="d2", outlet=None, descriptors=["dictator"]),
        FramingRow(entity="e", document="d3", outlet=None, descriptors=["Kremlchef", "Präsident"]),
        FramingRow(entity="e", document="d4", outlet="Sky News", descriptors=["Russian leader", "Kremlin chief"]),
        FramingRow(entity="other", document="d1", outlet="Sky News", descriptors=["mayor"]),
    ])
    rows = views.descriptors_by_outlet("e", [story], {"d3": "example.org"})
    assert rows == [  # most descriptors first, ties alphabetically
        {"outlet": "example.org", "descriptors": ["Kremlchef", "Präsident"], "documents": ["d3"]},
        {"outlet": "Sky News", "descriptors": ["Kremlin chief", "Russian leader"], "documents": ["d1", "d4"]},
        {"outlet": None, "descriptors": ["dictator"], "documents": ["d2"]},
    ]


def test_outlet_and_title_labels_fall_back():
    named = Document(id="a", outlet="CNN", title="T")
    hosted = Document(id="b", url="https://www.example.org/news/1",
                      paragraphs=[Paragraph(text="one two three four five six seven eight nine ten eleven")])
    assert views.outlet_label(named) == "CNN" and views.outlet_label(hosted) == "example.org"
    assert views.outlet_label(Document(id="c", source="local/file.txt")) is None
    assert views.title_label(named) == "T"
    assert views.title_label(hosted) == "one two three four five six seven eight nine ten…"
    assert views.title_label(None, "gone") == "gone"
