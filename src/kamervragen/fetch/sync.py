"""``kamervragen sync``: Tweede Kamer open data and officielebekendmakingen → cache folder → parser → store.

The order of every step is: fetch over HTTP, write the raw response to the cache folder, and only
then map / parse / load it from there. The HTTP code (``fetch.http``, ``fetch.odata``, ``fetch.ob``)
never parses a document.

Metadata comes in batches: ONE query per page of 250 zaken with ``$expand`` of their Documents (with
the current DocumentVersie and its ExterneIdentifier) and ZaakActors — never a request per relation.
Then each document's file: the officielebekendmakingen XML when the API names its publication
(``kv-tk-…``, ``ah-tk-…``), else — or when officielebekendmakingen does not (yet) serve it — the Tweede
Kamer file (``Document(<id>)/resource``, PDF or DOCX).

Incremental sync uses ``ApiGewijzigdOp`` (the GewijzigdOp of the API's copy, in UTC), not the SyncFeed:
- it keeps the batching: one filtered ``$expand`` query returns every zaak whose own row, one of its
  documents (or their current version) or one of its actors changed
  (``ApiGewijzigdOp ge T or Document/any(d: d/ApiGewijzigdOp ge T) or ZaakActor/any(...)``), with all
  relations in the same page. The SyncFeed sends one entity per entry and category, so a changed
  zaak would need its relations re-joined from several feeds or fetched one at a time;
- ``ApiGewijzigdOp`` is set whenever the API's copy changes, data fixes included (which the SyncFeed
  re-sends out of order anyway), while ``GewijzigdOp`` carries the source system's local time;
- no complete SyncFeed page was ever captured to build against; the OData shapes were.
The watermark T saved after a completed run is that run's start minus an overlap (default 10 minutes)
against clock skew and changes committed while the run was paging; re-fetching the overlap is
harmless because applying a row is idempotent. Deletions: deleted zaken come back as tombstones
(``Verwijderd eq true`` is part of the incremental filter, since a tombstone's Soort is null); deleted
documents through one more paged query of Document tombstones since T; actors missing from a zaak's
expanded list are gone. Removed records are marked removed at the source; rows and raw files are kept.

Resuming: the run (its mode, filter, start time, phase and the next URL) is saved in ``sync_state`` in
the same transaction as each applied page; files are marked done per version after they are loaded.
A sync interrupted at any point (``kill -9`` included) is continued by the next ``kamervragen sync``
with the same options; the page or file in flight is fetched again, which changes nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kamervragen.errors import UserError
from kamervragen.fetch.cache import Cache, CachedFile
from kamervragen.fetch.http import FetchError, HttpClient, HttpSettings
from kamervragen.fetch.ob import DEFAULT_BASE as OB_BASE
from kamervragen.fetch.ob import DEFAULT_SRU, ObClient, kamervragen_query
from kamervragen.fetch.odata import DEFAULT_BASE as TK_BASE
from kamervragen.fetch.odata import ODataClient, odata_literal
from kamervragen.model import IdentifierHints, LoadItem, LoadReport, ParseOutcome
from kamervragen.parse.odata import disagreements, zaak_from_api
from kamervragen.store.sqlite_sync import PendingFile, SQLiteSyncMixin

SOORT = "Schriftelijke vragen"
EXPAND = "Document($expand=HuidigeDocumentVersie),ZaakActor"
AMS = ZoneInfo("Europe/Amsterdam")
STATE_RUN = "run"
STATE_WATERMARK = "watermark"
STATE_OB_WATERMARK = "ob_watermark"


@dataclass
class SyncOptions:
    cache_dir: Path
    since: str | None = None  # YYYY-MM-DD, on GestartOp (inclusive)
    until: str | None = None  # YYYY-MM-DD, on GestartOp (inclusive)
    source: str = "all"  # tk | ob | all
    tk_url: str = TK_BASE
    ob_url: str = OB_BASE
    sru_url: str = DEFAULT_SRU
    http: HttpSettings = field(default_factory=HttpSettings)
    workers: int = 4  # concurrent file downloads (the rate limit is shared)
    overlap_seconds: int = 600
    batch_size: int = 100  # files parsed and written per store transaction
    load: bool = True  # parse and load fetched files into the store
    offline: bool = False  # rebuild from the cache folder only: no network (see ``Syncer.replay``)


@dataclass
class SyncStats:
    mode: str = ""
    resumed: bool = False
    requests: int = 0  # HTTP requests sent, retries included
    metadata_requests: int = 0
    file_requests: int = 0
    retries: int = 0
    pages: int = 0
    zaken: int = 0  # zaak rows applied (live)
    documents: int = 0
    actors: int = 0
    removed: int = 0  # rows marked removed at the source
    files: int = 0  # files fetched and loaded
    files_from_ob: int = 0
    files_from_tk: int = 0
    files_missing: int = 0
    disagreements: int = 0  # documents where API and text disagree
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _file_complete(resp: Any) -> bool:
    """A PDF ends with ``%%EOF``, a DOCX (zip) holds its end-of-central-directory record near the end:
    a body cut off without a Content-Length to tell fails this look (not a parse) and is fetched again."""
    body = resp.content
    if body.startswith(b"%PDF"):
        return b"%%EOF" in body[-1024:]
    if body.startswith(b"PK"):
        return b"PK\x05\x06" in body[-66000:]
    return bool(body)


def parse_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise UserError(f"{name} must be an ISO date (YYYY-MM-DD), not {value!r}.") from exc


def _local_midnight(day: str) -> str:
    """The start of a Dutch calendar day as an OData DateTimeOffset literal (GestartOp is local midnight)."""
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, tzinfo=AMS).isoformat()


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zaak_filter(since: str | None, until: str | None, changed_since: str | None) -> str:
    """The ``$filter`` of the metadata query (see the module docstring for the incremental part)."""
    if changed_since:
        t = changed_since
        parts = [f"(Soort eq {odata_literal(SOORT)} or Verwijderd eq true)",
                 f"(ApiGewijzigdOp ge {t} or Document/any(d: d/ApiGewijzigdOp ge {t}"
                 f" or d/HuidigeDocumentVersie/ApiGewijzigdOp ge {t}) or ZaakActor/any(a: a/ApiGewijzigdOp ge {t}))"]
    else:
        parts = [f"Soort eq {odata_literal(SOORT)}", "Verwijderd eq false"]
    if since:
        parts.append(f"GestartOp ge {_local_midnight(since)}")
    if until:
        nxt = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
        parts.append(f"GestartOp lt {_local_midnight(nxt)}")
    return " and ".join(parts)


class _Progress:
    def __init__(self, console: Console | None) -> None:
        console = console or Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]:>6.1f}/s"), TextColumn("{task.fields[info]}"),
                                 TimeElapsedColumn(), console=console, disable=not console.is_terminal)
        self.started = time.monotonic()
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Progress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def update(self, name: str, done: int, total: int | None, info: str) -> None:
        if name not in self.tasks:
            self.tasks[name] = (self.progress.add_task(name, total=total, rate=0.0, info=""), time.monotonic())
        task, t0 = self.tasks[name]
        rate = done / max(1e-6, time.monotonic() - t0)
        self.progress.update(task, completed=done, total=total, rate=rate, info=info)


class Syncer:
    def __init__(self, store: Any, opts: SyncOptions, console: Console | None = None,
                 http: HttpClient | None = None) -> None:
        self.store = store
        self.tables: SQLiteSyncMixin = store
        self.opts = opts
        self.http = http or HttpClient(opts.http)
        self.cache = Cache(opts.cache_dir)
        self.odata = ODataClient(self.http, opts.tk_url)
        self.ob = ObClient(self.http, opts.ob_url, opts.sru_url)
        self.stats = SyncStats()
        self.console = console
        from kamervragen.store.loader import default_parser

        self.parse, self.parser_version = default_parser()

    # -- the run ---------------------------------------------------------------------------------
    def run(self) -> SyncStats:
        t0 = time.monotonic()
        try:
            with _Progress(self.console) as progress:
                self.progress = progress
                if self.opts.offline:
                    self.replay()
                elif self.opts.source == "ob":
                    self._run_ob()
                else:
                    self._run_tk()
        finally:
            self.stats.requests = self.http.requests
            self.stats.retries = self.http.retries
            self.stats.seconds = round(time.monotonic() - t0, 3)
        return self.stats

    def _new_run(self) -> dict[str, Any]:
        o = self.opts
        watermark = self.tables.sync_get(STATE_WATERMARK)
        mode = "range" if (o.since or o.until) else "incremental" if watermark else "full"
        started = _utc(datetime.now(UTC) - timedelta(seconds=o.overlap_seconds))
        changed_since = watermark if mode == "incremental" else None
        url = self.odata.query_url("Zaak", filter=zaak_filter(o.since, o.until, changed_since), expand=EXPAND)
        tomb = None
        if mode == "incremental":
            tomb = self.odata.query_url("Document", filter=f"Verwijderd eq true and ApiGewijzigdOp ge {watermark}",
                                        select="Id,Verwijderd,ApiGewijzigdOp")
        return {"mode": mode, "since": o.since, "until": o.until, "source": o.source, "tk_url": o.tk_url,
                "started": started, "changed_since": changed_since, "phase": "zaken", "url": url,
                "tomb_url": tomb}

    def _run_tk(self) -> None:
        o = self.opts
        saved = self.tables.sync_get(STATE_RUN)
        run = json.loads(saved) if saved else None
        if run and (run.get("since"), run.get("until"), run.get("source"), run.get("tk_url")) == \
                (o.since, o.until, o.source, o.tk_url) and run.get("mode") != "ob":
            self.stats.resumed = True
        else:
            run = self._new_run()
            self.tables.sync_set(STATE_RUN, json.dumps(run))
        self.stats.mode = run["mode"]
        run_id = self.tables.sync_run_start(run["mode"], {"since": o.since, "until": o.until, "source": o.source,
                                                          "resumed": self.stats.resumed})
        if run["phase"] == "zaken":
            self._page_loop(run, "url", self._apply_zaken, next_phase="tombstones" if run.get("tomb_url") else "files")
        if run["phase"] == "tombstones":
            self._page_loop(run, "tomb_url", self._apply_tombstones, next_phase="files")
        self.stats.metadata_requests = self.http.requests
        if run["phase"] == "files":
            self._files()
        self.stats.file_requests = self.http.requests - self.stats.metadata_requests
        state: dict[str, str | None] = {STATE_RUN: None}
        if run["mode"] in ("full", "incremental") or not self.tables.sync_get(STATE_WATERMARK):
            state[STATE_WATERMARK] = run["started"]
        with self.tables.transaction() as conn:
            for k, v in state.items():
                self.tables.sync_set(k, v, conn)
        self.tables.sync_run_finish(run_id, self.stats.to_json())

    def _page_loop(self, run: dict[str, Any], key: str,
                   apply: Callable[[list[dict[str, Any]], dict[str, Any] | None], None],
                   next_phase: str) -> None:
        seen: dict[str, int] = {}
        while run[key]:
            url = run[key]
            seen[url] = seen.get(url, 0) + 1
            if seen[url] > 3:
                raise FetchError(f"paging loops at {url}")
            page = self.odata.page(url)
            self.cache.put_page(page.response)  # raw first, then map and apply
            self.stats.pages += 1
            run[key] = page.next_url
            if not page.next_url:
                run["phase"] = next_phase
            apply(page.rows, run)
        run["phase"] = next_phase

    def _apply_zaken(self, rows: list[dict[str, Any]], run: dict[str, Any] | None) -> None:
        zaken = [z for z in (zaak_from_api(r) for r in rows) if z]
        zaken = [z for z in zaken if z.removed or z.soort == SOORT]
        result = self.tables.apply_zaken(zaken, {STATE_RUN: json.dumps(run)} if run else None)
        self.stats.zaken += result.zaken
        self.stats.documents += result.documents
        self.stats.actors += result.actors
        self.stats.removed += result.removed
        self.progress.update("metadata", self.stats.zaken, None,
                             f"zaken {self.stats.zaken} · documents {self.stats.documents} · removed "
                             f"{self.stats.removed} · requests {self.http.requests}")

    def _apply_tombstones(self, rows: list[dict[str, Any]], run: dict[str, Any] | None) -> None:
        tomb = [(r["Id"], r.get("ApiGewijzigdOp")) for r in rows if r.get("Id") and r.get("Verwijderd")]
        self.stats.removed += self.tables.apply_document_tombstones(tomb, {STATE_RUN: json.dumps(run)} if run else None)

    # -- files -----------------------------------------------------------------------------------
    def _fetch_file(self, f: PendingFile) -> tuple[PendingFile, CachedFile | None, str]:
        if f.publication and self.opts.source != "tk":
            resp = self.ob.fetch_xml(f.publication)
            if resp is not None:
                return f, self.cache.put("ob", f"{f.publication}.xml", resp), "ob"
        resp = self.http.get(self.odata.resource_url(f.document_id), validate=_file_complete)
        if resp.status == 404:
            return f, None, "missing"
        ext = ".pdf" if "pdf" in resp.content_type else ".docx" if "word" in resp.content_type else ".bin"
        return f, self.cache.put("tk", f"{f.document_id}{ext}", resp), "tk"

    def _files(self) -> None:
        """Fetch pending files in batches; the next batch downloads while the current one is parsed
        and written."""
        total = self.tables.count_pending_files()
        done = 0
        after = ""
        with ThreadPoolExecutor(max_workers=max(1, self.opts.workers)) as pool:

            def submit() -> list[Any]:
                nonlocal after
                batch = self.tables.pending_files(self.opts.batch_size, after)
                if batch:
                    after = batch[-1].document_id
                return [pool.submit(self._fetch_file, f) for f in batch]

            futures = submit()
            while futures:
                following = submit()
                try:
                    results = [fu.result() for fu in futures]
                except BaseException:
                    for fu in following:
                        fu.cancel()
                    raise
                self._load(results)
                done += len(results)
                self.progress.update("files", done, total,
                                     f"ob {self.stats.files_from_ob} · tk {self.stats.files_from_tk} · missing "
                                     f"{self.stats.files_missing} · failed {self.stats.failed}")
                futures = following

    def _load(self, results: list[tuple[PendingFile, CachedFile | None, str]]) -> None:
        from kamervragen.store.loader import parse_item

        fetched = [(f, c, how) for f, c, how in results if c is not None]
        items = []
        for f, c, _how in fetched:
            data, meta = self.cache.get(c.path)  # parse and load read from the cache folder
            hints = IdentifierHints(zaak=f.zaak, publication=f.publication, document_number=f.document_number,
                                    origin="the Tweede Kamer API")
            items.append(LoadItem(data=data, source_path=str(c.path), source_url=meta["url"], hints=hints,
                                  fetched_at=meta["fetched_at"], content_type=meta["content_type"] or None))
        outcomes: list[ParseOutcome] = []
        if self.opts.load and items:
            known = self.store.known_raw([i.checksum for i in items])
            outcomes = [ParseOutcome(i, None, None, self.parser_version)
                        if known.get(i.checksum) == self.parser_version else parse_item(i, self.parse, self.parser_version)
                        for i in items]
            report: LoadReport = self.store.write_batch(outcomes)
            self.stats.inserted += report.inserted
            self.stats.updated += report.updated
            self.stats.unchanged += report.unchanged
            self.stats.failed += report.failed
        parsed_by_path = {o.item.source_path: o.parsed for o in outcomes}
        for f, c, how in results:
            if c is None:
                self.stats.files_missing += 1
                self.tables.file_done(f, "missing", None, None, None, None)
                continue
            self.stats.files += 1
            if how == "ob":
                self.stats.files_from_ob += 1
            else:
                self.stats.files_from_tk += 1
            parsed = parsed_by_path.get(str(c.path))
            found = None
            if parsed is not None:
                api = self.tables.api_zaak_of(f.document_id)
                found = disagreements(api[0], api[1], parsed) if api else []
                if found:
                    self.stats.disagreements += 1
            self.tables.file_done(f, "done", c.url, str(c.path), c.sha256, c.fetched_at, found)

    # -- offline ---------------------------------------------------------------------------------
    def replay(self) -> None:
        """Rebuild from the cache folder without the network: apply every cached OData page in the order
        it was fetched (applying is idempotent, so later pages win), then parse and load each document's
        cached file — the officielebekendmakingen XML when cached, else the Tweede Kamer file."""
        self.stats.mode = "offline"
        for path in self.cache.pages():
            data, meta = self.cache.get(path)
            rows = json.loads(data).get("value", [])
            self.stats.pages += 1
            entity = meta["url"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            if entity == "Zaak":
                self._apply_zaken(rows, None)
            elif entity == "Document":
                self._apply_tombstones(rows, None)
        after = ""
        while batch := self.tables.pending_files(self.opts.batch_size, after, include_removed=True):
            after = batch[-1].document_id
            results: list[tuple[PendingFile, CachedFile | None, str]] = []
            for f in batch:
                found = self.cache.cached("ob", f"{f.publication}.xml") if f.publication else None
                how = "ob"
                if found is None:
                    found = self.cache.cached("tk", f"{f.document_id}.*")
                    how = "tk"
                if found is not None:
                    results.append((f, found, how))
            self._load(results)
        self.tables.reapply_removals()

    # -- officielebekendmakingen search (--source ob) ----------------------------------------------
    def _run_ob(self) -> None:
        o = self.opts
        saved = self.tables.sync_get(STATE_RUN)
        run = json.loads(saved) if saved else None
        since = o.since or self.tables.sync_get(STATE_OB_WATERMARK)
        if run and run.get("mode") == "ob" and (run.get("since_arg"), run.get("until")) == (o.since, o.until):
            self.stats.resumed = True
        else:
            run = {"mode": "ob", "since_arg": o.since, "until": o.until, "position": 1,
                   "query": kamervragen_query(since, o.until), "started": (date.today() - timedelta(days=7)).isoformat()}
            self.tables.sync_set(STATE_RUN, json.dumps(run))
        self.stats.mode = "ob"
        run_id = self.tables.sync_run_start("ob", {"since": o.since, "until": o.until, "source": "ob"})
        while run["position"]:
            page = self.ob.search_page(run["query"], run["position"], 100)
            self.cache.put("sru", f"{run['position']:08d}-{abs(hash(run['query'])) % 10**8}.xml", page.response)
            self.stats.pages += 1
            run["position"] = page.next_position if page.records else None
            self.tables.ob_add(page.records, {STATE_RUN: json.dumps(run)})
            self.progress.update("search", self.stats.pages, None, f"records {page.total}")
        self.stats.metadata_requests = self.http.requests
        from kamervragen.store.loader import identifiers_in, parse_item

        while batch := self.tables.ob_pending(self.opts.batch_size):
            items, done = [], []
            for ident in batch:
                resp = self.ob.fetch_xml(ident)
                if resp is None:
                    self.tables.ob_done(ident, "missing", None, None, None)
                    self.stats.files_missing += 1
                    continue
                c = self.cache.put("ob", f"{ident}.xml", resp)
                data, meta = self.cache.get(c.path)
                hints = identifiers_in(ident)
                hints.origin = "the officielebekendmakingen search"
                items.append(LoadItem(data=data, source_path=str(c.path), source_url=meta["url"], hints=hints,
                                      fetched_at=meta["fetched_at"], content_type=meta["content_type"] or None))
                done.append((ident, c))
            if self.opts.load and items:
                known = self.store.known_raw([i.checksum for i in items])
                report = self.store.write_batch([
                    ParseOutcome(i, None, None, self.parser_version) if known.get(i.checksum) == self.parser_version
                    else parse_item(i, self.parse, self.parser_version) for i in items])
                self.stats.inserted += report.inserted
                self.stats.updated += report.updated
                self.stats.unchanged += report.unchanged
                self.stats.failed += report.failed
            for ident, c in done:
                self.tables.ob_done(ident, "done", c.url, str(c.path), c.sha256)
                self.stats.files += 1
                self.stats.files_from_ob += 1
        self.stats.file_requests = self.http.requests - self.stats.metadata_requests
        with self.tables.transaction() as conn:
            self.tables.sync_set(STATE_RUN, None, conn)
            self.tables.sync_set(STATE_OB_WATERMARK, run["started"], conn)
        self.tables.sync_run_finish(run_id, self.stats.to_json())


def sync(store: Any, opts: SyncOptions, console: Console | None = None) -> SyncStats:
    """Run (or resume) one sync; see the module docstring."""
    if opts.source not in ("tk", "ob", "all"):
        raise UserError(f"--source must be tk, ob or all, not {opts.source!r}.")
    if opts.since and opts.until and opts.since > opts.until:
        raise UserError("--since must not be after --until.")
    syncer = Syncer(store, opts, console)
    try:
        return syncer.run()
    finally:
        syncer.http.close()
