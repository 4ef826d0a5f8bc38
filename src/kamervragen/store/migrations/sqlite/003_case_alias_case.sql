-- Aliases by case: merging a case moves its aliases, and while a batch's foreign keys are deferred
-- (see 002) inserting a case looks up the aliases that refer to it; without this index both scan.
CREATE INDEX IF NOT EXISTS case_alias_case ON case_alias (case_id);
