"""CLI commands of the store stage: ``load``, ``reparse``, ``show``, ``failed``, ``links``."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from kamervragen.commands._common import DbOption, JsonOption, TodayOption, open_db, today_option, writing
from kamervragen.errors import UserError
from kamervragen.model import Case, LoadReport


def _print_report(report: LoadReport, as_json: bool, verb: str) -> None:
    if as_json:
        for source, error in report.failures:
            sys.stdout.write(json.dumps({"source": source, "error": error}, ensure_ascii=False) + "\n")
        for source, what in report.changes:
            sys.stdout.write(json.dumps({"source": source, "change": what}, ensure_ascii=False) + "\n")
        for issue in report.link_issues:
            sys.stdout.write(json.dumps({"source": issue.source, "uncertain_link": issue.reason,
                                         "candidates": issue.candidates}, ensure_ascii=False) + "\n")
        sys.stdout.write(json.dumps(report.to_json()) + "\n")  # always the last line
        return
    out = Console()
    for source, error in report.failures:
        out.print(f"[red]failed[/red] {source}: {error}", highlight=False)
    for source, what in report.changes:
        out.print(f"[yellow]updated[/yellow] {source}: {what}", highlight=False)
    for issue in report.link_issues:
        out.print(f"[magenta]uncertain link[/magenta] {issue.source}: {issue.reason}"
                  f" (candidates: {', '.join(issue.candidates)}; given a case of its own)", highlight=False)
    out.print(f"{verb}: {report.inserted} inserted, {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.failed} failed", highlight=False)


def _clock(case: Case, today: str | None) -> dict[str, Any]:
    """Status, due date, days, postponements and requested dates of the case (the procedure clock)."""
    from kamervragen.procedure.cases import case_clock_json

    return case_clock_json(case, today_option(today))


def _answers_by_question(case: Case) -> dict[int, list[str]]:
    """Question number → the answer texts given to it (answers, then nader antwoorden)."""
    from kamervragen.procedure.cases import answers_of_questions

    by_question, _ = answers_of_questions(case)
    return {n: [a.text for _, a in pairs] for n, pairs in by_question.items()}


def _show_text(case: Case, clock: dict[str, Any]) -> None:
    out = Console(highlight=False)
    title = case.zaak or f"{case.key} (local key: zaak number not known yet)"
    out.print(f"[bold]{title}[/bold]  {case.subject or ''}")
    if case.submitted:
        out.print(f"submitted {case.submitted}")
    if clock.get("due"):
        out.print(f"status {clock['status']}, due {clock['due']}"
                  + (f", answered {clock['answered']}" if clock.get("answered") else ""))
    if case.askers:
        out.print("asked by " + ", ".join(f"{a.name} ({a.party})" if a.party else a.name for a in case.askers))
    if case.addressees:
        out.print("to " + ", ".join(case.addressees))
    for flag in case.flags:
        out.print(f"[red]! {flag.flag}[/red]: {flag.detail}")
    out.print()
    for d in case.documents:
        ident = d.publication or d.document_number or d.key
        label = d.kind + (" (supplementary)" if d.supplementary else "")
        dates = ", ".join(x for x in (f"submitted {d.submitted}" if d.submitted else "",
                                      f"received {d.received}" if d.received else "") if x)
        out.print(f"[bold]{label}[/bold] {ident}  {dates}{'  [red]removed at source[/red]' if d.removed else ''}")
        for r in d.respondents:
            out.print(f"  {'on behalf of' if r.on_behalf else 'by'} {r.role}{' ' + r.name if r.name else ''}")
        for s in d.sources:
            out.print(f"  source {s.url or s.path}{' (shown)' if s.primary else ''}")
        for ref in d.references:
            out.print(f"  refers to {ref}")
    answers = _answers_by_question(case)
    if case.questions:
        out.print()
    for q in case.questions:
        out.print(f"[bold]Vraag {q.number}[/bold] {q.text}")
        for text in answers.get(q.number, []):
            out.print(f"  [green]Antwoord[/green] {text}")
    notes = [f for d in case.documents for f in d.footnotes]
    if notes:
        out.print()
        for f in notes:
            out.print(f"[dim]{f.number}[/dim] {f.text}")


def register(app: typer.Typer) -> None:
    @app.command()
    def load(
        db: DbOption,
        paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to load.")] = None,
        sample: Annotated[bool, typer.Option("--sample", help="Load the bundled sample corpus.")] = False,
        as_json: JsonOption = False,
        workers: Annotated[int | None, typer.Option(
            "--workers", min=1, max=32,
            help="Parser processes (default: one per core for large loads, none for small ones).")] = None,
    ) -> None:
        """Load documents (files or folders, any form) into the database; idempotent."""
        from kamervragen.store.loader import SAMPLE_DIR, load_paths

        targets = list(paths or [])
        if sample:
            targets.insert(0, str(SAMPLE_DIR / "docs"))
        if not targets:
            raise UserError("Give files or folders to load, or --sample for the bundled corpus.")
        with writing(db), open_db(db, create=True) as store:
            report = load_paths(store, targets, workers=workers)
        _print_report(report, as_json, "loaded")

    @app.command()
    def reparse(db: DbOption, as_json: JsonOption = False) -> None:
        """Parse every stored raw document again with the current parser and report what changed."""
        from kamervragen.store.loader import reparse as run_reparse

        with writing(db), open_db(db, create=True) as store:
            report = run_reparse(store)
        _print_report(report, as_json, "reparsed")

    @app.command()
    def show(
        db: DbOption,
        zaak: Annotated[str, typer.Argument(help="Zaak number, local key, or a document's public identifier.")],
        as_json: JsonOption = False,
        today: TodayOption = None,
    ) -> None:
        """A case with all its documents, each question beside its answer, footnotes, references."""
        with open_db(db) as store:
            case = store.get_case(zaak)
        if case is None:
            raise UserError(f"No case {zaak} in the database.")
        clock = _clock(case, today)
        if as_json:
            data = case.to_json()
            data.update(clock)  # "status", "due": "YYYY-MM-DD", days, postponement, requested dates
            answers = _answers_by_question(case)
            data["pairs"] = [{"number": q.number, "question": q.text, "answers": answers.get(q.number, [])}
                             for q in case.questions]
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            _show_text(case, clock)

    @app.command()
    def failed(db: DbOption, as_json: JsonOption = False) -> None:
        """Documents kept raw because they could not be parsed, with the error."""
        with open_db(db) as store:
            rows = store.list_failed()
        if as_json:
            for f in rows:
                sys.stdout.write(json.dumps({"source": f.source_path, "url": f.source_url, "error": f.error,
                                             "checksum": f.checksum, "parser_version": f.parser_version},
                                            ensure_ascii=False) + "\n")
            return
        out = Console(highlight=False)
        for f in rows:
            out.print(f"{f.source_path or f.source_url}: {f.error}")
        out.print(f"{len(rows)} document(s) kept raw without a parse.")

    @app.command()
    def links(db: DbOption, as_json: JsonOption = False) -> None:
        """Documents whose case is uncertain (linked by text without a clear match), with the candidates."""
        with open_db(db) as store:
            issues = store.list_link_issues()
        if as_json:
            for i in issues:
                sys.stdout.write(json.dumps({"document": i.document_key, "source": i.source, "reason": i.reason,
                                             "candidates": i.candidates}, ensure_ascii=False) + "\n")
            return
        out = Console(highlight=False)
        for i in issues:
            out.print(f"{i.source or i.document_key}: {i.reason}; candidates {', '.join(i.candidates)}")
        out.print(f"{len(issues)} uncertain link(s).")
