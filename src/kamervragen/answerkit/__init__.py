"""The answer kit: what is asked, by when, what was answered before, and the answer document in the
official layout (Markdown and .docx), optionally with drafted answers from a language model.

``build_kit`` (pure, in ``kit``) → optional ``llm.add_drafts`` → ``write_kit``. ``sources`` gathers
the inputs from the parser, store, clock and search.
"""

from __future__ import annotations

from pathlib import Path

from kamervragen.answerkit.cite import Citation, rank_for_questions
from kamervragen.answerkit.kit import AnswerKit, Draft, build_kit
from kamervragen.answerkit.markdown import render_markdown
from kamervragen.answerkit.word import answer_docx, kit_docx


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


__all__ = ["AnswerKit", "Citation", "Draft", "build_kit", "rank_for_questions",
           "render_markdown", "write_kit"]
