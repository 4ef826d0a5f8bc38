"""The procedure stage: deadlines, status, normalisation of offices and parties, statistics, exports and
alerts. Everything reads through the store interface and returns plain data, so the CLI, the API and the
web pages call the same functions; "today" is always a parameter.

- ``clock``: ``due_date``, ``compute_clock`` (pure: dates in, ``Clock`` out), ``turned_overdue_on``.
- ``requested``: ``requested_dates`` / ``requested_in_questions`` (answer-before dates inside questions).
- ``normalise``: ``normalise_office``, ``split_offices``, ``ministries_of``, ``lead_ministry``,
  ``normalise_party``, ``party_successor``, ``normalise_member`` (tables in ``kamervragen/data``).
- ``cases``: ``case_status``, ``case_clock_json`` (for ``show --json``), ``case_statuses``,
  ``open_cases``, ``CaseFilter``.
- ``stats``: ``compute_stats``, ``stats_of``, ``write_charts``.
- ``export``: ``export_tables``, ``write_export`` (csv, jsonl, parquet, ics), ``due_calendar``.
- ``alerts``: ``follow``, ``unfollow``, ``save_search``, ``target_events``, ``check_alerts``,
  ``atom_feed``.
- ``linking``: links between documents (the store stage's part).
"""
