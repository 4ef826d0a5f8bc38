"""Dates the askers request inside the questions: "Kunt u deze vragen vóór 23 maart 2026 beantwoorden
vanwege het wetgevingsoverleg …", "… voor het algemeen overleg Passend onderwijs van 31 januari 2019
beantwoorden?", "voorafgaand aan het commissiedebat van 5 april a.s.".

Only sentences that ask for an answer (a form of "beantwoorden") are read, with quoted titles left out,
so dates in the subject matter ("«… nog vóór 1 september extra plekken vrijmaken»") are not mistaken
for requests. A year
left out ("5 april a.s.") is the first such day on or after the submission date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_ASKS_ANSWER = re.compile(r"\bbeantwoord\w*\b", re.IGNORECASE)
# quoted titles of news items and reports are subject matter, never a request
_QUOTED = re.compile(r"«[^»]*»|‘.*?’(?!\w)|“[^”]*”|\"[^\"]*\"")
# the cue that starts the requested moment: "vóór", "voor", "voorafgaand aan", "uiterlijk", "ruim voor"
_CUE = re.compile(r"(?<!\w)(?:ruim\s+)?(?:vóór|voor|voorafgaande?\s+aan|uiterlijk(?:\s+op)?)\s+(?=\S)",
                  re.IGNORECASE)
# sentence ends: "?" or "!" always; "." only when a capitalised word follows (so "a.s." and "jl." stay)
_SENTENCE_END = re.compile(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-Z«\"'])")
# what follows a cue and is an event, not a date: "het commissiedebat …", "de komst van …"
_EVENT = re.compile(r"(?:het|de|een)\s+[^,;?]+", re.IGNORECASE)
_EVENT_STOP = re.compile(r"\s+(?:te\s+)?beantwoord\w*\b.*$|\s+(?:en|of)\s+(?:zo|wilt|kunt|bent)\b.*$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class RequestedDate:
    """One request for an answer before a moment: a date, an event, or both."""

    date: date | None  # the date, when the text gives one
    event: str | None  # "het wetgevingsoverleg …", "het commissiedebat van 5 april a.s."
    text: str  # the sentence it was found in
    question: int | None = None  # the question number, when known

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat() if self.date else None, "event": self.event,
                "text": self.text, "question": self.question}


def parse_dutch_date(match: re.Match[str], after: date | None) -> date | None:
    day, month_name, year = int(match.group(1)), MONTHS[match.group(2).lower().rstrip(".")], match.group(3)
    try:
        if year:
            return date(int(year), month_name, day)
        if after is None:
            return None
        candidate = date(after.year, month_name, day)
        if candidate < after:
            candidate = date(after.year + 1, month_name, day)
        return candidate
    except ValueError:
        return None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _from_sentence(sentence: str, submitted: date | None) -> RequestedDate | None:
    for cue in _CUE.finditer(sentence):
        rest = sentence[cue.end():]
        date_match = DATE_RE.match(rest)
        if date_match:
            when = parse_dutch_date(date_match, submitted)
            after = rest[date_match.end():]
            event = None
            because = re.match(r"\s*(?:\w+\s+)?(?:vanwege|in verband met|i\.?v\.?m\.?|met het oog op)\s+"
                               r"([^?]+)", after, re.IGNORECASE)
            if because:
                event = _clean_event(because.group(1))
            if when is None and event is None:  # "5 april" without a year or a submitted date to place it
                event = date_match.group(0)
            return RequestedDate(date=when, event=event, text=sentence)
        event_match = _EVENT.match(rest)
        if event_match:
            event = _clean_event(event_match.group(0))
            if not event:
                continue
            inner = DATE_RE.search(event)
            when = parse_dutch_date(inner, submitted) if inner else None
            return RequestedDate(date=when, event=event, text=sentence)
    return None


def _clean_event(raw: str) -> str | None:
    event = _EVENT_STOP.sub("", raw).strip().rstrip("?.!,;: ")
    return event or None


def requested_dates(text: str, submitted: date | None = None, question: int | None = None) -> list[RequestedDate]:
    """Every request in ``text`` for an answer before a date or event (in order of appearance)."""
    found: list[RequestedDate] = []
    for sentence in _sentences(text):
        sentence = _QUOTED.sub("«…»", sentence)
        if not _ASKS_ANSWER.search(sentence) or not _CUE.search(sentence):
            continue
        hit = _from_sentence(sentence, submitted)
        if hit is not None:
            found.append(RequestedDate(hit.date, hit.event, hit.text, question))
    return found


def requested_in_questions(questions: list[Any], submitted: date | None = None) -> list[RequestedDate]:
    """Requests across a zaak's questions (objects with ``number`` and ``text``, e.g. model.Question)."""
    found: list[RequestedDate] = []
    for q in questions:
        number = getattr(q, "number", None) if not isinstance(q, dict) else q.get("number")
        text = getattr(q, "text", None) if not isinstance(q, dict) else q.get("text")
        found.extend(requested_dates(text or "", submitted, number))
    return found
