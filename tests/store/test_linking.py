"""Linking: questions and answers of one zaak in either order give one case; an answer without zaak
number is linked by its text; uncertain links are reported, not guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kamervragen.model import Asker, ParsedDocument, Question
from kamervragen.procedure import linking
from kamervragen.store.loader import load_paths

from .conftest import FIXTURES, SAMPLE_DOCS

# (constructed questions document, real answer document, zaak)
PAIRS = [
    ("constructed-kv-tk-2019Z01316.txt", "ok-2019Z01316.txt", "2019Z01316"),  # answer shows the zaak
    ("constructed-kv-tk-2013Z90001.txt", "ob-ah-tk-20122013-2844.txt", "2013Z90001"),  # answer without zaak
]


def _copy(tmp_path: Path, name: str, source: Path) -> Path:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    shutil.copy(source / name, folder / name)
    return folder


@pytest.mark.parametrize("questions_first", [True, False])
@pytest.mark.parametrize("pair", PAIRS, ids=["with-zaak", "answer-without-zaak"])
def test_questions_and_answer_in_either_order_make_one_case(store, tmp_path, pair, questions_first) -> None:
    q_name, a_name, zaak = pair
    q_folder, a_folder = _copy(tmp_path, q_name, FIXTURES), _copy(tmp_path, a_name, SAMPLE_DOCS)
    order = [q_folder, a_folder] if questions_first else [a_folder, q_folder]
    for folder in order:
        report = load_paths(store, [folder])
        assert report.inserted == 1 and not report.link_issues
    case = store.get_case(zaak)
    assert case is not None and case.zaak == zaak
    assert sorted(d.kind for d in case.documents) == ["answers", "questions"]
    assert store.counts()["cases"] == 1
    assert case.questions and case.questions[0].text.startswith(("Bent u bekend", "Heeft u kennisgenomen"))
    answer = next(d for d in case.documents if d.kind == "answers")
    if a_name.startswith("ob-ah"):
        assert answer.text_zaak is None and answer.link == "text"
        assert answer.publication == "ah-tk-20122013-2844"
        if not questions_first:  # the answer's local case was merged; its key still finds the case
            assert case.aliases and store.get_case(case.aliases[0]).zaak == zaak
    assert store.get_case("ah-tk-20122013-2844" if a_name.startswith("ob-ah") else zaak).key == zaak


def test_answer_alone_gets_a_stable_local_key(store, tmp_path) -> None:
    folder = _copy(tmp_path, "ob-ah-tk-20122013-2844.txt", SAMPLE_DOCS)
    load_paths(store, [folder])
    (case,) = list(store.iter_cases())
    assert case.zaak is None and case.key.startswith("L")
    key = case.key
    store.close()
    from kamervragen.store import open_store

    other = open_store(str(tmp_path / "other.sqlite3"))
    load_paths(other, [folder])
    assert next(other.iter_cases()).key == key  # derived from the content, not from load order or ids
    other.close()


def _doc(kind: str, subject: str, submitted: str, askers: list[str], questions: list[str],
         zaak: str | None = None) -> ParsedDocument:
    return ParsedDocument(source="x", kind=kind, zaak=zaak, subject=subject, submitted=submitted,  # type: ignore[arg-type]
                          askers=[Asker(a) for a in askers],
                          questions=[Question(i + 1, t) for i, t in enumerate(questions)])


def test_choose_links_only_on_strong_unique_evidence() -> None:
    qs = ["Bent u bekend met het bericht over de scanners bij de douane?", "Hoeveel scanners zijn er?"]
    answer = linking.Features.of(_doc("answers", "het bericht over scanners", "2024-02-07", ["Brekelmans"], qs))
    same = linking.Candidate("2024Z01911", "2024Z01911", [linking.Features.of(
        _doc("questions", "het bericht over scanners", "2024-02-07", ["Brekelmans"], qs))])
    other_day = linking.Candidate("2024Z02000", "2024Z02000", [linking.Features.of(
        _doc("questions", "het bericht over scanners", "2024-03-01", ["Brekelmans"], []))])
    decision = linking.choose(answer, [same, other_day])
    assert decision.certain and decision.case_key == "2024Z01911"
    # only a weak match (same subject, another date): reported, not guessed
    weak = linking.choose(linking.Features.of(
        _doc("answers", "het bericht over scanners", "2024-02-07", ["Brekelmans"], [])), [other_day])
    assert not weak.certain and weak.case_key is None and weak.candidates == ["2024Z02000"]
    # two equally strong candidates: uncertain, both listed
    twin = linking.Candidate("2024Z01999", "2024Z01999", same.features)
    both = linking.choose(answer, [same, twin])
    assert not both.certain and set(both.candidates) == {"2024Z01911", "2024Z01999"}


def test_uncertain_link_is_reported_and_flagged(store, tmp_path) -> None:
    """Two numbered question sets with the same opening sentence: an answer without number matching
    both is given a case of its own and reported (constructed from the real answer ob-ah-tk-20122013-2844)."""
    from kamervragen.model import LoadItem, ParseOutcome

    answer_text = (SAMPLE_DOCS / "ob-ah-tk-20122013-2844.txt").read_bytes()
    from kamervragen.parse import parse_bytes

    parsed = parse_bytes(answer_text, "a.txt")
    outcomes = []
    for zaak in ("2013Z90001", "2013Z90002"):
        q = ParsedDocument(source=f"q-{zaak}", kind="questions", zaak=zaak, subject=parsed.subject,
                           submitted=parsed.submitted, askers=parsed.askers, questions=parsed.questions)
        outcomes.append(ParseOutcome(LoadItem(zaak.encode(), f"constructed-{zaak}.txt"), q, None, "t"))
    outcomes.append(ParseOutcome(LoadItem(answer_text, "ob-ah-tk-20122013-2844.txt"), parsed, None, "t"))
    report = store.write_batch(outcomes)
    assert report.inserted == 3 and len(report.link_issues) == 1
    issue = report.link_issues[0]
    assert set(issue.candidates) == {"2013Z90001", "2013Z90002"}
    assert store.list_link_issues()[0].document_key == issue.document_key
    answer_case = next(c for c in store.iter_cases() if c.zaak is None)
    assert "uncertain-link" in answer_case.flags
