-- Property reports (issue 17): the history takes every reported value, so each index on it costs the
-- writer on every row. The widest one goes: a thing's history is bounded (--property-history-count,
-- 1,000 by default), so a history query walks the thing's (thing_id, seq) index and filters and sorts at
-- most that many rows.
DROP INDEX property_history_query;
