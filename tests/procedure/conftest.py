"""Fixtures of the procedure tests: the sample corpus loaded into a real SQLite store, and the store built
from the hand-checked truth files (tests/procedure/support.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import FIXTURES  # noqa: E402


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """The bundled sample corpus in a fresh SQLite database (about 0.3 s)."""
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_sample

    store = open_store(str(tmp_path_factory.mktemp("sample") / "kv.sqlite3"))
    load_sample(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def postponed_store(tmp_path_factory):
    """The sample corpus plus the constructed postponement notice of the seed zaak."""
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_paths, load_sample

    store = open_store(str(tmp_path_factory.mktemp("postponed") / "kv.sqlite3"))
    load_sample(store)
    load_paths(store, [FIXTURES / "postponement-2024Z01911.txt"])
    yield store
    store.close()


@pytest.fixture(scope="module")
def truth_store():
    from support import TruthStore

    store = TruthStore()
    yield store
    store.close()
