-- Completions and souvenir vouchers (issue 3).
-- A household is its KK number's keyed hash (HMAC-SHA256 with TUTOR_SENSUS_SECRET_KEY) and a
-- mask for display; the digits themselves are never stored. UNIQUE(kk_hash): one completion
-- and so at most one voucher per household, whichever account reports it.

CREATE TABLE completions (
    id            INTEGER PRIMARY KEY,
    kk_hash       TEXT NOT NULL UNIQUE,
    kk_mask       TEXT NOT NULL,
    in_region     INTEGER NOT NULL,          -- 0: the KK's region code is not the campaign's
    persons       INTEGER NOT NULL CHECK (persons BETWEEN 1 AND 30),
    kecamatan     TEXT,
    channel       TEXT NOT NULL,             -- kept for statistics after /hapus_data
    user_id       TEXT,                      -- NULL after /hapus_data
    proof_kind    TEXT,                      -- photo / document / NULL (skipped)
    proof_file_id TEXT,                      -- the channel's reference; NULL after deletion
    proof_path    TEXT,                      -- downloaded copy under the data folder
    proof_error   TEXT,
    day           TEXT NOT NULL,             -- YYYY-MM-DD in the campaign's time zone
    created_at    TEXT NOT NULL
);
CREATE INDEX completions_person ON completions (channel, user_id);
CREATE INDEX completions_proof ON completions (proof_file_id, proof_path);

-- Stock per souvenir; `taken` only grows through one conditional UPDATE (never two last pens).
CREATE TABLE stock (
    souvenir TEXT PRIMARY KEY,
    total    INTEGER NOT NULL CHECK (total >= 0),
    taken    INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0)
);

CREATE TABLE vouchers (
    code          TEXT PRIMARY KEY,          -- canonical form, e.g. K7QM-4TXR-9
    completion_id INTEGER NOT NULL UNIQUE REFERENCES completions (id),
    souvenir      TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    expires_on    TEXT,
    redeemed_at   TEXT,
    redeemed_by   TEXT
);

-- "Minta didatangi petugas": households that cannot fill in online (personal data).
CREATE TABLE visit_requests (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kecamatan  TEXT,
    desa       TEXT NOT NULL,
    rt_rw      TEXT NOT NULL,
    contact    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX visit_requests_person ON visit_requests (channel, user_id);
