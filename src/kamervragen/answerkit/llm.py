"""Drafted answers from a language model behind an OpenAI-compatible endpoint (Ollama, vLLM, …).

Off by default: without a URL and a model name (``--llm-url``/``--llm-model`` or
``$KAMERVRAGEN_LLM_URL``/``$KAMERVRAGEN_LLM_MODEL``) nothing is sent anywhere. The prompt holds only
the question(s) of one answer and the earlier questions/answers cited for them — no names, no other
questions — and the model is asked to end every paragraph with its sources. Every paragraph of the
reply keeps citations: markers naming sources that were not given are removed, and a paragraph left
without any gets the group's citations appended. A timeout, an HTTP error or a malformed reply
leaves the kit without drafts and says why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from kamervragen.answerkit.cite import Citation
from kamervragen.answerkit.kit import AnswerGroup, AnswerKit, Draft, KitQuestion
from kamervragen.errors import UserError

ENV_URL = "KAMERVRAGEN_LLM_URL"
ENV_MODEL = "KAMERVRAGEN_LLM_MODEL"
ENV_KEY = "KAMERVRAGEN_LLM_API_KEY"
ENV_TIMEOUT = "KAMERVRAGEN_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
MAX_SOURCE_CHARS = 2500  # of each cited answer, to keep the prompt within small context windows

SYSTEM_PROMPT = (
    "Je bent beleidsmedewerker bij een Nederlands ministerie en schrijft een conceptantwoord op een "
    "schriftelijke Kamervraag, in de stijl van de Aanhangsel van de Handelingen: zakelijk, in de "
    "ik-vorm van de bewindspersoon. Gebruik uitsluitend de feiten uit de gegeven eerdere antwoorden; "
    "verzin geen cijfers, data of toezeggingen. Als de bronnen de vraag niet beantwoorden, zeg dat en "
    "geef aan welke informatie nog nodig is. Sluit elke alinea af met de bron(nen) waarop zij steunt, "
    "tussen vierkante haken en precies zoals gegeven, bijvoorbeeld [ah-tk-20232024-99, vraag 2]. "
    "Schrijf alleen de tekst van het antwoord, zonder kop."
)

MARKER_RE = re.compile(r"\[\s*([a-z]+(?:-[a-z]+)*-[0-9A-Za-z][\w-]*?)(?:\s*,\s*vraag\s+(\d+))?\s*\]",
                       re.IGNORECASE)


class LLMError(Exception):
    """The language model could not give a draft; the message is one sentence, ``dutch`` the same
    for the kit itself."""

    def __init__(self, message: str, dutch: str) -> None:
        super().__init__(message)
        self.dutch = dutch


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        """``http://host:11434`` / ``…/v1`` / ``…/v1/chat/completions`` → the chat completions URL."""
        url = self.url.rstrip("/")
        if url.endswith("/chat/completions"):
            return url
        if url.endswith("/v1"):
            return url + "/chat/completions"
        return url + "/v1/chat/completions"


def llm_config(url: str | None = None, model: str | None = None, api_key: str | None = None,
               timeout: float | None = None, env: Mapping[str, str] | None = None) -> LLMConfig | None:
    """The configuration from options, else the environment; None (drafting off) when neither gives
    a URL and a model. Raises UserError when only one of the two is given or the URL is not http(s)."""
    env = os.environ if env is None else env
    url = url or env.get(ENV_URL) or None
    model = model or env.get(ENV_MODEL) or None
    if not url and not model:
        return None
    if not url or not model:
        raise UserError(f"Drafting needs both a language-model URL (--llm-url or ${ENV_URL}) "
                        f"and a model name (--llm-model or ${ENV_MODEL}).")
    if not url.startswith(("http://", "https://")):
        raise UserError(f"The language-model URL must start with http:// or https:// (got {url!r}).")
    if timeout is None:
        try:
            timeout = float(env.get(ENV_TIMEOUT) or DEFAULT_TIMEOUT)
        except ValueError as exc:
            raise UserError(f"${ENV_TIMEOUT} must be a number of seconds.") from exc
    if timeout <= 0:
        raise UserError("The language-model timeout must be more than 0 seconds.")
    return LLMConfig(url=url, model=model, api_key=api_key or env.get(ENV_KEY) or None, timeout=timeout)


def _clip(text: str, limit: int = MAX_SOURCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def prompt_messages(questions: list[KitQuestion], citations: list[Citation]) -> list[dict[str, str]]:
    """The chat messages for one answer: only its question(s) and the cited earlier answers."""
    parts = []
    for q in questions:
        parts.append(f"Vraag {q.number}:\n{q.text}")
    parts.append("Eerdere vragen en antwoorden (bronnen):")
    for c in citations:
        when = f" (antwoord ontvangen {c.date})" if c.date else ""
        block = f"[{c.label}]{when}\nVraag: {_clip(c.question_text)}"
        if c.answer_text:
            block += f"\nAntwoord: {_clip(c.answer_text)}"
        parts.append(block)
    numbers = " en ".join(str(q.number) for q in questions)
    parts.append(f"Schrijf een conceptantwoord op vraag {numbers}. Sluit elke alinea af met de bron(nen) "
                 "tussen vierkante haken.")
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "\n\n".join(parts)}]


def keep_citations(reply: str, citations: list[Citation]) -> tuple[list[str], list[str]]:
    """Split the reply into paragraphs, each ending in known citations. Returns (paragraphs, labels
    the model made up and that were removed)."""
    known = {(c.identifier.lower(), c.question) for c in citations}
    fallback = "[" + "; ".join(c.label for c in citations) + "]"
    invented: list[str] = []
    paragraphs: list[str] = []
    for raw in re.split(r"\n\s*\n", reply.strip()):
        text = " ".join(raw.split())
        if not text:
            continue
        found = False

        def check(m: re.Match[str]) -> str:
            nonlocal found
            key = (m.group(1).lower(), int(m.group(2)) if m.group(2) else None)
            if key in known:
                found = True
                return m.group(0)
            invented.append(m.group(0))
            return ""

        text = re.sub(r"\s{2,}", " ", MARKER_RE.sub(check, text)).strip()
        if not text:
            continue
        paragraphs.append(text if found else f"{text} {fallback}")
    return paragraphs, invented


def request_reply(client: httpx.Client, config: LLMConfig, messages: list[dict[str, str]]) -> str:
    """One chat completion; every failure becomes an LLMError with one clear sentence."""
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body = {"model": config.model, "messages": messages, "temperature": 0.2, "stream": False}
    try:
        response = client.post(config.endpoint, json=body, headers=headers, timeout=config.timeout)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except httpx.TimeoutException as exc:
        raise LLMError(f"The language model at {config.endpoint} did not answer within "
                       f"{config.timeout:g} seconds.",
                       f"het taalmodel ({config.endpoint}) antwoordde niet binnen {config.timeout:g} seconden.") from exc
    except httpx.HTTPStatusError as exc:
        code = exc.response.status_code
        raise LLMError(f"The language model at {config.endpoint} answered HTTP {code}.",
                       f"het taalmodel ({config.endpoint}) gaf HTTP-fout {code}.") from exc
    except httpx.HTTPError as exc:
        raise LLMError(f"The language model at {config.endpoint} cannot be reached ({exc}).",
                       f"het taalmodel ({config.endpoint}) is niet bereikbaar.") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"The language model at {config.endpoint} gave a reply that is not a chat "
                       "completion.", f"het taalmodel ({config.endpoint}) gaf een onleesbaar antwoord.") from exc
    if not isinstance(content, str) or not content.strip():
        raise LLMError(f"The language model at {config.endpoint} gave an empty reply.",
                       f"het taalmodel ({config.endpoint}) gaf een leeg antwoord.")
    return content


def draft_group(client: httpx.Client, config: LLMConfig, kit: AnswerKit, group: AnswerGroup) -> Draft | None:
    """The draft of one answer, or None when no earlier *answer* is cited for its questions (nothing
    to base a draft on; earlier questions that were never answered are not sent)."""
    citations = [c for c in group.citations(kit) if c.answer_text]
    if not citations:
        return None
    questions = [kit.question(n) for n in group.questions]
    reply = request_reply(client, config, prompt_messages(questions, citations))
    paragraphs, invented = keep_citations(reply, citations)
    if invented:
        kit.notices.append(f"In het concept bij {group.heading.lower()} zijn bronnen weggelaten die niet "
                           f"waren aangereikt: {', '.join(invented)}.")
    return Draft(paragraphs=paragraphs, citations=citations, model=config.model) if paragraphs else None


def add_drafts(kit: AnswerKit, config: LLMConfig | None, *,
               transport: httpx.BaseTransport | None = None) -> str | None:
    """Fill the kit's answers with drafts. Returns None on success, or the error (one sentence) after
    which the kit is left without any draft (and says so in its notices). ``config`` None does nothing."""
    if config is None:
        return None
    try:
        with httpx.Client(transport=transport, timeout=config.timeout, trust_env=False) as client:
            drafts = [draft_group(client, config, kit, g) for g in kit.groups]
    except LLMError as exc:
        for g in kit.groups:
            g.draft = None
        kit.notices.append(f"Geen conceptantwoorden: {exc.dutch}")
        return str(exc)
    for g, d in zip(kit.groups, drafts, strict=True):
        g.draft = d
    skipped = [g.heading.lower() for g, d in zip(kit.groups, drafts, strict=True) if d is None]
    if skipped and len(skipped) < len(kit.groups):
        kit.notices.append("Geen concept bij " + ", ".join(skipped)
                           + ": er zijn geen eerdere antwoorden gevonden om op te steunen.")
    elif skipped:
        kit.notices.append("Geen conceptantwoorden: er zijn geen eerdere antwoorden gevonden om op te steunen.")
    return None
