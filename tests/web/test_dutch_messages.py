"""Bad input on the pages and in the API is answered in Dutch, also when the stage below (search,
procedure, parse) wrote its message in English for the CLI, and when the error is a validation error."""

from __future__ import annotations

import html
import re

import pytest

from kamervragen.api.messages import dutch

ENGLISH = re.compile(r"\b(unknown|needs a word|is not one of|without its|Input should|Field required|"
                     r"String should|is after|not a document|use a name|The query|The file)\b|--since")


def _visible(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("path, words", [
    ("/ministerie/Niets", "Ministerie “Niets” is onbekend"),
    ("/zoeken?ministerie=Niets", "Ministerie “Niets” is onbekend"),
    ("/zoeken?q=%22open", "zonder afsluitend aanhalingsteken"),
    ("/zoeken?q=douane%20AND", "“AND” vraagt aan beide kanten een woord"),
    ("/zoeken?q=(douane", "De zoekvraag heeft een “(” zonder “)”"),
    ("/zoeken?q=douane&status=nee", "Status “nee” bestaat niet"),
    ("/zoeken?van=2024-02-01&tot=2024-01-01", "De begindatum ligt na de einddatum"),
    ("/zoeken?q=douane&pagina=nul", "pagina moet een geheel getal zijn"),
    ("/zoeken?q=douane&pagina=0", "pagina moet minstens 1 zijn"),
    ("/zoeken?q=" + "a" * 600, "q mag hoogstens 500 tekens lang zijn"),
])
def test_pages_answer_bad_input_in_dutch(client, path, words):
    r = client.get(path)
    assert r.status_code == 400, (path, r.status_code)
    text = _visible(r.text)
    assert words in text, (path, text[-600:])
    assert not ENGLISH.search(text), (path, ENGLISH.search(text))


def test_error_pages_show_the_day_in_the_footer(client):
    for path in ("/zaak/2099Z00000", "/ministerie/Niets", "/?today=morgen"):
        text = _visible(client.get(path).text)
        assert "Stand op ." not in text and re.search(r"Stand op \d+ \w+ \d{4}\.", text), path


@pytest.mark.parametrize("path, words", [
    ("/api/cases?ministry=Niets", "Ministerie “Niets” is onbekend"),
    ("/api/groups/ministry/Niets", "Ministerie “Niets” is onbekend"),
    ("/api/search?q=(", "De zoekvraag heeft een “(” zonder “)”"),
    ("/api/search?q=x&status=nee", "Status “nee” bestaat niet"),
    ("/api/search?from=2024-02-01&to=2024-01-01", "De begindatum ligt na de einddatum"),
    ("/api/feed?target=nee", "Feed “nee” bestaat niet"),
    ("/api/feed?target=case:2099Z00000", "Zaak “2099Z00000” staat niet in de database"),
])
def test_api_answers_bad_input_in_dutch(client, path, words):
    r = client.get(path)
    assert r.status_code == 400, (path, r.status_code)
    detail = r.json()["detail"]
    assert words in detail and not ENGLISH.search(detail), detail


def test_a_refused_upload_is_explained_in_dutch(client):
    r = client.post("/api/parse", content=b"Een recept voor appeltaart: appels, bloem en boter.")
    assert r.status_code == 400 and not ENGLISH.search(r.json()["detail"]), r.json()
    r = client.post("/api/parse", content=bytes(range(256)) * 8)
    assert r.status_code == 400 and "binair" in r.json()["detail"], r.json()


def test_unknown_sentences_are_left_as_they_are():
    assert dutch("Iets anders.") == "Iets anders."
    assert dutch("Deze zoekvraag kan niet worden uitgevoerd: The query has more than 64 words.") == \
        "Deze zoekvraag kan niet worden uitgevoerd: De zoekvraag heeft meer dan 64 woorden."
