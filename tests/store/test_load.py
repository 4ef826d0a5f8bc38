"""Loading the real sample corpus: idempotence, reparse, sources and identifiers, the CLI."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.errors import UserError
from kamervragen.parse import PARSER_VERSION, parse_bytes
from kamervragen.store import open_store
from kamervragen.store.loader import identifiers_in, load_paths, load_sample, reparse

from .conftest import SAMPLE_DOCS


def test_migrations_applied_once_and_recorded(db: str) -> None:
    store = open_store(db)
    folder = resources.files("kamervragen.store") / "migrations" / "sqlite"
    expected = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
    names = [r[0] for r in store._conn.execute("SELECT name FROM schema_migration ORDER BY name")]
    assert names == expected and "001_core.sql" in names
    if not db.startswith("postgresql://"):  # SQLite's journal; PostgreSQL has its own WAL
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = open_store(db)
    assert again.migrate() == []
    again.close()


def test_load_twice_second_time_all_unchanged(store) -> None:
    first = load_sample(store)
    total = len(list(SAMPLE_DOCS.iterdir()))
    assert first.total == total
    assert first.inserted + first.updated >= total - first.failed - 5
    assert ("neg-recept.txt" in " ".join(s for s, _ in first.failures))
    before = store.counts()
    second = load_sample(store)
    assert second.to_json() == {"inserted": 0, "updated": 0, "unchanged": total, "failed": 0}
    assert store.counts() == before
    failed = store.list_failed()
    assert any(f.source_path.endswith("neg-recept.txt") and f.error for f in failed)


def test_cli_load_json_last_line(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    runner = CliRunner()
    total = len(list(SAMPLE_DOCS.iterdir()))
    out1 = runner.invoke(app, ["load", "--sample", "--db", db, "--json"])
    assert out1.exit_code == 0, out1.output
    last = json.loads(out1.output.strip().splitlines()[-1])
    assert list(last) == ["inserted", "updated", "unchanged", "failed"]
    assert sum(last.values()) == total and last["failed"] >= 1
    out2 = runner.invoke(app, ["load", "--sample", "--db", db, "--json"])
    assert out2.output.strip().splitlines()[-1] == json.dumps(
        {"inserted": 0, "updated": 0, "unchanged": total, "failed": 0})
    shown = runner.invoke(app, ["show", "2024Z01911", "--db", db, "--json", "--today", "2024-02-20"])
    case = json.loads(shown.output)
    assert (case["due"], case["status"], case["days_waiting"]) == ("2024-02-28", "open", 13)
    assert case["zaak"] == "2024Z01911" and case["documents"][0]["publication"] == "kv-tk-2024Z01911"
    assert case["documents"][0]["source_url"] == "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z01911.html"
    failed = runner.invoke(app, ["failed", "--db", db, "--json"])
    assert "neg-recept.txt" in failed.output


def test_reparse_updates_exactly_the_affected_records(store, monkeypatch) -> None:
    load_sample(store)
    affected = {"ob-kv-tk-2019Z15953.txt", "ok-2019Z01316.txt", "ob-ah-tk-20122013-2844.txt"}

    def changed_parser(data: bytes, source: str):
        parsed = parse_bytes(data, source)
        if Path(source).name in affected:
            parsed.subject = (parsed.subject or "") + " (gewijzigd)"
        return parsed

    monkeypatch.setattr("kamervragen.store.loader.default_parser", lambda: (changed_parser, PARSER_VERSION + "+t"))
    report = reparse(store)
    assert report.updated == 3
    assert {Path(s).name for s, _ in report.changes} == affected
    assert all("subject" in what for _, what in report.changes)
    assert report.inserted == 0 and report.failed == 1  # neg-recept still fails
    case = store.get_case("2019Z15953")
    assert case is not None and case.documents[0].subject.endswith("(gewijzigd)")
    again = reparse(store)
    assert again.updated == 0 and again.inserted == 0


def test_identifiers_from_names_and_urls() -> None:
    h = identifiers_in("ob-kv-tk-2024Z01911.txt")
    assert (h.zaak, h.publication) == ("2024Z01911", "kv-tk-2024Z01911")
    h = identifiers_in("ob-ah-tk-20232024-99.txt")
    assert (h.zaak, h.publication) == (None, "ah-tk-20232024-99")
    h = identifiers_in("https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2021D39515&id=2021Z18085")
    assert (h.zaak, h.document_number) == ("2021Z18085", "2021D39515")
    h = identifiers_in("https://berthub.eu/tkconv/document.html?nummer=2024D43372")
    assert (h.zaak, h.document_number) == (None, "2024D43372")
    assert identifiers_in("ok-20011Z03937.txt").zaak is None  # a malformed number is no zaak
    assert identifiers_in("https://www.openkamer.org/kamervraag/2019Z01316/").zaak == "2019Z01316"


def test_hints_from_sources_jsonl_and_url(store) -> None:
    load_sample(store)
    case = store.get_case("2021Z18085")  # tk-2021D39515: zaak only in the URL, document number in did=
    assert case is not None
    doc = case.documents[0]
    assert doc.kind == "postponement" and doc.document_number == "2021D39515" and doc.link == "hint"
    assert store.get_case("2021D39515").key == "2021Z18085"


def test_disagreeing_identifier_is_kept_and_flagged(store, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLE_DOCS / "2024Z01911.md", folder / "kv-tk-2024Z01912.md")
    load_paths(store, [folder])
    case = store.get_case("2024Z01911")  # the text wins for what is shown
    assert case is not None
    doc = case.documents[0]
    assert doc.text_zaak == "2024Z01911" and doc.hints.zaak == "2024Z01912"
    assert any(f.flag == "identifier-mismatch" and "2024Z01912" in f.detail for f in case.flags)
    assert "identifier-mismatch" in next(c for c in store.iter_cases() if c.key == "2024Z01911").flags


def test_same_document_from_two_sources_is_one_document(store, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (SAMPLE_DOCS / "2024Z01911.md").read_bytes()
    (folder / "copy-openkamer.md").write_bytes(text + b"\n")
    (folder / "official.md").write_bytes(text)
    (folder / "sources.jsonl").write_text(
        json.dumps({"file": "copy-openkamer.md", "url": "https://www.openkamer.org/kamervraag/2024Z01911/"}) + "\n"
        + json.dumps({"file": "official.md", "url": "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z01911.html"})
        + "\n", encoding="utf-8")
    report = load_paths(store, [folder])
    assert (report.inserted, report.updated) == (1, 1)
    case = store.get_case("2024Z01911")
    assert len(case.documents) == 1
    doc = case.documents[0]
    assert len(doc.sources) == 2
    assert doc.source_url.startswith("https://zoek.officielebekendmakingen.nl/")  # the official one is shown
    assert load_paths(store, [folder]).to_json() == {"inserted": 0, "updated": 0, "unchanged": 2, "failed": 0}


def test_removed_at_source_keeps_the_raw(store) -> None:
    load_sample(store)
    url = "https://zoek.officielebekendmakingen.nl/kv-tk-2019Z15953.html"
    assert store.mark_removed(source_url=url, removed_at="2026-01-01T00:00:00Z") == 1
    case = store.get_case("2019Z15953")
    assert case.documents[0].removed and any(f.flag == "removed" for f in case.flags)
    assert store.get_raw(case.documents[0].id).data.startswith(b"Vragen van")


def test_iter_cases_is_light_and_complete(store) -> None:
    load_sample(store)
    cases = list(store.iter_cases())
    assert len(cases) == store.counts()["cases"]
    seed = next(c for c in cases if c.key == "2024Z01911")
    assert seed.has_questions_document and [a.name for a in seed.askers][:1] == ["Michon-Derkzen"]
    answered = [c for c in cases if c.answered]
    assert answered and all(len(d) in (0, 10) for c in answered for d in c.answered)
    assert any(c.postponed for c in cases)


def test_failed_parse_is_kept_raw_not_half_stored(store, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    shutil.copy(SAMPLE_DOCS / "2024Z01911.md", folder / "2024Z01911.md")
    report = load_paths(store, [folder])
    assert (report.inserted, report.failed) == (1, 2)
    with store.transaction() as conn:  # the store's own connection: SQLite or PostgreSQL
        assert conn.execute("SELECT COUNT(*) FROM raw WHERE parse_error IS NOT NULL AND document_id IS NULL").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 1
    assert {Path(f.source_path).name for f in store.list_failed()} == {"empty.txt", "image.png"}


def test_reading_from_other_threads_while_loading(store) -> None:
    import threading

    load_sample(store)
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                assert store.get_case("2024Z01911") is not None
                assert sum(1 for _ in store.iter_cases()) > 0
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        reparse(store)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors


def test_reparse_picks_up_a_fixed_parser_and_keeps_documents_on_new_failures(store, monkeypatch) -> None:
    from kamervragen.model import ParsedDocument, ParseError

    load_sample(store)
    assert len(store.list_failed()) == 1
    before = store.counts()["documents"]

    def fixed_and_broken(data: bytes, source: str):
        name = Path(source).name
        if name == "neg-recept.txt":  # the "fixed" parser now reads it (as a withdrawal, say)
            return ParsedDocument(source=source, kind="withdrawal", subject="recept", submitted="2020-01-01")
        if name == "2024Z01911.md":
            raise ParseError("Broken on purpose.")
        return parse_bytes(data, source)

    monkeypatch.setattr("kamervragen.store.loader.default_parser", lambda: (fixed_and_broken, "2"))
    report = reparse(store)
    assert (report.inserted, report.failed) == (1, 1)
    assert [Path(s).name for s, _ in report.failures] == ["2024Z01911.md"]
    assert store.counts()["documents"] == before + 1
    assert store.get_case("2024Z01911") is not None  # the earlier parse is kept, the failure listed
    assert [Path(f.source_path).name for f in store.list_failed()] == ["2024Z01911.md"]


def test_find_documents_and_raw(store) -> None:
    load_sample(store)
    (doc,) = store.find_documents("ah-tk-20122013-2844")
    assert doc.kind == "answers" and doc.sources[0].url.endswith("ah-tk-20122013-2844.html")
    assert store.find_documents(doc.sources[0].url)[0].id == doc.id
    assert store.find_documents("2024D43372")[0].case_key == "2024Z18135"  # berthub: nummer= is a document
    raw = store.get_raw(doc.id)
    assert raw.data == (SAMPLE_DOCS / "ob-ah-tk-20122013-2844.txt").read_bytes()
    assert raw.checksum == doc.checksum and raw.content_type == "text/plain"


def test_cli_database_that_cannot_be_opened_is_one_sentence(tmp_path: Path) -> None:
    runner = CliRunner()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    # a folder that cannot be made (a writing command; a reading one says there is no database there)
    for command, db, words in ((["reparse"], str(blocker / "sub" / "x.sqlite3"), "cannot be created"),
                               (["show", "2024Z01911"], str(blocker), "is not a database")):
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code != 0 and isinstance(result.exception, UserError), result.output
        assert words in str(result.exception)
