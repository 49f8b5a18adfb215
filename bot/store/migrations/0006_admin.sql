-- Admins (issue 5): broadcasts, scheduled reminders, opt-outs, and the message ids of
-- messages the bot edits later (a broadcast's progress message).
--
-- Crash safety: a broadcast's recipients are written here when the admin confirms, in the
-- same transaction as the broadcast row. A background job (bot/services/bulk.py) moves them
-- into the outbox a batch at a time, marking each recipient 'queued' with its outbox row in
-- the same transaction, so after a crash nobody is skipped and nobody is queued twice.
-- All four person tables are in the privacy registry (bot/store/personal_data.py).

CREATE TABLE broadcasts (
    id           INTEGER PRIMARY KEY,
    admin_channel TEXT NOT NULL,              -- who started it, and where progress is shown
    admin_chat   TEXT,                        -- NULL after that admin's /hapus_data
    admin_lang   TEXT NOT NULL DEFAULT 'id',
    message_key  TEXT,                        -- a ready message of the locales, or NULL
    text         TEXT,                        -- the composed text (message_key IS NULL)
    segment      TEXT NOT NULL,               -- e.g. 'everyone', 'kecamatan:blado', 'inactive:7'
    status       TEXT NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'paused', 'cancelled', 'done')),
    total        INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    finished_at  TEXT,
    -- the progress message: last text shown, last milestone (25/50/75/100) for channels that
    -- cannot edit, and the outbox row of the last progress update (not queued twice)
    progress_text TEXT,
    progress_milestone INTEGER NOT NULL DEFAULT 0,
    progress_outbox_id INTEGER
);
CREATE INDEX broadcasts_status ON broadcasts (status);

CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    channel      TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'queued', 'opted_out', 'blocked', 'no_template',
                                   'no_channel', 'cancelled')),
    via          TEXT,                        -- 'text' or 'template' (WhatsApp outside 24 h)
    outbox_id    INTEGER,                     -- the message, once queued
    queued_at    TEXT,
    PRIMARY KEY (broadcast_id, channel, chat_id)
);
CREATE INDEX broadcast_recipients_pending ON broadcast_recipients (broadcast_id, status, channel);
CREATE INDEX broadcast_recipients_person ON broadcast_recipients (channel, chat_id);

-- People who said STOP / BERHENTI: no broadcasts or reminders (replies still come).
CREATE TABLE opt_outs (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);

-- Scheduled reminders as due rows: UNIQUE(key, channel, user_id) makes each reminder reach a
-- person at most once, whatever restarts happen (the key names the reminder and its date).
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL,                -- e.g. 'tutup-7:2020-03-31', 'besok:2020-03-03'
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    message_key TEXT NOT NULL,
    args        TEXT NOT NULL DEFAULT '{}',   -- JSON variables of the message
    segment     TEXT NOT NULL,                -- checked again when it is sent
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'due'
                CHECK (status IN ('due', 'queued', 'opted_out', 'blocked', 'no_template',
                                  'not_needed')),
    via         TEXT,
    outbox_id   INTEGER,
    done_at     TEXT,
    UNIQUE (key, channel, user_id)
);
CREATE INDEX reminders_due ON reminders (status, due_at);
CREATE INDEX reminders_person ON reminders (channel, user_id);

-- Messages the bot edits later: (channel, chat, ref) -> the platform's message id.
CREATE TABLE message_refs (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    ref        TEXT NOT NULL,
    message_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, ref)
);
