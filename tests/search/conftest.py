"""A minimal store for the search tests: the search migrations and mixin over an in-memory SQLite
database, so these tests do not depend on the rest of the store; and the same on PostgreSQL (``store``
runs each test on both backends)."""

from __future__ import annotations

import pytest

from kamervragen.model import Answer, Asker, Footnote, ParsedDocument, Question, Respondent
from kamervragen.store.postgres import PostgresStore
from kamervragen.store.sqlite_search import SearchOnlyStore
from tests.conftest import BACKENDS, drop_store_url, new_store_url


class MiniStore(SearchOnlyStore):
    """The search index alone, in memory, with a way to add documents one by one."""

    def __init__(self) -> None:
        super().__init__(":memory:")
        self.next_id = 1

    def add(self, parsed: ParsedDocument, zaak: str | None = None) -> int:
        doc_id = self.next_id
        self.next_id += 1
        with self.transaction() as conn:
            self.index_document(conn, doc_id, zaak or parsed.zaak or f"L{doc_id}", parsed)
        return doc_id


def questions_doc(zaak: str, subject: str, questions: list[str], submitted: str, *, party: str = "VVD",
                  asker: str = "Jansen", office: str = "Minister van Financiën",
                  footnotes: list[str] = ()) -> ParsedDocument:
    return ParsedDocument(
        source=f"{zaak}.txt", kind="questions", zaak=zaak, subject=subject, submitted=submitted,
        askers=[Asker(asker, party)], addressees=[office],
        questions=[Question(i + 1, q) for i, q in enumerate(questions)],
        footnotes=[Footnote(i + 1, f) for i, f in enumerate(footnotes)])


def answers_doc(q: ParsedDocument, answers: list[str], received: str, role: str) -> ParsedDocument:
    return ParsedDocument(
        source=f"{q.zaak}-a.txt", kind="answers", zaak=q.zaak, subject=q.subject, submitted=q.submitted,
        received=received, askers=q.askers, respondents=[Respondent(role, "Pietersen")],
        questions=q.questions, answers=[Answer([i + 1], a) for i, a in enumerate(answers)])


class PgMiniStore(PostgresStore):
    """The same minimal store on PostgreSQL: a fresh database with the store's migrations, documents
    indexed directly (``add``), no cases."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.migrate()
        self.next_id = 1

    add = MiniStore.add


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """The small store on each backend (tests/conftest.py: PostgreSQL needs KAMERVRAGEN_TEST_PG)."""
    if request.param == "sqlite":
        yield small_store()
        return
    url = new_store_url("postgres", tmp_path)
    s = small_store(PgMiniStore(url))
    yield s
    s.close()
    drop_store_url(url)


def small_store(s: MiniStore | PgMiniStore | None = None) -> MiniStore | PgMiniStore:
    s = s if s is not None else MiniStore()
    q1 = questions_doc("2023Z11492", "het bericht «Chinese scanners van Nuctech bij de douane»",
                       ["Kent u het bericht dat de douane scanners van het Chinese bedrijf Nuctech gebruikt?",
                        "Welke risico's voor de nationale veiligheid ziet u bij deze scanners?"],
                       "2023-06-20", footnotes=["NOS, 19 juni 2023, «Douane gebruikt Chinese scanners»"])
    s.add(q1)
    s.add(answers_doc(q1, ["Ja.", "De douane heeft de risico's laten onderzoeken door TNO."], "2023-07-30",
                      "Staatssecretaris van Financiën"))
    s.add(questions_doc("2022Z01000", "de sluiting van het zwembad in Ameland",
                        ["Klopt het dat de minister het zwembad op Ameland sluit?"], "2022-01-10",
                        party="GL", asker="De Vries", office="Minister van Volksgezondheid, Welzijn en Sport"))
    s.add(questions_doc("2024Z00001", "de ministers en de begroting",
                        ["Wat vinden de ministers van de begroting?", "Hoeveel ministeries zijn er?"], "2024-01-05"))
    return s
