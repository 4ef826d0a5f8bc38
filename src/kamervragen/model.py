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
