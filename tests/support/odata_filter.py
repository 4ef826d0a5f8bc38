"""A small OData v4 ``$filter`` / ``$expand`` reader for the fake server (test support, not product code).

Supports what the sync client and reasonable tests send: ``and``/``or``/``not``, parentheses,
``eq ne gt ge lt le``, string / boolean / null / number / date and date-time literals, navigation
paths (``HuidigeDocumentVersie/ExterneIdentifier``) and the lambdas ``any`` / ``all``
(``Document/any(d: d/ApiGewijzigdOp ge 2025-01-01T00:00:00Z)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')"
    r"|(?P<dt>\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)"
    r"|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z_$][\w$]*(?:/[A-Za-z_$][\w$]*)*)"
    r"|(?P<punct>[():,]))"
)
_FRACTION = re.compile(r"\.(\d+)")


def parse_datetime(value: str) -> datetime:
    """ISO date or date-time with any number of fractional digits; naive values are taken as UTC."""
    value = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), value.replace("Z", "+00:00"))
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


Node = Callable[[dict[str, Any]], Any]


class FilterError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FilterError(f"cannot read $filter at {text[pos:pos + 20]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _get(row: Any, path: list[str]) -> Any:
    for part in path:
        if not isinstance(row, dict):
            return None
        row = row.get(part)
    return row


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, datetime) or isinstance(b, datetime):
        if a is None or b is None:
            return op == "ne" if (a is None) != (b is None) else op == "eq"
        a = a if isinstance(a, datetime) else parse_datetime(str(a))
        b = b if isinstance(b, datetime) else parse_datetime(str(b))
    if op == "eq":
        return a == b
    if op == "ne":
        return a != b
    if a is None or b is None:
        return False
    return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise FilterError(f"expected {value or 'a term'} in $filter")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.expr({})
        if self.peek() is not None:
            raise FilterError(f"unexpected {self.peek()[1]!r} in $filter")
        return node

    def expr(self, scope: dict[str, bool]) -> Node:
        left = self.conj(scope)
        while self.peek() == ("name", "or"):
            self.take()
            right = self.conj(scope)
            left = (lambda a, b: lambda r: bool(a(r)) or bool(b(r)))(left, right)
        return left

    def conj(self, scope: dict[str, bool]) -> Node:
        left = self.unary(scope)
        while self.peek() == ("name", "and"):
            self.take()
            right = self.unary(scope)
            left = (lambda a, b: lambda r: bool(a(r)) and bool(b(r)))(left, right)
        return left

    def unary(self, scope: dict[str, bool]) -> Node:
        if self.peek() == ("name", "not"):
            self.take()
            inner = self.unary(scope)
            return lambda r: not inner(r)
        left = self.primary(scope)
        tok = self.peek()
        if tok and tok[0] == "name" and tok[1] in ("eq", "ne", "gt", "ge", "lt", "le"):
            self.take()
            right = self.primary(scope)
            op = tok[1]
            return lambda r: _compare(op, left(r), right(r))
        return left

    def primary(self, scope: dict[str, bool]) -> Node:
        kind, value = self.take()
        if value == "(":
            node = self.expr(scope)
            self.take(")")
            return node
        if kind == "str":
            s = value[1:-1].replace("''", "'")
            return lambda r: s
        if kind == "dt":
            d = parse_datetime(value)
            return lambda r: d
        if kind == "num":
            n = float(value) if "." in value else int(value)
            return lambda r: n
        if kind != "name":
            raise FilterError(f"unexpected {value!r} in $filter")
        if value in ("true", "false"):
            b = value == "true"
            return lambda r: b
        if value == "null":
            return lambda r: None
        parts = value.split("/")
        if parts[-1] in ("any", "all") and self.peek() == ("punct", "("):
            return self.lambda_(parts[:-1], parts[-1], scope)
        if parts[0] in scope:
            var_path = parts[1:]
            var = parts[0]
            return lambda r: _get(r["$vars"][var], var_path)
        return lambda r: _get(r, parts)

    def lambda_(self, path: list[str], how: str, scope: dict[str, bool]) -> Node:
        self.take("(")
        var = self.take()[1]
        self.take(":")
        body = self.expr({**scope, var: True})
        self.take(")")

        def run(row: dict[str, Any]) -> bool:
            items = _get(row, path) if path[0] not in scope else _get(row["$vars"][path[0]], path[1:])
            items = items or []
            results = (bool(body({**row, "$vars": {**row.get("$vars", {}), var: item}})) for item in items)
            return any(results) if how == "any" else all(results)

        return run


def compile_filter(text: str) -> Node:
    return _Parser(text).parse()


def split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses and quotes."""
    out, depth, cur, quoted = [], 0, [], False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if ch == sep and depth == 0 and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur or out:
        out.append("".join(cur))
    return [p.strip() for p in out if p.strip()]


def parse_expand(text: str) -> dict[str, dict[str, str]]:
    """``Document($expand=HuidigeDocumentVersie;$filter=…),ZaakActor`` → {name: {option: value}}."""
    result: dict[str, dict[str, str]] = {}
    for item in split_top(text, ","):
        if "(" in item and item.endswith(")"):
            name, inner = item.split("(", 1)
            opts = {}
            for opt in split_top(inner[:-1], ";"):
                key, _, val = opt.partition("=")
                opts[key.strip()] = val
            result[name.strip()] = opts
        else:
            result[item] = {}
    return result
