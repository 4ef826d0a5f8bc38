"""Earlier questions and answers, cited by public identifier and question number.

Search (``kamervragen.search``) finds earlier question sets; this module ranks their single
question/answer pairs against each new question, so every question gets its own short list. The
ranking is a TF-IDF cosine over the shared stems (``search.analysis``), question text weighted above
answer text; the chosen few are shown newest first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from kamervragen.search.analysis import stems

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{id}.html"

# Function words that say nothing about the topic of a question (stems, after folding).
STOP = frozenset(stems(
    "de het een en of in op aan van voor met door bij naar over om te tot uit als dat die dit deze "
    "is zijn was waren wordt worden werd kan kunt kunnen zal zult zullen wil wilt heeft hebt heb "
    "hebben u uw ik wij we zij ze hij er hier daar niet geen wel ook nog dan al zo ja nee wat welke "
    "hoe waarom wanneer waar wie bent bereid mening deelt kent bekend bericht artikel eens hoeveel "
    "momenteel inmiddels daarbij hiervan hierover welk mee meer gaat gaan acht vindt beoordeelt "
    "beoordeling bovenstaand bovengenoemd genoemde reflecteert aangeven aangegeven verklaart gelet "
    "kader licht sprake stand zaken mogelijk mogelijkheden waarom zou zouden moeten moet kabinet"))
MIN_SHARED = 2  # distinct informative stems a candidate must share with the question


@dataclass
class Citation:
    """One earlier question with its answer: ``ah-tk-20232024-99``, vraag 2."""

    identifier: str  # public identifier of the document holding the answer (ah-tk-…), else kv-tk-…
    question: int | None  # the question number in that document
    question_text: str
    answer_text: str = ""
    date: str | None = None  # YYYY-MM-DD the answer was received (else the questions submitted)
    zaak: str | None = None
    subject: str | None = None
    score: float = 0.0

    @property
    def url(self) -> str:
        return OFFICIAL_URL.format(id=self.identifier)

    @property
    def label(self) -> str:
        """How the kit and the drafts cite it: ``ah-tk-20232024-99, vraag 2``."""
        return f"{self.identifier}, vraag {self.question}" if self.question else self.identifier

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"url": self.url, "label": self.label}


def _terms(text: str) -> list[str]:
    return [s for s in stems(text) if s not in STOP and len(s) > 1 and not s.isdigit()]


def _vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def rank_for_questions(
    questions: Sequence[tuple[int, str]],
    candidates: Iterable[Citation],
    k: int = 3,
    min_score: float = 0.12,
    answer_weight: float = 0.35,
) -> dict[int, list[Citation]]:
    """For each (number, text) question the ``k`` most relevant candidates, newest first.

    A candidate's score is the cosine with its question text plus ``answer_weight`` times the cosine
    with its answer text; candidates below ``min_score`` are dropped, so an unrelated question gets
    an empty list rather than noise. Duplicates (same identifier and question number) count once.
    """
    unique: dict[tuple[str, int | None], Citation] = {}
    for c in candidates:
        unique.setdefault((c.identifier, c.question), c)
    cands = list(unique.values())
    if not cands:
        return {n: [] for n, _ in questions}
    q_counts = [Counter(_terms(c.question_text)) for c in cands]
    a_counts = [Counter(_terms(c.answer_text)) for c in cands]
    new_counts = [Counter(_terms(text)) for _, text in questions]
    docs = q_counts + new_counts
    df: Counter[str] = Counter()
    for counts in docs:
        df.update(counts.keys())
    idf = {t: math.log((1 + len(docs)) / (1 + n)) + 1 for t, n in df.items()}
    q_vecs = [_vector(c, idf) for c in q_counts]
    a_vecs = [_vector(c, idf) for c in a_counts]
    out: dict[int, list[Citation]] = {}
    for (number, _), counts in zip(questions, new_counts, strict=True):
        vec = _vector(counts, idf)
        scored = []
        for cand, qv, av in zip(cands, q_vecs, a_vecs, strict=True):
            if len(vec.keys() & (qv.keys() | av.keys())) < MIN_SHARED:
                continue
            score = _cosine(vec, qv) + answer_weight * _cosine(vec, av)
            if score >= min_score:
                scored.append((score, cand))
        scored.sort(key=lambda pair: -pair[0])
        chosen = [Citation(**{**asdict(c), "score": round(s, 4)}) for s, c in scored[:k]]
        out[number] = newest_first(chosen)
    return out


def newest_first(citations: Iterable[Citation]) -> list[Citation]:
    """Newest answer first; undated last; ties by identifier and question number."""
    items = list(citations)
    items.sort(key=lambda c: (c.question or 0))
    items.sort(key=lambda c: c.identifier)
    items.sort(key=lambda c: c.date or "", reverse=True)
    return items
