"""Fixtures of the procedure tests: the sample corpus loaded into a real store (SQLite and PostgreSQL), and
the store built from the hand-checked truth files (tests/procedure/support.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import FIXTURES  # noqa: E402


@pytest.fixture(scope="module")
def sample_store(sample_backend_store):
    """The bundled sample corpus in a fresh database of each backend (tests/conftest.py: SQLite, and
    PostgreSQL when KAMERVRAGEN_TEST_PG is set)."""
    return sample_backend_store


@pytest.fixture(scope="module")
def postponed_store(module_backend, tmp_path_factory):
    """The sample corpus plus the constructed postponement notice of the seed zaak (each backend)."""
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_paths, load_sample
    from tests.conftest import drop_store_url, new_store_url

    url = new_store_url(module_backend, tmp_path_factory.mktemp("postponed"))
    store = open_store(url)
    load_sample(store)
    load_paths(store, [FIXTURES / "postponement-2024Z01911.txt"])
    yield store
    store.close()
    drop_store_url(url)


@pytest.fixture(scope="module")
def truth_store():
    from support import TruthStore

    store = TruthStore()
    yield store
    store.close()
