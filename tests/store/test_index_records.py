import dataclasses

import numpy as np

from newsfuse.store.index_records import blob_to_record, record_to_blob
from newsfuse.stories import StoryRecord


def test_every_field_of_a_record_survives_the_round_trip():
    values = {}
    for f in dataclasses.fields(StoryRecord):
        if f.name == "vector":
            values[f.name] = np.arange(8, dtype=np.float32) / 7
        elif f.name in ("doc_id", "story_id", "date"):
            values[f.name] = f"{f.name}-x"
        elif f.type in ("int | None",) or "int | None" in str(f.type):
            values[f.name] = 2024
        elif "int" in str(f.type):
            values[f.name] = (3, 1)
        else:
            values[f.name] = ("geo:KP", "person:kimjongun")
    record = StoryRecord(**values)
    back = blob_to_record(record.doc_id, record.story_id, record_to_blob(record))
    for f in dataclasses.fields(StoryRecord):
        a, b = getattr(record, f.name), getattr(back, f.name)
        assert np.array_equal(a, b) if f.name == "vector" else a == b, f.name
