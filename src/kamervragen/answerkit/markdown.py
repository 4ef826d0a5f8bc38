"""The kit as Markdown: overview, earlier answers per question, the answer document, the notice.

The answer document follows the published layout: "Vraag N" and "Antwoord N" each on a line of
their own (bold), a combined answer after the last of its questions, footnotes as ``<sup>N</sup>``
markers with the notes at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

from kamervragen.answerkit import layout
from kamervragen.answerkit.cite import Citation
from kamervragen.answerkit.kit import DRAFT_MARK, AnswerGroup, AnswerKit, KitQuestion

EXCERPT = 400
NO_ANSWER = "(geen antwoord gevonden)"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def days_phrase(days: int | None) -> str:
    if days is None:
        return ""
    if days > 1:
        return f"nog {days} dagen"
    if days == 1:
        return "nog 1 dag"
    if days == 0:
        return "vandaag"
    return f"{-days} {'dag' if days == -1 else 'dagen'} over de termijn"


def closed_phrase(kit: AnswerKit) -> str:
    """How a closed case ended: answered (when, on time or late) or withdrawn."""
    clock = kit.clock
    if kit.status == "withdrawn":
        when = clock.withdrawn if clock else None
        return f"ingetrokken op {layout.dutch_date(when)}" if when else "ingetrokken"
    if clock is not None and clock.answered is not None:
        late = "binnen de termijn" if clock.on_time else f"{clock.days_overdue} dagen over de termijn"
        return f"beantwoord op {layout.dutch_date(clock.answered)}, {late}"
    return "beantwoord, datum onbekend"


def overview_rows(kit: AnswerKit) -> list[tuple[str, str]]:
    """(label, value) pairs shared by both renderings."""
    doc = kit.document
    rows = [("Zaak", doc.zaak or "onbekend")]
    if doc.subject:
        rows.append(("Onderwerp", doc.subject))
    rows.append(("Vragenstellers", "; ".join(
        a.name + (f" ({a.party})" if a.party else "") for a in doc.askers) or "onbekend"))
    rows.append(("Gericht aan", "; ".join(doc.addressees) or "onbekend"))
    if kit.lead_office:
        lead = kit.lead_office + (f" (ministerie: {kit.lead_ministry})" if kit.lead_ministry else "")
        rows.append(("Eerstverantwoordelijk", lead))
    if kit.on_behalf:
        rows.append(("Mede namens", "; ".join(kit.on_behalf)))
    rows.append(("Ingezonden", layout.dutch_date(doc.submitted, weekday=True) if doc.submitted else "onbekend"))
    if kit.clock is not None:
        label = "Uiterste antwoorddatum (na uitstel)" if kit.clock.postponed else "Uiterste antwoorddatum"
        state = days_phrase(kit.days_left) if kit.days_left is not None else closed_phrase(kit)
        rows.append((label, f"{layout.dutch_date(kit.clock.due, weekday=True)} "
                            f"({state}, peildatum {layout.dutch_date(kit.today)})"))
        if not kit.clock.postponed and kit.postponed_due:
            rows.append(("Na een uitstelbericht", layout.dutch_date(kit.postponed_due, weekday=True)))
        if kit.clock.promised:
            rows.append(("Toegezegd in uitstelbericht", layout.dutch_date(kit.clock.promised, weekday=True)))
    else:
        rows.append(("Uiterste antwoorddatum", "onbekend (geen datum van inzending)"))
    for q in kit.questions:
        for r in q.requested:
            when = " ".join(x for x in (
                layout.dutch_date(r.date, weekday=True) if r.date else "", r.event or "") if x)
            rows.append(("Gevraagd antwoord vóór", f"vraag {q.number}: {when} («{r.text}»)"))
    return rows


def question_with_notes(q: KitQuestion) -> str:
    return q.text + "".join(f"<sup>{n}</sup>" for n in q.footnotes)


def draft_note(kit: AnswerKit, group: AnswerGroup) -> str:
    assert group.draft is not None
    return (f"{DRAFT_MARK} – opgesteld door een taalmodel ({group.draft.model}) op basis van de "
            "genoemde eerdere antwoorden; controleer elke zin en elke bron.")


def skeleton_order(kit: AnswerKit) -> Iterator[KitQuestion | AnswerGroup]:
    """Questions in order, each answer right after the last question it answers."""
    index = {q.number: i for i, q in enumerate(kit.questions)}
    last = {max(g.questions, key=index.__getitem__): g for g in kit.groups}
    for q in kit.questions:
        yield q
        if q.number in last:
            yield last[q.number]


def citation_line(c: Citation) -> str:
    date = f" ({layout.dutch_date(c.date)})" if c.date else ""
    return f"[{c.label}]({c.url}){date}"


def render_markdown(kit: AnswerKit) -> str:
    out: list[str] = [f"# Antwoordkit {kit.title}", ""]
    if kit.has_drafts:
        out += [f"> **{DRAFT_MARK}** – dit document bevat door een taalmodel opgestelde conceptantwoorden.", ""]
    for notice in kit.notices:
        out += [f"> Let op: {notice}", ""]
    out += ["## Overzicht", "", "| | |", "| --- | --- |"]
    out += [f"| {label} | {value.replace('|', '/')} |" for label, value in overview_rows(kit)]
    out += ["", "## Vragen en eerdere antwoorden", ""]
    for q in kit.questions:
        out += [f"### Bij vraag {q.number}", "", "> " + excerpt(q.text, 2000), ""]
        if not q.citations:
            out += ["Geen eerdere antwoorden gevonden.", ""]
            continue
        out += ["Eerdere vragen en antwoorden (nieuwste eerst):", ""]
        for i, c in enumerate(q.citations, 1):
            out.append(f"{i}. {citation_line(c)}")
            out.append(f"   - *Vraag:* {excerpt(c.question_text)}")
            out.append(f"   - *Antwoord:* {excerpt(c.answer_text) if c.answer_text else NO_ANSWER}")
        out.append("")
    out += ["## Antwoorddocument", "", "**Aanhangsel van de Handelingen**", "",
            "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden",
            "", "**[nummer]**", "", kit.opening, "", kit.answer_opening, ""]
    for item in skeleton_order(kit):
        if isinstance(item, KitQuestion):
            out += [f"**Vraag {item.number}**", "", question_with_notes(item), ""]
        else:
            out += [f"**{item.heading}**", ""]
            if item.draft is not None:
                out += [f"*{draft_note(kit, item)}*", ""]
                for p in item.draft.paragraphs:
                    out += [p, ""]
    if kit.document.footnotes:
        out += ["---", ""]
        out += [f"<sup>{f.number}</sup> {f.text}  " for f in kit.document.footnotes]
        out.append("")
    out += ["## Mededeling (uitstelbericht)", "", f"*{kit.postponement_intro}*", "",
            kit.opening, "", kit.postponement_opening, "", "**Mededeling**", ""]
    out += [p + "\n" for p in kit.postponement.split("\n\n")]
    return "\n".join(out).rstrip() + "\n"
