"""Every bundled document with a truth file gives the checked fields (same comparisons as shared/eval/score.py)."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from kamervragen.model import ParseError
from kamervragen.parse.text import parse_page_text

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "src" / "kamervragen" / "sample" / "docs"
TRUTH = ROOT / "tests" / "fixtures" / "truth"
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "von",
             "le", "la", "du", "el", "d'", "uit", "voor", "vd"}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def text_ok(got, want, threshold=0.95) -> bool:
    if not isinstance(got, str):
        return False
    a, b = fold(got), fold(want)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=len(a) > 4000).ratio() >= threshold


def name_tokens(name: str) -> set[str]:
    name = re.sub(r"[()\[\],;:]", " ", fold(name)).replace(".", ". ")
    return {p for p in re.split(r"[\s\-]+", name) if p and p not in PARTICLES and not p.endswith(".")}


def same_person(got: str, want: str) -> bool:
    g, w = name_tokens(got or ""), name_tokens(want or "")
    if not g or not w:
        return False
    small, big = (g, w) if len(g) <= len(w) else (w, g)
    return small <= big and len(big) - len(small) <= 1


def role(s: str) -> str:
    s = re.sub(r"^(de|het)\s+", "", fold(s))
    s = re.sub(r"[.,;:()]", " ", s)
    return " ".join(w for w in s.split() if w not in ("van", "voor"))


def match_people(got: list, want: list) -> list:
    free, pairs = list(got), []
    for w in want:
        hit = next((g for g in free if same_person(g.get("name"), w["name"])), None)
        if hit is not None:
            free.remove(hit)
        pairs.append((w, hit))
    return pairs


def check(field: str, got: dict, want) -> bool:
    g = got.get(field)
    if field in ("kind", "publication", "submitted", "received"):
        return (g or None) == (want or None)
    if field == "zaak":
        return (g or "").upper() == (want or "").upper()
    if field == "subject":
        return text_ok(g, want)
    if field == "askers":
        return len(g) == len(want) and all(h is not None for _, h in match_people(g, want))
    if field == "asker_parties":
        return all(h is not None and fold(h.get("party") or "") == fold(w.get("party") or "")
                   for w, h in match_people(got["askers"], want))
    if field == "addressees":
        return sorted(map(role, g)) == sorted(map(role, want))
    if field == "respondents":
        if len(g) != len(want):
            return False
        gr = sorted((role(x["role"]), bool(x["on_behalf"]), x.get("name") or "") for x in g)
        wr = sorted((role(x["role"]), bool(x.get("on_behalf")), x.get("name") or "") for x in want)
        return all(a[:2] == b[:2] and (not b[2] or same_person(a[2], b[2])) for a, b in zip(gr, wr, strict=True))
    qs = {q["number"]: q for q in got["questions"]}
    if field == "question_count":
        return len(got["questions"]) == want
    if field == "question_texts":
        return all(int(k) in qs and text_ok(qs[int(k)]["text"], v) for k, v in want.items())
    if field == "question_footnotes":
        return all(int(k) in qs and sorted(qs[int(k)]["footnotes"]) == sorted(v) for k, v in want.items())
    if field == "footnotes":
        fs = {f["number"]: f for f in got["footnotes"]}
        return len(fs) == len(want) and all(int(k) in fs and text_ok(fs[int(k)]["text"], v, 0.9) for k, v in want.items())
    if field == "answer_count":
        return len(got["answers"]) == want
    if field == "answer_map":
        return [sorted(a["questions"]) for a in got["answers"]] == [sorted(x) for x in want]
    if field == "answer_texts":
        ans = {tuple(sorted(a["questions"])): a for a in got["answers"]}
        return all(tuple(sorted(int(n) for n in k.split(","))) in ans
                   and text_ok(ans[tuple(sorted(int(n) for n in k.split(",")))]["text"], v) for k, v in want.items())
    raise KeyError(field)


CASES = sorted(p.stem for p in TRUTH.glob("*.json"))


@pytest.mark.parametrize("stem", CASES)
def test_fixture_matches_truth(stem: str) -> None:
    truth = json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))
    doc = next(DOCS.glob(f"{stem}.*"))
    text = doc.read_text(encoding="utf-8")
    if truth.get("error"):
        with pytest.raises(ParseError):
            parse_page_text(text, str(doc))
        return
    got = parse_page_text(text, str(doc)).to_json()
    checks = [(f, w) for f, w in truth.items() if not f.startswith("_")]
    checks += [("asker_parties", w) for f, w in checks if f == "askers" and any(x.get("party") for x in w)]
    wrong = [f for f, w in checks if not check(f, got, w)]
    assert not wrong, f"{stem}: fields differ from the truth: {wrong}"


def test_seed_exactly_as_contract() -> None:
    got = parse_page_text((DOCS / "2024Z01911.md").read_text(encoding="utf-8"), "2024Z01911.md")
    assert got.warnings == []
    assert got.kind == "questions" and got.zaak == "2024Z01911" and got.publication is None
    assert got.subject == "het bericht «Kabinet moet alerter zijn op spionage met Chinese scanners bij douane»"
    assert got.submitted == "2024-02-07" and got.received is None
    assert [(a.name, a.party) for a in got.askers] == [("Michon-Derkzen", "VVD"), ("Brekelmans", "VVD"), ("Van Eijk-Nagel", "VVD")]
    assert got.addressees == ["Staatssecretaris van Financiën", "Minister van Buitenlandse Zaken"]
    assert [q.number for q in got.questions] == list(range(1, 10))
    assert got.questions[0].footnotes == [1]
    assert got.questions[0].text == "Bent u bekend met bovenstaand bericht? Zo ja, hoe beoordeelt u bovenstaand bericht?"
    assert "Opinie" not in got.questions[4].text and got.questions[4].footnotes == []
    assert [(f.number, f.text) for f in got.footnotes] == [
        (1, "Opinie: Kabinet moet alerter zijn op spionage met Chinese scanners bij douane (volkskrant.nl)")]
