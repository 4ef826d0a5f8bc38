-- Alerts (issue 5): saved searches, follows, and which feed entries were already seen.
-- Applied by SQLiteStore.migrate and recorded in schema_migration.

CREATE TABLE alert_saved_search (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE alert_follow (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('case', 'member', 'ministry', 'party')),
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, value)
);

-- Feed entries already reported by `kamervragen alerts` (feed = 'case:2024Z01911', 'search:<name>', ...).
CREATE TABLE alert_seen (
    feed       TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (feed, entry_id)
) WITHOUT ROWID;
