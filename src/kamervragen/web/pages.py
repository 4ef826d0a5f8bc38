"""The Dutch pages: server-rendered, no JavaScript needed. Each route calls one function of
``kamervragen.api.queries`` (the same ones the API uses) and renders a template."""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kamervragen.api import queries
from kamervragen.api.deps import BadInput, pool_of, settings_of, today_of, token_matches
from kamervragen.api.messages import dutch
from kamervragen.model import ParsedDocument
from kamervragen.web import charts

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=500)]
MAX_PASTE = 2_000_000


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, today=today_of(request).isoformat(),
                                             writable=bool(settings_of(request).token), **context)
    return HTMLResponse(html, status_code=status)


def _reader(request: Request) -> Any:
    return pool_of(request).reader()


def _gen(request: Request) -> int | None:
    return pool_of(request).generation()


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    data = queries.home_view(_reader(request), today_of(request), _gen(request))
    return _render(request, "home.html", data=data)


@router.get("/zoeken", response_class=HTMLResponse)
def search_page(request: Request, q: Text = "", van: Annotated[str, Query(max_length=10)] = "",
                tot: Annotated[str, Query(max_length=10)] = "", partij: Text = "", lid: Text = "",
                ministerie: Text = "", status: Annotated[str, Query(max_length=40)] = "",
                soort: Annotated[str, Query(max_length=40)] = "",
                sorteer: Annotated[str, Query(max_length=20)] = "relevance",
                pagina: Annotated[int, Query(ge=1, le=1000)] = 1) -> HTMLResponse:
    form = {"q": q, "van": van, "tot": tot, "partij": partij, "lid": lid, "ministerie": ministerie,
            "status": status, "soort": soort, "sorteer": sorteer}
    try:
        result = queries.search_cases(_reader(request), q=q, date_from=van, date_to=tot, party=partij, member=lid,
                                      ministry=ministerie, status=status, kind=soort, sort=sorteer, page=pagina,
                                      today=today_of(request), generation=_gen(request))
        error = None
    except BadInput as exc:
        result, error = None, dutch(str(exc))
    from kamervragen.procedure.clock import STATUSES

    base = {k: v for k, v in form.items() if v}
    return _render(request, "search.html", status=400 if error else 200, form=form, result=result, error=error,
                   statuses=STATUSES, kinds=queries.SEARCH_KINDS, page=pagina, base=base,
                   parties=_parties(), ministries=_ministries())


def _parties() -> list[str]:
    from kamervragen.search.filters import _table

    try:
        return sorted({p["name"] for p in _table("parties.json")["parties"]})
    except (KeyError, OSError, ValueError):
        return []


def _ministries() -> list[str]:
    from kamervragen.search.filters import _table

    try:
        return sorted({m["name"] for m in _table("ministries.json")["ministries"]})
    except (KeyError, OSError, ValueError):
        return []


@router.get("/zaak/{key}", response_class=HTMLResponse)
def case_page(request: Request, key: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    today = today_of(request)
    view = queries.case_view(_reader(request), key, today)
    if view is None:
        raise HTTPException(404, f"Zaak {key[:60]} staat niet in de database.")
    similar = queries.similar_cases(_reader(request), view["key"], k=5, generation=_gen(request))
    return _render(request, "case.html", case=view, similar=similar)


def _group(request: Request, kind: str, name: str) -> HTMLResponse:
    data = queries.group_view(_reader(request), kind, name, today_of(request), _gen(request))
    return _render(request, "group.html", data=data)


@router.get("/lid/{name:path}", response_class=HTMLResponse)
def member_page(request: Request, name: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    return _group(request, "member", name)


@router.get("/partij/{name:path}", response_class=HTMLResponse)
def party_page(request: Request, name: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    return _group(request, "party", name)


@router.get("/ministerie/{name:path}", response_class=HTMLResponse)
def ministry_page(request: Request, name: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    return _group(request, "ministry", name)


@router.get("/statistiek", response_class=HTMLResponse)
def stats_page(request: Request) -> HTMLResponse:
    data = queries.stats_view(_reader(request), today_of(request), _gen(request))
    ministries = [r for r in data["ministry"] if r["group"] != "(onbekend)"][:15]
    svgs = {
        "times": charts.line_chart([s for s in data["answer_times"] if s["ministry"] != "(onbekend)"][:6], "Mediaan dagen tot antwoord per jaar (per ministerie)"),
        "parties": charts.bar_chart([(r["group"], r["cases"]) for r in data["party"][:20]], "Vragen per partij"),
        "late": charts.bar_chart([(r["group"], r["share_late"]) for r in ministries],
                                 "Aandeel te laat per ministerie", fmt="{:.0%}", max_value=1.0),
        "median": charts.bar_chart([(r["group"], r["median_days"]) for r in ministries],
                                   "Mediaan dagen tot antwoord per ministerie", fmt="{:g} d"),
    }
    return _render(request, "stats.html", data=data, svgs=svgs)


# -- Nieuwe vragen: stores nothing, needs no token -----------------------------------------------------


async def _document_from_form(text: str | None, upload: UploadFile | None, data_b64: str | None) -> tuple[bytes, str]:
    if data_b64:
        try:
            return b64decode(data_b64, validate=True), "plakken"
        except (binascii.Error, ValueError):
            raise BadInput("Het meegestuurde document is beschadigd; plak het opnieuw.") from None
    if upload is not None and upload.filename:
        data = await upload.read()
        if data:
            return data, upload.filename[:200]
    if text and text.strip():
        if len(text) > MAX_PASTE:
            raise BadInput("De geplakte tekst is te lang.")
        return text.encode("utf-8"), "plakken"
    raise BadInput("Plak de tekst van een vragendocument of kies een bestand.")


@router.get("/nieuwe-vragen", response_class=HTMLResponse)
def new_form(request: Request) -> HTMLResponse:
    return _render(request, "new.html", result=None, error=None, text="")


@router.post("/nieuwe-vragen", response_class=HTMLResponse)
async def new_submit(request: Request, tekst: Annotated[str | None, Form()] = None,
                     bestand: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    try:
        data, source = await _document_from_form(tekst, bestand, None)
        result = await run_in_threadpool(queries.new_questions_view, _reader(request), data, source, today_of(request))
    except BadInput as exc:
        return _render(request, "new.html", status=400, result=None, error=dutch(str(exc)), text=tekst or "")
    return _render(request, "new.html", result=result, error=None, text="")


async def _questions_to_answer(document: str) -> ParsedDocument:
    """The pasted questions document, parsed off the event loop; it must hold questions."""
    from starlette.concurrency import run_in_threadpool

    data, source = await _document_from_form(None, None, document)
    parsed = await run_in_threadpool(queries.parse_upload, data, source)
    if not parsed.questions:
        raise BadInput("Dit document bevat geen vragen om te beantwoorden.")
    return parsed


@router.post("/nieuwe-vragen/antwoordkit.md")
async def new_kit_md(request: Request, document: Annotated[str, Form(max_length=8_000_000)]) -> Response:
    from starlette.concurrency import run_in_threadpool

    parsed = await _questions_to_answer(document)
    md = await run_in_threadpool(queries.kit_markdown, _reader(request), parsed, today_of(request))
    name = queries.kit_name(parsed)
    return Response(md, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}-antwoordkit.md"'})


@router.post("/nieuwe-vragen/antwoordkit.docx")
async def new_kit_docx(request: Request, document: Annotated[str, Form(max_length=8_000_000)]) -> Response:
    from starlette.concurrency import run_in_threadpool

    parsed = await _questions_to_answer(document)
    body = await run_in_threadpool(queries.kit_docx, _reader(request), parsed, today_of(request))
    name = queries.kit_name(parsed)
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f'attachment; filename="{name}-antwoordkit.docx"'})


# -- follows and saved searches: listed for everyone; adding needs the write token (a form field here,
#    since a page cannot send an Authorization header without JavaScript) -------------------------------


@router.get("/volgen", response_class=HTMLResponse)
def alerts_page(request: Request) -> HTMLResponse:

    store = pool_of(request).store()
    return _render(request, "alerts.html", follows=store.list_follows(), searches=store.list_saved_searches())


def _check_form_token(request: Request, token: str | None) -> None:
    if not settings_of(request).token:
        raise HTTPException(403, "Deze server is alleen-lezen: volgen en zoekvragen opslaan kan niet.")
    if not token_matches(request, token):
        raise HTTPException(401, "Het token klopt niet.")


@router.post("/volgen")
def follow_form(request: Request, soort: Annotated[str, Form(max_length=20)],
                waarde: Annotated[str, Form(min_length=1, max_length=200)],
                token: Annotated[str, Form(max_length=500)] = "") -> Response:
    from kamervragen.errors import UserError
    from kamervragen.procedure.alerts import follow

    _check_form_token(request, token)
    if soort not in ("case", "member", "ministry", "party"):
        raise BadInput("Volg een zaak, Kamerlid, ministerie of partij.")
    queries.plain_text(waarde, "De naam")
    try:
        follow(pool_of(request).store(), soort, waarde)
    except UserError as exc:
        raise BadInput(str(exc)) from None
    return RedirectResponse("/volgen", status_code=303)


@router.post("/volgen/zoekvraag")
def save_search_form(request: Request, naam: Annotated[str, Form(min_length=1, max_length=100)],
                     q: Annotated[str, Form(min_length=1, max_length=500)],
                     token: Annotated[str, Form(max_length=500)] = "") -> Response:
    from kamervragen.errors import UserError
    from kamervragen.procedure.alerts import save_search

    _check_form_token(request, token)
    queries.plain_text(naam + q, "De zoekvraag")
    try:
        save_search(pool_of(request).store(), naam, q)
    except UserError as exc:
        raise BadInput(str(exc)) from None
    return RedirectResponse("/volgen", status_code=303)
