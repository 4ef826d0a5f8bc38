"""Text analysis shared by indexing and querying: tokenise, fold, stem (Snowball ``dutch_porter``).

``dutch_porter`` gives the same stems as PostgreSQL's ``dutch`` text search configuration, so both
backends agree (see shared/docs/stack.md). Python's sqlite3 cannot register an FTS5 tokenizer, so the
SQLite index holds pre-stemmed text; snippets are built from the original words by mapping stems back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_stemmer = Stemmer.Stemmer("dutch_porter")


def fold(word: str) -> str:
    """Lower-case and strip accents (``België`` → ``belgie``), as both backends index."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one word, after folding."""
    return _stemmer.stemWord(fold(word))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word in the text, hyphenated words kept whole."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


_PARTS = re.compile(r"[-'’]")
_CACHE: dict[str, str] = {}  # word as written → stem: the same words recur in every document


def stems(text: str) -> list[str]:
    """The stems of every word, in order; hyphenated words give their parts too."""
    cache = _CACHE
    out: list[str] = []
    for word in TOKEN_RE.findall(text):
        if "-" in word:
            out.extend(stem(part) for part in _PARTS.split(word) if part)
            continue
        s = cache.get(word)
        if s is None:
            if len(cache) > 300_000:
                cache.clear()
            s = cache[word] = _stemmer.stemWord(word.lower() if word.isascii() else fold(word))
        out.append(s)
    return out


def stemmed_text(text: str) -> str:
    """The text as the index holds it: stems joined by spaces (a hyphenated word: its parts' stems)."""
    cache = _CACHE  # a hyphenated word is cached as its parts' stems joined by a space; ``stems`` never asks for one
    words = TOKEN_RE.findall(text)
    out = list(map(cache.get, words))
    if None in out:
        for i, s in enumerate(out):
            if s is None:
                out[i] = " ".join(stems(words[i]))
                if "-" in words[i]:
                    cache[words[i]] = out[i]
    return " ".join(out)
