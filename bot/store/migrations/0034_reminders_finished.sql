-- Retention of reminders (bot/store/retention.py): a handled reminder of a dated occurrence
-- ('tutup-7:2020-03-31') is deleted after the retention days; a nudge after inactivity
-- ('macet-3') is kept for good (its row is what makes it go once). The statement found the
-- old ones on reminders (status, due_at), which holds the kept nudges too: every retention
-- round read all of them again, by row, to look at their key (130-160 ms with 100k nudges at
-- 100k residents, in the write transaction, every 10 minutes, and growing with the campaign).
-- This index holds only what retention deletes, in the order it comes of age; no other
-- query used the old one (due reminders: reminders_waiting).
DROP INDEX reminders_due;
CREATE INDEX reminders_finished ON reminders (done_at)
    WHERE status IN ('queued', 'opted_out', 'blocked', 'no_template', 'not_needed')
    AND instr(key, ':') > 0;
