"""The one internal model, shared by every stage.

Parsed documents follow ``shared/docs/parse-contract.md`` field for field: ``ParsedDocument.to_json()``
gives exactly the contract's object. Every input form (markdown, page text, XML, HTML, PDF, DOCX, API
metadata) is mapped to these classes in exactly one function.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["questions", "answers", "postponement", "withdrawal"]
KINDS: tuple[str, ...] = ("questions", "answers", "postponement", "withdrawal")


@dataclass
class Asker:
    """A member who asked, the name and party as the document writes them."""

    name: str
    party: str | None = None


@dataclass
class Respondent:
    """Who answers (or sends a notice), or on whose behalf ("mede namens")."""

    role: str
    name: str | None = None
    on_behalf: bool = False


@dataclass
class Question:
    number: int
    text: str
    footnotes: list[int] = field(default_factory=list)


@dataclass
class Answer:
    questions: list[int]
    text: str
    footnotes: list[int] = field(default_factory=list)


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class ParsedDocument:
    """One document of the procedure, as the parse contract fixes it (plus a few added fields)."""

    source: str
    kind: Kind
    zaak: str | None = None
    publication: str | None = None
    references: list[str] = field(default_factory=list)
    subject: str | None = None
    submitted: str | None = None  # YYYY-MM-DD
    received: str | None = None  # YYYY-MM-DD
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # added fields (the contract allows additions)
    supplementary: bool = False
    document_number: str | None = None  # e.g. 2024D04567
    promised_date: str | None = None  # a date a postponement notice promises, YYYY-MM-DD
    form: str | None = None  # which input form was recognised (markdown, ob-page, openkamer, xml, ...)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedDocument:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["askers"] = [Asker(**a) for a in data.get("askers") or []]
        values["respondents"] = [Respondent(**r) for r in data.get("respondents") or []]
        values["questions"] = [Question(**q) for q in data.get("questions") or []]
        values["answers"] = [Answer(**a) for a in data.get("answers") or []]
        values["footnotes"] = [Footnote(**f) for f in data.get("footnotes") or []]
        return cls(**values)


class ParseError(Exception):
    """The input is not a document of the procedure; the message is one clear sentence."""


# ---------------------------------------------------------------------------------------------------
# The store's side of the model: what goes in (``LoadItem``, ``ParseOutcome``) and what comes out
# (``StoredDocument``, ``Case``, ``CaseSummary``, ``LoadReport``, ...). See ``kamervragen.store.base``.
# ---------------------------------------------------------------------------------------------------


@dataclass
class IdentifierHints:
    """Public identifiers known from outside the text: a file name, a ``sources.jsonl`` URL, the API.

    ``zaak`` is a case number (``2024Z01911``), ``publication`` an officielebekendmakingen id
    (``kv-tk-2024Z01911``, ``ah-tk-20232024-99``), ``document_number`` a TK document number (``2024D04567``,
    never a zaak). ``origin`` says where they came from (``filename``, ``sources.jsonl``, ``api``, ...).
    """

    zaak: str | None = None
    publication: str | None = None
    document_number: str | None = None
    origin: str | None = None

    def is_empty(self) -> bool:
        return not (self.zaak or self.publication or self.document_number)


@dataclass
class LoadItem:
    """One raw document as received, before parsing: the bytes and where they came from."""

    data: bytes
    source_path: str
    source_url: str | None = None
    hints: IdentifierHints = field(default_factory=IdentifierHints)
    fetched_at: str | None = None  # ISO 8601 UTC; the file's mtime when unknown
    content_type: str | None = None  # e.g. text/plain, text/markdown, application/pdf
    checksum: str = ""  # sha256 hex of ``data``; filled in when empty

    def __post_init__(self) -> None:
        if not self.checksum:
            import hashlib

            self.checksum = hashlib.sha256(self.data).hexdigest()


@dataclass
class ParseOutcome:
    """A ``LoadItem`` with what the parser made of it: a document, or the error (one clear sentence)."""

    item: LoadItem
    parsed: ParsedDocument | None
    error: str | None
    parser_version: str


@dataclass
class DocumentSource:
    """One place a stored document was met (an openkamer page and the official page: two sources)."""

    url: str | None
    path: str | None
    fetched_at: str | None
    content_type: str | None
    checksum: str  # of the raw bytes of this source
    removed_at: str | None = None  # set when the source says the record was deleted there
    primary: bool = False  # the source whose parse is shown (the official one when there is one)


@dataclass
class StoredDocument:
    """A parsed document as the store keeps it, with its identity, case, sources and parsed parts."""

    id: int
    key: str  # the store's identity: ``pub:<id>``, ``doc:<nr>``, ``zaak:<nr>:<kind>…`` or ``text:<sha>``
    case_key: str  # the zaak number, or a stable local key (``L…``) while the number is unknown
    zaak: str | None  # the zaak number the case has (None for a local case)
    kind: str
    supplementary: bool = False
    publication: str | None = None
    document_number: str | None = None
    subject: str | None = None
    submitted: str | None = None
    received: str | None = None
    promised_date: str | None = None
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_url: str | None = None  # of the primary source
    source_path: str | None = None
    sources: list[DocumentSource] = field(default_factory=list)
    checksum: str = ""  # of the primary raw bytes
    content_type: str | None = None
    parser_version: str = ""
    fetched_at: str | None = None
    form: str | None = None
    hints: IdentifierHints = field(default_factory=IdentifierHints)
    text_zaak: str | None = None  # the zaak number as the text itself shows it (may differ from hints)
    link: str = "zaak"  # how it joined its case: zaak (text), hint (file name / URL), text (matched), new
    removed: bool = False  # removed at (one of) its sources

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CaseFlag:
    """Something about a case a reader must know: ``identifier-mismatch``, ``source-mismatch``,
    ``uncertain-link``, ``questions-differ``, ``removed``…, with a sentence of detail."""

    flag: str
    detail: str
    document_id: int | None = None


@dataclass
class LinkIssue:
    """A document whose case could not be chosen with certainty: it got a case of its own and the
    candidates are listed here instead of being guessed silently."""

    document_id: int
    document_key: str
    source: str | None
    reason: str
    candidates: list[str] = field(default_factory=list)  # case keys


@dataclass
class Case:
    """A zaak with all its documents (ordered by date). ``questions`` is the one set of the zaak (from
    the questions document, else as an answer repeats them)."""

    key: str
    zaak: str | None
    subject: str | None = None
    submitted: str | None = None
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    documents: list[StoredDocument] = field(default_factory=list)
    flags: list[CaseFlag] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # earlier local keys merged into this case

    @property
    def local(self) -> bool:
        return self.zaak is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["local"] = self.local
        return data


@dataclass
class CaseSummary:
    """A lightweight case for statistics and lists (no texts)."""

    key: str
    zaak: str | None
    subject: str | None = None
    submitted: str | None = None
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)  # of the answers and notices
    answered: list[str] = field(default_factory=list)  # received dates of (non-supplementary) answers
    supplementary_answered: list[str] = field(default_factory=list)
    postponed: list[str] = field(default_factory=list)  # received dates of postponement notices
    promised_dates: list[str] = field(default_factory=list)  # dates postponement notices promise
    withdrawn: str | None = None  # received date of a withdrawal notice ("" when undated)
    has_questions_document: bool = False
    document_count: int = 0
    removed: bool = False  # every document of the case is removed at its sources
    flags: list[str] = field(default_factory=list)  # CaseFlag.flag values


@dataclass
class FailedDocument:
    """A raw document that could not be parsed, kept with its error."""

    checksum: str
    source_path: str | None
    source_url: str | None
    error: str
    parser_version: str
    fetched_at: str | None = None


@dataclass
class RawDocument:
    checksum: str
    data: bytes
    content_type: str | None
    source_url: str | None
    source_path: str | None
    fetched_at: str | None


@dataclass
class LoadReport:
    """What a load or reparse did. ``to_json()`` is exactly the four counts (the ``--json`` last line)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (source or document key, what changed)
    link_issues: list[LinkIssue] = field(default_factory=list)

    def add(self, other: LoadReport) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.failures.extend(other.failures)
        self.changes.extend(other.changes)
        self.link_issues.extend(other.link_issues)

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.failed

    def to_json(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
                "failed": self.failed}


# ---------------------------------------------------------------------------------------------------
# Alerts (procedure stage): saved searches and follows, kept by the store (``store/sqlite_alerts.py``).
# ---------------------------------------------------------------------------------------------------


@dataclass
class SavedSearch:
    """A search saved under a name; its feed lists new questions matching it."""

    id: int
    name: str
    query: str
    created_at: str = ""


@dataclass
class Follow:
    """A followed case, member, ministry or party (``kind``); ``value`` as the user gave it, normalised."""

    id: int
    kind: str  # case | member | ministry | party
    value: str
    created_at: str = ""


# ---------------------------------------------------------------------------------------------------
# Sync (fetch stage): the Tweede Kamer open-data metadata of a zaak, mapped by ``parse/odata.py`` and
# kept beside what the parser read from the text (``store/sqlite_sync.py``).
# ---------------------------------------------------------------------------------------------------


@dataclass
class ApiActor:
    """A ZaakActor row: ``relation`` is Indiener, Medeindiener, Gericht aan (or another Relatie)."""

    id: str
    relation: str | None = None
    name: str | None = None  # ActorNaam as the API writes it ("W.J. Koops")
    party: str | None = None  # ActorFractie
    function: str | None = None  # Functie ("Tweede Kamerlid", an office)
    person_id: str | None = None
    party_id: str | None = None
    changed: str | None = None  # ApiGewijzigdOp
    removed: bool = False
    row: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class ApiDocument:
    """A Document row with its current DocumentVersie; ``kind`` is None for soorten outside the procedure."""

    id: str
    soort: str | None = None
    kind: str | None = None
    supplementary: bool = False
    document_number: str | None = None
    subject: str | None = None
    date: str | None = None  # YYYY-MM-DD (Datum, local date)
    received: str | None = None  # YYYY-MM-DD (DatumOntvangst)
    session: str | None = None  # Vergaderjaar "2024-2025"
    appendix_number: str | None = None  # Aanhangselnummer
    content_type: str | None = None
    publication: str | None = None  # DocumentVersie.ExterneIdentifier (kv-tk-…, ah-tk-…)
    version_id: str | None = None
    version: int | None = None
    changed: str | None = None
    removed: bool = False
    row: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class ApiZaak:
    """A Zaak row with its documents and actors as the API gives them (askers = Indiener then
    Medeindiener, addressees = Gericht aan)."""

    id: str
    number: str | None = None
    soort: str | None = None
    subject: str | None = None
    started: str | None = None  # YYYY-MM-DD (GestartOp, local date)
    closed: bool | None = None  # Afgedaan
    changed: str | None = None
    removed: bool = False
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    actors: list[ApiActor] = field(default_factory=list)
    documents: list[ApiDocument] = field(default_factory=list)
    row: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Disagreement:
    """A value the API and the text give differently; both are kept, the text's is the one shown."""

    field: str
    api: str | None
    text: str | None
