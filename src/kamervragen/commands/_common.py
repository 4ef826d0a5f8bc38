"""Options shared by every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

import typer

from kamervragen.config import ENV_DB, default_db, is_postgres_url
from kamervragen.errors import UserError


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
