"""Jinja2 for the pages: autoescape everywhere, and the few helpers that build markup from document
text — always by escaping the text first and only then adding our own tags (``<mark>``, ``<a>``).
Templates never use ``|safe`` on document text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from kamervragen.api.queries import SEARCH_KIND_NL, STATUS_NL, dutch_date

TEMPLATES = Path(__file__).resolve().parent / "templates"
_URL = re.compile(r"\bhttps?://[^\s<>\"'«»]+[^\s<>\"'«».,;:!?)\]]")


def marked(snippet: dict[str, Any]) -> Markup:
    """A snippet ``{"text", "highlights": [[start, end], ...]}`` as escaped HTML with ``<mark>`` around
    the highlighted words."""
    text = str(snippet.get("text") or "")
    out: list[str] = []
    pos = 0
    for start, end in sorted(snippet.get("highlights") or []):
        start, end = max(int(start), pos), min(int(end), len(text))
        if end <= start:
            continue
        out.append(str(escape(text[pos:start])))
        out.append("<mark>" + str(escape(text[start:end])) + "</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def linkify(text: str | None) -> Markup:
    """Escaped text with its http(s) URLs as links (opened without referrer)."""
    text = text or ""
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        url = m.group(0)
        out.append(f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def paragraphs(text: str | None) -> Markup:
    """Escaped text with blank-line paragraphs and line breaks kept."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return Markup("".join("<p>" + str(linkify(p)).replace("\n", "<br>") + "</p>" for p in parts))


def path_part(value: str | None) -> str:
    """A value for use inside a URL path (names of members, parties, ministries)."""
    return quote(value or "", safe="")


def days(n: int | None) -> str:
    if n is None:
        return ""
    return "1 dag" if n == 1 else f"{n} dagen"


def percent(x: float | None) -> str:
    return "" if x is None else f"{round(x * 100)}%"


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True,
                      default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(marked=marked, linkify=linkify, paragraphs=paragraphs, dutch_date=dutch_date,
                       path_part=path_part, days=days, percent=percent)
    env.globals.update(STATUS_NL=STATUS_NL, SEARCH_KIND_NL=SEARCH_KIND_NL)
    return env
