"""The search stage: query language, lexical / entity / vector ranking, ``similar``, evaluation.

Public functions (the CLI, the answer kit, the API and the web UI call these):

- ``search.lexical.search(store, query, filters=None, *, limit=10, offset=0, sort="relevance",
  timeout=2.0) -> SearchResult`` — full-text search grouped per case, snippets in the original
  words (``SearchResult.to_json()``); filters from ``search.filters.resolve_filters(date_from=,
  date_to=, party=, member=, ministry=, status=, kind=, today=)``.
- ``search.similar.find_similar(store, target, before=None, k=10, *, per_question=True,
  vectors=None, timeout=5.0) -> SimilarResult`` — ``target`` a ``ParsedDocument`` or a stored case
  key; earlier cases (``cases``), earlier single questions with their answers per question
  (``per_question``), a ``timeline`` of earlier answers from the same ministry, and why.
- ``search.query.parse_query(text) -> Node`` — the query AST; ``to_fts5(node)`` and
  ``to_tsquery(node)`` translate it for SQLite FTS5 and PostgreSQL.
- ``search.vectors.build_vectors(store, "lsa" | "e5")`` — compute missing document vectors.
- ``search.evaluate.evaluate(qrels, docs, extra_dirs=[...]) -> EvalReport``.

All SQL is in ``store/sqlite_search.py`` (``SQLiteSearchMixin``); a backend provides the same
methods: ``index_document`` / ``unindex_document`` (inside its write transaction) and the read
methods ``search_documents``, ``units_of_documents``, ``document_units``, ``search_docs_info``,
``search_case_docs``, ``search_doc_count``, ``search_field_lengths``, ``term_doc_freqs``,
``similar_candidates``, ``document_stems``, ``unit_stems``, ``question_and_answer``,
``entity_doc_freqs``, ``entity_candidates``, ``documents_with_entities``, the vector methods, and
``transaction()``. Stems are ``search.analysis.stems`` (Snowball ``dutch_porter``, equal to
PostgreSQL's ``dutch`` configuration).
"""
