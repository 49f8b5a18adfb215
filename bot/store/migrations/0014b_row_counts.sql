-- Totals for /metrics without counting the history (issue 14): how many updates were
-- handled or failed, how many messages were sent, failed or blocked, per channel. Kept by
-- triggers in the same transaction as the status change, whichever statement makes it, and
-- they survive retention (old rows are deleted, their count stays). What is still waiting
-- (new updates, pending and sending messages) is counted on the partial indexes of 0014a.
-- (SQLite triggers: a PostgreSQL store needs the same as a trigger function.)
CREATE TABLE row_counts (
    name    TEXT NOT NULL,               -- 'inbox' or 'outbox'
    channel TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (name, channel, status)
);

INSERT INTO row_counts (name, channel, status, n)
    SELECT 'inbox', channel, status, count(*) FROM inbox
    WHERE status IN ('done', 'failed') GROUP BY channel, status;
INSERT INTO row_counts (name, channel, status, n)
    SELECT 'outbox', channel, status, count(*) FROM outbox
    WHERE status IN ('sent', 'failed', 'blocked') GROUP BY channel, status;

CREATE TRIGGER inbox_counted_insert AFTER INSERT ON inbox
WHEN NEW.status IN ('done', 'failed')
BEGIN
    INSERT INTO row_counts (name, channel, status, n) VALUES ('inbox', NEW.channel, NEW.status, 1)
    ON CONFLICT (name, channel, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_counted_update AFTER UPDATE OF status ON inbox
WHEN NEW.status IN ('done', 'failed') AND NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO row_counts (name, channel, status, n) VALUES ('inbox', NEW.channel, NEW.status, 1)
    ON CONFLICT (name, channel, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER outbox_counted_insert AFTER INSERT ON outbox
WHEN NEW.status IN ('sent', 'failed', 'blocked')
BEGIN
    INSERT INTO row_counts (name, channel, status, n) VALUES ('outbox', NEW.channel, NEW.status, 1)
    ON CONFLICT (name, channel, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER outbox_counted_update AFTER UPDATE OF status ON outbox
WHEN NEW.status IN ('sent', 'failed', 'blocked') AND NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO row_counts (name, channel, status, n) VALUES ('outbox', NEW.channel, NEW.status, 1)
    ON CONFLICT (name, channel, status) DO UPDATE SET n = n + 1;
END;
