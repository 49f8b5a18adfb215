-- PostgreSQL's twin of 0024_broadcast_counts.sql (a broadcast's progress from counters kept by
-- triggers): the same column, table and backfill; the counting in trigger functions.
ALTER TABLE outbox ADD COLUMN broadcast_id BIGINT;

CREATE TABLE broadcast_counts (
    broadcast_id BIGINT NOT NULL,
    outcome      TEXT NOT NULL,
    n            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (broadcast_id, outcome)
);

UPDATE outbox SET broadcast_id = r.broadcast_id
FROM broadcast_recipients r WHERE r.outbox_id = outbox.id;

-- What the progress message shows for a recipient's status, or for its message's status.
CREATE FUNCTION broadcast_outcome(recipient TEXT, message TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN recipient IS NULL OR recipient = 'queued' THEN
                    CASE WHEN message IS NULL THEN CASE WHEN recipient IS NULL THEN NULL ELSE 'sent' END
                         WHEN message IN ('pending', 'sending') THEN 'sending'
                         ELSE message END
                WHEN recipient IN ('opted_out', 'no_template', 'no_channel') THEN 'skipped'
                ELSE recipient END
$$;

INSERT INTO broadcast_counts (broadcast_id, outcome, n)
    SELECT r.broadcast_id, broadcast_outcome(r.status, CASE WHEN r.status = 'queued'
                                             THEN coalesce(o.status, 'sent') END), count(*)
    FROM broadcast_recipients r LEFT JOIN outbox o ON o.id = r.outbox_id
    GROUP BY 1, 2;

CREATE FUNCTION broadcast_count_move(broadcast BIGINT, old_outcome TEXT, new_outcome TEXT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF old_outcome IS NOT DISTINCT FROM new_outcome THEN
        RETURN;
    END IF;
    IF old_outcome IS NOT NULL THEN
        UPDATE broadcast_counts SET n = n - 1
        WHERE broadcast_id = broadcast AND outcome = old_outcome;
    END IF;
    IF new_outcome IS NOT NULL THEN
        INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (broadcast, new_outcome, 1)
        ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = broadcast_counts.n + 1;
    END IF;
END;
$$;

CREATE FUNCTION recipients_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM broadcast_count_move(NEW.broadcast_id, NULL,
                                     broadcast_outcome(NEW.status, 'pending'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM broadcast_count_move(NEW.broadcast_id,
                                     broadcast_outcome(OLD.status, 'pending'),
                                     broadcast_outcome(NEW.status, 'pending'));
    ELSIF OLD.status = 'pending' THEN  -- deleted before it was queued (/hapus_data)
        PERFORM broadcast_count_move(OLD.broadcast_id, 'pending', 'skipped');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION outbox_broadcast_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.broadcast_id IS NOT NULL THEN
            PERFORM broadcast_count_move(NEW.broadcast_id, broadcast_outcome(NULL, OLD.status),
                                         broadcast_outcome(NULL, NEW.status));
        END IF;
    ELSIF OLD.broadcast_id IS NOT NULL AND OLD.status IN ('pending', 'sending') THEN
        PERFORM broadcast_count_move(OLD.broadcast_id, 'sending', 'skipped');
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER recipients_counted AFTER INSERT OR UPDATE OF status OR DELETE
    ON broadcast_recipients FOR EACH ROW EXECUTE FUNCTION recipients_counted();
CREATE TRIGGER outbox_broadcast_counted AFTER UPDATE OF status OR DELETE ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_broadcast_counted();
