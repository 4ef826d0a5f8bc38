"""Options shared by every command."""

from __future__ import annotations

from typing import Annotated

import typer

from kamervragen.config import ENV_DB, default_db

DbOption = Annotated[
    str,
    typer.Option("--db", envvar=ENV_DB, default_factory=default_db, show_default=False,
                 help="SQLite path or postgresql:// URL (default: $KAMERVRAGEN_DB, then ~/.local/share/kamervragen/kamervragen.sqlite3)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="The date to count from, YYYY-MM-DD (default: today).")
]
