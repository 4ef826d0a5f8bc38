"""The fixed sentences of the official layout, rebuilt from a parsed questions document.

The wording follows the published documents in the sample corpus: the opening sentence of the
questions ("Vragen van de leden … (allen VVD) aan de … over … (ingezonden 7 februari 2024)."),
the answer's opening ("Antwoord van Staatssecretaris … (Financiën), mede namens de Minister van
Buitenlandse Zaken (ontvangen …)."), and the postponement notice (ob-ah-tk-20112012-1893,
ob-ah-tk-20082009-185, tk-2024D35445: "Hierbij deel ik u mede dat de schriftelijke vragen … niet binnen
de gebruikelijke termijn kunnen worden beantwoord, aangezien …").
"""

from __future__ import annotations

import re
from datetime import date

from kamervragen.model import Asker, ParsedDocument

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

# What the civil servant fills in; kept visible in both renderings.
PLACEHOLDER_NAME = "[naam]"
PLACEHOLDER_DATE = "[datum]"
PLACEHOLDER_REASON = "[reden van het uitstel, bijvoorbeeld: de beantwoording interdepartementale afstemming vraagt]"


def dutch_date(value: date | str | None, weekday: bool = False) -> str:
    """``2024-02-07`` → ``7 februari 2024`` (optionally ``woensdag 7 februari 2024``)."""
    if value is None or value == "":
        return PLACEHOLDER_DATE
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def join_nl(items: list[str]) -> str:
    """``[a, b, c]`` → ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def askers_phrase(askers: list[Asker]) -> str:
    """``het lid X (P)``, ``de leden A en B (beiden P)``, ``de leden A, B en C (allen P)`` or, with
    mixed parties, ``de leden A (P1), B (P2) en C (P3)``."""
    if not askers:
        return "het lid " + PLACEHOLDER_NAME
    if len(askers) == 1:
        a = askers[0]
        return f"het lid {a.name}" + (f" ({a.party})" if a.party else "")
    parties = {a.party for a in askers}
    names = [a.name for a in askers]
    if len(parties) == 1 and None not in parties:
        both = "beiden" if len(askers) == 2 else "allen"
        return f"de leden {join_nl(names)} ({both} {askers[0].party})"
    return "de leden " + join_nl([a.name + (f" ({a.party})" if a.party else "") for a in askers])


def addressees_phrase(addressees: list[str]) -> str:
    """``de Staatssecretaris van Financiën en de Minister van Buitenlandse Zaken``."""
    if not addressees:
        return "de " + "[bewindspersoon]"
    return join_nl([f"de {office}" for office in addressees])


def opening_sentence(doc: ParsedDocument) -> str:
    """The opening sentence of the questions as the Kamer publishes it."""
    text = f"Vragen van {askers_phrase(doc.askers)} aan {addressees_phrase(doc.addressees)}"
    if doc.subject:
        text += f" over {doc.subject}"
    return text + f" (ingezonden {dutch_date(doc.submitted)})."


def split_office(office: str) -> tuple[str, str | None]:
    """``Staatssecretaris van Financiën`` → (``Staatssecretaris``, ``Financiën``);
    ``Minister voor Klimaat en Energie`` → (``Minister``, ``Klimaat en Energie``);
    ``Minister-president`` → (``Minister-president``, ``Algemene Zaken``)."""
    office = office.strip()
    if office.lower().startswith("minister-president"):
        return "Minister-president", "Algemene Zaken"
    m = re.match(r"^(.+?)\s+(?:van|voor)\s+(.+)$", office)
    if not m:
        return office, None
    return m.group(1)[:1].upper() + m.group(1)[1:], m.group(2)


def answerer_phrase(office: str | None, name: str | None = None) -> str:
    """``Staatssecretaris [naam] (Financiën)``: the office holder as the answer's opening names them."""
    if not office:
        return f"[bewindspersoon] {name or PLACEHOLDER_NAME}"
    title, portfolio = split_office(office)
    return f"{title} {name or PLACEHOLDER_NAME}" + (f" ({portfolio})" if portfolio else "")


def answer_opening(office: str | None, on_behalf: list[str], received: str | None = None,
                   name: str | None = None, word: str = "Antwoord") -> str:
    """``Antwoord van Staatssecretaris [naam] (Financiën), mede namens de Minister van Buitenlandse
    Zaken (ontvangen [datum]).`` ``word`` is ``Mededeling`` for a postponement notice."""
    text = f"{word} van {answerer_phrase(office, name)}"
    if on_behalf:
        text += ", mede namens " + join_nl([f"de {o}" for o in on_behalf])
    return text + f" (ontvangen {dutch_date(received)})."


def postponement_text(doc: ParsedDocument, reason: str | None = None) -> str:
    """The body of the mededeling (uitstelbericht), in the wording of the published notices."""
    what = f"de schriftelijke vragen van {askers_phrase(doc.askers)} van uw Kamer aan " \
           f"{addressees_phrase(doc.addressees)}"
    if doc.subject:
        what += f" over {doc.subject}"
    what += f" ({doc.zaak}, " if doc.zaak else " ("
    what += f"ingezonden {dutch_date(doc.submitted)})"
    first = f"Hierbij deel ik u mede dat {what} niet binnen de gebruikelijke termijn kunnen worden " \
            f"beantwoord, aangezien {reason or PLACEHOLDER_REASON}."
    return first + "\n\nIk streef ernaar de vragen zo spoedig mogelijk te beantwoorden."
