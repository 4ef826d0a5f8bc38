"""Snippets with highlights in the original words.

The index holds stems, so FTS5's own ``snippet()`` would show stems. Here the stored original text
is tokenised again and each word whose stem (or one of its hyphen parts) matches a query stem is
highlighted; the snippet is the window of words with the most distinct matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kamervragen.search.analysis import stem, tokens
from kamervragen.search.query import Phrase, Term, prefix_stem


@dataclass
class Snippet:
    """A piece of original text; ``highlights`` are (start, end) offsets into ``text``."""

    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, open_: str = "[", close: str = "]") -> str:
        out, pos = [], 0
        for s, e in self.highlights:
            out.append(self.text[pos:s] + open_ + self.text[s:e] + close)
            pos = e
        out.append(self.text[pos:])
        return "".join(out)

    def to_json(self) -> dict:
        return {"text": self.text, "highlights": [list(h) for h in self.highlights]}


class Matcher:
    """Which words of a text match the query's positive terms."""

    def __init__(self, terms: list[Term | Phrase]):
        self._seen: dict[str, int | None] = {}  # word as written → term: a text repeats its words
        self.exact: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        for i, t in enumerate(terms):
            if isinstance(t, Term) and t.prefix:
                self.prefixes.append((prefix_stem(t), i))
                for s in t.stems[:-1]:
                    self.exact.setdefault(s, i)
            else:
                for s in t.stems:
                    self.exact.setdefault(s, i)

    def probes(self) -> list[str]:
        """Lower-case strings that a matching text most likely contains (the stems and prefixes)."""
        return sorted(set(self.exact) | {p for p, _ in self.prefixes})

    def term_of(self, word: str) -> int | None:
        try:
            return self._seen[word]
        except KeyError:
            term = self._seen[word] = self._term_of(word)
            return term

    def _term_of(self, word: str) -> int | None:
        parts = re.split(r"[-'’]", word) if ("-" in word or "'" in word or "’" in word) else [word]
        for part in parts:
            if not part:
                continue
            s = stem(part)
            if s in self.exact:
                return self.exact[s]
            for p, i in self.prefixes:
                if s.startswith(p) or part.lower().startswith(p):
                    return i
        return None

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, term index) of each matching word."""
        out = []
        for s, e, w in tokens(text):
            i = self.term_of(w)
            if i is not None:
                out.append((s, e, i))
        return out


_SPACES = str.maketrans({c: " " for c in "\n\r\t\f\v\u00a0\u2028\u2029"})  # one for one: offsets stay
REGION = 700  # characters: long texts are cut to the region with most query words before tokenising


def _region(text: str, probes: list[str]) -> tuple[int, int]:
    """The stretch of a long text where the most distinct probes occur (by a lower-case substring
    search, no tokenising)."""
    low = text.lower()
    found: list[tuple[int, int]] = []
    for i, p in enumerate(probes):
        start = low.find(p)
        n = 0
        while start >= 0 and n < 20:
            found.append((start, i))
            start = low.find(p, start + 1)
            n += 1
    if not found:
        return 0, min(len(text), REGION)
    found.sort()
    best, best_at = -1, 0
    for pos, _ in found:
        distinct = len({i for q, i in found if pos <= q < pos + REGION // 2})
        if distinct > best:
            best, best_at = distinct, pos
    a = max(0, best_at - REGION // 4)
    b = min(len(text), a + REGION)
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


def make_snippet(text: str, matcher: Matcher, words: int = 40, probes: list[str] | None = None) -> tuple[Snippet, int]:
    """The best window of about ``words`` words, and how many distinct terms it shows. With ``probes``
    (``Matcher.probes()``) a long text is first cut to its most promising region."""
    if probes and len(text) > REGION * 1.5:
        a, b = _region(text, probes)
        snip, distinct = make_snippet(text[a:b], matcher, words)
        body = snip.text
        shift = 0
        if a > 0 and not body.startswith("…"):
            body, shift = "…" + body, 1
        if b < len(text) and not body.endswith("…"):
            body += "…"
        return Snippet(body, [(s + shift, e + shift) for s, e in snip.highlights]), distinct
    toks = tokens(text)
    if not toks:
        return Snippet(text.strip()), 0
    hit_at = {}
    term_of = matcher.term_of
    for idx, (_, _, w) in enumerate(toks):
        i = term_of(w)
        if i is not None:
            hit_at[idx] = i
    if len(toks) <= words:
        lo, hi = 0, len(toks)
    else:
        best, lo = (-1, -1), 0
        positions = sorted(hit_at) or [0]
        for p in positions:
            start = max(0, min(p - words // 4, len(toks) - words))
            inside = [hit_at[k] for k in positions if start <= k < start + words and k in hit_at]
            score = (len(set(inside)), len(inside))
            if score > best:
                best, lo = score, start
        hi = lo + words
    start_char = toks[lo][0]
    end_char = toks[hi - 1][1]
    # end at a sentence end when one is near
    while end_char < len(text) and text[end_char] in ".?!,;:»”’\")":
        end_char += 1
    piece = text[start_char:end_char]
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(toks) else ""
    highlights = [(toks[k][0] - start_char + len(prefix), toks[k][1] - start_char + len(prefix))
                  for k in sorted(hit_at) if lo <= k < hi]
    snippet = Snippet(prefix + piece.translate(_SPACES) + suffix, highlights)
    return snippet, len({hit_at[k] for k in hit_at if lo <= k < hi})
