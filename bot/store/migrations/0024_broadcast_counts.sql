-- A broadcast's progress in constant time (issue 14): counters per outcome kept by triggers in
-- the same transaction as the change, whichever statement makes it, instead of counting every
-- recipient joined with the outbox every 3 s. They survive retention (the recipients of a
-- finished broadcast are deleted; its counts stay).
--
-- Outcomes (what the progress message shows): pending (not queued yet), sending (queued, its
-- message not sent yet), sent, failed, blocked, skipped (opted out since, no template, a
-- channel this bot does not run, or the person's data deleted before it went), cancelled.
-- A recipient's outcome follows its own status until it is queued, then its message's.
ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER;  -- the broadcast a bulk message is part of

CREATE TABLE broadcast_counts (
    broadcast_id INTEGER NOT NULL,
    outcome      TEXT NOT NULL,
    n            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (broadcast_id, outcome)
);

UPDATE outbox SET broadcast_id = (SELECT r.broadcast_id FROM broadcast_recipients r
                                  WHERE r.outbox_id = outbox.id)
WHERE id IN (SELECT outbox_id FROM broadcast_recipients WHERE outbox_id IS NOT NULL);

INSERT INTO broadcast_counts (broadcast_id, outcome, n)
    SELECT r.broadcast_id,
           CASE WHEN r.status = 'queued' THEN
                    CASE coalesce(o.status, 'sent') WHEN 'pending' THEN 'sending' ELSE coalesce(o.status, 'sent') END
                WHEN r.status IN ('opted_out', 'no_template', 'no_channel') THEN 'skipped'
                ELSE r.status END,
           count(*)
    FROM broadcast_recipients r LEFT JOIN outbox o ON o.id = r.outbox_id
    GROUP BY 1, 2;

-- A recipient: counted when written; moved when its status changes (queued: 'sending').
CREATE TRIGGER recipients_counted_insert AFTER INSERT ON broadcast_recipients
BEGIN
    INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (NEW.broadcast_id,
        CASE WHEN NEW.status = 'queued' THEN 'sending'
             WHEN NEW.status IN ('opted_out', 'no_template', 'no_channel') THEN 'skipped'
             ELSE NEW.status END, 1)
    ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER recipients_counted_update AFTER UPDATE OF status ON broadcast_recipients
WHEN NEW.status IS NOT OLD.status
BEGIN
    UPDATE broadcast_counts SET n = n - 1 WHERE broadcast_id = OLD.broadcast_id AND outcome =
        CASE WHEN OLD.status = 'queued' THEN 'sending'
             WHEN OLD.status IN ('opted_out', 'no_template', 'no_channel') THEN 'skipped'
             ELSE OLD.status END;
    INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (NEW.broadcast_id,
        CASE WHEN NEW.status = 'queued' THEN 'sending'
             WHEN NEW.status IN ('opted_out', 'no_template', 'no_channel') THEN 'skipped'
             ELSE NEW.status END, 1)
    ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = n + 1;
END;

-- A recipient still pending whose data is deleted (/hapus_data): skipped, so the broadcast
-- can finish. (Retention deletes only recipients of finished broadcasts: none pending.)
CREATE TRIGGER recipients_counted_delete AFTER DELETE ON broadcast_recipients
WHEN OLD.status = 'pending'
BEGIN
    UPDATE broadcast_counts SET n = n - 1
    WHERE broadcast_id = OLD.broadcast_id AND outcome = 'pending';
    INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (OLD.broadcast_id, 'skipped', 1)
    ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = n + 1;
END;

-- A queued recipient's message: sending until the sender (or a delivery status, a block,
-- a cancel) gives it its outcome.
CREATE TRIGGER outbox_broadcast_counted AFTER UPDATE OF status ON outbox
WHEN NEW.broadcast_id IS NOT NULL
 AND (CASE WHEN NEW.status IN ('pending', 'sending') THEN 'sending' ELSE NEW.status END)
     IS NOT (CASE WHEN OLD.status IN ('pending', 'sending') THEN 'sending' ELSE OLD.status END)
BEGIN
    UPDATE broadcast_counts SET n = n - 1 WHERE broadcast_id = OLD.broadcast_id AND outcome =
        CASE WHEN OLD.status IN ('pending', 'sending') THEN 'sending' ELSE OLD.status END;
    INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (NEW.broadcast_id,
        CASE WHEN NEW.status IN ('pending', 'sending') THEN 'sending' ELSE NEW.status END, 1)
    ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = n + 1;
END;

-- A message deleted before it went (the person's /hapus_data): skipped.
CREATE TRIGGER outbox_broadcast_deleted AFTER DELETE ON outbox
WHEN OLD.broadcast_id IS NOT NULL AND OLD.status IN ('pending', 'sending')
BEGIN
    UPDATE broadcast_counts SET n = n - 1
    WHERE broadcast_id = OLD.broadcast_id AND outcome = 'sending';
    INSERT INTO broadcast_counts (broadcast_id, outcome, n) VALUES (OLD.broadcast_id, 'skipped', 1)
    ON CONFLICT (broadcast_id, outcome) DO UPDATE SET n = n + 1;
END;
