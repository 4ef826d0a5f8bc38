"""HTML pages (officielebekendmakingen, tweedekamer.nl, openkamer, party websites) → page text → model.

The text is extracted the way a browser's ``innerText`` gives it when a user copies the page: scripts,
styles, navigation and the page's own header and footer dropped (a header inside ``<main>``/``<article>``
is the document's title and stays; a page-wide ``<form>``, as ASP.NET sites have, stays too), one line break after block elements and two after
paragraphs and headings, table cells separated by a tab, whitespace inside text collapsed. Then the text
parser reads it, exactly as for page text a user copied.

lxml's HTML parser stops at 256 levels of nesting (it never recurses or crashes, but drops what lies
deeper and everything after it); for such pathological pages a linear tag-stripping fallback is used.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.etree as etree
import lxml.html

from kamervragen.model import ParsedDocument, ParseError

_SKIP = {
    "script", "style", "noscript", "template", "nav", "button", "select",
    "option", "textarea", "svg", "math", "iframe", "object", "embed", "canvas", "head", "title", "meta",
    "link", "dialog", "audio", "video", "img", "input",
}
# page-level header and footer are furniture; inside <main> or <article> they hold the document's title
_PAGE_FURNITURE = {"header", "footer"}
_CONTENT = {"main", "article"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "hr"}
_BLOCK = {
    "div", "section", "article", "main", "aside", "li", "dt", "dd", "tr", "figure", "figcaption", "caption",
    "address", "details", "summary", "fieldset", "legend", "center", "tbody", "thead", "tfoot", "body", "html",
}
_CELL = {"td", "th"}
_MAX_DEPTH = 250  # lxml (libxml2) stops at 256 levels without huge_tree
_MAX_ELEMENTS = 50_000  # real pages have a few thousand; walking a million would take seconds

_DECLARATION = re.compile(r"^\s*<\?xml[^<>]*\?>")
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
_ROLE_NAV = re.compile(r"\b(?:navigation|banner|contentinfo|search|menu|menubar)\b")
_SKIP_CLASS = re.compile(r"\b(?:skip-?link|visually-hidden|sr-only|breadcrumbs?|cookie\w*)\b", re.I)


def parse_html(text: str, source: str) -> ParsedDocument:
    """Parse an HTML page of a document of the procedure (raises ``ParseError`` otherwise)."""
    from kamervragen.parse.text import parse_page_text

    page, warnings = html_to_text(text)
    if not page.strip():
        raise ParseError("The HTML page holds no text.")
    doc = parse_page_text(page, source)
    doc.form = "html"
    doc.warnings.extend(w for w in warnings if w not in doc.warnings)
    return doc


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """The readable text of an HTML page, paragraphs separated by blank lines; returns ``(text, warnings)``."""
    parser = lxml.html.HTMLParser(
        recover=True, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
        default_doctype=False,
    )
    try:  # lxml refuses a str that declares its encoding (XHTML): the text is decoded already
        root = lxml.html.document_fromstring(_DECLARATION.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return _strip_tags(markup), []
    if _count_elements(root) > _MAX_ELEMENTS:
        return _strip_tags(markup), ["The page has unusually many elements; its text was read without its layout."]
    chunks: list[str | int] = []
    max_depth = _walk(root, chunks)
    if max_depth >= _MAX_DEPTH:
        return _strip_tags(markup), ["The page is nested unusually deeply; its text was read without its layout."]
    return _join(chunks), []


def _count_elements(root: etree._Element) -> int:
    count = 0
    for _ in root.iter():
        count += 1
        if count > _MAX_ELEMENTS:
            break
    return count


def _walk(root: etree._Element, out: list[str | int]) -> int:
    """Append text runs and line-break counts (ints) in document order; returns the deepest level seen.

    Iterative (``iterwalk``), so no depth of nesting can exhaust the stack."""
    depth = max_depth = 0
    pre = 0
    skipped = None  # the element whose subtree was just skipped: its "end" comes right after its "start"
    ws = _WS.sub
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            depth += 1
            if depth > max_depth:
                max_depth = depth
            name = el.tag
            if (
                not isinstance(name, str) or name in _SKIP or (el.attrib and _hidden(el))
                or (name in _PAGE_FURNITURE and not _in_content(el))
            ):
                walker.skip_subtree()
                skipped = el
                continue
            if name in _PARAGRAPH:
                out.append(2)
                if name == "pre":
                    pre += 1
            elif name in _BLOCK:
                out.append(1)
            elif name == "br":
                out.append("\n")
            text = el.text
            if text:
                out.append(text if pre else ws(" ", text))
        else:
            depth -= 1
            if el is not skipped:
                name = el.tag
                if name in _PARAGRAPH:
                    out.append(2)
                    if name == "pre":
                        pre -= 1
                elif name in _BLOCK:
                    out.append(1)
                elif name in _CELL:
                    out.append("\t")
            skipped = None
            tail = el.tail
            if tail:
                out.append(tail if pre else ws(" ", tail))
    return max_depth


def _in_content(el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in _CONTENT or parent.get("role") == "main":
            return True
        parent = parent.getparent()
    return False


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    role = el.get("role")
    if role and _ROLE_NAV.search(role):
        return True
    cls = el.get("class")
    return bool(cls and _SKIP_CLASS.search(cls))


def _join(chunks: list[str | int]) -> str:
    """Resolve line-break requests: the largest request between two text runs wins (as innerText does)."""
    parts: list[str] = []
    pending = 0
    for chunk in chunks:
        if isinstance(chunk, int):
            pending = max(pending, chunk)
            continue
        if chunk == "\n":
            parts.append("\n")
            pending = 0
            continue
        if not chunk.strip(" "):
            if parts and not pending and not parts[-1].endswith((" ", "\n", "\t")):
                parts.append(" ")
            continue
        if pending and parts:
            parts.append("\n" * pending)
            chunk = chunk.lstrip(" ")
        elif parts and parts[-1].endswith(("\n", "\t")):
            chunk = chunk.lstrip(" ")
        pending = 0
        parts.append(chunk)
    # per line, not by regex: a long run of spaces (inside <pre>) would make "[ \t]+\n" quadratic
    lines = [line.strip(" \t") for line in "".join(parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip() + "\n"


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SKIP_BLOCK = re.compile(
    r"<(script|style|noscript|template|nav|header|footer|svg|head)\b[^<>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I
)
_BREAK_TAG = re.compile(
    r"</?(?:p|h[1-6]|blockquote|pre|table|ul|ol|dl|hr|div|section|article|main|li|dt|dd|tr|br)\b[^<>]*>", re.I
)
_CELL_TAG = re.compile(r"</t[dh]\s*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")


def _strip_tags(markup: str) -> str:
    """Linear fallback: drop comments, scripts and tags, keep a line break per block tag."""
    text = _COMMENT.sub("", markup)
    text = _SKIP_BLOCK.sub(" ", text)
    text = _BREAK_TAG.sub("\n\n", text)
    text = _CELL_TAG.sub("\t", text)
    text = _ANY_TAG.sub("", text)
    text = htmllib.unescape(text)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n[ \n]*\n *", "\n\n", text)
    return text.strip() + "\n"
