"""A store for the procedure tests, built from the hand-checked truth files of the sample corpus
(tests/fixtures/truth/*.json, one per document in src/kamervragen/sample/docs): each document is its own
case, keyed by its zaak number (from the text, else from the file name) or its publication. It implements
only the reading methods the procedure stage uses, so these tests do not depend on the parser or on the
SQLite store; ``tests/procedure/test_sample_store.py`` runs the same functions on the real store."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kamervragen.model import Answer, Asker, Case, Question, Respondent, StoredDocument
from kamervragen.procedure.cases import summarise_case
from kamervragen.store.base import Store
from kamervragen.store.sqlite_alerts import SQLiteAlertsMixin

TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "truth"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "procedure"
MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "store" / "migrations" / "sqlite"


def _key_of(stem: str, data: dict) -> tuple[str, str | None, str | None]:
    """(case key, zaak, publication) of a truth file."""
    zaak = data.get("zaak")
    m = re.search(r"(\d{4}Z\d{5})", stem)
    if zaak is None and m and not stem.startswith("ok-20011"):
        zaak = m.group(1)
    pub = None
    m2 = re.search(r"((?:kv-tk-\d{4}Z\d{5})|(?:ah-tk-\d{8}-\d+))", stem)
    if m2:
        pub = m2.group(1)
    return (zaak or pub or stem), zaak, pub


def truth_document(path: Path, doc_id: int) -> tuple[str, StoredDocument] | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data.get("kind"):
        return None
    key, zaak, pub = _key_of(path.stem, data)
    texts = data.get("question_texts") or {}
    answers = data.get("answer_texts") or {}
    doc = StoredDocument(
        id=doc_id, key=f"truth:{path.stem}", case_key=key, zaak=zaak, kind=data["kind"], publication=pub,
        subject=data.get("subject"), submitted=data.get("submitted"),
        received=data.get("received") if data["kind"] != "questions" else None,
        askers=[Asker(**a) for a in data.get("askers") or []], addressees=list(data.get("addressees") or []),
        respondents=[Respondent(**r) for r in data.get("respondents") or []],
        questions=[Question(int(n), t, (data.get("question_footnotes") or {}).get(n, [])) for n, t in texts.items()],
        answers=[Answer([int(x) for x in re.findall(r"\d+", n)], t) for n, t in answers.items()],
        source_path=f"sample/docs/{path.stem}",
    )
    return key, doc


class TruthStore(SQLiteAlertsMixin, Store):
    """Cases from the truth files (plus any extra cases given), and an in-memory SQLite database with the
    alerts tables (migrations 020–029)."""

    url = ":memory:"

    def __init__(self, extra: list[Case] | None = None, include_truth: bool = True) -> None:
        self.cases: dict[str, Case] = {}
        if include_truth:
            for i, path in enumerate(sorted(TRUTH.glob("*.json")), start=1):
                found = truth_document(path, i)
                if found is None:
                    continue
                key, doc = found
                self.cases[key] = Case(key=key, zaak=doc.zaak, subject=doc.subject, submitted=doc.submitted,
                                       askers=doc.askers, addressees=doc.addressees, questions=doc.questions,
                                       documents=[doc])
        for case in extra or []:
            self.cases[case.key] = case
        self.conn = sqlite3.connect(":memory:")
        self.migrate()

    def migrate(self) -> list[str]:
        applied = []
        for path in sorted(MIGRATIONS.glob("02*.sql")):
            self.conn.executescript(path.read_text(encoding="utf-8"))
            applied.append(path.name)
        return applied

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    def get_case(self, key):
        return self.cases.get(key)

    def iter_cases(self):
        for key in sorted(self.cases):
            yield summarise_case(self.cases[key])

    def known_raw(self, checksums):
        raise NotImplementedError

    def write_batch(self, outcomes, *, reparse=False):
        raise NotImplementedError

    def iter_raw(self, batch_size=500):
        raise NotImplementedError

    def mark_removed(self, **kwargs):
        raise NotImplementedError

    def get_document(self, document_id):
        raise NotImplementedError

    def find_documents(self, identifier):
        raise NotImplementedError

    def get_raw(self, document_id):
        raise NotImplementedError

    def list_failed(self):
        return []

    def list_link_issues(self):
        return []

    def counts(self):
        return {"cases": len(self.cases)}
