-- Questions a resident asked a person ("Tanya petugas"): a queue staff claim from, so two
-- staff never answer the same question, and the answer that went back. Personal data (the
-- question text): listed in the privacy registry and removed by /hapus_data.

CREATE TABLE handoffs (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'id',
    kecamatan   TEXT,
    question    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'claimed', 'answered')),
    claimed_by  TEXT,
    claimed_at  TEXT,
    answer      TEXT,
    answered_by TEXT,
    answered_at TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX handoffs_status ON handoffs (status, id);
CREATE INDEX handoffs_person ON handoffs (channel, user_id);
