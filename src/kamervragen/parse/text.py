"""Page text and markdown → ParsedDocument.

Public API::

    parse_page_text(text: str, source: str) -> ParsedDocument    # raises ParseError for non-documents

Shapes understood (see shared/docs/domain.md): officielebekendmakingen page text ("Aanhangsel van de
Handelingen", publication-data row, "X Noot" blocks), tweedekamer.nl pages ("Antwoord schriftelijke
vragen : …", hard-wrapped lines), openkamer ("Kamervraag 2023Z11786", "Ingediend", "Indieners",
"• Vraag 1" then its answer), tweedemonitor, berthub/tkconv, party and news websites (menus,
"1.)" numbering, "(*)" notes), letters of a ministry (signature block) and markdown like the seed.

One linear pass classifies the lines (labels, footnote blocks, junk); segments between labels become
questions and answers; footnote markers are taken from the text only in increasing order (1, 2, 3 …)
so that numbers in the text ("artikel 8", "2.000") are not mistaken for them. Also handled: the older
Aanhangsel layout (all questions, then "Antwoord van …" and numbered answers), notes printed in the text
flow of PDF/preview pages, unlabelled questions (counted from 1, with a warning), withdrawals and
postponements (``promised_date`` when the notice names one). Fields filled beyond the contract:
``form``, ``document_number``, ``promised_date``, ``supplementary``.

Bounds: MAX_CHARS characters, MAX_LINES lines and MAX_LINE characters per line are parsed (each with a
warning when exceeded), so the time on any input is bounded and linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kamervragen.model import Answer, Asker, Footnote, ParsedDocument, ParseError, Question, Respondent
from kamervragen.parse import opening as op
from kamervragen.parse.dates import parse_dutch_date
from kamervragen.parse.refs import ZAAK_RE, find_references

MAX_CHARS = 2_000_000  # longer texts: only this much is parsed (with a warning)
MAX_LINE = 20_000  # longer lines are cut (with a warning): keeps every regex bounded
MAX_LINES = 30_000  # real documents have a few hundred; the per-line work is bounded by this
MAX_WARNINGS = 20

# --- line classes ----------------------------------------------------------------------------

_Q_LABEL_RE = re.compile(
    r"^\s*(?:•\s*|#{1,6}\s*)?(?:\*\*)?(?:Vraag|Vragen)\s+(?:nr\.?\s*)?(?P<nums>\d{1,3}(?:\s*(?:,|en|t/m|tot en met|-|–|&)\s*\d{1,3})*)"
    r"(?:\*\*)?\s*[:.)]?(?:\*\*)?(?:\s+(?P<rest>\S.*))?$",
    re.IGNORECASE,
)
_A_LABEL_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:(?P<sup>nader|aanvullend)e?\s+)?Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?(?:vraag|vragen))?"
    r"(?:\s+(?P<nums>\d{1,3}(?:\s*(?:,|en|t/m|tot en met|-|–|&)\s*\d{1,3})*))?(?:\*\*)?\s*(?P<colon>[:.])?(?:\*\*)?"
    r"(?:\s*(?P<rest>\S.*))?$",
    re.IGNORECASE,
)
_NUM_LABEL_RE = re.compile(r"^\s*(?P<n>\d{1,2})\s*(?:\.\)|[.):])?(?:\s+(?P<rest>\S.*))?$")
_NUM_LABEL_STRICT_RE = re.compile(r"^\s*(?P<n>\d{1,2})\s*(?:\.\)|[.):]|$)")
_NOTE_HEAD_RE = re.compile(r"^\s*(?:X\s?)?Noot(?:en)?\s*(?P<n>\d{1,3})?\s*$|^\s*(?:Noten|Voetnoten|Bronnen|Bron)\s*:?\s*$", re.IGNORECASE)
_SUP_NOTE_RE = re.compile(r"^\s*(?:<sup>\s*(?P<n>\d{1,3})\s*</sup>|\[\^(?P<n2>\d{1,3})\]:)\s*(?P<rest>.*)$")
_STAR_NOTE_RE = re.compile(r"^\s*(?:\(\*\)|\*)\s+\S")
_PAREN_NOTE_RE = re.compile(r"^\s*(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})[):]|\[(?P<c>\d{1,2})\])\s+(?P<rest>\S.*)$")
_STOP_RE = re.compile(
    r"^\s*(?:Naar boven|Gerelateerd(?:e\s+\w+)?|Warning:|Toelichting\s*:?|Mededeling|Lees ook|Deel dit(?: artikel)?|Delen:?|"
    r"Terug naar (?:boven|overzicht)|Reacties?|Tags?:|Hoogachtend,?|Met vriendelijke groet,?|"
    r"Share|Print|Meer nieuws|Gerelateerde (?:berichten|artikelen)|Bekijk ook)\s*$"
    r"|^\s*(?:Ondertekenaars?\b|Kamervraag document nummer\b|Indiener\(s\)|Gericht aan\b|Bijlage\(n\)|Downloads?\b).*$",
    re.IGNORECASE,
)
_HAS_VRAAG_RE = re.compile(r"^[ \t]*(?:•\s*|#{1,6}\s*)?(?:\*\*)?(?:Vraag|Vragen|VRAAG)\s+(?:nr\.?\s*)?\d", re.MULTILINE | re.IGNORECASE)
# First characters (after blanks) a line matching these patterns can start with: the pattern is only tried
# on such lines. Under re.IGNORECASE "i", "k" and "s" also match "İ", "ı", the Kelvin sign and "ſ".
_Q_FIRST = frozenset("Vv•*#")  # question labels
_A_FIRST = frozenset("AaNn*#")
_QA_FIRST = _Q_FIRST | _A_FIRST
_LABEL_FIRST = frozenset("Vv•*#0123456789")
_ODD_FIRST = "İıKſ"
_STOP_FIRST = frozenset("NGWTMLDRHSPBOKIngwtmldrhspboki" + _ODD_FIRST)
_JUNK_FIRST = frozenset("SNMZHTPDKOAIsnmzhtpdkoai'" + _ODD_FIRST)
_NOTE_HEAD_FIRST = frozenset("XNVBxnvb")
_STOP_PREFIXES = ("Ondertekenaar", "Kamervraag document nummer", "Indiener(s)", "Gericht aan", "Bijlage(n)", "Download",
                  "Keywords", "Onderwerpen", "Tweede Kamer, vergaderjaar", "Aanhangsel Handelingen II", "ah-tk-", "kv-tk-",
                  "ISSN")
_TOELICHTING_RE = re.compile(r"^\s*Toelichting\s*:?\s*$", re.IGNORECASE)
_NUMS_SPLIT_RE = re.compile(r"\s*(,|en|&|t/m|tot en met|-|–)\s*", re.IGNORECASE)

# --- markers in question/answer text ------------------------------------------------------------

_MARKER_RE = re.compile(
    r"(?=[\s<(*\d\[])(?:<sup>\s*(?P<s>\d{1,3})\s*</sup>|\[\^(?P<s2>\d{1,3})\]"
    r"|(?<=[?!.,;:»”\"’')])(?<!\d[.,:])(?P<p>\d{1,8}(?:,?[ \u00a0]\d{1,2}(?![\d.,:]))*)(?=[\s?!.,;:»”\")]|$)"
    r"|(?<=[?!»”.])\s(?P<e>\d{1,2}(?:[ ,]{1,2}\d{1,2}){0,6})\s*$"
    r"|(?<=[a-zà-ÿ]{2})(?<![^A-Za-zà-ÿ][kcdm]m)(?P<l>\d{1,2})(?=[\s,.;:?!)»”]|$)"
    r"|(?<=\s)(?P<yr>(?:19|20)\d\d)(?P<y>\d{1,2})(?=[\s,.;:?!)»”]|$)"
    r"|(?<=\S)\s\((?P<r>\d{1,2})\)(?=[\s.,;:?!]|$)"
    r"|(?<=\S)\s(?P<b>\d{1,2})\)(?=\s|$|[.,;:?!])"
    r"|\s(?P<q>\d{1,2})\s(?=[?!])"
    r"|\s?\((?P<star>\*)\)|(?<=[?!.»”’'])\*(?=\s|$))"
)
# a marker starting at the position tried or at one of the next two (the nearest first)
_MARKER_NEAR_RE = re.compile(r"(?s:.{0,2}?)(?P<m>" + _MARKER_RE.pattern + ")")
_DIGITS_RE = re.compile(r"\d+")
_MONTH_BEFORE_RE = re.compile(
    r"\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?\s$",
    re.IGNORECASE,
)
# Every marker holds a "*" or a run of digits, at most two characters after its start (``<sup>`` and the
# blanks after it aside). The run follows punctuation, a small letter, ">", "^" or "(", or a blank: at most
# three digits long, or five or six starting with 19 or 20 (a year with a marker). ``_MARKER_RE`` is tried only before such runs and "*", not at every blank of the text.
_MARK_TRIGGER_RE = re.compile(
    r"[\d*](?:(?<=\*)|(?<=[?!.,;:»”\"’')a-zà-ÿ>^(]\d)|(?<=\s\d)(?!\d\d\d)|(?<=\s1)(?=9\d{3,4}(?!\d))|(?<=\s2)(?=0\d{3,4}(?!\d)))\d*"
)
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]+")


class _Markers:
    """Takes footnote markers out of text, accepting them only in increasing order."""

    def __init__(self, known: set[int]) -> None:
        self.known = known
        self.expected = min(known) if known else 1
        self.last = 0

    def _ok(self, n: int) -> bool:
        return n == self.expected or (n in self.known and n > self.last)

    def _decode(self, raw: str) -> list[int] | None:
        """"3" / "345" / "2 3 4" → the next expected note numbers, or None when they are not."""
        out: list[int] = []
        exp, last = self.expected, self.last
        for tok in _DIGITS_RE.findall(raw):
            if len(tok) > 1 and tok[0] == "0":
                return None
            while tok:
                for cand in (str(exp), *(str(k) for k in sorted(self.known) if k > last)):
                    if tok.startswith(cand) and (int(cand) == exp or int(cand) in self.known):
                        out.append(int(cand))
                        tok = tok[len(cand) :]
                        last, exp = int(cand), int(cand) + 1
                        break
                else:
                    return None
        if out:
            self.last, self.expected = out[-1], out[-1] + 1
        return out or None

    def strip(self, text: str) -> tuple[str, list[int]]:
        found: list[int] = []
        if text.isascii() and not _has_any(text, "*0123456789"):  # no other digits; much faster than a pattern
            return text, found
        first = _MARK_TRIGGER_RE.search(text)
        if first is None:
            return text, found

        def repl(m: re.Match[str]) -> str:
            if m.group("star"):
                return ""
            if m.group("s") or m.group("s2"):
                n = int(m.group("s") or m.group("s2"))
                found.append(n)
                self.last = max(self.last, n)
                self.expected = max(self.expected, n + 1)
                return ""
            if m.group("y"):
                # a marker after the year of a date ("d.d. 13 december 20211?"): the year stays
                if _MONTH_BEFORE_RE.search(m.string, max(0, m.start("m") - 12), m.start("m")):
                    nums = self._decode(m.group("y"))
                    if nums:
                        found.extend(nums)
                        return m.group("yr")
                return m.group("m")
            raw = m.group("p") or m.group("e") or m.group("l") or m.group("b") or m.group("q") or m.group("r")
            if raw is None:
                return ""  # a lone "*" after punctuation
            whole = m.group("m")
            nums: list[int] = []
            rest = whole
            if m.group("p"):
                # a run "1 2 3": take the tokens that are the next notes, keep the rest as text
                pos = 0
                for tm in _DIGITS_RE.finditer(raw):
                    got = self._decode(tm.group(0))
                    if got is None:
                        break
                    nums.extend(got)
                    pos = tm.end()
                rest = raw[pos:]
            else:
                nums = self._decode(raw) or []
                rest = "" if nums else whole
            if not nums:
                return whole
            found.extend(nums)
            return (" " + rest.lstrip()) if m.group("q") or (rest and rest.strip()) else ""

        return _sub_at(text, _MARK_TRIGGER_RE.finditer(text, first.start()), repl), found


def _has_any(text: str, chars: str) -> bool:
    for c in chars:
        if c in text:
            return True
    return False


def _sub_at(text: str, triggers: Iterator[re.Match[str]], repl: Callable[[re.Match[str]], str]) -> str:
    """``_MARKER_RE.sub(repl, text)``, trying matches only where one can start: from two characters
    before the first digit of a run or a "*" (further back over "<sup>" and blanks). Same matches, same order;
    ``repl`` gets matches of ``_MARKER_NEAR_RE`` (the marker is group "m")."""
    sup = "<sup>" in text
    pieces: list[str] = []
    pos = tried = 0  # end of the last match; first position not yet tried
    for tm in triggers:
        t = tm.start()
        if t < tried:
            continue
        lo = t - 2
        if sup:
            j = t
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if j >= 5 and text.startswith("<sup>", j - 5):
                lo = j - 5
        m = None
        for p in range(max(lo, tried), t + 1, 3):  # each try covers three starting positions, in order
            m = _MARKER_NEAR_RE.match(text, p)
            if m:
                break
        if m is None:
            tried = t + 1
            continue
        pieces.append(text[pos : m.start("m")])
        pieces.append(repl(m))
        pos = tried = m.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _join(lines: list[str]) -> str:
    """Lines of one paragraph or segment → one string, whitespace collapsed."""
    return op.squash(" ".join(lines))


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = []
    cur: list[str] = []
    for s in lines:
        if s.strip():
            cur.append(s)
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def _nums(text: str | None) -> list[int]:
    if not text:
        return []
    if text.isdigit():
        return [int(text)]
    parts = _NUMS_SPLIT_RE.split(text.strip())
    out: list[int] = []
    i = 0
    while i < len(parts):
        p = parts[i].strip()
        if p.isdigit():
            n = int(p)
            if i >= 2 and parts[i - 1].strip().lower() in ("t/m", "tot en met", "-", "–") and out:
                start = out[-1]
                if start < n <= start + 50:
                    out.extend(range(start + 1, n + 1))
            else:
                out.append(n)
        i += 1
    return out


# --- header fields ---------------------------------------------------------------------------

_OK_HEAD_RE = re.compile(r"^\s*Kamervraag\s+(?P<z>\d{4,5}Z\d{5})\s*$", re.MULTILINE)
_OK_FIELD_RE = re.compile(
    r"^\s*(?P<k>Ingediend|Beantwoord door|Beantwoord|Indieners?|Bron vraag|Bron antwoord)\b[ \t:]*(?P<v>.*)$", re.MULTILINE
)
_OK_PERSON_RE = re.compile(r"(?P<name>[^,()]+?)\s*\((?P<party>[^()]+)\)")
_OK_RESP_RE = re.compile(r"(?P<name>[^,()]+?)\s*\((?P<office>[^()]+)\)(?:\s*\([^()]*\))?")
_ZAAK_LINE_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:Zaaknummer:?[ \t]*|Onderdeel van zaak[ \t]*|Zaak(?:nr\.?)?:?[ \t]*|Kamervraag[ \t]+)?"
    r"(?P<z>(?:19|20)\d\dZ\d{5})(?:[ \t]*:?[ \t]*$|(?=[A-Z]))",
    re.MULTILINE | re.IGNORECASE,
)
_ZAAKNUMMER_D_RE = re.compile(r"Zaaknummer:?\s*(?P<d>(?:19|20)\d\dD\d{5})", re.IGNORECASE)
_NUMMER_D_RE = re.compile(r"(?:Nummer|Documentnummer|did=)\s*:?\s*(?P<d>(?:19|20)\d\dD\d{5})", re.IGNORECASE)
_DOCNR_CAND_RE = re.compile(r"(?:19|20)\d\d[Dd]\d{5}")  # in every match of the two above
_PUB_RE = re.compile(r"(?:officiële|officiele)\s+(?:HTML\s+)?versie\s*\((?P<id>(?:kv|ah)-tk-[\w-]{4,30})\)", re.IGNORECASE)
_SIGN_RE = re.compile(
    r"^\s*(?:De|DE|de)\s+(?P<role>(?:MINISTER|Minister|minister|STAATSSECRETARIS|Staatssecretaris|staatssecretaris)"
    r"(?:[- ]PRESIDENT|[- ][Pp]resident)?(?:\s+(?:VAN|van|VOOR|voor)\s+[^\n,]{3,80})?),?\s*$",
    re.MULTILINE,
)
_INGEZONDEN_OP_RE = re.compile(r"(?:ingezonden|ingediend)\s+op\s+(?P<d>[^.]{5,40})", re.IGNORECASE)
_BEHALF_LETTER_RE = re.compile(
    r"mede\s+namens\s+(?P<o>(?:de|het)\s+(?:Minister|Staatssecretaris|minister|staatssecretaris)[^,.]{0,120}?)\s*,?\s+(?:de\s+)?antwoord",
    re.IGNORECASE,
)
_WITHDRAW_RE = re.compile(
    r"vragen\b[^.\n]{0,300}?\b(?:zijn|is|worden|werden|wordt)\b[^.\n]{0,60}?\bingetrokken|\bingetrokken\s+(?:door|op|per)\b"
    r"|\bintrekking\s+van\s+(?:de\s+|mijn\s+|onze\s+)?(?:schriftelijke\s+)?vragen\b|\btrek(?:t|ken)?\b[^.\n]{0,60}\bvragen\b[^.\n]{0,60}\bin\b"
    r"|\b(?:heeft|hebben)\s+(?:de|zijn|haar|hun)\s+(?:schriftelijke\s+)?vragen\b[^.\n]{0,60}\bingetrokken",
    re.IGNORECASE,
)
_POSTPONE_RE = re.compile(
    r"niet\s+binnen\s+de\s+(?:gebruikelijke|gestelde|gevraagde|termijn)|uitstel\s+(?:van\s+)?(?:de\s+)?beantwoording|"
    r"niet\s+mogelijk\s+(?:om\s+)?de\s+vragen\s+binnen|meer\s+tijd\s+(?:dan\s+gepland|nodig)|kunnen\s+niet\s+binnen",
    re.IGNORECASE,
)
_PROMISE_RE = re.compile(
    r"(?:v[oó][oó]r|uiterlijk(?:\s+op)?|op|rond|omstreeks)\s+(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag)\s+)?"
    r"(?P<d>\d{1,2}\s+[a-z]{3,10})\.?(?:\s+(?P<y>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_PROMISE_CONTEXT_RE = re.compile(r"beantwoord|antwoord|tegemoet|toe\s+te\s+zenden|zenden|sturen|ontvangt|verwacht", re.IGNORECASE)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WITHDRAW_TITLE_RE = re.compile(
    r"\bintrekking\s+(?:van\s+)?(?:de\s+)?(?:schriftelijke\s+)?(?:kamer)?vragen\b|\b(?:kamer)?vragen\s+(?:zijn\s+)?ingetrokken\b"
    r"|\(\s*ingetrokken\s*\)",
    re.IGNORECASE,
)
_SUPPLEMENTARY_RE = re.compile(r"\b(?:nader(?:e)?|aanvullend(?:e)?)\s+antwoord|schriftelijke\s+vragen\s+\(nader\)", re.IGNORECASE)
_SUPPLEMENTARY_ANSWER_RE = re.compile(r"\b(?:nader(?:e)?|aanvullend(?:e)?)\s+antwoord", re.IGNORECASE)
_SUPPLEMENTARY_TITLE_RE = re.compile(r"schriftelijke\s+vragen\s+\(nader\)", re.IGNORECASE)
_HINT_RE = re.compile(
    r"Kamerlid|Kamervra(?:ag|gen)|schriftelijke\s+vragen|vragen\s+gesteld|Tweede\s+Kamer|vragen\s+aan\s+(?:de\s+)?(?:minister|staatssecretaris|premier)",
    re.IGNORECASE,
)
# words one of which each match of these case-insensitive patterns holds (see ``_ci_search``)
_WITHDRAW_CUES = ("trek", "trokken")
_POSTPONE_CUES = ("binnen", "uitstel", "meer")
_WITHDRAW_TITLE_CUES = ("intrekking", "ingetrokken")
_HINT_CUES = ("kamer", "vragen")
_CI_ODD = ("İ", "ı", "ſ")  # match "i" / "s" under re.IGNORECASE, but do not lower-case to them


def _ci_search(pattern: re.Pattern[str], cues: tuple[str, ...], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, run only when the text holds one of ``cues`` (lower case), words every match
    holds: a case-insensitive search tries each position in turn, looking for a word first is much cheaper."""
    low = text.lower()
    if any(w in low for w in cues) or (not text.isascii() and any(c in text for c in _CI_ODD)):
        return pattern.search(text)
    return None


_NONDOC_HINT = "The text is not a document of the written-questions procedure (no questions, answers or notice found)."


def _office_from_sign(role: str) -> str:
    words = role.split()
    out = []
    for w in words:
        lw = w.lower()
        if lw in ("van", "voor", "en"):
            out.append(lw)
        elif w.isupper() and len(w) > 1:
            out.append(w.capitalize())
        else:
            out.append(w)
    return " ".join(out)


# --- main ------------------------------------------------------------------------------------


_ODD_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f"})
_TRAILING_SPACE_RE = re.compile(r"[ \t]+(?=\n)")


def _plain_spaces(text: str) -> str:
    """No-break and thin spaces as plain ones, no spaces at line ends: a page copied from a browser has
    them where the structure ("Vraag 1", a line ending in "en") is read, and the output tidies them anyway."""
    if "\u00a0" in text or "\u2007" in text or "\u2009" in text or "\u202f" in text:
        text = text.translate(_ODD_SPACES)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE_RE.sub("", text)
    return text


def parse_page_text(text: str, source: str) -> ParsedDocument:
    """Parse one page text or markdown document; raises ParseError when it is not one of the procedure."""
    warnings: list[str] = []
    if not isinstance(text, str) or not text.strip():
        raise ParseError("The file is empty.")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(f"The text is longer than {MAX_CHARS:,} characters; only the first part was parsed.")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufeff" in text or "\u00ad" in text:
        text = text.replace("\ufeff", "").replace("\u00ad", "")
    if "\x00" in text:
        raise ParseError("The file is binary, not text.")
    text = _plain_spaces(text)
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        text = "\n".join(lines)
        warnings.append(f"The text has more than {MAX_LINES:,} lines; only the first {MAX_LINES:,} were parsed.")
    if len(text) > MAX_LINE and max(map(len, lines)) > MAX_LINE:
        lines = [s[:MAX_LINE] for s in lines]
        warnings.append(f"Lines longer than {MAX_LINE:,} characters were cut.")
        text = "\n".join(lines)

    doc = ParsedDocument(source=source, kind="questions", warnings=warnings)
    form = _detect_form(text)
    doc.form = form

    # -- openings and header fields
    known_notes, note_lines = _collect_footnotes(lines, form)
    qm = op.find_question_opening(text)
    if qm and note_lines and text.count("\n", 0, qm.start()) in note_lines:
        # a note citing earlier questions ("2. Antwoorden op schriftelijke vragen van het lid Belhaj (D66), …")
        # is no opening: look again without the notes (blanked, so positions stay)
        qm = op.find_question_opening("\n".join(" " * len(x) if i in note_lines else x for i, x in enumerate(lines)))
    qo = op.parse_question_opening(qm.group(0)) if qm else None
    am = op.find_answer_opening(text)
    ao = op.parse_answer_opening(am.group(0)) if am else None
    ok_head = _ok_head(text[:3000]) if form == "openkamer" else None

    # -- body: lines after the openings
    body_start = text.count("\n", 0, qm.end()) + 1 if qm else 0
    answer_zone: tuple[int, int] | None = None
    if am:
        a_line = text.count("\n", 0, am.start())
        between = lines[body_start:a_line] if a_line >= body_start else []
        if not any(_is_label(x) for x in between):
            body_start = max(body_start, text.count("\n", 0, am.end()) + 1)
        else:  # all questions first, then "Antwoord van …" and the answers (older Aanhangsel layout)
            answer_zone = (a_line, text.count("\n", 0, am.end()) + 1)
    if ok_head:
        body_start = 0

    items, kind_hint = _segment(lines, body_start, note_lines, form, doc.warnings, known_notes, answer_zone)
    if not items and qm and not ok_head:
        items = _unlabelled(lines, body_start, note_lines)
        if items:
            doc.warnings.append("The questions carry no numbers; they were counted from 1.")

    letter = _is_letter(text)
    if qo is None and ao is None and ok_head is None and not letter:
        q_items = [p for k, _, p in items if k == "q"]
        asking = sum(1 for p in q_items if "?" in "".join(x for para in p for x in para))
        if not (q_items and 2 * asking >= len(q_items) and _ci_search(_HINT_RE, _HINT_CUES, text[:5000])):
            raise ParseError(_NONDOC_HINT)
        doc.warnings.append("No opening sentence (“Vragen van … aan … over …”) was found.")
    if not items and ao is None and kind_hint is None and not _ci_search(_POSTPONE_RE, _POSTPONE_CUES, text) and not (qo and qo.askers and qo.addressees):
        raise ParseError(_NONDOC_HINT)

    # -- questions / answers with markers
    markers = _Markers(set(known_notes))
    if qm:
        markers.strip(qm.group(0))  # a note on the opening sentence takes the first number
    for kind, nums, para_groups in items:
        if kind == "q":
            texts = [_join(p) for p in para_groups]
            if len(nums) == 1 and len(texts) > 1:
                texts = [" ".join(texts)]  # one question over several paragraphs (or with a list) keeps them all
            elif len(nums) > 1 and len(texts) != len(nums):
                texts = _split_for(texts, len(nums), [x for p in para_groups for x in p])
                if len(texts) != len(nums):
                    doc.warnings.append(f"Questions {', '.join(map(str, nums))} share one text; it is given to question {nums[0]}.")
            for i, n in enumerate(nums):
                t = texts[i] if i < len(texts) else ""
                stripped, fns = markers.strip(t)
                # the text is already tidy (``_join``), unless markers came out of it
                doc.questions.append(Question(number=n, text=t if stripped == t else _tidy(stripped), footnotes=fns))
        else:
            t = "\n\n".join(_join(p) for p in para_groups)
            stripped, fns = markers.strip(t)
            doc.answers.append(Answer(questions=nums, text=t if stripped == t else _tidy_answer(stripped), footnotes=fns))
    doc.footnotes = [Footnote(number=n, text=t) for n, t in sorted(known_notes.items())]

    # -- opening fields
    if qo:
        doc.askers, doc.addressees, doc.subject, doc.submitted = qo.askers, qo.addressees, qo.subject, qo.submitted
        doc.warnings.extend(qo.warnings)
    if ao:
        doc.respondents, doc.received = ao.respondents, ao.received
        doc.references.extend(ao.references)
        doc.supplementary = ao.supplementary
        doc.warnings.extend(w for w in ao.warnings if "not recognised" not in w)
    if ok_head:
        _openkamer_fields(text, doc)

    # -- kind
    notice_text = _notice_body(text, am) if am else ""
    if not notice_text and kind_hint == "postponement":
        k = text.find("\nMededeling\n")
        notice_text = text[k : k + 1500] if k >= 0 else ""
    if doc.answers:
        doc.kind = "answers"
    elif ao and ao.kind == "postponement" or kind_hint == "postponement":
        doc.kind = "withdrawal" if _ci_search(_WITHDRAW_RE, _WITHDRAW_CUES, notice_text) else "postponement"
    elif ao and _ci_search(_POSTPONE_RE, _POSTPONE_CUES, notice_text):
        doc.kind = "postponement"
    elif ao and _ci_search(_WITHDRAW_RE, _WITHDRAW_CUES, notice_text):
        doc.kind = "withdrawal"
    elif letter and not doc.questions and _ci_search(_POSTPONE_RE, _POSTPONE_CUES, text):
        doc.kind = "postponement"
    elif letter and not doc.answers and _ci_search(_WITHDRAW_RE, _WITHDRAW_CUES, text[:6000]):
        doc.kind = "withdrawal"
    elif not doc.answers and _ci_search(_WITHDRAW_TITLE_RE, _WITHDRAW_TITLE_CUES, text[:600]):
        doc.kind = "withdrawal"  # a page titled "Intrekking schriftelijke vragen : …"
    elif ao and ao.kind == "answers" and (ao.respondents or ao.received):
        doc.kind = "answers"  # "Antwoord van … (ontvangen …)" over a text cut before the first answer
    elif ok_head and doc.received:
        doc.kind = "answers"  # an openkamer page "Beantwoord <date>" cut before the first answer
    if doc.kind == "answers":
        if _is_supplementary(text[:4000]):
            doc.supplementary = True
    if doc.kind == "postponement":
        doc.promised_date = _promised_date(notice_text or text[:6000], doc.received)
    if not doc.respondents and doc.kind != "questions":
        doc.respondents = _signatories(text)

    # -- header fields (zaak, publication, references, fall-backs for askers and dates)
    first_label = next(
        (
            i
            for i in range(body_start, len(lines))
            if i not in note_lines
            and lines[i].lstrip()[:1] in _LABEL_FIRST
            and (_Q_LABEL_RE.match(lines[i]) or _NUM_LABEL_STRICT_RE.match(lines[i]) or lines[i].lstrip().startswith("•"))
        ),
        len(lines),
    )
    if ok_head:
        first_label = next((i for i, x in enumerate(lines) if x.lstrip().startswith("•")), len(lines))
    if not note_lines or min(note_lines) >= first_label:
        head_text = "\n".join(lines[:first_label])
    else:
        head_text = "\n".join(x for i, x in enumerate(lines[:first_label]) if i not in note_lines)
    notice_text_zone = ""
    if am and ao and ao.kind == "postponement":
        a_line = text.count("\n", 0, am.start())
        notice_text_zone = "\n".join(x for i, x in enumerate(lines[a_line : a_line + 15], a_line) if i not in note_lines)
    if doc.kind == "postponement":
        for j, x in enumerate(lines):
            if x.strip() == "Mededeling":
                notice_text_zone += "\n" + "\n".join(y for i, y in enumerate(lines[j : j + 10], j) if i not in note_lines)
                break
    _header_fields(text, head_text, notice_text_zone, doc, qo, ao)
    _more_references(text, doc)
    _check(doc)
    return doc


_BH_RE = re.compile(r"Nummer:\s*\d{4}D\d{5},\s*datum:")
_TK_RE = re.compile(r"\s*(?:Antwoord schriftelijke vragen|Schriftelijke vragen|Mededeling)\s*:")
_XNOOT_RE = re.compile(r"^[ \t]*X\s?Noot[ \t]*$", re.MULTILINE)
_MD_HINT_RE = re.compile(r"^#{1,6}\s|<sup>", re.MULTILINE)
_GEACHTE_RE = re.compile(r"Geachte\s+[Vv]oorzitter")
_BETREFT_RE = re.compile(r"^Betreft\b", re.MULTILINE)
_BARE_NUM_RE = re.compile(r"^\s*\d{1,3}\s*$")
_OK_NOTE_RE = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")


_NOTICE_END_RE = re.compile(r"\n[ \t]*(?:•\s*)?(?:Vraag\s+\d|\d{1,2}\s*[.)]?[ \t]*\n|Antwoord\s+\d|X\s?Noot\b)")


def _notice_body(text: str, am: re.Match[str]) -> str:
    """The text of a notice: after its opening, up to the questions or notes (at most 1,500 characters)."""
    body = text[am.start() : am.end() + 1500]
    cut = _NOTICE_END_RE.search(body, am.end() - am.start())
    return body[: cut.start()] if cut else body


def _promised_date(notice: str, received: str | None) -> str | None:
    """A date the notice promises the answer by ("voor 15 april", "uiterlijk op 3 mei 2024"), YYYY-MM-DD.

    Only sentences about answering count; a date without a year takes the year of the notice (the
    next year when the month has already passed).
    """
    for sent in _SENTENCE_SPLIT_RE.split(notice[:3000]):
        if not _PROMISE_CONTEXT_RE.search(sent):
            continue
        for mt in _PROMISE_RE.finditer(sent):
            if mt.group("y"):
                iso = parse_dutch_date(f"{mt.group('d')} {mt.group('y')}")
            elif received:
                iso = parse_dutch_date(f"{mt.group('d')} {received[:4]}")
                if iso and iso < received:
                    iso = parse_dutch_date(f"{mt.group('d')} {int(received[:4]) + 1}")
            else:
                iso = None
            if iso and (received is None or iso >= received):
                return iso
    return None


def _detect_form(text: str) -> str:
    head = text[:4000]
    if "Kamervraag" in head and _ok_head(head) and ("Ingediend" in head or "Indiener" in head or "• Vraag" in text):
        return "openkamer"
    if "Tweedemonitor" in head or ("Publicatiedatum:" in head and "Indiener" in head):
        return "tweedemonitor"
    if "[overzicht]" in head or _BH_RE.search(head):
        return "berthub"
    if _TK_RE.match(head):
        return "tweedekamer"
    if "Aanhangsel van de Handelingen" in head or "Noot" in text and _has_xnoot(text) or "Naar boven" in text[-300:]:
        return "ob-page"
    if ("#" in head or "<sup>" in head) and _MD_HINT_RE.search(head):
        return "markdown"
    if "Hoogachtend" in text or "Geachte" in text and _GEACHTE_RE.search(text) or "Betreft" in text and _BETREFT_RE.search(text):
        return "letter"
    return "web"


def _is_letter(text: str) -> bool:
    return (
        "Hoogachtend" in text
        or "Aan de Voorzitter van de Tweede Kamer" in text
        or ("Geachte" in text and _GEACHTE_RE.search(text) is not None)
    )


def _ok_head(text: str) -> re.Match[str] | None:
    """``_OK_HEAD_RE.search(text)``, tried once for each "Kamervraag": at the first line start among the
    blanks before it (a line with other text before it has none)."""
    at = text.find("Kamervraag")
    while at >= 0:
        j = at
        while j > 0 and text[j - 1].isspace():
            j -= 1
        start = j if j == 0 else text.find("\n", j, at) + 1
        if start > 0 or j == 0:
            m = _OK_HEAD_RE.match(text, start)
            if m:
                return m
        at = text.find("Kamervraag", at + 1)
    return None


def _is_supplementary(head: str) -> bool:
    """``_SUPPLEMENTARY_RE.search(head)``: the answer part tried only where "nader" / "aanvullend" stand,
    the title part only when "(nader)" does (one of them is in every match)."""
    low = head.lower()
    if "nader" not in low and "aanvullend" not in low:
        return False
    if "İ" in head:  # lower-cases to two characters: positions in ``low`` are not those in ``head``
        return bool(_SUPPLEMENTARY_RE.search(head))
    if "(nader)" in low and _SUPPLEMENTARY_TITLE_RE.search(head):
        return True
    for word in ("nader", "aanvullend"):
        at = low.find(word)
        while at >= 0:
            if _SUPPLEMENTARY_ANSWER_RE.match(head, at):
                return True
            at = low.find(word, at + 1)
    return False


def _line_start(text: str, i: int) -> int:
    """Start of the line holding position ``i``."""
    return text.rfind("\n", 0, i) + 1


def _has_xnoot(text: str) -> bool:
    """``_XNOOT_RE.search(text)``, tried only where a "Noot" follows an "X" (directly or after one blank)
    that only spaces and tabs separate from the start of its line."""
    at = text.find("Noot")
    while at >= 0:
        x = at - 1 if text[at - 1 : at] == "X" else at - 2 if text[at - 1 : at].isspace() and text[at - 2 : at - 1] == "X" else -1
        if x >= 0:
            start = _blank_line_start(text, x)
            if start >= 0 and _XNOOT_RE.match(text, start):
                return True
        at = text.find("Noot", at + 1)
    return False


def _blank_line_start(text: str, i: int) -> int:
    """Start of the line holding position ``i`` when only spaces and tabs stand before ``i`` on it, else -1."""
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j if j == 0 or text[j - 1] == "\n" else -1


def _is_label(line: str) -> bool:
    """A question label ("Vraag 2") or a numbered line ("2.", "2)")."""
    c = line.lstrip()[:1]
    return bool((c in _Q_FIRST and _Q_LABEL_RE.match(line)) or (c.isdigit() and _NUM_LABEL_STRICT_RE.match(line)))


def _collect_footnotes(lines: list[str], form: str) -> tuple[dict[int, str], set[int]]:
    """Footnote texts by number, and the line indexes they occupy (left out of questions)."""
    notes: dict[int, str] = {}
    used: set[int] = set()
    n_lines = len(lines)
    i = 0
    first_ok_bullet = None
    if form == "openkamer":
        for j, s in enumerate(lines):
            if s.lstrip().startswith("•"):
                first_ok_bullet = j
                break
    while i < n_lines:
        s = lines[i]
        st = s.lstrip()
        if not st:
            i += 1
            continue
        m = _NOTE_HEAD_RE.match(s) if len(st) < 40 and st[0] in _NOTE_HEAD_FIRST else None
        if m:
            used.add(i)
            j = i + 1
            num = int(m.group("n")) if m.group("n") else None
            while j < n_lines and not lines[j].strip():
                used.add(j)
                j += 1
            if num is None and j < n_lines and _BARE_NUM_RE.match(lines[j]):
                num = int(lines[j].strip())
                used.add(j)
                j += 1
                while j < n_lines and not lines[j].strip():
                    used.add(j)
                    j += 1
            body: list[str] = []
            while j < n_lines and lines[j].strip():
                x = lines[j]
                c = x.lstrip()[:1]
                if (
                    (c in _NOTE_HEAD_FIRST and _NOTE_HEAD_RE.match(x))
                    or (c in _Q_FIRST and _Q_LABEL_RE.match(x))
                    or (c in _A_FIRST and _A_LABEL_RE.match(x))
                    or (c in _STOP_FIRST and _STOP_RE.match(x))
                    or (c in _JUNK_FIRST and _JUNK_RE.match(x))
                    or (body and _BARE_NUM_RE.match(x))
                ):
                    break
                body.append(lines[j])
                used.add(j)
                j += 1
            if num is not None and body:
                notes.setdefault(num, _join(body))
            elif num is None and body:
                # "Bron:" followed by "1" lines etc.: numbered items below
                pass
            i = j
            continue
        m = _SUP_NOTE_RE.match(s) if st[:1] in "<[" else None
        if m and m.group("rest").strip():
            body = [m.group("rest")]
            used.add(i)
            i += 1
            while i < n_lines and lines[i].strip() and not (
                _SUP_NOTE_RE.match(lines[i]) or _Q_LABEL_RE.match(lines[i]) or _A_LABEL_RE.match(lines[i]) or _STOP_RE.match(lines[i])
            ):
                body.append(lines[i])
                used.add(i)
                i += 1
            notes.setdefault(int(m.group("n") or m.group("n2")), _join(body))
            continue
        if first_ok_bullet is not None and i < first_ok_bullet:
            mm = _OK_NOTE_RE.match(s)
            if mm:
                notes.setdefault(int(mm.group(1)), _join([mm.group(2)]))
                used.add(i)
        i += 1
    # trailing "N) text" / "(N) text" / "[N] text" lines after the last label, and "(*)"/"*" lines
    for j in range(n_lines - 1, -1, -1):
        s = lines[j]
        if not s.strip() or j in used:
            continue
        pm = _PAREN_NOTE_RE.match(s)
        if pm:
            n = int(pm.group("a") or pm.group("b") or pm.group("c"))
            notes.setdefault(n, _join([pm.group("rest")]))
            used.add(j)
            continue
        if _STAR_NOTE_RE.match(s):
            used.add(j)
            continue
        if len(s.strip()) < 40 or (s.lstrip()[:1] in _STOP_FIRST and _STOP_RE.match(s)):
            continue
        break
    return notes, used


_JUNK_RE = re.compile(
    r"^\s*(?:Skip to (?:main )?content|Naar (?:de )?(?:boven|inhoud)|Menu|Zoeken|Home|Terug|Print|Delen|Share|Keywords:?.*|Onderwerpen\b.*"
    # page furniture of officielebekendmakingen PDFs and previews
    r"|(?:ah-tk-\d{8}-\d{1,5}|kv-tk-\d{4}Z\d{5})(?:\s+ISSN.*)?|ISSN \d{4}-\d{3}[\dX].*|'s-Gravenhage \d{4}"
    r"|Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\b.*|Aanhangsel Handelingen II \d{4}/\d{2,4}, nr\. \d{1,5}\s+\d{1,3})\s*$",
    re.IGNORECASE,
)
# a short line without closing punctuation after a finished question: a menu or footer of a web page
_MENU_LINE_RE = re.compile(r"^\s*[^.?!:;,\d\s][^.?!:;]{0,48}$")


def _segment(
    lines: list[str],
    start: int,
    note_lines: set[int],
    form: str,
    warnings: list[str],
    notes: dict[int, str],
    answer_zone: tuple[int, int] | None = None,
) -> tuple[list[tuple[str, list[int], list[list[str]]]], str | None]:
    """Questions and answers between labels: [("q"|"a", numbers, paragraphs)], and a kind hint.

    Numbered lines that restart at 1 after the questions are a list of notes (added to ``notes``);
    a numbered line repeating an earlier question word for word (pages that print a part twice)
    is skipped.
    """
    n_lines = len(lines)
    seen_rest: set[str] = set()
    note_mode = False
    note_num: int | None = None
    # whether the text has "Vraag 1" labels: a label line (outside the notes) and a match of _HAS_VRAAG_RE,
    # which a label line not starting with blanks other than spaces and tabs is; else the text is searched
    has_label = has_vraag = False
    for i in range(start, n_lines):
        x = lines[i]
        if x.lstrip()[:1] in _Q_FIRST and i not in note_lines and _Q_LABEL_RE.match(x):
            has_label = True
            if not x.lstrip(" \t")[:1].isspace():
                has_vraag = True
                break
    if has_label and not has_vraag:
        has_vraag = bool(_HAS_VRAAG_RE.search("\n".join(lines[start:])))
    items: list[tuple[str, list[int], list[list[str]]]] = []
    cur_kind: str | None = None
    cur_nums: list[int] = []
    cur_lines: list[str] = []
    last_q = 0
    pending_q: list[int] = []  # questions since the last answer
    kind_hint = None
    ok_mode = form == "openkamer"
    ok_answered = ok_mode and any(x.startswith("Beantwoord") for x in lines[:40])

    def flush() -> None:
        nonlocal cur_kind, cur_nums, cur_lines
        if cur_kind is not None:
            paras = _paragraphs(cur_lines)
            if ok_mode and cur_kind == "q":
                # openkamer: first paragraph the question, the rest its answer (without blank lines:
                # the question is one line)
                if ok_answered and len(paras) == 1 and len(paras[0]) > 1:
                    paras = [paras[0][:1], paras[0][1:]]
                if paras:
                    items.append(("q", cur_nums, [paras[0]]))
                    if len(paras) > 1:
                        items.append(("a", list(cur_nums), paras[1:]))
                else:
                    items.append(("q", cur_nums, []))
            elif paras or cur_kind == "q":
                items.append((cur_kind, cur_nums, paras))
        cur_kind, cur_nums, cur_lines = None, [], []

    # whether the current item's lines ask something, looking at each line once (lines are only appended
    # to an item: scanning them all again at every menu-like line was quadratic)
    asked_memo: list = [None, 0, False]

    def asked(cur: list[str]) -> bool:
        if asked_memo[0] is not cur:
            asked_memo[:] = [cur, 0, False]
        if not asked_memo[2]:
            asked_memo[2] = any(x.rstrip().endswith("?") or x.rstrip()[-2:-1] == "?" for x in cur[asked_memo[1]:])
        asked_memo[1] = len(cur)
        return asked_memo[2]

    i = start
    stopped = False
    in_answers = False
    while i < n_lines:
        if answer_zone and i == answer_zone[0]:
            # the answers follow their own opening: numbered paragraphs from here on are answers
            flush()
            items[:] = [it for it in items if it[0] == "q" or it[2]]
            in_answers, stopped, note_mode, last_q = True, False, False, 0
            pending_q = []
            i = max(answer_zone[1], i + 1)
            continue
        if i in note_lines:
            i += 1
            continue
        s = lines[i]
        st = s.lstrip()
        c = st[:1]
        if not c:
            if note_mode:
                note_num = None
            elif cur_kind is not None and not stopped:
                cur_lines.append(s)
            i += 1
            continue
        stopish = len(st) < 70 or st.startswith(_STOP_PREFIXES)
        if not stopish and not note_mode and c not in _QA_FIRST and not c.isdigit():
            # a long line that is no label, stop line or note: text of the current item (too long for a menu)
            if cur_kind is not None and not stopped:
                cur_lines.append(s)
            i += 1
            continue
        if stopish and (
            (c in "Tt" and _TOELICHTING_RE.match(s)) or (cur_kind is not None and c in _STOP_FIRST and _STOP_RE.match(s))
        ):
            flush()
            if s.strip().lower().startswith("mededeling"):
                kind_hint = "postponement"
            # text after a stop line belongs to nothing until the next label
            cur_kind = None
            i += 1
            stopped = True
            continue
        if stopish and c in _JUNK_FIRST and _JUNK_RE.match(s):
            i += 1
            continue
        qm = _Q_LABEL_RE.match(s) if c in _Q_FIRST else None
        if qm:
            nums = _nums(qm.group("nums"))
            if nums:
                flush()
                cur_kind, cur_nums = "q", nums
                pending_q.extend(nums)
                last_q = nums[-1]
                if qm.group("rest"):
                    cur_lines.append(qm.group("rest"))
                stopped = False
                i += 1
                continue
        am = _A_LABEL_RE.match(s) if not ok_mode and c in _A_FIRST else None
        if am and (am.group("nums") or not am.group("rest") or am.group("colon") == ":"):
            nums = _nums(am.group("nums"))
            if not am.group("nums") and am.group("rest") and am.group("colon") != ":":
                am = None
            if am is not None:
                flush()
                if not nums:
                    nums = list(pending_q) or ([last_q] if last_q else [])
                pending_q = []
                cur_kind, cur_nums = "a", nums
                if am.group("rest"):
                    cur_lines.append(am.group("rest").lstrip(": "))
                stopped = False
                i += 1
                continue
        if has_vraag and c.isdigit():
            took = _inline_note(lines, i, notes)
            if took:
                i = took
                continue
        if note_mode:
            nm = _NUM_LABEL_RE.match(s)
            if nm and nm.group("rest") and _NUM_LABEL_STRICT_RE.match(s):
                note_num = int(nm.group("n"))
                notes.setdefault(note_num, _join([nm.group("rest")]))
            elif s.strip() and note_num is not None and not _STOP_RE.match(s):
                notes[note_num] = _join([notes[note_num], s])
            else:
                note_num = None
            i += 1
            continue
        if not has_vraag and not ok_mode and c.isdigit():
            nm = _NUM_LABEL_RE.match(s)
            if nm:
                n = int(nm.group("n"))
                rest = nm.group("rest") or ""
                strict = bool(_NUM_LABEL_STRICT_RE.match(s))
                key = (rest if rest.isprintable() and "  " not in rest else _WS_RE.sub(" ", rest)).strip()
                if key and key in seen_rest:
                    i += 1
                    continue
                if n == 1 and last_q >= 2 and strict and rest:
                    flush()
                    note_mode = True
                    continue
                if key:
                    seen_rest.add(key)
                if (n == last_q + 1 or (n == 1 and last_q == 0)) and (strict or rest[:1].isupper()):
                    flush()
                    cur_kind, cur_nums = ("a" if in_answers else "q"), [n]
                    if not in_answers:
                        pending_q.append(n)
                    last_q = n
                    if rest:
                        cur_lines.append(rest)
                    stopped = False
                    i += 1
                    continue
        if cur_kind is not None and not stopped:
            if (
                cur_kind == "q"
                and not ok_mode
                and cur_lines
                and not cur_lines[-1].strip()
                and len(st) < 50
                and _MENU_LINE_RE.match(s)
                and asked(cur_lines)
            ):
                stopped = True  # the question is over; what follows is page furniture
            else:
                cur_lines.append(s)
        i += 1
    flush()
    # drop empty question texts left by layout; keep numbering
    return items, kind_hint


_ENDS_QUESTION_RE = re.compile(r"\?[»”’\"')]*\s*(?:\d{1,2}\)?|\(\*\))?\s*$")
_ENDS_SENTENCE_RE = re.compile(r"[.?!:;»”\")\]]\d{0,2}\)?$")
_NOTE_LINE_RE = re.compile(r"^\s*(?P<n>\d{1,2})(?:\s+|\s*$)(?P<rest>.*)$")  # "1" or "1 text", not list items "1." / "1)"
_SOURCE_RE = re.compile(
    r"https?://|www\.|\.(?:nl|com|org|eu|be)\b|\b(?:19|20)\d\d\b|Kamerstuk|Aanhangsel|nr\.|\bblz\.|p\.\s?\d", re.IGNORECASE
)


def _inline_note(lines: list[str], i: int, notes: dict[int, str]) -> int:
    """A note printed in the text flow (PDF and preview pages): "1" on its own line, or "1 text",
    numbered as the next note and reading like a source. Returns the next line index, or 0."""
    m = _NOTE_LINE_RE.match(lines[i])
    if not m:
        return 0
    n = int(m.group("n"))
    if n != (max(notes) + 1 if notes else 1):
        return 0
    prev = lines[i - 1].rstrip() if i else ""
    if prev and (not _ENDS_SENTENCE_RE.search(prev) or prev.endswith(":")):
        return 0  # a hard-wrapped sentence going on ("sinds" / "1 januari 2012 …")
    rest = m.group("rest").strip()
    j = i + 1
    body = [rest] if rest else []
    if not rest:
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or _BARE_NUM_RE.match(lines[j]) or _Q_LABEL_RE.match(lines[j]) or _A_LABEL_RE.match(lines[j]):
            return 0
        body.append(lines[j])
        j += 1
    text = _join(body)
    if not _SOURCE_RE.search(text) or len(text) > 400:
        return 0
    notes[n] = text
    return j


_TOELICHTING_TEXT_RE = re.compile(r"^[ \t]*Toelichting[ \t]*:?[ \t]*\n(?P<body>(?:.*\n?){1,12})", re.MULTILINE)


def _toelichting(text: str) -> re.Match[str] | None:
    """``_TOELICHTING_TEXT_RE.search(text)``, tried at the start of each line that begins with "Toelichting"."""
    at = text.find("Toelichting")
    while at >= 0:
        start = _blank_line_start(text, at)
        m = _TOELICHTING_TEXT_RE.match(text, start) if start >= 0 else None
        if m:
            return m
        at = text.find("Toelichting", at + 1)
    return None


def _more_references(text: str, doc: ParsedDocument) -> None:
    """Earlier answers and questions the document points to: in the notes, the answers and a
    "Toelichting" (zaak numbers there are those of earlier questions)."""
    tm = _toelichting(text)
    with_zaak = [f.text for f in doc.footnotes] + ([tm.group("body")] if tm else [])
    own = {doc.publication, doc.zaak, f"kv-tk-{doc.zaak}" if doc.zaak else None}
    for part, zaak_too in [(p, True) for p in with_zaak] + [(a.text, False) for a in doc.answers]:
        found = find_references(part) if ("andelingen" in part or "http" in part or "-tk-" in part) else []
        if zaak_too and "Z" in part:
            found += ZAAK_RE.findall(part)
        for r in found:
            if r not in own and r not in doc.references:
                doc.references.append(r)


def _unlabelled(lines: list[str], start: int, note_lines: set[int]) -> list[tuple[str, list[int], list[list[str]]]]:
    """Questions without labels: each paragraph (or, without blank lines, each run of lines up to a
    question mark) that asks something, up to the first stop line."""
    body: list[str] = []
    for i in range(start, len(lines)):
        if i in note_lines:
            continue
        s = lines[i]
        st = s.strip()
        if st and (len(st) < 70 or st.startswith(_STOP_PREFIXES)) and (_STOP_RE.match(s) or _TOELICHTING_RE.match(s)):
            break
        if st and (len(st) < 70 or st.startswith(_STOP_PREFIXES)) and _JUNK_RE.match(s):
            continue
        body.append(s)
    paras = _paragraphs(body)
    if len(paras) == 1 and len(paras[0]) > 1:
        groups: list[list[str]] = [[]]
        for x in paras[0]:
            groups[-1].append(x)
            if _ENDS_QUESTION_RE.search(x):
                groups.append([])
        paras = [g for g in groups if g]
    asking = [p for p in paras if "?" in " ".join(p)]
    return [("q", [n], [p]) for n, p in enumerate(asking, start=1)]


_SENT_SPLIT_RE = re.compile(r"(?<=[?])\s+(?=[A-Z«“‘\"'])")


def _split_for(texts: list[str], want: int, lines: list[str]) -> list[str]:
    """Paragraphs of a "Vraag 2 en 3" block → one per question, where the text allows it.

    Tried in turn: paragraphs; lines grouped so that each group ends with a question mark (pages
    without blank lines); sentences ending with "?".
    """
    joined = " ".join(texts)
    if len(texts) > want:
        return texts[: want - 1] + [" ".join(texts[want - 1 :])]
    groups: list[list[str]] = [[]]
    for x in lines:
        groups[-1].append(x)
        if _ENDS_QUESTION_RE.search(x):
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) == want:
        return [_join(g) for g in groups]
    parts = _SENT_SPLIT_RE.split(joined)
    if len(parts) == want:
        return parts
    return texts




def _tidy(t: str) -> str:
    return op.squash(t)


def _tidy_answer(t: str) -> str:
    return "\n\n".join(op.squash(p) for p in t.split("\n\n") if p.strip())


def _openkamer_fields(text: str, doc: ParsedDocument) -> None:
    # the header ends at the first bullet, and within 4,000 characters: the person patterns backtrack
    # quadratically over one long line without a closing parenthesis
    end = text.find("•")
    head = text[: end if 0 <= end <= 4000 else 4000]
    m = _ok_head(head)
    if m and re.fullmatch(r"(?:19|20)\d\dZ\d{5}", m.group("z")):
        doc.zaak = m.group("z")
    for fm in _ok_fields(head):
        k, v = fm.group("k").lower(), fm.group("v").strip()[:1000]
        if k == "ingediend":
            doc.submitted = doc.submitted or parse_dutch_date(v)
        elif k == "beantwoord":
            doc.received = doc.received or parse_dutch_date(v)
        elif k.startswith("indiener"):
            if not doc.askers:
                doc.askers = _openkamer_askers(v)
        elif k == "beantwoord door":
            if not doc.respondents and v:
                for p in _OK_RESP_RE.finditer(v):
                    office = _ok_last_office(p.group("office"))
                    if office is None:  # "Ronald Plasterk (PvdA)": a party, no office
                        doc.warnings.append(f"The office of {p.group('name').strip()}, who answered, is not shown.")
                        continue
                    doc.respondents.append(Respondent(role=_ok_office(office), name=p.group("name").strip(), on_behalf=False))
        elif k in ("bron vraag", "bron antwoord"):
            for r in find_references(v):
                if r not in doc.references:
                    doc.references.append(r)
    # subject line: the first non-empty line after the heading
    if doc.subject is None and m:
        rest = head[m.end() :].lstrip("\n")
        first = rest.split("\n", 1)[0].strip()
        # a page without its title starts with a note ("1. Reformatorisch Dagblad, …") or a question
        if first and not _OK_FIELD_RE.match(first) and not _OK_NOT_TITLE_RE.match(first):
            doc.subject = first


_OK_NOT_TITLE_RE = re.compile(r"(?:\d{1,3}\s*[.)]\s|•|vraag\s+\d)", re.IGNORECASE)


def _ok_fields(head: str) -> Iterator[re.Match[str]]:
    """The fields ``_OK_FIELD_RE.finditer(head)`` finds (one per field line, same groups), matching only
    lines that start with the first letter of a field name."""
    for line in head.split("\n"):
        if line.lstrip()[:1] in "IB":
            m = _OK_FIELD_RE.match(line)
            if m:
                yield m


def _openkamer_askers(value: str) -> list[Asker]:
    """ "Joël Voordewind (CU), Sjoerd Sjoerdsma (D66)"; a name without a party ("Indiener Bouchallikh") has none."""
    askers = []
    for part in re.split(r",\s*(?![^()]*\))", value):
        m = _OK_PERSON_RE.fullmatch(part.strip())
        if m:
            askers.append(Asker(name=m.group("name").strip(), party=m.group("party").strip()))
        elif part.strip() and len(part.strip()) <= 60:
            askers.append(Asker(name=part.strip(), party=None))
    return askers


_OK_OFFICE_START_RE = re.compile(r"^(?:vice)?(?:minister|staatssecretaris)\b", re.IGNORECASE)


def _ok_last_office(written: str) -> str | None:
    """The office in openkamer's "(…)" after a name: the last one where it lists several
    ("viceminister-president , minister buitenlandse zaken"), its portfolio kept whole
    ("minister volksgezondheid, welzijn en sport"); None when no office is written (a party)."""
    parts = written.split(",")
    for i in range(len(parts) - 1, -1, -1):
        if _OK_OFFICE_START_RE.match(parts[i].strip()):
            return ",".join(parts[i:]).strip()
    return None


def _ok_office(office: str) -> str:
    """openkamer writes "minister buitenlandse zaken": give it the usual shape."""
    o = office.strip()
    m = re.match(r"^(minister|staatssecretaris|minister-president|viceminister-president)\s+(?:van\s+|voor\s+)?(.*)$", o, re.IGNORECASE)
    if not m:
        return o
    role, dep = m.group(1), m.group(2)
    if not dep:
        return role.capitalize()
    zp = re.match(r"zonder\s+portefeuille\b\s*", dep, re.IGNORECASE)
    if zp:  # "minister zonder portefeuille buitenlandse zaken": a minister at that ministry without one of his own
        rest = " ".join(w if w in ("en", "van", "voor") else w[:1].upper() + w[1:] for w in dep[zp.end() :].split())
        return f"{role.capitalize()} zonder portefeuille" + (f" ({rest})" if rest else "")
    dep = " ".join(w if w in ("en", "van", "voor") else w[:1].upper() + w[1:] for w in dep.split())
    prep = "voor" if dep.lower() in op.VOOR_PORTFOLIOS else "van"
    return f"{role.capitalize()} {prep} {dep}"


_ZAAK_ANY_RE = re.compile(r"((?:19|20)\d\dZ\d{5})(?!\d)")
_ZAAK_CAND_RE = re.compile(r"(?:19|20)\d\d[Zz]\d{5}")  # in every match of _ZAAK_LINE_RE and _ZAAK_ANY_RE
_STANDALONE_INGEZONDEN_RE = re.compile(r"\(\s*ingezonden\s+(?P<d>[^()]{3,40})\)", re.IGNORECASE)
_ASKER_MENTION_RE = re.compile(
    r"vragen\s+(?:van|gesteld\s+door)\s+(?:het\s+(?:kamer)?lid\s*|de\s+(?:kamer)?leden\s*)?"
    r"(?P<who>[A-Z][^()\n]{0,80}?(?:\n[^()\n]{0,80}?)?)\s*\((?P<p>[^()\n]{1,40})\)"
)
_ASKER_NOPARTY_RE = re.compile(
    r"vragen\s+van\s+(?:het\s+(?:kamer)?lid|de\s+(?:kamer)?leden)\s+(?P<who>[A-Z][^()\n]{1,120}?)\s+(?:over|inzake|betreffende|aan)\s"
)
_PARTY_MEMBER_RE = re.compile(
    r"\b(?P<p>[A-Z][\w]{1,20})-(?:Kamerlid|kamerlid)\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:van|de|der|den|ter|ten|[A-Z][\w'’-]+)){0,4})"
)
_BLOG_AUTHOR_RE = re.compile(r"(?:Met dank overgenomen van|Source:|Bron:)\s+(?P<name>[^,\n]{3,80}?)\s+i,\s")


def _header_fields(text: str, head: str, notice: str, doc: ParsedDocument, qo, ao) -> None:
    """Fields from the text before the first question (and from a notice's own text)."""
    # a labelled number holds a number like this on the line it starts: searched from the first one's line on
    cand = _ZAAK_CAND_RE.search(head) if doc.zaak is None else None
    if cand:
        # a labelled number ("Zaaknummer: …", "Onderdeel van zaak …", a line of its own) wins
        m = _ZAAK_LINE_RE.search(head, _line_start(head, cand.start()))
        if m:
            doc.zaak = m.group("z")
    if doc.zaak is None and (cand or notice):
        found = []
        for zone in (head, notice):
            for m in _ZAAK_ANY_RE.finditer(zone):
                if m.group(1) not in found:
                    found.append(m.group(1))
        if len(found) == 1:
            doc.zaak = found[0]
        elif len(found) > 1:
            doc.warnings.append(f"Several case numbers appear ({', '.join(found[:5])}); none was taken as this document's.")
    pm = _PUB_RE.search(head) if "versie" in head else None
    if pm:
        doc.publication = pm.group("id")
    dm = None
    if ("ummer" in head or "did=" in head) and _DOCNR_CAND_RE.search(head):
        dm = _ZAAKNUMMER_D_RE.search(head) or _NUMMER_D_RE.search(head)
    if dm:
        doc.document_number = dm.group("d")
    refs = find_references(head) if ("http" in head or "andelingen" in head or "-tk-" in head or "kst-" in head) else []
    for r in refs:
        if r not in doc.references and r != doc.publication and not (doc.zaak and doc.zaak in r and "kv-tk" in r):
            doc.references.append(r)
    if doc.submitted is None:
        im = (_STANDALONE_INGEZONDEN_RE.search(head) or _INGEZONDEN_OP_RE.search(head)) if ("ngezonden" in head or "ngediend" in head) else None
        if im:
            doc.submitted = parse_dutch_date(im.group("d"))
    if ao and not any(r.on_behalf for r in doc.respondents):
        bm = _BEHALF_LETTER_RE.search(head) if "namens" in head else None
        if bm:
            for office in op.parse_offices(bm.group("o")):
                doc.respondents.append(Respondent(role=office, name=None, on_behalf=True))
    if not doc.askers or all(a.party is None for a in doc.askers):
        for am in _ASKER_MENTION_RE.finditer(head):
            mentioned = op.parse_askers(f"{am.group('who')} ({am.group('p')})")
            if not doc.askers:
                doc.askers = mentioned
            else:
                for a in doc.askers:
                    for b in mentioned:
                        if a.party is None and b.party and a.name.lower() == b.name.lower():
                            a.party = b.party
            break
    if not doc.askers:
        nm = _ASKER_NOPARTY_RE.search(head)
        if nm:
            doc.askers = op.parse_askers(nm.group("who"))
    if not doc.askers:
        pm2 = _PARTY_MEMBER_RE.search(head) if "amerlid" in head else None
        if pm2:
            doc.askers = [Asker(name=pm2.group("name").strip(), party=pm2.group("p"))]
        elif "Met dank overgenomen van" in head or "Source:" in head or "Bron:" in head:
            bm2 = _BLOG_AUTHOR_RE.search(head)
            if bm2:
                doc.askers = [Asker(name=bm2.group("name").strip(), party=None)]


def _signatories(text: str) -> list[Respondent]:
    out = []
    for m in _SIGN_RE.finditer(text):
        role = _office_from_sign(m.group("role").strip())
        nxt = text[m.end() : m.end() + 200].strip().split("\n", 1)[0].strip()
        name = nxt if nxt and len(nxt) < 60 and not _SIGN_RE.match(nxt) else None
        out.append(Respondent(role=role, name=name, on_behalf=False))
    return out


def _check(doc: ParsedDocument) -> None:
    nums = [q.number for q in doc.questions]
    if nums and nums != list(range(nums[0], nums[0] + len(nums))):
        doc.warnings.append("The question numbers are not consecutive: " + ", ".join(map(str, nums[:30])) + ".")
    if nums and nums[0] != 1:
        doc.warnings.append(f"The first question is numbered {nums[0]}, not 1.")
    known = set(nums)
    for a in doc.answers:
        bad = [n for n in a.questions if n not in known]
        if bad and doc.questions:
            doc.warnings.append(f"An answer refers to question {', '.join(map(str, bad))}, which the text does not show.")
    for q in doc.questions:
        for n in q.footnotes:
            if doc.footnotes and n not in {f.number for f in doc.footnotes}:
                doc.warnings.append(f"Question {q.number} refers to note {n}, whose text the page does not show.")
    if doc.kind == "questions" and not doc.questions:
        doc.warnings.append("No questions were found in the text.")
    if not doc.askers and doc.kind in ("questions",):
        doc.warnings.append("No member who asked the questions was found.")
    # keep warnings unique, in order
    seen: set[str] = set()
    doc.warnings = [w for w in doc.warnings if not (w in seen or seen.add(w))]
    if len(doc.warnings) > MAX_WARNINGS:
        extra = len(doc.warnings) - MAX_WARNINGS
        doc.warnings = doc.warnings[:MAX_WARNINGS] + [f"… and {extra} more warnings of the same kinds."]
