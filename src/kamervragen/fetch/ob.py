"""officielebekendmakingen: a publication's XML by identifier, and SRU search.

Only the SRU envelope is read here (record identifiers and the next record position); the XML of a
publication is handed on unchanged. Both SRU 1.2 (``http://www.loc.gov/zing/srw/``, the shape of the
real capture) and SRU 2.0 (``repository.overheid.nl/sru``) envelopes are read by local name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from kamervragen.fetch.http import FetchError, HttpClient, Response

DEFAULT_BASE = "https://zoek.officielebekendmakingen.nl"
DEFAULT_SRU = "https://repository.overheid.nl/sru"
PUBLICATIONS = ("Kamervragen zonder antwoord", "Kamervragen (Aanhangsel)")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s>/]")
_EMPTY_ROOT = re.compile(rb"<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?/>")


def _looks_complete(resp: Response) -> bool:
    """A body cut off without a Content-Length to tell (a closed connection) does not end with the end
    tag of its root element. A look at the first and last tag, not a parse (a full parse would refuse
    publications that use entities their DTD declares, which the safe parser does not load)."""
    body = resp.content.removeprefix(b"\xef\xbb\xbf").rstrip()
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", body[:4096], flags=re.S).lstrip()
    m = _ROOT.match(head)
    if not m:
        return False
    if body.endswith(b"</" + m.group(1) + b">"):
        return True
    # an empty root (``<root .../>``) is the only other complete shape: a body cut just after some
    # inner self-closing tag also ends in "/>", so that alone says nothing
    return _EMPTY_ROOT.fullmatch(head) is not None


def kamervragen_query(since: str | None = None, until: str | None = None) -> str:
    """CQL for the written-questions publications, optionally bounded by publication date."""
    names = " or ".join(f'w.publicatienaam=="{n}"' for n in PUBLICATIONS)
    query = f"c.product-area==officielepublicaties and ({names})"
    if since:
        query += f" and dt.date>={since}"
    if until:
        query += f" and dt.date<={until}"
    return query


@dataclass
class SruPage:
    url: str
    response: Response
    records: list[tuple[str, str | None]]  # (identifier, date)
    next_position: int | None
    total: int | None


class ObClient:
    def __init__(self, http: HttpClient, base_url: str = DEFAULT_BASE, sru_url: str = DEFAULT_SRU) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.sru_url = sru_url

    def xml_url(self, identifier: str) -> str:
        return f"{self.base_url}/{identifier}.xml"

    def fetch_xml(self, identifier: str) -> Response | None:
        """The publication XML, or None when officielebekendmakingen does not have it (404)."""
        resp = self.http.get(self.xml_url(identifier), validate=_looks_complete, accept="application/xml")
        return None if resp.status == 404 else resp

    def search_page(self, query: str, start: int = 1, maximum: int = 100) -> SruPage:
        params = {"operation": "searchRetrieve", "version": "2.0", "query": query,
                  "startRecord": str(start), "maximumRecords": str(maximum), "recordSchema": "gzd"}
        resp = self.http.get(self.sru_url, params=params, validate=_looks_complete, accept="text/xml")
        if resp.status == 404:
            raise FetchError(f"{self.sru_url} answered HTTP 404")
        try:
            root = etree.fromstring(resp.content, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise FetchError(f"SRU answer is not XML: {exc}") from exc
        if etree.QName(root).localname == "diagnostics" or root.xpath("//*[local-name()='diagnostic']"):
            message = " ".join(root.xpath("//*[local-name()='message']/text()")) or "diagnostic"
            raise FetchError(f"SRU refused the query: {message}")
        records = []
        for rec in root.xpath("//*[local-name()='record']"):
            ident = rec.xpath(".//*[local-name()='identifier']/text()")
            day = rec.xpath(".//*[local-name()='issued' or local-name()='modified' or local-name()='date']/text()")
            if ident:
                records.append((ident[0].strip(), day[0].strip()[:10] if day else None))
        nxt = root.xpath("//*[local-name()='nextRecordPosition']/text()")
        total = root.xpath("//*[local-name()='numberOfRecords']/text()")
        return SruPage(resp.url, resp, records, int(nxt[0]) if nxt else None, int(total[0]) if total else None)

    def search(self, query: str, start: int = 1, maximum: int = 100) -> Iterator[SruPage]:
        position: int | None = start
        while position:
            page = self.search_page(query, position, maximum)
            yield page
            position = page.next_position if page.records else None
