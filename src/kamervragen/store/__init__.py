"""The store stage: the only place with SQL. ``open_store(db)`` picks the backend by its location."""

from __future__ import annotations

from kamervragen.store.base import Store

__all__ = ["Store", "database_errors", "open_store"]


def open_store(db: str, *, migrate: bool = True) -> Store:
    """Open (creating and migrating when needed) the database at ``db``: a SQLite file path, or a
    ``postgresql://`` URL."""
    from kamervragen.config import is_postgres_url

    if is_postgres_url(db):
        from kamervragen.store.postgres import PostgresStore

        store: Store = PostgresStore(db)
    else:
        from kamervragen.store.sqlite import SQLiteStore

        store = SQLiteStore(db)
    if migrate:
        store.migrate()
    return store


def database_errors() -> tuple[type[Exception], ...]:
    """What either backend raises when the database refuses an operation (a full disk, a read-only file,
    a lost server): the commands turn these into one sentence."""
    import sqlite3

    import psycopg

    return (sqlite3.DatabaseError, psycopg.Error)
