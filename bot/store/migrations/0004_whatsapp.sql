-- WhatsApp (issue 6). `user_id` is the person's WhatsApp id, normalised: digits only, E.164
-- without "+" (or a BSUID such as "ID.1234…" where a person hides their number). `channel` is
-- always 'whatsapp'; it is there so the privacy registry (bot/store/personal_data.py) finds a
-- person's rows the way it finds them everywhere: channel + user_id. Both tables are personal
-- data (phone numbers) that /hapus_data deletes.

-- The customer-service window: free-form messages may go to a person only within 24 hours of
-- their last message; outside it only templates (a later issue) can reach them.
CREATE TABLE whatsapp_window (
    channel          TEXT NOT NULL DEFAULT 'whatsapp' CHECK (channel = 'whatsapp'),
    user_id          TEXT NOT NULL,
    last_incoming_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);

-- Delivery statuses Meta reports for the messages we sent (sent, delivered, read, failed...).
-- One row per message and status: Meta may deliver the same status twice.
CREATE TABLE whatsapp_statuses (
    wamid       TEXT NOT NULL,
    status      TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT 'whatsapp' CHECK (channel = 'whatsapp'),
    user_id     TEXT NOT NULL,              -- the recipient
    at          TEXT NOT NULL,              -- Meta's timestamp of the status
    error_code  INTEGER,                    -- for "failed": e.g. 131047 (outside the window)
    error_title TEXT,
    PRIMARY KEY (wamid, status)
);
CREATE INDEX whatsapp_statuses_person ON whatsapp_statuses (channel, user_id);
