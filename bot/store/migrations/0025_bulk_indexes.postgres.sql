-- PostgreSQL's twin of 0025_bulk_indexes.sql: the same indexes, with the insertion order
-- (`rowid`, an identity column on PostgreSQL) named where SQLite has it in every index.
CREATE INDEX people_seen ON people (last_seen, rowid);
CREATE INDEX people_rowid ON people (rowid);
CREATE INDEX reminders_waiting ON reminders (channel, due_at, id) WHERE status = 'due';
CREATE INDEX broadcast_recipients_next ON broadcast_recipients (broadcast_id, channel, rowid)
    WHERE status = 'pending';
CREATE INDEX broadcast_recipients_template ON broadcast_recipients (queued_at)
    WHERE via = 'template';
CREATE INDEX reminders_template ON reminders (done_at) WHERE via = 'template';
