-- PostgreSQL's twin of 0018_one_time_form.sql (read that first): the same rewrite, as a
-- loop over the moment columns, and only over those still stored as text (a column whose
-- type is timestamptz holds instants, not text, and needs none). The offset is read as on
-- SQLite; 'YYYY-MM-DD"T"HH24:MI:SS.US' plus the offset is timefmt.iso's form.

DO $$
DECLARE
    tz_offset text;
    col record;
BEGIN
    tz_offset := '+07:00';
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'events' AND column_name = 'at' AND data_type = 'text') THEN
        EXECUTE 'SELECT coalesce((SELECT right(at, 6) FROM events WHERE length(at) = 32'
                ' ORDER BY id DESC LIMIT 1), (SELECT right(last_seen, 6) FROM people'
                ' WHERE length(last_seen) = 32 ORDER BY last_seen DESC LIMIT 1), $1)'
            INTO tz_offset USING tz_offset;
    END IF;
    FOR col IN
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN (VALUES
        ('broadcast_recipients', 'queued_at'), ('broadcasts', 'created_at'),
        ('broadcasts', 'finished_at'), ('completions', 'created_at'),
        ('events', 'at'), ('group_notices', 'at'),
        ('handoffs', 'claimed_at'), ('handoffs', 'answered_at'),
        ('handoffs', 'created_at'), ('inbox', 'received_at'),
        ('inbox', 'handled_at'), ('message_refs', 'at'),
        ('opt_outs', 'at'), ('outbox', 'not_before'),
        ('outbox', 'claimed_until'), ('outbox', 'created_at'),
        ('outbox', 'sent_at'), ('outreach_events', 'created_at'),
        ('people', 'first_seen'), ('people', 'last_seen'),
        ('people', 'blocked_at'), ('referrals', 'at'),
        ('rejected_updates', 'received_at'), ('reminders', 'due_at'),
        ('reminders', 'done_at'), ('schema_migrations', 'at'),
        ('tutor_accounts', 'linked_at'), ('tutorial_progress', 'at'),
        ('tutors', 'registered_at'), ('tutors', 'revoked_at'),
        ('visit_requests', 'created_at'), ('visit_requests', 'state_at'),
        ('vouchers', 'issued_at'), ('vouchers', 'redeemed_at'),
        ('web_links', 'created_at'), ('web_links', 'expires_at'),
        ('web_links', 'used_at'), ('web_sessions', 'created_at'),
        ('web_sessions', 'seen_at'), ('web_sessions', 'ended_at'),
        ('whatsapp_statuses', 'at'), ('whatsapp_window', 'last_incoming_at')
        ) AS moment (table_name, column_name)
          ON moment.table_name = c.table_name AND moment.column_name = c.column_name
        WHERE c.table_schema = current_schema() AND c.data_type = 'text'
    LOOP
        EXECUTE format(
            'UPDATE %1$I SET %2$I = to_char(%2$I::timestamptz AT TIME ZONE %3$L::interval,'
            ' ''YYYY-MM-DD"T"HH24:MI:SS.US'') || %3$L'
            ' WHERE %2$I IS NOT NULL AND NOT (length(%2$I) = 32 AND right(%2$I, 6) = %3$L)',
            col.table_name, col.column_name, tz_offset);
    END LOOP;
END
$$;
