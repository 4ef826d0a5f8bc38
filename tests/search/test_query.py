"""The query language: parsing, FTS5 and tsquery translation, clear errors."""

from __future__ import annotations

import pytest

from kamervragen.errors import UserError
from kamervragen.search.query import (
    And,
    Not,
    Or,
    Phrase,
    Term,
    parse_query,
    positive_terms,
    to_fts5,
    to_tsquery,
)


def test_words_are_stemmed_and_anded():
    node = parse_query("Nuctech scanners")
    assert isinstance(node, And)
    assert to_fts5(node) == '("nuctech" AND "scanner")'
    assert to_tsquery(node) == "('nuctech' & 'scanner')"


def test_phrase_or_not_prefix_and_groups():
    node = parse_query('"Chinese scanners" OR (douane* -België)')
    assert isinstance(node, Or)
    assert isinstance(node.items[0], Phrase)
    assert to_fts5(node) == '("chines scanner" OR ("douan"* NOT "belgie"))'
    assert to_tsquery(node) == "(('chines' <-> 'scanner') | ('douan':* & !'belgie'))"
    assert [t.word for t in positive_terms(node) if isinstance(t, Term)] == ["douane"]


def test_hyphenated_word_is_a_phrase_of_its_parts():
    assert to_fts5(parse_query("Michon-Derkzen")) == '"michon derkz"'


def test_lower_case_operators_are_words():
    node = parse_query("not and or")
    assert isinstance(node, And) and not any(isinstance(i, Not) for i in node.items)


@pytest.mark.parametrize("text", ["NOT douane", "-douane", "(douane", "douane)", '"douane', "AND douane",
                                  "douane OR", "", "  ", "+", "x" * 2000, "douane OR -scanner"])
def test_unreadable_queries_give_one_sentence(text):
    with pytest.raises(UserError) as err:
        parse_query(text)
    message = str(err.value)
    assert message.endswith(".") and "\n" not in message
