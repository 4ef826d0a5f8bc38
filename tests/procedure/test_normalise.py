"""Offices → ministries and party spellings → parties; the spellings are the ones met in the sample corpus
(tests/fixtures/truth/*.json) and in domain.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamervragen.procedure.normalise import (
    lead_ministry,
    ministries_of,
    normalise_office,
    normalise_party,
    split_offices,
)

TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "truth"


@pytest.mark.parametrize(
    ("written", "on", "ministry"),
    [
        ("Minister van Buitenlandse Zaken", None, "Buitenlandse Zaken"),
        ("minister van Buitenlandse Zaken", None, "Buitenlandse Zaken"),
        ("Minister voor Klimaat en Energie", "2023-05-01", "Economische Zaken en Klimaat"),
        ("Minister-president", None, "Algemene Zaken"),
        ("Minister President", None, "Algemene Zaken"),
        ("Staatssecretaris van Financiën", None, "Financiën"),
        ("Staatssecretaris van Financiën – Toeslagen en Douane", None, "Financiën"),
        ("staatssecretaris van VWS", None, "Volksgezondheid, Welzijn en Sport"),
        ("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking", None, "Buitenlandse Zaken"),
        ("Minister voor Immigratie, Integratie en Asiel", "2011-06-01", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Minister voor Basis- en Voortgezet Onderwijs en Media", None, "Onderwijs, Cultuur en Wetenschap"),
        ("Minister voor Rechtsbescherming", None, "Justitie en Veiligheid"),
        ("Minister van Binnenlandse Zaken", None, "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Staatssecretaris Teeven (Veiligheid en Justitie)", None, "Veiligheid en Justitie"),
        ("Staatssecretaris voor Europese Zaken", None, "Buitenlandse Zaken"),
    ],
)
def test_office_to_ministry(written, on, ministry):
    office = normalise_office(written, on)
    assert office.ministry == ministry
    assert office.written == written


def test_every_addressee_in_the_truth_files_is_recognised():
    unknown = set()
    for path in TRUTH.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for written in data.get("addressees") or []:
            if normalise_office(written, data.get("submitted")).ministry is None:
                unknown.add(written)
    assert unknown == set()


def test_several_offices_and_the_lead():
    assert split_offices("de Ministers van Financiën en van Defensie") == [
        "Minister van Financiën", "Minister van Defensie"]
    assert split_offices("de Minister-president en de Minister van Justitie en Veiligheid") == [
        "Minister-president", "Minister van Justitie en Veiligheid"]
    assert ministries_of(["de Minister-president, de Ministers van Financiën en van Defensie"]) == [
        "Algemene Zaken", "Financiën", "Defensie"]
    # the seed zaak 2024Z01911
    addressees = ["Staatssecretaris van Financiën", "Minister van Buitenlandse Zaken"]
    assert lead_ministry(addressees, "2024-02-07") == "Financiën"
    assert ministries_of(addressees) == ["Financiën", "Buitenlandse Zaken"]


@pytest.mark.parametrize(
    ("written", "on", "name", "current"),
    [
        ("GL", "2019-05-01", "GroenLinks", "GroenLinks-PvdA"),
        ("Groen Links", "2019-05-01", "GroenLinks", "GroenLinks-PvdA"),
        ("CU", None, "ChristenUnie", "ChristenUnie"),
        ("Partij voor de Dieren", None, "PvdD", "PvdD"),
        ("FVD", None, "FvD", "FvD"),
        ("PvdA", "2019-05-01", "PvdA", "GroenLinks-PvdA"),
        ("PvdA", "2024-02-07", "GroenLinks-PvdA", "GroenLinks-PvdA"),
        ("Groep Kuzu/Öztürk", "2014-12-01", "Groep Kuzu/Öztürk", "DENK"),
        ("Nieuwe Groep", None, "Nieuwe Groep", "Nieuwe Groep"),
    ],
)
def test_party(written, on, name, current):
    party = normalise_party(written, on)
    assert (party.written, party.name, party.current) == (written, name, current)


def test_every_party_in_the_truth_files_is_in_the_table():
    from kamervragen.procedure.normalise import _key, _party_tables

    _, alias = _party_tables()
    missing = set()
    for path in TRUTH.glob("*.json"):
        for asker in json.loads(path.read_text(encoding="utf-8")).get("askers") or []:
            if asker.get("party") and _key(asker["party"]) not in alias:
                missing.add(asker["party"])
    assert missing == set()
