"""The SQLite side of alerts: saved searches, follows and the entries already seen (migrations 020–029).

``SQLiteStore`` inherits ``SQLiteAlertsMixin``; the mixin only needs the store's ``transaction()``. What
the feeds contain is computed in ``kamervragen.procedure.alerts``; only the subscriptions live here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from kamervragen.model import Follow, SavedSearch

FOLLOW_KINDS = ("case", "member", "ministry", "party")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class SQLiteAlertsMixin:
    """Saved searches, follows and alert state, for a store with ``transaction()`` (sqlite3)."""

    # -- saved searches ---------------------------------------------------------------------------
    def save_search(self, name: str, query: str) -> SavedSearch:
        """Save (or replace the query of) a search under ``name``."""
        with self.transaction() as conn:  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO alert_saved_search (name, query, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query", (name, query, _now()))
            row = conn.execute("SELECT id, name, query, created_at FROM alert_saved_search WHERE name = ?",
                               (name,)).fetchone()
        return SavedSearch(*row)

    def delete_saved_search(self, name: str) -> bool:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            cur = conn.execute("DELETE FROM alert_saved_search WHERE name = ?", (name,))
            conn.execute("DELETE FROM alert_seen WHERE feed = ?", (f"search:{name}",))
            return cur.rowcount > 0

    def list_saved_searches(self) -> list[SavedSearch]:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            rows = conn.execute("SELECT id, name, query, created_at FROM alert_saved_search ORDER BY name").fetchall()
        return [SavedSearch(*r) for r in rows]

    def get_saved_search(self, name: str) -> SavedSearch | None:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            row = conn.execute("SELECT id, name, query, created_at FROM alert_saved_search WHERE name = ?",
                               (name,)).fetchone()
        return SavedSearch(*row) if row else None

    # -- follows ----------------------------------------------------------------------------------
    def add_follow(self, kind: str, value: str) -> Follow:
        """Follow a case, member, ministry or party (idempotent)."""
        if kind not in FOLLOW_KINDS:
            raise ValueError(f"unknown follow kind {kind!r}")
        with self.transaction() as conn:  # type: ignore[attr-defined]
            conn.execute("INSERT INTO alert_follow (kind, value, created_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (kind, value) DO NOTHING", (kind, value, _now()))
            row = conn.execute("SELECT id, kind, value, created_at FROM alert_follow WHERE kind = ? AND value = ?",
                               (kind, value)).fetchone()
        return Follow(*row)

    def remove_follow(self, kind: str, value: str) -> bool:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            cur = conn.execute("DELETE FROM alert_follow WHERE kind = ? AND value = ?", (kind, value))
            conn.execute("DELETE FROM alert_seen WHERE feed = ?", (f"{kind}:{value}",))
            return cur.rowcount > 0

    def list_follows(self) -> list[Follow]:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            rows = conn.execute("SELECT id, kind, value, created_at FROM alert_follow ORDER BY kind, value").fetchall()
        return [Follow(*r) for r in rows]

    # -- alert state ------------------------------------------------------------------------------
    def seen_entries(self, feed: str) -> dict[str, str]:
        """Entry id → when it was first reported, for one feed."""
        with self.transaction() as conn:  # type: ignore[attr-defined]
            rows = conn.execute("SELECT entry_id, first_seen FROM alert_seen WHERE feed = ?", (feed,)).fetchall()
        return dict(rows)

    def mark_seen(self, feed: str, entry_ids: Iterable[str], seen_at: str | None = None) -> list[str]:
        """Record entries as reported; returns those that were new."""
        ids = list(dict.fromkeys(entry_ids))
        when = seen_at or _now()
        new: list[str] = []
        with self.transaction() as conn:  # type: ignore[attr-defined]
            for entry_id in ids:
                cur = conn.execute("INSERT INTO alert_seen (feed, entry_id, first_seen) VALUES (?, ?, ?) "
                                   "ON CONFLICT (feed, entry_id) DO NOTHING", (feed, entry_id, when))
                if cur.rowcount:
                    new.append(entry_id)
        return new
