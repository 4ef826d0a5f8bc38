"""Tweede Kamer OData rows → the model: the one place API metadata is read.

``zaak_from_api`` maps a Zaak row with its ``$expand``-ed ``Document`` (with ``HuidigeDocumentVersie``)
and ``ZaakActor`` lists; ``document_from_api`` a Document row alone. Three row states exist at the
source (see ``shared/docs/source-samples``): a normal row, a deleted tombstone (content null,
``Verwijderd: true``) and a placeholder (every field null, ``Verwijderd: null``), which maps to None.

``disagreements`` compares the API's values with what the parser read from the text of the same
document; both are kept and the case is flagged, the text's value is the one shown.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kamervragen.model import ApiActor, ApiDocument, ApiZaak, Asker, Disagreement, ParsedDocument

SOORT_KIND: dict[str, tuple[str, bool]] = {
    "Schriftelijke vragen": ("questions", False),
    "Antwoord schriftelijke vragen": ("answers", False),
    "Antwoord schriftelijke vragen (nader)": ("answers", True),
    "Mededeling (uitstel antwoord)": ("postponement", False),
    "Mededeling (intrekking)": ("withdrawal", False),
}
ASKER_RELATIONS = ("Indiener", "Medeindiener")
ADDRESSEE_RELATION = "Gericht aan"


def _day(value: Any) -> str | None:
    """The local date of an Edm.DateTimeOffset ("2025-08-29T00:00:00+02:00" → "2025-08-29")."""
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _placeholder(row: dict[str, Any]) -> bool:
    return row.get("Verwijderd") is None and not any(v for k, v in row.items() if k != "Id")


def actor_from_api(row: dict[str, Any]) -> ApiActor | None:
    if not row.get("Id") or _placeholder(row):
        return None
    return ApiActor(id=row["Id"], relation=row.get("Relatie"), name=row.get("ActorNaam"),
                    party=row.get("ActorFractie"), function=row.get("Functie"), person_id=row.get("Persoon_Id"),
                    party_id=row.get("Fractie_Id"), changed=row.get("ApiGewijzigdOp"),
                    removed=bool(row.get("Verwijderd")), row=_plain(row))


def document_from_api(row: dict[str, Any]) -> ApiDocument | None:
    if not row.get("Id") or _placeholder(row):
        return None
    soort = row.get("Soort")
    kind, supplementary = SOORT_KIND.get(soort or "", (None, False))
    versie = row.get("HuidigeDocumentVersie") or {}
    return ApiDocument(
        id=row["Id"], soort=soort, kind=kind, supplementary=supplementary,
        document_number=row.get("DocumentNummer"), subject=row.get("Onderwerp"), date=_day(row.get("Datum")),
        received=_day(row.get("DatumOntvangst")), session=row.get("Vergaderjaar"),
        appendix_number=row.get("Aanhangselnummer"), content_type=row.get("ContentType"),
        publication=(versie.get("ExterneIdentifier") or None) if not versie.get("Verwijderd") else None,
        version_id=row.get("HuidigeDocumentVersie_Id") or versie.get("Id"), version=versie.get("Versienummer"),
        changed=row.get("ApiGewijzigdOp"), removed=bool(row.get("Verwijderd")), row=_plain(row))


def zaak_from_api(row: dict[str, Any]) -> ApiZaak | None:
    """A Zaak row (with its expanded Document and ZaakActor lists when present) → ``ApiZaak``."""
    if not row.get("Id") or _placeholder(row):
        return None
    actors = [a for a in (actor_from_api(r) for r in row.get("ZaakActor") or []) if a]
    documents = [d for d in (document_from_api(r) for r in row.get("Document") or []) if d]
    live = [a for a in actors if not a.removed]
    askers = [Asker(a.name or "", a.party) for rel in ASKER_RELATIONS for a in live
              if a.relation == rel and a.name]
    addressees = [a.function or a.name or "" for a in live if a.relation == ADDRESSEE_RELATION]
    return ApiZaak(id=row["Id"], number=row.get("Nummer"), soort=row.get("Soort"), subject=row.get("Onderwerp"),
                   started=_day(row.get("GestartOp")), closed=row.get("Afgedaan"), changed=row.get("ApiGewijzigdOp"),
                   removed=bool(row.get("Verwijderd")), askers=askers, addressees=[a for a in addressees if a],
                   actors=actors, documents=documents, row=_plain(row))


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """The row's own properties, navigation lists and objects left out (they are mapped separately)."""
    return {k: v for k, v in row.items() if not isinstance(v, list | dict)}


# -- comparing with the text -----------------------------------------------------------------------

_INITIALS = re.compile(r"^(?:[A-Z][a-z]{0,2}\.\s*)+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).strip()


def surname(name: str) -> str:
    """"W.J. Koops" → "koops"; "Van Eijk-Nagel" → "van eijk nagel" (initials dropped, folded)."""
    return _fold(_INITIALS.sub("", name.strip()))


def _same_person(api_name: str, text_name: str) -> bool:
    a, t = surname(api_name), surname(text_name)
    return bool(a and t) and (a == t or a.endswith(" " + t) or t.endswith(" " + a))


def disagreements(zaak: ApiZaak, doc: ApiDocument, parsed: ParsedDocument) -> list[Disagreement]:
    """Where the API and the text of one document disagree. Only values both sides give are compared
    (a text that does not print the zaak number does not disagree with the API's)."""
    out: list[Disagreement] = []
    if doc.kind and parsed.kind and doc.kind != parsed.kind:
        out.append(Disagreement("kind", doc.kind, parsed.kind))
    if zaak.number and parsed.zaak and zaak.number != parsed.zaak:
        out.append(Disagreement("zaak", zaak.number, parsed.zaak))
    if doc.document_number and parsed.document_number and doc.document_number != parsed.document_number:
        out.append(Disagreement("document_number", doc.document_number, parsed.document_number))
    if doc.publication and parsed.publication and doc.publication != parsed.publication:
        out.append(Disagreement("publication", doc.publication, parsed.publication))
    if doc.kind == "questions" and zaak.started and parsed.submitted and zaak.started != parsed.submitted:
        out.append(Disagreement("submitted", zaak.started, parsed.submitted))
    if doc.kind in ("answers", "postponement") and doc.received and parsed.received \
            and doc.received != parsed.received:
        out.append(Disagreement("received", doc.received, parsed.received))
    if zaak.askers and parsed.askers:
        for asker in zaak.askers:
            match = next((t for t in parsed.askers if _same_person(asker.name, t.name)), None)
            if match is None:
                out.append(Disagreement(f"asker:{surname(asker.name)}", _asker(asker), None))
            elif asker.party and match.party and _fold(asker.party) != _fold(match.party):
                out.append(Disagreement(f"party:{surname(asker.name)}", asker.party, match.party))
        for t in parsed.askers:
            if not any(_same_person(a.name, t.name) for a in zaak.askers):
                out.append(Disagreement(f"asker:{surname(t.name)}", None, _asker(t)))
    if zaak.addressees and parsed.addressees:
        api = sorted({_fold(a) for a in zaak.addressees})
        text = sorted({_fold(a) for a in parsed.addressees})
        if api != text:
            out.append(Disagreement("addressees", "; ".join(zaak.addressees), "; ".join(parsed.addressees)))
    return out


def _asker(a: Asker) -> str:
    return f"{a.name} ({a.party})" if a.party else a.name
