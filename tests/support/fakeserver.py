"""A local stand-in for the Tweede Kamer OData service, officielebekendmakingen and its SRU search.

Started on 127.0.0.1 at a random port (``FakeServer`` is a context manager; ``python -m
tests.support.fakeserver --zaken 2000`` runs one on its own and prints its URLs). It serves:

- ``/OData/v4/2.0/{Zaak,Document,ZaakActor,DocumentVersie}`` with ``$filter`` (incl. ``any``/``all``),
  nested ``$expand``, ``$select``, ``$top`` and server-driven paging: 250 rows per page, rows in SQL
  Server ``uniqueidentifier`` order, ``@odata.nextLink`` = the request's query string echoed plus
  ``$skiptoken=Id-<last Id>`` — the shapes of ``shared/docs/source-samples`` (envelope, tombstones with
  ``Verwijderd: true`` and nulled fields, placeholder rows with every field null, timestamps with local
  offsets / 7-digit UTC); ``/OData/v4/2.0/$metadata``;
- ``/OData/v4/2.0/Document(<id>)/resource``: the document file (PDF or DOCX, built from the text);
- ``/ob/<identifier>.xml``: officielebekendmakingen XML; ``/sru``: SRU searchRetrieve (1.2 shape, as the
  real capture).

The data: ``FakeData(zaken=N)`` generates N zaken of soort "Schriftelijke vragen" from the real
documents bundled in ``src/kamervragen/sample/docs`` (officielebekendmakingen texts) and their
hand-checked truth files: the askers, addressees, subject and dates of the API rows are the ones the
text shows; zaak and document numbers and GUIDs are generated. CONSTRUCTED, because no real sample
exists: the ``kv-tk`` / ``ah-tk`` XML (element names from the officielebekendmakingen documentation:
``kamervragen``, ``kamervraagomschrijving``, ``vraag``/``antwoord`` with ``nr`` and ``al``), ZaakActor rows
with Relatie "Gericht aan" (the value from ``tkapi`` 0.9.10's ``ZaakActorRelatieSoort``; ActorNaam and
Functie = the office, as no real row shows what they hold), the questions document of a zaak built from an
answer document (its opening sentence and questions), the PDF / DOCX files, and the SRU records of
kamervragen. Each constructed artefact says so in itself.

Faults (``Faults``): a share of requests answered 500 or 429, slowly, or with a body cut off before
its ``Content-Length``; OData pages served twice (the next link points back once) or with rows
reordered. Mutations (``FakeData.mutate``) change, add and delete entities with fresh timestamps for
incremental tests; ``FakeData.expected()`` is the state a correct sync must end with.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from tests.support.odata_filter import compile_filter, parse_expand, split_top

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "kamervragen" / "sample"
TRUTH = ROOT / "tests" / "fixtures" / "truth"
METADATA_XML = Path(__file__).resolve().parent / "odata-metadata.xml"
AMS = ZoneInfo("Europe/Amsterdam")
ODATA = "/OData/v4/2.0"
SV = "Schriftelijke vragen"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Field order as in $metadata and the real rows (odata-zaak-page-value.json, odata-document-top3,
# odata-zaak-motie-expand-zaakactor-document.json, odata-zaak-expand-document-documentversie-...).
ZAAK_FIELDS = ["Id", "Nummer", "Soort", "Titel", "Citeertitel", "Alias", "Status", "Onderwerp", "GestartOp",
               "Organisatie", "Grondslagvoorhang", "Termijn", "Vergaderjaar", "Volgnummer",
               "HuidigeBehandelstatus", "Afgedaan", "GrootProject", "GewijzigdOp", "ApiGewijzigdOp",
               "Verwijderd", "Kabinetsappreciatie"]
DOCUMENT_FIELDS = ["Id", "Soort", "DocumentNummer", "Titel", "Onderwerp", "Datum", "Vergaderjaar", "Kamer",
                   "Volgnummer", "Citeertitel", "Alias", "DatumRegistratie", "DatumOntvangst",
                   "Aanhangselnummer", "KenmerkAfzender", "Organisatie", "ContentType", "ContentLength",
                   "GewijzigdOp", "ApiGewijzigdOp", "Verwijderd", "HuidigeDocumentVersie_Id"]
VERSIE_FIELDS = ["Id", "Status", "Versienummer", "Bestandsgrootte", "Extensie", "Datum", "GewijzigdOp",
                 "ApiGewijzigdOp", "Verwijderd", "Document_Id", "ExterneIdentifier"]
ACTOR_FIELDS = ["Id", "Zaak_Id", "ActorNaam", "ActorFractie", "ActorAfkorting", "Functie", "Relatie",
                "SidActor", "Persoon_Id", "Fractie_Id", "Commissie_Id", "GewijzigdOp", "ApiGewijzigdOp",
                "Verwijderd"]
TIMESTAMPS = ("Id", "GewijzigdOp", "ApiGewijzigdOp", "Verwijderd")
PARTIES = ["VVD", "PvdA", "CDA", "SP", "D66", "PVV", "GroenLinks", "ChristenUnie", "SGP", "PvdD", "DENK", "JA21"]


def sql_guid_key(guid: str) -> bytes:
    """SQL Server ``uniqueidentifier`` order: the last group first, the first three groups byte-swapped."""
    b = uuid.UUID(guid).bytes_le
    return b[10:16] + b[8:10] + b[6:8] + b[4:6] + b[0:4]


def local_ts(dt: datetime, digits: int = 3) -> str:
    """GewijzigdOp style: local Dutch offset, a few fractional digits."""
    s = dt.astimezone(AMS).isoformat(timespec="microseconds")
    head, _, rest = s.partition(".")
    return f"{head}.{rest[:digits]}{rest[6:]}"


def api_ts(dt: datetime) -> str:
    """ApiGewijzigdOp style: UTC, 7 fractional digits, ``Z``."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def day_ts(d: date) -> str:
    return datetime(d.year, d.month, d.day, tzinfo=AMS).isoformat()


def vergaderjaar(d: date) -> tuple[str, str]:
    """("2024-2025", "20242025"): the session year starts on the third Tuesday of September; the
    first of September is close enough for generated data."""
    y = d.year if d.month >= 9 else d.year - 1
    return f"{y}-{y + 1}", f"{y}{y + 1}"


# ------------------------------------------------------------------------------------------------
# Templates: the real officielebekendmakingen texts with their truth files
# ------------------------------------------------------------------------------------------------


@dataclass
class Template:
    file: str
    url: str
    kind: str
    text: str
    truth: dict[str, Any]


def load_templates() -> dict[str, list[Template]]:
    urls = {}
    for line in (SAMPLE / "sources.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            urls[row["file"]] = row["url"]
    out: dict[str, list[Template]] = {"questions": [], "answers": [], "postponement": []}
    for path in sorted((SAMPLE / "docs").iterdir()):
        if not (path.name.startswith("ob-") or path.name == "2024Z01911.md"):
            continue
        truth_path = TRUTH / (path.stem + ".json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text())
        kind = truth.get("kind")
        if kind not in out or not truth.get("submitted") or not truth.get("askers"):
            continue
        out[kind].append(Template(path.name, urls.get(path.name, ""), kind, path.read_text(), truth))
    return out


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def questions_from_answer(text: str) -> str:
    """CONSTRUCTED: the questions document of a zaak made from its answer document (the opening
    sentence and the questions it repeats; the answer blocks left out)."""
    paras = _paragraphs(text)
    start = next((i for i, p in enumerate(paras) if p.startswith("Vragen van")), 0)
    out, in_answer = [], False
    for p in paras[start:]:
        if p.startswith("Antwoord van") or p.startswith("Mededeling"):
            continue
        if re.match(r"Antwoord\b", p):
            in_answer = True
            continue
        if re.match(r"Vra(ag|gen)\b", p):
            in_answer = False
        if not in_answer:
            out.append(p)
    return "\n\n".join(out)


# ------------------------------------------------------------------------------------------------
# Files: officielebekendmakingen XML, DOCX, PDF (all constructed from the real text)
# ------------------------------------------------------------------------------------------------


def make_ob_xml(identifier: str, text: str, meta: dict[str, str], provenance: str) -> bytes:
    """CONSTRUCTED officielebekendmakingen XML of a kv-tk / ah-tk document (no real one was available):
    the real ``<officiele-publicatie>`` / ``<metadata>`` frame of ob-kst-motie-example.xml around a
    ``<kamervragen>`` body whose element names follow the documentation."""
    metas = "".join(f'\n      <meta name="{escape(k)}" content="{escape(v, {chr(34): "&quot;"})}"/>'
                    for k, v in meta.items())
    body, current = [], None
    for p in _paragraphs(text):
        m = re.match(r"(Vraag|Antwoord)\s+(\d+(?:\s*(?:,|en|t/m)\s*\d+)*)\s*:?$", p)
        if m:
            if current:
                body.append(f"</{current}>")
            current = "vraag" if m.group(1) == "Vraag" else "antwoord"
            body.append(f"<{current}><nr>{escape(p)}</nr>")
            continue
        if current is None and (p.startswith("Vragen van") or p.startswith("Antwoord van")
                                or p.startswith("Mededeling")):
            kind = "vraag" if p.startswith("Vragen") else "antwoord"
            body.append(f'<kamervraagomschrijving type="{kind}"><al>{escape(p)}</al></kamervraagomschrijving>')
            continue
        body.append(f"<al>{escape(p)}</al>")
    if current:
        body.append(f"</{current}>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- CONSTRUCTED by tests/support/fakeserver.py: no real {identifier.split('-')[0]}-tk XML was "
        f"available; the text is real ({escape(provenance).replace('--', '- -')}), the XML frame follows the documentation. -->\n"
        '<officiele-publicatie xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"   <metadata>{metas}\n   </metadata>\n"
        f"   <kamervragen>\n{''.join(body)}\n   </kamervragen>\n</officiele-publicatie>\n"
    )
    return xml.encode("utf-8")


def make_docx(text: str) -> bytes:
    """A minimal CONSTRUCTED .docx (one ``w:p`` per paragraph)."""
    paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
                    for p in _paragraphs(text))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{paras}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        stamp = (2020, 1, 1, 0, 0, 0)  # fixed, so the same text always gives the same bytes
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp),
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr(zipfile.ZipInfo("_rels/.rels", stamp),
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr(zipfile.ZipInfo("word/document.xml", stamp), document)
    return buf.getvalue()


def make_pdf(text: str) -> bytes:
    """A minimal CONSTRUCTED PDF: Helvetica, WinAnsi, 60 lines a page."""
    lines: list[str] = []
    for p in _paragraphs(text):
        words, cur = p.split(), ""
        for w in words:
            if len(cur) + len(w) + 1 > 95:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        lines.extend([cur, ""])
    pages = [lines[i:i + 60] for i in range(0, max(len(lines), 1), 60)] or [[]]
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        ops = [b"BT /F1 9 Tf 40 800 Td 12 TL"]
        for line in page:
            s = line.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + s + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_no = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % content_no)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n% CONSTRUCTED by tests/support/fakeserver.py from a real text\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# The data
# ------------------------------------------------------------------------------------------------


@dataclass
class DocText:
    text: str
    provenance: str  # the real file (and URL) the text comes from, and whether it was constructed
    template_kind: str
    version: int = 1


class FakeData:
    """Generated zaken with their documents, actors and files; thread-safe; mutable for incremental tests."""

    def __init__(self, zaken: int = 2000, seed: int = 7, unpublished_share: float = 0.05,
                 no_identifier_share: float = 0.10, disagree_share: float = 0.04, noise_rows: bool = True) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.templates = load_templates()
        self.unpublished_share = unpublished_share
        self.no_identifier_share = no_identifier_share
        self.disagree_share = disagree_share
        self.zaken: dict[str, dict[str, Any]] = {}
        self.documents: dict[str, dict[str, Any]] = {}
        self.versies: dict[str, dict[str, Any]] = {}
        self.actors: dict[str, dict[str, Any]] = {}
        self.links: dict[str, list[str]] = {}  # zaak Id -> document Ids (many-to-many in the API)
        self.texts: dict[str, DocText] = {}  # document Id -> text
        self.unpublished: set[str] = set()  # identifiers officielebekendmakingen does not (yet) have
        # identity of every written-questions row ever served, kept when a row becomes a tombstone
        self.zaak_info: dict[str, dict[str, str]] = {}
        self.doc_info: dict[str, dict[str, str]] = {}
        self.actor_info: dict[str, dict[str, str]] = {}
        self.disagreements: set[str] = set()  # zaak Ids whose API party deliberately differs from the text
        self._seq: Counter[str] = Counter()
        self._file_cache: dict[tuple[str, int], bytes] = {}
        self._order: dict[str, list[str]] = {}
        q, a = self.templates["questions"], self.templates["answers"]
        kinds = [t for pair in zip(q, a * (len(q) // max(1, len(a)) + 1), strict=False) for t in pair]
        for i in range(zaken):
            self._add_zaak(kinds[i % len(kinds)], old=True)
        if noise_rows:
            self._add_noise()

    # -- generation ------------------------------------------------------------------------------
    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _stamp(self, when: datetime | None, row: dict[str, Any]) -> None:
        when = when or datetime.now(UTC)
        row["GewijzigdOp"] = local_ts(when, self.rng.choice([2, 3]))
        row["ApiGewijzigdOp"] = api_ts(when + timedelta(seconds=self.rng.uniform(1, 9)))

    def _old_time(self, started: date) -> datetime:
        return datetime(started.year, started.month, started.day, 9, tzinfo=UTC) + timedelta(
            days=self.rng.randint(1, 60), seconds=self.rng.randint(0, 36000))

    def _number(self, year: int, letter: str) -> str:
        self._seq[f"{year}{letter}"] += 1
        return f"{year}{letter}{50000 + self._seq[f'{year}{letter}']:05d}"

    def _add_zaak(self, tpl: Template, old: bool) -> str:
        truth = tpl.truth
        started = date.fromisoformat(truth["submitted"])
        when = self._old_time(started) if old else None
        zid = self._uuid()
        nummer = self._number(started.year, "Z")
        vj, _ = vergaderjaar(started)
        subject = truth.get("subject") or ""
        zaak = dict.fromkeys(ZAAK_FIELDS)
        zaak.update(Id=zid, Nummer=nummer, Soort=SV, Status="Vrijgegeven",
                    Onderwerp=subject[:1].upper() + subject[1:], GestartOp=day_ts(started),
                    Organisatie="Tweede Kamer", Vergaderjaar=vj, Volgnummer=-1, Afgedaan=tpl.kind == "answers",
                    GrootProject=False, Verwijderd=False)
        self._stamp(when, zaak)
        self.zaken[zid] = zaak
        self.links[zid] = []
        self.zaak_info[zid] = {"nummer": nummer, "started": started.isoformat()}
        disagree = self.rng.random() < self.disagree_share
        if disagree:
            self.disagreements.add(zid)
        for n, asker in enumerate(truth["askers"]):
            party = asker.get("party")
            if disagree and n == 0:
                party = next(p for p in PARTIES if p != party)
            self._add_actor(zid, asker["name"], party, "Indiener" if n == 0 else "Medeindiener", when)
        for office in truth.get("addressees") or []:
            self._add_actor(zid, office, None, "Gericht aan", when)
        if tpl.kind == "questions":
            self._add_document(zid, "questions", tpl.text, tpl, started, when)
        else:
            self._add_document(zid, "questions", questions_from_answer(tpl.text), tpl, started, when,
                               constructed=True)
            if self.templates["postponement"] and self.rng.random() < 0.3:
                p = self.rng.choice(self.templates["postponement"])
                self._add_document(zid, "postponement", p.text, p, started, when)
            received = date.fromisoformat(truth.get("received") or truth["submitted"])
            self._add_document(zid, "answers", tpl.text, tpl, received, when)
        return zid

    def _add_actor(self, zid: str, name: str, party: str | None, relatie: str, when: datetime | None) -> str:
        aid = self._uuid()
        row = dict.fromkeys(ACTOR_FIELDS)
        member = relatie != "Gericht aan"
        initials = "".join(f"{c}." for c in self.rng.sample("ABCDEFGHJKLMNPRSTW", self.rng.randint(1, 2)))
        row.update(Id=aid, Zaak_Id=zid, ActorNaam=f"{initials} {name}" if member else name,
                   ActorFractie=party if member else None,
                   Functie="Tweede Kamerlid" if member else name, Relatie=relatie,
                   SidActor="S-1-365867521-" + str(self.rng.getrandbits(40)),
                   Persoon_Id=str(uuid.uuid5(uuid.NAMESPACE_URL, "persoon:" + name)) if member else None,
                   Fractie_Id=str(uuid.uuid5(uuid.NAMESPACE_URL, "fractie:" + party)) if member and party else None,
                   Verwijderd=False)
        self._stamp(when, row)
        self.actors[aid] = row
        self.actor_info[aid] = {"zaak": zid, "naam": row["ActorNaam"], "relatie": relatie}
        return aid

    def _add_document(self, zid: str, kind: str, text: str, tpl: Template, day: date, when: datetime | None,
                      constructed: bool = False) -> str:
        did, vid = self._uuid(), self._uuid()
        zaak = self.zaken[zid]
        vj, vj8 = vergaderjaar(day)
        soort = {"questions": SV, "answers": "Antwoord schriftelijke vragen",
                 "postponement": "Mededeling (uitstel antwoord)"}[kind]
        aanhangsel = identifier = None
        if kind == "questions":
            identifier = f"kv-tk-{zaak['Nummer']}"
        else:
            self._seq[f"ah{vj8}"] += 1
            nr = self._seq[f"ah{vj8}"]
            aanhangsel = f"{vj8[2:4]}{vj8[6:8]}{nr:05d}"
            identifier = f"ah-tk-{vj8}-{nr}"
        if self.rng.random() < self.no_identifier_share:
            identifier = None
        elif self.rng.random() < self.unpublished_share:
            self.unpublished.add(identifier)
        pdf = self.rng.random() < 0.5
        onderwerp = (zaak["Onderwerp"] if kind == "questions"
                     else f"{soort} over {zaak['Onderwerp'][:1].lower()}{zaak['Onderwerp'][1:]}")
        doc = dict.fromkeys(DOCUMENT_FIELDS)
        doc.update(Id=did, Soort=soort, DocumentNummer=self._number(day.year, "D"), Onderwerp=onderwerp,
                   Datum=day_ts(day), Vergaderjaar=vj, Kamer=2, Volgnummer=-1, DatumRegistratie=day_ts(day),
                   DatumOntvangst=day_ts(day) if kind != "questions" else None, Aanhangselnummer=aanhangsel,
                   Organisatie="Tweede Kamer", ContentType="application/pdf" if pdf else DOCX_TYPE,
                   ContentLength=len(text), Verwijderd=False, HuidigeDocumentVersie_Id=vid)
        self._stamp(when, doc)
        versie = dict.fromkeys(VERSIE_FIELDS)
        versie.update(Id=vid, Status="Vrijgegeven", Versienummer=1, Bestandsgrootte=len(text),
                      Extensie=".pdf" if pdf else ".docx", Datum=doc["GewijzigdOp"], Verwijderd=False,
                      Document_Id=did, ExterneIdentifier=identifier)
        self._stamp(when, versie)
        self.documents[did] = doc
        self.versies[vid] = versie
        self.links[zid].append(did)
        self.doc_info[did] = {"zaak": zid, "nummer": doc["DocumentNummer"]}
        prov = f"{tpl.file}, {tpl.url}" + ("; CONSTRUCTED from it" if constructed else "")
        self.texts[did] = DocText(text, prov, kind)
        self._order.clear()
        return did

    def _add_noise(self) -> None:
        """Rows a real Zaak / Document page carries besides written questions: other soorten, deleted
        tombstones of unknown rows, placeholders."""
        for i in range(12):
            for table, fields in ((self.zaken, ZAAK_FIELDS), (self.documents, DOCUMENT_FIELDS)):
                row = dict.fromkeys(fields)
                row["Id"] = self._uuid()
                if i % 3 == 0:  # placeholder: every field null
                    pass
                elif i % 3 == 1:  # tombstone of a row we never served
                    row["Verwijderd"] = True
                    self._stamp(datetime(2024, 3, 1, tzinfo=UTC), row)
                else:
                    row.update(Soort="Motie", Verwijderd=False, Onderwerp="Motie (niet-kamervragen rij)")
                    if table is self.zaken:
                        row.update(Nummer=f"2024Z{90000 + i}", GestartOp=day_ts(date(2024, 3, 1)))
                    self._stamp(datetime(2024, 3, 1, tzinfo=UTC), row)
                table[row["Id"]] = row
        self._order.clear()

    # -- reading -------------------------------------------------------------------------------
    def ordered(self, table: str) -> list[str]:
        with self.lock:
            if table not in self._order:
                self._order[table] = sorted(self.table(table), key=sql_guid_key)
            return self._order[table]

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return {"Zaak": self.zaken, "Document": self.documents, "ZaakActor": self.actors,
                "DocumentVersie": self.versies}[name]

    def _indexes(self) -> dict[str, dict[str, list[str]]]:
        """Reverse links, rebuilt after any change (``_order`` is cleared then)."""
        idx = self._order.get("$idx")
        if idx is None:
            by_zaak: dict[str, list[str]] = {}
            for aid, a in self.actors.items():
                by_zaak.setdefault(a.get("Zaak_Id") or "", []).append(aid)
            by_doc: dict[str, list[str]] = {}
            for vid, v in self.versies.items():
                by_doc.setdefault(v.get("Document_Id") or "", []).append(vid)
            zaken_of: dict[str, list[str]] = {}
            for zid, ds in self.links.items():
                for d in ds:
                    zaken_of.setdefault(d, []).append(zid)
            by_ident: dict[str, list[str]] = {}
            for vid, v in self.versies.items():
                if v.get("ExterneIdentifier"):
                    by_ident.setdefault(v["ExterneIdentifier"], []).append(vid)
            idx = {"actors": by_zaak, "versies": by_doc, "zaken": zaken_of, "identifiers": by_ident}
            self._order["$idx"] = idx  # type: ignore[assignment]
        return idx  # type: ignore[return-value]

    def view(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """A row with every navigation property filled (for $filter and $expand)."""
        out = dict(row)
        idx = self._indexes()
        if table == "Zaak":
            out["Document"] = [self.view("Document", self.documents[d]) for d in self.links.get(row["Id"], [])]
            out["ZaakActor"] = [dict(self.actors[a]) for a in idx["actors"].get(row["Id"], [])] \
                if row.get("Soort") else []
        elif table == "Document":
            vid = row.get("HuidigeDocumentVersie_Id")
            out["HuidigeDocumentVersie"] = dict(self.versies[vid]) if vid in self.versies else None
            out["DocumentVersie"] = [dict(self.versies[v]) for v in idx["versies"].get(row["Id"], [])]
            out["Zaak"] = [dict(self.zaken[z]) for z in idx["zaken"].get(row["Id"], [])]
        elif table == "ZaakActor":
            out["Zaak"] = dict(self.zaken[row["Zaak_Id"]]) if row.get("Zaak_Id") in self.zaken else None
        elif table == "DocumentVersie":
            out["Document"] = dict(self.documents[row["Document_Id"]]) if row.get("Document_Id") else None
        return out

    def file_for(self, document_id: str) -> tuple[bytes, str] | None:
        """The TK document file (PDF or DOCX) as /resource serves it."""
        with self.lock:
            doc = self.documents.get(document_id)
            if not doc or doc.get("Verwijderd") or document_id not in self.texts:
                return None
            t = self.texts[document_id]
            key = (document_id, t.version)
            if key not in self._file_cache:
                # a TK file carries its document number, so two zaken built from one template differ
                text = f"Tweede Kamer der Staten-Generaal\n\n{doc['DocumentNummer']}\n\n" + _versioned(t)
                self._file_cache[key] = make_pdf(text) if doc["ContentType"] == "application/pdf" else make_docx(text)
            return self._file_cache[key], doc["ContentType"]

    def ob_xml(self, identifier: str) -> bytes | None:
        with self.lock:
            if identifier in self.unpublished:
                return None
            for vid in self._indexes()["identifiers"].get(identifier, []):
                v = self.versies[vid]
                if not v.get("Verwijderd"):
                    did = v["Document_Id"]
                    doc = self.documents.get(did)
                    if not doc or doc.get("Verwijderd") or doc.get("HuidigeDocumentVersie_Id") != vid:
                        continue
                    t = self.texts[did]
                    key = (identifier, t.version)
                    if key not in self._file_cache:
                        self._file_cache[key] = make_ob_xml(identifier, _versioned(t), self._ob_meta(identifier, doc),
                                                            t.provenance)
                    return self._file_cache[key]
            return None

    def _ob_meta(self, identifier: str, doc: dict[str, Any]) -> dict[str, str]:
        zaak = next((self.zaken[z] for z, ds in self.links.items() if doc["Id"] in ds), {})
        kv = identifier.startswith("kv-")
        return {"DC.identifier": identifier, "DC.type": "Kamervragen" if kv else "Aanhangsel van de Handelingen",
                "OVERHEIDop.publicationName": "Kamervragen zonder antwoord" if kv else "Kamervragen (Aanhangsel)",
                "OVERHEIDop.vergaderjaar": doc.get("Vergaderjaar") or "",
                "OVERHEIDop.vraagnummer": zaak.get("Nummer") or "",
                "OVERHEIDop.aanhangselnummer": doc.get("Aanhangselnummer") or "",
                "DCTERMS.issued": (doc.get("Datum") or "")[:10], "DC.creator": "Tweede Kamer der Staten-Generaal"}

    def published(self) -> list[tuple[str, dict[str, Any]]]:
        """(identifier, document row) of every document officielebekendmakingen serves, by identifier."""
        with self.lock:
            out = []
            for v in self.versies.values():
                ident = v.get("ExterneIdentifier")
                doc = self.documents.get(v.get("Document_Id") or "")
                if ident and ident not in self.unpublished and doc and not doc.get("Verwijderd") \
                        and doc.get("HuidigeDocumentVersie_Id") == v["Id"]:
                    out.append((ident, doc))
            return sorted(out, key=lambda x: x[0])

    def expected_file(self, document_id: str, source: str = "all") -> bytes | None:
        """The file a correct sync keeps for a document: the officielebekendmakingen XML when the
        document has an identifier that is published (and ``source`` allows it), else the TK file."""
        with self.lock:
            doc = self.documents[document_id]
            v = self.versies.get(doc.get("HuidigeDocumentVersie_Id") or "")
            ident = v.get("ExterneIdentifier") if v else None
            if ident and source != "tk":
                xml = self.ob_xml(ident)
                if xml is not None:
                    return xml
            f = self.file_for(document_id)
            return f[0] if f else None

    def expected(self, since: str | None = None, until: str | None = None) -> dict[str, dict[str, Any]]:
        """What a correct sync ends with: every written-questions zaak, document and actor ever served
        (``removed`` true for deleted ones), restricted to zaken started in [since, until]."""
        with self.lock:
            zaken, docs, actors = {}, {}, {}
            for zid, info in self.zaak_info.items():
                z = self.zaken[zid]
                removed = bool(z["Verwijderd"])
                if (since and info["started"] < since) or (until and info["started"] > until):
                    continue
                zaken[zid] = {"nummer": info["nummer"], "removed": removed}
                if not removed:  # a tombstone's fields are null; a sync keeps the last live values
                    zaken[zid]["onderwerp"] = z["Onderwerp"]
            for did, info in self.doc_info.items():
                if info["zaak"] in zaken:
                    d = self.documents[did]
                    v = self.versies.get(d.get("HuidigeDocumentVersie_Id") or "") or {}
                    docs[did] = {"zaak": info["zaak"], "nummer": info["nummer"], "removed": bool(d["Verwijderd"])}
                    if not d["Verwijderd"]:
                        docs[did]["identifier"] = v.get("ExterneIdentifier")
            for aid, info in self.actor_info.items():
                if info["zaak"] in zaken:
                    a = self.actors[aid]
                    actors[aid] = {"zaak": info["zaak"], "naam": info["naam"], "relatie": info["relatie"],
                                   "removed": bool(a["Verwijderd"])}
                    if not a["Verwijderd"]:
                        actors[aid]["fractie"] = a["ActorFractie"]
            return {"zaken": zaken, "documents": docs, "actors": actors}

    # -- mutation ------------------------------------------------------------------------------
    def mutate(self, changes: int = 10, deletes: int = 3, new: int = 3, doc_deletes: int = 2,
               seed: int = 99) -> dict[str, list[str]]:
        """Change, add and delete entities now (fresh timestamps). Returns the Ids touched per kind."""
        rng = random.Random(seed)
        with self.lock:
            live = sorted(z for z, r in self.zaken.items() if r.get("Soort") == SV and not r["Verwijderd"])
            picked = rng.sample(live, changes + deletes + doc_deletes)
            out: dict[str, list[str]] = {"subject": [], "answer": [], "party": [], "version": [],
                                         "deleted_zaak": [], "deleted_document": [], "new": []}
            now = datetime.now(UTC)
            for i, zid in enumerate(picked[:changes]):
                how = ("subject", "answer", "party", "version")[i % 4]
                zaak = self.zaken[zid]
                if how == "subject":
                    zaak["Onderwerp"] = zaak["Onderwerp"] + " (gewijzigd)"
                    self._stamp(now, zaak)
                elif how == "answer":
                    tpl = rng.choice(self.templates["answers"])
                    self._add_document(zid, "answers", tpl.text, tpl, date.today(), now)
                elif how == "party":
                    actor = next(a for a in self.actors.values() if a["Zaak_Id"] == zid and a["Relatie"] == "Indiener")
                    actor["ActorFractie"] = next(p for p in PARTIES if p != actor["ActorFractie"])
                    self._stamp(now, actor)
                else:
                    did = self.links[zid][0]
                    doc, old = self.documents[did], self.versies[self.documents[did]["HuidigeDocumentVersie_Id"]]
                    vid = self._uuid()
                    versie = dict(old, Id=vid, Versienummer=old["Versienummer"] + 1)
                    self._stamp(now, versie)
                    self.versies[vid] = versie
                    doc["HuidigeDocumentVersie_Id"] = vid
                    self.texts[did].version += 1
                    self._stamp(now, doc)
                out[how].append(zid)
            for zid in picked[changes:changes + deletes]:
                self._tombstone(self.zaken[zid], now)
                for did in self.links[zid]:
                    self._tombstone(self.documents[did], now)
                for a in self.actors.values():
                    if a["Zaak_Id"] == zid:
                        self._tombstone(a, now)
                self.links[zid] = []
                out["deleted_zaak"].append(zid)
            for zid in picked[changes + deletes:]:
                did = self.links[zid][-1]
                self._tombstone(self.documents[did], now)
                self.links[zid].remove(did)
                self._order.clear()
                out["deleted_document"].append(did)
            kinds = self.templates["questions"] + self.templates["answers"]
            for _ in range(new):
                out["new"].append(self._add_zaak(rng.choice(kinds), old=False))
            self._order.clear()
            return out

    def _tombstone(self, row: dict[str, Any], now: datetime) -> None:
        for k in row:
            if k not in TIMESTAMPS:
                row[k] = None
        row["Verwijderd"] = True
        self._stamp(now, row)


def _versioned(t: DocText) -> str:
    if t.version == 1:
        return t.text
    return t.text + f"\n\n(CONSTRUCTED correction: version {t.version} of this document.)"


# ------------------------------------------------------------------------------------------------
# Faults and the server
# ------------------------------------------------------------------------------------------------


@dataclass
class Faults:
    rate: float = 0.0  # share of requests that fail, spread over ``kinds``
    # cutoff: half the body, Content-Length announcing all of it; truncate: half the body, no length,
    # connection closed (only the body itself can tell)
    kinds: tuple[str, ...] = ("500", "429", "cutoff", "truncate", "slow")
    slow_seconds: float = 0.2
    repeat_rate: float = 0.0  # share of OData pages served twice
    reorder_rate: float = 0.0  # share of OData pages with their rows shuffled
    seed: int = 1
    only: tuple[str, ...] = ()  # restrict to routes ("odata", "resource", "ob", "sru"); empty = all


@dataclass
class Stats:
    requests: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.requests.values())


class FakeServer:
    """``with FakeServer(FakeData(300), Faults(rate=0.2)) as srv:`` → ``srv.tk_url``, ``srv.ob_url``, ``srv.sru_url``."""

    def __init__(self, data: FakeData | None = None, faults: Faults | None = None, page_size: int = 250,
                 port: int = 0) -> None:
        self.data = data or FakeData()
        self.faults = faults or Faults()
        self.page_size = page_size
        self.stats = Stats()
        self._rng = random.Random(self.faults.seed)
        self._rng_lock = threading.Lock()
        self._repeated: set[str] = set()
        handler = type("Handler", (_Handler,), {"server_ref": self})
        self.httpd = _QuietServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.tk_url = self.url + ODATA
        self.ob_url = self.url + "/ob"
        self.sru_url = self.url + "/sru"
        self._thread: threading.Thread | None = None

    def start(self) -> FakeServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def base_args(self) -> list[str]:
        """The ``kamervragen sync`` options that point it at this server."""
        return ["--base-url", f"tk={self.tk_url}", "--base-url", f"ob={self.ob_url}",
                "--base-url", f"sru={self.sru_url}"]

    def draw(self, route: str) -> str | None:
        f = self.faults
        if f.rate <= 0 or (f.only and route not in f.only):
            return None
        with self._rng_lock:
            if self._rng.random() >= f.rate:
                return None
            return self._rng.choice(f.kinds)

    def chance(self, p: float) -> bool:
        with self._rng_lock:
            return p > 0 and self._rng.random() < p

    def shuffle(self, rows: list[Any]) -> None:
        with self._rng_lock:
            self._rng.shuffle(rows)

    # -- OData ---------------------------------------------------------------------------------
    def collection(self, entity: str, query: list[tuple[str, str]], raw_query: str, host: str) -> dict[str, Any]:
        params = dict(query)
        data = self.data
        filt = compile_filter(params["$filter"]) if params.get("$filter") else None
        expand = parse_expand(params.get("$expand", "")) if params.get("$expand") else {}
        select = split_top(params["$select"], ",") if params.get("$select") else None
        top = int(params["$top"]) if params.get("$top") else None
        after = params.get("$skiptoken", "")
        after_key = sql_guid_key(after[3:]) if after.startswith("Id-") else None
        limit = top if top is not None else self.page_size
        rows: list[dict[str, Any]] = []
        more = False
        with data.lock:
            table = data.table(entity)
            for rid in data.ordered(entity):
                if after_key is not None and sql_guid_key(rid) <= after_key:
                    continue
                view = data.view(entity, table[rid])
                if filt is not None and not filt(view):
                    continue
                if len(rows) == limit:
                    more = True
                    break
                rows.append(_project(entity, view, expand, select, data))
        context = f"{self.tk_url}/$metadata#{entity}" + (f"({_expand_tree(expand)})" if expand else "")
        body: dict[str, Any] = {"@odata.context": context, "value": rows}
        if more and top is None:
            echoed = "&".join(p for p in raw_query.split("&") if p and not p.startswith(("$skiptoken=", "%24skiptoken=")))
            body["@odata.nextLink"] = f"http://{host}{ODATA}/{entity}?{echoed}&$skiptoken=Id-{rows[-1]['Id']}"
        return body

    def sru(self, params: dict[str, str]) -> bytes:
        query = params.get("query", "")
        start = int(params.get("startRecord", "1") or 1)
        maximum = min(int(params.get("maximumRecords", "50") or 50), 1000)
        lo = re.search(r"dt\.(?:date|modified|issued)\s*>=\s*\"?(\d{4}-\d{2}-\d{2})", query)
        hi = re.search(r"dt\.(?:date|modified|issued)\s*<=\s*\"?(\d{4}-\d{2}-\d{2})", query)
        pubs = self.data.published()
        if "Kamervragen" not in query and "kamervragen" not in query:
            pubs = []
        if "zonder antwoord" in query and "Aanhangsel" not in query:
            pubs = [p for p in pubs if p[0].startswith("kv-")]
        elif "Aanhangsel" in query and "zonder antwoord" not in query:
            pubs = [p for p in pubs if p[0].startswith("ah-")]
        pubs = [p for p in pubs if (not lo or (p[1]["Datum"] or "")[:10] >= lo.group(1))
                and (not hi or (p[1]["Datum"] or "")[:10] <= hi.group(1))]
        page = pubs[start - 1:start - 1 + maximum]
        records = []
        for pos, (ident, doc) in enumerate(page, start):
            kv = ident.startswith("kv-")
            records.append(
                "<record><recordSchema>http://standaarden.overheid.nl/sru/</recordSchema><recordPacking>xml</recordPacking>"
                '<recordData><gzd xmlns="http://standaarden.overheid.nl/sru" xmlns:overheidop="http://standaarden.overheid.nl/product/terms/">'
                "<originalData><overheidop:meta><overheidop:owmskern>"
                f"<dcterms:title>{escape(doc.get('Onderwerp') or '')}</dcterms:title>"
                f"<dcterms:identifier>{ident}</dcterms:identifier>"
                f"<dcterms:type scheme=\"overheidop:Parlementair\">{'Kamervragen' if kv else 'Handelingen'}</dcterms:type>"
                "<dcterms:creator>Tweede Kamer der Staten-Generaal</dcterms:creator>"
                f"<dcterms:modified>{(doc.get('Datum') or '')[:10]}</dcterms:modified></overheidop:owmskern>"
                f"<overheidop:owmsmantel><dcterms:issued>{(doc.get('Datum') or '')[:10]}</dcterms:issued></overheidop:owmsmantel>"
                "<overheidop:opmeta>"
                f"<overheidop:publicationname>{'Kamervragen zonder antwoord' if kv else 'Kamervragen (Aanhangsel)'}</overheidop:publicationname>"
                f"<overheidop:vergaderjaar>{doc.get('Vergaderjaar') or ''}</overheidop:vergaderjaar>"
                f"<overheidop:aanhangselnummer>{doc.get('Aanhangselnummer') or ''}</overheidop:aanhangselnummer>"
                "</overheidop:opmeta></overheidop:meta></originalData>"
                f"<enrichedData><url>{self.ob_url}/{ident}.html</url></enrichedData></gzd></recordData>"
                f"<recordPosition>{pos}</recordPosition></record>")
        nxt = (f"<nextRecordPosition>{start + len(page)}</nextRecordPosition>"
               if start - 1 + len(page) < len(pubs) else "")
        xml = ('<?xml version="1.0" encoding="UTF-8"?><!-- CONSTRUCTED: SRU 1.2 shape of the real capture, '
               'kamervragen records --><searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/" '
               'xmlns:dcterms="http://purl.org/dc/terms/"><version>1.2</version>'
               f"<numberOfRecords>{len(pubs)}</numberOfRecords><records>{''.join(records)}</records>{nxt}"
               "</searchRetrieveResponse>")
        return xml.encode()


def _expand_tree(expand: dict[str, dict[str, str]]) -> str:
    parts = []
    for name, opts in expand.items():
        inner = _expand_tree(parse_expand(opts["$expand"])) if opts.get("$expand") else ""
        parts.append(f"{name}({inner})")
    return ",".join(parts)


def _project(entity: str, view: dict[str, Any], expand: dict[str, dict[str, str]], select: list[str] | None,
             data: FakeData) -> dict[str, Any]:
    fields = {"Zaak": ZAAK_FIELDS, "Document": DOCUMENT_FIELDS, "ZaakActor": ACTOR_FIELDS,
              "DocumentVersie": VERSIE_FIELDS}[entity]
    out = {k: view.get(k) for k in fields if select is None or k in select}
    nav_entity = {"Document": "Document", "ZaakActor": "ZaakActor", "HuidigeDocumentVersie": "DocumentVersie",
                  "DocumentVersie": "DocumentVersie", "Zaak": "Zaak"}
    for name, opts in expand.items():
        value = view.get(name)
        sub = parse_expand(opts["$expand"]) if opts.get("$expand") else {}
        filt = compile_filter(opts["$filter"]) if opts.get("$filter") else None
        sel = split_top(opts["$select"], ",") if opts.get("$select") else None
        target = nav_entity.get(name, name)
        if isinstance(value, list):
            items = [data.view(target, v) for v in value]
            out[name] = [_project(target, v, sub, sel, data) for v in items if filt is None or filt(v)]
        elif isinstance(value, dict):
            out[name] = _project(target, data.view(target, value), sub, sel, data)
        else:
            out[name] = None
    return out


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, reset) is normal under fault injection: no traceback."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stalls
    server_ref: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server_ref
        parts = urlsplit(self.path)
        path, raw_query = parts.path, parts.query
        query = parse_qsl(raw_query, keep_blank_values=True)
        route = ("odata" if path.startswith(ODATA) and "/resource" not in path.lower()
                 else "resource" if path.startswith(ODATA) else "ob" if path.startswith("/ob/")
                 else "sru" if path.startswith("/sru") else "other")
        srv.stats.requests[route] += 1
        fault = srv.draw(route)
        if fault:
            srv.stats.faults[fault] += 1
        if fault == "500":
            return self._send(500, b'{"error":"injected"}', "application/json")
        if fault == "429":
            return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "0"})
        if fault == "slow":
            time.sleep(srv.faults.slow_seconds)
        try:
            status, body, ctype = self._route(path, raw_query, query)
        except Exception as exc:  # a bad query is the client's bug: answer 400 like the real service
            status, body, ctype = 400, json.dumps({"error": {"message": str(exc)}}).encode(), "application/json"
        if fault == "truncate" and status == 200:
            return self._send_truncated(body, ctype)
        self._send(status, body, ctype, cut=fault == "cutoff")

    def _route(self, path: str, raw_query: str, query: list[tuple[str, str]]) -> tuple[int, bytes, str]:
        srv = self.server_ref
        if path.startswith(ODATA):
            rest = path[len(ODATA):].strip("/")
            if rest == "$metadata":
                return 200, METADATA_XML.read_bytes(), "application/xml"
            m = re.fullmatch(r"Document\(([0-9a-fA-F-]{36})\)/[Rr]esource", rest)
            if m:
                f = srv.data.file_for(m.group(1))
                return (200, f[0], f[1]) if f else (404, b"Not found", "text/plain")
            if rest in ("Zaak", "Document", "ZaakActor", "DocumentVersie"):
                body = srv.collection(rest, query, raw_query, self.headers.get("Host", f"127.0.0.1:{srv.port}"))
                key = self.path
                if "@odata.nextLink" in body and key not in srv._repeated and srv.chance(srv.faults.repeat_rate):
                    srv._repeated.add(key)
                    body["@odata.nextLink"] = f"http://{self.headers.get('Host')}{self.path}"
                    srv.stats.faults["repeat"] += 1
                if srv.chance(srv.faults.reorder_rate):
                    srv.shuffle(body["value"])
                    srv.stats.faults["reorder"] += 1
                return 200, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), \
                    "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8"
            return 404, b'{"error":{"message":"not found"}}', "application/json"
        if path.startswith("/ob/") and path.endswith(".xml"):
            xml = srv.data.ob_xml(path[4:-4])
            return (200, xml, "application/xml") if xml is not None else (404, b"Not found", "text/html")
        if path.startswith("/sru"):
            return 200, srv.sru(dict(query)), "text/xml"
        return 404, b"Not found", "text/plain"

    def _send_truncated(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None,
              cut: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 200 and "json" in ctype:
            self.send_header("OData-Version", "4.0")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if cut:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if cut else body)
        self.wfile.flush()


def diff_state(expected: dict[str, dict[str, Any]], got: dict[str, dict[str, Any]]) -> list[str]:
    """Differences between ``FakeData.expected()`` and a synced snapshot (``sync_snapshot()``), compared on
    the keys ``expected`` has; an empty list means the sync holds exactly the served set."""
    out = []
    for kind in ("zaken", "documents", "actors"):
        want, have = expected.get(kind, {}), got.get(kind, {})
        for key in sorted(set(want) - set(have)):
            out.append(f"{kind} {key}: missing")
        for key in sorted(set(have) - set(want)):
            out.append(f"{kind} {key}: not served")
        for key in sorted(set(want) & set(have)):
            for name, value in want[key].items():
                if have[key].get(name) != value:
                    out.append(f"{kind} {key}: {name} {have[key].get(name)!r}, expected {value!r}")
    return out


def start_sync_process(srv: FakeServer, folder: Path, *extra: str, db: str | None = None) -> subprocess.Popen:
    """``kamervragen sync`` in its own process against ``srv`` (cache in ``folder``, the database ``db`` or
    a SQLite file in ``folder``), for kill and fault tests; ``extra`` are more CLI options."""
    cmd = [sys.executable, "-c", "from kamervragen.cli import main; main()", "sync",
           "--db", db or str(folder / "db.sqlite3"), "--cache", str(folder / "cache"), *srv.base_args(),
           "--rate", "0", "--workers", "1", "--backoff", "0.01", "--json", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def kill_after(srv: FakeServer, proc: subprocess.Popen, requests: int, limit: float = 60.0) -> bool:
    """SIGKILL ``proc`` once ``srv`` has answered ``requests`` more requests; False if it ended first."""
    target = srv.stats.total + requests
    deadline = time.monotonic() + limit
    while srv.stats.total < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description="Run the fake Tweede Kamer / officielebekendmakingen server.")
    ap.add_argument("--zaken", type=int, default=2000)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fault-rate", type=float, default=0.0)
    args = ap.parse_args()
    srv = FakeServer(FakeData(args.zaken, seed=args.seed), Faults(rate=args.fault_rate), port=args.port)
    print(json.dumps({"url": srv.url, "tk": srv.tk_url, "ob": srv.ob_url, "sru": srv.sru_url}), flush=True)
    srv.httpd.serve_forever()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    main()
