"""The web stage: server-rendered Dutch pages (FastAPI + Jinja2, no JavaScript needed) beside the REST
API of ``kamervragen.api``. ``kamervragen serve`` runs it; ``web.app.create_app(settings)`` builds it.

Pages: ``/`` (recent questions and answers, open and late counts per ministry), ``/zoeken`` (search with
filters, facet counts, highlighted snippets, pages, sorting), ``/zaak/<zaak>`` (the case: askers, offices,
dates, status, due date and days, each question beside its answer, footnotes, postponements, documents
with their official sources, "eerder gevraagd"), ``/lid/<naam>``, ``/partij/<naam>``,
``/ministerie/<naam>``, ``/statistiek`` (inline SVG charts), ``/nieuwe-vragen`` (paste or upload a
questions document: parsed view, due date, similar cases, answer kit as Markdown and .docx; stores
nothing), ``/volgen`` (follows and saved searches with their Atom feeds).

Settings (``api.deps.Settings``): ``--db`` / ``KAMERVRAGEN_DB``, ``--token`` / ``KAMERVRAGEN_TOKEN`` (without
it the server is read-only), ``--today`` / ``KAMERVRAGEN_TODAY`` or ``?today=YYYY-MM-DD`` (the day the clock
counts from), ``--max-body`` / ``KAMERVRAGEN_MAX_BODY`` (default 5 MB, 413 beyond), and
``KAMERVRAGEN_RESPONSE_CACHE=0`` to render every request.
"""
