"""Drafted answers against the fake OpenAI-compatible endpoint on 127.0.0.1 (tests/support/fake_llm.py)."""

from __future__ import annotations

import socket
from datetime import date

import pytest

from kamervragen.answerkit import build_kit, render_markdown
from kamervragen.answerkit.llm import (
    ENV_MODEL,
    ENV_URL,
    LLMConfig,
    add_drafts,
    keep_citations,
    llm_config,
)
from kamervragen.errors import UserError
from kamervragen.procedure.clock import compute_clock
from tests.support.fake_llm import FakeLLM

from .helpers import NUCTECH_COUNT, OLDER_NUCTECH, seed_doc

REPLY = ("Douanebreed wordt gewerkt met ongeveer 100 scanners, waarvan ruim 70 van Nuctech. "
         "[ah-tk-20232024-99, vraag 2]\n\n"
         "Er zijn geen recentere cijfers bekend.\n\n"
         "Zie ook de brief van vorig jaar [ah-tk-20212022-4242, vraag 9].")


def kit():
    doc = seed_doc()
    return build_kit(doc, today=date(2024, 2, 20), clock=compute_clock(doc.submitted, today="2024-02-20"),
                     citations={2: [NUCTECH_COUNT, OLDER_NUCTECH]})


def test_prompt_holds_only_the_question_and_cited_answers():
    k = kit()
    with FakeLLM(reply=REPLY) as llm:
        error = add_drafts(k, LLMConfig(url=llm.url, model="fake-model", timeout=5))
    assert error is None
    assert len(llm.requests) == 1  # only question 2 has earlier answers to draft from
    assert llm.paths == ["/v1/chat/completions"]
    body = llm.requests[0]
    assert body["model"] == "fake-model"
    user = body["messages"][-1]["content"]
    assert "Hoeveel Nuctech veiligheidsscanners worden momenteel ingezet door de Nederlandse douane?" in user
    assert "[ah-tk-20232024-99, vraag 2]" in user and "Daarvan zijn er ruim 70 van leverancier Nuctech." in user
    assert "[ah-tk-20192020-1000, vraag 4]" in user
    prompt = " ".join(m["content"] for m in body["messages"])
    for absent in ("Michon-Derkzen", "VVD", "2024Z01911", "Vraag 3", "België", "Opinie"):
        assert absent not in prompt
    assert "Authorization" not in llm.headers[0]


def test_every_paragraph_keeps_its_citations_and_is_marked_draft():
    k = kit()
    with FakeLLM(reply=REPLY) as llm:
        add_drafts(k, LLMConfig(url=llm.url + "/v1", model="fake-model", timeout=5))
    draft = k.groups[1].draft
    assert draft is not None and draft.model == "fake-model"
    assert all(g.draft is None for i, g in enumerate(k.groups) if i != 1)
    assert draft.paragraphs[0].endswith("[ah-tk-20232024-99, vraag 2]")
    # a paragraph without a source gets the answer's citations
    assert draft.paragraphs[1] == ("Er zijn geen recentere cijfers bekend. "
                                   "[ah-tk-20232024-99, vraag 2; ah-tk-20192020-1000, vraag 4]")
    # a source that was not given is removed, and the kit says so
    assert "4242" not in " ".join(draft.paragraphs)
    assert any("ah-tk-20212022-4242" in n for n in k.notices)
    md = render_markdown(k)
    assert "> **CONCEPT**" in md and "*CONCEPT – opgesteld door een taalmodel (fake-model)" in md


def test_keep_citations_splits_paragraphs():
    paragraphs, invented = keep_citations("A [ah-tk-20232024-99, vraag 2].\n\n\nB", [NUCTECH_COUNT])
    assert paragraphs == ["A [ah-tk-20232024-99, vraag 2].", "B [ah-tk-20232024-99, vraag 2]"]
    assert invented == []


def test_timeout_gives_a_clear_message_and_no_drafts():
    k = kit()
    with FakeLLM(reply=REPLY, delay=5) as llm:
        error = add_drafts(k, LLMConfig(url=llm.url, model="m", timeout=0.3))
    assert error is not None and "did not answer within 0.3 seconds" in error
    assert not k.has_drafts
    assert any(n.startswith("Geen conceptantwoorden: het taalmodel") for n in k.notices)
    assert "Geen conceptantwoorden" in render_markdown(k)


@pytest.mark.parametrize("status, raw, expected", [
    (500, None, "answered HTTP 500"),
    (200, b"not json", "not a chat completion"),
    (200, b'{"choices": []}', "not a chat completion"),
])
def test_http_errors_and_bad_replies(status, raw, expected):
    k = kit()
    with FakeLLM(status=status, raw_body=raw) as llm:
        error = add_drafts(k, LLMConfig(url=llm.url, model="m", timeout=5))
    assert error is not None and expected in error
    assert not k.has_drafts


def test_unreachable_endpoint():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    k = kit()
    error = add_drafts(k, LLMConfig(url=f"http://127.0.0.1:{port}", model="m", timeout=2))
    assert error is not None and "cannot be reached" in error
    assert not k.has_drafts


def test_api_key_is_sent_as_bearer():
    with FakeLLM(reply=REPLY) as llm:
        add_drafts(kit(), LLMConfig(url=llm.url, model="m", api_key="secret", timeout=5))
    assert llm.headers[0]["Authorization"] == "Bearer secret"


def test_configuration():
    assert llm_config(env={}) is None
    cfg = llm_config(env={ENV_URL: "http://127.0.0.1:11434", ENV_MODEL: "qwen"})
    assert cfg is not None and cfg.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    assert llm_config(url="http://h/v1/chat/completions", model="m", env={}).endpoint == \
        "http://h/v1/chat/completions"
    with pytest.raises(UserError):
        llm_config(env={ENV_URL: "http://127.0.0.1:11434"})
    with pytest.raises(UserError):
        llm_config(url="ftp://x", model="m", env={})


def test_without_configuration_nothing_is_sent(monkeypatch, tmp_path):
    """No URL and no model: no socket is even opened (every connect attempt fails the test)."""
    from kamervragen.answerkit import make_kit

    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.delenv(ENV_MODEL, raising=False)
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("kamervragen.answerkit.sources.parse_file", lambda path: seed_doc())
    seed = tmp_path / "2024Z01911.md"
    seed.write_text("stand-in; parse_file is replaced", encoding="utf-8")
    k, paths, error = make_kit(str(seed), db=str(tmp_path / "absent.sqlite3"), out=tmp_path / "out",
                               today=date(2024, 2, 20), llm=llm_config())
    assert error is None and not k.has_drafts and len(paths) == 3
    assert add_drafts(k, None) is None
    assert attempts == []


def test_combined_answer_gets_one_prompt_with_both_questions():
    doc = seed_doc()
    k = build_kit(doc, today=date(2024, 2, 20), combine=[[2, 3]],
                  citations={2: [NUCTECH_COUNT], 3: [OLDER_NUCTECH]})
    with FakeLLM(reply="Antwoord op beide. [ah-tk-20192020-1000, vraag 4]") as llm:
        add_drafts(k, LLMConfig(url=llm.url, model="m", timeout=5))
    assert len(llm.requests) == 1
    user = llm.requests[0]["messages"][-1]["content"]
    assert "Vraag 2:" in user and "Vraag 3:" in user and "vraag 2 en 3" in user
    assert k.groups[1].heading == "Antwoord 2 en 3" and k.groups[1].draft is not None
