"""Alerts: events of the procedure (asked, postponed, answered, overdue, withdrawn) for what a user follows,
as Atom feeds and as a list of what is new since the last check.

A feed is named by a target: ``case:<key>``, ``member:<name>``, ``ministry:<name>``, ``party:<name>``,
``search:<saved search name>`` or ``all`` (everything followed and saved). Feeds are computed from the
store on ``today``, so they are the same whenever they are asked for; only the subscriptions and which
entries were already reported (``alerts check``) are stored (``store/sqlite_alerts.py``).

What each feed carries: a followed case — every event; a member, ministry or party — new questions,
answers and cases turning overdue; a saved search — new questions matching it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from lxml import etree

from kamervragen.errors import UserError
from kamervragen.procedure.cases import CaseFilter, CaseStatus, case_status, case_statuses, resolve_ministry
from kamervragen.procedure.export import case_url
from kamervragen.procedure.normalise import normalise_party
from kamervragen.store.base import Store

ATOM = "http://www.w3.org/2005/Atom"
FEED_KINDS = ("case", "member", "ministry", "party", "search")
EVENT_KINDS = ("asked", "postponed", "answered", "answered_late", "overdue", "withdrawn")
BROAD_EVENTS = frozenset({"asked", "answered", "answered_late", "overdue"})
SEARCH_LIMIT = 200

_TITLES = {
    "asked": "Nieuwe vragen",
    "postponed": "Uitstel van antwoord",
    "answered": "Beantwoord",
    "answered_late": "Te laat beantwoord",
    "overdue": "Antwoordtermijn verstreken",
    "withdrawn": "Ingetrokken",
}


@dataclass(frozen=True)
class Event:
    """Something that happened to a case on a day."""

    id: str  # stable: "<case key>/<kind>"
    kind: str
    day: date
    case: CaseStatus

    @property
    def title(self) -> str:
        return f"{_TITLES[self.kind]}: {self.case.zaak or self.case.key} {self.case.subject or ''}".strip()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "date": self.day.isoformat(), "case": self.case.key,
                "zaak": self.case.zaak, "subject": self.case.subject, "status": self.case.status,
                "due": self.case.due.isoformat() if self.case.due else None, "title": self.title,
                "url": case_url(self.case)}


def case_events(cs: CaseStatus, today: date) -> list[Event]:
    """The events of one case up to ``today`` (the status already looks only at events up to then)."""
    out: list[Event] = []

    def add(kind: str, day: date | None) -> None:
        if day is not None and day <= today:
            out.append(Event(f"{cs.key}/{kind}", kind, day, cs))

    add("asked", cs.submitted)
    if cs.clock is not None:
        add("postponed", cs.clock.postponed_on)
    if cs.status in ("answered", "answered_late"):
        add(cs.status, cs.answered)
    if cs.status == "withdrawn":
        add("withdrawn", cs.withdrawn)
    if cs.due is not None and (cs.status == "overdue" or cs.status == "answered_late"):
        add("overdue", cs.due + timedelta(days=1))
    return sorted(out, key=lambda e: (e.day, EVENT_KINDS.index(e.kind)))


# --------------------------------------------------------------------------------------------------
# targets
# --------------------------------------------------------------------------------------------------


def parse_target(target: str) -> tuple[str, str]:
    """``kind:value`` → (kind, value), with the value normalised (ministry names, party names)."""
    if target == "all":
        return "all", ""
    kind, sep, value = target.partition(":")
    value = value.strip()
    if not sep or kind not in FEED_KINDS or not value:
        raise UserError(f"unknown feed {target!r}; use case:ZAAK, member:NAME, ministry:NAME, party:NAME, "
                        "search:NAME or all.")
    if kind == "ministry":
        value = resolve_ministry(value)
    elif kind == "party":
        value = normalise_party(value).name or value
    return kind, value


def _search_keys(store: Store, query: str) -> set[str]:
    """Case keys matching a search: the search stage when the store has its index, else a plain match of
    every stemmed query word in the subject and questions."""
    if hasattr(store, "search_documents"):
        from kamervragen.search.lexical import search

        result = search(store, query, limit=SEARCH_LIMIT, sort="date")
        return {h.case_key for h in result.hits}
    from kamervragen.search.analysis import stems

    wanted = {s for s in stems(query) if s}
    keys = set()
    for summary in store.iter_cases():
        case = store.get_case(summary.key)
        if case is None:
            continue
        text = " ".join([case.subject or "", *(q.text for q in case.questions)])
        if wanted <= set(stems(text)):
            keys.add(case.key)
    return keys


def target_events(store: Store, target: str, today: date | str) -> list[Event]:
    """The events of one feed target, newest first."""
    from kamervragen.procedure.clock import as_date

    now = as_date(today)
    assert now is not None
    kind, value = parse_target(target)
    if kind == "all":
        events: dict[str, Event] = {}
        for t in subscriptions(store):
            for e in target_events(store, t, now):
                events.setdefault(e.id, e)
        return sorted(events.values(), key=lambda e: (e.day, e.id), reverse=True)
    wanted_kinds: frozenset[str] = BROAD_EVENTS
    if kind == "case":
        case = store.get_case(value)
        if case is None:
            raise UserError(f"no case {value!r} in the database.")
        cases = [case_status(case, now)]
        wanted_kinds = frozenset(EVENT_KINDS)
    elif kind == "search":
        saved = store.get_saved_search(value)  # type: ignore[attr-defined]
        if saved is None:
            raise UserError(f"no saved search named {value!r}; save one with `kamervragen alerts save`.")
        keys = _search_keys(store, saved.query)
        cases = case_statuses(store, now, CaseFilter(keys=frozenset(keys)))
        wanted_kinds = frozenset({"asked"})
    else:
        flt = CaseFilter(**{kind: value})
        cases = case_statuses(store, now, flt)
    out = [e for cs in cases for e in case_events(cs, now) if e.kind in wanted_kinds]
    return sorted(out, key=lambda e: (e.day, e.id), reverse=True)


def subscriptions(store: Store) -> list[str]:
    """Every feed target the user follows or saved."""
    targets = [f"{f.kind}:{f.value}" for f in store.list_follows()]  # type: ignore[attr-defined]
    targets += [f"search:{s.name}" for s in store.list_saved_searches()]  # type: ignore[attr-defined]
    return targets


def follow(store: Store, kind: str, value: str) -> str:
    """Follow a case / member / ministry / party; returns the feed target. The value is checked and
    normalised (a case must exist; a ministry must be known)."""
    if kind not in ("case", "member", "ministry", "party"):
        raise UserError(f"cannot follow {kind!r}; follow a case, member, ministry or party.")
    if kind == "case":
        case = store.get_case(value)
        if case is None:
            raise UserError(f"no case {value!r} in the database.")
        value = case.key
    else:
        _, value = parse_target(f"{kind}:{value}")
    store.add_follow(kind, value)  # type: ignore[attr-defined]
    return f"{kind}:{value}"


def save_search(store: Store, name: str, query: str) -> str:
    """Save a search under ``name`` (the query is checked by the search stage's parser); returns the
    feed target."""
    if not name.strip() or ":" in name:
        raise UserError("a saved search needs a name without a colon.")
    try:
        from kamervragen.search.query import parse_query

        parse_query(query)
    except ImportError:  # the search stage is optional for alerts
        pass
    store.save_search(name.strip(), query)  # type: ignore[attr-defined]
    return f"search:{name.strip()}"


def unfollow(store: Store, kind: str, value: str) -> bool:
    if kind not in ("case", "member", "ministry", "party"):
        raise UserError(f"cannot unfollow {kind!r}; use case, member, ministry or party.")
    if kind != "case":
        _, value = parse_target(f"{kind}:{value}")
    return store.remove_follow(kind, value)  # type: ignore[attr-defined]


def check_alerts(store: Store, today: date | str, mark: bool = True) -> list[dict[str, Any]]:
    """What is new in every subscription since the last check: one item per feed target with its new
    events. ``mark`` records them as reported, so the next check lists only newer ones."""
    report = []
    for target in subscriptions(store):
        events = target_events(store, target, today)
        seen = store.seen_entries(target)  # type: ignore[attr-defined]
        new = [e for e in events if e.id not in seen]
        if mark and new:
            store.mark_seen(target, [e.id for e in new])  # type: ignore[attr-defined]
        report.append({"feed": target, "new": [e.to_json() for e in new], "total": len(events)})
    return report


# --------------------------------------------------------------------------------------------------
# Atom
# --------------------------------------------------------------------------------------------------


def _stamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def _summary(e: Event) -> str:
    cs = e.case
    parts = [f"Zaak {cs.zaak or cs.key}", f"status {cs.status}"]
    if cs.submitted:
        parts.append(f"ingezonden {cs.submitted.isoformat()}")
    if cs.due:
        parts.append(f"uiterste antwoorddatum {cs.due.isoformat()}")
    if cs.answered:
        parts.append(f"beantwoord {cs.answered.isoformat()}")
    if cs.askers:
        parts.append("vragen van " + ", ".join(
            f"{a.name} ({a.party_written})" if a.party_written else a.name for a in cs.askers))
    if cs.addressees:
        parts.append("aan " + "; ".join(cs.addressees))
    return "; ".join(parts) + "."


def atom_feed(store: Store, target: str, today: date | str, limit: int = 100, self_url: str | None = None) -> bytes:
    """The Atom feed (RFC 4287) of one target on ``today``: UTF-8 bytes."""
    from kamervragen.procedure.clock import as_date

    now = as_date(today)
    assert now is not None
    events = target_events(store, target, now)[:limit]
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "nl")
    _sub(feed, "id", f"urn:kamervragen:feed:{target}")
    _sub(feed, "title", f"Kamervragen — {target}")
    _sub(feed, "updated", _stamp(events[0].day if events else now))
    _sub(feed, "generator", "kamervragen")
    author = _sub(feed, "author")
    _sub(author, "name", "Kamervragen")
    if self_url:
        _sub(feed, "link", rel="self", href=self_url)
    for e in events:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:kamervragen:event:{e.id}")
        _sub(entry, "title", e.title)
        _sub(entry, "updated", _stamp(e.day))
        _sub(entry, "published", _stamp(e.day))
        url = case_url(e.case)
        if url:
            _sub(entry, "link", rel="alternate", href=url)
        _sub(entry, "category", term=e.kind)
        if e.case.lead_ministry:
            _sub(entry, "category", term=e.case.lead_ministry, scheme="urn:kamervragen:ministry")
        _sub(entry, "summary", _summary(e))
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
