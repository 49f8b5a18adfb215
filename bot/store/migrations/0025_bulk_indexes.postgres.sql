-- PostgreSQL's twin of 0025_bulk_indexes.sql: the same indexes, with the insertion order
-- (`rowid`, an identity column on PostgreSQL) named where SQLite has it in every index, and
-- NULLS FIRST where a query orders by the column: the translated ORDER BY says NULLS FIRST
-- (SQLite's order), and only an index in that order spares PostgreSQL a sort of every row.
CREATE INDEX people_seen ON people (last_seen NULLS FIRST, rowid NULLS FIRST);
CREATE INDEX reminders_waiting ON reminders (channel, due_at NULLS FIRST, id NULLS FIRST)
    WHERE status = 'due';
CREATE INDEX broadcast_recipients_next
    ON broadcast_recipients (broadcast_id, channel, rowid NULLS FIRST) WHERE status = 'pending';
CREATE INDEX broadcast_recipients_template ON broadcast_recipients (channel, queued_at)
    WHERE via = 'template';
CREATE INDEX reminders_template ON reminders (channel, done_at) WHERE via = 'template';
