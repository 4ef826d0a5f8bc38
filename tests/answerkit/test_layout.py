from kamervragen.answerkit import layout
from kamervragen.model import Asker, ParsedDocument, Question

from .helpers import SEED, SEED_OPENING, seed_doc


def test_opening_sentence_of_seed_matches_published_text():
    assert layout.opening_sentence(seed_doc()) == SEED_OPENING
    published = SEED.read_text(encoding="utf-8").replace("**", "").replace("*", "")
    assert SEED_OPENING in published


def _doc(askers, addressees):
    return ParsedDocument(source="x", kind="questions", subject="de opkomsttijden van de politie in Zundert",
                          submitted="2012-02-29", askers=askers, addressees=addressees,
                          questions=[Question(1, "Vraag?")])


def test_opening_variants():
    one = _doc([Asker("Kuiken", "PvdA")], ["Minister van Veiligheid en Justitie"])
    assert layout.opening_sentence(one) == (
        "Vragen van het lid Kuiken (PvdA) aan de Minister van Veiligheid en Justitie over de opkomsttijden "
        "van de politie in Zundert (ingezonden 29 februari 2012).")
    two = _doc([Asker("Kuiken", "PvdA"), Asker("Nijboer", "PvdA")], ["Minister van Financiën"])
    assert "de leden Kuiken en Nijboer (beiden PvdA)" in layout.opening_sentence(two)
    mixed = _doc([Asker("Omtzigt", "CDA"), Asker("Gesthuizen", "SP"), Asker("Schouw", "D66")], ["Minister-president"])
    assert "de leden Omtzigt (CDA), Gesthuizen (SP) en Schouw (D66) aan de Minister-president" \
        in layout.opening_sentence(mixed)


def test_answer_opening_and_offices():
    assert layout.answer_opening("Staatssecretaris van Financiën", ["Minister van Buitenlandse Zaken"]) == (
        "Antwoord van Staatssecretaris [naam] (Financiën), mede namens de Minister van Buitenlandse Zaken "
        "(ontvangen [datum]).")
    assert layout.answer_opening("Minister voor Klimaat en Energie", [], "2025-01-02", "Hermans") == (
        "Antwoord van Minister Hermans (Klimaat en Energie) (ontvangen 2 januari 2025).")
    assert layout.split_office("Minister-president") == ("Minister-president", "Algemene Zaken")


def test_postponement_uses_published_wording():
    text = layout.postponement_text(seed_doc(), reason="de beantwoording afstemming met Buitenlandse Zaken vraagt")
    assert text.startswith("Hierbij deel ik u mede dat de schriftelijke vragen van de leden Michon-Derkzen, "
                           "Brekelmans en Van Eijk-Nagel (allen VVD) van uw Kamer aan de Staatssecretaris van "
                           "Financiën en de Minister van Buitenlandse Zaken over het bericht")
    assert "niet binnen de gebruikelijke termijn kunnen worden beantwoord, aangezien de beantwoording " \
           "afstemming met Buitenlandse Zaken vraagt." in text
    assert text.endswith("Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden.")
    assert "[reden van het uitstel" in layout.postponement_text(seed_doc())


def test_dutch_date():
    assert layout.dutch_date("2024-02-28", weekday=True) == "woensdag 28 februari 2024"
    assert layout.dutch_date(None) == "[datum]"
