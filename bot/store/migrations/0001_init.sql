-- Foundation schema: inbox (updates before they are acknowledged), people and their
-- conversation state, events (the tutorial funnel), outbox (replies, sent by one sender per
-- channel), and a small key-value table (polling offsets, key fingerprint).

CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    update_id   TEXT NOT NULL,
    payload     TEXT,                       -- raw update; emptied once handled
    received_at TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    handled_at  TEXT,
    error       TEXT,
    UNIQUE (channel, update_id)
);
CREATE INDEX inbox_new ON inbox (status, id);

CREATE TABLE people (
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'id',
    kecamatan   TEXT,
    state       TEXT NOT NULL DEFAULT '{}',
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    blocked_at  TEXT,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT,
    step_index  INTEGER,
    at          TEXT NOT NULL
);
CREATE INDEX events_kind ON events (kind, step_index);

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    payload       TEXT NOT NULL,              -- a Reply as JSON
    priority      INTEGER NOT NULL DEFAULT 0, -- 0: replies to a person; higher: bulk
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    not_before    TEXT NOT NULL,
    claimed_by    TEXT,
    claimed_until TEXT,
    created_at    TEXT NOT NULL,
    sent_at       TEXT,
    error         TEXT
);
CREATE INDEX outbox_due ON outbox (channel, status, priority, id);
CREATE INDEX outbox_chat ON outbox (channel, chat_id, status, id);

CREATE TABLE group_notices (
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

CREATE TABLE kv (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
