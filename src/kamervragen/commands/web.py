"""CLI commands of the web stage: ``kamervragen serve``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from kamervragen.commands._common import DbOption, TodayOption, open_db
from kamervragen.errors import UserError

ENV_FACTORY = "KAMERVRAGEN_SERVE_DB"


def app_from_env():
    """The app for uvicorn's worker processes (``--workers`` needs an import string): settings from the
    environment the ``serve`` command prepared."""
    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    return create_app(Settings.from_env(db=os.environ.get(ENV_FACTORY)))


LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def _check_address(host: str, port: int) -> None:
    """An address that cannot be listened on (in use, not an address of this machine) is one sentence
    before anything is started."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise UserError(f"--host {host!r} is not an address to listen on ({exc}).") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            raise UserError(f"Cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port "
                            "or stop what is listening there.") from None


def serve(
    db: DbOption,
    host: Annotated[str, typer.Option("--host", envvar="KAMERVRAGEN_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", envvar="KAMERVRAGEN_PORT", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", envvar="KAMERVRAGEN_WORKERS", help="Worker processes.")] = 1,
    token: Annotated[str | None, typer.Option("--token", envvar="KAMERVRAGEN_TOKEN",
                                              help="Bearer token that allows writing (loading, saved searches, follows); "
                                                   "without one the server is read-only.")] = None,
    today: TodayOption = None,
    max_body: Annotated[int, typer.Option("--max-body", envvar="KAMERVRAGEN_MAX_BODY",
                                          help="Largest request body in bytes.")] = 5 * 1024 * 1024,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level: critical, error, warning, info, debug or trace.")] = "warning",
    sample: Annotated[bool, typer.Option("--sample", help="Load the bundled sample corpus first (idempotent).")] = False,
) -> None:
    """Serve the web UI (Dutch) and the REST API under /api (OpenAPI: /api/docs)."""
    import uvicorn

    from kamervragen.api.deps import ENV_MAX_BODY, ENV_TODAY, ENV_TOKEN, Settings, parse_day

    if today:
        try:
            parse_day(today)
        except ValueError as exc:
            raise UserError(f"--today {today!r} is not a date like 2024-02-07.") from exc
    if workers < 1 or not (0 < port < 65536) or max_body < 1:
        raise UserError("--workers, --port and --max-body must be positive (port below 65536).")
    if log_level.lower() not in LOG_LEVELS:
        raise UserError(f"--log-level must be one of {', '.join(LOG_LEVELS)}, not {log_level!r}.")
    _check_address(host, port)
    # migrated once, before any worker starts; created only when something will be written into it (the
    # sample now, or documents through the API with a token): a read-only server of nothing is a mistake
    with open_db(db, create=sample or bool(token)) as store:
        if sample:
            from kamervragen.store.loader import load_sample

            load_sample(store)
        if not store.counts().get("cases"):
            print(f"The database {db} holds no cases yet; load some with `kamervragen load --sample` "
                  "(or serve --sample).")
    print(f"Kamervragen on http://{host}:{port}/ (database {db}; {'writing with token' if token else 'read-only'})")
    if workers == 1:
        from kamervragen.web.app import create_app

        app = create_app(Settings(db=db, token=token, today=today, max_body=max_body))
        uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), proxy_headers=False)
        return
    os.environ[ENV_FACTORY] = db
    if token:
        os.environ[ENV_TOKEN] = token
    if today:
        os.environ[ENV_TODAY] = today
    os.environ[ENV_MAX_BODY] = str(max_body)
    uvicorn.run("kamervragen.commands.web:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level.lower(), proxy_headers=False)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the CLI."""
    app.command("serve")(serve)
