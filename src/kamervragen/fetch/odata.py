"""A thin OData v4 client for the Tweede Kamer gegevensmagazijn.

Only the envelope is read here (``value`` must be a list, ``@odata.nextLink`` is followed); the rows
are handed on unchanged with the raw page bytes, which the caller writes to the cache before mapping
them (``kamervragen.parse.odata``).

Paging is server-driven: the service pages at 250 rows and its next link carries
``$skiptoken=Id-<last Id>`` (keyset paging), which is stable while the data changes. Sending
``$top`` switches paging off (the service then returns one page and no next link), so ``top`` is only
for bounded look-ups.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kamervragen.fetch.http import FetchError, HttpClient, Response

DEFAULT_BASE = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"


@dataclass
class Page:
    url: str
    response: Response
    rows: list[dict[str, Any]]
    next_url: str | None


def _valid_page(resp: Response) -> bool:
    try:
        body = json.loads(resp.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("value"), list)


def odata_literal(value: str) -> str:
    """A string literal for ``$filter`` (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


class ODataClient:
    def __init__(self, http: HttpClient, base_url: str = DEFAULT_BASE) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    def query_url(self, entity: str, filter: str | None = None, expand: str | None = None,
                  orderby: str | None = None, top: int | None = None, select: str | None = None) -> str:
        params: dict[str, str] = {}
        if filter:
            params["$filter"] = filter
        if expand:
            params["$expand"] = expand
        if orderby:
            params["$orderby"] = orderby
        if select:
            params["$select"] = select
        if top is not None:
            params["$top"] = str(top)
        query = urlencode(params, safe="$,()/'=:")
        return f"{self.base_url}/{entity}" + (f"?{query}" if query else "")

    def resource_url(self, document_id: str) -> str:
        return f"{self.base_url}/Document({document_id})/resource"

    def page(self, url: str) -> Page:
        resp = self.http.get(url, validate=_valid_page, accept="application/json")
        if resp.status == 404:
            raise FetchError(f"{url} answered HTTP 404")
        body = json.loads(resp.content)
        return Page(url=url, response=resp, rows=body["value"], next_url=body.get("@odata.nextLink"))

    def pages(self, url: str, max_repeats: int = 3) -> Iterator[Page]:
        """Follow ``@odata.nextLink`` from ``url``. A next link met more than ``max_repeats`` times is a
        loop at the source and raises ``FetchError`` (a page served twice is harmless: loading is
        idempotent)."""
        seen: dict[str, int] = {}
        next_url: str | None = url
        while next_url:
            seen[next_url] = seen.get(next_url, 0) + 1
            if seen[next_url] > max_repeats:
                raise FetchError(f"paging loops at {next_url}")
            page = self.page(next_url)
            yield page
            next_url = page.next_url
