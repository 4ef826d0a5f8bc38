"""The opening-sentence grammar of questions and answers, shared by every input form.

Public API::

    parse_question_opening(sentence: str) -> QuestionOpening
        "Vragen van de leden A, B en C (allen VVD) aan de Minister van X en de Staatssecretaris
        van Y over <subject> (ingezonden 7 februari 2024)."
        → askers [Asker], addressees [str] (one office per entry, shared words written out),
          subject (str | None), submitted (YYYY-MM-DD | None), warnings [str].
        Markdown emphasis and <sup>n</sup> markers are ignored; line breaks may occur anywhere.

    parse_answer_opening(text: str) -> AnswerOpening
        "Antwoord van Minister K (Buitenlandse Zaken), mede namens de Minister van V en J
        (ontvangen 10 maart 2016). Zie ook Aanhangsel Handelingen, vergaderjaar 2019–2020, nr. 1217."
        → respondents [Respondent], received, references [str], kind ("answers" |
          "postponement"), supplementary (bool), warnings.

    parse_offices(text: str) -> list[str]
        "de Ministers van A en van B" → ["Minister van A", "Minister van B"];
        "de Minister en de Staatssecretaris van Financiën" → both written out.

    find_question_opening(text: str) -> re.Match | None
        Locates "Vragen van de leden/het lid … (ingezonden …)" (or up to the end of its
        sentence) in a longer text; ``match.group(0)`` is the sentence, ``match.start()`` where
        it begins.

    find_answer_opening(text: str) -> re.Match | None
        Locates "Antwoord van …" / "Mededeling van …" up to "(ontvangen …)" or the end of
        its sentence (a notice of the member, "Mededeling van het lid …", gives no respondents).

    parse_askers(text: str) -> list[Asker]
        "A, B (beiden PvdA), C (SP) en D" → parties as written; "allen"/"beiden" give every
        member since the last party its party, otherwise a party belongs to the name it follows.

    parse_respondents(text: str, on_behalf: bool) -> list[Respondent]
        "Minister K (Buitenlandse Zaken)", "de heer B, minister van X", "de Ministers van A en van B".

    clean(text: str) -> str        markup and <sup>/[^n] markers removed, whitespace collapsed.

Openings are located with a cheap case-sensitive cue and then matched with ``endpos`` bounded to
MAX_SENTENCE characters; the sentence body uses possessive runs, so there is no backtracking and
the time is linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kamervragen.model import Asker, Respondent
from kamervragen.parse.dates import parse_dutch_date
from kamervragen.parse.refs import find_references

# --- shared pieces -------------------------------------------------------------------------

ROLE = (
    r"(?:vice-?)?minister[- ]?president|minister(?:s)?|staatssecretaris(?:sen)?"
)
_ROLE_RE = re.compile(rf"^(?P<role>{ROLE})\b\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)

# Ministries and portfolios whose names contain "," or "en" (and frequent short ones): used to
# tell "de Ministers van Defensie en Buitenlandse Zaken" (two offices) from "de Staatssecretaris
# van Economische Zaken, Landbouw en Innovatie" (one office).
MINISTRIES = {
    m.lower()
    for m in (
        "Algemene Zaken", "Binnenlandse Zaken", "Binnenlandse Zaken en Koninkrijksrelaties",
        "Buitenlandse Zaken", "Buitenlandse Handel en Ontwikkelingssamenwerking",
        "Ontwikkelingssamenwerking", "Europese Zaken", "Defensie", "Financiën", "Justitie",
        "Veiligheid en Justitie", "Justitie en Veiligheid", "Rechtsbescherming",
        "Economische Zaken", "Economische Zaken en Klimaat", "Economische Zaken, Landbouw en Innovatie",
        "Klimaat en Energie", "Klimaat en Groene Groei", "Landbouw", "Landbouw, Natuur en Voedselkwaliteit",
        "Landbouw, Natuur en Voedselkwaliteit", "Landbouw, Visserij, Voedselzekerheid en Natuur",
        "Natuur en Stikstof", "Onderwijs, Cultuur en Wetenschap", "Onderwijs, Cultuur en Wetenschappen",
        "Basis- en Voortgezet Onderwijs en Media", "Primair en Voortgezet Onderwijs",
        "Sociale Zaken en Werkgelegenheid", "Armoedebeleid, Participatie en Pensioenen",
        "Volksgezondheid, Welzijn en Sport", "Medische Zorg", "Medische Zorg en Sport",
        "Langdurige Zorg, Jeugd en Sport", "Jeugd, Preventie en Sport", "Jeugd en Gezin",
        "Infrastructuur en Milieu", "Infrastructuur en Waterstaat", "Verkeer en Waterstaat",
        "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer", "Volkshuisvesting en Ruimtelijke Ordening",
        "Wonen en Rijksdienst", "Wonen, Wijken en Integratie", "Immigratie, Integratie en Asiel",
        "Immigratie en Asiel", "Vreemdelingenzaken en Integratie", "Asiel en Migratie", "Migratie",
        "Koninkrijksrelaties", "Koninkrijksrelaties en Digitalisering", "Cultuur en Media",
        "Milieu en Wonen", "Milieu", "Fiscaliteit en Belastingdienst", "Toeslagen en Douane",
        "Herstel Toeslagen", "Digitalisering", "Emancipatie", "Integratie",
        "Buitenlandse Handel en Ontwikkelingshulp", "Fiscaliteit, Belastingdienst en Douane", "Participatie en Integratie",
        "Funderend Onderwijs en Emancipatie", "Langdurige Zorg en Sport", "Herstel en Toeslagen", "Onderwijs", "Cultuur",
        "Wetenschap", "Sport", "Media", "Klimaat", "Energie", "Wonen", "Hoger Onderwijs", "Natuur",
    )
}
# offices called "voor …" rather than "van …" (the scorer does not tell them apart; written out faithfully)
VOOR_PORTFOLIOS = {
    m.lower()
    for m in (
        "Buitenlandse Handel en Ontwikkelingssamenwerking", "Ontwikkelingssamenwerking", "Europese Zaken",
        "Rechtsbescherming", "Basis- en Voortgezet Onderwijs en Media", "Primair en Voortgezet Onderwijs",
        "Medische Zorg", "Medische Zorg en Sport", "Immigratie, Integratie en Asiel", "Immigratie en Asiel",
        "Wonen en Rijksdienst", "Wonen, Wijken en Integratie", "Jeugd en Gezin", "Milieu en Wonen",
        "Klimaat en Energie", "Armoedebeleid, Participatie en Pensioenen", "Langdurige Zorg, Jeugd en Sport",
        "Natuur en Stikstof", "Migratie", "Vreemdelingenzaken en Integratie", "Volkshuisvesting en Ruimtelijke Ordening",
        "Buitenlandse Handel en Ontwikkelingshulp", "Funderend Onderwijs en Emancipatie", "Langdurige Zorg en Sport",
        "Participatie en Integratie", "Klimaat en Groene Groei",
    )
}

_MARKUP_RE = re.compile(r"(?=[\s(<*_\[])(?:\s?\(\*\)|<sup>\s*\d{1,3}\s*</sup>|\[\^\d{1,3}\]|</?[a-zA-Z][^<>]{0,40}>|\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))")


def clean(text: str) -> str:
    """Markup and footnote tags removed, whitespace collapsed."""
    if "<" in text or "*" in text or "_" in text or "[^" in text:
        text = _MARKUP_RE.sub("", text)
    return squash(text)


def squash(text: str) -> str:
    """``" ".join(text.split())``, without splitting text that is already so: text without leading, trailing
    or double spaces and without other blanks is returned as it is. The ASCII blanks are looked for one by
    one; beyond ASCII every blank but " " is unprintable."""
    if (
        text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and (
            text.isascii()
            and "\x0b" not in text
            and "\x0c" not in text
            and "\x1c" not in text
            and "\x1d" not in text
            and "\x1e" not in text
            and "\x1f" not in text
            or text.isprintable()
        )
    ):
        return text
    return " ".join(text.split())


def _singular(role: str) -> str:
    low = role.lower()
    if low.endswith("sen") and low.startswith("staatssecretaris"):
        return role[: -len("sen")]
    if low == "ministers":
        return role[:-1]
    return role


def _is_plural(role: str) -> bool:
    low = role.lower()
    return low == "ministers" or low == "staatssecretarissen"


_SEP_RE = re.compile(r"(,\s*|\s+en\s+)")


def _partition_departments(body: str) -> list[str]:
    """Split "Defensie en Buitenlandse Zaken" into known ministries; keep a known whole intact."""
    if body.lower() in MINISTRIES or ("," not in body and " en " not in body):
        return [body]
    parts = _SEP_RE.split(body)  # name, sep, name, sep, ...
    names = parts[0::2]
    seps = parts[1::2]
    n = len(names)
    if n > 12:
        return [body]
    inf = 10**6
    best: list[tuple[int, list[str]]] = [(0, [])] + [(inf, [])] * n
    for end in range(1, n + 1):
        for start in range(end):
            if best[start][0] >= inf:
                continue
            chunk = names[start]
            for k in range(start + 1, end):
                chunk += seps[k - 1] + names[k]
            if chunk.strip().lower() in MINISTRIES and best[start][0] + 1 < best[end][0]:
                best[end] = (best[start][0] + 1, best[start][1] + [chunk.strip()])
    return best[n][1] if best[n][0] < inf else [body]


_PREP_SPLIT_RE = re.compile(r"(?:,\s*|\s+en\s+)(?=(?:van|voor)\s)", re.IGNORECASE)
_PREP_RE = re.compile(r"^(van|voor)\s+(.*)$", re.IGNORECASE | re.DOTALL)


def _departments(rest: str, plural: bool) -> list[tuple[str, str]]:
    """"van A en van B" → [("van", "A"), ("van", "B")]; one entry unless the role is plural."""
    m = _PREP_RE.match(rest)
    if not m:
        return [("", rest)] if rest else []
    if not plural:
        return [(m.group(1), m.group(2).strip(" ,."))]
    out: list[tuple[str, str]] = []
    for piece in _PREP_SPLIT_RE.split(rest):
        pm = _PREP_RE.match(piece.strip())
        if not pm:
            continue
        prep, body = pm.group(1), pm.group(2).strip(" ,.")
        for dep in _partition_departments(body):
            out.append((prep, dep))
    if len(out) == 1 and (" en " in out[0][1]):
        # plural role but one unknown department name: split at the last "en"
        prep, body = out[0]
        head, _, tail = body.rpartition(" en ")
        out = [(prep, head), (prep, tail)]
    return out


_OFFICE_SPLIT_RE = re.compile(
    rf"\s*(?:,|\s+en|\s+alsmede)\s+(?:de\s+|het\s+)?(?=(?:{ROLE})\b)", re.IGNORECASE
)
_ARTICLE_RE = re.compile(r"^(?:de|het|aan)\s+", re.IGNORECASE)


def _drop_prefix(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub("", text)`` for a pattern anchored at the start ("^…", never empty): one match at most."""
    m = pattern.match(text)
    return text[m.end() :] if m else text


def parse_offices(text: str, warnings: list[str] | None = None) -> list[str]:
    """Offices as written ("de Minister en de Staatssecretaris van Financiën"), one entry each."""
    text = clean(text).strip(" ,.;:")
    text = _drop_prefix(_ARTICLE_RE, _drop_prefix(_ARTICLE_RE, text))
    if not text:
        return []
    low = text.lower()
    if "minister" in low[1:] or "staatssecretaris" in low[1:] or "İ" in text or "ı" in text or "ſ" in text:
        items = _OFFICE_SPLIT_RE.split(text)
    else:  # every split is followed by an office word ("ı", "ſ" and "İ" match "i" and "s": always split)
        items = [text]
    out: list[str] = []
    pending: list[str] = []
    for item in items:
        item = _drop_prefix(_ARTICLE_RE, item.strip(" ,."))
        m = _ROLE_RE.match(item)
        if not m:
            if warnings is not None:
                warnings.append(f"The office “{item}” was not recognised; it is kept as written.")
            out.append(item)
            continue
        role, rest = m.group("role"), m.group("rest").strip(" ,.")
        if role.lower().replace("-", " ").endswith("president"):
            out.extend(pending)
            pending = []
            out.append(role + (" " + rest if rest else ""))
            continue
        if not rest:
            pending.append(_singular(role))
            continue
        deps = _departments(rest, _is_plural(role))
        if not deps:
            pending.append(_singular(role))
            continue
        for p in pending:  # "de Minister en de Staatssecretaris van Financiën"
            prep, dep = deps[0]
            out.append(f"{p} {prep} {dep}".replace("  ", " "))
        pending = []
        for prep, dep in deps:
            out.append(f"{_singular(role)} {prep} {dep}".replace("  ", " ") if prep else f"{_singular(role)} {dep}")
    out.extend(pending)
    return out


# --- questions -----------------------------------------------------------------------------

INGEZONDEN = r"in\s?ge?z[oe]nden"
_SUBMITTED_RE = re.compile(rf"\(\s*{INGEZONDEN}\s*(?:op\s+)?:?\s*(?P<date>[^()]{{0,60}}?)\s*\)", re.IGNORECASE)
_Q_HEAD_RE = re.compile(
    r"(?:schriftelijke\s+)?vragen\s+(?:gesteld\s+)?(?:door\s+|van\s+)(?:de\s+leden|(?:het\s+)?lid|de\s+kamerleden|het\s+kamerlid)\s*",
    re.IGNORECASE,
)
_AAN_RE = re.compile(rf"\s+aan\s+(?=(?:de\s+|het\s+)?(?:{ROLE})\b)", re.IGNORECASE)
_OVER_RE = re.compile(r"\s+(?:over|inzake|betreffende|omtrent)\s+", re.IGNORECASE)

# One character of a (possibly hard-wrapped) sentence: a newline only when the next line is
# not blank, not a label ("Vraag 1", "1.", "Antwoord"), not a new opening, and the line before
# did not end a sentence. The alternatives start with different characters and runs are possessive,
# so there is no backtracking into them; callers bound the length with ``endpos``.
_STOP_LINE = r"\s*(?:\n|vraag\s+\d|vragen\s+van|\d{1,2}\s*[.):]|\d{1,2}\s*$|antwoord|mededeling|•|\*\s)"


def _sentence_body(closing: str) -> str:
    return (
        rf"(?:[^\n(]++|\((?!\s*{closing})|(?<![.!?:])\n(?!{_STOP_LINE})|(?<=\sen|..,)\n[ \t]*\n(?=[ \t]*[a-z]))*?"
    )


SENTENCE_CHAR = rf"(?:[^\n]|(?<![.!?:])\n(?!{_STOP_LINE})|(?<=\sen|..,)\n[ \t]*\n(?=[ \t]*[a-z]))"
SENTENCE_END = rf"(?<!\sen)(?<!,)(?=\n{_STOP_LINE})|(?<=[.!?:])(?=\n)|\Z"

_Q_OPENING_RE = re.compile(
    r"(?:schriftelijke\s+)?vragen\s+(?:gesteld\s+)?(?:door|van)\s+(?:de\s+leden|(?:het\s+)?lid|de\s+kamerleden|het\s+kamerlid)(?!\s+der\s+kamer)"
    rf"{_sentence_body(INGEZONDEN)}(?:\(\s*{INGEZONDEN}[^()]{{0,60}}\)|{SENTENCE_END})",
    re.IGNORECASE | re.MULTILINE,
)


_INGEZONDEN_RE = re.compile(INGEZONDEN, re.IGNORECASE)
MAX_SENTENCE = 2000  # an opening sentence is never longer; bounds the work per candidate
# a cheap case-sensitive cue; the full pattern is then matched at each cue
_Q_CUE_RE = re.compile(r"(?:[Vv]ragen|VRAGEN)\s+(?:gesteld\s+)?(?:door|van|DOOR|VAN)\s")
_ZIE_OOK_RE = re.compile(r"\.\s+Zie\s+ook\b")


@dataclass
class QuestionOpening:
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    subject: str | None = None
    submitted: str | None = None
    warnings: list[str] = field(default_factory=list)


def find_question_opening(text: str) -> re.Match[str] | None:
    """The opening sentence of a questions document inside ``text``.

    Hard-wrapped lines are followed (see ``SENTENCE_CHAR``). Preferred: a
    sentence with "(ingezonden …)", else one that starts a line with "Vragen", else the first.
    """
    first = line_start = None
    n = 0
    for at in _positions(text, ("ragen", "RAGEN")):  # every cue holds one: tried there, not at every position
        cue = _Q_CUE_RE.match(text, at - 1) if at else None
        if cue is None:
            continue
        m = _Q_OPENING_RE.match(text, cue.start(), cue.start() + MAX_SENTENCE)
        if m is None:
            continue
        if _has_ingezonden(m.group(0)):
            return m
        if first is None:
            first = m
        if line_start is None and (m.start() == 0 or text[m.start() - 1] == "\n") and m.group(0)[:1] in "VvS":
            line_start = m
        n += 1
        if n > 20:
            break
    return line_start or first


_PARTY_RE = re.compile(r"\(([^()]{1,60})\)")
_NAME_SPLIT_RE = re.compile(r"\s*,\s*|\s+en\s+(?:het\s+lid\s+|de\s+leden\s+)?|\s*&\s*")
_COLLECTIVE_RE = re.compile(r"^(?:allen|beiden|beide|alle\s+drie|allebei)\s+(?:van\s+(?:de\s+)?)?", re.IGNORECASE)
_HONORIFIC_RE = re.compile(r"^(?:de\s+heer|mevrouw|mevr\.|mw\.|dhr\.|het\s+lid|lid)\s+", re.IGNORECASE)


def parse_askers(text: str) -> list[Asker]:
    """"A, B (beiden PvdA), C (SP) en D" → askers with their parties (D has none)."""
    askers: list[Asker] = []
    pending: list[Asker] = []
    pos = 0

    def add_names(chunk: str) -> None:
        for name in _NAME_SPLIT_RE.split(chunk):
            name = _drop_prefix(_HONORIFIC_RE, name.strip(" ,;:.")).strip()
            if name and len(name) < 80:
                a = Asker(name=name, party=None)
                askers.append(a)
                pending.append(a)

    for m in _PARTY_RE.finditer(text):
        add_names(text[pos : m.start()])
        pos = m.end()
        party = m.group(1).strip()
        cm = _COLLECTIVE_RE.match(party)
        if cm:
            party = party[cm.end() :].strip()
            for a in pending:
                a.party = party
        elif pending:
            pending[-1].party = party
        pending = []
    add_names(text[pos:])
    return askers


_TRAILING_MARK_RE = re.compile(
    r"(?:\s*\(\*\)|\s*\*+|\s+\d{1,2}\)|(?<=[»”\"'’?!.)])\d{1,2}|\s*[.:;,])+$"
)


_TRAILING_MARK_END = frozenset(")*.:;,")  # the last character of a match of _TRAILING_MARK_RE, or a digit
_INNER_MARK_RE = re.compile(r"(?<=[»”’?])\d{1,2}(?=[\s,;:])")


_SENTENCE_STOP_RE = re.compile(r"\s?\.\s+(?=[A-Z][a-z])")
_WORD_BEFORE_RE = re.compile(r"(\w+)$")
_KENMERK_RE = re.compile(r"\s*\(\s*kenmerk\b", re.IGNORECASE)
#: words ending in a full stop that do not end a sentence ("mr. Visser", "St. Maarten")
_ABBREVIATIONS = frozenset({"mr", "dr", "drs", "ir", "ing", "prof", "st", "jr", "sr", "mw", "mevr", "dhr", "nr",
                            "art", "bijv", "ca", "etc", "resp", "vs", "jl"})


def _first_sentence(s: str) -> str:
    """``s`` up to the end of its first sentence: "over X. Deze vragen werden ingezonden op …" is about X.
    A full stop inside quotes, after an initial or after an abbreviation ends nothing; a letter's
    "(kenmerk …)" after the matter ends it too."""
    k = _KENMERK_RE.search(s)
    if k:
        s = s[: k.start()]
    for m in _SENTENCE_STOP_RE.finditer(s):
        before = s[: m.start()]
        w = _WORD_BEFORE_RE.search(before)
        if w is None or len(w.group(1)) < 2 or w.group(1).lower() in _ABBREVIATIONS:
            continue
        if before.count("«") > before.count("»") or before.count("“") > before.count("”"):
            continue
        return before
    return s


def _clean_subject(s: str) -> str | None:
    s = _first_sentence(s.strip())
    if "»" in s or "”" in s or "’" in s or "?" in s:
        s = _INNER_MARK_RE.sub("", s)
    tail = s[-30:]  # markers and punctuation only ever trail: look at the end alone
    m = _TRAILING_MARK_RE.search(tail) if tail[-1:] in _TRAILING_MARK_END or tail[-1:].isdecimal() else None
    if m:
        s = s[: len(s) - len(tail) + m.start()].strip()
    return s or None


def parse_question_opening(sentence: str) -> QuestionOpening:
    """Askers, addressees, subject and submission date of a questions opening sentence."""
    res = QuestionOpening()
    s = clean(sentence)
    dm = _SUBMITTED_RE.search(s)
    if dm:
        res.submitted = parse_dutch_date(dm.group("date"))
        if res.submitted is None:
            res.warnings.append(f"The submission date “{dm.group('date')}” could not be read.")
        s = s[: dm.start()]
    hm = _Q_HEAD_RE.search(s)
    if not hm:
        res.warnings.append("No opening sentence “Vragen van …” was found.")
        return res
    s = s[hm.end() :]
    am = _AAN_RE.search(s)
    if not am:
        res.warnings.append("The opening sentence names no office the questions are put to.")
        om = _OVER_RE.search(s)
        res.askers = parse_askers(s[: om.start()] if om else s)
        if om:
            subject = s[om.end() :]
            # a title run into the letter's own sentence on the same questions ("… over X Graag bied ik
            # u … de antwoorden aan op de vragen gesteld door het lid … over X."): the later one is whole
            later = _Q_HEAD_RE.search(subject)
            lm = _OVER_RE.search(subject, later.end()) if later else None
            res.subject = _clean_subject(subject[lm.end() :] if lm else subject)
        return res
    res.askers = parse_askers(s[: am.start()])
    rest = s[am.end() :]
    om = _OVER_RE.search(rest)
    if om:
        res.addressees = parse_offices(rest[: om.start()], res.warnings)
        res.subject = _clean_subject(rest[om.end() :])
    else:
        res.addressees = parse_offices(rest, res.warnings)
        res.warnings.append("The opening sentence gives no subject (“over …”).")
    if not res.askers:
        res.warnings.append("The opening sentence names no member.")
    return res


# --- answers and notices -------------------------------------------------------------------

_RECEIVED_RE = re.compile(r"\(\s*ontvangen\s*(?:op\s+)?:?\s*(?P<date>[^()]{0,60}?)\s*\)", re.IGNORECASE)
_A_HEAD_RE = re.compile(
    r"(?P<sup>(?:nader|aanvullend)e?\s+)?(?P<kind>antwoorden|antwoord|mededeling)\s+van\s+",
    re.IGNORECASE,
)
_A_OPENING_RE = re.compile(
    r"^[ \t]*(?:(?:nader|aanvullend)e?\s+)?(?:antwoorden|antwoord|mededeling)\s+van\s+(?:de\s+heer\s+|mevrouw\s+|het\s+lid\s+|(?:de\s+)?"
    rf"(?:{ROLE})\b){_sentence_body('ontvangen')}(?:\(\s*ontvangen[^()]{{0,60}}\)|{SENTENCE_END})",
    re.IGNORECASE | re.MULTILINE,
)
_MEMBER_RE = re.compile(r"(?:het\s+)?(?:kamer)?lid\s", re.IGNORECASE)
_A_CUE_RE = re.compile(
    r"^[ \t]*(?:[Nn]ader[e]?\s+|[Aa]anvullend[e]?\s+)?(?:[Aa]ntwoord|ANTWOORD|[Mm]ededeling|MEDEDELING)", re.MULTILINE
)
_BEHALF_RE = re.compile(r",?\s+(?:mede\s+namens|mede\s+ondertekend\s+door|namens)\s+", re.IGNORECASE)
_OP_VRAGEN_RE = re.compile(r",?\s+op(?:\s+(?:de\s+)?vragen\b.*)?$", re.IGNORECASE | re.DOTALL)
_ITEM_SPLIT_RE = re.compile(
    r"(?<=\))\s*(?:,|en)\s+|\s+en\s+(?=(?:de\s+heer|mevrouw)\b)|,\s+(?=(?:de\s+heer|mevrouw)\b)", re.IGNORECASE
)
_NAMED_ROLE_RE = re.compile(
    rf"^(?:de\s+|het\s+)?(?P<role>{ROLE})\s+(?P<name>[^()]{{1,80}}?)\s*\((?P<dep>[^()]{{1,120}})\)$", re.IGNORECASE
)
_PERSON_OFFICE_RE = re.compile(
    r"^(?:de\s+heer|mevrouw|mevr\.|mw\.|dhr\.)\s+(?P<name>[^,]{1,80}?)\s*,\s*(?P<office>.+)$", re.IGNORECASE | re.DOTALL
)


@dataclass
class AnswerOpening:
    respondents: list[Respondent] = field(default_factory=list)
    received: str | None = None
    references: list[str] = field(default_factory=list)
    kind: str = "answers"  # or "postponement" for "Mededeling van …"
    supplementary: bool = False
    warnings: list[str] = field(default_factory=list)


def find_answer_opening(text: str) -> re.Match[str] | None:
    """The "Antwoord van …" / "Mededeling van …" sentence inside ``text`` (single-line form)."""
    n = 0
    for start in _a_cue_starts(text):
        m = _A_OPENING_RE.match(text, start, start + MAX_SENTENCE)
        if m or n > 20:
            return m
        n += 1
    return None


def _a_cue_starts(text: str) -> Iterator[int]:
    """Where ``_A_CUE_RE.finditer(text)`` finds its matches, trying the pattern only at line starts near a
    keyword ("Antwoord", "Mededeling"): the line starts among the blanks before it, and the line of a word of
    at most 11 characters before those blanks ("Nader", "Aanvullende") when only spaces and tabs precede it."""
    end = 0  # end of the last cue
    tried = -1  # last line start tried
    for at in _positions(text, ("ntwoord", "NTWOORD", "ededeling", "EDEDELING")):
        kw = at - 1  # "A" / "M"
        if kw < 0:
            continue
        j = kw
        while j > 0 and text[j - 1].isspace():
            j -= 1
        starts = []
        w = j
        while w > 0 and j - w <= 11 and not text[w - 1].isspace():
            w -= 1
        if j < kw and 0 < j - w <= 11:
            s = w
            while s > 0 and text[s - 1] in " \t":
                s -= 1
            if s == 0 or text[s - 1] == "\n":
                starts.append(s)
        if j == 0:
            starts.append(0)
        nl = text.find("\n", j, kw)
        while nl >= 0:
            starts.append(nl + 1)
            nl = text.find("\n", nl + 1, kw)
        for start in starts:
            if start >= end and start > tried:
                tried = start
                cue = _A_CUE_RE.match(text, start)
                if cue:
                    end = cue.end()
                    yield start


def _has_ingezonden(sentence: str) -> bool:
    """``_INGEZONDEN_RE.search(sentence)``, tried only just before each "nden" (in every match, at most 11
    characters long) rather than at every position."""
    if "İ" in sentence:  # lower-cases to two characters: positions would shift
        return bool(_INGEZONDEN_RE.search(sentence))
    low = sentence.lower()
    at = low.find("nden")
    while at >= 0:
        if _INGEZONDEN_RE.search(sentence, max(0, at - 7), at + 4):
            return True
        at = low.find("nden", at + 1)
    return False


def _positions(text: str, words: tuple[str, ...]) -> Iterator[int]:
    """Where any of ``words`` occurs in ``text``, in order (found as they are asked for when only one occurs)."""
    firsts = [(text.find(w), w) for w in words]
    present = [(i, w) for i, w in firsts if i >= 0]
    if len(present) == 1:
        i, w = present[0]
        while i >= 0:
            yield i
            i = text.find(w, i + 1)
        return
    out: list[int] = []
    for i, w in present:
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    yield from sorted(out)


def _office_for(role: str, dep: str) -> str:
    if role.lower().replace("-", " ").endswith("president"):
        return role
    prep = "voor" if dep.lower() in VOOR_PORTFOLIOS else "van"
    return f"{_singular(role)} {prep} {dep}"


def parse_respondents(text: str, on_behalf: bool, warnings: list[str] | None = None) -> list[Respondent]:
    """"Minister K (Buitenlandse Zaken)", "de heer B, minister van X", "de Ministers van A en van B"."""
    out: list[Respondent] = []
    for item in _ITEM_SPLIT_RE.split(clean(text).strip(" ,.;")):
        item = item.strip(" ,.;")
        if not item:
            continue
        m = _NAMED_ROLE_RE.match(item)
        if m:
            name = m.group("name").strip(" ,")
            out.append(Respondent(role=_office_for(m.group("role"), m.group("dep").strip()), name=name, on_behalf=on_behalf))
            continue
        m = _PERSON_OFFICE_RE.match(item)
        if m:
            offices = parse_offices(m.group("office"), warnings)
            for office in offices[:1]:
                out.append(Respondent(role=office, name=m.group("name").strip(), on_behalf=on_behalf))
            continue
        for office in parse_offices(item, warnings):
            out.append(Respondent(role=office, name=None, on_behalf=on_behalf))
    return out


def parse_answer_opening(text: str) -> AnswerOpening:
    """Respondents, received date and references of an "Antwoord van …" / "Mededeling van …" opening."""
    res = AnswerOpening()
    s = clean(text)
    res.references = find_references(s)
    rm = _RECEIVED_RE.search(s)
    hm = _A_HEAD_RE.search(s)
    if rm:
        res.received = parse_dutch_date(rm.group("date"))
        if res.received is None:
            res.warnings.append(f"The date received “{rm.group('date')}” could not be read.")
    if not hm:
        res.warnings.append("No opening “Antwoord van …” or “Mededeling van …” was found.")
        return res
    if hm.group("kind").lower() == "mededeling":
        res.kind = "postponement"
    res.supplementary = bool(hm.group("sup"))
    end = rm.start() if rm and rm.start() > hm.end() else len(s)
    body = s[hm.end() : end]
    zm = _ZIE_OOK_RE.search(body)
    if zm:
        body = body[: zm.start()]
    body = _OP_VRAGEN_RE.sub("", body).strip(" ,.")
    if _MEMBER_RE.match(body):  # a notice of the member who asked (e.g. a withdrawal): no office holder
        return res
    parts = _BEHALF_RE.split(body, maxsplit=1)
    res.respondents = parse_respondents(parts[0], False, res.warnings)
    if len(parts) > 1:
        res.respondents += parse_respondents(parts[1], True, res.warnings)
    if not res.respondents:
        res.warnings.append("The answer's opening names no office holder.")
    return res
