-- Aliases by case (the same index as SQLite's 003): merging a case moves its aliases.
CREATE INDEX IF NOT EXISTS case_alias_case ON case_alias (case_id);
