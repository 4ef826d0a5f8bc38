"""Corpus statistics for ranking: document frequencies of stems and entities, field lengths."""

from __future__ import annotations

import math
from typing import Any


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class Lexicon:
    """Document frequencies and average field lengths of the store's index. Kept on the store object
    between calls (a web or API process asks many times) and dropped when the number of documents
    has changed by more than 2 %: document frequencies move slowly."""

    def __init__(self, store: Any, conn: Any):
        self.store, self.conn = store, conn
        self.n = max(1, store.search_doc_count(conn))
        cached = getattr(store, "_search_lexicon", None)
        if cached is None or abs(cached[0] - self.n) > 0.02 * cached[0]:
            cached = (self.n, {}, {})
            try:
                store._search_lexicon = cached
            except AttributeError:  # pragma: no cover - a store that refuses attributes
                pass
        self._df, self._edf = cached[1], cached[2]
        self.avg = store.search_field_lengths(conn)

    def df(self, terms: list[str]) -> dict[str, int]:
        missing = [t for t in terms if t not in self._df]
        if missing:
            self._df.update(self.store.term_doc_freqs(self.conn, missing))
        return {t: self._df[t] for t in terms}

    def entity_df(self, keys: list[str]) -> dict[str, int]:
        missing = [k for k in keys if k not in self._edf]
        if missing:
            self._edf.update(self.store.entity_doc_freqs(self.conn, missing))
        return {k: self._edf[k] for k in keys}
