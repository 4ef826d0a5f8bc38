"""A light extractor of named things: organisations, laws, places, people, schemes.

No model: capitalised word sequences that do not start a sentence (or that are multi-word),
acronyms (``TNO``, ``SDE+``, ``F-16``), and law names (``Participatiewet``, ``Wet …``). Each entity
gets a folded key; a multi-word name also yields its distinctive words, so "Haga Lyceum" and
"Cornelius Haga Lyceum" still share something. Ranking weighs keys by how rare they are in the
corpus, so generic names ("Nederland") count for little without a stop list of places.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kamervragen.search.analysis import fold

# Capitalised words that are not names: sentence openers, titles, the procedure's own words.
_GENERIC = set("""
aan al als antwoord april augustus bent beantwoording bericht beiden allen bij binnenlandse
buitenlandse daarnaast dan dat de december deelt den der deze die dit doet door een eerste en
februari financien gaat geachte hebt heeft het hoe hoeveel hoezo in indien is januari juli juni
kabinet kamer kamerlid kamerleden kan kent klopt komt koninkrijksrelaties kunt lid maart mag
mede mededeling mei minister ministerie ministers ministerpresident minister-president
naar namens noot nota november oktober of om ontvangen onderschrijft op over per reeds
regering rijksoverheid september sinds staatssecretaris staatssecretarissen tot tweede u uw
van vanwege verder vergaderjaar volgens voor vraag vragen waar waarom wanneer wat welk welke
wie wij zaken zal zijn zo zou zouden zullen ingezonden aanhangsel handelingen opinie zie
tevens tenslotte ten voorts vindt wilt weet acht erkent vind hoort overweegt gaan heb hebben
was waren werd worden wordt kunnen moeten deelt zo ja nee nu ook ons onze graag erop
mevrouw meneer heer dhr mw drs dr prof mr ing ir
""".split())

_CONNECT = {"van", "de", "der", "den", "het", "voor", "'t", "la", "le", "du", "von"}
_UP = "A-ZÀ-ÖØ-Þ"
_CAP = rf"[{_UP}][\wÀ-ÖØ-öø-ÿ'’+-]*"
# a run of capitalised words, possibly joined by lower-case particles ("Onderzoeksraad voor Veiligheid")
_RUN = re.compile(rf"(?<![\w-]){_CAP}(?:\s+(?:(?:van|de|der|den|het|voor|'t|la|le|du|von)\s+)*{_CAP})*")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}[a-z]{0,3}[A-Z]*\+*|[A-Z]+-?\d+[a-z]?|[A-Z][a-z]?[A-Z]{1,}[a-zA-Z]*)(?:-\w+)?$")
_LAW = re.compile(r"\b\w{3,}(?:wet|verdrag|richtlijn|akkoord)\b")
_OPENERS = set(".?!:;«“\"(\n")


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return fold(word).replace("’", "'")


def _at_start(text: str, start: int) -> bool:
    """Whether the run at ``start`` opens the text, a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _OPENERS


MAX_CHARS = 4000  # the matter is named early: the subject and the first questions


@lru_cache(maxsize=1024)
def extract(text: str) -> dict[str, str]:
    """Named things in the text (its first ``MAX_CHARS`` characters): {folded key: the words as first
    written}. Cached: an answers document repeats the questions of its questions document. Do not
    modify the returned dict."""
    text = text[:MAX_CHARS]
    found: dict[str, str] = {}
    for m in _RUN.finditer(text):
        words = m.group().split()
        if len(words) == 1:  # most runs: one word, named unless generic or opening a sentence
            word = words[0]
            key = _fold(word)
            if key in _GENERIC or word.lower() in _CONNECT or not word[:1].isupper():
                continue
            if _ACRONYM.match(word) or not _at_start(text, m.start()):
                found.setdefault(key, word)
            continue
        at_start = _at_start(text, m.start())
        while words and (words[0].lower() in _CONNECT or _fold(words[0]) in _GENERIC):
            words.pop(0)
            at_start = False
        while words and (words[-1].lower() in _CONNECT or _fold(words[-1]) in _GENERIC):
            words.pop()
        if not words:
            continue
        names = [w for w in words if w[:1].isupper() and _fold(w) not in _GENERIC]
        acronym = any(_ACRONYM.match(w) for w in names)
        if len(names) >= 2 or (names and not at_start) or acronym:
            found.setdefault(" ".join(_fold(w) for w in words), " ".join(words))
            if len(names) >= 2:
                for w in names:
                    if len(w) >= 4 or _ACRONYM.match(w):
                        found.setdefault(_fold(w), w)
    for m in _LAW.finditer(text):
        word = m.group()
        if word[:1].islower():
            found.setdefault(_fold(word), word)
    return found
