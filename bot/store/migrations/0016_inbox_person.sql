-- Several workers on PostgreSQL (issue 16): whose conversation an update belongs to
-- (`channel:user`), written with the update. A worker handles a person's updates only while
-- it holds that person's lock and no earlier update of theirs waits, so one person's updates
-- are handled one at a time and in order, whichever worker received them
-- (bot/store/postgres.py PgTx.inbox_new). NULL: an update nobody's conversation reads.
ALTER TABLE inbox ADD COLUMN person TEXT;
CREATE INDEX inbox_person ON inbox (person, status, id);
