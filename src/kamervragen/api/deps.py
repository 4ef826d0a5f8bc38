"""What every request needs: the settings, a store for the current thread, "today", the write token.

The server runs request handlers on a thread pool (and in several worker processes), so each thread
gets its own store connection (``StorePool``). Reads that the search stage runs inside
``store.transaction()`` go through ``ReadView``: on SQLite a deferred (read) transaction on a read-only
connection, so searching never takes the database's write lock and never waits for a running load.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException, Request

from kamervragen.config import default_db, is_postgres_url
from kamervragen.store import open_store
from kamervragen.store.base import Store
from kamervragen.store.sqlite_reader import ChangeCounter, ReadView

ENV_TOKEN = "KAMERVRAGEN_TOKEN"
ENV_TODAY = "KAMERVRAGEN_TODAY"
ENV_MAX_BODY = "KAMERVRAGEN_MAX_BODY"
ENV_CACHE = "KAMERVRAGEN_RESPONSE_CACHE"
DEFAULT_MAX_BODY = 5 * 1024 * 1024
TTL_SECONDS = 10


class BadInput(ValueError):
    """A request parameter that cannot be used; the message is one Dutch sentence (answered with 400)."""


@dataclass
class Settings:
    db: str
    token: str | None = None
    today: str | None = None  # fixed "today" (YYYY-MM-DD) for tests and demonstrations
    max_body: int = DEFAULT_MAX_BODY
    response_cache: bool = True  # keep rendered GET responses until the database changes

    @classmethod
    def from_env(cls, db: str | None = None, token: str | None = None, today: str | None = None,
                 max_body: int | None = None) -> Settings:
        env_max = os.environ.get(ENV_MAX_BODY)
        return cls(db=db or default_db(), token=token or os.environ.get(ENV_TOKEN) or None,
                   today=today or os.environ.get(ENV_TODAY) or None,
                   max_body=max_body or (int(env_max) if env_max and env_max.isdigit() else DEFAULT_MAX_BODY),
                   response_cache=os.environ.get(ENV_CACHE, "1") not in ("0", "false", "no", "off"))


class StorePool:
    """One store (and read view) per thread, opened on first use; the database is migrated once."""

    def __init__(self, db: str):
        self.db = db
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        store = open_store(db)  # creates and migrates
        store.close()
        self._sqlite = not is_postgres_url(db) and db != ":memory:"
        self._version = ChangeCounter(db) if self._sqlite else None

    def store(self) -> Store:
        s = getattr(self._local, "store", None)
        if s is None:
            s = open_store(self.db, migrate=False)
            self._local.store = s
            with self._lock:
                self._all.append(s)
        return s

    def reader(self) -> ReadView:
        r = getattr(self._local, "reader", None)
        if r is None:
            r = ReadView(self.store(), self.db if self._sqlite else None)
            self._local.reader = r
            with self._lock:
                self._all.append(r)
        return r

    def generation(self) -> int | None:
        """A number that changes whenever anyone commits to the database (SQLite ``data_version``). Other
        backends have no such counter: there it changes every ``TTL_SECONDS``, so cached pages are at
        most that old."""
        if self._version is None:
            return -int(time.monotonic() // TTL_SECONDS) - 1
        return self._version.value()

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # noqa: BLE001 - closing at shutdown: nothing left to do
                    pass
            self._all.clear()
            if self._version is not None:
                self._version.close()
                self._version = None


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def pool_of(request: Request) -> StorePool:
    return request.app.state.pool


def parse_day(value: str | None, what: str = "datum") -> date | None:
    """``YYYY-MM-DD`` → date; None for empty; ``BadInput`` otherwise."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"De {what} “{text[:40]}” is geen datum als 2024-02-07.") from None


def today_of(request: Request) -> date:
    """``?today=YYYY-MM-DD`` wins, then the configured day (``--today`` / ``KAMERVRAGEN_TODAY``), then the clock."""
    day = parse_day(request.query_params.get("today"), "datum van vandaag")
    if day is not None:
        return day
    configured = settings_of(request).today
    if configured:
        return parse_day(configured, "datum van vandaag") or date.today()
    return date.today()


def token_matches(request: Request, given: str | None) -> bool:
    """Whether ``given`` is the configured write token (False when none is configured)."""
    token = settings_of(request).token
    return bool(token) and given is not None and hmac.compare_digest(given.strip().encode(), token.encode())


def require_token(request: Request) -> None:
    """Writing needs ``Authorization: Bearer <token>`` with the configured token; without a configured
    token the server is read-only."""
    token = settings_of(request).token
    if not token:
        raise HTTPException(403, "Deze server is alleen-lezen: start hem met --token (of KAMERVRAGEN_TOKEN) "
                                 "om te mogen schrijven.")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "Een geldig token is nodig: Authorization: Bearer <token>.",
                            headers={"WWW-Authenticate": "Bearer"})
