"""The SQLite side of sync: API metadata beside the parsed text, file states, the resumable sync state.

Tables from migration ``030_sync.sql``. Every write of one OData page — its rows, the removals it
brings and the cursor that follows it — happens in ONE transaction, so a crash (even ``kill -9``)
leaves either the page applied with its cursor or neither: a resumed sync fetches that page again
and applying it twice changes nothing.

``SQLiteSyncMixin`` needs only ``transaction()`` and ``mark_removed()`` of the ``Store`` interface:
``SQLiteStore`` (and through it ``PostgresStore``) inherits it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kamervragen.model import ApiActor, ApiDocument, ApiZaak, Asker, Disagreement


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PendingFile:
    """A document whose file must be fetched for its current version."""

    document_id: str
    kind: str | None
    publication: str | None
    document_number: str | None
    content_type: str | None
    zaak: str | None
    file_key: str


@dataclass
class ApplyResult:
    zaken: int = 0
    documents: int = 0
    actors: int = 0
    removed: int = 0  # rows newly marked removed at the source


class SQLiteSyncMixin:
    """Sync tables for the SQLite store (migrations 030–039)."""

    # Uses ``self.transaction()`` and ``self.mark_removed(...)`` of the Store it is mixed into (not
    # declared here, so the Store's abstract methods stay enforced).
    transaction: Any
    mark_removed: Any

    # -- state ---------------------------------------------------------------------------------
    def sync_get(self, key: str) -> str | None:
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def sync_set(self, key: str, value: str | None, conn: sqlite3.Connection | None = None) -> None:
        if conn is None:
            with self.transaction() as c:
                self.sync_set(key, value, c)
            return
        if value is None:
            conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                         " value = excluded.value", (key, value))

    def sync_run_start(self, mode: str, args: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cur = conn.execute("INSERT INTO sync_run (started_at, mode, args_json) VALUES (?,?,?)",
                               (_now(), mode, json.dumps(args, sort_keys=True)))
            return int(cur.lastrowid or 0)

    def sync_run_finish(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sync_run SET finished_at = ?, stats_json = ? WHERE id = ?",
                         (_now(), json.dumps(stats, sort_keys=True), run_id))

    # -- metadata ------------------------------------------------------------------------------
    def apply_zaken(self, zaken: list[ApiZaak], state: dict[str, str | None] | None = None) -> ApplyResult:
        """Upsert one page of zaken with their documents and actors; tombstones of known zaken mark
        them (and their documents) removed at the source. ``state`` (sync_state keys → values) is
        written in the same transaction."""
        result = ApplyResult()
        now = _now()
        with self.transaction() as conn:
            for z in zaken:
                if z.removed:
                    row = conn.execute("SELECT nummer, removed_at FROM api_zaak WHERE id = ?", (z.id,)).fetchone()
                    if row is None:
                        continue  # a tombstone of a row we never had (another soort, or never synced)
                    if row[1] is None:
                        conn.execute("UPDATE api_zaak SET removed_at = ?, api_gewijzigd_op = ? WHERE id = ?",
                                     (now, z.changed, z.id))
                        docs = [r[0] for r in conn.execute(
                            "SELECT document_id FROM api_zaak_document WHERE zaak_id = ?", (z.id,))]
                        for did in docs:
                            self._remove_document(conn, did, now, z.changed)
                        conn.execute("UPDATE api_actor SET removed_at = COALESCE(removed_at, ?) WHERE zaak_id = ?",
                                     (now, z.id))
                        if row[0]:
                            self.mark_removed(zaak=row[0], removed_at=now)
                        result.removed += 1
                    continue
                result.zaken += 1
                conn.execute(
                    "INSERT INTO api_zaak (id, nummer, soort, onderwerp, gestart_op, afgedaan, api_gewijzigd_op,"
                    " removed_at, row_json, synced_at) VALUES (?,?,?,?,?,?,?,NULL,?,?) ON CONFLICT (id) DO UPDATE SET"
                    " nummer = excluded.nummer, soort = excluded.soort, onderwerp = excluded.onderwerp,"
                    " gestart_op = excluded.gestart_op, afgedaan = excluded.afgedaan,"
                    " api_gewijzigd_op = excluded.api_gewijzigd_op, removed_at = NULL, row_json = excluded.row_json,"
                    " synced_at = excluded.synced_at",
                    (z.id, z.number, z.soort, z.subject, z.started, None if z.closed is None else int(z.closed),
                     z.changed, json.dumps(z.row, ensure_ascii=False), now))
                seen_actors = set()
                for a in z.actors:
                    seen_actors.add(a.id)
                    result.actors += 1
                    self._upsert_actor(conn, z.id, a, now)
                known = [r[0] for r in conn.execute(
                    "SELECT id FROM api_actor WHERE zaak_id = ? AND removed_at IS NULL", (z.id,))]
                for aid in known:  # the expanded list is the zaak's whole current set
                    if aid not in seen_actors:
                        conn.execute("UPDATE api_actor SET removed_at = ? WHERE id = ?", (now, aid))
                        result.removed += 1
                for d in z.documents:
                    result.documents += 1
                    conn.execute("INSERT OR IGNORE INTO api_zaak_document (zaak_id, document_id) VALUES (?,?)",
                                 (z.id, d.id))
                    if d.removed:
                        result.removed += self._remove_document(conn, d.id, now, d.changed)
                    else:
                        self._upsert_document(conn, d)
            for key, value in (state or {}).items():
                self.sync_set(key, value, conn)
        return result

    def apply_document_tombstones(self, rows: list[tuple[str, str | None]],
                                  state: dict[str, str | None] | None = None) -> int:
        """(Id, ApiGewijzigdOp) of deleted Document rows: the known ones are marked removed."""
        removed = 0
        now = _now()
        with self.transaction() as conn:
            for did, changed in rows:
                removed += self._remove_document(conn, did, now, changed)
            for key, value in (state or {}).items():
                self.sync_set(key, value, conn)
        return removed

    def _upsert_actor(self, conn: sqlite3.Connection, zaak_id: str, a: ApiActor, now: str) -> None:
        if a.removed:
            conn.execute("UPDATE api_actor SET removed_at = COALESCE(removed_at, ?), api_gewijzigd_op = ?"
                         " WHERE id = ?", (now, a.changed, a.id))
            return
        conn.execute(
            "INSERT INTO api_actor (id, zaak_id, relatie, naam, fractie, functie, persoon_id, fractie_id,"
            " api_gewijzigd_op, removed_at, row_json, seq) VALUES (?,?,?,?,?,?,?,?,?,NULL,?,"
            " (SELECT COALESCE(MAX(seq), 0) + 1 FROM api_actor WHERE zaak_id = ?)) ON CONFLICT (id) DO UPDATE SET"
            " zaak_id = excluded.zaak_id, relatie = excluded.relatie, naam = excluded.naam,"
            " fractie = excluded.fractie, functie = excluded.functie, persoon_id = excluded.persoon_id,"
            " fractie_id = excluded.fractie_id, api_gewijzigd_op = excluded.api_gewijzigd_op, removed_at = NULL,"
            " row_json = excluded.row_json",
            (a.id, zaak_id, a.relation, a.name, a.party, a.function, a.person_id, a.party_id, a.changed,
             json.dumps(a.row, ensure_ascii=False), zaak_id))

    def _upsert_document(self, conn: sqlite3.Connection, d: ApiDocument) -> None:
        file_key = f"{d.version_id}|{d.publication or ''}"
        old = conn.execute("SELECT file_versie_id, file_state FROM api_document WHERE id = ?", (d.id,)).fetchone()
        state = old[1] if old and old[0] == file_key else "pending"
        conn.execute(
            "INSERT INTO api_document (id, soort, kind, supplementary, nummer, onderwerp, datum, datum_ontvangst,"
            " vergaderjaar, aanhangselnummer, content_type, publication, versie_id, versienummer, api_gewijzigd_op,"
            " removed_at, row_json, file_state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?)"
            " ON CONFLICT (id) DO UPDATE SET soort = excluded.soort, kind = excluded.kind,"
            " supplementary = excluded.supplementary, nummer = excluded.nummer, onderwerp = excluded.onderwerp,"
            " datum = excluded.datum, datum_ontvangst = excluded.datum_ontvangst,"
            " vergaderjaar = excluded.vergaderjaar, aanhangselnummer = excluded.aanhangselnummer,"
            " content_type = excluded.content_type, publication = excluded.publication,"
            " versie_id = excluded.versie_id, versienummer = excluded.versienummer,"
            " api_gewijzigd_op = excluded.api_gewijzigd_op, removed_at = NULL, row_json = excluded.row_json,"
            " file_state = excluded.file_state",
            (d.id, d.soort, d.kind, int(d.supplementary), d.document_number, d.subject, d.date, d.received,
             d.session, d.appendix_number, d.content_type, d.publication, d.version_id, d.version, d.changed,
             json.dumps(d.row, ensure_ascii=False), state))

    def _remove_document(self, conn: sqlite3.Connection, did: str, now: str, changed: str | None) -> int:
        row = conn.execute("SELECT nummer, publication, file_url, removed_at FROM api_document WHERE id = ?",
                           (did,)).fetchone()
        if row is None or row[3] is not None:
            return 0
        conn.execute("UPDATE api_document SET removed_at = ?, api_gewijzigd_op = COALESCE(?, api_gewijzigd_op)"
                     " WHERE id = ?", (now, changed, did))
        self.mark_removed(document_number=row[0], publication=row[1], source_url=row[2], removed_at=now)
        return 1

    # -- files ---------------------------------------------------------------------------------
    def pending_files(self, limit: int = 1000, after: str = "", include_removed: bool = False) -> list[PendingFile]:
        """Live documents of the procedure whose file is not fetched for their current version, by Id
        (``include_removed``: removed ones too, for a rebuild that keeps their raw copies)."""
        live = "" if include_removed else " AND d.removed_at IS NULL"
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT d.id, d.kind, d.publication, d.nummer, d.content_type, d.versie_id,"
                " (SELECT z.nummer FROM api_zaak_document l JOIN api_zaak z ON z.id = l.zaak_id"
                "   WHERE l.document_id = d.id ORDER BY z.nummer LIMIT 1)"
                " FROM api_document d WHERE d.file_state = 'pending'" + live +
                " AND d.kind IS NOT NULL AND d.id > ? ORDER BY d.id LIMIT ?", (after, limit)).fetchall()
        return [PendingFile(r[0], r[1], r[2], r[3], r[4], r[6], f"{r[5]}|{r[2] or ''}") for r in rows]

    def reapply_removals(self) -> int:
        """Mark in the store every document and zaak removed at the source (after a rebuild loaded their
        raw copies again). Returns the number of store documents affected."""
        with self.transaction() as conn:
            docs = conn.execute("SELECT nummer, publication, file_url, removed_at FROM api_document"
                                " WHERE removed_at IS NOT NULL").fetchall()
            zaken = conn.execute("SELECT nummer, removed_at FROM api_zaak WHERE removed_at IS NOT NULL"
                                 " AND nummer IS NOT NULL").fetchall()
            n = sum(self.mark_removed(document_number=d[0], publication=d[1], source_url=d[2], removed_at=d[3])
                    for d in docs)
            n += sum(self.mark_removed(zaak=z[0], removed_at=z[1]) for z in zaken)
        return n

    def count_pending_files(self) -> int:
        with self.transaction() as conn:
            return conn.execute("SELECT COUNT(*) FROM api_document WHERE file_state = 'pending'"
                                " AND removed_at IS NULL AND kind IS NOT NULL").fetchone()[0]

    def file_done(self, f: PendingFile, state: str, url: str | None, path: str | None, sha256: str | None,
                  fetched_at: str | None, disagreements: list[Disagreement] | None = None) -> None:
        """Record a fetched (and loaded) file for the version it was fetched for, with the API/text
        disagreements found for it; a version that changed meanwhile stays pending."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE api_document SET file_state = ?, file_versie_id = ?, file_url = ?, file_path = ?,"
                " file_sha256 = ?, file_fetched_at = ? WHERE id = ? AND versie_id || '|' || COALESCE(publication, '') = ?",
                (state, f.file_key, url, path, sha256, fetched_at, f.document_id, f.file_key))
            if disagreements is not None:
                conn.execute("DELETE FROM api_disagreement WHERE document_id = ?", (f.document_id,))
                for d in disagreements:
                    conn.execute("INSERT OR REPLACE INTO api_disagreement (document_id, field, api_value, text_value)"
                                 " VALUES (?,?,?,?)", (f.document_id, d.field, d.api, d.text))
                if disagreements and url:
                    self._flag_case(conn, url, disagreements)

    def _flag_case(self, conn: sqlite3.Connection, url: str, disagreements: list[Disagreement]) -> None:
        """Flag the stored case of the document loaded from ``url`` (``source-mismatch``: API and text)."""
        row = conn.execute("SELECT d.id, d.case_id FROM source s JOIN raw r ON r.id = s.raw_id"
                           " JOIN document d ON d.id = r.document_id WHERE s.url = ? LIMIT 1", (url,)).fetchone()
        if row is None:
            return
        for d in disagreements:
            conn.execute("INSERT OR IGNORE INTO case_flag (case_id, flag, detail, document_id) VALUES (?,?,?,?)",
                         (row[1], "source-mismatch", f"{d.field}: API {d.api or '-'}, text {d.text or '-'}", row[0]))

    def api_zaak_of(self, document_id: str) -> tuple[ApiZaak, ApiDocument] | None:
        """The stored API view of a document and its (first) zaak, for comparing with the parsed text."""
        with self.transaction() as conn:
            d = conn.execute("SELECT id, soort, kind, supplementary, nummer, onderwerp, datum, datum_ontvangst,"
                             " vergaderjaar, aanhangselnummer, content_type, publication, versie_id, versienummer,"
                             " removed_at FROM api_document WHERE id = ?", (document_id,)).fetchone()
            if d is None:
                return None
            z = conn.execute("SELECT z.id, z.nummer, z.soort, z.onderwerp, z.gestart_op FROM api_zaak_document l"
                             " JOIN api_zaak z ON z.id = l.zaak_id WHERE l.document_id = ? ORDER BY z.nummer LIMIT 1",
                             (document_id,)).fetchone()
            actors = conn.execute("SELECT relatie, naam, fractie, functie FROM api_actor WHERE zaak_id = ?"
                                  " AND removed_at IS NULL ORDER BY relatie != 'Indiener', seq, id",
                                  (z[0] if z else "",)).fetchall()
        doc = ApiDocument(id=d[0], soort=d[1], kind=d[2], supplementary=bool(d[3]), document_number=d[4],
                          subject=d[5], date=d[6], received=d[7], session=d[8], appendix_number=d[9],
                          content_type=d[10], publication=d[11], version_id=d[12], version=d[13],
                          removed=d[14] is not None)
        zaak = ApiZaak(id=z[0] if z else "", number=z[1] if z else None, soort=z[2] if z else None,
                       subject=z[3] if z else None, started=z[4] if z else None, documents=[doc])
        zaak.askers = [Asker(a[1], a[2]) for a in actors if a[0] in ("Indiener", "Medeindiener") and a[1]]
        zaak.addressees = [a[3] or a[1] for a in actors if a[0] == "Gericht aan" and (a[3] or a[1])]
        return zaak, doc

    def api_zaak_by_number(self, nummer: str) -> ApiZaak | None:
        """The API's view of a zaak by its number (askers, addressees, dates, documents), as last synced."""
        with self.transaction() as conn:
            z = conn.execute("SELECT id, nummer, soort, onderwerp, gestart_op, afgedaan, api_gewijzigd_op, removed_at"
                             " FROM api_zaak WHERE nummer = ? ORDER BY removed_at IS NOT NULL LIMIT 1",
                             (nummer,)).fetchone()
            if z is None:
                return None
            actors = conn.execute("SELECT id, relatie, naam, fractie, functie, persoon_id, fractie_id, api_gewijzigd_op,"
                                  " removed_at FROM api_actor WHERE zaak_id = ? ORDER BY relatie != 'Indiener', seq, id",
                                  (z[0],)).fetchall()
            docs = [r[0] for r in conn.execute("SELECT document_id FROM api_zaak_document WHERE zaak_id = ?"
                                               " ORDER BY document_id", (z[0],))]
        zaak = ApiZaak(id=z[0], number=z[1], soort=z[2], subject=z[3], started=z[4],
                       closed=None if z[5] is None else bool(z[5]), changed=z[6], removed=z[7] is not None)
        zaak.actors = [ApiActor(id=a[0], relation=a[1], name=a[2], party=a[3], function=a[4], person_id=a[5],
                                party_id=a[6], changed=a[7], removed=a[8] is not None) for a in actors]
        live = [a for a in zaak.actors if not a.removed]
        zaak.askers = [Asker(a.name, a.party) for a in live if a.relation in ("Indiener", "Medeindiener") and a.name]
        zaak.addressees = [a.function or a.name or "" for a in live if a.relation == "Gericht aan"]
        for did in docs:
            found = self.api_zaak_of(did)
            if found:
                zaak.documents.append(found[1])
        return zaak

    # -- ob search -----------------------------------------------------------------------------
    def ob_add(self, records: list[tuple[str, str | None]], state: dict[str, str | None] | None = None) -> None:
        with self.transaction() as conn:
            for ident, day in records:
                conn.execute("INSERT INTO ob_publication (identifier, date) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             (ident, day))
            for key, value in (state or {}).items():
                self.sync_set(key, value, conn)

    def ob_pending(self, limit: int = 1000) -> list[str]:
        with self.transaction() as conn:
            return [r[0] for r in conn.execute("SELECT identifier FROM ob_publication WHERE file_state = 'pending'"
                                               " ORDER BY identifier LIMIT ?", (limit,))]

    def ob_done(self, identifier: str, state: str, url: str | None, path: str | None, sha256: str | None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE ob_publication SET file_state = ?, file_url = ?, file_path = ?, file_sha256 = ?"
                         " WHERE identifier = ?", (state, url, path, sha256, identifier))

    # -- reading -------------------------------------------------------------------------------
    def sync_snapshot(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Everything synced, in the shape of the fake server's ``expected()`` (tests, reports)."""
        with self.transaction() as conn:
            zaken = {r[0]: {"nummer": r[1], "onderwerp": r[2], "removed": r[3] is not None}
                     for r in conn.execute("SELECT id, nummer, onderwerp, removed_at FROM api_zaak")}
            docs = {r[0]: {"zaak": r[1], "nummer": r[2], "removed": r[3] is not None, "identifier": r[4],
                           "file_state": r[5], "file_sha256": r[6], "file_url": r[7]}
                    for r in conn.execute(
                        "SELECT d.id, (SELECT MIN(zaak_id) FROM api_zaak_document WHERE document_id = d.id),"
                        " d.nummer, d.removed_at, d.publication, d.file_state, d.file_sha256, d.file_url"
                        " FROM api_document d")}
            actors = {r[0]: {"zaak": r[1], "naam": r[2], "relatie": r[3], "fractie": r[4], "removed": r[5] is not None}
                      for r in conn.execute("SELECT id, zaak_id, naam, relatie, fractie, removed_at FROM api_actor")}
        return {"zaken": zaken, "documents": docs, "actors": actors}

    def disagreements_list(self) -> list[tuple[str, str | None, str, str | None, str | None]]:
        """(document Id, document number, field, API value, text value) for every disagreement."""
        with self.transaction() as conn:
            return conn.execute("SELECT a.document_id, d.nummer, a.field, a.api_value, a.text_value"
                                " FROM api_disagreement a LEFT JOIN api_document d ON d.id = a.document_id"
                                " ORDER BY d.nummer, a.field").fetchall()

    def sync_counts(self) -> dict[str, int]:
        with self.transaction() as conn:
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "zaken": one("SELECT COUNT(*) FROM api_zaak WHERE removed_at IS NULL"),
                "zaken_removed": one("SELECT COUNT(*) FROM api_zaak WHERE removed_at IS NOT NULL"),
                "documents": one("SELECT COUNT(*) FROM api_document WHERE removed_at IS NULL"),
                "documents_removed": one("SELECT COUNT(*) FROM api_document WHERE removed_at IS NOT NULL"),
                "actors": one("SELECT COUNT(*) FROM api_actor WHERE removed_at IS NULL"),
                "files_done": one("SELECT COUNT(*) FROM api_document WHERE file_state = 'done'"),
                "files_pending": one("SELECT COUNT(*) FROM api_document WHERE file_state = 'pending'"
                                     " AND removed_at IS NULL AND kind IS NOT NULL"),
                "files_missing": one("SELECT COUNT(*) FROM api_document WHERE file_state = 'missing'"),
                "disagreements": one("SELECT COUNT(DISTINCT document_id) FROM api_disagreement"),
            }
