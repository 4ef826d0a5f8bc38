"""Follows, saved searches and their Atom feeds on the sample corpus, read back with feedparser."""

from __future__ import annotations

import feedparser
import pytest

from kamervragen.errors import UserError
from kamervragen.procedure.alerts import (
    atom_feed,
    check_alerts,
    follow,
    save_search,
    target_events,
    unfollow,
)


@pytest.fixture()
def store(sample_store):
    s = sample_store
    yield s
    for f in s.list_follows():
        s.remove_follow(f.kind, f.value)
    for saved in s.list_saved_searches():
        s.delete_saved_search(saved.name)


def _feed(store, target, today):
    parsed = feedparser.parse(atom_feed(store, target, today))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_followed_case_turning_overdue(store):
    assert follow(store, "case", "2024Z01911") == "case:2024Z01911"
    before = _feed(store, "case:2024Z01911", "2024-02-28")
    assert [e.id for e in before.entries] == ["urn:kamervragen:event:2024Z01911/asked"]
    after = _feed(store, "case:2024Z01911", "2024-03-01")
    assert [e.id for e in after.entries] == ["urn:kamervragen:event:2024Z01911/overdue",
                                             "urn:kamervragen:event:2024Z01911/asked"]
    overdue = after.entries[0]
    assert overdue.updated.startswith("2024-02-29")
    assert overdue.link == "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2024Z01911"
    assert after.feed.title == "Kamervragen — case:2024Z01911"


def test_followed_case_answered(store):
    # ob-ah-tk-20132014-557: asked 1 November 2013, answered 19 November 2013
    target = follow(store, "case", "ah-tk-20132014-557")
    kinds = [e.kind for e in target_events(store, target, "2014-01-01")]
    assert kinds == ["answered", "asked"]
    assert [e.kind for e in target_events(store, target, "2013-11-10")] == ["asked"]
    feed = _feed(store, target, "2014-01-01")
    assert feed.entries[0].title.startswith("Beantwoord")


def test_followed_ministry_member_party(store):
    follow(store, "ministry", "Financiën")
    follow(store, "member", "Michon-Derkzen")
    follow(store, "party", "GL")
    targets = {f"{f.kind}:{f.value}" for f in store.list_follows()}
    assert targets == {"ministry:Financiën", "member:Michon-Derkzen", "party:GroenLinks"}
    ids = [e.id for e in target_events(store, "member:Michon-Derkzen", "2024-03-01")]
    assert ids == ["2024Z01911/overdue", "2024Z01911/asked"]
    assert "2024Z01911/asked" in {e.id for e in target_events(store, "ministry:FIN", "2024-03-01")}
    assert unfollow(store, "party", "GroenLinks")


def test_saved_search_new_questions(store):
    # three sample documents mention Nuctech: 2023Z11492 (asked 21 June 2023), 2023Z11786 (asked 23 June
    # 2023, answered 28 September 2023: only "asked" events belong in a search feed), 2024Z01911
    assert save_search(store, "nuctech", "Nuctech") == "search:nuctech"
    feed = _feed(store, "search:nuctech", "2024-03-01")
    assert [e.id for e in feed.entries] == ["urn:kamervragen:event:2024Z01911/asked",
                                            "urn:kamervragen:event:2023Z11786/asked",
                                            "urn:kamervragen:event:2023Z11492/asked"]
    assert [e.id for e in _feed(store, "search:nuctech", "2023-06-22").entries] == [
        "urn:kamervragen:event:2023Z11492/asked"]


def test_check_reports_only_what_is_new(store):
    follow(store, "case", "2024Z01911")
    first = check_alerts(store, "2024-02-20")
    assert [e["id"] for item in first for e in item["new"]] == ["2024Z01911/asked"]
    assert check_alerts(store, "2024-02-21") == [{"feed": "case:2024Z01911", "new": [], "total": 1}]
    later = check_alerts(store, "2024-03-05")
    assert [e["id"] for item in later for e in item["new"]] == ["2024Z01911/overdue"]


def test_all_feed_and_errors(store):
    follow(store, "case", "2024Z01911")
    save_search(store, "nuctech", "Nuctech")
    feed = _feed(store, "all", "2024-02-10")
    assert {e.id for e in feed.entries} == {"urn:kamervragen:event:2024Z01911/asked",
                                           "urn:kamervragen:event:2023Z11786/asked",
                                           "urn:kamervragen:event:2023Z11492/asked"}
    with pytest.raises(UserError):
        follow(store, "case", "2099Z99999")
    with pytest.raises(UserError):
        atom_feed(store, "search:missing", "2024-03-01")
    with pytest.raises(UserError):
        atom_feed(store, "bogus", "2024-03-01")
