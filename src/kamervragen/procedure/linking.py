"""Linking documents to zaken when the text shows no zaak number.

Pure functions, no SQL: the store gathers candidate cases (documents with the same subject and
submitted date, sharing a repeated question, or submitted the same day) and asks ``choose`` which one
a document belongs to. An answer repeats its questions word for word and its opening sentence repeats
the askers, subject and submitted date of the questions, so these are the evidence.

A link is made only when exactly one candidate has strong evidence; anything weaker, or more than one
strong candidate, is reported as uncertain (the store records a ``LinkIssue``) instead of guessed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from kamervragen.model import Asker, ParsedDocument, Question

_NON_WORD = re.compile(r"[^0-9a-z]+")
_NON_WORD_U = re.compile(r"[\W_]+")
_PRINT_CHARS = 240  # enough to tell questions apart, short enough to survive a truncated rendering


def fold(text: str | None) -> str:
    """Lower case, accents and punctuation removed, single spaces: ``«Rutte: Werkloze…»`` → ``rutte werkloze``."""
    if not text:
        return ""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", lowered).strip()


def _squash(text: str) -> str:
    """A cheap normalisation for checksums of long texts: lower case, word characters only."""
    return _NON_WORD_U.sub(" ", text.lower()).strip()


def surname(name: str) -> str:
    """The last word of a name, folded: ``Van Eijk-Nagel`` → ``eijk nagel``'s last part ``nagel``."""
    words = fold(name).split()
    return words[-1] if words else ""


def match_key(subject: str | None, submitted: str | None) -> str | None:
    """The exact-match key of an opening sentence: folded subject and submitted date."""
    folded = fold(subject)
    if not folded or not submitted:
        return None
    return f"{submitted}|{folded[:200]}"


def question_prints(questions: Iterable[Question]) -> list[str]:
    """One fingerprint per question text: the start of the folded text, hashed (empty texts skipped)."""
    prints = []
    for q in questions:
        folded = fold(q.text[:_PRINT_CHARS * 2])
        if len(folded) >= 12:
            prints.append(hashlib.sha1(folded[:_PRINT_CHARS].encode()).hexdigest()[:20])
    return list(dict.fromkeys(prints))


def content_key(parsed: ParsedDocument, fallback: str) -> str:
    """A stable local case key for a zaak whose number is unknown: ``L`` + a hash of what every document
    of the zaak repeats (subject, submitted date, askers' surnames); ``fallback`` (the document's own
    identity) when the text shows none of them."""
    folded = fold(parsed.subject)
    names = sorted(surname(a.name) for a in parsed.askers)
    if folded and parsed.submitted:
        basis = f"{parsed.submitted}|{folded}|{','.join(names)}"
    else:
        basis = f"doc|{fallback}"
    return "L" + hashlib.sha1(basis.encode()).hexdigest()[:12]


def text_identity(parsed: ParsedDocument) -> str | None:
    """A checksum of the normalised text: what identifies a document without a public identifier.
    None when the document has too little text to be told apart."""
    parts = [parsed.kind, "s" if parsed.supplementary else ""]
    parts += [_squash(q.text) for q in parsed.questions]
    parts += [_squash(a.text) for a in parsed.answers]
    if not parsed.questions and not parsed.answers:
        if not (parsed.subject and (parsed.submitted or parsed.received)):
            return None
        parts += [fold(parsed.subject), parsed.submitted or "", parsed.received or ""]
    return "text:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


@dataclass
class Features:
    """What a document (or a candidate case) shows for linking."""

    subject: str = ""  # folded
    submitted: str | None = None
    surnames: frozenset[str] = frozenset()
    prints: frozenset[str] = frozenset()

    @cached_property
    def subject_words(self) -> frozenset[str]:
        """The subject's words of three letters or more (computed once: candidates are compared often)."""
        return frozenset(w for w in self.subject.split() if len(w) > 2)

    @classmethod
    def of(cls, parsed: ParsedDocument, prints: Iterable[str] | None = None) -> Features:
        if prints is None:
            prints = question_prints(parsed.questions)
        return cls.build(parsed.subject, parsed.submitted, parsed.askers, prints)

    @classmethod
    def build(cls, subject: str | None, submitted: str | None, askers: Iterable[Asker],
              prints: Iterable[str]) -> Features:
        return cls(fold(subject), submitted, frozenset(s for s in (surname(a.name) for a in askers) if s),
                   frozenset(prints))


@dataclass
class Candidate:
    case_key: str
    zaak: str | None
    features: list[Features] = field(default_factory=list)  # one per document of the case


@dataclass
class LinkDecision:
    case_key: str | None  # the case to join; None: make or keep a case of its own
    certain: bool
    reason: str
    candidates: list[str] = field(default_factory=list)  # uncertain: the case keys considered


def evidence(doc: Features, other: Features) -> tuple[float, str]:
    """How strongly two documents look like the same zaak: ≥ 1.0 is strong, 0 < x < 1 weak."""
    score, reasons = 0.0, []
    if doc.prints and other.prints:
        shared = len(doc.prints & other.prints)
        if shared:
            ratio = shared / min(len(doc.prints), len(other.prints))
            if ratio >= 0.5:
                score += 1.0
                reasons.append(f"{shared} repeated question(s)")
            else:
                score += 0.4
                reasons.append(f"{shared} shared question(s) of {min(len(doc.prints), len(other.prints))}")
    same_day = bool(doc.submitted and doc.submitted == other.submitted)
    if doc.subject and other.subject:
        if doc.subject == other.subject:
            subject_score = 1.0
        else:
            a, b = doc.subject_words, other.subject_words
            subject_score = len(a & b) / max(1, len(a | b))
        if same_day and subject_score >= 0.8:
            score += 1.0
            reasons.append("same opening sentence (subject and submitted date)")
        elif subject_score >= 0.8:
            score += 0.4
            reasons.append("same subject, another or no submitted date")
        elif same_day and subject_score >= 0.4:
            score += 0.4
            reasons.append("same submitted date, similar subject")
    askers_shared = bool(doc.surnames and other.surnames and doc.surnames & other.surnames)
    if askers_shared and score > 0:
        score += 0.2
        reasons.append("same askers")
    if doc.surnames and other.surnames and not askers_shared and score >= 1.0:
        score -= 0.5  # the same questions by other members: a follow-up, not the same zaak
        reasons.append("other askers")
    return score, "; ".join(reasons)


def choose(doc: Features, candidates: Sequence[Candidate]) -> LinkDecision:
    """The case a document without zaak number belongs to, if exactly one candidate is strongly
    supported; uncertain (with the candidates) when evidence is weak or ambiguous."""
    strong: list[tuple[float, Candidate, str]] = []
    weak: list[tuple[float, Candidate, str]] = []
    for cand in candidates:
        best, why = 0.0, ""
        for other in cand.features:
            s, r = evidence(doc, other)
            if s > best:
                best, why = s, r
        if best >= 1.0:
            strong.append((best, cand, why))
        elif best > 0:
            weak.append((best, cand, why))
    if len(strong) == 1:
        _, cand, why = strong[0]
        return LinkDecision(cand.case_key, True, why)
    if len(strong) > 1:
        strong.sort(key=lambda t: -t[0])
        return LinkDecision(None, False, "several cases match: " + strong[0][2],
                            [c.case_key for _, c, _ in strong])
    if weak:
        weak.sort(key=lambda t: -t[0])
        return LinkDecision(None, False, "weak match only: " + weak[0][2], [c.case_key for _, c, _ in weak])
    return LinkDecision(None, True, "no matching case")
