"""The pieces that let the PostgreSQL store run the SQLite store's logic: SQL rewriting, FTS5 → tsquery,
SQLite's errors and values on PostgreSQL, and a failing document in a batch on both backends."""

from __future__ import annotations

import sqlite3

import pytest

from kamervragen.model import ParsedDocument, Question
from kamervragen.search.query import parse_query, to_fts5
from kamervragen.store import open_store
from kamervragen.store.loader import load_sample
from kamervragen.store.postgres_dialect import translate
from kamervragen.store.postgres_search import fts5_to_tsquery


def test_translate():
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE '%x?'")[0] == \
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%x?'"
    sql, rid = translate("INSERT OR IGNORE INTO source (raw_id, locator) VALUES (?,?)")
    assert sql == "INSERT INTO source (raw_id, locator) VALUES (%s,%s) ON CONFLICT DO NOTHING RETURNING id"
    assert rid is True
    sql, rid = translate("INSERT INTO document (key, case_id) VALUES (?,?)")
    assert sql.endswith("ON CONFLICT DO NOTHING RETURNING id") and rid == "strict"
    assert translate("INSERT OR REPLACE INTO link_issue (document_id, reason) VALUES (?,?)")[0] == \
        ("INSERT INTO link_issue (document_id, reason) VALUES (%s,%s)"
         " ON CONFLICT (document_id) DO UPDATE SET reason = EXCLUDED.reason")
    assert "IS DISTINCT FROM %s::text" in translate("SELECT 1 FROM d WHERE d.zaak_key IS NOT ?")[0]
    assert "(%s::text IS NULL OR" in translate("SELECT 1 FROM d WHERE (? IS NULL OR d.date < ?)")[0]
    assert "CROSS" not in translate("SELECT 1 FROM a CROSS JOIN b ON b.id = a.id")[0]


@pytest.mark.parametrize(("query", "tsquery"), [
    ("Nuctech scanners", "('nuctech' & 'scanner')"),
    ('"nationale veiligheid"', "('national' <-> 'veilig')"),
    ("nuctech OR zwembad", "('nuctech' | 'zwembad')"),
    ("douane NOT nuctech", "('douan' & !'nuctech')"),
    ("douane -nuctech -scanners", "(('douan' & !'nuctech') & !'scanner')"),
    ("scanne*", "'scann':*"),
    ("covid-19", "('covid' <-> '19')"),
    ("zo'n", "'n'"),  # "zo" is a stop word: a gap before the first lexeme
    ('"minister van financiën"', "('minister' <2> 'financien')"),
    ("minister van financiën", "('minister' & 'financien')"),
    ("de OR het", None),
    ("minister -de", "'minister'"),
])
def test_fts5_to_tsquery(query, tsquery):
    assert fts5_to_tsquery(to_fts5(parse_query(query))) == tsquery


def test_fts5_to_tsquery_columns_and_lists():
    assert fts5_to_tsquery('"douan"', "questions") == "'douan':B"
    assert fts5_to_tsquery('"scan"*', "subject") == "'scan':*A"
    assert fts5_to_tsquery('("a" AND "b") OR ("a" AND "c")') == "(('a' & 'b') | ('a' & 'c'))"
    assert fts5_to_tsquery('"a" OR "b" OR "c"') == "('a' | 'b' | 'c')"


@pytest.fixture
def pg_store(tmp_path):
    from tests.conftest import drop_store_url, new_store_url

    url = new_store_url("postgres", tmp_path)
    store = open_store(url)
    yield store
    store.close()
    drop_store_url(url)


def test_duplicate_key_is_sqlite_integrity_error_and_the_transaction_goes_on(pg_store):
    with pg_store.transaction() as conn:
        conn.execute("INSERT INTO zaak_case (key, created_at, updated_at) VALUES (?,?,?)", ("K1", "t", "t"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO zaak_case (key, created_at, updated_at) VALUES (?,?,?)", ("K1", "t", "t"))
        cur = conn.execute("INSERT INTO zaak_case (key, created_at, updated_at) VALUES (?,?,?)", ("K2", "t", "t"))
        assert cur.lastrowid
    assert pg_store.counts()["cases"] == 2


def test_nul_in_text_is_stored(pg_store):
    from kamervragen.model import LoadItem
    from kamervragen.store.loader import load_items

    doc = ParsedDocument(source="x.txt", kind="questions", zaak="2020Z00001", subject="a\x00b",
                         submitted="2020-01-01", questions=[Question(1, "Vraag\x00 een?")])
    report = load_items(pg_store, [LoadItem(b"x", "x.txt")], parse=lambda data, src: doc, parser_version="t")
    assert report.inserted == 1
    assert pg_store.get_case("2020Z00001").subject == "a\ufffdb"


def test_a_failing_document_fails_alone(store_url, monkeypatch):
    """An unexpected error while storing one document: the batch is written again document by document,
    the failing one kept raw with its error, the rest stored (both backends)."""
    from kamervragen.store.sqlite import SQLiteStore

    original = SQLiteStore._write_parts

    def write_parts(self, conn, doc_id, parsed, *args, **kwargs):
        if "Nuctech" in " ".join(q.text for q in parsed.questions):
            raise RuntimeError("boom")
        return original(self, conn, doc_id, parsed, *args, **kwargs)

    monkeypatch.setattr(SQLiteStore, "_write_parts", write_parts)
    with open_store(store_url) as store:
        report = load_sample(store)
        boom = [f for f in report.failures if "boom" in f[1]]
        assert boom and report.failed == len(boom) + 1
        assert report.inserted == 110 - len(boom)
        assert store.counts()["documents"] == 110 - len(boom)


def test_search_time_limit_cancels_the_statement(pg_store):
    from kamervragen.store.sqlite_search import QueryTimeout, time_limit

    with pytest.raises(QueryTimeout):
        with pg_store.transaction() as conn, time_limit(conn, 0.2):
            conn.native("SELECT pg_sleep(5)")
    with pg_store.transaction() as conn, time_limit(conn, 5):
        assert conn.native("SELECT 1").fetchone() == (1,)


def test_every_sqlite_migration_has_its_postgres_twin():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "store" / "migrations"
    names = {b: sorted(p.name for p in (folder / b).glob("*.sql")) for b in ("sqlite", "postgres")}
    assert names["sqlite"] == names["postgres"]


def test_same_tables_and_columns_on_both(store_url, tmp_path):
    """The SQLite logic runs on PostgreSQL unchanged only while both schemas have the same columns."""
    from tests.conftest import new_store_url

    if not store_url.startswith("postgresql://"):
        pytest.skip("compares a PostgreSQL schema with the SQLite one")
    sq = open_store(new_store_url("sqlite", tmp_path))
    pg = open_store(store_url)
    try:
        with sq.transaction() as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                " AND name NOT LIKE 'search_doc_fts_%' AND name NOT LIKE 'sqlite_%'")]
            sqlite_cols = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in tables}
        with pg.transaction() as conn:
            pg_cols: dict[str, set[str]] = {}
            for t, c in conn.native("SELECT table_name, column_name FROM information_schema.columns"
                                    " WHERE table_schema = current_schema()"):
                pg_cols.setdefault(t, set()).add(c)
        for t, cols in sqlite_cols.items():
            assert cols <= pg_cols.get(t, set()), (t, cols - pg_cols.get(t, set()))
        assert {"rowid", "subject", "questions", "answers", "notes"} <= pg_cols["search_doc_fts"]
    finally:
        sq.close()
        pg.close()


def test_a_lost_connection_is_a_sqlite_error_and_the_next_call_reconnects(pg_store):
    import psycopg

    from tests.conftest import pg_databases

    pid = pg_store._conn.raw.info.backend_pid
    with psycopg.connect(pg_databases().admin, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(sqlite3.OperationalError):
        load_sample(pg_store)
    report = load_sample(pg_store)
    assert report.inserted == 110
