"""Where things live: the database URL and the cache folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "KAMERVRAGEN_DB"


def data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kamervragen"


def default_db() -> str:
    """The database: ``--db`` wins, then ``$KAMERVRAGEN_DB``, then a file in the user's data folder."""
    return os.environ.get(ENV_DB) or str(data_home() / "kamervragen.sqlite3")


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))
