"""Requested answer dates, from real question texts in the sample corpus."""

from __future__ import annotations

from datetime import date

from kamervragen.procedure.requested import requested_dates


def test_date_inside_an_event():
    # ob-kv-tk-2018Z24783 (https://zoek.officielebekendmakingen.nl/kv-tk-2018Z24783.html)
    found = requested_dates("Kunt u deze vragen voor het algemeen overleg Passend onderwijs van 31 januari 2019 "
                            "beantwoorden?", date(2018, 12, 27))
    assert [(r.date, r.event) for r in found] == [
        (date(2019, 1, 31), "het algemeen overleg Passend onderwijs van 31 januari 2019")]


def test_year_left_out_is_the_next_one():
    # ob-kv-tk-2023Z05053
    found = requested_dates("Kunt u deze vragen beantwoorden voorafgaand aan het commissiedebat van 5 april a.s. "
                            "over passend onderwijs?", date(2023, 3, 23))
    assert found[0].date == date(2023, 4, 5)
    assert found[0].event.startswith("het commissiedebat van 5 april a.s.")


def test_plain_date_with_reason():
    # the shape from domain.md
    found = requested_dates("Kunt u deze vragen één voor één en voor 23 maart 2026 beantwoorden vanwege het "
                            "wetgevingsoverleg Jeugdzorg?", date(2026, 3, 2))
    assert (found[0].date, found[0].event) == (date(2026, 3, 23), "het wetgevingsoverleg Jeugdzorg")


def test_event_without_date():
    # web-nieuwsbank-15c424
    found = requested_dates("8. Wilt u deze vragen voor het plaatsvinden van de oprichtingsbijeenkomst beantwoorden?")
    assert found[0].date is None and found[0].event == "het plaatsvinden van de oprichtingsbijeenkomst"


def test_dates_in_the_subject_matter_are_not_requests():
    assert requested_dates("Gemeenten met azc's moeten nog vóór 1 september extra plekken vrijmaken. "
                           "Wat vindt u daarvan?") == []
    assert requested_dates("Bent u bereid elke vraag afzonderlijk en binnen de gebruikelijke termijn van "
                           "drie weken te beantwoorden?") == []


def test_quoted_titles_and_the_noun_antwoord_are_not_requests():
    # kv-tk-2023Z11492 and the notice tk-2024D35445
    assert requested_dates("Kent u het bericht «België verbiedt aankoop van Chinese röntgencamera’s voor de douane, "
                           "Nederland (nog) niet» en herinnert u zich de antwoorden op de eerdere vragen?") == []
    assert requested_dates("Uitstel beantwoording vragen over het bericht ‘Gemeenten met azc’s moeten van minister "
                           "Faber nog vóór 1 september extra plekken vrijmaken’") == []


def test_every_request_in_the_sample_corpus_and_nothing_else(sample_store):
    """Found by reading every question of the sample corpus (grep for beantwoord + voor/vóór/voorafgaand)."""
    from kamervragen.procedure.clock import as_date
    from kamervragen.procedure.requested import requested_in_questions

    found = set()
    for summary in sample_store.iter_cases():
        case = sample_store.get_case(summary.key)
        questions = case.questions or [q for d in case.documents for q in d.questions]
        for r in requested_in_questions(questions, as_date(case.submitted)):
            found.add((r.date.isoformat() if r.date else None, r.event))
    assert found == {
        ("2019-01-31", "het algemeen overleg Passend onderwijs van 31 januari 2019"),  # kv-tk-2018Z24783
        ("2023-04-05", "het commissiedebat van 5 april a.s. over passend onderwijs"),  # kv-tk-2023Z05053
        (None, "de komst van de Indonesische president naar Nederland"),  # web-parlementairemonitor-cb0037
        (None, "het plaatsvinden van de oprichtingsbijeenkomst"),  # web-nieuwsbank-15c424
        ("2017-01-26", "het Algemeen Overleg Participatiewet op 26 januari 2017"),  # web-eumonitor-7cc72a
    }
