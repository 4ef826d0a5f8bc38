"""parse/odata.py on real API rows (tests/fetch/fixtures/odata_rows.json, copied from the source samples)."""

from __future__ import annotations

import json
from pathlib import Path

from kamervragen.model import Asker, ParsedDocument
from kamervragen.parse.odata import disagreements, document_from_api, surname, zaak_from_api

ROWS = json.loads((Path(__file__).parent / "fixtures" / "odata_rows.json").read_text())


def test_real_zaak_row():
    z = zaak_from_api(ROWS["zaak_schriftelijke_vragen"])
    assert z.number == "2025Z15576" and z.soort == "Schriftelijke vragen"
    assert z.started == "2025-08-29" and not z.removed and z.closed is True


def test_tombstone_and_placeholder():
    z = zaak_from_api(ROWS["zaak_tombstone"])
    assert z.removed and z.number is None
    placeholder = [r for r in ROWS["persoon_top3"] if r.get("Verwijderd") is None][0]
    assert zaak_from_api(placeholder) is None
    deleted_doc = [r for r in ROWS["document_top3"] if r.get("Verwijderd")][0]
    assert document_from_api(deleted_doc).removed


def test_expanded_actors_and_documents():
    z = zaak_from_api(ROWS["zaak_motie_expand_zaakactor_document"])
    assert [a.name for a in z.askers] == ["W.J. Koops", "I. Kahraman"]  # Indiener first
    assert z.askers[0].party == "NSC"
    assert z.documents[0].document_number == "2025D37155"
    assert z.documents[0].kind is None  # a motie is not a document of the procedure


def test_documentversie_identifier():
    z = zaak_from_api(ROWS["zaak_expand_documentversie"])
    assert z.documents[0].publication == "kst-19637-3384"
    assert z.documents[0].version == 3


def test_document_kinds():
    assert document_from_api(ROWS["document_antwoord"]).kind == "answers"
    assert document_from_api(ROWS["document_antwoord"]).appendix_number == "242501541"
    assert document_from_api(ROWS["document_mededeling"]).kind == "postponement"


def test_disagreements():
    z = zaak_from_api(ROWS["zaak_motie_expand_zaakactor_document"])
    z.started = "2025-09-04"
    doc = z.documents[0]
    doc.kind = "questions"
    same = ParsedDocument(source="-", kind="questions", submitted="2025-09-04",
                          askers=[Asker("Koops", "NSC"), Asker("Kahraman", "NSC")])
    assert disagreements(z, doc, same) == []
    other = ParsedDocument(source="-", kind="questions", submitted="2025-09-05",
                           askers=[Asker("Koops", "CDA"), Asker("Kahraman", "NSC")])
    fields = {d.field: (d.api, d.text) for d in disagreements(z, doc, other)}
    assert fields == {"submitted": ("2025-09-04", "2025-09-05"), "party:koops": ("NSC", "CDA")}


def test_surname():
    assert surname("W.J. Koops") == "koops"
    assert surname("Van Eijk-Nagel") == "van eijk nagel"
    assert surname("Th.C. de Graaf") == "de graaf"
