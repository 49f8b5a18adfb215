-- One form for every stored moment (bot/store/timefmt.py): ISO 8601 to the microsecond with
-- the offset of the campaign's time zone, 32 characters, e.g. 2020-03-02T09:15:00.000000+07:00.
-- Before this, WhatsApp's delivery statuses were stored in UTC (+00:00) and the migration log
-- in SQLite's 'YYYY-MM-DD HH:MM:SS' (UTC), while everything else was +07:00, and moments
-- are compared as text. Rows in another form are rewritten to the same instant in the
-- campaign's offset, read from the rows the clock wrote (the newest event, else a person's
-- last message; +07:00, WIB, in an empty database). The fraction of a second is carried
-- over as written (it is cut off before SQLite's date arithmetic, which keeps milliseconds).
-- PostgreSQL: 0018_one_time_form.postgres.sql.

CREATE TEMP TABLE zone_0018 AS
SELECT tz_offset,
       (CAST(substr(tz_offset, 2, 2) AS INTEGER) * 60 + CAST(substr(tz_offset, 5, 2) AS INTEGER))
       * (CASE WHEN substr(tz_offset, 1, 1) = '-' THEN -1 ELSE 1 END) AS minutes
FROM (SELECT coalesce(
    (SELECT substr(at, 27) FROM events WHERE length(at) = 32 ORDER BY id DESC LIMIT 1),
    (SELECT substr(last_seen, 27) FROM people WHERE length(last_seen) = 32
     ORDER BY last_seen DESC LIMIT 1),
    '+07:00') AS tz_offset);

UPDATE broadcast_recipients SET queued_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(queued_at, 1, 19)
                    || CASE WHEN substr(queued_at, -6, 1) IN ('+', '-') THEN substr(queued_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(queued_at, 20, 1) = '.' THEN substr(queued_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE queued_at IS NOT NULL
  AND NOT (length(queued_at) = 32 AND substr(queued_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE broadcasts SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE broadcasts SET finished_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(finished_at, 1, 19)
                    || CASE WHEN substr(finished_at, -6, 1) IN ('+', '-') THEN substr(finished_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(finished_at, 20, 1) = '.' THEN substr(finished_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE finished_at IS NOT NULL
  AND NOT (length(finished_at) = 32 AND substr(finished_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE completions SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE events SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE group_notices SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE handoffs SET claimed_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(claimed_at, 1, 19)
                    || CASE WHEN substr(claimed_at, -6, 1) IN ('+', '-') THEN substr(claimed_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(claimed_at, 20, 1) = '.' THEN substr(claimed_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE claimed_at IS NOT NULL
  AND NOT (length(claimed_at) = 32 AND substr(claimed_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE handoffs SET answered_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(answered_at, 1, 19)
                    || CASE WHEN substr(answered_at, -6, 1) IN ('+', '-') THEN substr(answered_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(answered_at, 20, 1) = '.' THEN substr(answered_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE answered_at IS NOT NULL
  AND NOT (length(answered_at) = 32 AND substr(answered_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE handoffs SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE inbox SET received_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(received_at, 1, 19)
                    || CASE WHEN substr(received_at, -6, 1) IN ('+', '-') THEN substr(received_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(received_at, 20, 1) = '.' THEN substr(received_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE received_at IS NOT NULL
  AND NOT (length(received_at) = 32 AND substr(received_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE inbox SET handled_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(handled_at, 1, 19)
                    || CASE WHEN substr(handled_at, -6, 1) IN ('+', '-') THEN substr(handled_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(handled_at, 20, 1) = '.' THEN substr(handled_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE handled_at IS NOT NULL
  AND NOT (length(handled_at) = 32 AND substr(handled_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE message_refs SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE opt_outs SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE outbox SET not_before = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(not_before, 1, 19)
                    || CASE WHEN substr(not_before, -6, 1) IN ('+', '-') THEN substr(not_before, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(not_before, 20, 1) = '.' THEN substr(not_before, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE not_before IS NOT NULL
  AND NOT (length(not_before) = 32 AND substr(not_before, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE outbox SET claimed_until = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(claimed_until, 1, 19)
                    || CASE WHEN substr(claimed_until, -6, 1) IN ('+', '-') THEN substr(claimed_until, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(claimed_until, 20, 1) = '.' THEN substr(claimed_until, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE claimed_until IS NOT NULL
  AND NOT (length(claimed_until) = 32 AND substr(claimed_until, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE outbox SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE outbox SET sent_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(sent_at, 1, 19)
                    || CASE WHEN substr(sent_at, -6, 1) IN ('+', '-') THEN substr(sent_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(sent_at, 20, 1) = '.' THEN substr(sent_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE sent_at IS NOT NULL
  AND NOT (length(sent_at) = 32 AND substr(sent_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE outreach_events SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE people SET first_seen = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(first_seen, 1, 19)
                    || CASE WHEN substr(first_seen, -6, 1) IN ('+', '-') THEN substr(first_seen, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(first_seen, 20, 1) = '.' THEN substr(first_seen, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE first_seen IS NOT NULL
  AND NOT (length(first_seen) = 32 AND substr(first_seen, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE people SET last_seen = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(last_seen, 1, 19)
                    || CASE WHEN substr(last_seen, -6, 1) IN ('+', '-') THEN substr(last_seen, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(last_seen, 20, 1) = '.' THEN substr(last_seen, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE last_seen IS NOT NULL
  AND NOT (length(last_seen) = 32 AND substr(last_seen, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE people SET blocked_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(blocked_at, 1, 19)
                    || CASE WHEN substr(blocked_at, -6, 1) IN ('+', '-') THEN substr(blocked_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(blocked_at, 20, 1) = '.' THEN substr(blocked_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE blocked_at IS NOT NULL
  AND NOT (length(blocked_at) = 32 AND substr(blocked_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE referrals SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE rejected_updates SET received_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(received_at, 1, 19)
                    || CASE WHEN substr(received_at, -6, 1) IN ('+', '-') THEN substr(received_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(received_at, 20, 1) = '.' THEN substr(received_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE received_at IS NOT NULL
  AND NOT (length(received_at) = 32 AND substr(received_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE reminders SET due_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(due_at, 1, 19)
                    || CASE WHEN substr(due_at, -6, 1) IN ('+', '-') THEN substr(due_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(due_at, 20, 1) = '.' THEN substr(due_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE due_at IS NOT NULL
  AND NOT (length(due_at) = 32 AND substr(due_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE reminders SET done_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(done_at, 1, 19)
                    || CASE WHEN substr(done_at, -6, 1) IN ('+', '-') THEN substr(done_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(done_at, 20, 1) = '.' THEN substr(done_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE done_at IS NOT NULL
  AND NOT (length(done_at) = 32 AND substr(done_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE schema_migrations SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE tutor_accounts SET linked_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(linked_at, 1, 19)
                    || CASE WHEN substr(linked_at, -6, 1) IN ('+', '-') THEN substr(linked_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(linked_at, 20, 1) = '.' THEN substr(linked_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE linked_at IS NOT NULL
  AND NOT (length(linked_at) = 32 AND substr(linked_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE tutorial_progress SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE tutors SET registered_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(registered_at, 1, 19)
                    || CASE WHEN substr(registered_at, -6, 1) IN ('+', '-') THEN substr(registered_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(registered_at, 20, 1) = '.' THEN substr(registered_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE registered_at IS NOT NULL
  AND NOT (length(registered_at) = 32 AND substr(registered_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE tutors SET revoked_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(revoked_at, 1, 19)
                    || CASE WHEN substr(revoked_at, -6, 1) IN ('+', '-') THEN substr(revoked_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(revoked_at, 20, 1) = '.' THEN substr(revoked_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE revoked_at IS NOT NULL
  AND NOT (length(revoked_at) = 32 AND substr(revoked_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE visit_requests SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE visit_requests SET state_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(state_at, 1, 19)
                    || CASE WHEN substr(state_at, -6, 1) IN ('+', '-') THEN substr(state_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(state_at, 20, 1) = '.' THEN substr(state_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE state_at IS NOT NULL
  AND NOT (length(state_at) = 32 AND substr(state_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE vouchers SET issued_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(issued_at, 1, 19)
                    || CASE WHEN substr(issued_at, -6, 1) IN ('+', '-') THEN substr(issued_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(issued_at, 20, 1) = '.' THEN substr(issued_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE issued_at IS NOT NULL
  AND NOT (length(issued_at) = 32 AND substr(issued_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE vouchers SET redeemed_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(redeemed_at, 1, 19)
                    || CASE WHEN substr(redeemed_at, -6, 1) IN ('+', '-') THEN substr(redeemed_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(redeemed_at, 20, 1) = '.' THEN substr(redeemed_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE redeemed_at IS NOT NULL
  AND NOT (length(redeemed_at) = 32 AND substr(redeemed_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_links SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_links SET expires_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(expires_at, 1, 19)
                    || CASE WHEN substr(expires_at, -6, 1) IN ('+', '-') THEN substr(expires_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(expires_at, 20, 1) = '.' THEN substr(expires_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE expires_at IS NOT NULL
  AND NOT (length(expires_at) = 32 AND substr(expires_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_links SET used_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(used_at, 1, 19)
                    || CASE WHEN substr(used_at, -6, 1) IN ('+', '-') THEN substr(used_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(used_at, 20, 1) = '.' THEN substr(used_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE used_at IS NOT NULL
  AND NOT (length(used_at) = 32 AND substr(used_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_sessions SET created_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(created_at, 1, 19)
                    || CASE WHEN substr(created_at, -6, 1) IN ('+', '-') THEN substr(created_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE created_at IS NOT NULL
  AND NOT (length(created_at) = 32 AND substr(created_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_sessions SET seen_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(seen_at, 1, 19)
                    || CASE WHEN substr(seen_at, -6, 1) IN ('+', '-') THEN substr(seen_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(seen_at, 20, 1) = '.' THEN substr(seen_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE seen_at IS NOT NULL
  AND NOT (length(seen_at) = 32 AND substr(seen_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE web_sessions SET ended_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(ended_at, 1, 19)
                    || CASE WHEN substr(ended_at, -6, 1) IN ('+', '-') THEN substr(ended_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(ended_at, 20, 1) = '.' THEN substr(ended_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE ended_at IS NOT NULL
  AND NOT (length(ended_at) = 32 AND substr(ended_at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE whatsapp_statuses SET at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(at, 1, 19)
                    || CASE WHEN substr(at, -6, 1) IN ('+', '-') THEN substr(at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE at IS NOT NULL
  AND NOT (length(at) = 32 AND substr(at, 27) = (SELECT tz_offset FROM zone_0018));

UPDATE whatsapp_window SET last_incoming_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%S', substr(last_incoming_at, 1, 19)
                    || CASE WHEN substr(last_incoming_at, -6, 1) IN ('+', '-') THEN substr(last_incoming_at, -6) ELSE '' END,
                    minutes || ' minutes')
           || '.' || CASE WHEN substr(last_incoming_at, 20, 1) = '.' THEN substr(last_incoming_at, 21, 6) ELSE '000000' END
           || tz_offset
    FROM zone_0018)
WHERE last_incoming_at IS NOT NULL
  AND NOT (length(last_incoming_at) = 32 AND substr(last_incoming_at, 27) = (SELECT tz_offset FROM zone_0018));

DROP TABLE zone_0018;
