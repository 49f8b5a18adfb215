-- The bulk lane in time that does not grow with the campaign (issue 14).
--
-- Reminders are scheduled from what changed since the last run (bot/services/bulk.py): the
-- people whose last message crossed a reminder's inactivity threshold since then, found on
-- this index in small batches, never by reading every person.
CREATE INDEX people_seen ON people (last_seen);
-- Due reminders of one channel, oldest first: only the rows still due are in the index.
CREATE INDEX reminders_waiting ON reminders (channel, due_at) WHERE status = 'due';
-- A broadcast's next recipients on a channel, in the order they were written (the rowid ends
-- every index entry): the queued ones leave the index, so each round reads only its batch.
CREATE INDEX broadcast_recipients_next ON broadcast_recipients (broadcast_id, channel)
    WHERE status = 'pending';
-- WhatsApp's daily limit of business-initiated conversations: the templates sent in the last
-- 24 hours, not every recipient and reminder ever.
CREATE INDEX broadcast_recipients_template ON broadcast_recipients (channel, queued_at)
    WHERE via = 'template';
CREATE INDEX reminders_template ON reminders (channel, done_at) WHERE via = 'template';
