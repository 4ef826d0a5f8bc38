"""Loading files into the store: walking files and folders, ``sources.jsonl``, identifiers from file
names and URLs, parsing, batching, a progress bar. No SQL here: the store writes each batch in one
transaction (``Store.write_batch``).

With workers (the default for loads of more than two batches: one per core) the main process reads the
files and writes; the workers parse a whole batch each (``imap`` over batches, not per document) and
compute the store's payload of every parse (``Store.document_payload``); only (parse, error, payload)
travels back, the bytes stay with the writer.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kamervragen.errors import UserError
from kamervragen.model import IdentifierHints, LoadItem, LoadReport, ParsedDocument, ParseError, ParseOutcome
from kamervragen.store.base import Store

Parser = Callable[[bytes, str], ParsedDocument]

BATCH_SIZE = 1000  # documents per transaction: fewer commits, each index page written once for more rows
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample"

_ZAAK = re.compile(r"(?<![0-9A-Za-z])(\d{4}Z\d{5})(?!\d)")
_DOCNR = re.compile(r"(?<![0-9A-Za-z])(\d{4}D\d{5})(?!\d)")
_KV = re.compile(r"(?<![0-9a-z])kv-tk-(\d{4}Z\d{5})(?!\d)", re.I)
_AH = re.compile(r"(?<![0-9a-z])ah-tk-(\d{8})-(\d+)(?!\d)", re.I)
_CONTENT_TYPES = {".md": "text/markdown", ".txt": "text/plain", ".html": "text/html", ".htm": "text/html",
                  ".xml": "application/xml", ".pdf": "application/pdf", ".json": "application/json",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def identifiers_in(text: str) -> IdentifierHints:
    """Public identifiers a file name or URL carries: ``kv-tk-<zaak>`` (publication and zaak),
    ``ah-tk-<year>-<nr>`` (publication), a bare zaak number (``2024Z01911``), a document number
    (``2024D43372``, never a zaak). In a Tweede Kamer URL ``did=`` is the document and ``id=`` the zaak."""
    hints = IdentifierHints()
    if m := _KV.search(text):
        hints.publication, hints.zaak = f"kv-tk-{m.group(1).upper()}", m.group(1).upper()
    if m := _AH.search(text):
        hints.publication = f"ah-tk-{m.group(1)}-{m.group(2)}"
    if text.startswith(("http://", "https://")):
        query = parse_qs(urlparse(text).query)
        for key in ("did", "nummer", "id"):
            for value in query.get(key, []):
                if _DOCNR.fullmatch(value):
                    hints.document_number = hints.document_number or value
                elif _ZAAK.fullmatch(value):
                    hints.zaak = hints.zaak or value
    if not hints.zaak and (m := _ZAAK.search(text)):
        hints.zaak = m.group(1)
    if not hints.document_number and (m := _DOCNR.search(text)):
        hints.document_number = m.group(1)
    return hints


def merge_hints(first: IdentifierHints, second: IdentifierHints) -> IdentifierHints:
    origins = [o for o in (first.origin if not first.is_empty() else None,
                           second.origin if not second.is_empty() else None) if o]
    return IdentifierHints(first.zaak or second.zaak, first.publication or second.publication,
                           first.document_number or second.document_number, " and ".join(origins) or None)


def read_sources(folder: Path) -> dict[str, dict]:
    """``sources.jsonl`` in a folder or its parent (the corpus layout keeps it beside ``docs/``):
    file name → its record (``url``, and ``fetched_at`` when recorded)."""
    records: dict[str, dict] = {}
    for candidate in (folder / "sources.jsonl", folder.parent / "sources.jsonl"):
        if not candidate.is_file():
            continue
        for line in candidate.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("file"):
                records.setdefault(Path(record["file"]).name, record)
        break
    return records


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given files and folders, sorted, without ``sources.jsonl`` and hidden files."""
    for p in paths:
        path = Path(p).expanduser()
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.name != "sources.jsonl" and not any(part.startswith(".") for part in
                                                                          f.relative_to(path).parts):
                    yield f
        elif path.is_file():
            yield path
        else:
            raise UserError(f"{p} is neither a file nor a folder.")


def make_item(path: Path, sources: dict[str, dict] | None = None, display: str | None = None) -> LoadItem:
    """A ``LoadItem`` for one file: its bytes, URL and hints from ``sources.jsonl``, hints from its name."""
    data = path.read_bytes()
    record = (sources or {}).get(path.name) or {}
    url = record.get("url") or None
    from_name = identifiers_in(path.name)
    from_name.origin = "the file name"
    hints = from_name
    if url:
        from_url = identifiers_in(url)
        from_url.origin = "the source URL"
        hints = merge_hints(from_url, from_name)
    fetched_at = record.get("fetched_at") or datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    return LoadItem(data=data, source_path=display or str(path), source_url=url, hints=hints,
                    fetched_at=fetched_at, content_type=record.get("content_type") or _CONTENT_TYPES.get(
                        path.suffix.lower()))


def parse_item(item: LoadItem, parse: Parser, version: str) -> ParseOutcome:
    """Parse one item; a refusal or a parser crash becomes the outcome's error, never an exception."""
    try:
        parsed = parse(item.data, item.source_path)
    except ParseError as exc:
        return ParseOutcome(item, None, str(exc) or "The parser refused the document.", version)
    except Exception as exc:  # a parser bug must not stop the batch: keep the raw with the error
        return ParseOutcome(item, None, f"The parser failed ({type(exc).__name__}: {exc}).", version)
    return ParseOutcome(item, parsed, None, version)


def default_parser() -> tuple[Parser, str]:
    from kamervragen.parse import PARSER_VERSION, parse_bytes

    return parse_bytes, PARSER_VERSION


def _progress(console: Console | None, total: int, label: str) -> Progress:
    console = console or Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(bar_width=16), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]:>5.0f}/s"), TextColumn("{task.fields[counts]}"),
                    TimeElapsedColumn(), console=console, disable=not console.is_terminal, transient=False)


def _counts(report: LoadReport) -> str:
    return f"new {report.inserted} upd {report.updated} same {report.unchanged} failed {report.failed}"


Prepare = Callable[[ParsedDocument], object]
#: what a parse worker sends back per item: (parsed, error, payload); the items stay with the writer
Result = tuple[ParsedDocument | None, str | None, object]


def _parse_batch(args: tuple[list[LoadItem], list[bool], Parser, str, Prepare | None]) -> list[Result]:
    """Parse one batch (in a worker process) and compute each parse's payload (``Store.document_payload``:
    stems, entities, hashes, linking features), so that the writer only writes."""
    items, skip, parse, version, prepare = args
    out: list[Result] = []
    for item, known in zip(items, skip, strict=True):
        if known:
            out.append((None, None, None))
            continue
        outcome = parse_item(item, parse, version)
        payload = None
        if outcome.parsed is not None and prepare is not None:
            try:
                payload = prepare(outcome.parsed)
            except Exception:  # noqa: BLE001 - the writer computes it again and records what goes wrong
                payload = None
        out.append((outcome.parsed, outcome.error, payload))
    return out


def _outcomes(items: list[LoadItem], results: list[Result], version: str) -> list[ParseOutcome]:
    outcomes = []
    for item, (parsed, error, payload) in zip(items, results, strict=True):
        outcome = ParseOutcome(item, parsed, error, version)
        if payload is not None:
            outcome.payload = payload  # type: ignore[attr-defined]
        outcomes.append(outcome)
    return outcomes


def _batches(items: Iterable[LoadItem], size: int) -> Iterator[list[LoadItem]]:
    batch: list[LoadItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers(total: int | None, batch_size: int = BATCH_SIZE) -> int:
    """Parse processes for a load: the number of cores, or 1 for a load of unknown size or of at most two
    batches."""
    import os

    if total is None or total <= 2 * batch_size:
        return 1
    return max(1, min(os.cpu_count() or 1, 32))


def load_items(store: Store, items: Iterable[LoadItem], *, total: int | None = None,
               parse: Parser | None = None, parser_version: str | None = None, batch_size: int = BATCH_SIZE,
               workers: int | None = None, console: Console | None = None, label: str = "loading") -> LoadReport:
    """Parse and store items in batches of ``batch_size`` (one transaction each). Raw contents already
    stored with the current parser version are not parsed again. ``workers`` > 1 parses (and computes the
    store's payload of each parse) in that many processes while the store writes the previous batch;
    None: ``default_workers``. The stored result is the same for any number of workers."""
    if parse is None or parser_version is None:
        default, version = default_parser()
        parse, parser_version = parse or default, parser_version or version
    if workers is None:
        workers = default_workers(total, batch_size)
    prepare: Prepare | None = getattr(store, "document_payload", None)
    report = LoadReport()
    started = datetime.now(UTC)
    lock = threading.Lock()  # with workers, batches are prepared on the pool's feeder thread
    pending: deque[list[LoadItem]] = deque()  # batches handed to the parsers, in order

    def prepared() -> Iterator[tuple[list[LoadItem], list[bool], Parser, str, Prepare | None]]:
        for batch in _batches(items, batch_size):
            with lock:
                known = store.known_raw([i.checksum for i in batch])
            pending.append(batch)
            yield batch, [known.get(i.checksum) == parser_version for i in batch], parse, parser_version, prepare

    large = total is None or total > batch_size  # not for one uploaded file in a web server's thread
    with _progress(console, total or 0, label) as progress, _few_collections() if large else nullcontext():
        task = progress.add_task(label, total=total, rate=0.0, counts="")
        if workers > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(workers)
            parsed_batches: Iterator[list[Result]] = pool.imap(_parse_batch, prepared())
        else:
            pool = None
            parsed_batches = map(_parse_batch, prepared())
        try:
            for results in parsed_batches:
                outcomes = _outcomes(pending.popleft(), results, parser_version)
                with lock:
                    report.add(store.write_batch(outcomes))
                elapsed = max(1e-6, (datetime.now(UTC) - started).total_seconds())
                progress.update(task, advance=len(outcomes), rate=report.total / elapsed, counts=_counts(report))
        finally:
            if pool is not None:
                pool.terminate()
    return report


@contextmanager
def _few_collections() -> Iterator[None]:
    """A load allocates millions of short-lived objects (parses, rows, unpickled results) beside long-lived
    caches: the garbage collector's default thresholds make it scan those caches again and again (a
    third of the writer's time unpickling results). Objects alive at the start are set aside
    (``gc.freeze``) and the young generation collected every 50,000 allocations instead of 700; the
    parse workers, forked inside, inherit both. Restored afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def load_paths(store: Store, paths: Sequence[str | Path], **kwargs) -> LoadReport:
    """``kamervragen load PATH...``: every file under the paths, with ``sources.jsonl`` beside them.
    A file larger than the parser accepts is reported as failed without being read (a file of gigabytes
    would fill the memory, and over 1 GB SQLite refuses it, which would stop every later load)."""
    from kamervragen.parse.decode import MAX_BYTES

    files, too_large = [], []
    for f in iter_files(paths):
        (too_large if f.stat().st_size > MAX_BYTES else files).append(f)

    def items() -> Iterator[LoadItem]:
        # the files come folder by folder: only the current folder's sources.jsonl is kept in memory
        folder, sources = None, {}
        for f in files:
            if f.parent != folder:
                folder, sources = f.parent, read_sources(f.parent)
            yield make_item(f, sources)

    report = load_items(store, items(), total=len(files), **kwargs)
    for f in too_large:
        report.failed += 1
        report.failures.append((str(f), f"The file is {f.stat().st_size / 2 ** 20:,.0f} MB, larger than any document "
                                        f"of the procedure (the limit is {MAX_BYTES // 2 ** 20} MB); it was not loaded."))
    return report


def load_sample(store: Store, **kwargs) -> LoadReport:
    """The bundled sample corpus (``kamervragen/sample/docs`` with its ``sources.jsonl``)."""
    return load_paths(store, [SAMPLE_DIR / "docs"], **kwargs)


def reparse(store: Store, *, parse: Parser | None = None, parser_version: str | None = None,
            batch_size: int = BATCH_SIZE, console: Console | None = None) -> LoadReport:
    """Parse every stored raw content again with the current parser; the report's ``changes`` say which
    records changed and how."""
    if parse is None or parser_version is None:
        default, version = default_parser()
        parse, parser_version = parse or default, parser_version or version
    report = LoadReport()
    total = store.counts().get("raw", 0)
    started = datetime.now(UTC)
    with _progress(console, total, "reparsing") as progress:
        task = progress.add_task("reparsing", total=total, rate=0.0, counts="")
        for batch in store.iter_raw(batch_size):
            outcomes = [parse_item(o.item, parse, parser_version) for o in batch]
            report.add(store.write_batch(outcomes, reparse=True))
            elapsed = max(1e-6, (datetime.now(UTC) - started).total_seconds())
            progress.update(task, advance=len(batch), rate=report.total / elapsed, counts=_counts(report))
    return report
