"""Shared test fixtures: the bundled sample corpus and the truth files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "kamervragen" / "sample"
TRUTH = Path(__file__).resolve().parent / "fixtures" / "truth"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_docs() -> list[Path]:
    return sorted((SAMPLE / "docs").iterdir())


# -- both store backends -------------------------------------------------------------------------------
# ``store_url`` (and ``backend_store``) run a test on SQLite and on PostgreSQL, each with a fresh database.
# PostgreSQL needs ``KAMERVRAGEN_TEST_PG`` (an admin URL; ``scripts/pg.sh start`` prints one, and
# ``scripts/test.sh`` sets it): without it the PostgreSQL runs are skipped, or fail when ``CI`` is set.

PG_ENV = "KAMERVRAGEN_TEST_PG"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_admin() -> str:
    import os

    url = os.environ.get(PG_ENV)
    if not url:
        reason = f"PostgreSQL tests need {PG_ENV} (scripts/pg.sh start prints the URL)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is an error, not a skip.")
        pytest.skip(reason)
    return url


class PgDatabases:
    """Fresh databases on the test server, copied from one migrated template per test session."""

    def __init__(self, admin: str) -> None:
        import os
        import secrets

        self.admin = admin
        self.prefix = f"kvtest_{os.getpid()}_{secrets.token_hex(3)}"  # unique per session, even across hosts
        self.template: str | None = None
        self.count = 0
        self.made: list[str] = []

    def _exec(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def url(self, name: str) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.admin)._replace(path=f"/{name}").geturl()

    def new(self) -> str:
        """The URL of a new, migrated, empty database."""
        import psycopg

        from kamervragen.store import open_store

        if self.template is None:
            name = f"{self.prefix}_template"
            self._exec(f'DROP DATABASE IF EXISTS "{name}"')
            self._exec(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
            open_store(self.url(name)).close()
            self.template = name
            self.made.append(name)
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        try:
            self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        except psycopg.errors.InvalidCatalogName:  # the template was dropped meanwhile: make it again
            self.template = None
            return self.new()
        self.made.append(name)
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[-1].split("?")[0]
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def drop_all(self) -> None:
        for name in list(self.made):
            self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


_PG: list[PgDatabases] = []


def pg_databases() -> PgDatabases:
    """The session's database maker (skips or fails as described above when there is no server)."""
    admin = _pg_admin()
    if not _PG:
        _PG.append(PgDatabases(admin))
    return _PG[0]


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    for maker in _PG:
        try:
            maker.drop_all()
        except Exception:  # noqa: BLE001 - the server may be gone already
            pass


def new_store_url(backend: str, folder: Path) -> str:
    """A fresh database of ``backend``: a SQLite file in ``folder``, or a new PostgreSQL database."""
    if backend == "sqlite":
        return str(folder / "kv.sqlite3")
    return pg_databases().new()


def drop_store_url(url: str) -> None:
    if url.startswith("postgresql://") and _PG:
        _PG[0].drop(url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The store backend of this run of the test: ``sqlite`` or ``postgres``."""
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path):
    """A fresh, empty database of each backend (a path or a ``postgresql://`` URL)."""
    url = new_store_url(backend, tmp_path)
    yield url
    drop_store_url(url)


@pytest.fixture
def backend_store(store_url: str):
    """An open store over ``store_url``."""
    from kamervragen.store import open_store

    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request) -> str:
    """``backend`` for module-scoped fixtures (a sample store loaded once per module and backend)."""
    return request.param


@pytest.fixture(scope="module")
def sample_backend_store(module_backend: str, tmp_path_factory):
    """The bundled sample corpus loaded into a fresh store of each backend, once per module."""
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_sample

    url = new_store_url(module_backend, tmp_path_factory.mktemp("sample"))
    s = open_store(url)
    load_sample(s)
    yield s
    s.close()
    drop_store_url(url)
