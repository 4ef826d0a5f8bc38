import pytest

from kamervragen.parse.opening import parse_answer_opening, parse_offices, parse_question_opening


def people(o):
    return [(a.name, a.party) for a in o.askers]


def test_allen_and_two_offices():
    o = parse_question_opening(
        "Vragen van de leden Michon-Derkzen, Brekelmans en Van Eijk-Nagel (allen VVD) aan de Staatssecretaris van "
        "Financiën en de Minister van Buitenlandse Zaken over het bericht «X» (ingezonden 7 februari 2024).")
    assert people(o) == [("Michon-Derkzen", "VVD"), ("Brekelmans", "VVD"), ("Van Eijk-Nagel", "VVD")]
    assert o.addressees == ["Staatssecretaris van Financiën", "Minister van Buitenlandse Zaken"]
    assert o.subject == "het bericht «X»" and o.submitted == "2024-02-07" and o.warnings == []


def test_beiden_and_mixed_parties():
    o = parse_question_opening("Vragen van de leden Dikkers, Smeets (beiden PvdA), Voordewind (ChristenUnie) en "
                               "Gesthuizen (SP) aan de minister van Justitie over iets (ingezonden 1 mei 2011).")
    assert people(o) == [("Dikkers", "PvdA"), ("Smeets", "PvdA"), ("Voordewind", "ChristenUnie"), ("Gesthuizen", "SP")]


def test_party_only_for_the_name_it_follows():
    o = parse_question_opening("Vragen van de Leden Van Klaveren en Bontes (VNL) aan de minister van Justitie over iets.")
    assert people(o) == [("Van Klaveren", None), ("Bontes", "VNL")]
    assert o.submitted is None and o.subject == "iets"


def test_het_lid_twice_and_group_party():
    o = parse_question_opening("Vragen van het lid Thieme en het lid Ouwehand (Partij voor de Dieren) aan de Minister "
                               "President over iets")
    assert people(o) == [("Thieme", None), ("Ouwehand", "Partij voor de Dieren")]
    assert o.addressees == ["Minister President"]
    o = parse_question_opening("Vragen van het lid Kuzu (Groep Kuzu/Öztürk) aan de Minister van Buitenlandse Zaken over x.")
    assert people(o) == [("Kuzu", "Groep Kuzu/Öztürk")]


@pytest.mark.parametrize(
    "text,want",
    [
        ("de Ministers van Buitenlandse Zaken en van Veiligheid en Justitie",
         ["Minister van Buitenlandse Zaken", "Minister van Veiligheid en Justitie"]),
        ("de Minister en de Staatssecretaris van Financiën", ["Minister van Financiën", "Staatssecretaris van Financiën"]),
        ("de minister en staatssecretaris van Buitenlandse Zaken",
         ["minister van Buitenlandse Zaken", "staatssecretaris van Buitenlandse Zaken"]),
        ("de ministers van Buitenlandse Zaken, Binnenlandse Zaken en Justitie",
         ["minister van Buitenlandse Zaken", "minister van Binnenlandse Zaken", "minister van Justitie"]),
        ("de Ministers van Defensie en Buitenlandse Zaken", ["Minister van Defensie", "Minister van Buitenlandse Zaken"]),
        ("de staatssecretarissen van Economische Zaken, Landbouw en Innovatie en van Buitenlandse Zaken",
         ["staatssecretaris van Economische Zaken, Landbouw en Innovatie", "staatssecretaris van Buitenlandse Zaken"]),
        ("de Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking",
         ["Minister van Buitenlandse Zaken", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"]),
        ("de Minister-President en de Staatssecretaris van Justitie en Veiligheid",
         ["Minister-President", "Staatssecretaris van Justitie en Veiligheid"]),
        ("de Minister van Volksgezondheid, Welzijn en Sport", ["Minister van Volksgezondheid, Welzijn en Sport"]),
    ],
)
def test_offices_written_out(text, want):
    assert parse_offices(text) == want


def test_subject_stops_at_ingezonden_and_markers():
    o = parse_question_opening("Vragen van het lid A (PVV) aan de minister voor Immigratie, Integratie en Asiel over het "
                               "bericht dat X inwilligt(*).")
    assert o.subject == "het bericht dat X inwilligt"
    o = parse_question_opening("Vragen van het lid A (VVD) aan de Minister van Justitie over x. (Ingezonden 16 september 2008)")
    assert o.subject == "x" and o.submitted == "2008-09-16"
    o = parse_question_opening("Vragen van het lid A (VVD) aan de minister van Justitie over iets (ingzonden 29 oktober 2012).")
    assert o.submitted == "2012-10-29"


def test_markdown_emphasis_is_ignored():
    o = parse_question_opening("Vragen van het lid **De Hoop** (PvdA) aan de Minister van Justitie over *het bericht*<sup>1</sup> "
                               "(ingezonden 1 maart 2023).")
    assert people(o) == [("De Hoop", "PvdA")] and o.subject == "het bericht"


def test_no_opening_gives_a_warning():
    o = parse_question_opening("Erwtensoep voor zes personen")
    assert o.askers == [] and o.warnings


def roles(a):
    return [(r.role, r.name, r.on_behalf) for r in a.respondents]


def test_answer_mede_namens_and_reference():
    a = parse_answer_opening(
        "Antwoord van Staatssecretaris Keijzer (Economische Zaken en Klimaat), mede namens de Ministers voor Buitenlandse "
        "Handel en Ontwikkelingssamenwerking en van Economische Zaken en Klimaat (ontvangen 23 april 2020). Zie ook "
        "Aanhangsel Handelingen, vergaderjaar 2019–2020, nr. 1217.")
    assert roles(a) == [
        ("Staatssecretaris van Economische Zaken en Klimaat", "Keijzer", False),
        ("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking", None, True),
        ("Minister van Economische Zaken en Klimaat", None, True),
    ]
    assert a.received == "2020-04-23" and a.references == ["ah-tk-20192020-1217"] and a.kind == "answers"


def test_mededeling_is_a_postponement():
    a = parse_answer_opening("Mededeling van minister Hirsch Ballin (Justitie). (Ontvangen 2 oktober 2008)")
    assert roles(a) == [("minister van Justitie", "Hirsch Ballin", False)]
    assert a.kind == "postponement" and a.received == "2008-10-02"


def test_answer_de_heer_form():
    a = parse_answer_opening("Antwoord van de heer Van Aartsen, Minister van Buitenlandse Zaken, mede namens mevrouw "
                             "Herfkens, Minister voor Ontwikkelingssamenwerking, op vragen van het lid Verhagen inzake x.")
    assert roles(a) == [("Minister van Buitenlandse Zaken", "Van Aartsen", False),
                        ("Minister voor Ontwikkelingssamenwerking", "Herfkens", True)]


def test_named_on_behalf_and_nader():
    a = parse_answer_opening("Nader antwoord van Staatssecretaris Vijlbrief (Financiën – Fiscaliteit en Belastingdienst), mede "
                             "namens de Staatssecretaris Van Huffelen (Financiën – Toeslagen en Douane) (ontvangen 17 juni 2021).")
    assert a.supplementary
    assert roles(a)[1] == ("Staatssecretaris van Financiën – Toeslagen en Douane", "Van Huffelen", True)


def test_pathological_opening_is_fast():
    import time

    t = time.perf_counter()
    parse_question_opening("Vragen van de leden " + "A (B), " * 50_000 + " aan de " + "Minister van X en " * 20_000)
    assert time.perf_counter() - t < 3


def test_markers_inside_the_subject_are_dropped():
    o = parse_question_opening("Vragen van het lid A (VVD) aan de Minister van Justitie over de berichten «A»1 en «B»2 "
                               "(ingezonden 12 november 2024).")
    assert o.subject == "de berichten «A» en «B»"


# --- the shortcuts taken for speed give what the plain patterns give ------------------------------

def test_subject_ends_with_its_sentence():
    # https://opennieuwsbank.nl/rijksoverheid/2010/02/10/beantwoording-vragen-over-een-interview-in-het-maandblad-is
    o = parse_question_opening("Graag bied ik u hierbij de antwoorden aan op de schriftelijke vragen gesteld door het lid "
                               "Irrgang over interview in het maandblad IS. Deze vragen werden ingezonden op 12 juni "
                               "2009 met kenmerk 2009Z11179.")
    assert o.subject == "interview in het maandblad IS"
    # http://www.opennieuwsbank.nl/bericht/2009/12/09/E352-ministerie-van-verkeer-en-waterstaat.html
    o = parse_question_opening("vragen van het kamerlid Meeuwis over verdringing van de luchtsport (kenmerk 2009Z21622) "
                               "en op 26 november 2009 van de vaste commissie voor Verkeer en Waterstaat het verzoek")
    assert o.subject == "verdringing van de luchtsport"


def test_subject_keeps_full_stops_that_end_no_sentence():
    o = parse_question_opening("Vragen van het lid Wassenberg (PvdD) aan de Minister van LNV over het bericht «Vos "
                               "gevangen. Boer boos» en de rol van mr. Jansen en St. Maarten (ingezonden 3 mei 2021).")
    assert o.subject == "het bericht «Vos gevangen. Boer boos» en de rol van mr. Jansen en St. Maarten"
    o = parse_question_opening("Vragen van het lid Omtzigt (CDA) aan de Minister van Financiën over de brief van "
                               "J. de Vries (ingezonden 3 mei 2021).")
    assert o.subject == "de brief van J. de Vries"


def test_a_title_run_into_the_letters_own_sentence_gives_the_later_subject():
    # https://opennieuwsbank.nl/bericht/2004/12/14/S145-ministerie-van-buitenlandse-zaken.html (line-wrapped letter)
    o = parse_question_opening("Beantwoording vragen van het lidVan Dijk (CDA) over mogelijke steun\nvan Turkse "
                               "maatschappelijke organisaties aan Tsjetsjeense rebellen\nGraag bied ik u hierbij, mede "
                               "namens de Staatssecretaris voor Europese Zaken, de antwoorden aan op de schriftelijke "
                               "vragen gesteld door het lid Van Dijk (CDA) over mogelijke steun van Turkse "
                               "maatschappelijke organisaties aan Tsjetsjeense rebellen. Deze vragen werden ingezonden "
                               "op 22 november 2004 met kenmerk 2040503620.")
    assert o.subject == "mogelijke steun van Turkse maatschappelijke organisaties aan Tsjetsjeense rebellen"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kamervragen.parse import opening as _op  # noqa: E402

_PIECES = st.lists(
    st.sampled_from(
        ["Antwoord", "antwoord", "ANTWOORD", "Nader", "nadere", "Aanvullende", "Mededeling", "MEDEDELING", "\n", " ", "\t",
         "\n\n", " van ", "Vragen", "vragen", "VRAGEN", " gesteld ", " door ", "DOOR", " van de leden ", "het lid",
         "(ingezonden 3 mei 2020)", "ingezonden", "in gezonden", "nden", ".", " de Minister ", "(ontvangen 4 juni 2020)",
         "Minister", "staatssecretaris", " en ", ", ", "de ", "mevrouw ", "Vraag 1", "\u00a0", "\x1c", "é", "İ", "ı", "ſ", "x"]
    ),
    max_size=30,
).map("".join)
_A_CUE = _op._A_CUE_RE
_Q_CUE = _op._Q_CUE_RE


def _plain_find_question_opening(text):
    first = line_start = None
    n = 0
    for cue in _Q_CUE.finditer(text):
        m = _op._Q_OPENING_RE.match(text, cue.start(), cue.start() + _op.MAX_SENTENCE)
        if m is None:
            continue
        if _op._INGEZONDEN_RE.search(m.group(0)):
            return m
        first = first or m
        if line_start is None and (m.start() == 0 or text[m.start() - 1] == "\n") and m.group(0)[:1] in "VvS":
            line_start = m
        n += 1
        if n > 20:
            break
    return line_start or first


def _plain_find_answer_opening(text):
    for n, cue in enumerate(_A_CUE.finditer(text)):
        m = _op._A_OPENING_RE.match(text, cue.start(), cue.start() + _op.MAX_SENTENCE)
        if m or n > 20:
            return m
    return None


def _span(m):
    return m and m.span()


@settings(max_examples=500, deadline=None)
@given(_PIECES)
def test_openings_found_at_their_keywords_are_those_a_full_scan_finds(text):
    assert _span(_op.find_question_opening(text)) == _span(_plain_find_question_opening(text))
    assert _span(_op.find_answer_opening(text)) == _span(_plain_find_answer_opening(text))
    assert _op._has_ingezonden(text) == bool(_op._INGEZONDEN_RE.search(text))


@settings(max_examples=500, deadline=None)
@given(_PIECES)
def test_text_shortcuts_equal_the_plain_operations(text):
    assert _op.squash(text) == " ".join(text.split())
    for pattern in (_op._ARTICLE_RE, _op._HONORIFIC_RE):
        assert _op._drop_prefix(pattern, text) == pattern.sub("", text)


def test_offices_split_only_before_a_second_office():
    assert parse_offices("de Minister van Financiën") == ["Minister van Financiën"]
    assert parse_offices("de Minister van Financiën en de Staatssecretaris van Defensie") == [
        "Minister van Financiën",
        "Staatssecretaris van Defensie",
    ]
