"""One polite HTTP session for every source: timeouts, retries with backoff and jitter, a rate limit.

Retried: HTTP 429 and 5xx, timeouts, connection errors and bodies cut off before their announced
length (httpx raises ``RemoteProtocolError``), plus any response a caller's ``validate`` rejects (a
JSON page that does not decode is a cut-off body too). ``Retry-After`` is honoured up to
``max_backoff``. 404 is an answer, not a failure: it is returned to the caller.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from kamervragen import __version__ as _version

USER_AGENT = f"kamervragen/{_version} (sync of schriftelijke Kamervragen; rate-limited; httpx/{httpx.__version__})"


class FetchError(Exception):
    """A request that still failed after every retry; the message names the URL and the last cause."""


@dataclass
class HttpSettings:
    timeout: float = 30.0
    retries: int = 6
    backoff: float = 0.5  # first wait; doubles each attempt, with full jitter
    max_backoff: float = 30.0
    rate: float = 4.0  # requests per second at most; 0 means unlimited
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str
    status: int
    content: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class _Retry(Exception):
    def __init__(self, cause: str, wait: float | None = None) -> None:
        super().__init__(cause)
        self.wait = wait


class HttpClient:
    """A single ``httpx.Client`` shared by every fetcher; counts requests (attempts included)."""

    def __init__(self, settings: HttpSettings | None = None, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or HttpSettings()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=True,
            transport=transport,
        )
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.requests = 0  # every attempt sent
        self.retries = 0  # attempts that were retried

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self) -> None:
        if self.settings.rate <= 0:
            return
        interval = 1.0 / self.settings.rate
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + interval
        if slot > now:
            self._sleep(slot - now)

    def get(self, url: str, params: dict[str, str] | None = None,
            validate: Callable[[Response], bool] | None = None, accept: str | None = None) -> Response:
        """GET with retries. Returns 2xx and 404 responses; raises ``FetchError`` once retries run out."""
        headers = {"Accept": accept} if accept else None
        last = "no attempt"
        for attempt in range(self.settings.retries + 1):
            with self._lock:
                self.retries += 1 if attempt else 0
                self.requests += 1
            self._wait_turn()
            try:
                return self._attempt(url, params, headers, validate)
            except _Retry as exc:
                last = str(exc)
                if attempt == self.settings.retries:
                    break
                cap = min(self.settings.max_backoff, self.settings.backoff * 2 ** attempt)
                wait = exc.wait if exc.wait is not None else random.uniform(0, cap)
                self._sleep(min(wait, self.settings.max_backoff))
        raise FetchError(f"{url} failed after {self.settings.retries + 1} attempts: {last}")

    def _attempt(self, url: str, params: dict[str, str] | None, headers: dict[str, str] | None,
                 validate: Callable[[Response], bool] | None) -> Response:
        try:
            r = self._client.get(url, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timeout ({type(exc).__name__})") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retry(f"cut-off body or dropped connection ({exc})") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"connection failed ({exc})") from exc
        if r.status_code == 429 or r.status_code >= 500:
            raise _Retry(f"HTTP {r.status_code}", _retry_after(r.headers.get("Retry-After")))
        if r.status_code != 404 and not 200 <= r.status_code < 300:
            raise FetchError(f"{url} answered HTTP {r.status_code}")
        length = r.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) != len(r.content) \
                and "gzip" not in r.headers.get("Content-Encoding", ""):
            raise _Retry(f"cut-off body ({len(r.content)} of {length} bytes)")
        resp = Response(url=str(r.url), status=r.status_code, content=r.content,
                        content_type=r.headers.get("Content-Type", ""), headers=dict(r.headers))
        if resp.status == 200 and validate is not None and not validate(resp):
            raise _Retry("incomplete or malformed body")
        return resp


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
