"""The fetch stage: sources → raw files in a cache folder (never parses a document).

- ``http.HttpClient`` — one httpx session: timeouts, retries with backoff and jitter on 429 / 5xx /
  timeouts / cut-off bodies, a rate limit, a clear User-Agent; counts requests.
- ``odata.ODataClient`` — the Tweede Kamer OData service: ``query_url`` ($filter, $expand, $orderby,
  $select, $top), ``page`` / ``pages`` following ``@odata.nextLink``, ``resource_url`` of a document file.
- ``ob.ObClient`` — officielebekendmakingen: ``fetch_xml(identifier)``, SRU ``search`` / ``search_page``.
- ``cache.Cache`` — the cache folder: raw responses with URL and fetch time, written atomically.
- ``sync.sync(store, SyncOptions)`` — ``kamervragen sync``: batched metadata, files, incremental,
  deletions, resume, offline rebuild (the only module here that hands raw files on to parse and store).
"""
