-- ASN tutors, events, attribution (issue 4).
--
-- A tutor is one civil servant: one row per NIP (UNIQUE), whatever the number of chat
-- accounts (tutor_accounts: Telegram and WhatsApp of the same person point to one tutor).
-- The NIP and the name are kept as typed because the admins' tutor table shows them; they
-- are personal data, listed in bot/store/personal_data.py, and /hapus_data clears them
-- (the row stays, anonymous, so counts per OPD stay right).

CREATE TABLE tutors (
    id            INTEGER PRIMARY KEY,
    nip           TEXT UNIQUE,                -- 18 digits; NULL after /hapus_data
    name          TEXT,                       -- NULL after /hapus_data
    opd           TEXT NOT NULL,              -- an OPD of the campaign file, or 'lainnya'
    opd_other     TEXT,                       -- typed OPD when opd = 'lainnya'
    kecamatan     TEXT,                       -- a kecamatan id of the campaign, or NULL
    code          TEXT NOT NULL UNIQUE,       -- referral code, e.g. K7QM4T
    channel       TEXT NOT NULL,              -- the account that registered (privacy registry)
    user_id       TEXT,                       -- NULL after /hapus_data
    registered_at TEXT NOT NULL,
    revoked_at    TEXT,                       -- set by an admin (/tutor_cabut)
    revoked_by    TEXT
);
CREATE INDEX tutors_opd ON tutors (opd, opd_other);

-- Every chat account of a tutor (the registering one too). One account, one tutor.
CREATE TABLE tutor_accounts (
    channel   TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    tutor_id  INTEGER NOT NULL REFERENCES tutors (id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);
CREATE INDEX tutor_accounts_tutor ON tutor_accounts (tutor_id);

-- Events created by admins (a mass-filling event at the Pendopo): their own code and links.
CREATE TABLE outreach_events (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    code       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Attribution: who brought a resident in. One row per account, first touch wins
-- (PRIMARY KEY; a second code never replaces the first). A resident's data: /hapus_data
-- pseudonymises it like the events, so the tutor's counts stay.
CREATE TABLE referrals (
    channel  TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    tutor_id INTEGER REFERENCES tutors (id),
    event_id INTEGER REFERENCES outreach_events (id),
    source   TEXT NOT NULL CHECK (source IN ('link', 'typed')),
    at       TEXT NOT NULL,
    PRIMARY KEY (channel, user_id),
    CHECK ((tutor_id IS NULL) <> (event_id IS NULL))
);
CREATE INDEX referrals_tutor ON referrals (tutor_id);
CREATE INDEX referrals_event ON referrals (event_id);

-- Who a completion counts for, copied when it is recorded (so later deletions or
-- revocations do not change history), and how it came about (for audit in every report).
ALTER TABLE completions ADD COLUMN tutor_id INTEGER REFERENCES tutors (id);
ALTER TABLE completions ADD COLUMN event_id INTEGER REFERENCES outreach_events (id);
ALTER TABLE completions ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;      -- by a tutor, for a household without a phone
ALTER TABLE completions ADD COLUMN own_household INTEGER NOT NULL DEFAULT 0; -- the tutor's own household
CREATE INDEX completions_tutor ON completions (tutor_id, assisted, day);
CREATE INDEX completions_event ON completions (event_id);
