-- PostgreSQL only. The totals of 0014b were one row per (table, channel, status): every
-- worker's batch bumped the same row ('inbox', 'telegram', 'done') in its own transaction and
-- held that row's lock until its COMMIT, so the workers' batches ran one after another. Each
-- connection now counts in a row of its own slot (its server process id modulo 16); readers
-- add the slots up (PgStore.row_counts).
ALTER TABLE row_counts ADD COLUMN slot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE row_counts DROP CONSTRAINT row_counts_pkey;
ALTER TABLE row_counts ADD PRIMARY KEY (name, channel, status, slot);

CREATE OR REPLACE FUNCTION row_counts_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = ANY (TG_ARGV[1:]) AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
        INSERT INTO row_counts (name, channel, status, slot, n)
        VALUES (TG_ARGV[0], NEW.channel, NEW.status, pg_backend_pid() % 16, 1)
        ON CONFLICT (name, channel, status, slot) DO UPDATE SET n = row_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
