-- The platform's id of a sent message (WhatsApp's wamid), so the delivery statuses Meta
-- reports later can update the outbox row: a "failed" status marks the message failed.
ALTER TABLE outbox ADD COLUMN platform_id TEXT;
CREATE INDEX outbox_platform ON outbox (channel, platform_id) WHERE platform_id IS NOT NULL;
