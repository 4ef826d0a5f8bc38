"""Options shared by every command."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from kamervragen.config import ENV_DB, default_db
from kamervragen.errors import UserError

DbOption = Annotated[
    str,
    typer.Option("--db", envvar=ENV_DB, default_factory=default_db, show_default=False,
                 help="SQLite path or postgresql:// URL (default: $KAMERVRAGEN_DB, then ~/.local/share/kamervragen/kamervragen.sqlite3)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="The date to count from, YYYY-MM-DD (default: today).")
]


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
