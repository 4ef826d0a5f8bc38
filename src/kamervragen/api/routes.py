"""The REST API under ``/api`` (OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``).

Read-only endpoints need nothing; endpoints that write to the database (loading documents, saved
searches, follows) need ``Authorization: Bearer <token>`` with the token the server was started with.
``/api/parse``, ``/api/similar`` and ``/api/answer-kit`` take a document in the request body and store
nothing. Bad parameters give 400 (or 422 from validation) with a message; unknown things 404.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from kamervragen.api import queries
from kamervragen.api.deps import BadInput, pool_of, require_token, today_of
from kamervragen.errors import UserError

router = APIRouter(prefix="/api")

DocumentBody = {
    "requestBody": {
        "required": True,
        "description": "The document: text (markdown, page text, HTML, XML) or bytes (PDF, DOCX).",
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many.")]
Offset = Annotated[int, Query(ge=0, le=100_000)]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
Today = Annotated[str | None, Query(max_length=10, description="Count from this day (YYYY-MM-DD) instead of today.")]
KEY_RE = re.compile(r"^(?:\d{4}Z\d{5}|\d{4}D\d{5}|L[0-9A-Za-z]{4,64}|(?:kv|ah|h)-tk-[0-9A-Za-z-]{4,40})$")


def _reader(request: Request) -> Any:
    return pool_of(request).reader()


def _generation(request: Request) -> int | None:
    return pool_of(request).generation()


async def _body(request: Request) -> bytes:
    return await request.body()


def _case_or_404(request: Request, key: str, today: date) -> dict[str, Any]:
    view = queries.case_view(_reader(request), key, today)
    if view is None:
        raise HTTPException(404, f"Zaak {key[:60]!r} staat niet in de database.")
    return view


# -- cases ------------------------------------------------------------------------------------------


@router.get("/cases", tags=["cases"], summary="Cases with their status, newest first, filtered")
def api_cases(request: Request, status: Text = None, ministry: Text = None, party: Text = None,
              member: Text = None, since: Day = None, until: Day = None, limit: Limit = 50, offset: Offset = 0,
              today: Today = None) -> dict[str, Any]:
    flt = queries.case_filter(status=status, ministry=ministry, party=party, member=member, since=since, until=until)
    return queries.list_cases(_reader(request), today_of(request), flt, limit=limit, offset=offset,
                              generation=_generation(request))


@router.get("/cases/{key}", tags=["cases"], summary="One case: status, due date, each question beside its answer, documents")
def api_case(request: Request, key: str, today: Today = None) -> dict[str, Any]:
    return _case_or_404(request, key, today_of(request))


@router.get("/cases/{key}/questions", tags=["questions"], summary="The questions of a case, each with its answer(s)")
def api_case_questions(request: Request, key: str, today: Today = None) -> list[dict[str, Any]]:
    return _case_or_404(request, key, today_of(request))["questions"]


@router.get("/cases/{key}/similar", tags=["similar"], summary="Earlier question sets on the same matter")
def api_case_similar(request: Request, key: str, k: Annotated[int, Query(ge=1, le=20)] = 5) -> dict[str, Any]:
    _case_or_404(request, key, today_of(request))
    return queries.similar_cases(_reader(request), key, k=k, generation=_generation(request))


def _kit_response(kit: Any, fmt: str) -> Response:
    from kamervragen.answerkit import render_markdown
    from kamervragen.answerkit.word import docx_bytes

    name = queries.kit_name(kit)
    if fmt == "docx":
        return Response(docx_bytes(kit), media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f'attachment; filename="{name}-antwoordkit.docx"'})
    return Response(render_markdown(kit), media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}-antwoordkit.md"'})


@router.get("/cases/{key}/answer-kit", tags=["answer kit"], summary="The answer kit of a stored case (Markdown or .docx)",
            response_class=Response, responses={200: {"content": {"text/markdown": {}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}})
def api_case_kit(request: Request, key: str, format: Literal["md", "docx"] = "md", today: Today = None) -> Response:
    view = _case_or_404(request, key, today_of(request))
    if not KEY_RE.match(view["key"]) or Path(view["key"]).exists():
        raise BadInput("Voor deze zaak kan geen antwoordkit worden gemaakt.")
    if not view["questions"]:
        raise BadInput("Deze zaak heeft geen vragen om te beantwoorden.")
    try:
        kit = queries.kit_for_case(_reader(request), view["key"], today_of(request))
    except UserError as exc:
        raise BadInput(str(exc)) from None
    return _kit_response(kit, format)


# -- documents --------------------------------------------------------------------------------------


@router.get("/documents", tags=["documents"], summary="Documents by public identifier, document number, zaak or source URL")
def api_documents(request: Request, identifier: Annotated[str, Query(min_length=1, max_length=300)]) -> list[dict[str, Any]]:
    return [queries.document_json(d) for d in _reader(request).find_documents(identifier)]


@router.get("/documents/{document_id}", tags=["documents"], summary="One document with its parsed parts")
def api_document(request: Request, document_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
    doc = _reader(request).get_document(document_id)
    if doc is None:
        raise HTTPException(404, f"Document {document_id} staat niet in de database.")
    data = doc.to_json()
    data.pop("sources", None)
    data["url"] = queries.official_url(doc)
    return data


@router.get("/documents/{document_id}/raw", tags=["documents"], summary="The document as received (a download)",
            response_class=Response)
def api_document_raw(request: Request, document_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> Response:
    raw = _reader(request).get_raw(document_id)
    if raw is None:
        raise HTTPException(404, f"Document {document_id} staat niet in de database.")
    # always a download: raw HTML of a source must never render on this site
    return Response(raw.data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="document-{document_id}"'})


class LoadResult(BaseModel):
    inserted: int
    updated: int
    unchanged: int
    failed: int
    failures: list[list[str]] = []


@router.post("/documents", tags=["documents"], summary="Load a document into the database (needs the token)",
             dependencies=[Depends(require_token)], openapi_extra=DocumentBody, response_model=LoadResult)
def api_load(request: Request, data: Annotated[bytes, Depends(_body)],
             source: Annotated[str, Query(min_length=1, max_length=300)] = "api-upload",
             url: Annotated[str | None, Query(max_length=500)] = None) -> dict[str, Any]:
    from kamervragen.model import LoadItem
    from kamervragen.store.loader import load_items

    if not data:
        raise BadInput("Het document is leeg.")
    item = LoadItem(data=data, source_path=source, source_url=queries.safe_url(url),
                    content_type=request.headers.get("content-type"))
    from rich.console import Console

    report = load_items(pool_of(request).store(), [item], total=1, console=Console(file=io.StringIO()))
    return dict(report.to_json(), failures=[list(f) for f in report.failures])


# -- parse, similar, answer kit for a new document (stores nothing, no token) ------------------------


@router.post("/parse", tags=["parse"], summary="Parse a document (the parse contract's JSON); stores nothing",
             openapi_extra=DocumentBody)
def api_parse(data: Annotated[bytes, Depends(_body)],
              source: Annotated[str, Query(max_length=300)] = "upload") -> dict[str, Any]:
    return queries.parse_upload(data, source).to_json()


@router.post("/similar", tags=["similar"], summary="Earlier question sets on the matter of a new document",
             openapi_extra=DocumentBody)
def api_similar(request: Request, data: Annotated[bytes, Depends(_body)],
                k: Annotated[int, Query(ge=1, le=20)] = 5) -> dict[str, Any]:
    from kamervragen.search.similar import find_similar

    parsed = queries.parse_upload(data)
    try:
        return find_similar(_reader(request), parsed, k=k).to_json()
    except UserError as exc:
        raise BadInput(str(exc)) from None


@router.post("/answer-kit", tags=["answer kit"], summary="The answer kit of a new questions document (Markdown or .docx)",
             openapi_extra=DocumentBody, response_class=Response)
def api_kit(request: Request, data: Annotated[bytes, Depends(_body)], format: Literal["md", "docx"] = "md",
            today: Today = None) -> Response:
    from kamervragen.answerkit.sources import gather_kit

    parsed = queries.parse_upload(data)
    if not parsed.questions:
        raise BadInput("Dit document bevat geen vragen om te beantwoorden.")
    try:
        kit = gather_kit(parsed, _reader(request), today=today_of(request))
    except UserError as exc:
        raise BadInput(str(exc)) from None
    return _kit_response(kit, format)


# -- search and statistics --------------------------------------------------------------------------


@router.get("/search", tags=["search"], summary="Full-text search with filters; snippets with highlight offsets")
def api_search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
               date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
               date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
               party: Text = None, member: Text = None, ministry: Text = None, status: Text = None,
               kind: Text = None, sort: Literal["relevance", "date"] = "relevance",
               page: Annotated[int, Query(ge=1, le=1000)] = 1, today: Today = None) -> dict[str, Any]:
    return queries.search_cases(_reader(request), q=q, date_from=date_from, date_to=date_to, party=party,
                                member=member, ministry=ministry, status=status, kind=kind, sort=sort, page=page,
                                today=today_of(request), generation=_generation(request))


@router.get("/stats", tags=["stats"], summary="Counts and answer times per ministry, party and year")
def api_stats(request: Request, today: Today = None) -> dict[str, Any]:
    return queries.stats_view(_reader(request), today_of(request), _generation(request))


@router.get("/groups/{kind}/{name:path}", tags=["stats"], summary="A member's, party's or ministry's cases and figures")
def api_group(request: Request, kind: Literal["member", "party", "ministry"],
              name: Annotated[str, PathParam(min_length=1, max_length=200)], today: Today = None) -> dict[str, Any]:
    return queries.group_view(_reader(request), kind, name, today_of(request), _generation(request))


# -- feeds and exports ------------------------------------------------------------------------------


@router.get("/feed", tags=["feeds"], summary="Atom feed of a case, member, ministry, party or saved search",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def api_feed(request: Request, target: Annotated[str, Query(min_length=1, max_length=300)],
             limit: Annotated[int, Query(ge=1, le=500)] = 100, today: Today = None) -> Response:
    from kamervragen.procedure.alerts import atom_feed

    queries.plain_text(target, "Het doel van de feed")
    if target == "all":
        raise BadInput("Gebruik case:ZAAK, member:NAAM, ministry:NAAM, party:NAAM of search:NAAM.")
    try:
        data = atom_feed(pool_of(request).store(), target, today_of(request), limit=limit, self_url=str(request.url))
    except (UserError, ValueError) as exc:
        raise BadInput(str(exc)) from None
    return Response(data, media_type="application/atom+xml; charset=utf-8")


@router.get("/export", tags=["exports"], summary="Cases, questions or answers as CSV or JSON Lines; open due dates as iCalendar",
            response_class=Response)
def api_export(request: Request, table: Literal["cases", "questions", "answers"] = "cases",
               format: Literal["csv", "jsonl", "ics"] = "csv", status: Text = None, ministry: Text = None,
               party: Text = None, member: Text = None, since: Day = None, until: Day = None,
               today: Today = None) -> Response:
    from kamervragen.procedure import export

    flt = queries.case_filter(status=status, ministry=ministry, party=party, member=member, since=since, until=until)
    day = today_of(request)
    store = _reader(request)
    if format == "ics":
        return Response(export.due_calendar(store, day, flt), media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="kamervragen.ics"'})
    rows = export.export_tables(store, day, flt)[table]
    columns = {"cases": export.CASE_COLUMNS, "questions": export.QUESTION_COLUMNS, "answers": export.ANSWER_COLUMNS}[table]
    if format == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        media = "application/x-ndjson; charset=utf-8"
    else:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (" | ".join(str(x) for x in v) if isinstance(v, list) else v) for k, v in r.items()})
        body, media = buf.getvalue(), "text/csv; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="kamervragen-{table}.{format}"'})


# -- saved searches and follows (writing needs the token) ---------------------------------------------


class SavedSearchIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    query: str = Field(min_length=1, max_length=500)


class FollowIn(BaseModel):
    kind: Literal["case", "member", "ministry", "party"]
    value: str = Field(min_length=1, max_length=200)


@router.get("/alerts", tags=["alerts"], summary="Follows and saved searches")
def api_alerts(request: Request) -> dict[str, Any]:
    store = pool_of(request).store()
    return {"follows": [{"feed": f"{f.kind}:{f.value}", "kind": f.kind, "value": f.value, "since": f.created_at}
                        for f in store.list_follows()],
            "searches": [{"feed": f"search:{x.name}", "name": x.name, "query": x.query, "since": x.created_at}
                         for x in store.list_saved_searches()]}


@router.post("/alerts/searches", tags=["alerts"], summary="Save a search (needs the token)", status_code=201,
             dependencies=[Depends(require_token)])
def api_save_search(request: Request, body: Annotated[SavedSearchIn, Body()]) -> dict[str, str]:
    from kamervragen.procedure.alerts import save_search

    queries.plain_text(body.name + body.query, "De zoekvraag")
    try:
        return {"feed": save_search(pool_of(request).store(), body.name, body.query)}
    except UserError as exc:
        raise BadInput(str(exc)) from None


@router.delete("/alerts/searches/{name}", tags=["alerts"], summary="Delete a saved search (needs the token)",
               dependencies=[Depends(require_token)])
def api_delete_search(request: Request, name: Annotated[str, PathParam(min_length=1, max_length=100)]) -> dict[str, bool]:

    if not pool_of(request).store().delete_saved_search(name):
        raise HTTPException(404, f"Geen opgeslagen zoekvraag {name[:60]!r}.")
    return {"deleted": True}


@router.post("/alerts/follows", tags=["alerts"], summary="Follow a case, member, ministry or party (needs the token)",
             status_code=201, dependencies=[Depends(require_token)])
def api_follow(request: Request, body: Annotated[FollowIn, Body()]) -> dict[str, str]:
    from kamervragen.procedure.alerts import follow

    queries.plain_text(body.value, "De naam")
    try:
        return {"feed": follow(pool_of(request).store(), body.kind, body.value)}
    except UserError as exc:
        raise BadInput(str(exc)) from None


@router.delete("/alerts/follows/{kind}/{value}", tags=["alerts"], summary="Stop following (needs the token)",
               dependencies=[Depends(require_token)])
def api_unfollow(request: Request, kind: Literal["case", "member", "ministry", "party"],
                 value: Annotated[str, PathParam(min_length=1, max_length=200)]) -> dict[str, bool]:
    from kamervragen.procedure.alerts import unfollow

    try:
        if not unfollow(pool_of(request).store(), kind, value):
            raise HTTPException(404, f"{kind}:{value[:60]} wordt niet gevolgd.")
    except UserError as exc:
        raise BadInput(str(exc)) from None
    return {"deleted": True}


@router.get("/health", tags=["meta"], summary="Liveness and database counts")
def api_health(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True, "counts": pool_of(request).reader().counts()})
