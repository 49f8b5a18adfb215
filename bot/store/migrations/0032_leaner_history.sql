-- The history's indexes hold only what a query needs (issue 14: under 3 KB a resident during
-- the campaign). On SQLite and PostgreSQL alike.
--
-- events (kind, step_index): every query by kind is served by events_kind_person (kind,
-- channel, user_id, step_index) of 0014a, which starts with the same column; the older index
-- was a second copy of every event's kind (about 150 bytes a resident).
DROP INDEX events_kind;

-- The processor's queue: only updates still waiting ('new') are read by status, in id order,
-- so only they are in the index (it held every update ever handled).
DROP INDEX inbox_new;
CREATE INDEX inbox_new ON inbox (id) WHERE status = 'new';

-- A person's waiting updates (several workers on PostgreSQL: bot/store/pg_tx.py): every query
-- asks for status 'new'; SQLite stores no person (NULL), and held an entry per update anyway.
DROP INDEX inbox_person;
CREATE INDEX inbox_person ON inbox (person, id) WHERE status = 'new';

-- Retention (bot/store/retention.py): a finished message with a platform id stays the
-- retention days (a late delivery status finds it by that id), one without goes after a day;
-- each kind is found, oldest first, on an index of its own, so neither statement reads the
-- rows the other keeps.
DROP INDEX outbox_finished;
CREATE INDEX outbox_finished ON outbox (created_at)
    WHERE status IN ('sent', 'failed', 'blocked') AND platform_id IS NOT NULL;
CREATE INDEX outbox_finished_untracked ON outbox (created_at)
    WHERE status IN ('sent', 'failed', 'blocked') AND platform_id IS NULL;
