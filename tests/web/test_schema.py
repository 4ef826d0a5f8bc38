"""Schemathesis over the app's OpenAPI schema, in-process: no server error on generated requests
(with the write token too, so the writing endpoints are exercised, on a copy of the test database)."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kamervragen.api.deps import Settings
from kamervragen.web.app import create_app
from tests.web.conftest import TODAY, TOKEN

MAX_EXAMPLES = int(os.environ.get("KV_SCHEMA_EXAMPLES", "15"))
_DB = Path(tempfile.mkdtemp(prefix="kv-schema-")) / "kv.sqlite3"
atexit.register(shutil.rmtree, _DB.parent, True)
APP = create_app(Settings(db=str(_DB), token=TOKEN, today=TODAY))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _sample_copy(web_db):
    """The app's database becomes a copy of the sample test database."""
    src, dst = sqlite3.connect(web_db), sqlite3.connect(_DB)
    src.backup(dst)
    src.close()
    dst.close()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method != "GET" else None
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
