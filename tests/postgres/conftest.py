"""Fixtures of the backend-parity tests."""

from __future__ import annotations

import pytest

from kamervragen.store import open_store
from kamervragen.store.loader import load_sample


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A SQLite and a PostgreSQL store, each loaded with the sample corpus (per test module)."""
    from tests.conftest import drop_store_url, new_store_url

    urls = [new_store_url(b, tmp_path_factory.mktemp(b)) for b in ("sqlite", "postgres")]
    stores = [open_store(u) for u in urls]
    for s in stores:
        load_sample(s)
    yield stores
    for s, u in zip(stores, urls, strict=True):
        s.close()
        drop_store_url(u)
