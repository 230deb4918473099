from newsfuse.config import Settings


def test_env_overrides_defaults(monkeypatch):
    monkeypatch.setenv("NEWSFUSE_DB", "/tmp/x.db")
    monkeypatch.setenv("NEWSFUSE_KEEP_BOILERPLATE", "yes")
    monkeypatch.setenv("NEWSFUSE_SUMMARY_SENTENCES", "7")
    s = Settings.load()
    assert s.db == "/tmp/x.db" and s.keep_boilerplate is True and s.summary_sentences == 7


def test_flags_override_env(monkeypatch):
    monkeypatch.setenv("NEWSFUSE_DB", "/tmp/x.db")
    assert Settings.load(db="/tmp/y.db").db == "/tmp/y.db"


def test_toml_file(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSFUSE_DB", raising=False)
    cfg = tmp_path / "newsfuse.toml"
    cfg.write_text('[newsfuse]\ndb = "team.db"\nlanguages = ["en", "de", "fr"]\n')
    s = Settings.load(cfg)
    assert s.db == "team.db" and s.languages == ("en", "de", "fr")
