"""CLI commands of the procedure stage: ``status``, ``stats``, ``export``, ``follow`` / ``unfollow``,
``alerts`` (saved searches, what is new) and ``feed`` (Atom)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kamervragen.commands._common import (
    DbOption,
    JsonOption,
    TodayOption,
    open_db,
    parse_date_option,
    today_option,
    writing,
)
from kamervragen.errors import UserError

MinistryOption = Annotated[str | None, typer.Option("--ministry", help="A ministry name or code (BZ, Financiën, …).")]
PartyOption = Annotated[str | None, typer.Option("--party", help="A party as written (GL, CU, GroenLinks-PvdA, …).")]
MemberOption = Annotated[str | None, typer.Option("--member", help="Part of an asker's name.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Submitted on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Submitted on or before YYYY-MM-DD.")]
LeadOption = Annotated[bool, typer.Option("--lead-only", help="Match --ministry against the lead ministry only.")]




def _filter(ministry: str | None, party: str | None, member: str | None, since: str | None,
            until: str | None, lead_only: bool = False, statuses: list[str] | None = None) -> Any:
    from kamervragen.procedure.cases import CaseFilter

    return CaseFilter(ministry=ministry, party=party, member=member, since=parse_date_option(since, "--since"),
                      until=parse_date_option(until, "--until"), lead_only=lead_only,
                      statuses=frozenset(statuses) if statuses else None)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def status(
    db: DbOption,
    ministry: MinistryOption = None,
    party: PartyOption = None,
    member: MemberOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lead_only: LeadOption = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only cases past their due date.")] = False,
    all_cases: Annotated[bool, typer.Option("--all", help="Every case, answered and withdrawn ones too.")] = False,
    status_: Annotated[list[str] | None, typer.Option("--status", help="Only this status (repeatable).")] = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open and overdue cases (due date, days waiting), filterable by ministry, party, member and dates."""
    from kamervragen.procedure.cases import case_statuses, open_cases

    day = today_option(today)
    flt = _filter(ministry, party, member, since, until, lead_only, status_)
    with open_db(db) as store:
        if all_cases or status_:
            rows = case_statuses(store, day, flt)
        else:
            rows = open_cases(store, day, flt, overdue_only=overdue)
    if as_json:
        _print_json({"today": day.isoformat(), "count": len(rows), "cases": [r.to_json() for r in rows]})
        return
    table = Table(title=f"{len(rows)} cases on {day.isoformat()}", show_lines=False)
    for col in ("zaak", "status", "submitted", "due", "days", "ministry", "askers", "subject"):
        table.add_column(col, overflow="fold")
    for r in rows:
        days = r.days_waiting if r.days_waiting is not None else r.days_taken
        table.add_row(r.zaak or r.key, r.status, str(r.submitted or ""), str(r.due or ""),
                      "" if days is None else str(days), r.lead_ministry or "",
                      escape(", ".join(f"{a.name} ({a.party_written})" if a.party_written else a.name
                                       for a in r.askers)),
                      escape((r.subject or "")[:80]) + "".join(
                          f"\n[bold]asked for before {escape(q.date.isoformat() if q.date else q.event or '')}[/bold]"
                          for q in r.requested))
    Console(width=max(Console().width, 150)).print(table)


def stats(
    db: DbOption,
    by: Annotated[str, typer.Option("--by", help="Groupings, comma separated: ministry,party,member,year.")] = "ministry,party,member,year",
    out: Annotated[Path | None, typer.Option("--out", help="Write charts (PNG and SVG) into this folder.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per grouping in the table and charts.")] = 20,
    ministry: MinistryOption = None,
    party: PartyOption = None,
    member: MemberOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lead_only: LeadOption = False,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Counts and answer times per ministry, party, member and year: median days, share on time, share
    postponed, share late."""
    from kamervragen.procedure.stats import compute_stats, write_charts

    day = today_option(today)
    dims = [d.strip() for d in by.split(",") if d.strip()]
    with open_db(db) as store:
        result = compute_stats(store, day, _filter(ministry, party, member, since, until, lead_only), dims)
    charts = [str(p) for p in write_charts(result, out, top=top)] if out else []
    if as_json:
        result["charts"] = charts
        _print_json(result)
        return
    console = Console(width=max(Console().width, 130))

    def pct(v: float | None) -> str:
        return "" if v is None else f"{v * 100:.0f}%"

    for dim in ["total", *dims]:
        rows = [result["total"]] if dim == "total" else result[dim][:top] if dim != "year" else result[dim]
        table = Table(title=f"per {dim}" if dim != "total" else f"all cases on {day.isoformat()}")
        for col in (dim if dim != "total" else "", "cases", "answered", "late", "open", "overdue", "median days",
                    "on time", "postponed", "late %"):
            table.add_column(col, justify="left" if col in (dim, "") else "right")
        for r in rows:
            table.add_row(escape(r["group"]), str(r["cases"]), str(r["answered"] + r["answered_late"]),
                          str(r["answered_late"]), str(r["open"]), str(r["overdue"]),
                          "" if r["median_days"] is None else f"{r['median_days']:g}", pct(r["share_on_time"]),
                          pct(r["share_postponed"]), pct(r["share_late"]))
        console.print(table)
    for path in charts:
        console.print(f"wrote {path}", highlight=False)


def export(
    db: DbOption,
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, parquet (folder of three tables) or ics.")],
    out: Annotated[Path, typer.Option("--out", help="Folder (csv, jsonl, parquet) or .ics file.")],
    ministry: MinistryOption = None,
    party: PartyOption = None,
    member: MemberOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lead_only: LeadOption = False,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cases, questions and answers for analysis (stable public identifiers in every row), or a calendar
    of the due dates of open cases (--format ics)."""
    from kamervragen.procedure.export import write_export

    day = today_option(today)
    with open_db(db) as store:
        files = write_export(store, fmt, out, day, _filter(ministry, party, member, since, until, lead_only))
    if as_json:
        _print_json({"format": fmt, "files": [str(f) for f in files]})
    else:
        for f in files:
            print(f"wrote {f}")


def follow_cmd(
    db: DbOption,
    kind: Annotated[str, typer.Argument(help="case, member, ministry or party.")],
    value: Annotated[str, typer.Argument(help="A zaak number, a member's name, a ministry, a party.")],
    as_json: JsonOption = False,
) -> None:
    """Follow a case, member, ministry or party (its feed: `kamervragen feed KIND:VALUE`)."""
    from kamervragen.procedure.alerts import follow

    with writing(db), open_db(db, create=True) as store:
        feed_name = follow(store, kind, value)
    if as_json:
        followed_kind, _, followed_value = feed_name.partition(":")
        _print_json({"following": feed_name, "kind": followed_kind, "value": followed_value})
    else:
        print(f"following {feed_name}")


def unfollow_cmd(
    db: DbOption,
    kind: Annotated[str, typer.Argument(help="case, member, ministry or party.")],
    value: Annotated[str, typer.Argument()],
    as_json: JsonOption = False,
) -> None:
    """Stop following a case, member, ministry or party."""
    from kamervragen.procedure.alerts import unfollow

    with writing(db), open_db(db) as store:
        if not unfollow(store, kind, value):
            raise UserError(f"not following {kind} {value!r}.")
    if as_json:
        _print_json({"unfollowed": f"{kind}:{value}", "kind": kind, "value": value})
    else:
        print(f"no longer following {kind}:{value}")


def feed(
    db: DbOption,
    target: Annotated[str, typer.Argument(help="case:ZAAK, member:NAME, ministry:NAME, party:NAME, search:NAME or all.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write the feed to this file instead of stdout.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries.")] = 100,
    today: TodayOption = None,
) -> None:
    """Print the Atom feed of a followed case, member, ministry, party or saved search."""
    from kamervragen.procedure.alerts import atom_feed

    with open_db(db) as store:
        data = atom_feed(store, target, today_option(today), limit=limit)
    if out:
        out.write_bytes(data)
        print(f"wrote {out}")
    else:
        sys.stdout.buffer.write(data)


alerts_app = typer.Typer(help="Saved searches, follows and what is new in them.", no_args_is_help=True)


@alerts_app.command("list")
def alerts_list(db: DbOption, as_json: JsonOption = False) -> None:
    """Everything followed and every saved search."""

    with open_db(db) as store:
        follows = [{"feed": f"{f.kind}:{f.value}", "kind": f.kind, "value": f.value, "since": f.created_at}
                   for f in store.list_follows()]
        searches = [{"feed": f"search:{x.name}", "name": x.name, "query": x.query, "since": x.created_at}
                    for x in store.list_saved_searches()]
    if as_json:
        _print_json({"follows": follows, "searches": searches})
        return
    for f in follows:
        print(f"{f['feed']}")
    for x in searches:
        print(f"{x['feed']}  ({x['query']})")
    if not follows and not searches:
        print("nothing followed; see `kamervragen follow --help` and `kamervragen alerts save --help`.")


@alerts_app.command("save")
def alerts_save(
    db: DbOption,
    name: Annotated[str, typer.Argument(help="A name for the search.")],
    query: Annotated[str, typer.Argument(help="The search, as `kamervragen search` takes it.")],
) -> None:
    """Save a search; its feed (`kamervragen feed search:NAME`) lists new questions matching it."""
    from kamervragen.procedure.alerts import save_search

    with writing(db), open_db(db, create=True) as store:
        print(f"saved {save_search(store, name, query)}")


@alerts_app.command("delete")
def alerts_delete(db: DbOption, name: Annotated[str, typer.Argument()]) -> None:
    """Delete a saved search."""

    with writing(db), open_db(db) as store:
        if not store.delete_saved_search(name):
            raise UserError(f"no saved search named {name!r}.")
    print(f"deleted search:{name}")


@alerts_app.command("check")
def alerts_check(
    db: DbOption,
    today: TodayOption = None,
    peek: Annotated[bool, typer.Option("--peek", help="Show what is new without marking it as seen.")] = False,
    as_json: JsonOption = False,
) -> None:
    """What is new in every follow and saved search since the last check (new questions, answers, cases
    turning overdue)."""
    from kamervragen.procedure.alerts import check_alerts

    with writing(db), open_db(db) as store:
        report = check_alerts(store, today_option(today), mark=not peek)
    if as_json:
        _print_json(report)
        return
    for item in report:
        print(f"{item['feed']}: {len(item['new'])} new")
        for e in item["new"]:
            print(f"  {e['date']}  {e['title']}")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the CLI."""
    app.command("status")(status)
    app.command("stats")(stats)
    app.command("export")(export)
    app.command("follow")(follow_cmd)
    app.command("unfollow")(unfollow_cmd)
    app.command("feed")(feed)
    app.add_typer(alerts_app, name="alerts")
