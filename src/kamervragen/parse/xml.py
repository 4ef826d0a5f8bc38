"""officielebekendmakingen XML → model, straight from the elements.

Newer publications (``kv-tk-…``, ``ah-tk-…``): ``<kamervragen>`` with ``<kamervraagnummer>``,
``<kamervraagomschrijving type="vraag|antwoord|mededeling">`` (the opening sentences; an answer's opening
may also sit in ``<kamervraagopmerking>``), ``<vraag><nr/><al/></vraag>``, ``<antwoord><nr/><al/></antwoord>``,
footnotes as ``<noot id><noot.nr/><noot.al/></noot>`` where they are first referenced and
``<nootref refid/>`` for later references. Older ones: ``<vragen>``, ``<omschr>``, ``<toelicht>``.
Metadata: ``<meta name="DC.identifier" content="kv-tk-…"/>`` and ``OVERHEIDop.vraagnummer``.
The opening sentences go through the shared grammar (``parse.opening``).

Parsed safely: no DTD is loaded, no entity is resolved (so neither external files nor entity expansion
bombs), no network, no huge trees. Traversal is iterative.
"""

from __future__ import annotations

import re

import lxml.etree as etree

from kamervragen.model import Answer, Footnote, ParsedDocument, ParseError, Question
from kamervragen.parse.refs import ZAAK_RE, find_references

_DECLARATION = re.compile(r"^\s*<\?xml[^<>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^<>\[]*(?:\[.*?\]\s*)?>", re.S)
_ID_RE = re.compile(r"^(?:kv-tk-\d{4}Z\d{5}|kv-\d{6,12}|ah-tk-\d{8}-\d{1,5}|ah-\d{6,12})$")
_RANGE = re.compile(r"(\d{1,4})\s*(?:t/m|t\.m\.|tot\s+en\s+met|[-–])\s*(\d{1,4})")
_NUMBER = re.compile(r"\d{1,4}")
_WS = re.compile(r"[ \t\r\n\u00a0]+")
_WITHDRAWN = re.compile(r"\bingetrokken\b", re.I)
_QUESTION_OPENING = re.compile(r"\s*(?:schriftelijke\s+)?vragen\b", re.I)
_ANSWER_OPENING = re.compile(r"\s*(?:(?:nader|aanvullend)e?\s+)?(?:antwoord(?:en)?|mededeling)\s+van\b", re.I)
_SUPPLEMENTARY = re.compile(r"\b(?:nader|aanvullend)e?\s+antwoord", re.I)

_QUESTION_BLOCKS = {"vraag"}
_ANSWER_BLOCKS = {"antwoord"}
_PARAGRAPHS = {"al", "tekstregel", "li", "regel"}
_NOTE_TEXT = {"noot.al", "al", "noot.tekst"}


def parse_xml(text: str, source: str) -> ParsedDocument:
    """Parse officielebekendmakingen XML of a document of the procedure (raises ``ParseError`` otherwise)."""
    root, damaged = _parse(text)
    container = _first(root, {"kamervragen", "vragen"})
    if container is None and _first(root, _QUESTION_BLOCKS) is None:
        return _other_xml(root, source)
    doc = _Builder(root, container if container is not None else root, source).build()
    if damaged:
        doc.warnings.append("The XML is damaged; what could be read was used.")
    return doc


def _parse(text: str) -> tuple[etree._Element, bool]:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True, recover=True,
    )
    text = _DECLARATION.sub("", text, count=1)
    head = text[:200_000]
    doctype = _DOCTYPE.match(head, head.index("<!DOCTYPE")) if "<!DOCTYPE" in head else None
    if doctype:  # never needed to read a publication; dropping it leaves no entity to expand or fetch
        text = text[: doctype.start()] + text[doctype.end() :]
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError("The XML file cannot be read.") from exc
    if root is None:
        raise ParseError("The XML file cannot be read.")
    return root, len(parser.error_log) > 0


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _first(root: etree._Element, names: set[str]) -> etree._Element | None:
    for el in root.iter():
        if _local(el) in names:
            return el
    return None


def _numbers(label: str) -> list[int]:
    """"Vraag 2 en 3" → [2, 3]; "Antwoord 1 t/m 4" → [1, 2, 3, 4]; "Vraag 3, 4" → [3, 4]."""
    out: list[int] = []
    pos = 0
    for m in _RANGE.finditer(label):
        out.extend(int(n) for n in _NUMBER.findall(label[pos : m.start()]))
        a, b = int(m.group(1)), int(m.group(2))
        out.extend(range(a, b + 1) if 0 < b - a < 100 else (a, b))
        pos = m.end()
    out.extend(int(n) for n in _NUMBER.findall(label[pos:]))
    seen: list[int] = []
    for n in out:
        if n not in seen:
            seen.append(n)
    return seen


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


class _Builder:
    def __init__(self, root: etree._Element, container: etree._Element, source: str) -> None:
        self.root = root
        self.container = container
        self.doc = ParsedDocument(source=source, kind="questions", form="xml")
        self.note_numbers: dict[str, int] = {}
        self.notes: dict[int, str] = {}

    # -- whole document -------------------------------------------------------------------
    def build(self) -> ParsedDocument:
        doc = self.doc
        self._metadata()
        self._collect_notes()
        question_opening = answer_opening = None
        body: list[str] = []  # paragraphs outside questions and answers (a notice's text, a Toelichting)
        explanation: list[str] = []
        last_question = 0
        pending: list[int] = []  # questions since the last answer, for an answer without a number
        walker = etree.iterwalk(self.container, events=("start",))
        for _, el in walker:
            name = _local(el)
            if name in ("kamervraagomschrijving", "omschr", "kamervraagopmerking"):
                sentence, _ = self._inline(el)
                kind = (el.get("type") or "").lower()
                if kind == "vraag" or (not kind and _QUESTION_OPENING.match(sentence)):
                    question_opening = question_opening or sentence
                elif kind in ("antwoord", "mededeling") or _ANSWER_OPENING.match(sentence):
                    answer_opening = answer_opening or sentence
                elif sentence:  # a remark such as "Zie ook Aanhangsel Handelingen …"
                    body.append(sentence)
                walker.skip_subtree()
            elif name in _QUESTION_BLOCKS:
                for q in self._questions(el, last_question):
                    doc.questions.append(q)
                    pending.append(q.number)
                    last_question = q.number
                walker.skip_subtree()
            elif name in _ANSWER_BLOCKS:
                doc.answers.append(self._answer(el, pending or ([last_question] if last_question else [])))
                pending = []
                walker.skip_subtree()
            elif name in ("toelicht", "toelichting"):
                explanation.extend(self._paragraphs(el)[0])
                walker.skip_subtree()
            elif name in ("noot", "metadata", "kamervraagnummer", "nr"):
                walker.skip_subtree()
            elif name in _PARAGRAPHS:
                text, _ = self._inline(el)
                if text:
                    if answer_opening is None and _ANSWER_OPENING.match(text):
                        answer_opening = text
                    else:
                        body.append(text)
                walker.skip_subtree()
        self._openings(question_opening, answer_opening)
        self._kind(answer_opening, body)
        for paragraph in explanation + body:
            for ref in find_references(paragraph) + ZAAK_RE.findall(paragraph):
                if ref not in doc.references and ref != doc.zaak and ref != doc.publication:
                    doc.references.append(ref)
        doc.footnotes = [Footnote(number=n, text=t) for n, t in sorted(self.notes.items()) if t]
        if not (doc.questions or doc.answers or question_opening or answer_opening):
            raise ParseError("The XML file holds no written questions, answers or notice.")
        if not question_opening:
            doc.warnings.append("The XML has no opening sentence of the questions.")
        return doc

    def _metadata(self) -> None:
        doc = self.doc
        for el in self.root.iter():
            name = _local(el)
            if name == "meta":
                key, value = (el.get("name") or "").lower(), (el.get("content") or "").strip()
                if key == "dc.identifier" and _ID_RE.match(value):
                    doc.publication = value
                elif key in ("overheidop.vraagnummer", "overheidop.zaaknummer") and ZAAK_RE.fullmatch(value):
                    doc.zaak = value
            elif name in ("kamervraagnummer", "vraagnummer"):
                m = ZAAK_RE.search(el.text or "")
                if m and not doc.zaak:
                    doc.zaak = m.group(1)
        if not doc.zaak and doc.publication and doc.publication.startswith("kv-tk-"):
            doc.zaak = doc.publication[len("kv-tk-") :]

    def _collect_notes(self) -> None:
        """Every ``<noot>``: its number and text, and its id for later ``<nootref>``s."""
        counter = 0
        for el in self.root.iter():
            if _local(el) != "noot":
                continue
            counter += 1
            number = counter
            texts: list[str] = []
            for child in el:
                cname = _local(child)
                if cname in ("noot.nr", "nr"):
                    found = _NUMBER.search(child.text or "")
                    if found:
                        number = int(found.group(0))
                elif cname in _NOTE_TEXT:
                    texts.append(self._inline(child)[0])
            if not texts and el.text and el.text.strip():
                texts.append(_clean(el.text))
            if el.get("id"):
                self.note_numbers[el.get("id")] = number
            self.notes.setdefault(number, " ".join(t for t in texts if t))

    # -- blocks ---------------------------------------------------------------------------
    def _label(self, el: etree._Element) -> list[int]:
        for child in el:
            if _local(child) in ("nr", "vraagnummer", "antwoordnummer"):
                return _numbers("".join(child.itertext()))
        for attribute in ("nr", "nummer"):  # some layouts number the block itself
            if el.get(attribute):
                return _numbers(el.get(attribute) or "")
        return []

    def _paragraphs(self, el: etree._Element) -> tuple[list[str], list[list[int]]]:
        texts: list[str] = []
        notes: list[list[int]] = []
        walker = etree.iterwalk(el, events=("start",))
        for _, child in walker:
            name = _local(child)
            if child is el:
                continue
            if name in ("nr", "noot", "vraagnummer", "antwoordnummer"):
                walker.skip_subtree()
            elif name in _PARAGRAPHS:
                text, refs = self._inline(child)
                if text or refs:
                    texts.append(text)
                    notes.append(refs)
                walker.skip_subtree()
        if not texts and el.text and el.text.strip():  # text written straight inside the block
            text, refs = self._inline(el)
            texts.append(text)
            notes.append(refs)
        return texts, notes

    def _questions(self, el: etree._Element, last: int) -> list[Question]:
        numbers = self._label(el)
        texts, notes = self._paragraphs(el)
        if not texts:
            return []
        if len(numbers) > 1 and len(numbers) == len(texts):
            return [Question(number=n, text=t, footnotes=f) for n, t, f in zip(numbers, texts, notes, strict=True)]
        if len(numbers) > 1:
            self.doc.warnings.append(
                f"Question label {', '.join(map(str, numbers))} has {len(texts)} paragraph(s); "
                f"it was kept as question {numbers[0]}."
            )
        number = numbers[0] if numbers else last + 1
        return [Question(number=number, text="\n\n".join(texts), footnotes=_merge(notes))]

    def _answer(self, el: etree._Element, default: list[int]) -> Answer:
        numbers = self._label(el) or list(default)
        if not numbers:
            self.doc.warnings.append("An answer carries no question number and follows no question.")
        texts, notes = self._paragraphs(el)
        return Answer(questions=numbers, text="\n\n".join(texts), footnotes=_merge(notes))

    def _inline(self, el: etree._Element) -> tuple[str, list[int]]:
        """The text of a paragraph without footnote markers or note texts, and the notes it references."""
        parts: list[str] = []
        refs: list[int] = []
        walker = etree.iterwalk(el, events=("start", "end"))
        for event, child in walker:
            name = _local(child)
            if event == "start":
                if child is not el and name == "noot":
                    number = self.note_numbers.get(child.get("id") or "")
                    if number is None:
                        found = _NUMBER.search("".join(child.itertext())[:20])
                        number = int(found.group(0)) if found else None
                    if number is not None and number not in refs:
                        refs.append(number)
                    walker.skip_subtree()
                    continue
                if name == "nootref":
                    number = self.note_numbers.get(child.get("refid") or "")
                    if number is None:
                        found = _NUMBER.search(child.text or "")
                        number = int(found.group(0)) if found else None
                    if number is not None and number not in refs:
                        refs.append(number)
                    walker.skip_subtree()
                    continue
                if not isinstance(child.tag, str):  # an unresolved entity reference: nothing to show
                    walker.skip_subtree()
                    continue
                if name == "br":
                    parts.append(" ")
                if child.text and name != "nootref":
                    parts.append(child.text)
            else:
                if child is not el and child.tail:
                    parts.append(child.tail)
        return _clean("".join(parts)), refs

    # -- openings and kind ----------------------------------------------------------------
    def _openings(self, question_opening: str | None, answer_opening: str | None) -> None:
        from kamervragen.parse.opening import parse_answer_opening, parse_question_opening

        doc = self.doc
        if question_opening:
            qo = parse_question_opening(question_opening)
            doc.askers, doc.addressees, doc.subject, doc.submitted = qo.askers, qo.addressees, qo.subject, qo.submitted
            doc.warnings.extend(qo.warnings)
        if answer_opening:
            ao = parse_answer_opening(answer_opening)
            doc.respondents, doc.received = ao.respondents, ao.received
            doc.supplementary = ao.supplementary or bool(_SUPPLEMENTARY.search(answer_opening))
            doc.warnings.extend(ao.warnings)
            for ref in ao.references:
                if ref not in doc.references:
                    doc.references.append(ref)
            doc.kind = "postponement" if ao.kind == "postponement" else "answers"

    def _kind(self, answer_opening: str | None, body: list[str]) -> None:
        doc = self.doc
        if doc.answers and doc.kind == "questions":
            doc.kind = "answers"
        if doc.kind == "postponement" and any(_WITHDRAWN.search(p) for p in body[:5] + [answer_opening or ""]):
            doc.kind = "withdrawal"


def _merge(lists: list[list[int]]) -> list[int]:
    out: list[int] = []
    for refs in lists:
        out.extend(n for n in refs if n not in out)
    return out


def _other_xml(root: etree._Element, source: str) -> ParsedDocument:
    """XML of another kind: read its text as page text (the text parser refuses what is not ours)."""
    from kamervragen.parse.text import parse_page_text

    paragraphs = [_clean(t) for t in root.itertext()]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise ParseError("The XML file holds no text.")
    doc = parse_page_text(text, source)
    doc.form = "xml"
    return doc
