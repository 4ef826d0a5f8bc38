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
# no cache of its own: the callers here cache, and its eviction costs more than stemming again (3x)
_stemmer = Stemmer.Stemmer("dutch_porter", 0)


def fold(word: str) -> str:
    """Lower-case and strip accents (``België`` → ``belgie``), as both backends index."""
    word = word.lower()
    if word.isascii():  # nothing to strip (most words)
        return word
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one word, after folding."""
    return _stemmer.stemWord(fold(word))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word in the text, hyphenated words kept whole."""
    return [(*m.span(), m.group()) for m in TOKEN_RE.finditer(text)]


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
    return stemmed_texts([text])[0]


def stemmed_texts(texts: list[str]) -> list[str]:
    """``stemmed_text`` of each text (the units of one document): the words of all of them looked up
    together, and those not seen before stemmed once each, in one call of the Snowball stemmer."""
    cache = _CACHE  # a hyphenated word is cached as its parts' stems joined by a space; ``stems`` never asks for one
    lists = list(map(TOKEN_RE.findall, texts))
    missing = set().union(*lists).difference(cache)
    if missing:
        if len(cache) + len(missing) > 300_000:
            cache.clear()
            missing = set().union(*lists)
        plain = [w for w in missing if "-" not in w]
        cache.update(zip(plain, _stemmer.stemWords([w.lower() if w.isascii() else fold(w) for w in plain]),
                         strict=True))
        joined = [w for w in missing if "-" in w]
        if joined:  # as ``stems``: the stems of the parts (``stem(part)``), joined by a space
            parts = [[p for p in _PARTS.split(w) if p] for w in joined]
            flat = list({p for ps in parts for p in ps})
            stemmed = dict(zip(flat, _stemmer.stemWords(list(map(fold, flat))), strict=True))
            cache.update(zip(joined, (" ".join([stemmed[p] for p in ps]) for ps in parts), strict=True))
    get = cache.__getitem__
    return [" ".join(map(get, words)) for words in lists]
