-- WhatsApp broadcasts once the day's templates are used up (issue 14): each round looks for
-- recipients inside their 24-hour window. It starts from the windows opened in the last day
-- (people who wrote recently, found on this index), not from every pending recipient.
CREATE INDEX whatsapp_window_recent ON whatsapp_window (channel, last_incoming_at);
