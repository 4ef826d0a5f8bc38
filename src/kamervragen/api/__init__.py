"""The api stage: the REST API under ``/api`` (``routes``; OpenAPI at ``/api/openapi.json``, Swagger UI at
``/api/docs``) and the query functions the API and the web pages share (``queries``), with what each
request needs (``deps``: settings, a store per thread, "today", the write token)."""
