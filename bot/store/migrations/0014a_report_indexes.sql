-- Costs that stay flat (issue 14): the indexes the reports and per-person lookups need.
--
-- A person's events (/hapus_data, the tutor's wrong attempts, "did this person finish the
-- tutorial?" in the funnel and the tutor figures): found by an index seek instead of a scan
-- of every event ever written.
CREATE INDEX events_person ON events (channel, user_id, kind);
-- The people who did something (started the tutorial, reached a step): read in
-- (channel, user_id) order straight from the index, no sort of all events, no table read.
CREATE INDEX events_kind_person ON events (kind, channel, user_id, step_index);
-- /healthz and /metrics count the messages waiting and the updates not yet handled: the
-- partial indexes hold only those rows, so the count costs what is waiting, not the history.
CREATE INDEX outbox_waiting ON outbox (status, channel) WHERE status IN ('pending', 'sending');
CREATE INDEX inbox_waiting ON inbox (status, channel) WHERE status = 'new';
-- People who blocked the bot, per channel (the statistics' channel table).
CREATE INDEX people_blocked ON people (channel) WHERE blocked_at IS NOT NULL;
