-- Admins' reports being prepared (issue 14): /statistik and /ekspor answer "sedang disiapkan…"
-- at once and the report follows from a background job (bot/services/reports.py). The job is
-- written here in the same transaction as the command's update and its "being prepared"
-- reply, so a restart or a crash loses no report: the job runs again when the bot is back.
-- One worker runs the jobs (the `reports` role, bot/services/leader.py); a job is claimed
-- ('running', by that worker) before it runs, and its row is deleted in the transaction that
-- queues the report in the outbox: delivered once, and nothing is left behind. A job a dead
-- worker was running is claimed again (attempts counts the tries; after a few the admin is
-- told it failed). In the privacy registry (bot/store/personal_data.py): the admin's chat.
CREATE TABLE report_jobs (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,                -- 'stats', 'export' (ReportRequest.kind)
    request    TEXT NOT NULL,                -- the ReportRequest as JSON (no personal data)
    asked_at   TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running')),
    attempts   INTEGER NOT NULL DEFAULT 0,   -- times claimed
    claimed_by TEXT,                         -- the worker running it
    claimed_at TEXT
);
CREATE INDEX report_jobs_state ON report_jobs (state, id);
