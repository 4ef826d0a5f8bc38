-- PostgreSQL's index became to_tsvector('dutch', <folded original text>) (migrations/postgres/016, issue 9).
-- SQLite's FTS5 index keeps the dutch_porter stems, the same lexemes: nothing to change here.
SELECT 1;
