import time
from pathlib import Path

import pytest

from kamervragen.model import ParseError
from kamervragen.parse.text import parse_page_text

ANSWERS = """Vragen van de leden A en B (beiden SP) aan de Minister van Justitie over iets (ingezonden 3 maart 2020).

Antwoord van Minister C (Justitie) (ontvangen 1 april 2020).

Vraag 1

Kent u het bericht «X»?1

Antwoord 1

Ja.

Vraag 2

Wat vindt u ervan?

Vraag 3

En daarvan?

Antwoord op vragen 2 en 3

Niets.

Vraag 4

Nog iets?

Antwoord 4 t/m 4

Zie antwoord op vraag 2.
"""


def test_answers_document():
    d = parse_page_text(ANSWERS, "x")
    assert d.kind == "answers" and d.received == "2020-04-01" and d.submitted == "2020-03-03"
    assert [a.questions for a in d.answers] == [[1], [2, 3], [4]]
    assert d.answers[2].text == "Zie antwoord op vraag 2."
    assert d.questions[0].footnotes == [1] and d.questions[0].text == "Kent u het bericht «X»?"


def test_unknown_answer_number_warns():
    d = parse_page_text(ANSWERS.replace("Antwoord 4 t/m 4", "Antwoord 7"), "x")
    assert any("question 7" in w for w in d.warnings)


def test_party_site_numbering():
    text = ("Skip to main content\n\nVragen van het lid X (PVV) aan de staatssecretaris van VWS over iets:\n\n"
            "1.)\nEerste vraag? (*)\n\n2.)\nTweede vraag?\n\n(*) Krant, 8 mei 2016\n")
    d = parse_page_text(text, "x")
    assert [(q.number, q.text) for q in d.questions] == [(1, "Eerste vraag?"), (2, "Tweede vraag?")]


def test_postponement_with_promised_date():
    text = ("Vragen van het lid X (SP) aan de Minister van Financiën over iets (ingezonden 1 maart 2024).\n\n"
            "Mededeling van Minister Y (Financiën) (ontvangen 20 maart 2024).\n\n"
            "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord. Ik streef ernaar de vragen "
            "uiterlijk op 15 april 2024 te beantwoorden.\n")
    d = parse_page_text(text, "x")
    assert d.kind == "postponement" and d.promised_date == "2024-04-15"
    assert d.respondents[0].name == "Y"


@pytest.mark.parametrize("text", ["", "   \n", "Erwtensoep\n\n1. Kook water.\n2. Eet.", "Een nieuwsbericht over de douane."])
def test_not_a_document(text):
    with pytest.raises(ParseError):
        parse_page_text(text, "x")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "Vragen van het lid " + "?1" * 300_000,
        "Vraag 1\n" + "1 " * 300_000,
        "Vragen van het lid X (VVD) aan\n" * 50_000,
        "(" * 300_000,
        "Vraag 1\nAntwoord 1\n" * 50_000,
    ],
)
def test_pathological_input_is_bounded(text):
    t = time.perf_counter()
    try:
        parse_page_text(text, "x")
    except ParseError:
        pass
    assert time.perf_counter() - t < 5


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def test_constructed_withdrawal():
    d = parse_page_text((FIXTURES / "withdrawal-2016Z01095.txt").read_text(encoding="utf-8"), "w")
    assert d.kind == "withdrawal" and d.zaak == "2016Z01095" and d.received == "2016-01-28"
    assert [q.number for q in d.questions] == [1, 2] and d.respondents == []


def test_constructed_postponement_promises_a_date_without_year():
    d = parse_page_text((FIXTURES / "postponement-promised-2023Z05053.txt").read_text(encoding="utf-8"), "p")
    assert d.kind == "postponement" and d.received == "2023-04-13" and d.promised_date == "2023-05-04"
    assert [(r.role, r.name, r.on_behalf) for r in d.respondents] == [
        ("Minister voor Primair en Voortgezet Onderwijs", "Wiersma", False)]


def test_news_article_is_not_a_document():
    with pytest.raises(ParseError):
        parse_page_text((FIXTURES / "news-scanners.txt").read_text(encoding="utf-8"), "n")


def test_unlabelled_questions_counted_from_one():
    text = ("Vragen van het lid A (PVV) aan de Minister van Justitie over iets (ingezonden 23 maart 2018).\n\n"
            "Bent u bekend met het bericht «X»?1\n\nHoeveel zijn het er? Zo nee, waarom niet?\n\nDeelt u de mening?\n\n"
            "Word lid\nContact\n")
    d = parse_page_text(text, "x")
    assert [(q.number, q.footnotes) for q in d.questions] == [(1, [1]), (2, []), (3, [])]
    assert d.questions[2].text == "Deelt u de mening?"
    assert any("no numbers" in w for w in d.warnings)


def test_hard_wrapped_joint_question_without_blank_lines():
    text = ("Vragen van de leden A en B (beiden PVV) aan de minister van Justitie over iets (ingezonden 8 februari 2013).\n"
            "Vraag 1\nKent u het bericht?\nVraag 2 en 3\nErkent u dat dit te ver gaat? Zo ja, bent u\nbereid iets te doen?\n"
            "Wat gaat u doen?\n")
    d = parse_page_text(text, "x")
    assert [q.text for q in d.questions] == [
        "Kent u het bericht?", "Erkent u dat dit te ver gaat? Zo ja, bent u bereid iets te doen?", "Wat gaat u doen?"]


def test_supplementary_answer():
    text = ANSWERS.replace("Antwoord van Minister C", "Nader antwoord van Minister C")
    d = parse_page_text(text, "x")
    assert d.kind == "answers" and d.supplementary


def test_markdown_heading_labels_and_glued_markers():
    text = ("## 2023Z00001\n\nVragen van het lid A (SP) aan de Minister van Financiën over x (ingezonden 2 januari 2023).\n\n"
            "### Vraag 1\n\nKent u «Tot op het bot verraden?1\n\n### Vraag 2\n\nEn het rapport»2? En «Y»34?\n")
    d = parse_page_text(text, "x")
    assert d.zaak == "2023Z00001"
    assert [(q.text, q.footnotes) for q in d.questions] == [
        ("Kent u «Tot op het bot verraden?", [1]), ("En het rapport»? En «Y»?", [2, 3, 4])]


PREVIEW = """Antwoord schriftelijke vragen

Nummer: 2024D43372, datum: 2024-11-12

Directe link naar document (.pdf), officiële HTML versie (ah-tk-20242025-512).

Onderdeel van zaak 2024Z18135:

ah-tk-20242025-512
ISSN 0921-7398
's-Gravenhage 2024
Vragen van het lid A (VVD) aan de Staatssecretaris van Financiën over «A» en «B» (ingezonden 12 november 2024).
Antwoord van Staatssecretaris B (Financiën) (ontvangen 3 december 2024).
Vraag 1
Bent u bekend met de artikelen «A»1 en «B»?2
Antwoord 1
Ja.
1
NOS, 1 november 2024
Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1
Vraag 2
Hoeveel woningen zijn er sinds
1 januari 2012 gebouwd?
Antwoord 2
Zorgelijk.
2
Antilliaans Dagblad, 2 november 2024
"""


def test_preview_page_with_notes_in_the_text_flow():
    d = parse_page_text(PREVIEW, "x")
    assert d.publication == "ah-tk-20242025-512" and d.zaak == "2024Z18135" and d.document_number == "2024D43372"
    assert [(q.text, q.footnotes) for q in d.questions] == [
        ("Bent u bekend met de artikelen «A» en «B»?", [1, 2]), ("Hoeveel woningen zijn er sinds 1 januari 2012 gebouwd?", [])]
    assert [a.text for a in d.answers] == ["Ja.", "Zorgelijk."]
    assert [(f.number, f.text) for f in d.footnotes] == [(1, "NOS, 1 november 2024"), (2, "Antilliaans Dagblad, 2 november 2024")]


def test_answer_label_with_colon_and_text():
    text = ("Vragen van het lid X (SP) aan de Minister van Financiën over iets (ingezonden 2 januari 2023).\n\n"
            "1. Kent u het bericht?\nAntwoord: Ja.\n\n2. Wat vindt u?\nAntwoord: Niets.\n")
    d = parse_page_text(text, "x")
    assert [(a.questions, a.text) for a in d.answers] == [([1], "Ja."), ([2], "Niets.")]


def test_references_from_answers_notes_and_toelichting():
    text = ("Vragen van het lid A (SP) aan de Minister van Justitie over x (ingezonden 1 maart 2020).\n\n"
            "Antwoord van Minister B (Justitie) (ontvangen 20 maart 2020). Zie ook Aanhangsel Handelingen, vergaderjaar "
            "2019–2020, nr. 1217.\n\nVraag 1\n\nKent u het bericht?1\n\nAntwoord 1\n\nZie de antwoorden op eerdere vragen "
            "(Aanhangsel Handelingen, vergaderjaar 2009–2010, nr. 2637).\n\nToelichting:\n\nDeze vragen dienen ter aanvulling "
            "op eerdere vragen (2019Z23694).\n\nX Noot\n1\n\nhttps://example.nl/bericht\n")
    d = parse_page_text(text, "x")
    assert d.references == ["ah-tk-20192020-1217", "https://example.nl/bericht", "2019Z23694", "ah-tk-20092010-2637"]
    assert d.zaak is None


def test_markdown_footnote_syntax():
    text = ("## 2024Z01911\n\nVragen van de leden **A** en **B** (beiden VVD) aan de Minister van Financiën over "
            "*het bericht «X»*[^1] (ingezonden 7 februari 2024).\n\n**Vraag 1**\n\nKent u het bericht?[^2]\n\n"
            "[^2]: De Volkskrant, 1 februari 2024\n\n**Vraag 2**\n\nWat vindt u?\n\n[^1]: NOS, 2 februari 2024\n")
    d = parse_page_text(text, "x")
    assert d.subject == "het bericht «X»" and d.warnings == []
    assert [(q.text, q.footnotes) for q in d.questions] == [("Kent u het bericht?", [2]), ("Wat vindt u?", [])]
    assert [f.number for f in d.footnotes] == [1, 2]


OLD_LAYOUT = """Aanhangsel van de Handelingen

Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden

1234

Vragen van het lid Van der Ham (D66) aan de minister van Buitenlandse Zaken over de Gay Pride in Moskou. (Ingezonden 30 januari 2007)

1

Heeft u kennisgenomen van het bericht?1

2

Deelt u de mening dat dit een schending is?

Antwoord

Antwoord van minister Bot (Buitenlandse Zaken). (Ontvangen 20 februari 2007)

1

Ja.

2

Nee, want het verbod is er nog niet.

XNoot
1

De Volkskrant, 30 januari 2007.
"""


def test_old_layout_questions_then_answers():
    d = parse_page_text(OLD_LAYOUT, "x")
    assert d.kind == "answers" and d.submitted == "2007-01-30" and d.received == "2007-02-20"
    assert d.subject == "de Gay Pride in Moskou"
    assert [(q.number, q.footnotes) for q in d.questions] == [(1, [1]), (2, [])]
    assert [(a.questions, a.text) for a in d.answers] == [([1], "Ja."), ([2], "Nee, want het verbod is er nog niet.")]
    assert d.warnings == []


def test_withdrawal_page_title():
    text = ("Intrekking schriftelijke vragen : Intrekking van de vragen van het lid X over y\n"
            "Vragen van het lid X (SP) aan de Minister van Financiën over y (ingezonden 2 januari 2023).\n"
            "Vraag 1\nKent u het bericht over de intrekking van de vergunning?\n")
    assert parse_page_text(text, "x").kind == "withdrawal"
    assert parse_page_text(text.split("\n", 1)[1], "x").kind == "questions"


def test_openkamer_single_indiener_without_party():
    # shape of https://www.openkamer.org/kamervraag/2022Z16068/ (real page header, questions shortened)
    text = (
        "Kamervraag 2022Z16068\n\nHet artikel ‘Nederland houdt Caribische staatsburgers al twaalf jaar arm’\n\n"
        "Ingediend 2 september 2022\nIndiener Bouchallikh\nOnderwerpen bestuur financiën\n"
        "Bron vraag https://zoek.officielebekendmakingen.nl/kv-tk-2022Z16068.html\n"
        " • Vraag 1\n  Heeft u kennisgenomen van het artikel?\n • Vraag 2\n  Deelt u de mening dat dit onacceptabel is?\n"
    )
    doc = parse_page_text(text, "ok.txt")
    assert [(a.name, a.party) for a in doc.askers] == [("Bouchallikh", None)]
    assert doc.submitted == "2022-09-02" and len(doc.questions) == 2


def test_openkamer_page_without_title_takes_no_note_for_its_subject():
    # https://www.openkamer.org/kamervraag/2014Z18493/ (the page's header is missing; its start as copied)
    text = (
        "Kamervraag 2014Z18493\n\n1. Reformatorisch Dagblad, 16 oktober 2014\n • Vraag 1\n  Heeft u kennisgenomen "
        "van het bericht dat het Hof in Pakistan het doodvonnis van Asia Bibi heeft bekrachtigd?1\n\n  Ja.\n\n"
        " • Vraag 2\n  Hoe apprecieert u deze uitspraak?\n\n  Het kabinet betreurt ten zeerste het vonnis.\n"
    )
    doc = parse_page_text(text, "ok.txt")
    assert doc.subject is None and doc.zaak == "2014Z18493" and len(doc.questions) == 2


def test_no_break_spaces_and_spaces_at_line_ends_change_nothing():
    """A page copied from a browser keeps &nbsp; ("Vraag\u00a01") and spaces before line ends (a wrapped
    "… en  \n"): the parse is that of the plain text."""
    plain = ANSWERS.replace("aan de Minister van Justitie", "aan de Minister van Justitie en\nde Minister van Financiën")
    odd = plain.replace("Vraag 1", "Vraag\u00a01").replace("Antwoord 1", "Antwoord\u00a01").replace("\n", "  \n")
    want, got = parse_page_text(plain, "a.txt"), parse_page_text(odd, "a.txt")
    assert got.addressees == want.addressees == ["Minister van Justitie", "Minister van Financiën"]
    assert [(q.number, q.text) for q in got.questions] == [(q.number, q.text) for q in want.questions]
    assert [(a.questions, a.text) for a in got.answers] == [(a.questions, a.text) for a in want.answers]


# --- the shortcuts taken for speed give what the plain patterns give ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kamervragen.parse import text as _t  # noqa: E402

# pieces of real documents, and characters that case-insensitive patterns and blanks treat specially
_PIECES = st.lists(
    st.sampled_from(
        ["1", "2", "3", "12", "2024", "0", "*", "(*)", "<sup>1</sup>", "<sup> 2 </sup>", "[^3]", " ", "  ", "\n", "\n\n",
         "\t", "?", "!", ".", ",", ":", "»", "”", "’", ")", "(", "<", ">", "^", "woord", "é", "Z", "-", "\u00a0", "١", "²",
         "X", "Noot", "Kamervraag", "2023Z11786", "Toelichting", "Ingediend", "Beantwoord door", "nader", "Aanvullend",
         "antwoord", "(nader)", "schriftelijke vragen", "ingetrokken", "intrekking", "binnen", "İ", "ı", "ſ", "K"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_PIECES)
def test_marker_shortcut_finds_what_the_plain_substitution_finds(text):
    # markers tried only near digit runs and "*": the same matches, in the same order, as trying every position
    got = _t._sub_at(text, _t._MARK_TRIGGER_RE.finditer(text), lambda m: f"[{m.group('m')}]")
    assert got == _t._MARKER_RE.sub(lambda m: f"[{m.group(0)}]", text)


@settings(max_examples=400, deadline=None)
@given(_PIECES)
def test_searches_by_cue_word_match_plain_searches(text):
    assert bool(_t._ci_search(_t._WITHDRAW_RE, _t._WITHDRAW_CUES, text)) == bool(_t._WITHDRAW_RE.search(text))
    assert bool(_t._ci_search(_t._POSTPONE_RE, _t._POSTPONE_CUES, text)) == bool(_t._POSTPONE_RE.search(text))
    assert bool(_t._ci_search(_t._WITHDRAW_TITLE_RE, _t._WITHDRAW_TITLE_CUES, text)) == bool(_t._WITHDRAW_TITLE_RE.search(text))
    assert bool(_t._ci_search(_t._HINT_RE, _t._HINT_CUES, text)) == bool(_t._HINT_RE.search(text))
    assert _t._is_supplementary(text) == bool(_t._SUPPLEMENTARY_RE.search(text))
    assert _t._has_xnoot(text) == bool(_t._XNOOT_RE.search(text))
    ok, plain_ok = _t._ok_head(text), _t._OK_HEAD_RE.search(text)
    assert (ok and ok.span()) == (plain_ok and plain_ok.span())
    tl, plain_tl = _t._toelichting(text), _t._TOELICHTING_TEXT_RE.search(text)
    assert (tl and tl.span()) == (plain_tl and plain_tl.span())
    fields = [(m.group("k"), m.group("v")) for m in _t._ok_fields(text)]
    assert fields == [(m.group("k"), m.group("v")) for m in _t._OK_FIELD_RE.finditer(text)]
