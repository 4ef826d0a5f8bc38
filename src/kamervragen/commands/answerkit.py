"""``kamervragen answer-kit``: the answer kit of one questions document (Markdown + .docx)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kamervragen.commands._common import DbOption, JsonOption, TodayOption, today_option
from kamervragen.errors import UserError

if TYPE_CHECKING:
    from kamervragen.procedure.clock import Clock


def _combinations(values: list[str]) -> list[list[int]]:
    out = []
    for value in values:
        try:
            numbers = [int(x) for x in value.replace(" ", "").split(",") if x]
        except ValueError as exc:
            raise UserError(f"--combine takes question numbers like 2,3 (got {value!r}).") from exc
        if len(numbers) < 2:
            raise UserError(f"--combine needs at least two question numbers (got {value!r}).")
        out.append(numbers)
    return out


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _clock_state(clock: Clock, days_left: int | None, status: str | None = None) -> str:
    """Where the case stands: answered (when, in how many days, on time or late), withdrawn, or due."""
    due = clock.due.isoformat()
    if clock.answered is not None:
        timing = "on time" if clock.on_time else f"{_days(clock.days_overdue or 0)} late"
        return (f"answered {clock.answered.isoformat()} in {_days(clock.days_taken or 0)}"
                f" ({timing}; due {due})")
    if clock.withdrawn is not None:
        return f"withdrawn {clock.withdrawn.isoformat()} (was due {due})"
    if status in ("answered", "answered_late", "withdrawn"):  # closed by a document without a date
        return f"{status.replace('_late', '')} on an unknown date (was due {due})"
    if days_left is None or days_left >= 0:
        return f"due {due} ({_days(days_left or 0)} left)"
    return f"due {due} ({_days(-days_left)} late)"


def register(app: typer.Typer) -> None:
    @app.command("answer-kit")
    def answer_kit(
        target: Annotated[str, typer.Argument(metavar="FILE|ZAAK",
                                              help="A questions document, or a zaak number in the database.")],
        db: DbOption,
        out: Annotated[Path, typer.Option("--out", help="Folder to write the kit into.")] = Path("."),
        today: TodayOption = None,
        as_json: JsonOption = False,
        combine: Annotated[list[str], typer.Option(
            "--combine", help="Answer questions together, e.g. --combine 2,3 gives \"Antwoord 2 en 3\".")] = [],  # noqa: B006
        reason: Annotated[str | None, typer.Option("--reason", help="Reason for the postponement notice.")] = None,
        citations: Annotated[int, typer.Option("--citations", min=0, max=20,
                                               help="Earlier answers to cite per question.")] = 3,
        llm_url: Annotated[str | None, typer.Option(
            "--llm-url", help="OpenAI-compatible endpoint for drafted answers (default $KAMERVRAGEN_LLM_URL; "
                              "off when not set).")] = None,
        llm_model: Annotated[str | None, typer.Option(
            "--llm-model", help="Model name for drafted answers (default $KAMERVRAGEN_LLM_MODEL).")] = None,
        llm_timeout: Annotated[float | None, typer.Option(
            "--llm-timeout", help="Seconds to wait for each draft (default $KAMERVRAGEN_LLM_TIMEOUT or 120).")] = None,
        llm_key: Annotated[str | None, typer.Option(
            "--llm-api-key", help="Bearer key, if the endpoint wants one (default $KAMERVRAGEN_LLM_API_KEY).")] = None,
    ) -> None:
        """Write the answer kit: questions, due date, earlier answers, answer document, postponement notice."""
        from kamervragen.answerkit import make_kit
        from kamervragen.answerkit.llm import llm_config

        config = llm_config(url=llm_url, model=llm_model, api_key=llm_key, timeout=llm_timeout)
        kit, paths, error = make_kit(target, db=db, out=out, today=today_option(today),
                                     combine=_combinations(combine), reason=reason, k=citations, llm=config)
        if error:
            print(f"kamervragen: {error} The kit was written without drafts.", file=sys.stderr)
        if as_json:
            data = kit.to_json() | {"files": [str(p) for p in paths], "llm_error": error}
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            return
        for p in paths:
            print(p)
        if kit.clock is not None:
            print(f"{_clock_state(kit.clock, kit.days_left, kit.status)}; "
                  f"earlier answers cited: {sum(len(q.citations) for q in kit.questions)}"
                  + ("; drafts: " + str(sum(1 for g in kit.groups if g.draft)) if config else ""))
