"""The cache folder: every raw response, unchanged, with its URL and fetch time, before anything parses it.

Layout (under the cache root):
- ``odata/<fetched-at>-<hash>.json`` — one OData page each, named so that a sorted listing is the
  order they were fetched in (a replay applies them in that order);
- ``ob/<identifier>.xml`` — officielebekendmakingen XML; ``sru/<hash>.xml`` — SRU answers;
- ``tk/<document id>.<ext>`` — Tweede Kamer document files (PDF / DOCX);
- beside each file ``<file>.meta.json``: url, fetched_at (UTC), status, content_type, sha256, size.

Writes are atomic (temporary file, then rename), so a killed process leaves either the old file or
the new one, never half of one; the data file is renamed into place before its meta file. No fsync
by default (it cost ~10 ms a file here, more than the download): a process crash loses nothing, and
after a power loss a file the database already counts as loaded is still in the database as raw
content. ``Cache(root, fsync=True)`` makes each file durable before it is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kamervragen.fetch.http import Response

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class CachedFile:
    path: Path
    url: str
    fetched_at: str
    sha256: str
    content_type: str


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


class Cache:
    def __init__(self, root: str | Path, fsync: bool = False) -> None:
        self.root = Path(root)
        self.fsync = fsync
        self.root.mkdir(parents=True, exist_ok=True)
        for stale in self.root.glob("*/.*.tmp"):  # left by a process killed mid-write
            stale.unlink(missing_ok=True)

    def path(self, kind: str, name: str) -> Path:
        return self.root / kind / _SAFE.sub("_", name)

    def put(self, kind: str, name: str, resp: Response) -> CachedFile:
        path = self.path(kind, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fetched_at = utcnow()
        digest = hashlib.sha256(resp.content).hexdigest()
        _atomic_write(path, resp.content, self.fsync)
        meta = {"url": resp.url, "fetched_at": fetched_at, "status": resp.status,
                "content_type": resp.content_type, "sha256": digest, "size": len(resp.content)}
        _atomic_write(_meta_path(path), json.dumps(meta, ensure_ascii=False, indent=1).encode(), self.fsync)
        return CachedFile(path, resp.url, fetched_at, digest, resp.content_type)

    def put_page(self, resp: Response) -> CachedFile:
        stamp = utcnow().replace(":", "").replace("-", "").replace(".", "")
        return self.put("odata", f"{stamp}-{url_key(resp.url)}.json", resp)

    def get(self, path: Path) -> tuple[bytes, dict]:
        """The bytes and meta of a cached file (raises ``FileNotFoundError`` when either is missing)."""
        return path.read_bytes(), json.loads(_meta_path(path).read_text())

    def cached(self, kind: str, pattern: str) -> CachedFile | None:
        """A cached file — ``pattern`` a file name, or a glob with ``*`` — with its meta, or None."""
        folder = self.root / kind
        if "*" in pattern:
            paths = sorted(folder.glob(pattern)) if folder.exists() else []
        else:
            paths = [self.path(kind, pattern)]
        for path in paths:
            if path.name.endswith(".meta.json") or path.name.startswith(".") or not path.exists():
                continue
            try:
                meta = json.loads(_meta_path(path).read_text())
            except FileNotFoundError:
                continue
            return CachedFile(path, meta["url"], meta["fetched_at"], meta["sha256"], meta["content_type"])
        return None

    def pages(self) -> list[Path]:
        folder = self.root / "odata"
        return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".meta.json")) \
            if folder.exists() else []


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _atomic_write(path: Path, data: bytes, fsync: bool) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        if fsync:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)
