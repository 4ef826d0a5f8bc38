"""The store interface: every document of the procedure kept raw and parsed, linked into cases.

``kamervragen.store.open_store(db)`` returns an implementation (``SQLiteStore`` for a path,
``PostgresStore`` for a ``postgresql://`` URL). Everything outside ``store/`` talks to the database
through these methods and the model classes in ``kamervragen.model``; no SQL outside ``store/``.

Identity and linking rules every backend keeps (see ``shared/docs/architecture.md``):

- Raw content is kept per distinct bytes (sha256 ``checksum``) with each source it came from (path,
  URL, fetch time, content type). A parse failure is kept raw with its error; never half a record.
- A document is identified by its public identifier when known (``pub:ah-tk-20232024-99``,
  ``doc:2024D04567``), else by zaak + kind + date, else by a checksum of its normalised text. The same
  document met twice (an openkamer page and the official page) is one document with two sources; the
  official source's parse is the one shown.
- A case is keyed by its zaak number; a case whose number is unknown gets a stable local key (``L`` +
  a hash of its subject, submitted date and askers) and is merged into the numbered case when the
  number becomes known. Documents without a zaak number are linked by their opening sentence and
  their repeated questions (``kamervragen.procedure.linking``); uncertain links are reported as
  ``LinkIssue`` and flag the case, never guessed silently.
- Identifiers from file names / ``sources.jsonl`` (``IdentifierHints``) that disagree with the text are
  both kept and the case is flagged ``identifier-mismatch``.

Writing is batched: ``write_batch`` writes one batch of parse outcomes in one transaction and reports
inserted / updated / unchanged / failed. Parsing happens outside the store (``store.loader``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from kamervragen.model import (
    Case,
    CaseSummary,
    FailedDocument,
    LinkIssue,
    LoadReport,
    ParseOutcome,
    RawDocument,
    StoredDocument,
)


class Store(ABC):
    """One database of Kamervragen. Open with ``kamervragen.store.open_store``; close when done
    (or use as a context manager)."""

    #: the location as given (a file path or a URL)
    url: str

    # -- lifecycle ------------------------------------------------------------------------------
    @abstractmethod
    def migrate(self) -> list[str]:
        """Apply every migration file not yet recorded in the database, in number order (all number
        ranges: core 001–009, search 010–019, procedure/alerts 020–029, sync 030–039). Returns the
        names applied. ``open_store`` calls it."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection(s)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """``with store.transaction() as conn:`` — a DB-API connection of the backend
        (``sqlite3.Connection`` / ``psycopg.Connection``) inside one transaction: committed when the block
        ends, rolled back when it raises. For other stages' backend mixins (search, alerts, sync) that keep
        their own tables; their SQL stays in ``store/``."""

    def read(self) -> AbstractContextManager[Any]:
        """``with store.read() as conn:`` — a DB-API connection for reading, one consistent snapshot, no
        write lock (each thread gets its own connection). Defaults to ``transaction()``."""
        return self.transaction()

    # -- writing -------------------------------------------------------------------------------
    @abstractmethod
    def known_raw(self, checksums: Sequence[str]) -> dict[str, str]:
        """For the given raw checksums already stored: checksum → parser version of their stored parse
        (or of their failure). Lets the loader skip parsing what is unchanged."""

    @abstractmethod
    def write_batch(self, outcomes: Sequence[ParseOutcome], *, reparse: bool = False) -> LoadReport:
        """Store one batch of parse outcomes in ONE transaction and link their documents into cases.

        Each outcome counts once: ``inserted`` (a new document, or a new failure), ``updated`` (a stored
        document that changed: new parse, new source, new link), ``unchanged``, or ``failed`` (kept raw
        with its error; ``failures`` lists (source, error)). Idempotent: writing the same outcomes again
        reports them all unchanged. ``reparse=True`` marks a re-parse of stored raw content (the sources
        are already known; only parse results are compared)."""

    @abstractmethod
    def iter_raw(self, batch_size: int = 500) -> Iterator[list[ParseOutcome]]:
        """Every stored raw content with its sources, in batches, as ``ParseOutcome`` objects whose
        ``item`` is filled (bytes, path, URL, hints, fetch time, content type) and ``parsed`` is None:
        the input of a re-parse."""

    @abstractmethod
    def mark_removed(self, *, source_url: str | None = None, publication: str | None = None,
                     document_number: str | None = None, zaak: str | None = None,
                     removed_at: str | None = None) -> int:
        """Mark the matching sources / documents as removed at the source (a deletion in a feed); raw copies
        and parses are kept. Returns the number of documents affected. ``removed_at`` defaults to now."""

    # -- reading -------------------------------------------------------------------------------
    @abstractmethod
    def get_case(self, key: str) -> Case | None:
        """A case by zaak number (``2024Z01911``), local key (``L…``, also merged-away ones) or the public
        identifier of one of its documents (``ah-tk-…``, ``kv-tk-…``, ``2024D…``), with all documents."""

    @abstractmethod
    def iter_cases(self) -> Iterator[CaseSummary]:
        """Every case, lightweight (no texts), ordered by key; for statistics and lists."""

    @abstractmethod
    def get_document(self, document_id: int) -> StoredDocument | None:
        """One document with its parsed parts and sources."""

    @abstractmethod
    def find_documents(self, identifier: str) -> list[StoredDocument]:
        """Documents by public identifier, document number, zaak number, source URL or source path."""

    @abstractmethod
    def get_raw(self, document_id: int) -> RawDocument | None:
        """The primary raw content of a document, as received."""

    @abstractmethod
    def list_failed(self) -> list[FailedDocument]:
        """Raw documents kept without a parse, with their error (newest first)."""

    @abstractmethod
    def list_link_issues(self) -> list[LinkIssue]:
        """Documents whose case is uncertain, with the candidate cases."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Numbers of cases, documents, raw contents, sources, failures, link issues."""
