"""Shapes found in a blind audit on real documents the parser was not developed against
(shared/corpus/retrieval-dev). Each excerpt is real text, shortened; its source is named."""

from kamervragen.parse.text import parse_page_text


def test_question_of_two_paragraphs_keeps_both():
    # https://zoek.officielebekendmakingen.nl/ah-tk-20212022-2034.html: "Vraag 3" runs over two paragraphs
    text = (
        "Vragen van het lid Gijs van Dijk (PvdA) aan de Minister voor Armoedebeleid, Participatie en Pensioenen over "
        "onrecht in de bijstand (ingezonden 19 januari 2022).\n\n"
        "Antwoord van Minister Schouten (Armoedebeleid, Participatie en Pensioenen) (ontvangen 11 maart 2022).\n\n"
        "Vraag 3\n\nHoe staat het met de uitvoering van motie Jasper van Dijk cs4 voor een landelijke vrijstelling om "
        "giften tot 1.200 euro in de bijstand te realiseren? Wat is de kortst mogelijke termijn waarop dit "
        "wetsvoorstel ingevoerd kan worden?\n\n"
        "Bent u aanvullend op deze motie ook bereid om naast het wettelijk vrijstellen van giften van 1.200 euro ook "
        "giften voor de betaling van een studie of rijbewijs volledig vrij te stellen?\n\n"
        "Antwoord 3\n\nIk verwijs u naar mijn brief.\n"
    )
    doc = parse_page_text(text, "x")
    (q,) = doc.questions
    assert q.number == 3 and q.text.endswith("ingevoerd kan worden? Bent u aanvullend op deze motie ook bereid om "
                                             "naast het wettelijk vrijstellen van giften van 1.200 euro ook giften voor "
                                             "de betaling van een studie of rijbewijs volledig vrij te stellen?")
    assert [(a.questions, a.text) for a in doc.answers] == [([3], "Ik verwijs u naar mijn brief.")]
