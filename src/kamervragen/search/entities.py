"""A light extractor of named things: organisations, laws, places, people, schemes.

No model: capitalised word sequences that do not start a sentence (or that are multi-word),
acronyms (``TNO``, ``SDE+``, ``F-16``), and law names (``Participatiewet``, ``Wet …``). Each entity
gets a folded key; a multi-word name also yields its distinctive words, so "Haga Lyceum" and
"Cornelius Haga Lyceum" still share something. Ranking weighs keys by how rare they are in the
corpus, so generic names ("Nederland") count for little without a stop list of places.
"""

from __future__ import annotations

import re

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
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\wÀ-ÖØ-öø-ÿ'’-]*\+*")
_SENTENCE_END = re.compile(r"[.?!:;«»\"“”()\n]|^")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}[a-z]{0,3}[A-Z]*\+*|[A-Z]+-?\d+[a-z]?|[A-Z][a-z]?[A-Z]{1,}[a-zA-Z]*)$")
_LAW = re.compile(r"(?:wet|besluit|regeling|verdrag|richtlijn|akkoord)$", re.I)


def _key(words: list[str]) -> str:
    return " ".join(fold(w) for w in words).replace("’", "'")


def extract(text: str) -> dict[str, str]:
    """Named things in the text: {folded key: the words as first written}."""
    found: dict[str, str] = {}
    run: list[str] = []
    run_starts_sentence = False
    prev_end = 0

    def flush() -> None:
        nonlocal run
        while run and run[-1].lower() in _CONNECT:
            run.pop()
        while run and (run[0].lower() in _CONNECT or fold(run[0]) in _GENERIC):
            run.pop(0)
        if run:
            names = [w for w in run if w[:1].isupper() and fold(w) not in _GENERIC]
            if len(names) >= 2 or (names and not run_starts_sentence) or any(_ACRONYM.match(w) for w in names):
                found.setdefault(_key(run), " ".join(run))
                if len(names) >= 2:
                    for w in names:
                        if len(w) >= 4 or _ACRONYM.match(w):
                            found.setdefault(_key([w]), w)
        run = []

    for m in _WORD.finditer(text):
        word = m.group()
        gap = text[prev_end:m.start()]
        at_start = prev_end == 0 or bool(re.search(r"[.?!:;\n«“\"(]", gap))
        prev_end = m.end()
        if at_start and run:
            flush()
        if word[:1].isupper() or _ACRONYM.match(word):
            if not run:
                run_starts_sentence = at_start
            run.append(word)
        elif run and word.lower() in _CONNECT and not at_start:
            run.append(word)
        else:
            if run:
                flush()
            if _LAW.search(word) and len(word) > 7 and not word.lower().startswith(("regeling", "besluit")):
                found.setdefault(_key([word]), word)
    if run:
        flush()
    return found
