-- PostgreSQL's twin of 0014b_row_counts.sql (issue 14's totals for /metrics): the same table
-- and backfill, and the same counting done by one trigger function per table, in the same
-- transaction as the status change, whichever statement makes it.
CREATE TABLE row_counts (
    name    TEXT NOT NULL,               -- 'inbox' or 'outbox'
    channel TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (name, channel, status)
);

INSERT INTO row_counts (name, channel, status, n)
    SELECT 'inbox', channel, status, count(*) FROM inbox
    WHERE status IN ('done', 'failed') GROUP BY channel, status;
INSERT INTO row_counts (name, channel, status, n)
    SELECT 'outbox', channel, status, count(*) FROM outbox
    WHERE status IN ('sent', 'failed', 'blocked') GROUP BY channel, status;

-- TG_ARGV[0]: the table's name in row_counts; TG_ARGV[1..]: the statuses that are counted.
CREATE FUNCTION row_counts_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = ANY (TG_ARGV[1:]) AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
        INSERT INTO row_counts (name, channel, status, n) VALUES (TG_ARGV[0], NEW.channel, NEW.status, 1)
        ON CONFLICT (name, channel, status) DO UPDATE SET n = row_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inbox_counted AFTER INSERT OR UPDATE OF status ON inbox
    FOR EACH ROW EXECUTE FUNCTION row_counts_bump('inbox', 'done', 'failed');
CREATE TRIGGER outbox_counted AFTER INSERT OR UPDATE OF status ON outbox
    FOR EACH ROW EXECUTE FUNCTION row_counts_bump('outbox', 'sent', 'failed', 'blocked');
