"""Session fixtures shared by every test area: a real, throw-away PostgreSQL server.

The server is started once per test session with ``initdb`` + ``pg_ctl`` in a
temporary directory (PostgreSQL refuses to run as root, so under root it runs
as the ``postgres`` OS user, which owns the directory). Each test that asks
for ``postgres_url`` gets a fresh, empty database on it. When PostgreSQL is
not installed the tests that need it are skipped with the reason (``make
test`` installs the Debian packages ``postgresql`` and ``postgresql-client``).
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    """A running test server: ``url(db)`` gives a libpq URL for one of its databases."""

    host: str
    port: int
    user: str
    _counter = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"test_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server():
    """Start PostgreSQL in a temp dir for the whole session; stop and delete it afterwards."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin); "
                    "install the Debian packages postgresql and postgresql-client, or run make test")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'newsfuse[postgres]'")
    as_root = os.geteuid() == 0
    if as_root and not shutil.which("runuser"):
        pytest.skip("running as root and runuser is missing: cannot start PostgreSQL as the postgres user")
    base = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    prefix: list[str] = []
    if as_root:
        try:
            shutil.chown(base, user="postgres", group="postgres")
        except (LookupError, PermissionError) as exc:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip(f"running as root but cannot hand the data directory to the postgres user: {exc}")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
               " -c full_page_writes=off -c max_connections=50")

    def run(*cmd: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)

    done = run(initdb, "-D", str(data), "-A", "trust", "-U", "newsfuse", "-E", "UTF8", "--locale=C", "--no-sync")
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"initdb failed: {done.stderr.strip()}")
    done = run(pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "server.log"), "-w", "-t", "60", "start")
    if done.returncode != 0:
        log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"pg_ctl start failed: {done.stderr.strip()}\n{log[-2000:]}")
    try:
        yield PostgresServer(host="127.0.0.1", port=port, user="newsfuse")
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A libpq URL of a fresh, empty database on the session's PostgreSQL server."""
    return postgres_server.create_database()
