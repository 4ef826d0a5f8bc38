"""The site in headless Chromium on the sample corpus: search, a case with question 1 beside its
answer, "Nieuwe vragen" with the seed, and script/HTML payloads shown as text, never run.
Screenshots go to test-artifacts/web/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.web.conftest import ARTIFACTS
from tests.web.xss import MARK, OPENING_ZAAK, PAYLOADS, XSS_ZAAK

pytestmark = pytest.mark.browser
SEED = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md"


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_then_case_shows_question_beside_answer(server, page):
    page.goto(server + "/")
    page.fill("#q", "nuctech douane")
    page.click("form.big-search button")
    page.wait_for_url("**/zoeken?*")
    hits = page.locator("li.hit")
    assert hits.count() >= 2
    assert page.locator("li.hit mark").count() > 0
    _shot(page, "search")
    page.click("a.hit-title:text('2023Z11786')")
    page.wait_for_url("**/zaak/2023Z11786")
    row = page.locator("tr#vraag-1")
    question = row.locator("td.question").inner_text()
    answer = row.locator("td.answer").inner_text()
    assert "Vraag 1" in question and "Antwoord 1" in answer
    assert "Nog geen antwoord" not in answer and answer.strip().endswith("Ja.")  # the stored answer to question 1
    # question and answer sit side by side in one row
    qbox, abox = row.locator("td.question").bounding_box(), row.locator("td.answer").bounding_box()
    assert abox["x"] > qbox["x"] + qbox["width"] - 1 and abs(abox["y"] - qbox["y"]) < 5
    assert page.locator("section.similar li").count() >= 1
    _shot(page, "case-2023Z11786")


def test_seed_case_page(server, page):
    page.goto(server + "/zaak/2024Z01911")
    facts = page.locator("dl.facts").inner_text()
    assert "28 februari 2024" in facts and "Michon-Derkzen" in facts and "VVD" in facts
    assert page.locator("a[href='https://zoek.officielebekendmakingen.nl/kv-tk-2024Z01911.html']").count() == 1
    assert page.locator("a[href*='/api/feed?target=case:2024Z01911']").count() >= 1
    assert page.locator("section.similar li").count() >= 1
    _shot(page, "case-2024Z01911")


def test_new_questions_with_seed(server, page):
    page.goto(server + "/nieuwe-vragen")
    page.fill("#tekst", SEED.read_text(encoding="utf-8"))
    page.click("form.new button")
    page.wait_for_selector("section.parsed")
    assert page.locator("ol.questions > li").count() == 9
    assert page.locator("dd.due").inner_text().strip() == "28 februari 2024"
    similar = page.locator("section.similar li")
    assert similar.count() >= 1
    assert "2023Z11492" in page.locator("section.similar").inner_text()
    assert "Antwoordkit" in page.locator("pre.markdown").inner_text()
    _shot(page, "nieuwe-vragen")
    with page.expect_download() as info:
        page.click("form[action$='antwoordkit.docx'] button")
    download = info.value
    target = ARTIFACTS / "seed-antwoordkit.docx"
    download.save_as(str(target))
    assert target.read_bytes()[:2] == b"PK"


def _assert_no_execution(page, dialogs: list[str]) -> None:
    assert page.evaluate("() => window.__xss") is None, "a payload ran"
    assert page.evaluate("() => document.querySelectorAll('script, iframe, object, embed, svg script').length") == 0
    assert dialogs == []


def test_payloads_in_document_are_shown_as_text(server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + f"/zaak/{XSS_ZAAK}")
    page.wait_for_timeout(300)
    _assert_no_execution(page, dialogs)
    text = page.locator("table.qa").inner_text()
    shown = sum(1 for p in PAYLOADS if p in text)
    assert shown == len(PAYLOADS), f"only {shown} of {len(PAYLOADS)} payloads shown literally"
    assert page.locator("table.qa img, table.qa a[href^='javascript'], table.qa input").count() == 0
    _shot(page, "xss-case")
    # search snippets (highlights) and the "Nieuwe vragen" view of the same text
    page.goto(server + "/zoeken?q=" + quote("onveilige website"))
    _assert_no_execution(page, dialogs)
    assert page.locator("li.hit mark").count() > 0
    from tests.web.xss import document_text

    page.goto(server + "/nieuwe-vragen")
    page.fill("#tekst", document_text())
    page.click("form.new button")
    page.wait_for_selector("section.parsed")
    page.wait_for_timeout(300)
    _assert_no_execution(page, dialogs)
    assert page.locator("ol.questions > li").count() == len(PAYLOADS)
    _shot(page, "xss-nieuwe-vragen")


@pytest.mark.parametrize("template", ["/zoeken?q={}", "/zoeken?q=douane&partij={}&lid={}", "/zaak/{}",
                                      "/lid/{}", "/zoeken?q=x&van={}"])
def test_payloads_in_query_strings(server, page, template):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for payload in PAYLOADS:
        value = quote(payload, safe="")
        response = page.goto(server + template.format(value, value))
        assert response.status < 500
        _assert_no_execution(page, dialogs)
    assert MARK not in page.evaluate("() => Object.keys(window).join(',')")


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(server + "/zoeken")
        page.fill("#q", "douane")
        page.select_option("select[name=sorteer]", "date")
        page.click("form.search button")
        page.wait_for_url("**sorteer=date**")
        assert page.locator("li.hit").count() >= 2
        page.locator("aside.facet-counts a", has_text="VVD").first.click()
        page.wait_for_url("**partij=VVD**")
        assert page.locator("li.hit").count() >= 1
        page.goto(server + "/statistiek")
        assert page.locator("svg.chart").count() == 4
        page.screenshot(path=str(ARTIFACTS / "statistiek.png"), full_page=True)
        page.goto(server + "/partij/VVD")
        assert int(page.locator("dd.open-count").inner_text()) >= 1
        page.screenshot(path=str(ARTIFACTS / "partij-VVD.png"), full_page=True)
        page.goto(server + "/")
        assert page.locator("table.counts tr").count() >= 2
        page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    finally:
        context.close()


def test_payloads_in_names_and_subject(server, page):
    """Askers, party and subject from a constructed opening sentence: the case page and the member and
    party pages its links lead to."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + f"/zaak/{OPENING_ZAAK}")
    _assert_no_execution(page, dialogs)
    assert "&lt;" in page.locator("h1").inner_text() or "Nieuws" in page.locator("h1").inner_text()
    links = [a.get_attribute("href") for a in page.locator("dl.facts a").all()]
    assert any(h.startswith("/lid/") for h in links) and any(h.startswith("/partij/") for h in links)
    for href in links:
        response = page.goto(server + href)
        assert response.status < 500
        _assert_no_execution(page, dialogs)
    page.goto(server + f"/zaak/{OPENING_ZAAK}")
    assert page.locator("table.qa a[href^='javascript']").count() == 0
    _shot(page, "xss-opening")
