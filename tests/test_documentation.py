"""Documentation lists every setting and every command (as datasette tests its docs)."""
from dataclasses import fields
from pathlib import Path

import pytest

from newsfuse.cli import app
from newsfuse.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_documented(name):
    assert f"`{name}`" in (ROOT / "docs" / "configuration.md").read_text()


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])
def test_every_command_is_in_the_readme(command):
    assert f"newsfuse {command}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])
def test_every_command_has_help(command):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def _extra_keys() -> set[str]:
    import re

    pattern = re.compile(r"""extra(?:\.get\(|\[)\s*f?["']([a-z_]+)["']""")
    keys = set()
    for path in (ROOT / "src" / "newsfuse").rglob("*.py"):
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


@pytest.mark.parametrize("key", sorted(_extra_keys()))
def test_every_extra_setting_is_documented(key):
    assert f"`{key}`" in (ROOT / "docs" / "configuration.md").read_text()
