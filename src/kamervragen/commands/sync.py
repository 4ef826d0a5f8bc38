"""CLI commands of the sync stage: ``kamervragen sync``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kamervragen.commands._common import DbOption, JsonOption
from kamervragen.errors import UserError

BASE_HELP = ("A base URL, as NAME=URL with NAME tk (OData), ob (officielebekendmakingen) or sru (SRU search); "
             "repeat for several. For tests and mirrors.")


def _bases(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or name not in ("tk", "ob", "sru") or not url.startswith(("http://", "https://")):
            raise UserError(f"--base-url must look like tk=https://…, ob=https://… or sru=https://…, not {value!r}.")
        out[name] = url
    return out


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the CLI."""

    @app.command("sync")
    def sync_command(
        db: DbOption,
        since: Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD) of GestartOp to fetch.")] = None,
        until: Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD) of GestartOp to fetch.")] = None,
        source: Annotated[str, typer.Option("--source", help="tk, ob or all.")] = "all",
        cache: Annotated[Path | None, typer.Option("--cache", help="Cache folder for raw responses (default: "
                                                   "'cache' beside the database).")] = None,
        base_url: Annotated[list[str] | None, typer.Option("--base-url", help=BASE_HELP)] = None,
        rate: Annotated[float, typer.Option("--rate", help="Requests per second at most (0: no limit).")] = 4.0,
        workers: Annotated[int, typer.Option("--workers", help="Concurrent file downloads.")] = 4,
        timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 30.0,
        retries: Annotated[int, typer.Option("--retries", help="Retries per request.")] = 6,
        backoff: Annotated[float, typer.Option("--backoff", help="First retry wait in seconds (doubles, jittered).")] = 0.5,
        offline: Annotated[bool, typer.Option("--offline", help="Rebuild from the cache folder only, without "
                                              "the network (re-parses and re-loads what was fetched).")] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Fetch written questions, answers and postponement notices from the Tweede Kamer open data and
        officielebekendmakingen; a second run fetches only what changed, an interrupted run resumes."""
        from kamervragen.fetch.http import FetchError, HttpSettings
        from kamervragen.fetch.sync import SyncOptions, parse_date, sync
        from kamervragen.store import database_errors, open_store

        bases = _bases(base_url or [])
        if rate < 0 or workers < 1 or timeout <= 0 or retries < 0:
            raise UserError("--rate, --workers, --timeout and --retries must be positive.")
        cache_dir = cache or (Path(db).expanduser().resolve().parent / "cache"
                              if "://" not in db else Path.home() / ".cache" / "kamervragen")
        opts = SyncOptions(cache_dir=cache_dir, since=parse_date(since, "--since"), until=parse_date(until, "--until"),
                           source=source, workers=workers, offline=offline,
                           http=HttpSettings(timeout=timeout, retries=retries, rate=rate, backoff=backoff))
        if "tk" in bases:
            opts.tk_url = bases["tk"]
        if "ob" in bases:
            opts.ob_url = bases["ob"]
        if "sru" in bases:
            opts.sru_url = bases["sru"]
        store = open_store(db)
        try:
            stats = sync(store, opts)
        except FetchError as exc:
            raise UserError(f"{exc}; run the same command again to resume.") from exc
        except database_errors() as exc:
            raise UserError(f"The database {db} refused a write ({exc}); what was synced is kept: "
                            "fix that and run the same command again to resume.") from exc
        except OSError as exc:
            raise UserError(f"Cannot write to the cache folder {cache_dir} ({exc.strerror or exc}); what was "
                            "synced is kept: fix that and run the same command again to resume.") from exc
        finally:
            store.close()
        if as_json:
            print(json.dumps(stats.to_json(), ensure_ascii=False))
            return
        print(f"{stats.mode} sync{' (resumed)' if stats.resumed else ''}: {stats.zaken} zaken, "
              f"{stats.documents} documents, {stats.removed} removed at the source; files {stats.files} "
              f"(officielebekendmakingen {stats.files_from_ob}, Tweede Kamer {stats.files_from_tk}, "
              f"missing {stats.files_missing}); loaded new {stats.inserted} · updated {stats.updated} · "
              f"unchanged {stats.unchanged} · failed {stats.failed}; API/text disagreements in "
              f"{stats.disagreements} documents; {stats.requests} requests ({stats.retries} retried) "
              f"in {stats.seconds:.1f} s.")
