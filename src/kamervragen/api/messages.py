"""Dutch for the messages the lower stages (search, procedure, parse) write in English for the CLI.

The web UI and the API answer in Dutch; ``dutch(message)`` replaces every sentence it knows (also when it
is part of a longer message, such as "Deze zoekvraag kan niet worden uitgevoerd: …") and leaves the rest
as it is. ``validation_nl(error)`` does the same for a FastAPI/pydantic validation error of a page."""

from __future__ import annotations

import re
from typing import Any

_Q = r"[“'\"](.*?)[”'\"]"  # a quoted value, as the stages quote it ('x', “x”)

_DATE_NAMES = {"from": "begindatum", "to": "einddatum", "today": "datum van vandaag"}

_SENTENCES: list[tuple[re.Pattern[str], Any]] = [(re.compile(p), r) for p, r in [
    # procedure
    (rf"unknown ministry {_Q}; use a name such as 'Buitenlandse Zaken' or a code such as BZ\.",
     r"Ministerie “\1” is onbekend; gebruik een naam als Buitenlandse Zaken of een afkorting als BZ."),
    (rf"unknown status {_Q}; use one of ([^.]*)\.", r"Status “\1” bestaat niet; kies uit \2."),
    (r"--since is after --until\.", "De begindatum ligt na de einddatum."),
    (rf"unknown grouping {_Q}; use one of ([^.]*)\.", r"Indeling “\1” bestaat niet; kies uit \2."),
    (rf"unknown export format {_Q}; use one of ([^.]*)\.", r"Exportformaat “\1” bestaat niet; kies uit \2."),
    # follows, saved searches, feeds
    (rf"unknown feed {_Q}; use case:ZAAK, member:NAME, ministry:NAME, party:NAME, search:NAME or all\.",
     r"Feed “\1” bestaat niet; gebruik case:ZAAK, member:NAAM, ministry:NAAM, party:NAAM, search:NAAM of all."),
    (rf"no case {_Q} in the database\.", r"Zaak “\1” staat niet in de database."),
    (rf"no saved search named {_Q}(; save one with `kamervragen alerts save`)?\.",
     r"Er is geen opgeslagen zoekvraag met de naam “\1”."),
    (rf"cannot follow {_Q}; follow a case, member, ministry or party\.",
     r"“\1” kan niet gevolgd worden; volg een zaak, Kamerlid, ministerie of partij."),
    (rf"cannot unfollow {_Q}; use case, member, ministry or party\.",
     r"“\1” kan niet ontvolgd worden; gebruik een zaak, Kamerlid, ministerie of partij."),
    (r"a saved search needs a name without a colon\.", "Een opgeslagen zoekvraag heeft een naam zonder dubbele punt."),
    # search filters and query syntax
    (rf"Status {_Q} is not one of ([^.]*)\.", r"Status “\1” bestaat niet; kies uit \2."),
    (rf"Kind {_Q} is not one of ([^.]*)\.", r"Soort “\1” bestaat niet; kies uit \2."),
    (rf"Sort {_Q} is not one of relevance, date\.", "Sorteer op relevance of date."),
    (rf"The (from|to|today) date {_Q} is not a date like 2024-02-07\.",
     lambda m: f"De {_DATE_NAMES[m.group(1)]} “{m.group(2)}” is geen datum als 2024-02-07."),
    (rf"The query cannot be read near {_Q}\.", r"De zoekvraag is niet te lezen bij “\1”."),
    (r"A prefix search needs at least one letter before the “\*”\.",
     "Zoeken op het begin van een woord vraagt minstens één letter vóór de “*”."),
    (rf"The query has an unexpected {_Q}; check the parentheses\.",
     r"De zoekvraag heeft een onverwachte “\1”; controleer de haakjes."),
    (r"“(OR|AND)” needs a word on both sides\.", r"“\1” vraagt aan beide kanten een woord."),
    (r"“NOT” \(or “-”\) needs a word after it\.", "“NOT” (of “-”) vraagt een woord erachter."),
    (r"The query has a “\(” without its “\)”\.", "De zoekvraag heeft een “(” zonder “)”."),
    (r"The query has a “\)” without its “\(”\.", "De zoekvraag heeft een “)” zonder “(”."),
    (r"The query has a “\"” without its closing quote\.", "De zoekvraag heeft een “\"” zonder afsluitend aanhalingsteken."),
    (r"The query is longer than (\d+) characters\.", r"De zoekvraag is langer dan \1 tekens."),
    (r"The query holds no word to search for\.", "De zoekvraag bevat geen woord om op te zoeken."),
    (r"A query needs at least one word to find, not only words to exclude\.",
     "Een zoekvraag heeft minstens één woord om te vinden nodig, niet alleen woorden om uit te sluiten."),
    (r"The query has more than (\d+) words\.", r"De zoekvraag heeft meer dan \1 woorden."),
    (r"The limit must be at least 1 and the offset not negative\.",
     "Het aantal moet minstens 1 zijn en het begin mag niet negatief zijn."),
    (r"The search took longer than ([\d.]+) s; add words or filters to narrow it\.",
     r"Het zoeken duurde langer dan \1 s; voeg woorden of filters toe om het te beperken."),
    (r"The search engine could not run this query \((.*)\)\.", r"De zoekmachine kon deze zoekvraag niet uitvoeren (\1)."),
    (rf"No stored case {_Q} was found in the search index\.", r"Zaak “\1” staat niet in de zoekindex."),
    # the most common reasons a document cannot be parsed
    (r"The text is not a document of the written-questions procedure \(no questions, answers or notice found\)\.",
     "De tekst is geen document van de procedure van schriftelijke vragen (geen vragen, antwoorden of "
     "mededeling gevonden)."),
    (r"The file is binary, not (a document of the procedure|text)\.", "Het bestand is binair, geen tekst."),
    (r"The file is empty\.", "Het bestand is leeg."),
    (r"The (file|DOCX file|HTML page) holds no text\.", "Het bestand bevat geen tekst."),
    (r"The PDF file holds no text \(it may be a scan without a text layer\)\.",
     "Het PDF-bestand bevat geen tekst (misschien een scan zonder tekstlaag)."),
    (r"The PDF file is protected by a password\.", "Het PDF-bestand is met een wachtwoord beveiligd."),
]]


def dutch(message: str) -> str:
    """``message`` with every English sentence this module knows replaced by its Dutch version."""
    for pattern, replacement in _SENTENCES:
        message = pattern.sub(replacement, message)
    return message


_VALIDATION = {
    "missing": "ontbreekt",
    "int_parsing": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "string_too_long": "mag hoogstens {max_length} tekens lang zijn",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "literal_error": "moet een van deze zijn: {expected}",
}


def validation_nl(error: dict[str, Any]) -> str:
    """One pydantic validation error of a page, in Dutch: "pagina moet minstens 1 zijn"."""
    loc = ".".join(str(x) for x in error.get("loc", ())[1:]) or "invoer"
    template = _VALIDATION.get(str(error.get("type", "")), "is ongeldig")
    ctx = {k: str(v).replace("'", "") for k, v in (error.get("ctx") or {}).items()}
    try:
        text = template.format(**ctx)
    except (KeyError, IndexError):
        text = "is ongeldig"
    return f"{loc} {text}"
