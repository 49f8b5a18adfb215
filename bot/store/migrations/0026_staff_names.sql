-- Staff and admins by name (issue 15): the name the platform gives (Telegram's first and last
-- name, WhatsApp's profile name) as last seen, so the audit log, the voucher screens and the
-- dashboard say "Sari Wulandari (telegram:7001)" without any setup. Only people with the staff
-- or admin role are kept here (residents' names are never stored); KK/NIK numbers in a name
-- are masks, as everywhere. `TUTOR_SENSUS_STAFF_NAMES` overrides a name. In the privacy
-- registry (bot/store/personal_data.py): /hapus_data removes the row.

CREATE TABLE staff_names (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name    TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);
