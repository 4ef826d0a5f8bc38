"""The answer kit: what is asked, by when, what was answered before, and the answer document in the
official layout (Markdown and .docx), optionally with drafted answers from a language model.

``build_kit`` (pure, in ``kit``) → optional ``llm.add_drafts`` → ``write_kit``; ``make_kit`` runs the
three for a file or a zaak (the CLI's ``answer-kit``). ``sources`` gathers
the inputs from the parser, store, clock and search.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kamervragen.answerkit.cite import Citation, rank_for_questions
from kamervragen.answerkit.kit import AnswerKit, Draft, build_kit
from kamervragen.answerkit.markdown import render_markdown
from kamervragen.answerkit.word import answer_docx, kit_docx
from kamervragen.config import is_postgres_url

if TYPE_CHECKING:
    from kamervragen.answerkit.llm import LLMConfig


def write_kit(kit: AnswerKit, out_dir: Path) -> list[Path]:
    """Write ``<zaak>-antwoordkit.md``, ``<zaak>-antwoordkit.docx`` and ``<zaak>-antwoord.docx``
    (the answer document alone) into ``out_dir``; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = kit.title
    md = out_dir / f"{base}-antwoordkit.md"
    md.write_text(render_markdown(kit), encoding="utf-8")
    full = out_dir / f"{base}-antwoordkit.docx"
    kit_docx(kit).save(str(full))
    answer = out_dir / f"{base}-antwoord.docx"
    answer_docx(kit).save(str(answer))
    return [md, full, answer]


def make_kit(target: str, *, db: str | None, out: Path, today: date, combine: Sequence[Sequence[int]] = (),
             reason: str | None = None, k: int = 3,
             llm: LLMConfig | None = None) -> tuple[AnswerKit, list[Path], str | None]:
    """Build and write the kit; returns (kit, written paths, language-model error or None). A database
    that does not exist is not created: the kit is then made without earlier answers."""
    from kamervragen.answerkit.llm import add_drafts
    from kamervragen.answerkit.sources import gather_kit

    store = None
    if db and (is_postgres_url(db) or Path(db).is_file()):
        from kamervragen.store import open_store

        store = open_store(db)
    try:
        kit = gather_kit(target, store, today=today, k=k, combine=combine, reason=reason)
    finally:
        if store is not None:
            store.close()
    error = add_drafts(kit, llm)
    return kit, write_kit(kit, out), error


__all__ = ["AnswerKit", "Citation", "Draft", "build_kit", "make_kit", "rank_for_questions",
           "render_markdown", "write_kit"]
