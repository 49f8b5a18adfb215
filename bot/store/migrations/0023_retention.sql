-- Retention (issue 14): what was handled long ago is deleted, a small batch at a time, by the
-- bot (bot/services/retention.py) and by `tutor-sensus prune`. These partial indexes hold only
-- the rows that are finished, in the order they grow old, so a batch finds the oldest ones
-- without reading what stays (the rows still waiting, the recent ones).
CREATE INDEX inbox_finished ON inbox (received_at) WHERE status IN ('done', 'failed');
CREATE INDEX outbox_finished ON outbox (created_at) WHERE status IN ('sent', 'failed', 'blocked');
CREATE INDEX whatsapp_statuses_at ON whatsapp_statuses (at);
CREATE INDEX rejected_updates_at ON rejected_updates (received_at);
CREATE INDEX broadcasts_finished ON broadcasts (finished_at) WHERE status IN ('done', 'cancelled');

-- What a person typed, or was sent, is not kept once it has done its work: from now on a
-- handled update and a sent message lose their payload at once (bot/store/db.py); here the
-- ones handled and sent before this version. (The rows stay for deduplication and delivery
-- statuses until retention deletes them.)
UPDATE inbox SET payload = NULL WHERE status = 'done' AND payload IS NOT NULL;
UPDATE outbox SET payload = '' WHERE status = 'sent' AND payload != '';
