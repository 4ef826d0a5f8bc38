"""The user query language, parsed into a small AST that each backend translates.

    words            all must occur (implicit AND)
    "a phrase"       the words in this order
    a OR b           either
    a AND b          both (the default anyway)
    NOT a, -a        exclude (needs at least one positive part beside it)
    scan*            prefix
    ( … )            grouping

Operators are upper case (``AND``/``OR``/``NOT``); lower-case words are searched for. The AST keeps
the words as typed and their stems (``kamervragen.search.analysis``), so the SQLite backend builds an
FTS5 MATCH over stems (``to_fts5``) and the PostgreSQL backend a ``to_tsquery`` text (``to_tsquery``)
from the same tree; snippets map the stems back to the original words (``positive_terms``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kamervragen.errors import UserError
from kamervragen.search.analysis import fold, stem, stems

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64


@dataclass(frozen=True)
class Term:
    """One word: ``stems`` has one stem, or several for a hyphenated word (searched as a phrase)."""

    word: str
    stems: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<minus>-)(?=[\w"(])|(?P<word>[^\s()"]+))')
_WORD = re.compile(r"\w+(?:[-'’]\w+)*\*?", re.UNICODE)


def _lex(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise UserError(f"The query cannot be read near “{text[pos:pos + 20].strip()}”.")
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "word" and value in ("AND", "OR", "NOT"):
            kind = value
        out.append((kind, value))
    return out


def _term(raw: str) -> Node | None:
    """A typed word → Term (or None when it holds no letters or digits, like a lone '+')."""
    prefix = raw.endswith("*")
    words = _WORD.findall(raw)
    if not words:
        if prefix:
            raise UserError("A prefix search needs at least one letter before the “*”.")
        return None
    nodes: list[Node] = []
    for w in words:
        p = w.endswith("*") or (prefix and w is words[-1])
        w = w.rstrip("*")
        s = tuple(stems(w))
        if not s:
            continue
        nodes.append(Term(w, s, p))
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.peek() is not None:
            kind, value = self.tokens[self.i]
            raise UserError(f"The query has an unexpected “{value}”; check the parentheses.")
        return node

    def or_expr(self) -> Node | None:
        items = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, "close", "OR", "AND"):
                raise UserError("“OR” needs a word on both sides.")
            items.append(self.and_expr())
        kept = [n for n in items if n is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self) -> Node | None:
        items: list[Node] = []
        first = True
        while self.peek() not in (None, "close", "OR"):
            if self.peek() == "AND":
                if first:
                    raise UserError("“AND” needs a word on both sides.")
                self.take()
                if self.peek() in (None, "close", "OR", "AND"):
                    raise UserError("“AND” needs a word on both sides.")
            node = self.unary()
            first = False
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind in ("NOT", "minus"):
            self.take()
            if self.peek() in (None, "close", "OR", "AND"):
                raise UserError("“NOT” (or “-”) needs a word after it.")
            inner = self.unary()
            return Not(inner) if inner is not None else None
        return self.atom()

    def atom(self) -> Node | None:
        kind, value = self.take()
        if kind == "open":
            node = self.or_expr()
            if self.peek() != "close":
                raise UserError("The query has a “(” without its “)”.")
            self.take()
            return node
        if kind == "close":
            raise UserError("The query has a “)” without its “(”.")
        if kind == "phrase":
            if not value.endswith('"') or len(value) < 2:
                raise UserError("The query has a “\"” without its closing quote.")
            words = re.findall(r"\w+(?:[-'’]\w+)*", value[1:-1])
            s = tuple(stems(" ".join(words)))
            if not s:
                return None
            if len(s) == 1:
                return Term(words[0], s)
            return Phrase(tuple(words), s)
        return _term(value)


def parse_query(text: str) -> Node:
    """Parse a user query; raises ``UserError`` (one sentence) when it cannot be read."""
    if len(text) > MAX_QUERY_CHARS:
        raise UserError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
    node = _Parser(_lex(text)).parse()
    if node is None:
        raise UserError("The query holds no word to search for.")
    node = _simplify(node)
    if not _has_positive(node):
        raise UserError("A query needs at least one word to find, not only words to exclude.")
    if sum(1 for _ in _leaves(node)) > MAX_TERMS:
        raise UserError(f"The query has more than {MAX_TERMS} words.")
    return node


def _simplify(node: Node) -> Node:
    if isinstance(node, And | Or):
        flat: list[Node] = []
        for item in (_simplify(i) for i in node.items):
            if type(item) is type(node):
                flat.extend(item.items)  # type: ignore[union-attr]
            else:
                flat.append(item)
        return flat[0] if len(flat) == 1 else type(node)(tuple(flat))
    if isinstance(node, Not):
        inner = _simplify(node.item)
        return inner.item if isinstance(inner, Not) else Not(inner)
    return node


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term | Phrase):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(i) for i in node.items)
    return all(_has_positive(i) for i in node.items)  # Or: every branch must find something


def _leaves(node: Node):
    if isinstance(node, Term | Phrase):
        yield node
    elif isinstance(node, Not):
        yield from _leaves(node.item)
    else:
        for i in node.items:
            yield from _leaves(i)


def positive_terms(node: Node) -> list[Term | Phrase]:
    """The words and phrases the results should show (not the excluded ones), for snippets and
    for ranking the parts of a document."""
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, Not):
        return []
    out: list[Term | Phrase] = []
    for i in node.items:
        out.extend(positive_terms(i))
    return out


def prefix_stem(term: Term) -> str:
    """What a prefix term matches in the index: the shorter of the folded word and its stem when one
    starts the other (stemming a prefix can cut it: ``scanne*``), else the folded word."""
    word = fold(term.word)
    s = stem(term.word) if "-" not in term.word else term.stems[-1]
    return s if word.startswith(s) else word


def estimate_matches(node: Node, df: Callable[[list[str]], dict[str, int]], n: int) -> int:
    """About how many documents the query matches, from document frequencies (prefix terms count as
    unknown, 0): lets a backend choose a bounded ranking for queries that match most documents."""
    if isinstance(node, Term):
        return 0 if node.prefix else min(df(list(node.stems)).values())
    if isinstance(node, Phrase):
        return min(df(list(node.stems)).values())
    if isinstance(node, Not):
        return n
    values = [estimate_matches(i, df, n) for i in node.items if not isinstance(i, Not)]
    if isinstance(node, Or):
        return min(n, sum(values))
    return min(values) if values else 0


# -- FTS5 ------------------------------------------------------------------------------------------


def _q(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def to_fts5(node: Node, column: str | None = None) -> str:
    """The FTS5 MATCH expression over the stemmed index (optionally limited to one column)."""
    expr = _fts(node)
    return f"{{{column}}} : ({expr})" if column else expr


def _fts(node: Node) -> str:
    if isinstance(node, Term):
        if node.prefix:
            if len(node.stems) > 1:
                return _q(" ".join(node.stems[:-1])) + " + " + _q(prefix_stem(node)) + "*"
            return _q(prefix_stem(node)) + "*"
        return _q(" ".join(node.stems))
    if isinstance(node, Phrase):
        return _q(" ".join(node.stems))
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(i) for i in node.items) + ")"
    if isinstance(node, And):
        pos = [i for i in node.items if not isinstance(i, Not)]
        neg = [i for i in node.items if isinstance(i, Not)]
        expr = " AND ".join(_fts(i) for i in pos)
        if len(pos) > 1:
            expr = f"({expr})"
        for n in neg:
            expr = f"({expr} NOT {_fts(n.item)})"
        return expr
    raise UserError("A query needs at least one word to find, not only words to exclude.")


# -- PostgreSQL ------------------------------------------------------------------------------------


def _tsq(s: str) -> str:
    return "'" + s.replace("'", "''").replace("\\", "\\\\") + "'"


def to_tsquery(node: Node) -> str:
    """The same query as text for ``to_tsquery('simple', …)`` over a tsvector of the same stems
    (or ``to_tsquery('dutch', …)`` over the original text: ``dutch_porter`` equals PostgreSQL's ``dutch``)."""
    if isinstance(node, Term):
        parts = [_tsq(s) for s in node.stems]
        if node.prefix:
            parts[-1] = _tsq(prefix_stem(node)) + ":*"
        return "(" + " <-> ".join(parts) + ")" if len(parts) > 1 else parts[0]
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(_tsq(s) for s in node.stems) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.item)
    op = " | " if isinstance(node, Or) else " & "
    return "(" + op.join(to_tsquery(i) for i in node.items) + ")"
