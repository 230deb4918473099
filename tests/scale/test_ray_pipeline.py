"""``newsfuse batch``: shard parsing and outputs without Ray, and one small real run on a local Ray cluster."""
from __future__ import annotations

import gzip
import importlib
import io
import json
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.model import Document, Entity, IngestError, Paragraph, Story
from newsfuse.scale import loading, ray_pipeline, shards, tables
from newsfuse.scale.workers import STAGE_NAMES, Analyser
from newsfuse.store import open_store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "scale" / "articles.jsonl"
RECORDS = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def write_shards(folder: Path) -> dict[str, Path]:
    """The fixture articles as one shard of each kind: JSONL (gzipped), Parquet and WARC."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    paths = {"jsonl": folder / "part-0.jsonl.gz", "parquet": folder / "part-1.parquet",
             "warc": folder / "part-2.warc.gz"}
    paths["jsonl"].write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in RECORDS[:2]).encode()))
    pq.write_table(pa.Table.from_pylist(RECORDS[2:3]), paths["parquet"])
    with open(paths["warc"], "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        r = RECORDS[3]
        html = (f"<html><head><title>{r['title']}</title></head><body><article><h1>{r['title']}</h1>"
                + "".join(f"<p>{p}</p>" for p in r["text"].split("\n\n")) + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(r["url"], "response", payload=io.BytesIO(html),
                                                      http_headers=headers))
    return paths


# without Ray -------------------------------------------------------------------------------------------------
def test_expand_inputs_finds_shards_and_reports_missing(tmp_path):
    paths = write_shards(tmp_path / "in")
    (tmp_path / "in" / "notes.txt").write_text("not a shard")
    files, errors = shards.expand_inputs([str(tmp_path / "in"), str(tmp_path / "in" / "*.parquet"),
                                          str(tmp_path / "missing"), "s3://bucket/shards/"])
    assert files == sorted(str(p) for p in paths.values()) + ["s3://bucket/shards/"]  # deduplicated
    assert [e.source for e in errors] == [str(tmp_path / "missing")]


def test_parse_shard_reads_jsonl_gz_warc_and_reports_broken_files(tmp_path):
    paths = write_shards(tmp_path)
    rows = shards.parse_shard({"bytes": paths["jsonl"].read_bytes(), "path": str(paths["jsonl"])})
    docs = [Document.model_validate_json(r["doc"]) for r in rows]
    assert [d.id for d in docs] == ["en-summit", "de-gipfel"]
    assert docs[0].hints["published"] == "2024-06-19"
    warc = shards.parse_shard({"bytes": paths["warc"].read_bytes(), "path": str(paths["warc"])})
    assert len(warc) == 1 and Document.model_validate_json(warc[0]["doc"]).url == RECORDS[3]["url"]
    assert shards.parse_path({"path": str(paths["jsonl"])}) == rows  # read from disk, gzip kept intact
    assert "cannot read" in shards.parse_path({"path": str(tmp_path / "gone.jsonl")})[0]["error"]
    broken = shards.parse_shard({"bytes": b"\x1f\x8bnot gzip", "path": "bad.jsonl.gz"})
    assert broken[0]["doc"] == "" and "gzip" in IngestError.model_validate_json(broken[0]["error"]).reason


def test_record_rows_turns_parquet_batches_into_documents():
    import numpy as np

    batch = {"id": np.array(["x", "y"], dtype=object), "text": np.array(["Some text.", None], dtype=object)}
    rows = shards.record_rows(batch)
    assert Document.model_validate_json(rows["doc"][0]).id == "x"
    assert rows["doc"][1] == "" and "no text" in rows["error"][1]


def test_analyser_times_stages_and_keeps_going_after_a_failure(monkeypatch):
    def fake_stages(settings, templates=None):
        def clean(doc):
            if "boom" in doc.raw:
                raise ValueError("broken article")
            doc.paragraphs = [Paragraph(text=doc.raw)]
            return doc
        return [("clean", clean), ("meta", lambda d: d), ("entities", lambda d: d), ("claims", lambda d: d)]

    monkeypatch.setattr("newsfuse.scale.workers.document_stages", fake_stages)
    monkeypatch.setattr("newsfuse.scale.workers.BATCH_FORMS", {})
    analyser = Analyser(Settings(), warm_up=False, embed=False)
    ok, bad = Document(id="a", raw="fine"), Document(id="b", source="b.txt", raw="boom")
    out = analyser({"doc": [ok.model_dump_json(), bad.model_dump_json(), ""],
                    "error": ["", "", IngestError(source="c", reason="unreadable").model_dump_json()]})
    assert Document.model_validate_json(out["doc"][0]).body == "fine"
    failure = IngestError.model_validate_json(out["error"][1])
    assert (failure.source, failure.stage) == ("b.txt", "analyse") and "broken article" in failure.reason
    assert IngestError.model_validate_json(out["error"][2]).source == "c"
    assert set(out) == {"doc", "error", "emb_keys", "emb", "t_embed", *(f"t_{s}" for s in STAGE_NAMES)}
    assert out["t_clean"][0] > 0 and out["t_clean"][2] == 0


def test_outputs_and_store_loading_without_ray(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    docs = [Document(id=r["id"], source=f"{r['id']}.jsonl", url=r["url"], raw=r["text"], title=r["title"],
                     language="en", paragraphs=[Paragraph(text=r["text"])]) for r in RECORDS]
    story = Story(id="st1", title="Summit", documents=["en-summit", "de-gipfel"])
    entity = Entity(id="person:putin", name="Vladimir Putin", type="PERSON", mentions=2)
    written = loading.write_outputs(tmp_path, docs, [entity], [story])
    assert written == {"documents": 4, "mentions": 0, "entities": 1, "stories": 1, "quotes": 0, "claims": 0}
    table = pq.read_table(tmp_path / "documents.parquet")
    assert table.column("id").to_pylist() == [r["id"] for r in RECORDS]
    assert Document.model_validate_json(table.column("data")[0].as_py()) == docs[0]

    settings = Settings(db=str(tmp_path / "store.db"))
    rebuilt = []
    monkeypatch.setattr("newsfuse.pipeline.build_stories",
                        lambda ds, s, index=None: rebuilt.append(sorted(d.id for d in ds)) or ([entity], [story]))
    first = loading.select_new(docs[:2], settings, use_store=True)
    loading.load_store(settings, first, *loading.build(first, settings), [], frozenset({"menu line"}))
    # a second batch: a copy of a stored article and a copy within the batch are skipped,
    # and the stories are rebuilt over everything stored
    stored_copy = docs[0].model_copy(update={"id": "copy-of-summit", "source": "copy.jsonl"})
    batch_twin = docs[3].model_copy(update={"id": "twin", "source": "twin.jsonl"})
    second = loading.select_new([stored_copy, *docs[2:], batch_twin], settings, use_store=True)
    assert second.skipped == [("copy.jsonl", "en-summit"), ("twin.jsonl", "en-flood-2")]
    assert [d.id for d in second.stored] == ["en-summit", "de-gipfel"]
    summary = loading.load_store(settings, second, *loading.build(second, settings),
                                 [IngestError(source="x", reason="bad")], frozenset())
    assert (summary["skipped_duplicates"], summary["documents"], summary["errors"]) == (2, 4, 1)
    assert rebuilt == [["de-gipfel", "en-summit"], sorted(r["id"] for r in RECORDS)]
    with open_store(settings.db) as store:
        assert store.get_state("clean.templates") == "menu line"
        assert store.get_story("st1").documents == ["en-summit", "de-gipfel"]
    # without a store only copies within the batch are dropped
    alone = loading.select_new([docs[0], stored_copy], Settings(db=str(tmp_path / "unused.db")), use_store=False)
    assert [d.id for d in alone.fresh] == ["en-summit"] and not alone.stored
    same_id = docs[1].model_copy(update={"id": "en-summit", "raw": "Other text", "url": None})
    both = loading.select_new([docs[0], same_id], Settings(db=str(tmp_path / "unused.db")), use_store=False)
    assert [d.id for d in both.fresh][0] == "en-summit" and both.fresh[1].id.startswith("en-summit-")


def test_sentence_vectors_travel_from_worker_to_driver_cache():
    import numpy as np

    from newsfuse import embeddings
    from newsfuse.scale.workers import _vectors, import_row_vectors

    doc = Document(id="v", title="Putin in Pyongyang", paragraphs=[Paragraph(text="He arrived. Kim met him.")])
    keys, data = _vectors(doc, "usem3")
    assert len(keys) == 16 * 3 and len(data) == 3 * 512 * 4
    expected = embeddings.embed_texts(["Kim met him."])
    embeddings._CACHES["usem3"].data.clear()
    import_row_vectors({"emb_keys": keys, "emb": data}, "usem3")
    assert len(embeddings._CACHES["usem3"].data) == 3
    np.testing.assert_allclose(embeddings._CACHES["usem3"].get(embeddings._Cache.key("Kim met him.")), expected[0])


# with Ray ------------------------------------------------------------------------------------------------------
def _stages_missing() -> str | None:
    for module, name in (("newsfuse.clean", "clean_document"), ("newsfuse.meta", "annotate_meta"),
                         ("newsfuse.entities", "recognise_entities"), ("newsfuse.claims", "extract_claims"),
                         ("newsfuse.stories", "cluster_documents"), ("newsfuse.report", "build_story")):
        try:
            getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return f"{module}.{name} has not landed yet"
    return None


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsfuse[scale]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=300_000_000)
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_batch_on_local_ray_runs_the_real_stages(local_ray, tmp_path):
    missing = _stages_missing()
    if missing:
        pytest.skip(missing)
    import pyarrow.parquet as pq

    write_shards(tmp_path / "in")
    (tmp_path / "in" / "part-3.jsonl.gz").write_bytes(b"\x1f\x8b broken")  # reported, not fatal
    settings = Settings(db=str(tmp_path / "batch.db"))
    result = ray_pipeline.run_batch([str(tmp_path / "in")], tmp_path / "out", settings, num_workers=1, batch_size=2)

    assert result["errors"] == 1, result["error_samples"]
    assert result["error_samples"][0]["source"].endswith("part-3.jsonl.gz")
    assert result["documents"] == 4 and result["stories"] >= 2
    assert all(result["stage_seconds"][s] > 0 for s in STAGE_NAMES)
    docs = {r["id"]: r for r in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert len(docs) == 4
    de = next(r for r in docs.values() if r["title"] and "Verteidigungspakt" in r["title"])
    assert de["language"] == "de"
    assert all(r["story"] for r in docs.values())
    mentions = pq.read_table(tmp_path / "out" / "mentions.parquet").to_pylist()
    assert any(m["text"].endswith("Putin") and m["type"] == "PERSON" for m in mentions)
    for name in tables.TABLES:
        assert (tmp_path / "out" / f"{name}.parquet").exists()
    with open_store(settings.db) as store:
        assert store.counts()["documents"] == 4 and store.counts()["errors"] == 1
        assert store.counts()["stories"] == result["stories"]
        assert len(list(store.iter_index_records())) == 4  # the next `newsfuse ingest` adds incrementally
        assert {h.document for h in store.search("Porto Alegre")} >= {"en-flood"}
