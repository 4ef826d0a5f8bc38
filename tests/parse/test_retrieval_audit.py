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


def _openkamer(beantwoord_door: str) -> str:
    return (
        "Kamervraag 2019Z09005\n\nHet bericht ‘Ruim 200 slachtoffers van Q-koorts krijgen nog geen geld’\n\n"
        "Ingediend 3 mei 2019\nBeantwoord 27 mei 2019 (na 24 dagen)\nIndiener Henk van Gerven (SP)\n"
        f"Beantwoord door {beantwoord_door}\nOnderwerpen organisatie en beleid zorg en gezondheid\n"
        " • Vraag 1\n  Kent u het bericht dat ruim 200 slachtoffers van Q-koorts nog geen geld krijgen?\n\n  Ja.\n"
    )


def test_openkamer_office_with_commas_is_kept_whole():
    # https://www.openkamer.org/kamervraag/2019Z09005/ and /2015Z01187/
    doc = parse_page_text(_openkamer("Bruno Bruins (minister volksgezondheid, welzijn en sport) (VVD)"), "x")
    assert [(r.role, r.name) for r in doc.respondents] == [("Minister van Volksgezondheid, Welzijn en Sport", "Bruno Bruins")]
    doc = parse_page_text(_openkamer("Sharon Dijksma (staatssecretaris economische zaken) (PvdA), "
                                     "Edith Schippers (minister volksgezondheid, welzijn en sport) (VVD)"), "x")
    assert [r.role for r in doc.respondents] == ["Staatssecretaris van Economische Zaken",
                                                 "Minister van Volksgezondheid, Welzijn en Sport"]


def test_openkamer_two_offices_gives_the_last():
    # https://www.openkamer.org/kamervraag/2023Z11786/
    doc = parse_page_text(_openkamer("Wopke Hoekstra (viceminister-president , minister buitenlandse zaken) (CDA)"), "x")
    assert [r.role for r in doc.respondents] == ["Minister van Buitenlandse Zaken"]


def test_openkamer_minister_without_portfolio():
    # https://www.openkamer.org/kamervraag/2019Z06855/
    doc = parse_page_text(_openkamer("Sigrid Kaag (minister zonder portefeuille buitenlandse zaken) (D66), "
                                     "Stef Blok (minister buitenlandse zaken) (VVD)"), "x")
    assert [r.role for r in doc.respondents] == ["Minister zonder portefeuille (Buitenlandse Zaken)",
                                                 "Minister van Buitenlandse Zaken"]


def test_openkamer_answerer_with_party_only_is_no_office():
    # https://www.openkamer.org/kamervraag/2017Z14197/ ("Beantwoord door Ronald Plasterk (PvdA)")
    doc = parse_page_text(_openkamer("Ronald Plasterk (PvdA)"), "x")
    assert doc.respondents == []
    assert any("Ronald Plasterk" in w for w in doc.warnings)


def test_note_citing_earlier_questions_is_no_opening():
    # https://www.openkamer.org/kamervraag/2019Z18331/: note 2 reads like an opening sentence
    text = (
        "Kamervraag 2019Z18331\n\nHet bericht ‘Vluchtelingenwerk bezorgd om uitzetting Afghaanse tolk’\n\n"
        "Ingediend 30 september 2019\nBeantwoord 19 december 2019 (na 80 dagen)\n"
        "Indieners Maarten Groothuizen (D66), Joël Voordewind (CU), Salima Belhaj (D66)\n"
        "Beantwoord door Ank Bijleveld (minister defensie) (CDA)\n"
        "1. Vluchtelingenwerk bezorgd om uitzetting Afghaanse tolk (NOS, 27-9-2019)\n"
        "2. Antwoorden op schriftelijke vragen van het lid Belhaj (D66), ontvangen op 4 juli 2019; kamerstuknummer 3278\n"
        " • Vraag 1\n  Bent u bekend met het bericht «Vluchtelingenwerk bezorgd om uitzetting Afghaanse tolk»?1\n\n  Ja\n"
    )
    doc = parse_page_text(text, "x")
    assert [(a.name, a.party) for a in doc.askers] == [
        ("Maarten Groothuizen", "D66"), ("Joël Voordewind", "CU"), ("Salima Belhaj", "D66")]
    assert doc.warnings == [] and [f.number for f in doc.footnotes] == [1, 2]


def _kv(*questions: str) -> str:
    head = "Vragen van het lid Paul (VVD) aan de Minister voor Basis- en Voortgezet Onderwijs en Media over iets (ingezonden 13 juli 2021).\n\n"
    return head + "".join(f"Vraag {i}\n\n{q}\n\n" for i, q in enumerate(questions, 1))


def test_marker_inside_closing_quote():
    # https://zoek.officielebekendmakingen.nl/kv-tk-2021Z13648.html
    doc = parse_page_text(_kv("Bent u bekend met het bericht «Het is nog altijd onrustig op het Haga Lyceum1»?",
                              "Hoe verhoudt dit zich tot een «meer ontspannen sfeer» onder de docenten?2 Wat is er veranderd?"), "x")
    assert [(q.text, q.footnotes) for q in doc.questions] == [
        ("Bent u bekend met het bericht «Het is nog altijd onrustig op het Haga Lyceum»?", [1]),
        ("Hoe verhoudt dit zich tot een «meer ontspannen sfeer» onder de docenten? Wat is er veranderd?", [2])]


def test_marker_after_the_year_of_a_date():
    # https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1264.html
    doc = parse_page_text(_kv("Hebt u kennisgenomen van het nieuwsbericht «Nederlands hulpgeld orkaan Irma nog altijd "
                              "muurvast» van Caribisch Netwerk d.d. 13 december 20211?",
                              "Hoeveel mensen wonen er sinds 2019 en hoeveel sinds 20201?"), "x")
    assert [(q.text, q.footnotes) for q in doc.questions] == [
        ("Hebt u kennisgenomen van het nieuwsbericht «Nederlands hulpgeld orkaan Irma nog altijd muurvast» van "
         "Caribisch Netwerk d.d. 13 december 2021?", [1]),
        ("Hoeveel mensen wonen er sinds 2019 en hoeveel sinds 20201?", [])]  # no month before it: left alone


def test_square_kilometres_are_no_marker():
    # https://zoek.officielebekendmakingen.nl/kv-tk-2016Z10300.html
    doc = parse_page_text(_kv("Bent u bekend met het bericht «Nederlandse overheid wil meer visgebied sluiten»?1",
                              "Kunt u ingaan op de dreigende sluiting van 2.400 km2 visgebied, 1.200 km2 op het Friese Front?"), "x")
    assert [(q.text, q.footnotes) for q in doc.questions][1] == (
        "Kunt u ingaan op de dreigende sluiting van 2.400 km2 visgebied, 1.200 km2 op het Friese Front?", [])


def test_answer_page_cut_before_the_first_answer_is_answers():
    # https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2024D41210&id=2024Z13587 (page text cut after question 1)
    text = (
        "Antwoord schriftelijke vragen : Antwoord op vragen van het lid Van Kent over \"de boodschappenproblematiek\"\n"
        "Vragen van het lid Van Kent (SP) aan de Staatssecretaris van Sociale Zaken en Werkgelegenheid over de "
        "boodschappenproblematiek die niet wordt opgelost met de Participatiewet in balans (ingezonden 16 september 2024).\n"
        "Antwoord van Staatssecretaris Nobel (Sociale Zaken en Werkgelegenheid) (ontvangen\n"
        "28 oktober 2024). Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 143.\n"
        "Vraag 1\nKlopt het dat er in het wetsvoorstel Participatiewet in balans een wijziging is aangebracht?\n"
    )
    doc = parse_page_text(text, "x")
    assert doc.kind == "answers" and doc.received == "2024-10-28" and doc.answers == []


def test_openkamer_answered_page_cut_before_the_first_answer_is_answers():
    # https://www.openkamer.org/kamervraag/2023Z05723/ (page text cut after question 1)
    text = (
        "Kamervraag 2023Z05723\n\nBurgerslachtoffers als gevolg van Nederlandse bombardementen in Irak\n\n"
        "Ingediend 31 maart 2023\nBeantwoord 20 april 2023 (na 20 dagen)\nIndiener Frank Futselaar\n"
        "Beantwoord door Kajsa Ollongren (minister defensie) (D66)\n"
        " • Vraag 1\n  Wanneer verwacht u dat het onderzoek naar het bombardement van 22 maart 2016 is afgerond?1\n"
    )
    doc = parse_page_text(text, "x")
    assert doc.kind == "answers" and doc.received == "2023-04-20"
    assert parse_page_text(text.replace("Beantwoord 20 april 2023 (na 20 dagen)\n", "").replace(
        "Beantwoord door Kajsa Ollongren (minister defensie) (D66)\n", ""), "x").kind == "questions"
