"""Options shared by every command."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kamervragen.config import ENV_DB, default_db, is_postgres_url
from kamervragen.errors import UserError

if TYPE_CHECKING:
    from kamervragen.store import Store


def check_db(value: str) -> str:
    """``--db`` is a SQLite path or a postgresql:// URL; anything else (an empty value, a mysql:// or
    sqlite:// URL) is one sentence instead of a new SQLite file at a strange path."""
    if not value or not value.strip():
        raise UserError("--db is empty; give a SQLite path or a postgresql:// URL.")
    if "://" in value and not is_postgres_url(value):
        raise UserError(f"--db {value!r} is neither a SQLite path nor a postgresql:// URL.")
    return value


DbOption = Annotated[
    str,
    typer.Option("--db", envvar=ENV_DB, default_factory=default_db, show_default=False, callback=check_db,
                 help="SQLite path or postgresql:// URL (default: $KAMERVRAGEN_DB, then ~/.local/share/kamervragen/kamervragen.sqlite3)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="The date to count from, YYYY-MM-DD (default: today).")
]


def require_db(db: str) -> None:
    """A command that only reads refuses a SQLite path where no database exists: opening it would create
    an empty database (and its folder) and report nothing. PostgreSQL URLs are left to the server."""
    if is_postgres_url(db) or db == ":memory:" or Path(db).expanduser().exists():
        return
    raise UserError(f"No database at {db}: load documents first (kamervragen load --db {shlex.quote(db)} …).")


def open_db(db: str, *, create: bool = False) -> Store:
    """Open (and migrate) the database at ``db``. Only commands that write pass ``create=True``; for the
    others a SQLite file that does not exist is one sentence (``require_db``) and nothing is created."""
    from kamervragen.store import open_store

    if not create:
        require_db(db)
    return open_store(db)


@contextmanager
def writing(db: str) -> Iterator[None]:
    """A database that cannot be written (full disk, read-only file, I/O error) is one sentence, not a trace;
    every batch is one transaction, so what was written before stays whole."""
    from kamervragen.store import database_errors

    try:
        yield
    except database_errors() as exc:
        raise UserError(f"The database {db} refused a write ({exc}); what was stored before is kept, so "
                        "free some space or make it writable and run the same command again.") from exc


def parse_date_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value; a bad one is one sentence (``UserError``)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} must be a date as YYYY-MM-DD, not {value!r}.") from None


def today_option(value: str | None) -> date:
    """``--today``, default the real today."""
    return parse_date_option(value, "--today") or date.today()
