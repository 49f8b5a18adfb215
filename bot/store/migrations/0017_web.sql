-- The web dashboard under /admin/ (issue 17): one-time sign-in links, sessions, and the
-- state of each visit request as the officers work through them.
--
-- Tokens are stored only as their SHA-256: a copy of the database cannot be used to sign in.
-- Both tables are in the privacy registry (bot/store/personal_data.py).

CREATE TABLE web_links (
    token_hash TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    role       INTEGER NOT NULL,            -- the role when the link was asked for
    lang       TEXT NOT NULL DEFAULT 'id',  -- the person's chat language, the pages' too
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT                          -- set once: a link signs in at most once
);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    csrf       TEXT NOT NULL,                -- the form token of this session
    lang       TEXT NOT NULL DEFAULT 'id',
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,                -- idle timeout counts from here
    ended_at   TEXT
);
CREATE INDEX web_sessions_person ON web_sessions (channel, user_id);

-- Visit requests: baru → dijadwalkan → dikunjungi / tidak ditemui, with who and when.
ALTER TABLE visit_requests ADD COLUMN state TEXT NOT NULL DEFAULT 'baru'
    CHECK (state IN ('baru', 'dijadwalkan', 'dikunjungi', 'tidak_ditemui'));
ALTER TABLE visit_requests ADD COLUMN state_by TEXT;
ALTER TABLE visit_requests ADD COLUMN state_at TEXT;
CREATE INDEX visit_requests_place ON visit_requests (kecamatan, desa, id);
